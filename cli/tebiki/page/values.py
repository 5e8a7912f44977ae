"""What a page shows, as numbers and dates: ``4,680円``, ``￥4,680``, ``2026年11月24日``,
``令和8年11月24日``, ``2026/11/24``. Each parser returns None for what it cannot read, so a
caller can say so in a report line instead of failing.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

_AMOUNT = re.compile(r"^\d+(?:,\d{3})*$|^\d+$")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A date may be followed by a time (2026/11/24 23:59), as the kanji form may.
_ISO_LIKE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?![\d.])")
_KANJI_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ERA_DATE = re.compile(r"^(令和|平成|R|H)\s*(元|\d{1,2})\s*[年.]\s*(\d{1,2})\s*[月.]\s*(\d{1,2})")
# The first year of each era in the Gregorian calendar.
_ERAS = {"令和": 2019, "R": 2019, "平成": 1989, "H": 1989}
# Words a page puts around an amount: 税込, (税込), 円, yen signs, "約".
_AMOUNT_NOISE = re.compile(r"[((][^))]*[))]|税込み?|税抜き?|円|¥|\\|約|JPY|yen", re.I)
_WEEKDAY = re.compile(r"[((][月火水木金土日](?:曜日?)?[))]")


def normalize(text: str | None) -> str:
    """Full-width digits and letters to half-width, runs of spaces to one, trimmed."""
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def parse_amount(text: str | None) -> int | None:
    """Yen as shown on a page: ``4,680円``, ``¥4,680``, ``４，６８０円(税込)``; None if the text
    is not one amount (empty, two numbers, a word, a negative sum)."""
    cleaned = _AMOUNT_NOISE.sub("", normalize(text)).replace(" ", "")
    if not cleaned or not _AMOUNT.match(cleaned):
        return None
    return int(cleaned.replace(",", ""))


def parse_number(text: str | None) -> float | None:
    """A rating or count, the first number shown: ``4.6``, ``★2``, ``2.9 (52件)``; None where
    there is none (``評価なし``)."""
    found = _NUMBER.search(normalize(text).replace(",", ""))
    return float(found.group(0)) if found else None


def parse_date(text: str | None) -> date | None:
    """``2026年11月24日`` (with or without a weekday), ``令和8年11月24日``, ``R8.11.24``,
    ``2026/11/24``, ``2026-11-24``; None for what is not a whole date (``11月24日`` has no
    year, ``近日`` is no date)."""
    cleaned = _WEEKDAY.sub("", normalize(text)).strip()
    match = _KANJI_DATE.match(cleaned) or _ISO_LIKE.match(cleaned)
    try:
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        era = _ERA_DATE.match(cleaned)
        if era:
            year = 1 if era.group(2) == "元" else int(era.group(2))
            if year < 1:
                return None  # 令和0年 is no year
            return date(_ERAS[era.group(1)] + year - 1, int(era.group(3)), int(era.group(4)))
    except ValueError:
        return None  # 2026年2月30日
    return None


def yen(amount: int) -> str:
    """An amount the way the site writes it: ``4,680円``."""
    return f"{amount:,}円"


def japanese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
