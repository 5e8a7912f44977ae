"""A dry run is safe at the network: on the hostile site (tests/sites/hostile), whose pages send
on a hover, a focus, a scroll, a change of their document or being left, nothing a page sends
because of what the dry run did reaches the site; what a page sends by itself to draw does, and
the summary says which is which. The same pages played by `tebiki run` do send, which shows
that each page's trap is live."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sites.hostile import HostileSite

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

GRACE_SECONDS = 0.5  # a blocked request never lands; this is for one that would

NEXT = "  - click: {{link: Next page}}\n    effect: navigate\n    caption: Go on\n"
FLOWS = {
    "hover": "start: /hover\nsteps:\n" + NEXT,
    "menu": "start: /menu\nsteps:\n"
    "  - click: {{button: Menu}}\n    effect: reveal\n    caption: Open the menu\n" + NEXT,
    "observer": "start: /observer\nsteps:\n"
    "  - click: {{button: Save}}\n    effect: submit\n    caption: Save\n",
    "scroll": "start: /scroll\nsteps:\n" + NEXT,
    "ws": "start: /ws\nsteps:\n" + NEXT,
    "leave": "start: /leave\nsteps:\n" + NEXT + "  - expect: Done\n    caption: The end\n",
}

# Where the dry run still does something a page can see: the hover that opens a menu the flow
# reveals, and the highlight drawn into a page that watches its whole document.
TRIED = {"menu", "observer"}


def write_flow(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def site() -> Iterator[HostileSite]:
    served = HostileSite().start()
    try:
        yield served
    finally:
        served.stop()


def _flow(tmp_path: Path, name: str) -> str:
    return str(write_flow(tmp_path, name, f"title: {name}\nlang: en\n" + FLOWS[name].format()))


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_what_a_page_sends_because_of_the_dry_run_is_blocked(
    name: str, site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    done = tebiki("dry-run", _flow(tmp_path, name), "--base-url", site.base_url)
    time.sleep(GRACE_SECONDS)
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("sent") == [], done.stdout
    assert "acted" not in site.seen("ws")
    if name in TRIED:
        assert "or sent." not in done.stdout  # never claimed when a page tried
        assert "what the pages tried to send was blocked" in done.stdout
        assert "\nblocked: the pages tried to send " in done.stdout
    else:
        # The check of a target gives the page no event, and what a page queues as it is left
        # is never sent: the page had nothing to send, and the summary says so.
        assert "nothing was clicked, typed or sent." in done.stdout
        assert "blocked:" not in done.stdout


@pytest.mark.parametrize("name", ["hover", "menu", "observer", "scroll", "leave"])
def test_the_same_pages_send_when_a_run_acts_on_them(
    name: str, site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # A real run hovers, scrolls and clicks: each trap goes off, so the dry run's silence above
    # is the guard's doing, not a page that never sends.
    # With --screenshots the run draws its highlight too: the observer page's trap is live.
    flow = _flow(tmp_path, name)
    tebiki("run", flow, "--base-url", site.base_url, "--confirm", "--screenshots", "shots")
    time.sleep(GRACE_SECONDS)
    # Each page's own trap, not the run's click on Save (which posts the form itself).
    assert set(site.seen("sent")) - {"form"}, site.seen("sent")


def test_a_page_that_draws_by_posting_draws_and_is_listed(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path, "draw", "title: draw\nlang: en\nstart: /draw\nsteps:\n" + NEXT.format()
    )
    done = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("own") == ["draw"]
    assert "nothing was clicked, typed or sent." in done.stdout
    assert "the pages sent 1 request by themselves on being opened" in done.stdout
    assert "POST /own" in done.stdout


def test_a_socket_keeps_its_keepalives_and_its_own_hello(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The highlight held for a second: the server pings five times while the guard is armed,
    # and each answer still reaches it.
    done = tebiki(
        "dry-run", _flow(tmp_path, "ws"), "--base-url", site.base_url, "--highlight-ms", "1000"
    )
    time.sleep(GRACE_SECONDS)
    assert done.returncode == 0, done.stdout + done.stderr
    said = site.seen("ws")
    assert said[:2] == ["hello", "3"], said  # its own greeting, then its answer to a ping
    assert said.count("3") >= 4, said
    assert "acted" not in said
    assert "blocked:" not in done.stdout  # nothing of the page's was held back


@pytest.mark.parametrize("command", ["run", "dry-run"])
def test_a_site_that_stops_answering_mid_run_is_named_with_exit_3(
    command: str, site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path,
        "stop",
        "title: stop\nlang: en\nstart: /stop\nsteps:\n"
        + NEXT.format()
        + "  - expect: Done\n    caption: The end\n",
    )
    done = tebiki(command, str(flow), "--base-url", site.base_url, "--timeout", "1000")
    assert done.returncode == 3, done.stdout + done.stderr
    # The run clicked its way there, the dry run opened the address: each says so its way.
    said = (
        "error: the site stopped answering: " if command == "run" else "error: site unreachable: "
    )
    assert done.stderr.startswith(f"{said}{site.base_url}/gone (net::ERR_EMPTY_RESPONSE"), (
        done.stderr
    )
    assert "chrome-error" not in done.stdout + done.stderr


def test_check_names_a_site_that_stops_answering_with_exit_3(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The page after the click is looked at (expect): a click is over before the browser
    # finds that the next page will not come.
    flow = write_flow(
        tmp_path,
        "stop",
        "title: stop\nlang: en\nstart: /stop\nsteps:\n" + NEXT.format() + "  - expect: Done\n",
    )
    done = tebiki("check", str(flow), "--base-url", site.base_url, "--timeout", "1000")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "error: stop[site]: the site stopped answering" in done.stderr


def test_a_site_that_never_answers_is_named_with_exit_3(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path, "hang", "title: hang\nlang: en\nstart: /hang\nsteps:\n" + NEXT.format()
    )
    done = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--timeout", "1000")
    assert done.returncode == 3, done.stdout + done.stderr
    assert done.stderr.startswith(f"error: site not answering: {site.base_url}/hang gave no page")


def test_a_failed_walk_leaves_no_half_set_of_screenshots(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path, "stop", "title: stop\nlang: en\nstart: /stop\nsteps:\n" + NEXT.format()
    )
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "01-navigate.png").write_bytes(b"the previous run's")
    failed = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--screenshots", "shots")
    assert failed.returncode == 3, failed.stdout + failed.stderr
    # Step 1's image was taken before the site went away: it is not published, and the
    # previous run's image stays as it was.
    assert (tmp_path / "shots" / "01-navigate.png").read_bytes() == b"the previous run's"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["shots", "stop.yaml"]
    done = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--screenshots", "new/shots")
    assert done.returncode == 3
    assert not (tmp_path / "new").exists()  # no empty folder either
    flow.write_text("title: hover\nlang: en\nstart: /hover\nsteps:\n" + NEXT.format())
    done = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--screenshots", "shots")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "shots" / "01-navigate.png").read_bytes()[:4] == b"\x89PNG"
    assert "screenshot:" not in done.stdout + failed.stdout  # no line names an unkept image
    assert "screenshots: 1 in shots" in done.stdout


def test_a_page_opened_after_one_acted_on_draws_by_posting(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # /first is acted on (its link checked and drawn); the dry run then opens /draw, whose own
    # POST (made while it loads) must go through: it is that page's own doing.
    flow = write_flow(
        tmp_path,
        "two",
        "title: two\nlang: en\nstart: /first\nsteps:\n"
        + NEXT.format()
        + NEXT.format()
        + "  - expect: Done\n    caption: The end\n",
    )
    done = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("own") == ["draw"]
    assert "blocked:" not in done.stdout


@pytest.mark.parametrize("page", ["late", "late-ws"])
@pytest.mark.parametrize("command", ["dry-run", "run"])
def test_a_page_still_drawing_is_waited_for(
    page: str, command: str, site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The section comes 0.7 s after load (a timer, a spinner meanwhile) or when the server says
    # so over a websocket (「読み込み中…」 meanwhile): neither is judged absent while drawing.
    flow = write_flow(
        tmp_path,
        "late",
        f"title: late\nlang: en\nstart: /{page}\nsteps:\n"
        "  - click: {link: Next page, within: 共通情報}\n    effect: navigate\n"
        "  - expect: Done\n",
    )
    done = tebiki(command, str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr


PORTAL = (
    "title: portal\nlang: en\nstart: /portal\nsteps:\n"
    "  - click: {button: ナミ, within: header}\n    effect: reveal\n"
    "  - click: {link: プロフィール編集, within: header}\n    effect: navigate\n"
    "  - expect: Done\n"
)


def test_a_menu_made_on_opening_is_opened_by_a_guarded_click(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The menu's entries exist only once its button is clicked, and land at the end of <body>:
    # the dry run clicks the button the flow says opens it (sending nothing: the library's
    # report of the opening is blocked), and the entry counts as in the header, where the
    # button that opened it is.
    flow = write_flow(tmp_path, "portal", PORTAL)
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    time.sleep(GRACE_SECONDS)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert site.seen("sent") == []
    assert "opened by a click: its entries exist only once it opens" in dry.stdout
    assert "1 reveal click" in dry.stdout and "blocked: " in dry.stdout
    done = tebiki("run", str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr


def test_while_a_modal_dialog_is_open_its_button_is_the_one(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The page's 退会する opens a dialog with its own 退会する: a person can press only the
    # dialog's, so that is the one the second step finds (not "matches 2 elements").
    flow = write_flow(
        tmp_path,
        "modal",
        "title: modal\nstart: /modal\nsteps:\n"
        "  - click: {button: 退会する}\n    effect: reveal\n"
        "  - click: {button: 退会する}\n    effect: destructive\n",
    )
    done = tebiki("run", str(flow), "--base-url", site.base_url, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("sent") == ["withdrawn"]


def test_a_button_enabled_by_typing_is_said_so_in_a_dry_run(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path,
        "confirm",
        "title: confirm\nstart: /confirm-name\nsteps:\n"
        "  - fill: 確認のため nami と入力\n    value: nami\n"
        "  - click: {button: 削除する}\n    effect: destructive\n",
    )
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "enabled once the steps above are done (typed or ticked)" in dry.stdout
    done = tebiki("run", str(flow), "--base-url", site.base_url, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("sent") == ["deleted"]


def test_no_reveal_clicks_nothing_and_says_what_it_left_unchecked(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(tmp_path, "portal", PORTAL)
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--no-reveal")
    time.sleep(GRACE_SECONDS)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert site.seen("sent") == []
    assert "which --no-reveal forbids" in dry.stdout
    assert "(2 not checked)" in dry.stdout
    assert "reveal click" not in dry.stdout
    assert "nothing was clicked, typed or sent." in dry.stdout


def test_a_menu_entry_of_any_role_is_a_link_a_person_clicks(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # Its entries are list items a script makes navigate: `link:` finds one; a run clicks it
    # through; a dry run, which cannot follow it without clicking, says so and checks no more.
    flow = write_flow(tmp_path, "items", PORTAL.replace("/portal", "/portal-items"))
    done = tebiki("run", str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "has no link address, so a dry run cannot follow it" in dry.stdout
    assert "(1 not checked)" in dry.stdout


NAME_DIALOG = (
    "title: name\nstart: /name-dialog\nsteps:\n"
    "  - click: {button: アカウントを削除}\n    effect: reveal\n"
    "  - fill: 確認のため nami と入力\n    value: nami\n"
    "  - click: {button: 削除する}\n    effect: destructive\n"
)


def test_a_dialog_the_page_keeps_closed_is_opened_like_a_menu_made_on_opening(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # Its field is in the page already, shut in the closed dialog: the dry run clicks the
    # reveal step's button to open it (sending nothing), and checks the field and the button.
    flow = write_flow(tmp_path, "name", NAME_DIALOG)
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    time.sleep(GRACE_SECONDS)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "1 reveal click" in dry.stdout
    assert "enabled once the steps above are done (typed or ticked)" in dry.stdout
    assert site.seen("sent") == []
    done = tebiki("run", str(flow), "--base-url", site.base_url, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert site.seen("sent") == ["deleted"]


@pytest.mark.parametrize("command", ["dry-run", "run"])
def test_a_target_in_a_closed_dialog_is_named_as_such(
    command: str, site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The flow forgot the step that opens the dialog: the field is said to be shut in it,
    # never "covered" by the page's header that happens to lie over it.
    flow = write_flow(
        tmp_path,
        "name",
        NAME_DIALOG.replace("  - click: {button: アカウントを削除}\n    effect: reveal\n", ""),
    )
    done = tebiki(command, str(flow), "--base-url", site.base_url, "--timeout", "1000")
    assert done.returncode == 1, done.stdout + done.stderr
    assert (
        "step 1 (「確認のため nami と入力」を入力): 「確認のため nami と入力」 is in the dialog "
        "「アカウントを削除しますか」, which is closed, and no step before this one opens it"
    ) in done.stderr
    assert "covered" not in done.stderr
    assert site.seen("sent") == []


LEAVE = (
    "title: leave\nstart: {page}\nsteps:\n"
    "  - click: {{button: 退会する}}\n    effect: destructive\n"
    "  - expect: 退会が完了しました\n"
)


def test_a_dialog_that_does_not_ask_is_left_to_the_flow(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # It says the leaving is done, with an OK: the flow's expect reads it; OK is not pressed.
    flow = write_flow(tmp_path, "done", LEAVE.format(page="/leave-done"))
    done = tebiki("run", str(flow), "--base-url", site.base_url, "--confirm")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the site asked" not in done.stdout
    time.sleep(GRACE_SECONDS)
    assert site.seen("sent") == ["withdrawn"]


def test_a_dialog_that_asks_something_else_is_never_answered(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    # An offer to stay: neither of its buttons repeats 退会する or says plain yes, so nothing
    # is pressed and the step fails naming the dialog and its buttons.
    flow = write_flow(tmp_path, "offer", LEAVE.format(page="/leave-offer"))
    done = tebiki("run", str(flow), "--base-url", site.base_url, "--confirm")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "which button confirms is not clear" in done.stderr
    assert "「キャンセル」、「別のプランに変更する」" in done.stderr
    time.sleep(GRACE_SECONDS)
    assert site.seen("sent") == ["withdrawn"]


def test_a_button_not_displayed_is_said_so_not_covered_by_the_header(
    site: HostileSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path,
        "hidden",
        "title: hidden\nstart: /hidden\nsteps:\n"
        "  - click: {button: 保存する}\n    effect: submit\n",
    )
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url, "--timeout", "500")
    assert dry.returncode == 1, dry.stdout + dry.stderr
    assert "「保存する」 is not shown" in dry.stderr
    assert "covered" not in dry.stderr and "overlays" not in dry.stderr
