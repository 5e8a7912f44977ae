"""Text from a flow file or a page, made inert for a terminal: a caption, a label or a page's
words may carry control characters (an escape sequence that retitles the window, hides text,
draws a link, moves the cursor; a carriage return or backspace that overwrites what was
printed; a bidirectional override that reorders it). Each such character is shown as a
visible \\uXXXX escape instead; newline and tab stay. A very long message is shortened with a
count of what was left out.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

# C0 but newline and tab, DEL, C1, the bidirectional embeddings, overrides and isolates, and
# the line and paragraph separators (they break a line where a terminal shows none).
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)

LONGEST = 2000  # characters of one message: past this, the rest is counted, not printed


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def inert(text: str) -> str:
    """The text with every control character shown as an escape."""
    return _CONTROL.sub(_escaped, text)


def shortened(text: str, longest: int = LONGEST) -> str:
    """The text, or its first ``longest`` characters and how many more there were."""
    if len(text) <= longest:
        return text
    return f"{text[:longest]}… ({len(text) - longest} more characters)"


class InertStream(io.TextIOBase):
    """A text stream that writes through another, every control character escaped: what the
    command prints can carry a flow's or a page's words, and no tebiki output needs one. It
    has no ``buffer``: nothing can write around it in bytes (click would, for a stream whose
    encoding it distrusts)."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(inert(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self._stream.errors
