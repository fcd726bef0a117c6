"""The sandbox's pane mailboxes on the real stores (SQLite and PostgreSQL): writers racing
as two dispatcher processes would never lose or reuse a slot, and an event's message is
kept once however often it is delivered."""

from __future__ import annotations

import asyncio

from bots.web.sandbox import Mailbox
from core.shared.context import Context
from core.shared.uow import UnitOfWorkFactory
from tests.integration.conftest import FakeClock


async def test_racing_writers_keep_every_message_once_in_distinct_slots(
    uow_factory: UnitOfWorkFactory, clock: FakeClock
) -> None:
    ctx = Context(uow=uow_factory, clock=clock)
    first, second = Mailbox(ctx), Mailbox(ctx)  # two processes' sinks, one database
    adds = [
        box.add("buyer", f"event-{n}", {"text": [{"t": f"message {n}", "s": []}]})
        for n in range(12)
        for box in (first, second)  # every event delivered by both: kept once
    ]
    results = await asyncio.gather(*adds)
    assert sum(results) == 12
    messages, upto = await first.since("buyer", 0)
    assert upto == 12 == len(messages)
    assert sorted(m["seq"] for m in messages) == list(range(12))
    assert sorted(m["text"][0]["t"] for m in messages) == sorted(
        f"message {n}" for n in range(12)
    )
    later, again = await second.since("buyer", upto)
    assert later == [] and again == upto
    assert (await first.since("seller", 0)) == ([], 0)
