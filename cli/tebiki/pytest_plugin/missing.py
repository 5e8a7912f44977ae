"""The browser fixtures' names where pytest-playwright is not installed (or is disabled): a
test that asks for one fails saying what to install, not "fixture not found"."""

from __future__ import annotations

import pytest

INSTALL = (
    "tebiki's browser fixtures (tebiki_page, tebiki_play) and --base-url come with "
    'pytest-playwright, which is not in use here: pip install "tebiki[pytest]" '
    "(pytest and pytest-playwright)"
)


@pytest.fixture
def tebiki_page() -> None:
    pytest.fail(INSTALL, pytrace=False)


@pytest.fixture
def tebiki_play() -> None:
    pytest.fail(INSTALL, pytrace=False)
