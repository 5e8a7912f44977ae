"""Makes the Django test site's database: the tables (migrate), an administrator, the users
the flows change and delete, and a logged-in session of the administrator written as a
Playwright storage state (what `tebiki --storage-state` takes).

    python -m tests.sites.django_admin.prepare DB STORAGE_STATE BASE_URL
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.sites.serving import cookie_storage_state

ADMIN = "kanri"
USERS = {"nami": "nami@example.com", "sora": "sora@example.com"}


def prepare(database: Path, storage_state: Path, base_url: str) -> None:
    os.environ["TEST_SITE_DB"] = str(database)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.sites.django_admin.settings")
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    admin = User.objects.create_superuser(ADMIN, "kanri@example.com", "kanri-no-pass")
    for name, email in USERS.items():
        User.objects.create_user(name, email, f"{name}-no-pass")
    # A session as the login page would leave it, so that a flow starts logged in.
    session = SessionStore()
    session[SESSION_KEY] = str(admin.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    session.create()
    host = base_url.split("//", 1)[1].split(":", 1)[0]
    cookie_storage_state(storage_state, "sessionid", str(session.session_key), host)


if __name__ == "__main__":
    prepare(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3])
