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
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.sites.process import REPO_ROOT, ProcessSite

FLOWS = Path(__file__).parent / "flows"


def _settings(database: Path) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "tests.sites.django_admin.settings",
        "TEST_SITE_DB": str(database),
        "PYTHONPATH": str(REPO_ROOT),
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
            cwd=REPO_ROOT,
            env={**os.environ, **_settings(database)},
            check=True,
            capture_output=True,
        )
    return database


class DjangoAdminSite(ProcessSite):
    """The admin served by `manage.py runserver` from a copy of the prepared database, in
    ``folder``; ``storage_state`` logs a browser in as its administrator."""

    name = "django_admin"
    ready_path = "/admin/login/"

    def __init__(self, folder: Path, template: Path) -> None:
        super().__init__(folder)
        self.database = folder / "site.sqlite3"
        self.storage_state = template.parent / "template-state.json"
        shutil.copyfile(template, self.database)

    def command(self, port: int) -> list[str]:
        # --insecure: the admin's own CSS and scripts, served without DEBUG.
        runserver = ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"]
        return [sys.executable, "-m", "django", *runserver]

    def environment(self) -> dict[str, str]:
        return {**super().environment(), **_settings(self.database)}

    def _rows(self, query: str) -> list[tuple[str, ...]]:
        with sqlite3.connect(self.database) as db:
            return [tuple(row) for row in db.execute(query)]

    def emails(self) -> dict[str, str]:
        """Each user's e-mail address as the database holds it now."""
        return {name: email for name, email in self._rows("SELECT username, email FROM auth_user")}

    def usernames(self) -> set[str]:
        return {name for (name,) in self._rows("SELECT username FROM auth_user")}
