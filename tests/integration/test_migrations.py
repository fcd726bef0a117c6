"""The migrations build the schema the tables describe, and undo it completely."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from core.accounts.model import Authorship
from core.listings.ports import BrowseQuery
from core.orders.model import UNDECLARED, Delivery, Provenance
from storage.db import create_engine
from storage.listings import offer_rank_key
from storage.migrate import alembic_config, current, downgrade, upgrade
from storage.tables import metadata
from storage.uow import make_uow_factory
from tests.integration import builders as b
from tests.integration.conftest import T0, _admin_execute

#: The newest revision: every migration applies, whichever was added last.
HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database with nothing in it: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/nested/dir/empty.db"
        return
    server: str = request.getfixturevalue("postgres_server")
    name = f"botgig_mig_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(server, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _inspect(url: str, fn: Any) -> Any:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _tables(sync_conn: Any) -> set[str]:
    return set(inspect(sync_conn).get_table_names())


def _schema_diff(sync_conn: Any) -> list[Any]:
    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        # The full-text machinery lives in the migration only (FTS5 tables, GIN indexes).
        return not (name and (name.endswith("_search") or "_fts" in name))

    context = MigrationContext.configure(
        sync_conn, opts={"compare_type": True, "include_object": include}
    )
    return list(compare_metadata(context, metadata))


async def test_upgrade_from_empty_then_downgrade_to_empty(empty_database: str) -> None:
    await upgrade(empty_database)
    assert await current(empty_database) == HEAD
    created = await _inspect(empty_database, _tables)
    assert {t.name for t in metadata.sorted_tables} <= created
    assert await _inspect(empty_database, _schema_diff) == []

    await downgrade(empty_database)
    assert await current(empty_database) is None
    assert await _inspect(empty_database, _tables) == {"alembic_version"}

    await upgrade(empty_database)
    assert await current(empty_database) == HEAD


async def test_search_machinery_is_created(empty_database: str) -> None:
    await upgrade(empty_database)

    def search_objects(sync_conn: Any) -> set[str]:
        if sync_conn.dialect.name == "sqlite":
            rows = sync_conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE '%_fts%' AND type IN "
                "('table', 'trigger')"))
        else:
            rows = sync_conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE '%_search'"))
        return {r[0] for r in rows}

    found = await _inspect(empty_database, search_objects)
    if "sqlite" in empty_database:
        assert {"offer_fts", "request_fts", "offer_fts_insert", "offer_fts_update",
                "offer_fts_delete", "request_fts_update"} <= found
    else:
        assert found == {"ix_offer_search", "ix_request_search"}



async def test_provenance_placeholders_become_undeclared_and_back(empty_database: str) -> None:
    """0011: the English placeholder of an undeclared agent delivery becomes ``declared:
    false``; a real declaration and the supervisor's sign-off survive both directions."""
    await upgrade(empty_database)
    engine = create_engine(empty_database)
    try:
        uow_factory = make_uow_factory(engine)
        async with uow_factory() as uow:
            buyer, seller = await b.add_accounts(uow, T0, "Buyer", "Seller")
            order = await uow.orders.add(b.order(T0, buyer.id, seller.id))
            undeclared, declared = [
                await uow.orders.add_delivery(Delivery(
                    id=0, order_id=order.id, author_id=seller.id, authorship=Authorship.AGENT,
                    note=f"run {i}", created_at=T0, provenance=provenance))
                for i, provenance in enumerate((
                    replace(UNDECLARED, reviewed_by=buyer.id, reviewed_at=T0),
                    Provenance(automated="scraping", tools=("playwright",),
                               human_reviewed=True),
                ))
            ]
            await uow.commit()

        await downgrade(empty_database, "0010")

        def stored(sync_conn: Any) -> dict[int, Any]:
            rows = sync_conn.execute(text("SELECT id, provenance FROM delivery"))
            return {r[0]: json.loads(r[1]) if isinstance(r[1], str) else r[1] for r in rows}

        old = await _inspect(empty_database, stored)
        assert old[undeclared.id]["automated"] == "not declared by the agent"
        assert "declared" not in old[undeclared.id]
        assert old[undeclared.id]["reviewed_by"] == buyer.id
        assert old[declared.id]["automated"] == "scraping"
        assert "human_reviewed" not in old[declared.id]

        await upgrade(empty_database)
        async with uow_factory() as uow:
            again = await uow.orders.deliveries(order.id)
        assert again[0] == undeclared
        assert again[1] == replace(declared, provenance=replace(
            declared.provenance or UNDECLARED, human_reviewed=False))
    finally:
        await engine.dispose()


async def test_offer_rank_key_is_backfilled_from_the_sellers_trust(empty_database: str) -> None:
    """0017: offers that existed before get their rank key from the seller's current trust
    and their age, so browsing after the upgrade keeps the order."""
    await upgrade(empty_database)
    engine = create_engine(empty_database)
    try:
        uow_factory = make_uow_factory(engine)
        async with uow_factory() as uow:
            low = await uow.accounts.add(b.account(T0, display_name="Low", trust_score=3))
            high = await uow.accounts.add(b.account(T0, display_name="High", trust_score=97))
            made = [
                await uow.offers.add(b.offer(T0 + timedelta(microseconds=i * 7), seller.id))
                for i, seller in enumerate((low, high, low))
            ]
            await uow.commit()
        await downgrade(empty_database, "0016")
        await upgrade(empty_database)

        def keys(sync_conn: Any) -> dict[int, int]:
            return dict(sync_conn.execute(text("SELECT id, rank_key FROM offer")).all())

        trust = {low.id: 3, high.id: 97}
        assert await _inspect(empty_database, keys) == {
            o.id: offer_rank_key(trust[o.seller_id], o.created_at) for o in made
        }
        async with uow_factory(read_only=True) as uow:
            page = await uow.offers.browse(BrowseQuery(now=T0 + timedelta(hours=1)))
        assert [o.id for o in page.items] == [made[1].id, made[2].id, made[0].id]
    finally:
        await engine.dispose()
