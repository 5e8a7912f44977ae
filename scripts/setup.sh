#!/usr/bin/env bash
# Idempotent set-up: .venv from the lock file, the tebiki command, a Chromium and Japanese fonts.
# Second runs are fast: each part is skipped when what it makes is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.tebiki-lock-stamp"

say() { printf 'setup: %s\n' "$*" >&2; }

if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi

want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
    say "installing pinned dependencies (requirements.lock)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
    echo "$want" > "$STAMP"
fi

# Bytecode for tebiki's own modules: where PYTHONDONTWRITEBYTECODE is set, Python would
# otherwise compile them anew at every start (pip already compiles what it installs).
"$VENV/bin/python" -m compileall -q cli mock_site >/dev/null

apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing $* with apt-get"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        say "installing $* with sudo apt-get"
        sudo -n apt-get update -qq >/dev/null
        sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    else
        return 1
    fi
}

# A browser: --browser-path / TEBIKI_BROWSER_PATH, a Playwright-managed Chromium, or a system one.
if ! "$VENV/bin/python" -m tebiki.browser >/dev/null 2>&1; then
    if ! apt_install chromium fonts-noto-cjk; then
        say "no Chromium found. Install one of:"
        say "  Debian/Ubuntu:  sudo apt-get install chromium fonts-noto-cjk"
        say "  any system:     $VENV/bin/playwright install chromium"
        say "  or point TEBIKI_BROWSER_PATH at a Chromium or Chrome binary"
        exit 3
    fi
fi

# A headless shell for headless runs (a fraction of a full browser's CPU), where none is there
# yet; the full Chromium above still serves headed runs (guide, record, --headed).
if [ "$("$VENV/bin/python" -m tebiki.browser --headless 2>/dev/null)" = "$("$VENV/bin/python" -m tebiki.browser 2>/dev/null)" ] \
    && [ -z "${TEBIKI_BROWSER_PATH:-}" ]; then
    apt_install chromium-headless-shell || say "note: no headless shell; headless runs use the full Chromium"
fi

# Japanese fonts, so labels render as text rather than boxes in screenshots.
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=ja 2>/dev/null | head -1)" ]; then
    apt_install fonts-noto-cjk || say "warning: no Japanese font found; install fonts-noto-cjk for readable screenshots"
fi

# An ffmpeg for walkthrough.webm: the system's, or the one `playwright install` brings.
if ! command -v ffmpeg >/dev/null 2>&1 && [ -z "$(ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/ffmpeg-*/ffmpeg-* 2>/dev/null | head -1)" ]; then
    apt_install ffmpeg || say "note: no ffmpeg; shots leaves walkthrough.webm out (install ffmpeg for it)"
fi

say "ready: $("$VENV/bin/python" -m tebiki.browser) (headless: $("$VENV/bin/python" -m tebiki.browser --headless))"
