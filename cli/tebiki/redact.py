"""Secrets, and scrubbing them out of text and written files.

A run (one walk, one cell of a check, one play in a pytest test) owns a Secrets object: the
passwords it types, and anything else it must never show. Logs, reports and traces all pass
through it. A Playwright trace records request bodies and DOM snapshots, so a form that sent
a password carries it; every written trace is rewritten with each secret (raw, URL-encoded,
JSON-escaped) replaced.

While a run is under way its Secrets are the active ones of its thread (a context variable),
so a log line written anywhere below it is scrubbed too; nothing outlives the run.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import quote, quote_plus

REDACTED = "********"
# A session value (a cookie, a localStorage entry) shorter than this is not taken for a secret:
# values like "1", "true", "ja" or "light" would be scrubbed out of every word and every trace
# key that contains them, and are no credential anyway.
MIN_SESSION_VALUE = 6


class Secrets:
    """The secret values one run knows, and every way each is written."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._lock = threading.Lock()
        self._forms: dict[str, list[str]] = {}
        for value in values:
            self.add(value)

    def add(self, value: str) -> None:
        if value:
            with self._lock:
                self._forms.setdefault(value, _forms(value))

    def add_session(self, value: str) -> None:
        """A value that logs a browser in (a cookie, web storage): a secret unless it is
        shorter than MIN_SESSION_VALUE."""
        if len(value) >= MIN_SESSION_VALUE:
            self.add(value)

    def add_token(self, value: str) -> None:
        """A value found rather than given (a cookie the site set, a header): a secret where
        it looks like a credential, long and not a word. "dismiss" or "accepted" (a consent
        banner's cookie) would be starred out of every page and report; a session id, a
        token, a signed value would not be missed."""
        if looks_like_token(value):
            self.add(value)

    def __contains__(self, value: object) -> bool:
        return value in self._forms

    def __len__(self) -> int:
        return len(self._forms)

    def _all_forms(self) -> list[str]:
        with self._lock:  # a snapshot: another thread of the run may add one meanwhile
            forms = {form for found in self._forms.values() for form in found}
        return sorted(forms, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for form in self._all_forms():
            text = text.replace(form, REDACTED)
        return text

    def redact_bytes(self, data: bytes) -> bytes:
        for form in self._all_forms():
            data = data.replace(form.encode("utf-8"), REDACTED.encode())
        return data

    def scrub_zip(self, source_path: Path, target_path: Path) -> None:
        """Copy a zip (a Playwright trace) with every secret replaced in every member. Every
        cookie the trace shows sent or set is a secret too: a session the site issued during
        the run (after a login, a password change) is in its headers only."""
        with zipfile.ZipFile(source_path) as source:
            for info in source.infolist():
                if info.filename.endswith(".network"):
                    for value in cookie_values(source.read(info)):
                        self.add_token(value)
        with tempfile.NamedTemporaryFile(
            dir=target_path.parent, suffix=".zip", delete=False
        ) as handle:
            temporary = Path(handle.name)
        try:
            with (
                zipfile.ZipFile(source_path) as source,
                zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target,
            ):
                for info in source.infolist():
                    target.writestr(info, self.redact_bytes(source.read(info)))
            shutil.move(temporary, target_path)
        finally:
            temporary.unlink(missing_ok=True)

    @contextmanager
    def active(self) -> Iterator[Secrets]:
        """Make these the secrets that redact() and the log scrub with, in this thread, for
        the duration of the block."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)


_ACTIVE: ContextVar[Secrets | None] = ContextVar("tebiki_secrets", default=None)


MIN_TOKEN = 12


def looks_like_token(value: str) -> bool:
    """Long, and more than letters (a digit or a sign among them), or very long."""
    if len(value) < MIN_TOKEN or value.isspace():
        return False
    return len(value) >= 32 or not value.isalpha()


def cookie_values(network: bytes) -> set[str]:
    """The value of every cookie in a trace's network log (JSON lines of HAR entries): in
    Cookie and Set-Cookie headers, and in HAR's own cookie lists."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            name = str(node.get("name", "")).lower()
            value = node.get("value")
            if isinstance(value, str) and name in ("cookie", "set-cookie"):
                found.update(_header_cookie_values(value, name == "set-cookie"))
            elif isinstance(value, str) and name in (
                "authorization",
                "x-csrf-token",
                "x-csrftoken",
            ):
                found.add(value.split(" ", 1)[-1])  # a bearer token, without its scheme
            cookies = node.get("cookies")
            for cookie in cookies if isinstance(cookies, list) else ():
                if isinstance(cookie, dict) and isinstance(cookie.get("value"), str):
                    found.add(cookie["value"])
            for child in node.values():
                if isinstance(child, dict | list):
                    walk(child)

    for line in network.splitlines():
        try:
            walk(json.loads(line))
        except ValueError:
            continue
    return {value for value in found if value}


def _header_cookie_values(header: str, set_cookie: bool) -> list[str]:
    """name=value pairs of a Cookie header (``a=1; b=2``) or of Set-Cookie headers (one per
    line, each ``name=value; Path=/; …``)."""
    values = []
    for line in header.splitlines():
        pairs = line.split(";")[:1] if set_cookie else line.split(";")
        for pair in pairs:
            if "=" in pair:
                values.append(pair.split("=", 1)[1].strip().strip('"'))
    return values


def _form_encoded(secret: str) -> str:
    """application/x-www-form-urlencoded as browsers write it (WHATWG): ``~`` becomes %7E and
    ``*`` stays, unlike Python's quote_plus."""
    out = []
    for byte in secret.encode("utf-8"):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "*-._"):
            out.append(char)
        elif char == " ":
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _forms(secret: str) -> list[str]:
    """Every way the secret is written in a request body, a URL or a JSON document."""
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        _form_encoded(secret),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
    }
    return sorted(forms, key=len, reverse=True)


def redact(text: str) -> str:
    """Scrub text with the secrets of the run under way in this thread, if any."""
    secrets = _ACTIVE.get()
    return secrets.redact(text) if secrets is not None else text
