"""The error for a step that could not be done, in every mode: the message names the step, the
label, the closest labels on the page and what the page says, and a screenshot goes under the
artifacts folder."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing import highlight
from tebiki.drawing.capture import Capture
from tebiki.drawing.failure_marks import mark_cover, mark_missing
from tebiki.errors import StepFailed
from tebiki.flowfile.targets import LANDMARKS, Target
from tebiki.page.covering import COVER_MARK
from tebiki.page.instead import alert_texts, closest_names, namesakes, page_sections
from tebiki.page.locate import elsewhere, section_shown
from tebiki.page.scripts import page_script
from tebiki.playing.page_dialogs import page_dialog

# A flow that types into a password field expects a login page; one that does not is on one
# by mistake, most often because its session expired.
_PASSWORD_WORDS = {"パスワード", "Password", "password"}

# A login page: one password field shown, not one to set a new password.
_LOGIN_JS = page_script("login_page")


def login_page(page: Page) -> bool:
    """Whether the page asks to log in: one password field shown, not one to set a new one."""
    try:
        return bool(page.evaluate(_LOGIN_JS))
    except PlaywrightError:
        return False


def step_failure(
    page: Page,
    capture: Capture,
    artifacts: Path | None,
    number: int,
    caption: str,
    message: str,
    *,
    shot_name: str = "failed-step",
    missing: Target | None = None,
    refused: tuple[str, ...] = (),
    covered: bool = False,
) -> StepFailed:
    """For a missing target, what the page has instead and what it says go into the message,
    and the place it was expected and the closest label are marked in the shot (named
    ``{shot_name}-NN.png``). ``refused``: the site's answer to this step's submit, its alerts."""
    shot, marked = None, ""
    open_page = not page.is_closed()
    closest: list[str] = []
    said = alert_texts(page) if open_page else []
    if missing is not None and open_page:
        closest = [
            name for name in closest_names(page, missing.wanted) if name not in missing.names
        ]
        message += what_the_page_has(page, missing, closest)
        asked = page_dialog(page)
        if asked is not None and missing.wanted not in asked.names:
            message += f"; a dialog is open over the page: {asked.describe()}"
        if said:
            message += "; the page says: " + " / ".join(said)
        if missing.label not in _PASSWORD_WORDS and login_page(page):
            message += (
                "; this is a login page (a password field is shown): the session may have "
                "ended or never begun; log in with --storage-state FILE (a session saved by "
                "`playwright codegen --save-storage FILE URL`)"
            )
    if artifacts is not None and open_page:
        path = artifacts / f"{shot_name}-{number:02d}.png"
        try:
            if covered and mark_cover(page, COVER_MARK, "covers the target"):
                marked = "what covers the target"
            if missing is not None:
                marked = mark_missing(
                    page, missing.wanted, missing.within, closest[0] if closest else None
                )
            capture.screenshot(path)
            shot = path
        except (PlaywrightError, OSError):
            shot = None  # the failure itself matters more than its picture
        finally:
            if missing is not None or covered:
                highlight.clear(page)
    text = f"step {number} ({caption}): {message}"
    if shot:
        text += f"\nscreenshot: {shot}" + (f"  (marked: {marked})" if marked else "")
    return StepFailed(
        text,
        step=number,
        url=page.url,
        alerts=refused or tuple(said),
        refused=bool(refused),
        screenshot=shot,
        wanted=missing.wanted if missing else "",
        closest=tuple(closest),
    )


def what_the_page_has(page: Page, missing: Target, closest: list[str]) -> str:
    """Instead of the target, what the page does have: the section it should be in, if the
    page lacks it; what carries the very name (a menu item in a closed menu, a button rather
    than a link, one in another section); else the labels most like it."""
    within = missing.within
    if within and within not in LANDMARKS and not section_shown(page, within):
        sections = "、".join(page_sections(page)[:12]) or "none"
        return f"; the page has no section 「{within}」 (its sections: {sections})"
    if within:
        places = elsewhere(page, missing)
        if places:
            where = "、".join(f"「{place}」" if place else "(no title)" for place in places)
            return f"; 「{missing.wanted}」 is on the page, but in {where}, not in {within}"
    same = namesakes(page, missing)
    if same:
        return f"; 「{missing.wanted}」 is on the page as " + "; ".join(same)
    if closest:
        return f"; closest labels on the page: {'、'.join(closest)}"
    return "; nothing similar on the page"


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


ON_THE_MOCK = "(played on the bundled mock site; give --base-url for yours)"


def played_on_the_mock(error: StepFailed) -> None:
    """A target missing on the bundled mock site: the person may have meant their own site and
    not given --base-url, and the mock's labels are not theirs. Said at the end of the first
    line (the lines after it name the screenshot)."""
    if not error.wanted:
        return  # not a missing target: the mock site is not what went wrong
    first, newline, rest = error.message.partition("\n")
    error.message = f"{first} {ON_THE_MOCK}{newline}{rest}"
    error.args = (error.message,)
