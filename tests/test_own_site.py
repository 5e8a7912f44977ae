"""A site of the user's own, first class: `tebiki check --base-url`, a flow's base_url:, the
exported test, destructive steps only with --confirm. Played on tests/sites/small, a small
English site written the way such sites are (a header menu that opens on a click, two sections
each with an "Edit" link, forms, a native confirm before "Delete account"); its log of changing
requests says what each walk really sent."""

from __future__ import annotations

import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.sites.small import SmallSite

Tebiki = Callable[..., subprocess.CompletedProcess[str]]

CONTACT = """\
title: Write to us
lang: en
steps:
  - click: {link: Contact, within: header}
    effect: navigate
    caption: Open Contact in the header
  - fill: Your name
    value: Ann
    caption: Type your name
  - fill: Email
    value: ann@example.com
    caption: Type your e-mail address
  - fill: Message
    value: "{message}"
    caption: Write your message
  - click: {button: Send message}
    effect: submit
    caption: Send it
  - expect: Thanks
    caption: The site thanks you
variables:
  message: what to write
"""

DELETE = """\
title: Delete your account
lang: en
steps:
  - click: {button: Account, within: header}
    effect: reveal
    caption: Open the Account menu
  - click: {menuitem: Settings}
    effect: navigate
    caption: Choose Settings
  - click: {link: Export your notes, within: Danger zone}
    effect: navigate
    optional: true
    caption: Export your notes first, where the site offers it
  - click: {button: Delete account, within: Danger zone}
    effect: destructive
    caption: Delete your account
  - expect: Your account is deleted
    caption: The site says it is gone
"""


