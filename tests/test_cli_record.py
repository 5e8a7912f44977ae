"""`tebiki record` through the real command: importing a codegen script into a flow that
validates and replays, and the ways it refuses, each with one message and its exit code."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tebiki.flowfile.loader import parse_flow
from tests.conftest import ROOT
from tests.english_site import EnglishSite
from tests.test_codegen_import import contact_script

Tebiki = Callable[..., subprocess.CompletedProcess[str]]
CODEGEN = ROOT / "fixtures" / "codegen"


def test_a_codegen_script_becomes_a_flow_that_replays(tebiki: Tebiki, tmp_path: Path) -> None:
    out = tmp_path / "flows" / "imported.yaml"
    done = tebiki(
        "record",
        "--from-codegen",
        str(CODEGEN / "withdraw_email.py"),
        "-o",
        str(out),
        "--var",
        "display_name=ナミ",
    )
    assert done.returncode == 0, done.stderr
    assert "1 irreversible, marked destructive" in done.stdout
    assert done.stderr == f"no questions left in {out}; 0 notes to check\n"
    text = out.read_text(encoding="utf-8")
    assert "{display_name}" in text and "ナミ" not in text.split("steps:")[1]
    assert tebiki("validate", str(out)).returncode == 0
    replay = tebiki("dry-run", str(out))
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "mock site: 0 changing requests" in replay.stdout


EDIT_THE_2ND = """from playwright.sync_api import Playwright, sync_playwright


def run(playwright: Playwright) -> None:
    browser = playwright.chromium.launch(headless=False)
    context = browser.new_context()
    page = context.new_page()
    page.goto("http://127.0.0.1:8800/dashboard")
    page.get_by_role("link", name="Edit").nth(1).click()
    context.close()
    browser.close()


with sync_playwright() as playwright:
    run(playwright)
"""


def test_a_pick_by_position_is_left_as_a_question(tebiki: Tebiki, tmp_path: Path) -> None:
    (tmp_path / "script.py").write_text(EDIT_THE_2ND, encoding="utf-8")
    done = tebiki("record", "--from-codegen", "script.py", "-o", "edit.yaml")
    # The flow is written as imported, and does not validate until the question is answered.
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "edit.yaml").read_text(encoding="utf-8")
    line = 1 + text.splitlines().index("  - click: {link: Edit, within: '{which_one}'}")
    assert done.stderr.splitlines()[1] == (
        f"1 question left in edit.yaml (edit.yaml:{line}): it does not "
        "validate until each is answered as the comment above it says; 0 notes to check"
    )
    assert "codegen picked the 2nd of several 「Edit」 links (.nth(1))" in text
    invalid = tebiki("validate", "edit.yaml")
    assert invalid.returncode == 2
    assert invalid.stderr.startswith(f"error: edit.yaml:{line}: not answered yet: ")
    answered = text.replace("within: '{which_one}'", "within: Section B")
    (tmp_path / "edit.yaml").write_text(answered, encoding="utf-8")
    assert tebiki("validate", "edit.yaml").returncode == 0


def test_an_existing_file_is_kept_without_force(tebiki: Tebiki, tmp_path: Path) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("# my own flow\n", encoding="utf-8")
    done = tebiki("record", "--from-codegen", str(CODEGEN / "withdraw_email.py"), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {out}: already exists (--force to replace it)"
    assert out.read_text(encoding="utf-8") == "# my own flow\n"


def test_a_script_that_is_not_python(tebiki: Tebiki, tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text("page.get_by_role('link', name='x').click(\n", encoding="utf-8")
    done = tebiki("record", "--from-codegen", str(script), "-o", str(tmp_path / "o.yaml"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {script}:") and "Traceback" not in done.stderr
    assert not (tmp_path / "o.yaml").exists()


def test_recording_needs_a_window(tebiki: Tebiki, tmp_path: Path) -> None:
    headless = tebiki("record", "-o", str(tmp_path / "o.yaml"), "--headless")
    assert headless.returncode == 2
    assert "recording needs a person at a browser window" in headless.stderr
    no_screen = tebiki(
        "record", "-o", str(tmp_path / "o.yaml"), env={"DISPLAY": "", "WAYLAND_DISPLAY": ""}
    )
    assert no_screen.returncode == 3
    # Said of recording, which always shows a window: not of a --headed nobody gave.
    assert "recording needs a screen" in no_screen.stderr and "--headed" not in no_screen.stderr
    assert "--from-codegen" in no_screen.stderr and "Traceback" not in no_screen.stderr


def test_an_english_contact_form_is_imported_for_its_own_site_and_runs_there(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    with EnglishSite() as site, EnglishSite() as docs:
        script = tmp_path / "contact.py"
        script.write_text(contact_script(site.base_url, docs.base_url), encoding="utf-8")
        done = tebiki("record", "--from-codegen", "contact.py", "-o", "contact.yaml")
        assert done.returncode == 0, done.stderr
        warning, questions = done.stderr.splitlines()
        assert warning == (
            "warning: contact.py:16: the codegen script used a regular expression, "
            're.compile("Sour"), and the flow matches the exact name 「Sour」 instead: the name '
            "may need adjusting to what the page shows"
        )
        assert questions.startswith("no questions left in contact.yaml; 2 notes to check")
        text = (tmp_path / "contact.yaml").read_text(encoding="utf-8")
        flow = parse_flow(text, "contact.yaml")
        assert "account:" not in text
        assert (flow.lang, flow.base_url) == ("en", site.base_url)
        assert flow.origins == [docs.base_url]
        assert [step.effect for step in flow.steps] == [
            "input",
            "input",
            "input",
            "submit",
            "observe",
            "navigate",
            "navigate",
        ]
        assert [step.caption for step in flow.steps][2:4] == [
            "Fill in 「Message」",
            "Send the form",
        ]
        # No --base-url and no edits: the flow finds its site, sends the contact form with the
        # form's own button (not the header's search), follows the link and opens the origin it
        # declares.
        run = tebiki("run", "contact.yaml")
        assert run.returncode == 0, run.stdout + run.stderr
    assert site.sent == [
        {"name": "Ann Example", "email": "ann@example.com", "message": "Hello there"}
    ]
    assert site.searches == []


def test_lang_reaches_an_imported_flow(tebiki: Tebiki, tmp_path: Path) -> None:
    out = tmp_path / "withdraw.yaml"
    done = tebiki(
        "record",
        "--from-codegen",
        str(CODEGEN / "withdraw_email.py"),
        "-o",
        str(out),
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    flow = parse_flow(text)
    assert flow.lang == "en" and "lang: en" in text.splitlines()
    assert "account: email" in text.splitlines()  # made on the mock site: its keys stay
    assert [step.caption for step in flow.steps][:3] == [
        "Open 「ナミ」",
        "Click 「プロフィール編集」",
        "Click 「基本情報編集」 under 共通情報",
    ]
