"""Read-only units of work (issue 12, item 1): they refuse every write, on SQLite they begin
deferred so readers never queue on the writers' lock, and a writing unit on the same pooled
connection still writes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.shared.events import DomainEvent
from core.shared.uow import ReadOnlyUnitError, UnitOfWorkFactory
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.integration import builders as b
from tests.integration.conftest import T0, FakeClock


async def test_a_read_only_unit_refuses_a_repository_write(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory(read_only=True) as uow:
        assert await uow.accounts.get(1) is None
        with pytest.raises(ReadOnlyUnitError, match="INSERT on account"):
            await uow.accounts.add(b.account(T0))
    async with uow_factory(read_only=True) as uow:
        with pytest.raises(ReadOnlyUnitError, match="publishing"):
            uow.publish(DomainEvent("offer.published", {}))
    async with uow_factory() as uow:
        assert await uow.accounts.get_many([1]) == {}


async def test_the_database_refuses_a_raw_write_in_a_read_only_unit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory(read_only=True) as uow:
        conn = await uow.connection()  # type: ignore[attr-defined]
        # Past the statement check (text is not parsed): the database itself refuses it.
        with pytest.raises(DBAPIError, match=r"(?i)read-?only"):
            await conn.execute(text("DELETE FROM account"))


async def test_a_writing_unit_after_a_read_only_one_writes(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory
) -> None:
    for _ in range(3):  # the same pooled connection, switched back and forth
        async with uow_factory(read_only=True) as uow:
            await uow.accounts.get(1)
        async with uow_factory() as uow:
            added = await uow.accounts.add(b.account(T0))
            await uow.commit()
    async with uow_factory(read_only=True) as uow:
        assert (await uow.accounts.get(added.id)) == added
    if engine.dialect.name == "postgresql":
        async with uow_factory(read_only=True) as uow:
            conn = await uow.connection()  # type: ignore[attr-defined]
            assert (await conn.execute(text("SHOW transaction_read_only"))).scalar() == "on"
        async with uow_factory() as uow:
            conn = await uow.connection()  # type: ignore[attr-defined]
            assert (await conn.execute(text("SHOW transaction_read_only"))).scalar() == "off"


async def test_sqlite_readers_run_beside_a_writer_holding_the_lock(tmp_path: Path) -> None:
    """With ``BEGIN IMMEDIATE`` for every unit the readers would wait for the writer's lock
    (and, past the busy timeout, fail with "database is locked"); deferred, they read the
    last committed state while the writer works, and see its row once it commits."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'wal.db'}"
    await upgrade(url)
    engine = create_engine(url)
    try:
        uow_factory = make_uow_factory(engine, FakeClock())
        async with engine.connect() as conn:
            mode = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        assert mode == "wal"
        async with uow_factory() as uow:
            first = await uow.accounts.add(b.account(T0, display_name="First"))
            await uow.commit()

        writer_holds_lock = asyncio.Event()
        readers_done = asyncio.Event()

        async def writer() -> int:
            async with uow_factory() as uow:
                added = await uow.accounts.add(b.account(T0, display_name="Second"))
                writer_holds_lock.set()
                await readers_done.wait()  # the lock stays held while both readers read
                await uow.commit()
                return added.id

        async def reader() -> set[int]:
            await writer_holds_lock.wait()
            async with uow_factory(read_only=True) as uow:
                found = await uow.accounts.get_many([first.id, first.id + 1])
                return set(found)

        async def readers() -> list[set[int]]:
            try:
                return list(await asyncio.gather(reader(), reader()))
            finally:
                readers_done.set()

        # The bound only turns a hang (readers queued behind the writer) into a failure.
        second_id, seen = await asyncio.wait_for(asyncio.gather(writer(), readers()), 20)
        assert seen == [{first.id}, {first.id}]
        async with uow_factory(read_only=True) as uow:
            assert set(await uow.accounts.get_many([first.id, second_id])) == {
                first.id, second_id}
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_postgres_replaces_pooled_connections_the_server_dropped(
    postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``pool_pre_ping``: a connection back from an idle spell is pinged at checkout,
    and one the server dropped meanwhile is replaced before the unit of work sees it."""
    engine = create_engine(postgres_database)
    admin = create_engine(postgres_database)
    try:
        uow_factory = make_uow_factory(engine, FakeClock())
        async with uow_factory(read_only=True) as uow:
            conn = await uow.connection()  # type: ignore[attr-defined]
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar()
        async with admin.connect() as conn:
            assert (await conn.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar()
        monkeypatch.setattr("storage.db.IDLE_PING_AFTER_S", 0.0)
        async with uow_factory(read_only=True) as uow:
            conn = await uow.connection()  # type: ignore[attr-defined]
            assert (await conn.execute(text("SELECT pg_backend_pid()"))).scalar() != pid
    finally:
        await engine.dispose()
        await admin.dispose()
