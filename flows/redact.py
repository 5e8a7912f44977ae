"""The secrets this process knows, and scrubbing them out of text and written files.

Logs, reports and traces all pass through here. A Playwright trace records request bodies
and DOM snapshots, so a form that sent a password carries it; every written trace is
rewritten with each secret (raw, URL-encoded, JSON-escaped) replaced.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

_SECRETS: set[str] = set()
REDACTED = "********"


def register_secret(value: str) -> None:
    if value:
        _SECRETS.add(value)


def _forms(secret: str) -> list[str]:
    forms = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}
    return sorted(forms, key=len, reverse=True)


def redact(text: str) -> str:
    for secret in _SECRETS:
        for form in _forms(secret):
            text = text.replace(form, REDACTED)
    return text


def _redact_bytes(data: bytes) -> bytes:
    for secret in _SECRETS:
        for form in _forms(secret):
            data = data.replace(form.encode("utf-8"), REDACTED.encode())
    return data


def scrub_zip(path: Path) -> None:
    """Rewrite a zip (a Playwright trace) with every secret replaced in every member."""
    if not _SECRETS or not path.is_file():
        return
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".zip", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with zipfile.ZipFile(path) as source, \
                zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info, _redact_bytes(source.read(info)))
        shutil.move(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
