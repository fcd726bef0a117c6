"""core.shared.delivery: a chat update is recorded by the first commit made while handling
it, in that commit; a repeat is dropped at its first commit; a read-only one writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.shared.delivery import AlreadyHandled, delivery, record_on_commit, records_deliveries
from tests.fakes import FakeStore

NOW = datetime(2030, 1, 1, tzinfo=UTC)


async def test_the_first_commit_records_the_delivery_and_a_repeat_changes_nothing() -> None:
    store = FakeStore()
    uow = record_on_commit(store)
    assert records_deliveries(uow) and record_on_commit(uow) is uow

    with delivery("telegram:update:1:7", NOW):
        async with uow() as unit:
            assert not await unit.dedup.seen("telegram:update:1:7")
            await unit.conversations.put("telegram:42", {"step": 2}, NOW)
            await unit.commit()
        # A second commit of the same delivery records nothing more.
        async with uow() as unit:
            await unit.conversations.put("telegram:43", {"step": 1}, NOW)
            await unit.commit()
    assert store.state.dedup == {"telegram:update:1:7"}
    assert store.commits == 2

    # The update served again (another process, a restart): its change is rolled back.
    with pytest.raises(AlreadyHandled), delivery("telegram:update:1:7", NOW):
        async with uow() as unit:
            await unit.conversations.put("telegram:42", {"step": 3}, NOW)
            await unit.commit()
    assert store.state.conversations["telegram:42"] == {"step": 2}
    assert store.commits == 2


async def test_a_delivery_that_commits_nothing_records_nothing() -> None:
    store = FakeStore()
    uow = record_on_commit(store)
    with delivery("telegram:update:1:8", NOW):
        async with uow() as unit:
            assert await unit.conversations.get("telegram:42") is None
    # Outside a delivery the units are the plain ones.
    async with uow() as unit:
        await unit.conversations.put("telegram:42", {"step": 1}, NOW)
        await unit.commit()
    assert store.state.dedup == set()
    assert store.commits == 1
