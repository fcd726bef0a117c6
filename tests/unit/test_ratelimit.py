"""The one rate limiter: fixed, epoch-aligned windows over an atomic counter."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from core.shared import ratelimit


class Counts:
    """A counter with the store's contract: one atomic increment per hit."""

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, datetime]] = Counter()

    async def hit(self, bucket: str, window_start: datetime) -> int:
        self.counts[(bucket, window_start)] += 1
        return self.counts[(bucket, window_start)]


AT = datetime(2026, 12, 2, 10, 0, 17, tzinfo=UTC)
PER_MINUTE = ratelimit.Limit(3, timedelta(minutes=1))


async def test_hits_up_to_the_limit_pass_and_the_first_refusal_is_marked_once() -> None:
    counts = Counts()
    verdicts = [await ratelimit.hit(counts, "b", PER_MINUTE, AT) for _ in range(5)]
    assert [v.allowed for v in verdicts] == [True, True, True, False, False]
    assert [v.first_refusal for v in verdicts] == [False, False, False, True, False]
    assert verdicts[-1].retry_after == pytest.approx(43.0)


async def test_windows_are_aligned_so_every_process_agrees() -> None:
    counts = Counts()
    for _ in range(3):
        await ratelimit.hit(counts, "b", PER_MINUTE, AT)
    # 10:00:59 is the same window; 10:01:00 a new one.
    same = await ratelimit.hit(counts, "b", PER_MINUTE, AT.replace(second=59))
    fresh = await ratelimit.hit(counts, "b", PER_MINUTE, AT + timedelta(seconds=43))
    assert not same.allowed
    assert fresh.allowed and fresh.count == 1
    assert ratelimit.window_start(AT, timedelta(hours=1)) == AT.replace(minute=0, second=0)


async def test_buckets_are_independent_and_a_zero_limit_is_off() -> None:
    counts = Counts()
    for _ in range(3):
        await ratelimit.hit(counts, "a", PER_MINUTE, AT)
    assert (await ratelimit.hit(counts, "b", PER_MINUTE, AT)).allowed
    off = ratelimit.Limit(0, timedelta(minutes=1))
    assert all([(await ratelimit.hit(counts, "c", off, AT)).allowed for _ in range(10)])
    assert ("c", AT.replace(second=0)) not in counts.counts


def test_a_window_under_a_second_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one second"):
        ratelimit.window_start(AT, timedelta(milliseconds=10))


async def test_the_in_process_limiter_counts_windows_and_forgets_ended_ones() -> None:
    limiter = ratelimit.InProcessLimiter()
    verdicts = [await limiter.hit("b", PER_MINUTE, AT) for _ in range(4)]
    assert [v.count for v in verdicts] == [1, 2, 3, 4]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[3].first_refusal and verdicts[3].retry_after == 43.0
    assert (await limiter.peek("b", PER_MINUTE, AT)).count == 5  # as one more hit
    assert (await limiter.peek("other", PER_MINUTE, AT)).allowed
    next_minute = AT + timedelta(minutes=1)
    assert (await limiter.hit("b", PER_MINUTE, next_minute)).count == 1
    # The ended window is gone from memory, not just ignored.
    assert len(limiter._counts) == 1
    off = ratelimit.Limit(0, timedelta(minutes=1))
    assert (await limiter.hit("b", off, next_minute)).allowed
