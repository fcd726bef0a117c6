"""The one retry schedule."""

from __future__ import annotations

from datetime import timedelta

from core.shared.backoff import Backoff

SCHEDULE = Backoff(base=timedelta(seconds=5), cap=timedelta(hours=2))


def test_doubles_from_the_base_up_to_the_cap() -> None:
    delays = [SCHEDULE.delay(n) for n in (0, 1, 2, 3, 11, 12, 10_000)]
    assert delays[:4] == [timedelta(seconds=s) for s in (5, 5, 10, 20)]
    assert delays[4] == timedelta(seconds=5 * 2**10)
    assert delays[5:] == [timedelta(hours=2), timedelta(hours=2)]


def test_jitter_spreads_over_the_upper_half() -> None:
    assert SCHEDULE.delay(3, jitter=0.0) == timedelta(seconds=10)
    assert SCHEDULE.delay(3, jitter=0.999) < timedelta(seconds=20)
    assert SCHEDULE.delay(10_000, jitter=0.5) == timedelta(hours=1.5)
