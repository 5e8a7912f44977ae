"""Both bundled flows, through the real `tebiki` command, on a second site written independently
of the bundled mock site: the same labels in the same places, different markup and URLs
(tests/other_site). A dry run there changes nothing and dispatches no press, click, key or input
event; a run withdraws, by the 基本情報編集 of 共通情報 and not by its two namesakes."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tebiki.drawing.capture import MASK_COLOR
from tests.other_site.pages import DISPLAY_NAME
from tests.other_site.server import COOKIE_NAME, OtherSite, Record
from tests.sites.serving import cookie_storage_state
from tests.tutorials import step_image_names

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
PASSWORD = "Other-Site-Secret-4b1e9c"
PING_GRACE_SECONDS = 0.5  # the page's image pings are sent at once; give them time to land
DECOYS = ("/worker/basic", "/client/basic")
MASK_RGB = tuple(int(MASK_COLOR[i : i + 2], 16) for i in (1, 3, 5))


@pytest.fixture
def email_site() -> Iterator[OtherSite]:
    with OtherSite() as site:
        yield site


@pytest.fixture
def social_site() -> Iterator[OtherSite]:
    with OtherSite(social=True) as site:
        yield site


def on_site(site: OtherSite, cookie: str, folder: Path) -> list[str]:
    """Options pointing the command at this site, logged in by a storage-state file."""
    state = folder / f"state-{cookie[:8]}.json"
    cookie_storage_state(state, COOKIE_NAME, cookie)
    return [
        "--base-url",
        site.base_url,
        "--storage-state",
        str(state),
        "--var",
        f"display_name={DISPLAY_NAME}",
        "--timeout",
        "3000",
    ]


def events_after_grace(site: OtherSite, cookie: str | None = None) -> list[Record]:
    time.sleep(PING_GRACE_SECONDS)
    return site.events(cookie)


def event_types(site: OtherSite, cookie: str, wanted: set[str], seconds: float = 5) -> set[str]:
    """The event types logged for cookie, once all of wanted have arrived or time is up."""
    deadline = time.monotonic() + seconds
    while True:
        seen = {record.detail.get("type", "") for record in site.events(cookie)}
        if wanted <= seen or time.monotonic() > deadline:
            return seen
        time.sleep(0.05)


# -- the site's own event log works: a real click from Playwright is seen ----------------------


def test_the_event_log_sees_real_clicks_and_keys_but_not_hovering(
    email_site: OtherSite, page: Page
) -> None:
    cookie = email_site.new_account()
    page.context.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": email_site.base_url}])
    page.goto(email_site.base_url + "/")
    toggle = page.get_by_role("banner").get_by_role("button", name=DISPLAY_NAME, exact=True)
    menu_link = page.get_by_role("link", name="プロフィール編集")
    toggle.hover()
    toggle.focus()
    expect(menu_link).to_be_hidden()  # the menu opens on a click only
    assert events_after_grace(email_site, cookie) == []
    toggle.click()
    expect(menu_link).to_be_visible()
    page.keyboard.press("Escape")
    seen = event_types(email_site, cookie, {"pointerdown", "mousedown", "click", "keydown"})
    assert {"pointerdown", "mousedown", "click", "keydown"} <= seen
    assert email_site.mutations() == []


# -- dry runs: every target found, nothing changed, nothing pressed ----------------------------


@pytest.mark.parametrize(
    ("flow", "social", "last_line", "path"),
    [
        (
            "withdraw-email",
            False,
            " 8/9  highlighted",
            ["/", "/", "/settings/profile", "/settings/basic", "/account/close"],
        ),
        (
            "withdraw-social",
            True,
            "15/16  highlighted",
            [
                "/",
                "/",
                "/settings/profile",
                "/settings/login",
                "/settings/profile",
                "/settings/basic",
                "/account/close",
            ],
        ),
    ],
)
def test_dry_run_reaches_the_withdraw_button_and_touches_nothing(
    tebiki: Tebiki, tmp_path: Path, flow: str, social: bool, last_line: str, path: list[str]
) -> None:
    with OtherSite(social=social) as site:
        cookie = site.new_account()
        password_before = site.password(cookie)
        result = tebiki("dry-run", flow, *on_site(site, cookie, tmp_path))
        assert result.returncode == 0, result.stdout + result.stderr
        assert last_line in result.stdout
        assert "stops here: a destructive step is never performed" in result.stdout
        assert "hidden in a menu that opens only on click" in result.stdout
        assert "dry run done" in result.stdout
        assert events_after_grace(site) == []  # any cookie: no press, click, key or input
        assert site.mutations() == []
        assert site.visits(cookie) == path  # 共通情報's 基本情報編集, never its namesakes
        assert site.account_exists(cookie) and site.password(cookie) == password_before


# -- real runs -----------------------------------------------------------------------------------


def test_run_withdraws_an_email_account_through_the_common_section(
    email_site: OtherSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    cookie = email_site.new_account()
    result = tebiki("run", "withdraw-email", "--confirm", *on_site(email_site, cookie, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 8/9  clicked" in result.stdout and " 9/9  seen" in result.stdout
    assert "done: all 9 steps performed" in result.stdout
    assert not email_site.account_exists(cookie)
    assert [(m.method, m.path) for m in email_site.mutations()] == [("POST", "/account/close")]
    assert email_site.visits(cookie) == [
        "/",
        "/",
        "/settings/profile",
        "/settings/basic",
        "/account/close",
        "/account/closed",
    ]
    # The same page script that saw nothing in the dry runs sees this run's clicks.
    assert "click" in event_types(email_site, cookie, {"click"})


def test_run_sets_a_password_then_withdraws_a_social_account(
    social_site: OtherSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    cookie = social_site.new_account()
    assert social_site.password(cookie) is None
    result = tebiki(
        "run",
        "withdraw-social",
        "--confirm",
        *on_site(social_site, cookie, tmp_path),
        env={"TEBIKI_PASSWORD": PASSWORD},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 6/16  typed" in result.stdout and " 7/16  typed" in result.stdout
    assert "16/16  seen" in result.stdout
    assert PASSWORD not in result.stdout + result.stderr
    assert social_site.password(cookie) == PASSWORD
    assert not social_site.account_exists(cookie)
    mutations = social_site.mutations()
    assert [(m.method, m.path) for m in mutations] == [
        ("POST", "/settings/login"),
        ("POST", "/account/close"),
    ]
    assert set(mutations[0].detail) == {"mail", "pw1", "pw2"}
    visits = social_site.visits(cookie)
    assert visits[-3:] == ["/settings/basic", "/account/close", "/account/closed"]
    assert not set(DECOYS) & set(visits)


def test_the_sites_refusal_is_reported_with_its_own_words(
    social_site: OtherSite, tebiki: Tebiki, tmp_path: Path
) -> None:
    cookie = social_site.new_account()  # no password: the site will not let it leave
    result = tebiki("run", "withdraw-email", "--confirm", *on_site(social_site, cookie, tmp_path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(
        "error: step 8 (「退会する」をクリック): the site refused it: "
        "パスワードが未設定のため退会できません。"
    )
    assert "Traceback" not in result.stderr
    assert social_site.account_exists(cookie)


def test_only_the_common_sections_link_leads_to_the_withdrawal_link(
    email_site: OtherSite, page: Page
) -> None:
    """The decoys are real pages without the withdrawal link: taking one would fail the flow."""
    cookie = email_site.new_account()
    page.context.add_cookies([{"name": COOKIE_NAME, "value": cookie, "url": email_site.base_url}])
    page.goto(email_site.base_url + "/settings/profile")
    links = page.get_by_role("link", name="基本情報編集", exact=True)
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "/worker/basic",
        "/settings/basic",
        "/client/basic",
    ]
    assert page.locator("section").count() == 0 and page.locator("header").count() == 0
    withdrawal = page.get_by_role("link", name="退会をご希望する方はこちら")
    for href in ("/worker/basic", "/client/basic"):
        page.goto(email_site.base_url + href)
        expect(withdrawal).to_have_count(0)
    page.goto(email_site.base_url + "/settings/basic")
    expect(withdrawal).to_be_visible()


# -- tutorial screenshots ------------------------------------------------------------------------


def test_shots_on_the_other_site_make_a_tutorial_and_touch_nothing(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    with OtherSite(social=True) as site:
        cookie = site.new_account()
        result = tebiki(
            "shots", "withdraw-social", "-o", "tutorial", *on_site(site, cookie, tmp_path)
        )
        assert result.returncode == 0, result.stdout + result.stderr
        # This site's withdrawal screen has no checkbox: the optional step is left out of the
        # tutorial and the numbers close up behind it.
        images = step_image_names(tmp_path / "tutorial")
        assert images[-2:] == ["11-navigate.png", "12-destructive.png"] and len(images) == 12
        markdown = (tmp_path / "tutorial" / "tutorial.md").read_text(encoding="utf-8")
        assert "10. 共通情報の「基本情報編集」をクリック" in markdown
        assert "12. 「退会する」をクリック" in markdown and "13. 退会が完了しました" in markdown
        assert "注意事項" not in markdown
        # The address prefilled in the メールアドレス field is masked like any e-mail address.
        with Image.open(tmp_path / "tutorial" / "05-input.png") as image:
            colours = dict(
                (colour, count) for count, colour in image.convert("RGB").getcolors(1 << 20) or []
            )
        assert colours.get(MASK_RGB, 0) > 1000
        # This site's account menu opens only on a click: a tutorial shows it open, so each of
        # the two times the flow opens it, its toggle (marked aria-expanded by the page) is
        # clicked, and said. Nothing else reaches the page.
        assert "2 reveal clicks sent" in result.stdout
        events = events_after_grace(site)
        clicks = [event for event in events if event.detail["type"] == "click"]
        assert len(clicks) == 2
        assert {event.detail["type"] for event in events} <= {"pointerdown", "mousedown", "click"}
        assert {event.detail["target"] for event in events} == {clicks[0].detail["target"]}
        assert site.mutations() == []
        assert site.visits(cookie)[-1] == "/account/close"
