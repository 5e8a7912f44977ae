"""The installed package, as a new user gets it: the wheel is built, installed into a fresh
virtual environment, and the main job runs from a folder outside the checkout.

The fresh environment gets the wheel alone (no dependencies are downloaded): the packages it
depends on are lent from the test's own environment by a path line, which adds their folder to
the path but, unlike a site folder, reads no .pth file there, so the checkout's own editable
install stays out of reach. What runs is the wheel's tebiki, and the test says so.
"""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("tebiki-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps"]
        + [str(wheel)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    venv_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    lent = "\n".join(site.getsitepackages())
    Path(venv_site, "lent-dependencies.pth").write_text(lent + "\n", encoding="utf-8")
    return venv / "bin"


@pytest.fixture
def outside(installed: Path, tmp_path: Path) -> Run:
    """Run a command of the fresh environment from a folder outside the checkout."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PATH"] = f"{installed}{os.pathsep}{env.get('PATH', '')}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(installed / args[0]), *args[1:]],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    return run


def test_the_wheel_adds_only_import_names_of_its_own(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"tebiki", "tebiki_mock", "tebiki-0.1.0.dist-info"}
    # What the main job needs ships inside the packages; the test data stays out.
    assert "tebiki/flows/withdraw-social.yaml" in names
    assert "tebiki_mock/fixtures/scenarios/clean.yaml" in names
    assert "tebiki_mock/fixtures/labels.yaml" in names
    assert "tebiki/preflight/data/rules.yaml" in names
    assert not [name for name in names if "golden" in name or "codegen/" in name]


def test_the_installed_tool_runs_from_elsewhere(outside: Run, tmp_path: Path) -> None:
    where = outside("python", "-c", "import tebiki, tebiki_mock; print(tebiki.__file__)")
    assert where.returncode == 0, where.stderr
    assert str(ROOT) not in where.stdout  # the wheel's, not the checkout's
    version = outside("tebiki", "--version")
    assert version.returncode == 0 and "0.1.0" in version.stdout
    as_module = outside("python", "-m", "tebiki", "flows")
    assert as_module.returncode == 0, as_module.stderr
    assert "withdraw-social" in as_module.stdout


def test_the_main_job_writes_its_screenshots_outside_the_checkout(
    outside: Run, tmp_path: Path
) -> None:
    done = outside(
        "tebiki", "dry-run", "withdraw-social", "--account", "social", "--screenshots", "out/"
    )
    assert done.returncode == 0, done.stderr
    assert "nothing was clicked, typed or sent" in done.stdout
    shots = sorted(path.name for path in (tmp_path / "out").glob("*.png"))
    assert len(shots) == 13 and shots[0] == "01-navigate.png"


def test_the_installed_plugin_collects_the_check_matrix(outside: Run, tmp_path: Path) -> None:
    done = outside(
        "python",
        "-m",
        "pytest",
        "--tebiki-flow",
        "withdraw-email",
        "-k",
        "email-clean-article",
        "-q",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
