"""Time as the core sees it: a ``Clock`` port, and the wall clock that production uses."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    """Wall-clock UTC time. Tests pass a fake clock instead."""

    def now(self) -> datetime:
        return datetime.now(UTC)
