"""Flows on sites built with real frameworks from the registries, written as each framework's
own docs write an app, by people who had not read our flows (tests/sites/):

- Django's own admin, server-rendered, in Japanese: its flows (tests/sites/django_admin/flows)
  change an e-mail address, delete a user through the admin's confirmation page, and meet a
  form the site sends back with its error list; the database is read back after each.
- NiceGUI, a Python UI framework that draws with Vue/Quasar over a websocket: the page draws
  its sections 0.8 s after it opened, and the account menu opens only when the server says so.
- Dash with Mantine, a React component library shipped in a Python package: the account menu
  is made on opening in a portal at the end of <body>, and 退会する asks again in a modal.

On the last two, the bundled withdraw-email flow, unchanged, dry-runs touching nothing (what
the site records is read back), runs to the end, and makes shots."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from tebiki.drawing.highlight import HIGHLIGHT_RGB
from tests.sites.dash_mantine import DashMantineSite
from tests.sites.django_admin import FLOWS, DjangoAdminSite, prepare_database
from tests.sites.nicegui_site import NiceGuiSite
from tests.tutorials import step_image_names

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
NAMI = ("--var", "display_name=ナミ")
# What each site records when a person changed something on it (not a page drawing itself).
CHANGES = {"withdrawn", "withdraw_asked", "saved", "notes_confirmed", "checkbox", "menu_item"}


@pytest.fixture(scope="session")
def django_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return prepare_database(tmp_path_factory.mktemp("django"))


@pytest.fixture
def django(tmp_path: Path, django_template: Path) -> Iterator[DjangoAdminSite]:
    with DjangoAdminSite(tmp_path, django_template) as site:
        yield site


@pytest.fixture(scope="module")
def nicegui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NiceGuiSite]:
    with NiceGuiSite(tmp_path_factory.mktemp("nicegui") / "log.jsonl") as site:
        yield site


@pytest.fixture(scope="module")
def dash(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DashMantineSite]:
    with DashMantineSite(tmp_path_factory.mktemp("dash") / "log.jsonl") as site:
        yield site


def _admin(tebiki: Tebiki, site: DjangoAdminSite, command: str, flow: str, *args: str):  # type: ignore[no-untyped-def]
    return tebiki(
        command,
        str(FLOWS / f"{flow}.yaml"),
        "--base-url",
        site.base_url,
        "--storage-state",
        str(site.storage_state),
        *args,
    )


def test_django_admin_changes_an_email_with_its_labels_as_written(
    django: DjangoAdminSite, tebiki: Tebiki
) -> None:
    # 「メールアドレス:」 with Django's colon, found as メールアドレス; 「認証と認可」, a table's
    # caption, is the section of the dashboard's ユーザー.
    new = ("--var", "username=nami", "--var", "email=nami.new@example.com")
    dry = _admin(tebiki, django, "dry-run", "change-email", *new)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "4 of 5 steps checked" in dry.stdout
    assert django.emails()["nami"] == "nami@example.com"
    done = _admin(tebiki, django, "run", "change-email", *new)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "matched loosely" not in done.stdout
    assert django.emails()["nami"] == "nami.new@example.com"


def test_django_admin_refusing_a_form_is_quoted_from_its_error_list(
    django: DjangoAdminSite, tebiki: Tebiki
) -> None:
    bad = ("--var", "username=sora", "--var", "email=not-an-email")
    done = _admin(tebiki, django, "run", "change-email", *bad)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "step 4 (「保存」をクリック): the site refused it:" in done.stderr
    assert "メールアドレス: 有効なメールアドレスを入力してください。" in done.stderr
    assert "Traceback" not in done.stderr
    assert django.emails()["sora"] == "sora@example.com"


def test_django_admin_deletes_only_when_confirmed(django: DjangoAdminSite, tebiki: Tebiki) -> None:
    sora = ("--var", "username=sora")
    asked = _admin(tebiki, django, "run", "delete-user", *sora)
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "stopped before step 4" in asked.stdout
    assert "sora" in django.usernames()
    done = _admin(tebiki, django, "run", "delete-user", *sora, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert django.usernames() == {"kanri", "nami"}


def test_django_admin_without_a_session_names_its_login_page(
    django: DjangoAdminSite, tebiki: Tebiki
) -> None:
    done = tebiki(
        "run",
        str(FLOWS / "change-email.yaml"),
        "--base-url",
        django.base_url,
        "--var",
        "username=nami",
        "--var",
        "email=x@example.com",
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "this is a login page" in done.stderr and "--storage-state" in done.stderr
    assert django.emails()["nami"] == "nami@example.com"


def _changes(events: list[dict[str, object]]) -> list[object]:
    return [event["event"] for event in events if event["event"] in CHANGES]


def test_nicegui_dry_run_sends_nothing_and_says_what_only_the_server_opens(
    nicegui: NiceGuiSite, tebiki: Tebiki
) -> None:
    # The menu opens when the server answers the click's socket message, which the dry run
    # blocks: the menu stays closed, the server hears nothing, and the rest is not checked.
    before = len(nicegui.events())
    dry = tebiki("dry-run", "withdraw-email", "--base-url", nicegui.base_url, *NAMI)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "it opens only through the site's server" in dry.stdout
    assert "1 optional step not on the page, 6 not checked)" in dry.stdout
    assert "a websocket message to /_nicegui_ws/socket.io/ at step 3" in dry.stdout
    assert nicegui.events()[before:] == []


def test_nicegui_runs_the_bundled_flow_to_the_end(nicegui: NiceGuiSite, tebiki: Tebiki) -> None:
    # Its menu entries are list items in a menu at the end of <body> that names no control;
    # 共通情報 is drawn 0.8 s after the page opened; the box is ticked by the server.
    before = len(nicegui.events())
    done = tebiki("run", "withdraw-email", "--base-url", nicegui.base_url, *NAMI, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "done: all 9 steps performed" in done.stdout
    assert _changes(nicegui.events()[before:]) == ["menu_item", "checkbox", "withdrawn"]


def test_nicegui_shots_taken_while_performing_stop_before_leaving(
    nicegui: NiceGuiSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # A dry run cannot open its menu; `shots --run` takes the tutorial while performing the
    # flow, and stops before the step that cannot be undone, which was not confirmed.
    before = len(nicegui.events())
    out = tmp_path / "shots"
    made = tebiki(
        "shots", "withdraw-email", "--run", "--base-url", nicegui.base_url, *NAMI, "-o", str(out)
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "stopped before step 8" in made.stdout
    images = step_image_names(out)
    assert len(images) == 7 and images[2] == "03-navigate.png", images
    assert "基本情報編集" in (out / "tutorial.md").read_text(encoding="utf-8")
    assert _changes(nicegui.events()[before:]) == ["menu_item", "checkbox"]


def test_confirm_without_run_is_refused_for_shots(tebiki: Tebiki) -> None:
    refused = tebiki("shots", "withdraw-email", "--confirm")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "--confirm goes with --run" in refused.stderr


def test_dash_dry_run_walks_to_the_end_sending_nothing(
    dash: DashMantineSite, tebiki: Tebiki
) -> None:
    before = len(dash.events())
    dry = tebiki("dry-run", "withdraw-email", "--base-url", dash.base_url, *NAMI)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "8 of 9 steps checked" in dry.stdout
    assert "opened by a click: its entries exist only once it opens" in dry.stdout
    # 退会する is disabled until the box is ticked, which a dry run does not do.
    assert "enabled once the steps above are done (typed or ticked)" in dry.stdout
    events = dash.events()[before:]
    assert _changes(events) == []
    # Only what the pages ask while drawing themselves, for any visitor.
    assert {event.get("trigger") for event in events} == {None}


def test_dash_run_answers_the_modal_only_when_confirmed(
    dash: DashMantineSite, tebiki: Tebiki
) -> None:
    before = len(dash.events())
    asked = tebiki("run", "withdraw-email", "--base-url", dash.base_url, *NAMI)
    assert asked.returncode == 0, asked.stdout + asked.stderr
    assert "stopped before step 8" in asked.stdout
    assert "withdraw_asked" not in _changes(dash.events()[before:])
    done = tebiki("run", "withdraw-email", "--base-url", dash.base_url, *NAMI, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    # Mantine marks the wrapper around the menu's button, not the button: still a menu
    # button, clicked at once rather than hovered first.
    assert "hover did not open it" not in done.stdout
    assert (
        "the site asked 「本当に退会しますか? 退会すると元に戻せません。」 in the page, "
        "answered 「退会する」 as confirmed"
    ) in done.stdout
    assert _changes(dash.events()[before:])[-2:] == ["withdraw_asked", "withdrawn"]


def test_dash_shots_show_the_menu_made_on_opening(
    dash: DashMantineSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    before = len(dash.events())
    out = tmp_path / "shots"
    made = tebiki("shots", "withdraw-email", "--base-url", dash.base_url, *NAMI, "-o", str(out))
    assert made.returncode == 0, made.stdout + made.stderr
    images = step_image_names(out)
    assert images[:3] == ["01-navigate.png", "02-reveal.png", "03-navigate.png"]
    assert len(images) == 7
    assert "プロフィール編集" in (out / "tutorial.md").read_text(encoding="utf-8")
    assert _changes(dash.events()[before:]) == []


def test_django_admin_shots_show_a_target_below_the_fold(
    django: DjangoAdminSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # 保存 sits at the foot of a long change form: its image is taken with it in view, its ring
    # drawn (a magenta line longer than the badge, which is always on screen, is wide), the
    # database untouched.
    out = tmp_path / "shots"
    new = ("--var", "username=nami", "--var", "email=nami.new@example.com")
    made = _admin(tebiki, django, "shots", "change-email", *new, "-o", str(out))
    assert made.returncode == 0, made.stdout + made.stderr
    assert step_image_names(out)[-1] == "04-submit.png"
    assert _longest_highlight_run(out / "04-submit.png") > 44
    assert django.emails()["nami"] == "nami@example.com"


def _longest_highlight_run(image: Path) -> int:
    """The longest row of the highlight's magenta in the image: a ring's top edge is as wide
    as its target, the badge 36 px at most."""
    with Image.open(image) as shot:
        rgb = shot.convert("RGB")
    width, height = rgb.size
    data = rgb.tobytes()
    longest = 0
    for y in range(height):
        run = 0
        row = data[y * width * 3 : (y + 1) * width * 3]
        for x in range(width):
            pixel = tuple(row[x * 3 : x * 3 + 3])
            close = all(abs(a - b) <= 24 for a, b in zip(pixel, HIGHLIGHT_RGB, strict=True))
            run = run + 1 if close else 0
            longest = max(longest, run)
    return longest
