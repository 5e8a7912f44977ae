"""The real `tebiki` command on the production-shaped test site (tests/sites/production): a
Rails + Bootstrap style site with an ARIA menu that opens only on a click, a withdrawal form
drawn by JavaScript behind a Rails UJS confirm, a cookie-consent dialog, duplicate links, a
required-field form and an error page. Each test checks the exit code, the one message tebiki
prints, and the site's own logs (mutations, trusted events, visits, account state)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from PIL import Image

from tests.sites.production.server import COOKIE_NAME, DISPLAY_NAME, ProductionSite
from tests.sites.serving import cookie_storage_state

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

TIMEOUT_MS = "15000"  # the machine is busy: wait generously for each target
SHORT_MS = "2000"  # for a target that is never shown: the failure comes when the wait ends
EVENT_GRACE_SECONDS = 1.0  # events arrive by sendBeacon; give late ones time to land
CONFIRM_WORDS = "本当に退会しますか?"
CONSENT_DIALOG = "Cookieの使用について"
CONSENT_BUTTON = "すべて同意する"


@dataclass(frozen=True)
class Flags:
    """The ProductionSite flags a test asks for (through indirect parametrization)."""

    consent: bool = False
    fail_path: str | None = None


class LoggedIn(NamedTuple):
    """A started site, one fresh account's session cookie, and a storage state holding it."""

    site: ProductionSite
    cookie: str
    state_file: Path


def write_storage_state(cookie: str, folder: Path) -> Path:
    """A Playwright storage-state file that logs the command in with this session cookie."""
    return cookie_storage_state(folder / f"state-{cookie[:8]}.json", COOKIE_NAME, cookie)


@pytest.fixture
def production(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LoggedIn]:
    """The site (consent-free unless a test parametrizes Flags indirectly), logged in."""
    flags: Flags = getattr(request, "param", Flags())
    with ProductionSite(consent=flags.consent, fail_path=flags.fail_path) as site:
        cookie = site.new_session()
        yield LoggedIn(site, cookie, write_storage_state(cookie, tmp_path))


def with_flags(**flags: Any) -> pytest.MarkDecorator:
    """Start the `production` fixture's site with these flags."""
    return pytest.mark.parametrize("production", [Flags(**flags)], indirect=True)


def on_site(
    logged_in: LoggedIn, *, display_name: bool = True, timeout_ms: str = TIMEOUT_MS
) -> list[str]:
    """Options pointing the command at the site, logged in (and the flow's display name)."""
    options = [
        "--base-url",
        logged_in.site.base_url,
        "--storage-state",
        str(logged_in.state_file),
        "--timeout",
        timeout_ms,
    ]
    if display_name:
        options += ["--var", f"display_name={DISPLAY_NAME}"]
    return options


