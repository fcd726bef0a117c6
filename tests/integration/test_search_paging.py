"""Word search for common words (SQLite walks the date index with a rowid lookup per row,
see storage.listings.WALK_COST) gives the same order and the same cursor pages as for rare
ones (the match list), on SQLite and PostgreSQL; and the plans use the indexes (plans are
deterministic, timings are not)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.listings.model import RequestStatus
from core.listings.ports import BrowseQuery
from core.shared.uow import UnitOfWorkFactory
from storage import tables
from storage.listings import _REQUEST, _sqlite_matches, word_match
from tests.integration import builders as b
from tests.integration.conftest import T0

NOW = T0 + timedelta(days=30)
# Past 100 * (limit + 1) rows, a word in every row takes the walk (limit 7: 800 rows).
ROWS = 2600


async def _requests(uow_factory: UnitOfWorkFactory, engine: AsyncEngine) -> list[int]:
    """ROWS requests that all say "inbox", every 97th also "zebra"; created_at is shuffled
    against the id and paired into ties, so the order is (created_at, id), not the id.
    Returns the ids browsing must show, in order."""
    async with uow_factory() as uow:
        (buyer,) = await b.add_accounts(uow, T0, "Buyer")
        await uow.commit()
    rows = []
    for i in range(ROWS):
        created = T0 + timedelta(minutes=(i * 7919 % ROWS) // 2)
        request = b.request(
            created, buyer.id, deadline=NOW + timedelta(days=1),
            description="Sort emails" + (" and feed the zebra" if i % 97 == 0 else ""),
            status=RequestStatus.CLOSED if i % 13 == 0 else RequestStatus.OPEN,
        )
        rows.append(_REQUEST.row(request))
    async with engine.begin() as conn:
        await conn.execute(insert(tables.request), rows)
        if engine.dialect.name == "postgresql":
            await conn.execute(text("ANALYZE request"))
        found = (await conn.execute(
            select(tables.request.c.id, tables.request.c.created_at,
                   tables.request.c.description)
            .where(tables.request.c.status == RequestStatus.OPEN.value)
        )).all()
    ordered = sorted(found, key=lambda r: (r.created_at, r.id), reverse=True)
    return [r.id for r in ordered]


async def _all_pages(uow_factory: UnitOfWorkFactory, words: str, limit: int) -> list[int]:
    """Every page of the search, through the cursor."""
    seen: list[int] = []
    cursor: int | None = None
    while True:
        async with uow_factory() as uow:
            page = await uow.requests.browse(
                BrowseQuery(now=NOW, words=words, limit=limit, starting_after=cursor)
            )
        seen += [r.id for r in page.items]
        if not page.has_more:
            return seen
        cursor = page.items[-1].id


async def test_common_and_rare_words_page_in_browse_order(
    uow_factory: UnitOfWorkFactory, engine: AsyncEngine
) -> None:
    expected = await _requests(uow_factory, engine)
    async with engine.connect() as conn:
        zebras = {r.id for r in (await conn.execute(
            select(tables.request.c.id).where(tables.request.c.description.like("%zebra%"))
        )).all()}
    walks: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "request_fts.rowid" in statement:  # the correlated lookup
            walks.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    assert await _all_pages(uow_factory, "inbox", 7) == expected
    assert bool(walks) is (engine.dialect.name == "sqlite")  # the walk, not the list
    assert await _all_pages(uow_factory, "inb", 7) == expected  # a prefix, walked as terms
    walks.clear()
    assert await _all_pages(uow_factory, "inbox", 100) == expected  # the list
    assert await _all_pages(uow_factory, "inbox support", 500) == expected
    rare = [i for i in expected if i in zebras]
    assert rare and await _all_pages(uow_factory, "zebra", 7) == rare
    assert await _all_pages(uow_factory, "zeb inbox", 7) == rare  # prefix, and both words
    assert await _all_pages(uow_factory, "zebrafish", 7) == []
    assert walks == []
    event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_plans_use_the_indexes_for_common_and_rare_words(
    uow_factory: UnitOfWorkFactory, engine: AsyncEngine
) -> None:
    await _requests(uow_factory, engine)
    r = tables.request
    dialect = engine.dialect.name

    def browse(word: str) -> str:
        match = (_sqlite_matches(r.name, f'"{word}"', r.c.id) if dialect == "sqlite"
                 else word_match(dialect, r, [word]))
        stmt = (
            select(r.c.id)
            .where(r.c.status == RequestStatus.OPEN.value, match)
            .order_by(r.c.created_at.desc(), r.c.id.desc())
            .limit(21)
        )
        return str(stmt.compile(engine.sync_engine, compile_kwargs={"literal_binds": True}))

    # A rare word: the listed rows are read by id and sorted, not met by a walk.
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *a: Any) -> None:
        if statement.lstrip().startswith("SELECT request.id"):
            sent.append((statement, params))

    event.listen(engine.sync_engine, "before_cursor_execute", capture)
    async with uow_factory() as uow:
        await uow.requests.browse(BrowseQuery(now=NOW, words="zebra", limit=7))
    event.remove(engine.sync_engine, "before_cursor_execute", capture)
    async with engine.connect() as conn:
        if dialect == "sqlite":
            rows = (await conn.execute(text(f"EXPLAIN QUERY PLAN {browse('inbox')}"))).all()
            joined = " | ".join(str(row[-1]) for row in rows)
            # The date index serves the order; FTS5 answers one rowid per row, and no
            # subquery's full match list is built.
            assert "ix_request_status_created_at" in joined, joined
            assert "VIRTUAL TABLE INDEX" in joined and "LIST SUBQUERY" not in joined, joined
            assert "TEMP B-TREE" not in joined, joined
            statement, params = sent[-1]
            rows = (await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", params)).all()
            listed = " | ".join(str(row[-1]) for row in rows)
            assert "SEARCH request USING INTEGER PRIMARY KEY" in listed, listed
            assert "ix_request_status_created_at" not in listed, listed
        else:
            for word in ("zebra", "inbox"):
                plan = (await conn.execute(text(f"EXPLAIN {browse(word)}"))).scalars().all()
                # The stored tsvector is read, never recomputed per row.
                assert not any("to_tsvector" in line for line in plan), plan
            # A table this small is cheaper to walk (bench/search.py shows the plans at 100k
            # rows): forbid the other paths to see the GIN index serve the predicate.
            await conn.execute(text("SET LOCAL enable_seqscan = off"))
            await conn.execute(text("SET LOCAL enable_indexscan = off"))
            matched = select(r.c.id).where(word_match(dialect, r, ["zebra"]))
            sql = matched.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
            plan = (await conn.execute(text(f"EXPLAIN {sql}"))).scalars().all()
            assert any("Bitmap Index Scan on ix_request_search" in line for line in plan), plan
