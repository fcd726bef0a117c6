"""Independent proofers at the service layer: opting in, assignment with fair rotation, a
late proofer re-assigned, scorecards and their bad inputs, the consensus that returns the
order to ``delivered`` with its auto-approval restarted, agreement and the reward paid once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from core.accounts.model import Account
from core.orders import orders
from core.orders.model import OrderStatus, TimerKind
from core.orders.timers import run_due_timers
from core.proofing import proofing, queries
from core.proofing.model import (
    AssignmentStatus,
    ConsensusVerdict,
    ProofAssignment,
    ProoferProfile,
    ProofingRules,
    Scorecard,
    Verdict,
    consensus_of,
    rotation_order,
)
from core.proofing.proofing import ScorecardInput
from core.shared import events as ev
from core.shared.context import Context, MarketRules
from core.shared.errors import Conflict, PermissionDenied, ValidationFailed
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import Deal, balance, deal, human, order_now, pending

WINDOW = timedelta(hours=24)
REWARD = 5


@pytest.fixture
def pctx(store: FakeStore, clock: FakeClock) -> Context:
    rules = MarketRules(proofing=ProofingRules(window=WINDOW, reward_credits=REWARD))
    return Context(uow=store, clock=clock, rules=rules)


def card(verdict: str = "pass", score: int = 4, **overrides: object) -> ScorecardInput:
    values: dict[str, object] = {
        "completeness": score,
        "accuracy": score,
        "methodology": score,
        "quality": score,
        "verdict": verdict,
        "evidence": "Checked 20 of the 500 rows against the pages.",
    }
    return ScorecardInput(**(values | overrides))  # type: ignore[arg-type]


async def proofers(ctx: Context, *names: str) -> list[Account]:
    found = []
    for name in names:
        account = await human(ctx, name)
        await proofing.set_proofer(ctx, account_id=account.id, enabled=True)
        found.append(account)
    return found


def assignments_of(store: FakeStore, order_id: int) -> list[ProofAssignment]:
    found = store.state.proofing["assignments"].values()
    return sorted((a for a in found if a.order_id == order_id), key=lambda a: a.id)


async def deliver(ctx: Context, d: Deal) -> None:
    await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="Done")


async def test_three_proofers_one_late_reach_a_consensus_and_are_paid_once(
    pctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(pctx, proofers_wanted=3)
    p1, p2, p3, p4 = await proofers(pctx, "ann", "bob", "cid", "dee")
    # The buyer opted in too: a party never proofs its own order.
    await proofing.set_proofer(pctx, account_id=d.buyer.id, enabled=True)
    before = {p.id: await balance(pctx, p) for p in (p1, p2, p3, p4)}

    await deliver(pctx, d)
    assert order_now(store, d.order.id).status is OrderStatus.PROOFING
    first = assignments_of(store, d.order.id)
    assert [a.proofer_id for a in first] == [p1.id, p2.id, p3.id]
    assert all(a.due_at == clock.now() + WINDOW for a in first)
    assigned = [e for e in store.outbox if e.type == ev.PROOF_ASSIGNED]
    assert sorted(e.recipients for e in assigned) == [(p1.id,), (p2.id,), (p3.id,)]

    await proofing.submit_scorecard(
        pctx, proofer_id=p1.id, assignment_id=first[0].id, card=card("pass", 5)
    )
    await proofing.submit_scorecard(
        pctx, proofer_id=p2.id, assignment_id=first[1].id, card=card("pass", 4)
    )
    submitted = [e for e in store.outbox if e.type == ev.PROOF_SUBMITTED]
    assert [e.recipients for e in submitted] == [(d.buyer.id,), (d.buyer.id,)]
    assert order_now(store, d.order.id).status is OrderStatus.PROOFING

    # p3 misses the window: the slot goes to the next proofer in rotation.
    clock.advance(WINDOW)
    await run_due_timers(pctx)
    again = assignments_of(store, d.order.id)
    assert again[2].status is AssignmentStatus.EXPIRED
    assert [a.proofer_id for a in again[3:]] == [p4.id]
    assert again[3].due_at == clock.now() + WINDOW
    with pytest.raises(Conflict) as late:
        await proofing.submit_scorecard(
            pctx, proofer_id=p3.id, assignment_id=first[2].id, card=card()
        )
    assert late.value.code == "proofer.window_closed"

    await proofing.submit_scorecard(
        pctx, proofer_id=p4.id, assignment_id=again[3].id, card=card("fail", 2)
    )
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.DELIVERED
    shown = await queries.order_proofing(pctx, order_id=order.id, viewer_id=d.buyer.id)
    assert shown is not None and shown.round.consensus is not None
    consensus = shown.round.consensus
    assert (consensus.verdict, consensus.scorecards) == (ConsensusVerdict.PASS, 3)
    assert consensus.completeness == 367  # (5 + 4 + 2) / 3
    # Back in delivered, the buyer's auto-approval starts afresh.
    assert pending(store, "order", order.id)[TimerKind.AUTO_APPROVE.value].due_at == (
        clock.now() + timedelta(days=pctx.rules.auto_approve_days)
    )
    assert [e.type for e in store.outbox].count(ev.PROOF_CONSENSUS) == 1

    profiles = store.state.proofing["proofers"]
    assert [(profiles[p.id].scored_count, profiles[p.id].agreed_count) for p in (p1, p2, p4)] == [
        (1, 1),
        (1, 1),
        (1, 0),
    ]
    assert profiles[p3.id].scored_count == 0
    assert profiles[d.buyer.id].assigned_count == 0
    after = {p.id: await balance(pctx, p) for p in (p1, p2, p3, p4)}
    assert {k: after[k] - before[k] for k in after} == {
        p1.id: REWARD,
        p2.id: REWARD,
        p3.id: 0,
        p4.id: REWARD,
    }
    # A second scorecard is refused and pays nothing more.
    with pytest.raises(Conflict) as twice:
        await proofing.submit_scorecard(
            pctx, proofer_id=p1.id, assignment_id=first[0].id, card=card()
        )
    assert twice.value.code == "proofer.already_submitted"
    assert await balance(pctx, p1) == after[p1.id]


async def test_bad_scorecards_are_refused_and_change_nothing(
    pctx: Context, store: FakeStore
) -> None:
    d = await deal(pctx, proofers_wanted=1)
    (p1,) = await proofers(pctx, "ann")
    await deliver(pctx, d)
    (assignment,) = assignments_of(store, d.order.id)
    snapshot = store.state.clone()
    outbox = len(store.outbox)
    cases: list[tuple[ScorecardInput, str]] = [
        (card(score=6), "validation.completeness"),
        (card(accuracy=0), "validation.accuracy"),
        (card(verdict="maybe"), "proofer.bad_verdict"),
        (card(evidence="ok"), "validation.evidence"),
    ]
    for bad, code in cases:
        with pytest.raises(ValidationFailed) as refused:
            await proofing.submit_scorecard(
                pctx, proofer_id=p1.id, assignment_id=assignment.id, card=bad
            )
        assert refused.value.code == code
    with pytest.raises(PermissionDenied) as other:
        await proofing.submit_scorecard(
            pctx, proofer_id=d.stranger.id, assignment_id=assignment.id, card=card()
        )
    assert other.value.code == "proofer.not_assigned"
    with pytest.raises(PermissionDenied):
        await queries.get_assignment(pctx, proofer_id=d.stranger.id, assignment_id=assignment.id)
    assert store.state.proofing == snapshot.proofing
    assert store.state.transactions == snapshot.transactions
    assert len(store.outbox) == outbox


async def test_the_window_ends_with_the_scorecards_that_came_in(
    pctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    d = await deal(pctx, proofers_wanted=2)
    p1, _late = await proofers(pctx, "ann", "bob")
    await deliver(pctx, d)
    first = assignments_of(store, d.order.id)
    await proofing.submit_scorecard(
        pctx, proofer_id=p1.id, assignment_id=first[0].id, card=card("fail", 2)
    )
    # p2 is late and nobody is left to take the slot; the round waits out its phase.
    clock.advance(WINDOW)
    await run_due_timers(pctx)
    assert order_now(store, d.order.id).status is OrderStatus.DELIVERED
    shown = await queries.order_proofing(pctx, order_id=d.order.id, viewer_id=d.seller.id)
    assert shown is not None and shown.round.consensus is not None
    assert shown.round.consensus.verdict is ConsensusVerdict.FAIL
    # One scorecard has nobody to agree with: agreement is not counted.
    assert store.state.proofing["proofers"][p1.id].scored_count == 0


async def test_without_an_eligible_proofer_the_order_stays_delivered(
    pctx: Context, store: FakeStore
) -> None:
    d = await deal(pctx, proofers_wanted=2)
    await deliver(pctx, d)
    order = order_now(store, d.order.id)
    assert order.status is OrderStatus.DELIVERED
    assert [e.action for e in store.state.order_events if e.order_id == order.id][-1] == (
        "proofing_unavailable"
    )


async def test_an_agent_or_supervisor_of_a_party_is_never_assigned(
    pctx: Context, store: FakeStore
) -> None:
    d = await deal(pctx, proofers_wanted=1)
    agent = await human(pctx, "agentish")
    store.state.accounts[agent.id] = replace(
        store.state.accounts[agent.id], supervisor_id=d.seller.id
    )
    await proofing.set_proofer(pctx, account_id=agent.id, enabled=True)
    (outsider,) = await proofers(pctx, "zed")
    await deliver(pctx, d)
    assert [a.proofer_id for a in assignments_of(store, d.order.id)] == [outsider.id]


async def test_opting_in_checks_the_thresholds(store: FakeStore, clock: FakeClock) -> None:
    rules = MarketRules(
        proofing=ProofingRules(min_completed=1, min_account_age=timedelta(days=7))
    )
    ctx = Context(uow=store, clock=clock, rules=rules)
    newcomer = await human(ctx, "new")
    with pytest.raises(PermissionDenied) as refused:
        await proofing.set_proofer(ctx, account_id=newcomer.id, enabled=True)
    assert refused.value.code == "proofer.too_few_completed"
    no_age = Context(
        uow=store, clock=clock, rules=MarketRules(proofing=ProofingRules(min_account_age=WINDOW))
    )
    with pytest.raises(PermissionDenied) as young:
        await proofing.set_proofer(no_age, account_id=newcomer.id, enabled=True)
    assert young.value.code == "proofer.account_too_new"
    clock.advance(WINDOW)
    status = await proofing.set_proofer(no_age, account_id=newcomer.id, enabled=True)
    assert status.profile.enabled
    # Opting out always works.
    opted_out = await proofing.set_proofer(ctx, account_id=newcomer.id, enabled=False)
    assert not opted_out.profile.enabled


def test_rotation_puts_the_least_recently_assigned_first_and_frequent_dissenters_last() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)

    def profile(
        account_id: int, last: datetime | None, scored: int = 0, agreed: int = 0
    ) -> ProoferProfile:
        return ProoferProfile(account_id, True, t0, t0, last, 0, scored, agreed)

    ranked = rotation_order(
        [
            profile(1, t0 + timedelta(hours=2)),
            profile(2, None, scored=4, agreed=1),
            profile(3, t0 + timedelta(hours=1)),
            profile(4, None),
            profile(5, t0, scored=4, agreed=3),
        ]
    )
    assert [p.account_id for p in ranked] == [4, 5, 3, 1, 2]


def test_consensus_is_the_majority_verdict_and_the_mean_scores() -> None:
    def sc(verdict: Verdict, score: int) -> Scorecard:
        return Scorecard(score, score, score, score, verdict, "evidence text")

    assert consensus_of([]).verdict is ConsensusVerdict.NONE
    tie = consensus_of([sc(Verdict.PASS, 5), sc(Verdict.FAIL, 2)])
    assert (tie.verdict, tie.quality) == (ConsensusVerdict.SPLIT, 350)
    assert consensus_of([sc(Verdict.FAIL, 1)] * 2 + [sc(Verdict.PASS, 5)]).verdict is (
        ConsensusVerdict.FAIL
    )
