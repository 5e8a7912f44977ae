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
    for secret in tuple(_SECRETS):  # a snapshot: other threads may add secrets meanwhile
        for form in _forms(secret):
            text = text.replace(form, REDACTED)
    return text


def _redact_bytes(data: bytes) -> bytes:
    for secret in tuple(_SECRETS):
        for form in _forms(secret):
            data = data.replace(form.encode("utf-8"), REDACTED.encode())
    return data


def scrub_zip(source_path: Path, target_path: Path) -> None:
    """Copy a zip (a Playwright trace) with every secret replaced in every member."""
    with tempfile.NamedTemporaryFile(dir=target_path.parent, suffix=".zip", delete=False) as handle:
        temporary = Path(handle.name)
    try:
        with (
            zipfile.ZipFile(source_path) as source,
            zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            for info in source.infolist():
                target.writestr(info, _redact_bytes(source.read(info)))
        shutil.move(temporary, target_path)
    finally:
        temporary.unlink(missing_ok=True)
