"""Small SQL helpers shared by the repositories, the unit of work and the outbox."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from core.shared.errors import Conflict


def upsert_insert(dialect: str, table: Table) -> Any:
    """The dialect's INSERT that knows ``ON CONFLICT`` (SQLite and PostgreSQL share it)."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"BotGig storage supports sqlite and postgresql, not {dialect}")


def is_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return (
        "UNIQUE constraint failed" in text
        or "duplicate key value" in text
        or getattr(exc.orig, "sqlstate", None) == "23505"
        or getattr(exc.orig, "pgcode", None) == "23505"
    )


@asynccontextmanager
async def conflicts_as(
    conn: AsyncConnection, conflicts: Mapping[tuple[str, ...], Callable[[], Conflict]]
) -> AsyncIterator[None]:
    """Run the block in a SAVEPOINT and turn a unique violation into the ``Conflict`` whose
    markers (column or constraint names) appear in the database's message.

    The savepoint keeps the surrounding transaction usable: PostgreSQL aborts a whole
    transaction on an error otherwise.
    """
    try:
        async with conn.begin_nested():
            yield
    except IntegrityError as exc:
        if is_unique_violation(exc):
            detail = str(exc.orig)
            for markers, conflict in conflicts.items():
                if any(marker in detail for marker in markers):
                    raise conflict() from None
        raise


_WORD = re.compile(r"[^\W_]+")
MAX_SEARCH_WORDS = 8


def search_words(words: str | None) -> list[str]:
    """The letters-and-digits tokens of a user's search, lower-cased; punctuation and
    operators never reach the full-text query syntax."""
    if not words:
        return []
    return [w.lower() for w in _WORD.findall(words)][:MAX_SEARCH_WORDS]


def fts5_query(words: list[str]) -> str:
    # Each token quoted (so AND/OR/NEAR are plain words) and prefix-matched, all required.
    return " ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)
