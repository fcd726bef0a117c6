"""The one retry schedule: exponential backoff, capped, optionally jittered.

Used by every queue that retries (the outbox dispatcher, outbound webhooks, the payment
jobs), so "how long until the next try" has one answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

# 2**30 times any sane base is already past every cap; the bound keeps timedelta in range.
_MAX_EXPONENT = 30


@dataclass(frozen=True)
class Backoff:
    """``base * 2^(attempts-1)``, at most ``cap``."""

    base: timedelta
    cap: timedelta

    def delay(self, attempts: int, jitter: float | None = None) -> timedelta:
        """Delay before attempt ``attempts + 1``. With ``jitter`` in [0, 1) the delay is
        spread over its upper half, so callers failing together do not retry in lockstep."""
        exponent = min(max(attempts - 1, 0), _MAX_EXPONENT)
        delay: timedelta = min(self.cap, self.base * (2**exponent))
        if jitter is not None:
            delay = delay * (0.5 + 0.5 * jitter)
        return delay
