"""Storage tests run against real databases: SQLite (a file per test) and PostgreSQL (a
database per test session, created and dropped here, emptied before each test).

PostgreSQL comes from ``BOTGIG_TEST_POSTGRES_URL`` (e.g.
``postgresql+asyncpg://postgres@127.0.0.1:5432/test``); without it those tests skip, unless
``BOTGIG_TEST_REQUIRE_POSTGRES=1`` (CI), where a missing or unreachable server fails them.
Every schema is built by the migrations, so they are tested on both databases too.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.uow import UnitOfWorkFactory
from storage import tables
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory

POSTGRES_ENV = "BOTGIG_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "BOTGIG_TEST_REQUIRE_POSTGRES"

T0 = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime = T0) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current


def _postgres_unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{reason}, and {REQUIRE_POSTGRES_ENV}=1 requires PostgreSQL", pytrace=False)
    pytest.skip(reason)


async def _admin_execute(server_url: str, *statements: str) -> None:
    # CREATE/DROP DATABASE cannot run in a transaction: AUTOCOMMIT on the maintenance db.
    admin = create_engine(
        make_url(server_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    try:
        async with admin.connect() as conn:
            for statement in statements:
                await conn.execute(text(statement))
    finally:
        await admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        _postgres_unavailable(f"{POSTGRES_ENV} is not set; PostgreSQL storage tests skipped")
        raise AssertionError("unreachable")
    try:
        asyncio.run(_admin_execute(url, "SELECT 1"))
    except Exception as exc:
        _postgres_unavailable(f"PostgreSQL at {POSTGRES_ENV} is unreachable: {exc!r}")
    return url


@pytest.fixture(scope="session")
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A migrated database of this test session's own, dropped at the end."""
    name = f"botgig_test_{uuid.uuid4().hex[:12]}"
    url = make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    asyncio.run(_admin_execute(postgres_server, f'CREATE DATABASE "{name}"'))
    try:
        asyncio.run(upgrade(url))
        yield url
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        asyncio.run(_admin_execute(postgres_server, drop))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating each time is slower)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated database of either kind (emptied by the ``engine`` fixture)."""
    if request.param == "sqlite":
        path = tmp_path / "botgig.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if engine.dialect.name == "postgresql":
        async with engine.begin() as conn:
            names = ", ".join(f'"{t.name}"' for t in tables.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def uow_factory(engine: AsyncEngine, clock: FakeClock) -> UnitOfWorkFactory:
    return make_uow_factory(engine, clock)
