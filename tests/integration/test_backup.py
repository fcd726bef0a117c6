"""``botgig backup`` and ``botgig restore``: back up while BotGig writes, write more, restore,
and the data is the backup's — on SQLite (online backup API) and PostgreSQL (pg_dump)."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from botgig.bootstrap import bootstrap
from botgig.commands import backup_database, restore_database
from botgig.settings import Settings
from botgig.startup import migrate
from core.accounts.accounts import ensure_chat_account
from storage import tables as t
from storage.backup import pg_dump_command
from storage.db import create_engine
from tests.integration.conftest import _admin_execute


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(_env_file=None, database_url=url, data_dir=tmp_path)


async def _add_accounts(settings: Settings, names: list[str]) -> None:
    container = bootstrap(settings)
    try:
        for name in names:
            await ensure_chat_account(
                container.ctx, provider="telegram", external_id=name, display_name=name
            )
    finally:
        await container.close()


async def _names(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(t.account.c.display_name).order_by(t.account.c.id))
            return [r[0] for r in rows]
    finally:
        await engine.dispose()


async def test_sqlite_backup_while_writing_then_restore(tmp_path: Path) -> None:
    settings = _settings(f"sqlite+aiosqlite:///{tmp_path / 'live' / 'botgig.db'}", tmp_path)
    await migrate(settings)
    await _add_accounts(settings, [f"before-{n}" for n in range(5)])

    # A writer keeps going while the backup is taken: the online backup waits for nobody.
    writing = asyncio.create_task(_add_accounts(settings, [f"during-{n}" for n in range(30)]))
    await asyncio.sleep(0.05)
    backup = tmp_path / "backups" / "botgig-1.db"
    await backup_database(settings, backup)
    await writing

    with sqlite3.connect(backup) as check:
        assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    check.close()
    url = f"sqlite+aiosqlite:///{backup}"
    backed_up = await _names(url)
    assert backed_up[:5] == [f"before-{n}" for n in range(5)]
    # A consistent snapshot: the first accounts of the writer, in order, none torn.
    during = backed_up[5:]
    assert during == [f"during-{n}" for n in range(len(during))]

    await _add_accounts(settings, ["after-backup"])
    assert (await _names(settings.database_url))[-1] == "after-backup"

    await restore_database(settings, backup)
    assert await _names(settings.database_url) == backed_up
    # The restored database is a working one: BotGig migrates and writes to it again.
    await migrate(settings)
    await _add_accounts(settings, ["after-restore"])
    assert await _names(settings.database_url) == [*backed_up, "after-restore"]


async def test_backup_refuses_to_overwrite_and_restore_checks_the_file(tmp_path: Path) -> None:
    settings = _settings(f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}", tmp_path)
    await migrate(settings)
    existing = tmp_path / "taken.db"
    existing.write_bytes(b"something precious")
    with pytest.raises(SystemExit, match=r"taken\.db exists; back up to a new file"):
        await backup_database(settings, existing)
    assert existing.read_bytes() == b"something precious"

    with pytest.raises(SystemExit, match="not a sound SQLite database"):
        await restore_database(settings, existing)
    with pytest.raises(SystemExit, match="there is no backup file at"):
        await restore_database(settings, tmp_path / "missing.db")


def test_pg_dump_command_keeps_the_password_off_the_command_line(tmp_path: Path) -> None:
    command = pg_dump_command(
        "postgresql+asyncpg://botgig:s3cret-pw@db.internal:5433/market", tmp_path / "x.dump"
    )
    assert "s3cret-pw" not in command.shown
    assert command.env == {"PGPASSWORD": "s3cret-pw"}
    assert command.args[-1] == "market"
    assert "--host=db.internal" in command.args and "--port=5433" in command.args


@pytest.mark.postgres
async def test_postgres_backup_with_pg_dump_then_restore(
    postgres_server: str, tmp_path: Path
) -> None:
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.fail("pg_dump/pg_restore are missing: apt-get install postgresql-client")
    live, restored = (f"botgig_bk_{uuid.uuid4().hex[:10]}" for _ in range(2))
    await _admin_execute(
        postgres_server, f'CREATE DATABASE "{live}"', f'CREATE DATABASE "{restored}"'
    )
    base = make_url(postgres_server)
    live_url = base.set(database=live).render_as_string(hide_password=False)
    restored_url = base.set(database=restored).render_as_string(hide_password=False)
    try:
        settings = _settings(live_url, tmp_path)
        await migrate(settings)
        await _add_accounts(settings, ["alice", "bob"])
        dump = tmp_path / "botgig.dump"
        await backup_database(settings, dump)
        await _add_accounts(settings, ["after-backup"])

        command = pg_dump_command(restored_url, dump)
        connection = [
            a for a in command.args if a.startswith(("--host=", "--port=", "--username="))
        ]
        done = await asyncio.create_subprocess_exec(
            "pg_restore", "--no-owner", *connection, f"--dbname={restored}", str(dump),
            stderr=asyncio.subprocess.PIPE,
        )
        _, errors = await done.communicate()
        assert done.returncode == 0, errors.decode()
        assert await _names(restored_url) == ["alice", "bob"]
        assert await _names(live_url) == ["alice", "bob", "after-backup"]
    finally:
        drop = 'DROP DATABASE IF EXISTS "{}" WITH (FORCE)'
        await _admin_execute(postgres_server, drop.format(live), drop.format(restored))
