"""Site-wide public data, the same for every account: clients with their ratings, the members who
rated them, open jobs and みんなの相談所's questions. Read from fixtures/market.yaml.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .scenarios import DEFAULT_FIXTURES_DIR, Scenario, ScenarioError, load_yaml

# A rating of this many stars or fewer is a low rating (低評価).
LOW_RATING_MAX_STARS = 2


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    rating: float | None  # the member's own 総合評価; None: not rated yet


@dataclass(frozen=True)
class Review:
    member_id: int
    stars: int
    comment: str

    @property
    def low(self) -> bool:
        return self.stars <= LOW_RATING_MAX_STARS


@dataclass(frozen=True)
class Client:
    id: int
    name: str
    rating: float  # 総合評価
    ratings_count: int  # 評価数: every rating, more than the recent ones listed
    introduction: str
    reviews: tuple[Review, ...]


@dataclass(frozen=True)
class Job:
    title: str
    client: str
    reward: str  # as the listing shows it, e.g. 1記事 2,000円


@dataclass(frozen=True)
class Question:
    text: str
    answers: int


@dataclass(frozen=True)
class Market:
    clients: tuple[Client, ...] = ()
    jobs: tuple[Job, ...] = ()
    members: tuple[Member, ...] = ()
    questions: tuple[Question, ...] = ()

    def client(self, client_id: int) -> Client | None:
        return next((c for c in self.clients if c.id == client_id), None)

    def client_named(self, name: str) -> Client | None:
        return next((c for c in self.clients if c.name == name), None)

    def member(self, member_id: int) -> Member | None:
        return next((m for m in self.members if m.id == member_id), None)

    def client_id(self, name: str) -> int | None:
        client = self.client_named(name)
        return client.id if client else None


def _list(data: dict[str, Any], key: str, where: str) -> list[tuple[str, dict[str, Any]]]:
    items = data.get(key) or []
    if not isinstance(items, list):
        raise ScenarioError(f"{where}: {key}: expected a list")
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ScenarioError(f"{where}: {key}[{index}]: expected a mapping")
        out.append((f"{where}: {key}[{index}]", item))
    return out


def _get(item: dict[str, Any], key: str, kind: type | tuple[type, ...], at: str) -> Any:
    value = item.get(key)
    if isinstance(value, bool) or not isinstance(value, kind):
        raise ScenarioError(f"{at}.{key}: unexpected value {value!r}")
    return value


def parse_market(document: object, where: str) -> Market:
    if not isinstance(document, dict):
        raise ScenarioError(f"{where}: expected a mapping")
    members = tuple(
        Member(
            _get(m, "id", int, at),
            _get(m, "name", str, at),
            None if m.get("rating") is None else float(_get(m, "rating", (int, float), at)),
        )
        for at, m in _list(document, "members", where)
    )
    member_ids = {m.id for m in members}
    clients = []
    for at, c in _list(document, "clients", where):
        reviews = []
        for index, r in enumerate(_get(c, "reviews", list, at)):
            rat = f"{at}.reviews[{index}]"
            if not isinstance(r, dict):
                raise ScenarioError(f"{rat}: expected a mapping")
            member_id = _get(r, "member", int, rat)
            if member_id not in member_ids:
                raise ScenarioError(f"{rat}.member: no member with id {member_id}")
            stars = _get(r, "stars", int, rat)
            if not 1 <= stars <= 5:
                raise ScenarioError(f"{rat}.stars: must be 1 to 5, not {stars}")
            reviews.append(Review(member_id, stars, _get(r, "comment", str, rat)))
        clients.append(
            Client(
                id=_get(c, "id", int, at),
                name=_get(c, "name", str, at),
                rating=float(_get(c, "rating", (int, float), at)),
                ratings_count=_get(c, "ratings_count", int, at),
                introduction=str(c.get("introduction", "")),
                reviews=tuple(reviews),
            )
        )
    names = {c.name for c in clients}
    jobs = []
    for at, j in _list(document, "jobs", where):
        job = Job(_get(j, "title", str, at), _get(j, "client", str, at), _get(j, "reward", str, at))
        if job.client not in names:
            raise ScenarioError(f"{at}.client: no client named {job.client!r}")
        jobs.append(job)
    questions = tuple(
        Question(_get(q, "question", str, at), _get(q, "answers", int, at))
        for at, q in _list(document, "consultation", where)
    )
    return Market(tuple(clients), tuple(jobs), members, questions)


def load_market(fixtures_dir: Path | None = None) -> Market:
    """Read fixtures/market.yaml."""
    path = (fixtures_dir or DEFAULT_FIXTURES_DIR) / "market.yaml"
    return parse_market(load_yaml(path), str(path))


def check_clients(scenarios: dict[str, Scenario], market: Market) -> None:
    """Every client a scenario names must be one of the market's clients."""
    for scenario in scenarios.values():
        for kind, template in scenario.accounts.items():
            for key in ("contracts", "tasks_awaiting_approval"):
                for index, entry in enumerate(template.extra.get(key, ())):
                    if market.client_named(entry.client) is None:
                        known = ", ".join(c.name for c in market.clients) or "none"
                        raise ScenarioError(
                            f"{scenario.source or scenario.name}: accounts.{kind}.{key}[{index}]"
                            f".client: unknown client {entry.client!r} (market.yaml has: {known})"
                        )
