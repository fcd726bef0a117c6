"""The composition root picks the per-request limiter from BOTGIG_RATE_LIMITER and
BOTGIG_REDIS_URL (issue 12): Redis when the URL is set, memory on SQLite, the database on
PostgreSQL; and its units of work record chat deliveries."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from botgig.bootstrap import bootstrap
from botgig.settings import Settings
from core.shared.delivery import records_deliveries
from core.shared.ratelimit import InProcessLimiter
from storage.limits import RedisLimiter, SqlLimiter

PG = "postgresql+asyncpg://postgres@127.0.0.1:5432/nowhere"


@pytest.mark.parametrize(
    ("overrides", "kind", "adapter"),
    [
        ({}, "memory", InProcessLimiter),
        ({"database_url": PG}, "database", SqlLimiter),
        ({"redis_url": "redis://127.0.0.1:6379/15"}, "redis", RedisLimiter),
        ({"database_url": PG, "redis_url": "redis://127.0.0.1:6379/15"}, "redis", RedisLimiter),
        ({"rate_limiter": "database"}, "database", SqlLimiter),
        ({"database_url": PG, "rate_limiter": "memory"}, "memory", InProcessLimiter),
    ],
)
async def test_the_limiter_follows_the_settings(
    tmp_path: Path, overrides: dict[str, str], kind: str, adapter: type
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path, **overrides)  # type: ignore[arg-type]
    assert settings.rate_limiter_kind() == kind
    container = bootstrap(settings)
    try:
        assert isinstance(container.ctx.rate_limiter, adapter)
        assert records_deliveries(container.ctx.uow)
    finally:
        await container.close()


def test_redis_without_a_url_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="needs BOTGIG_REDIS_URL"):
        Settings(_env_file=None, data_dir=tmp_path, rate_limiter="redis")
    with pytest.raises(ValidationError):
        Settings(_env_file=None, data_dir=tmp_path, rate_limiter="sometimes")