@pytest.fixture
def site() -> Iterator[SmallSite]:
    with SmallSite() as started:
        yield started


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_check_plays_a_flow_once_on_your_site_and_writes_junit(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    flow = write(tmp_path, "contact.yaml", CONTACT)
    done = tebiki(
        "check", str(flow), "--base-url", site.base_url, "--var", "message=Hello",
        "--junit", "report.xml",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"checking 1 cell of 1 flow on {site.base_url} with 1 worker"
    assert lines[1].startswith("[1/1] ok   contact[site]  completed")
    assert "1 cell passed in " in done.stdout
    # Played for real, once, on this site: the form reached it with the flow's values.
    assert [(m.path, m.form) for m in site.mutations()] == [
        ("/contact", {"name": "Ann", "email": "ann@example.com", "message": "Hello"})
    ]
    case = ET.parse(tmp_path / "report.xml").getroot().find("./testsuite/testcase")
    assert case is not None and case.get("name") == "site"
    properties = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert properties["site"] == site.base_url and properties["outcome"] == "completed"
    assert not (tmp_path / "artifacts").exists() or not any((tmp_path / "artifacts").iterdir())


def test_a_variable_with_no_value_is_bad_input(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    flow = write(tmp_path, "contact.yaml", CONTACT)
    done = tebiki("check", str(flow), "--base-url", site.base_url)
    assert done.returncode == 2
    assert "variable 'message' has no value: give --var message=VALUE" in done.stderr
    assert "Traceback" not in done.stderr and site.mutations() == []


def test_a_destructive_step_waits_for_confirm(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    flow = write(tmp_path, "delete.yaml", DELETE)

    held = tebiki("check", str(flow), "--base-url", site.base_url, "--junit", "held.xml")
    assert held.returncode == 0, held.stdout + held.stderr
    assert "ok   delete[site]  not performed: destructive step 4 needs --confirm" in held.stdout
    assert site.mutations() == []  # the account is still there
    case = ET.parse(tmp_path / "held.xml").getroot().find("./testsuite/testcase")
    assert case is not None and case.find("failure") is None

    confirmed = tebiki("check", str(flow), "--base-url", site.base_url, "--confirm")
    assert confirmed.returncode == 0, confirmed.stdout + confirmed.stderr
    assert "ok   delete[site]  completed" in confirmed.stdout
    # The site's own 「Really delete your account?」 was answered yes, as the person confirmed.
    assert [m.path for m in site.mutations()] == ["/account/delete"]


def test_a_flow_names_its_site_and_base_url_wins(tebiki: Tebiki, tmp_path: Path) -> None:
    with SmallSite() as own, SmallSite() as other:
        flow = write(tmp_path, "contact.yaml", f"base_url: {own.base_url}/\n" + CONTACT)
        first = tebiki("check", str(flow), "--var", "message=Hi")
        assert first.returncode == 0, first.stdout + first.stderr
        assert f"on {own.base_url}/ with" in first.stdout.splitlines()[0]
        assert [m.path for m in own.mutations()] == ["/contact"] and other.mutations() == []

        second = tebiki("check", str(flow), "--var", "message=Hi", "--base-url", other.base_url)
        assert second.returncode == 0, second.stdout + second.stderr
        assert [m.path for m in other.mutations()] == ["/contact"]
        assert len(own.mutations()) == 1

        # A dry run follows the same rule, and sends nothing.
        dry = tebiki("dry-run", str(flow), "--var", "message=Hi")
        assert dry.returncode == 0, dry.stdout + dry.stderr
        assert f"{own.base_url}/contact" in dry.stdout
        assert len(own.mutations()) == 1


def test_a_miss_on_your_site_fails_its_cell(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    flow = write(tmp_path, "contact.yaml", CONTACT.replace("link: Contact", "link: Kontakt"))
    done = tebiki(
        "check", str(flow), "--base-url", site.base_url, "--var", "message=Hi",
        "--junit", "report.xml", "--artifacts", "arts",
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    # Played once, traced as it went: on a site of yours a failed cell is not played again.
    assert (tmp_path / "arts" / "contact" / "site" / "trace.zip").is_file()
    assert "second play" not in done.stdout
    assert "FAIL contact[site]  failed at step 1" in done.stdout
    assert f"FAIL contact[site]: on {site.base_url}; expected: completes" in done.stdout
    assert "Kontakt" in done.stdout and "Traceback" not in done.stdout + done.stderr
    failure = ET.parse(tmp_path / "report.xml").getroot().find("./testsuite/testcase/failure")
    assert failure is not None and "Kontakt" in (failure.text or "")
    assert site.mutations() == []


def test_the_exported_test_plays_on_your_site(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    contact = write(tmp_path, "contact.yaml", CONTACT)
    delete = write(tmp_path, "delete.yaml", DELETE)
    for flow, extra in ((contact, ["--var", "message=Hello"]), (delete, [])):
        exported = tebiki("export", str(flow), "--base-url", site.base_url, *extra)
        assert exported.returncode == 0, exported.stderr
        assert "MockSite" not in exported.stdout
        (tmp_path / f"test_{flow.stem}.py").write_text(exported.stdout, encoding="utf-8")
    missing = tebiki("export", str(contact), "--base-url", site.base_url)
    assert missing.returncode == 2 and "give --var message=VALUE" in missing.stderr

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout
    # The contact form was sent; the account was not deleted (no TEBIKI_CONFIRM=1).
    assert [m.path for m in site.mutations()] == ["/contact"]


def test_help_shows_the_mock_only_options_apart(tebiki: Tebiki) -> None:
    for command in ("run", "dry-run", "shots", "check"):
        shown = tebiki(command, "--help").stdout
        general, _, mock = shown.partition("Bundled mock site only")
        assert mock, f"{command} --help has no mock-only heading"
        for option in ("--scenario", "--fixtures"):
            if option in shown:
                assert option in mock and option not in general, (command, option)
        assert "--base-url" in general


def test_without_a_site_the_flow_is_played_on_the_mock_and_says_so(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    # No --base-url and no base_url: a flow of your own site meets the bundled mock instead.
    flow = write(tmp_path, "contact.yaml", CONTACT)
    refused = tebiki("check", str(flow), "-k", "email-clean-article")
    assert refused.returncode == 2  # the mock cannot fill the flow's own variable
    assert "for your own site, give --base-url and --var" in refused.stderr

    plain = CONTACT.replace('"{message}"', "Hello").split("variables:")[0]
    write(tmp_path, "contact.yaml", plain)
    done = tebiki("check", str(flow), "-k", "email-clean-article", "--trace", "off")
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (
        "checking 1 cell of 1 flow on the bundled mock site with 1 worker"
    )
    assert "link 「Contact」 in the header not found on http://127.0.0.1:" in done.stdout
    assert "(played on the bundled mock site; give --base-url for yours)" in done.stdout
    assert "note: contact names no site and no check: cases" in done.stdout.splitlines()[1]


NEWSLETTER = """\
title: Get the weekly letter
lang: en
steps:
  - click: {button: Account, within: header}
    effect: reveal
  - click: {menuitem: Settings}
    effect: navigate
  - click: {link: Edit, within: Newsletter}
    effect: navigate
  - check: Send me the weekly letter
  - click: {button: Save}
    effect: submit
  - expect: Saved
"""


def test_a_menu_two_edit_links_and_a_check_that_the_page_repeats(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    # "Saved" is the page's heading and, lower case, part of the sentence under it: the page
    # shows it, which is all an expect step asks.
    flow = write(tmp_path, "newsletter.yaml", NEWSLETTER)
    dry = tebiki("dry-run", str(flow), "--base-url", site.base_url)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "its menu opens only on a click, which a dry run does not send" in dry.stdout
    assert f"{site.base_url}/settings/newsletter" in dry.stdout  # the Edit under Newsletter
    assert site.mutations() == []

    done = tebiki("check", str(flow), "--base-url", site.base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok   newsletter[site]  completed" in done.stdout
    assert [(m.path, m.form) for m in site.mutations()] == [
        ("/settings/newsletter", {"weekly": "on"})
    ]


def test_the_hint_after_an_unconfirmed_step_works_when_copied(
    tebiki: Tebiki, tmp_path: Path, site: SmallSite
) -> None:
    # A flow given by its path, on a site of one's own: the hint is this command line again,
    # path and options included, with --confirm; run as printed, it performs the step.
    write(tmp_path, "delete.yaml", DELETE)
    held = tebiki("run", "delete.yaml", "--base-url", site.base_url, "--timeout", "4000")
    assert held.returncode == 0, held.stdout + held.stderr
    assert site.mutations() == []
    hint = next(line for line in held.stdout.splitlines() if line.startswith("to perform it: "))
    command = hint.removeprefix("to perform it: ").split(" (or run at a terminal")[0]
    assert command == (
        f"tebiki run delete.yaml --base-url {site.base_url} --timeout 4000 --confirm"
    )
    words = shlex.split(command)
    done = tebiki(*words[1:])
    assert done.returncode == 0, done.stdout + done.stderr
    assert [m.path for m in site.mutations()] == ["/account/delete"]
