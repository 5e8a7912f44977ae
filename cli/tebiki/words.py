"""Counts in English as a person writes them: `1 flow`, `2 flows`, `all 3 steps`, `1 step`."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and the noun, plural unless the count is one: ``counted(1, "step")`` is
    ``1 step``. ``plural`` for a noun that does not just add an s (``entry``, ``entries``)."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def every(count: int, noun: str, plural: str | None = None) -> str:
    """``all 3 steps``; but ``1 step``, not ``all 1 steps``, when there is only one."""
    return counted(count, noun, plural) if count == 1 else f"all {counted(count, noun, plural)}"
