"""A site a flow is walked on, as a walk needs it: where it is, what it fills in for the
flow's variables, the cookies that log the browser in, and (for the bundled mock) a way to
ask what the walk changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Site:
    base_url: str
    variables: dict[str, str]
    cookies: tuple[dict[str, str], ...] = ()
    mutations: Callable[[], list[dict[str, object]]] | None = None
    account: str | None = None  # the bundled mock's account kind; None on any other site

    @property
    def is_bundled_mock(self) -> bool:
        return self.mutations is not None
