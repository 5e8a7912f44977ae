"""`tebiki export`: each bundled flow as a standalone pytest-playwright test file, which passes
when pytest runs it on its own, in a folder of its own."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Tebiki = Callable[..., subprocess.CompletedProcess[str]]


@pytest.mark.parametrize("flow", ["withdraw-email", "withdraw-social", "find-help", "vet-client"])
def test_an_exported_flow_passes_on_its_own(tebiki: Tebiki, tmp_path: Path, flow: str) -> None:
    exported = tebiki("export", flow)
    assert exported.returncode == 0, exported.stderr
    test_file = tmp_path / f"test_{flow.replace('-', '_')}.py"
    test_file.write_text(exported.stdout, encoding="utf-8")
    compile(exported.stdout, str(test_file), "exec")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout


def test_the_exported_file_reads_as_the_flow(tebiki: Tebiki) -> None:
    text = tebiki("export", "withdraw-social").stdout
    assert (
        "    # 10. 共通情報の「基本情報編集」をクリック\n"
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