def write_flow(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def notifications_flow(folder: Path, within: str | None) -> Path:
    """Follow 編集 on 通知設定, optionally under one section."""
    where = f", within: {within}" if within else ""
    return write_flow(
        folder,
        f"notifications-{within or 'anywhere'}",
        f"""title: 通知設定を編集する
start: /settings/notifications
steps:
  - click: {{link: 編集{where}}}
    effect: navigate
""",
    )


def no_events(logged_in: LoggedIn) -> bool:
    """True when no trusted event has arrived for the session, even after a grace period."""
    site, cookie = logged_in.site, logged_in.cookie
    return not site.wait_for(lambda: bool(site.events(cookie)), timeout=EVENT_GRACE_SECONDS)


def clicks_seen(logged_in: LoggedIn, expected: int) -> int:
    """How many trusted clicks the site logged, once `expected` have arrived or time is up."""
    site, cookie = logged_in.site, logged_in.cookie

    def clicks() -> int:
        return sum(1 for event in site.events(cookie) if event.type == "click")

    site.wait_for(lambda: clicks() >= expected, timeout=EVENT_GRACE_SECONDS * 3)
    site.wait_for(lambda: clicks() > expected, timeout=EVENT_GRACE_SECONDS)  # any extra ones
    return clicks()


def mutations(logged_in: LoggedIn) -> list[tuple[str, str]]:
    """(method, path) of every non-GET request the session made."""
    return [(m.method, m.path) for m in logged_in.site.mutations_for(logged_in.cookie)]


def visited(logged_in: LoggedIn) -> list[tuple[str, int]]:
    return [(v.path, v.status) for v in logged_in.site.visits(logged_in.cookie)]


def account_state(logged_in: LoggedIn) -> tuple[bool, bool]:
    """(withdrawn, consented) of the session's account."""
    account = logged_in.site.account(logged_in.cookie)
    assert account is not None
    return account.withdrawn, account.consented


def step_report(stdout: str, number: str) -> str:
    """The lines the report gives one step ("4/9"): its status line and those indented under it."""
    lines = stdout.splitlines()
    for index, line in enumerate(lines):
        if re.match(rf"\s*{re.escape(number)}\s", line):
            block = [line]
            for following in lines[index + 1 :]:
                if not following.startswith("   ") or re.match(r"\s*\d+/\d+\s", following):
                    break
                block.append(following)
            return "\n".join(block)
    raise AssertionError(f"no step {number} in the report:\n{stdout}")


def screenshot_named(text: str, cwd: Path) -> Path:
    """The file a `screenshot: PATH` line names (relative paths are from the command's cwd)."""
    found = re.search(r"screenshot: (\S+)", text)
    assert found, f"no screenshot named in:\n{text}"
    path = Path(found.group(1))
    return path if path.is_absolute() else cwd / path


def shown(result: subprocess.CompletedProcess[str]) -> str:
    return f"exit {result.returncode}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"


# -- 1. a dry run: every target found, nothing pressed, nothing sent ---------------------------


def test_dry_run_finds_every_target_and_touches_nothing(
    production: LoggedIn, tebiki: Tebiki
) -> None:
    result = tebiki("dry-run", "withdraw-email", *on_site(production))
    assert result.returncode == 0, shown(result)
    out = result.stdout
    assert "skipped" in step_report(out, "1/9")  # マイページ is only inside the closed menu
    profile = step_report(out, "4/9")
    assert "followed link" in profile
    assert f"{production.site.base_url}/settings/profile" in profile
    assert "hidden in a menu that opens only on click" in profile
    assert f"the site asks 「{CONFIRM_WORDS}」" in step_report(out, "8/9")
    last_line = out.strip().splitlines()[-1]
    assert "dry run done" in last_line
    assert "nothing was clicked, typed or sent" in last_line
    assert "Traceback" not in result.stderr
    assert mutations(production) == []
    assert no_events(production), production.site.events(production.cookie)
    assert account_state(production) == (False, False)
    assert visited(production)[-1] == ("/withdrawal", 200)


# -- 2./3. a run: withdraws only when confirmed ------------------------------------------------


def test_confirmed_run_accepts_the_confirm_and_withdraws(
    production: LoggedIn, tebiki: Tebiki
) -> None:
    result = tebiki("run", "withdraw-email", "--confirm", *on_site(production))
    assert result.returncode == 0, shown(result)
    destructive = step_report(result.stdout, "8/9")
    assert CONFIRM_WORDS in destructive and "accepted" in destructive
    assert "seen" in step_report(result.stdout, "9/9")
    assert "done: all 9 steps performed" in result.stdout
    withdrawn, _ = account_state(production)
    assert withdrawn
    assert mutations(production) == [("POST", "/withdrawal")]
    assert visited(production)[-1] == ("/withdrawal/done", 200)
    # The spy that logs nothing in the dry runs sees this run's clicks (4 clicks, 1 submit).
    assert clicks_seen(production, expected=4) >= 4


def test_unconfirmed_run_without_a_terminal_stops_before_withdrawing(
    production: LoggedIn, tebiki: Tebiki
) -> None:
    result = tebiki("run", "withdraw-email", *on_site(production), input="")  # stdin: a pipe
    assert result.returncode == 0, shown(result)
    assert "not performed" in step_report(result.stdout, "8/9")
    assert "stopped before step 8" in result.stdout
    assert "--confirm" in result.stdout
    withdrawn, _ = account_state(production)
    assert not withdrawn
    assert ("POST", "/withdrawal") not in mutations(production)
    assert "/withdrawal/done" not in [path for path, _ in visited(production)]


# -- 4./5. a cookie-consent dialog over every page ---------------------------------------------


@with_flags(consent=True)
def test_undeclared_consent_dialog_fails_naming_it_and_the_overlay_to_declare(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    # The covered target is waited for as long as --timeout says: a short wait proves it.
    result = tebiki("dry-run", "withdraw-email", *on_site(production, timeout_ms=SHORT_MS))
    assert result.returncode == 1, shown(result)
    assert "Traceback" not in result.stderr
    message = result.stderr
    assert f"dialog 「{CONSENT_DIALOG}」" in message
    # The advice, copied as it is, is YAML that says the dialog and its button.
    advice = message.split("declare it in the flow so tebiki does too: ", 1)[1].split(" (", 1)[0]
    assert yaml.safe_load(advice) == {
        "overlays": [{"name": CONSENT_DIALOG, "dismiss": CONSENT_BUTTON}]
    }
    assert screenshot_named(message, tmp_path).is_file()
    assert mutations(production) == []
    assert no_events(production), production.site.events(production.cookie)
    assert account_state(production) == (False, False)


@pytest.fixture
def consent_site_file(tmp_path: Path) -> Path:
    path = tmp_path / "site.yaml"
    path.write_text(
        f"overlays:\n  - name: {CONSENT_DIALOG}\n    dismiss: {CONSENT_BUTTON}\n",
        encoding="utf-8",
    )
    return path


@with_flags(consent=True)
def test_declared_consent_is_hidden_in_a_dry_run_and_never_accepted(
    production: LoggedIn, tebiki: Tebiki, consent_site_file: Path
) -> None:
    result = tebiki(
        "dry-run", "withdraw-email", "--site", str(consent_site_file), *on_site(production)
    )
    assert result.returncode == 0, shown(result)
    assert "nothing was clicked, typed or sent" in result.stdout
    assert mutations(production) == []
    assert no_events(production), production.site.events(production.cookie)
    assert account_state(production) == (False, False)  # the consent was never given


@with_flags(consent=True)
def test_declared_consent_is_dismissed_in_a_run_as_a_person_would(
    production: LoggedIn, tebiki: Tebiki, consent_site_file: Path
) -> None:
    result = tebiki(
        "run",
        "withdraw-email",
        "--confirm",
        "--site",
        str(consent_site_file),
        *on_site(production),
    )
    assert result.returncode == 0, shown(result)
    assert f"dismissed 「{CONSENT_DIALOG}」" in result.stdout
    assert "done: all 9 steps performed" in result.stdout
    assert account_state(production) == (True, True)  # withdrawn, and consented on the way
    assert mutations(production) == [("POST", "/withdrawal")]


# -- 6. the site's error page ------------------------------------------------------------------


@with_flags(fail_path="/settings/profile")
def test_http_500_is_named_with_the_error_pages_heading(
    production: LoggedIn, tebiki: Tebiki
) -> None:
    result = tebiki("dry-run", "withdraw-email", *on_site(production))
    assert result.returncode == 1, shown(result)
    message = result.stderr
    assert "Traceback" not in message
    assert "HTTP 500" in message and "エラーが発生しました" in message
    assert "not found" not in message
    assert ("/settings/profile", 500) in visited(production)
    assert mutations(production) == []


# -- 7. two identical links: within picks one, a typo names the sections -----------------------


def test_an_ambiguous_link_fails_naming_both_places(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = notifications_flow(tmp_path, within=None)
    result = tebiki("dry-run", str(flow), *on_site(production, display_name=False))
    assert result.returncode == 1, shown(result)
    message = result.stderr
    assert "Traceback" not in message
    assert "matches 2 elements" in message
    assert "メール通知" in message and "プッシュ通知" in message
    assert "within:" in message
    assert visited(production) == [("/settings/notifications", 200)]  # followed neither
    assert mutations(production) == []


def test_within_a_section_follows_that_sections_link(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = notifications_flow(tmp_path, within="プッシュ通知")
    result = tebiki("dry-run", str(flow), *on_site(production, display_name=False))
    assert result.returncode == 0, shown(result)
    assert f"{production.site.base_url}/settings/notifications/push" in result.stdout
    assert visited(production) == [
        ("/settings/notifications", 200),
        ("/settings/notifications/push", 200),
    ]
    assert mutations(production) == []
    assert no_events(production), production.site.events(production.cookie)


def test_a_misspelt_section_fails_listing_the_pages_sections(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = notifications_flow(tmp_path, within="heder")
    result = tebiki("dry-run", str(flow), *on_site(production, display_name=False))
    assert result.returncode == 1, shown(result)
    message = result.stderr
    assert "Traceback" not in message
    assert "no section 「heder」" in message
    sections = re.search(r"its sections: ([^)]*)", message)
    assert sections, message
    assert "メール通知" in sections.group(1) and "プッシュ通知" in sections.group(1)
    assert mutations(production) == []


# -- 8. the browser refuses to send a form with a required field empty -------------------------


def test_a_form_missing_a_required_field_is_not_sent(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path,
        "contact",
        """title: 問い合わせる
start: /contact
steps:
  - fill: メールアドレス
    value: hanako.yamada@example.jp
  - click: {button: 送信する}
    effect: submit
""",
    )
    result = tebiki("run", str(flow), *on_site(production, display_name=False))
    assert result.returncode == 1, shown(result)
    message = result.stderr
    assert "Traceback" not in message
    assert "「お名前」" in message
    assert "the browser did not send the form" in message
    assert ("POST", "/contact") not in mutations(production)
    assert "/contact/done" not in [path for path, _ in visited(production)]


# -- 9. a confirm on a step that does not expect one -------------------------------------------


def test_an_unexpected_confirm_fails_with_its_words_and_is_not_accepted(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    flow = write_flow(
        tmp_path,
        "withdraw-as-submit",
        """title: 退会する(確認を想定しない)
start: /withdrawal
steps:
  - click: {button: 退会する}
    effect: submit
  - expect: 退会が完了しました
""",
    )
    result = tebiki("run", str(flow), *on_site(production, display_name=False))
    assert result.returncode == 1, shown(result)
    message = result.stderr
    assert "Traceback" not in message
    assert CONFIRM_WORDS in message
    assert "dialog: accept" in message
    withdrawn, _ = account_state(production)
    assert not withdrawn
    assert ("POST", "/withdrawal") not in mutations(production)


# -- 10. tutorial shots open the menu with one click -------------------------------------------


def test_shots_open_the_menu_with_one_reveal_click(
    production: LoggedIn, tebiki: Tebiki, tmp_path: Path
) -> None:
    folder = tmp_path / "shots"
    result = tebiki("shots", "withdraw-email", "-o", str(folder), *on_site(production))
    assert result.returncode == 0, shown(result)
    assert "1 reveal click sent" in result.stdout
    profile = step_report(result.stdout, "4/9")
    assert "hidden in a menu" not in profile  # the menu was open for its picture
    image = screenshot_named(profile, tmp_path)
    assert image.is_file() and image.parent == folder
    with Image.open(image) as picture:
        assert picture.width > 0 and picture.height > 0
    assert mutations(production) == []
    assert clicks_seen(production, expected=1) == 1  # the reveal click, and nothing else
    assert account_state(production) == (False, False)
