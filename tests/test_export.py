"""`tebiki export`: each bundled flow as a standalone pytest-playwright test file, which passes
when pytest runs it on its own, in a folder of its own."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tebiki.flowfile.loader import find_flow

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


def _pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.parametrize(
    ("flow", "form"),
    [
        ("withdraw-email", ()),
        ("withdraw-social", ()),
        ("find-help", ()),
        ("vet-client", ()),
        ("withdraw-social", ("--code",)),
    ],
)
def test_an_exported_flow_passes_on_its_own(
    tebiki: Tebiki, tmp_path: Path, flow: str, form: tuple[str, ...]
) -> None:
    exported = tebiki("export", flow, *form)
    assert exported.returncode == 0, exported.stderr
    test_file = tmp_path / f"test_{flow.replace('-', '_')}.py"
    test_file.write_text(exported.stdout, encoding="utf-8")
    compile(exported.stdout, str(test_file), "exec")
    done = _pytest(tmp_path, str(test_file))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_the_exported_test_plays_the_flow_inside_it_with_tebiki(
    tebiki: Tebiki, tmp_path: Path
) -> None:
    """The flow travels in the file, and tebiki's own checks apply to it: a label the page
    does not have fails the test with what `tebiki run` would say."""
    text = tebiki("export", "withdraw-email").stdout
    assert "result = play_flow(" in text
    assert find_flow("withdraw-email").read_text(encoding="utf-8") in text
    renamed = text.replace(
        "{link: 基本情報編集, within: 共通情報}", "{link: 基本情報を編集, within: 共通情報}"
    )
    assert renamed != text
    (tmp_path / "test_renamed.py").write_text(renamed, encoding="utf-8")
    done = _pytest(tmp_path, "test_renamed.py")
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-2000:]
    assert (
        "StepFailed: step 5 (「基本情報編集」をクリック): link 「基本情報を編集」 under "
        "共通情報 not found" in done.stdout
    )
    assert "closest labels on the page: 基本情報編集" in done.stdout


def test_the_exported_code_reads_as_the_flow(tebiki: Tebiki) -> None:
    text = tebiki("export", "withdraw-social", "--code").stdout
    assert (
        "    # 12. 共通情報の「基本情報編集」をクリック\n"
        "    section(page, '共通情報').get_by_role('link', name='基本情報編集', "
        "exact=True).first.click()\n"
    ) in text
    assert "link_or_button(page.get_by_role('banner'), display_name).first.click()" in text
    assert ".fill(password)" in text and "token_urlsafe" in text


def test_a_flow_with_a_variable_the_mock_lacks(tebiki: Tebiki, tmp_path: Path) -> None:
    flow = tmp_path / "f.yaml"
    flow.write_text(
        "title: t\nvariables:\n  order: 注文番号\nsteps:\n"
        "  - click: {link: '{order}'}\n    effect: navigate\n",
        encoding="utf-8",
    )
    done = tebiki("export", str(flow))
    assert done.returncode == 2
    assert "the variable 'order' has no value on the mock site" in done.stderr


def test_a_variable_the_flow_does_not_have_is_bad_input(tebiki: Tebiki) -> None:
    done = tebiki("export", "withdraw-email", "--var", "dispaly_name=ナミ")
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "error: --var dispaly_name: the flow has no such variable (its variables: display_name)"
    )
    assert done.stdout == ""
