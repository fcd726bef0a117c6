"""Proofing over the real storage (SQLite and PostgreSQL): a round with a late proofer
re-assigned by the scheduler, a scorecard with an evidence file read back from its JSON
column, the consensus, agreement, the reward once, and the conditional assignment update
that keeps a late scorecard from racing its expiry."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.orders import orders
from core.orders.model import Attachment, OrderStatus
from core.orders.timers import run_due_timers
from core.proofing import proofing, queries
from core.proofing.model import AssignmentStatus, ConsensusVerdict, ProofingRules, Verdict
from core.proofing.proofing import ScorecardInput
from core.shared.context import Context, MarketRules
from core.shared.errors import Conflict
from core.shared.uow import UnitOfWorkFactory
from tests.integration.conftest import FakeClock
from tests.unit.builders import balance, deal, human

WINDOW = timedelta(hours=12)


@pytest.fixture
def ctx(uow_factory: UnitOfWorkFactory, clock: FakeClock) -> Context:
    rules = MarketRules(proofing=ProofingRules(window=WINDOW, reward_credits=3))
    return Context(uow=uow_factory, clock=clock, rules=rules)


def card(verdict: str, evidence_file: Attachment | None = None) -> ScorecardInput:
    return ScorecardInput(4, 3, 4, 5, verdict, "Compared 10 rows with the source.", evidence_file)


async def test_a_round_on_storage(ctx: Context, clock: FakeClock) -> None:
    d = await deal(ctx, proofers_wanted=2)
    people = [await human(ctx, n) for n in ("ann", "bob", "cid")]
    for p in people:
        await proofing.set_proofer(ctx, account_id=p.id, enabled=True)
    ann, bob, cid = people
    await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="Done")

    mine = {p.id: await queries.list_assignments(ctx, proofer_id=p.id) for p in people}
    assert [len(mine[p.id]) for p in people] == [1, 1, 0]
    proof = Attachment("notes.txt", "file:order-1/notes.txt", 7, "text/plain")
    first = mine[ann.id][0].assignment
    await proofing.submit_scorecard(
        ctx, proofer_id=ann.id, assignment_id=first.id, card=card("pass", proof)
    )
    stored = await queries.get_assignment(ctx, proofer_id=ann.id, assignment_id=first.id)
    assert stored.assignment.scorecard is not None
    assert stored.assignment.scorecard.verdict is Verdict.PASS
    assert stored.assignment.scorecard.evidence_file == proof

    clock.advance(hours=WINDOW.total_seconds() / 3600)
    await run_due_timers(ctx)
    (late,) = await queries.list_assignments(ctx, proofer_id=bob.id)
    assert late.assignment.status is AssignmentStatus.EXPIRED
    (taken,) = await queries.list_assignments(ctx, proofer_id=cid.id)
    with pytest.raises(Conflict):
        await proofing.submit_scorecard(
            ctx, proofer_id=bob.id, assignment_id=late.assignment.id, card=card("pass")
        )
    await proofing.submit_scorecard(
        ctx, proofer_id=cid.id, assignment_id=taken.assignment.id, card=card("pass")
    )

    shown = await queries.order_proofing(ctx, order_id=d.order.id, viewer_id=d.buyer.id)
    assert shown is not None and shown.round.consensus is not None
    assert shown.round.consensus.verdict is ConsensusVerdict.PASS
    assert shown.round.consensus.quality == 500
    assert [a.agrees for a in shown.assignments] == [True, None, True]
    profile = await proofing.get_proofer(ctx, account_id=ann.id)
    assert profile is not None and (profile.scored_count, profile.agreed_count) == (1, 1)
    async with ctx.uow() as uow:
        order = await uow.orders.get(d.order.id)
        assert order is not None and order.status is OrderStatus.DELIVERED
        # The stored status decides: an update expecting another one writes nothing.
        stale = replace(shown.assignments[1], status=AssignmentStatus.SUBMITTED)
        assert not await uow.proofs.update_assignment(stale, expected=AssignmentStatus.ASSIGNED)
    assert [await balance(ctx, p) for p in people] == [
        ctx.prices.welcome_grant + 3,
        ctx.prices.welcome_grant,
        ctx.prices.welcome_grant + 3,
    ]

