"""The one grammar for a length of time, shared by the settings and the chat forms.

A duration is one or more number-unit parts, spaces optional: ``90s``, ``30m``, ``24h``,
``2d``, ``1h30m``, ``7 days``, ``2 weeks``, ``1 month`` (30 days). Units: s/sec/second,
m/min/minute, h/hr/hour, d/day, w/week, month, each also in the plural. A bare number is
seconds where the caller allows it (settings), never in chat, where "7" alone is ambiguous.
"""

from __future__ import annotations

import re
from datetime import timedelta

UNITS: dict[str, timedelta] = {
    "s": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "w": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "month": timedelta(days=30),
}
HELP = (
    "use a whole number of seconds (90) or numbers with a unit s, m, h, d or w "
    "(90s, 30m, 24h, 2d, 1h30m, 7 days)"
)

_PART = re.compile(r"\s*([0-9]{1,12})\s*([a-z]+)")
_BARE = re.compile(r"[0-9]{1,12}")


def _unit(word: str) -> timedelta | None:
    if word in UNITS:
        return UNITS[word]
    if word.endswith("s") and word[:-1] in UNITS and len(word) > 2:
        return UNITS[word[:-1]]
    return None


def parse_duration(text: str, *, bare_seconds: bool = False) -> timedelta | None:
    """The duration ``text`` says, or None when it is not one (the caller words the error).

    Never negative; None also for a value too long for ``timedelta``."""
    raw = text.strip().lower()
    try:
        if bare_seconds and _BARE.fullmatch(raw):
            return timedelta(seconds=int(raw))
        total = timedelta(0)
        position = 0
        for match in _PART.finditer(raw):
            if match.start() != position:
                return None
            unit = _unit(match.group(2))
            if unit is None:
                return None
            total += int(match.group(1)) * unit
            position = match.end()
    except OverflowError:
        return None
    if position == 0 or position != len(raw):
        return None
    return total
