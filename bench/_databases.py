"""The two databases every storage bench runs on: a scratch SQLite file, then, when
``BOTGIG_TEST_POSTGRES_URL`` is set, a scratch PostgreSQL database made for the run and
dropped after it (so a bench never touches the tests' database)."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import create_engine


async def on_each_database(run: Callable[[str, str], Awaitable[None]]) -> None:
    """``run(url, label)`` on SQLite, then on PostgreSQL when it is configured."""
    with tempfile.TemporaryDirectory() as tmp:
        await run(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", "SQLite")
    pg = os.environ.get("BOTGIG_TEST_POSTGRES_URL")
    if not pg:
        return
    name = f"botgig_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(make_url(pg).set(database="postgres"), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        await run(make_url(pg).set(database=name).render_as_string(hide_password=False),
                  "PostgreSQL")
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
