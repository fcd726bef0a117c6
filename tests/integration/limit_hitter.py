"""One process hitting one bucket of a shared limiter, for test_limits' two-process test.

    python -m tests.integration.limit_hitter {redis|database} URL BUCKET HITS LIMIT

Waits for a line on stdin (so both processes start together), makes ``HITS`` concurrent
hits under at most ``LIMIT`` an hour and prints ``[count, allowed]`` per hit, as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta

from core.shared.ratelimit import Limit, Limiter
from storage.db import create_engine
from storage.limits import RedisLimiter, SqlLimiter


async def main(kind: str, url: str, bucket: str, hits: int, most: int) -> None:
    limit = Limit(most, timedelta(hours=1))
    engine = create_engine(url) if kind == "database" else None
    limiter: Limiter = SqlLimiter(engine) if engine is not None else RedisLimiter.from_url(url)
    now = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    # Warm the connection pool, then wait for the signal.
    await limiter.peek(bucket, limit, now)
    await asyncio.to_thread(sys.stdin.readline)
    verdicts = await asyncio.gather(*(limiter.hit(bucket, limit, now) for _ in range(hits)))
    print(json.dumps([[v.count, v.allowed] for v in verdicts]))
    if engine is not None:
        await engine.dispose()
    if isinstance(limiter, RedisLimiter):
        await limiter.aclose()


if __name__ == "__main__":
    kind, url, bucket, hits, most = sys.argv[1:6]
    asyncio.run(main(kind, url, bucket, int(hits), int(most)))
