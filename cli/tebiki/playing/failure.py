"""The error for a step that could not be done, in every mode: the message names the step, the
label, the closest labels on the page and what the page says, and a screenshot goes under the
artifacts folder."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tebiki.drawing import highlight
from tebiki.drawing.capture import Capture
from tebiki.drawing.failure_marks import mark_missing
from tebiki.errors import StepFailed
from tebiki.flowfile.model import Target
from tebiki.page.locate import alert_texts, closest_names


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
) -> StepFailed:
    """For a missing target, what the page has instead and what it says go into the message,
    and the place it was expected and the closest label are marked in the shot (named
    ``{shot_name}-NN.png``). ``refused``: the site's answer to this step's submit, its alerts."""
    shot, marked = None, ""
    open_page = not page.is_closed()
    closest = closest_names(page, missing.wanted) if missing is not None and open_page else []
    said = alert_texts(page) if open_page else []
    if missing is not None:
        message += (
            f"; closest labels on the page: {'、'.join(closest)}"
            if closest
            else "; nothing similar on the page"
        )
        if said:
            message += "; the page says: " + " / ".join(said)
    if artifacts is not None and open_page:
        path = artifacts / f"{shot_name}-{number:02d}.png"
        try:
            if missing is not None:
                marked = mark_missing(
                    page, missing.wanted, missing.within, closest[0] if closest else None
                )
            capture.screenshot(path)
            shot = path
        except (PlaywrightError, OSError):
            shot = None  # the failure itself matters more than its picture
        finally:
            if missing is not None:
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


def first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
