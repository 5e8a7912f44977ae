"""A recording session: the site (the bundled mock site unless --base-url), a headed browser on
the start page, and the Recorder listening until the person closes the window."""

from __future__ import annotations

from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path

import structlog
from playwright.sync_api import Error as PlaywrightError

from tebiki.browser import BrowserOptions, open_browser
from tebiki.errors import BadInputError, FlowFileError
from tebiki.flowfile.loader import parse_flow
from tebiki.flowfile.model import Flow
from tebiki.record.recorded_site import RecordedSite, on_the_mock
from tebiki.record.recorder import Recorder, page_lang
from tebiki.record.recording import RecordedStep, flow_yaml
from tebiki.settings import Settings
from tebiki.sites import open_site

log = structlog.get_logger()


@dataclass
class Recording:
    steps: list[RecordedStep]
    yaml: str


def record(
    settings: Settings, start: str, title: str, variables: dict[str, str] | None = None
) -> Recording:
    """Open the start page headed and record until the person closes the browser window."""
    with ExitStack() as stack:
        account = settings.account or "email"
        site = open_site(stack, account, settings)
        recorder = Recorder(site.base_url, {**site.variables, **(variables or {})})
        options = BrowserOptions(
            browser_path=settings.browser_path,
            connect=settings.connect,
            connect_timeout_ms=settings.connect_timeout_ms,
            headed=True,
            slow_mo=settings.slow_mo,
            storage_state=settings.storage_state,
            cookies=site.cookies,
            no_screen_advice=(
                "recording needs a screen for its browser window, where you walk the path, and "
                "neither DISPLAY nor WAYLAND_DISPLAY is set: run it on a desktop (or over "
                "ssh -X), or turn a script that `playwright codegen` wrote elsewhere into a "
                "flow with `tebiki record -o FILE --from-codegen SCRIPT`"
            ),
        )
        with open_browser(options) as context:
            recorder.attach(context)
            page = context.new_page()
            page.goto(site.base_url.rstrip("/") + "/" + start.lstrip("/"))
            # --lang, else the language the site's start page says it is in.
            recorded_on = RecordedSite(
                on_mock=site.is_bundled_mock or on_the_mock(site.base_url),
                lang=settings.lang or page_lang(page),
                account=account,
                address=settings.base_url,
            )
            recorder.begin()
            log.info("recording: walk the path, then close the browser window", start=start)
            # The whole browser going away is the window closed all the same.
            with suppress(PlaywrightError):
                page.wait_for_event("close", timeout=0)
    return recording_of(recorder, recorded_on, start=start, title=title)


def recording_of(recorder: Recorder, site: RecordedSite, *, start: str, title: str) -> Recording:
    """What the person did, as a flow file for the site it was done on."""
    steps = recorder.steps()
    if not steps:
        raise BadInputError(
            "nothing was recorded: no click, typing or choice before the window was closed"
        )
    header = [
        "Recorded with tebiki record: check the captions and the flagged steps before using it."
    ]
    if site.left_out:
        header.append(site.left_out)
    text = flow_yaml(
        steps,
        title=title,
        start=start,
        account=site.written_account,
        variables=recorder.variables,
        header=header,
        lang=site.lang,
        base_url=site.base_url,
    )
    return Recording(steps, text)


def write_unanswered(text: str, output: Path) -> None:
    """Write a flow whose questions the person still has to answer, whole or not at all."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)


def write_flow(text: str, output: Path, force: bool) -> Flow:
    """Write the flow file whole or not at all; never over a file without --force. A recording
    that does not load is kept beside it as a draft, never thrown away."""
    if output.exists() and not force:
        raise BadInputError(f"{output}: already exists (--force to replace it)")
    try:
        flow = parse_flow(text, str(output))
    except FlowFileError as error:
        draft = output.with_name(output.stem + ".invalid.yaml")
        draft.parent.mkdir(parents=True, exist_ok=True)
        draft.write_text(text, encoding="utf-8")
        raise FlowFileError(f"{error.message}\nthe recording is kept as {draft}") from None
    write_unanswered(text, output)
    return flow
