"""A site built on Django, a server-rendered framework, as its tutorial writes one: the
framework's own admin, in Japanese, served by `manage.py runserver` in a process of its own.

Its pages are the framework's, not ours: labels end in a colon (「メールアドレス:」), the
dashboard's boxes are tables with a caption (「認証と認可」), a form the site refuses comes back
with an error list, a deletion asks on a confirmation page, and the login page is where a
session that has expired lands. The database is a SQLite file: what a flow did is read back
from it (``emails``, ``usernames``)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

REPO = Path(__file__).resolve().parents[3]
FLOWS = Path(__file__).parent / "flows"
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.sites.django_admin.settings",
        "TEST_SITE_DB": str(database),
        "PYTHONPATH": str(REPO),
    }


def prepare_database(folder: Path) -> Path:
    """The tables, users and an administrator's session, made once in ``folder`` (a migrate
    costs seconds); each site copies it."""
    database = folder / "template.sqlite3"
    if not database.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "tests.sites.django_admin.prepare",
                str(database),
                str(folder / "template-state.json"),
                "http://127.0.0.1",
            ],
            cwd=REPO,
            env=_environment(database),
            check=True,
            capture_output=True,
        )
    return database


class DjangoAdminSite:
    """The admin served from a copy of the prepared database, in ``folder``."""

    def __init__(self, folder: Path, template: Path) -> None:
        self.folder = folder
        self.database = folder / "site.sqlite3"
        self.storage_state = template.parent / "template-state.json"
        shutil.copyfile(template, self.database)
        self._port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> Self:
        output = (self.folder / "server.log").open("wb")
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                f"127.0.0.1:{self._port}",
                "--noreload",
                "--insecure",
            ],  # --insecure: the admin's own CSS without DEBUG
            cwd=REPO,
            env=_environment(self.database),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so that stop() leaves no process behind
        )
        output.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base_url + "/admin/login/", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.stop()
        log = (self.folder / "server.log").read_text(errors="replace")
        raise RuntimeError(f"the Django site did not start in {STARTUP_SECONDS} s:\n{log}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue

    def _rows(self, query: str) -> list[tuple[str, ...]]:
        with sqlite3.connect(self.database) as db:
            return [tuple(row) for row in db.execute(query)]

    def emails(self) -> dict[str, str]:
        """Each user's e-mail address as the database holds it now."""
        return {name: email for name, email in self._rows("SELECT username, email FROM auth_user")}

    def usernames(self) -> set[str]:
        return {name for (name,) in self._rows("SELECT username FROM auth_user")}

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
