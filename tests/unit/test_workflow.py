"""The workflow engine applies the table: guards refuse with their codes and change nothing,
``allowed_actions`` offers exactly what would succeed, each state arms its timers, each timer
performs its row's action, and each row moves the money it names."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.orders import disputes, orders, workflow
from core.orders.machine import (
    ACTIONS,
    BUYER,
    MODERATOR,
    PAYMENT,
    SELLER,
    SUPERVISOR,
    SYSTEM,
    TIMER_ACTIONS,
    TIMERS,
    TRANSITIONS,
    Guard,
    Money,
    find_transition,
)
from core.orders.model import Order, OrderStatus, PaymentMode, Ruling, TimerKind, TimerStatus
from core.orders.workflow import allowed_actions, apply_transition, due_times
from core.shared import ledger
from core.shared.context import Context, MarketRules
from core.shared.errors import Conflict, MarketplaceError, PermissionDenied
from tests.fakes import FakeStore
from tests.fakes_payments import funded
from tests.unit.builders import Deal, deal, delivered, escrow_held, money, order_now, pending

S = OrderStatus
K = TimerKind
NOW = datetime(2026, 1, 5, 12, tzinfo=UTC)
PRICE = 10_000
RULES = MarketRules()


def order(status: OrderStatus, **changes: object) -> Order:
    base = Order(
        id=1,
        buyer_id=10,
        seller_id=20,
        title="t",
        price_cents=PRICE,
        currency="usd",
        payment_mode=PaymentMode.OFF_PLATFORM,
        status=status,
        revisions_included=1,
        delivery_days=2,
        due_at=NOW + timedelta(days=2),
        created_at=NOW,
        updated_at=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# -- guards ------------------------------------------------------------------------------------

# (guard, action, state, role, order that passes, order that fails, code of the refusal)
GUARD_CASES = [
    (
        Guard.REVISIONS_LEFT,
        "request_revision",
        S.DELIVERED,
        BUYER,
        {"revisions_included": 2, "revisions_used": 1},
        {"revisions_included": 1, "revisions_used": 1},
        "order.no_revisions_left",
    ),
    (
        Guard.SIGNOFF_REQUIRED,
        "submit_for_signoff",
        S.IN_PROGRESS,
        SELLER,
        {"requires_signoff": True},
        {"requires_signoff": False},
        "order.signoff_not_required",
    ),
    (
        Guard.ESCROW_IN_USE,
        "fund",
        S.AWAITING_FUNDING,
        PAYMENT,
        {"payment_mode": PaymentMode.ESCROW},
        {"payment_mode": PaymentMode.OFF_PLATFORM},
        "order.escrow_required",
    ),
]


def test_every_guard_of_the_table_has_a_case() -> None:
    used = {t.guard for t in TRANSITIONS} - {Guard.NONE}
    assert used == set(Guard) - {Guard.NONE}
    assert {case[0] for case in GUARD_CASES} == used


@pytest.mark.parametrize(
    ("guard", "action", "state", "role", "passes", "fails", "code"), GUARD_CASES
)
def test_a_guard_refuses_with_its_code_and_hides_the_action(
    guard: Guard,
    action: str,
    state: OrderStatus,
    role: str,
    passes: dict[str, object],
    fails: dict[str, object],
    code: str,
) -> None:
    row = find_transition(state, action)
    assert row is not None and row.guard is guard
    roles = frozenset({role})
    refused = order(state, **fails)
    before = replace(refused)
    assert action not in allowed_actions(refused, roles)
    with pytest.raises(Conflict) as err:
        apply_transition(refused, action, roles, NOW)
    assert err.value.code == code
    assert refused == before
    allowed = order(state, **passes)
    assert action in allowed_actions(allowed, roles)
    apply_transition(allowed, action, roles, NOW)
    assert allowed.status is row.target_for(before)


def test_the_role_is_checked_before_the_guard() -> None:
    o = order(S.DELIVERED, revisions_used=1)
    with pytest.raises(PermissionDenied) as err:
        apply_transition(o, "request_revision", frozenset({SELLER}), NOW)
    assert (err.value.code, err.value.params) == (
        "order.role_not_allowed",
        {"order_id": 1, "action": "request_revision"},
    )


ROLE_SETS = [frozenset(), *(frozenset({r}) for r in (BUYER, SELLER, SUPERVISOR, MODERATOR))]
ROLE_SETS += [frozenset({SYSTEM}), frozenset({PAYMENT}), frozenset({BUYER, MODERATOR})]
VARIANTS = [
    {"payment_mode": mode, "revisions_used": used, "requires_signoff": signoff, "resume_status": r}
    for mode, used, signoff, r in itertools.product(
        PaymentMode, (0, 1), (False, True), (None, S.IN_PROGRESS)
    )
]


@pytest.mark.parametrize("status", list(S))
def test_the_actions_offered_are_exactly_those_that_succeed(status: OrderStatus) -> None:
    """What cards show as buttons (``allowed_actions``) never differs from what the engine
    would accept, for any role and any guard outcome."""
    for roles, changes in itertools.product(ROLE_SETS, VARIANTS):
        o = order(status, **changes)
        succeeded = set()
        for action in ACTIONS:
            try:
                apply_transition(replace(o), action, roles, NOW)
            except MarketplaceError:
                continue
            succeeded.add(action)
        assert set(allowed_actions(o, roles)) == succeeded, (status, roles, changes)


# -- timers ------------------------------------------------------------------------------------

DUE = NOW + timedelta(days=2)
LEAD = timedelta(hours=RULES.reminder_lead_hours)
APPROVE_AT = NOW + timedelta(days=RULES.auto_approve_days)
# The timers each state starts, with their due times, for an order due in two days.
TIMERS_BY_STATE: dict[OrderStatus, dict[TimerKind, datetime]] = {
    S.AWAITING_FUNDING: {K.FUNDING_TIMEOUT: NOW + timedelta(hours=RULES.funding_timeout_hours)},
    S.IN_PROGRESS: {
        K.SELLER_DEADLINE: DUE + timedelta(hours=RULES.seller_grace_hours),
        K.REMINDER_SELLER: DUE - LEAD,
    },
    S.AWAITING_SUPERVISOR: {K.SELLER_DEADLINE: DUE + timedelta(hours=RULES.seller_grace_hours)},
    S.DELIVERED: {K.AUTO_APPROVE: APPROVE_AT, K.REMINDER_BUYER: APPROVE_AT - LEAD},
    S.PROOFING: {K.PROOFING_WINDOW: NOW + RULES.proofing_phase},
    S.RELEASE_PENDING: {K.RELEASE: NOW + RULES.release_cooldown},
    S.COMPLETED: {K.REVIEW_REVEAL: NOW + timedelta(days=RULES.review_reveal_days)},
    S.DISPUTED: {},
    S.ON_HOLD: {},
    S.CANCELLED: {},
    S.REFUNDED: {},
}


@pytest.mark.parametrize("status", list(S))
def test_each_state_starts_its_timers(status: OrderStatus) -> None:
    started = {rule.kind: at for rule, at in due_times(RULES, order(status), status, NOW)}
    assert started == TIMERS_BY_STATE[status]


def test_an_overdue_order_waits_for_sign_off_from_now_and_skips_past_reminders() -> None:
    late = order(S.IN_PROGRESS, due_at=NOW - timedelta(hours=1))
    grace = timedelta(hours=RULES.seller_grace_hours)
    assert {r.kind: at for r, at in due_times(RULES, late, S.AWAITING_SUPERVISOR, NOW)} == {
        K.SELLER_DEADLINE: NOW + grace
    }
    assert {r.kind: at for r, at in due_times(RULES, late, S.IN_PROGRESS, NOW)} == {
        K.SELLER_DEADLINE: NOW - timedelta(hours=1) + grace
    }


def test_a_timer_that_acts_is_armed_in_every_state_its_action_leaves_from() -> None:
    for kind, action in TIMER_ACTIONS.items():
        rows = [t for t in TRANSITIONS if t.fired_by is kind]
        assert [r.action for r in rows] == [action] and SYSTEM in rows[0].roles, kind
        armed_in = {s for s, rules in TIMERS.items() if any(r.kind is kind for r in rules)}
        assert armed_in == rows[0].sources, kind
        assert rows[0].timer_note, kind
    assert set(TIMER_ACTIONS) == {
        K.FUNDING_TIMEOUT,
        K.SELLER_DEADLINE,
        K.AUTO_APPROVE,
        K.PROOFING_WINDOW,
        K.RELEASE,
    }


async def test_entering_a_state_through_the_engine_arms_its_timers(
    ectx: Context, store: FakeStore
) -> None:
    d = await deal(ectx, PaymentMode.ESCROW)
    assert set(pending(store, "order", d.order.id)) == {K.FUNDING_TIMEOUT.value}
    await funded(ectx, d.order)
    assert set(pending(store, "order", d.order.id)) == {K.SELLER_DEADLINE, K.REMINDER_SELLER}
    await delivered(ectx, d)
    assert set(pending(store, "order", d.order.id)) == {K.AUTO_APPROVE, K.REMINDER_BUYER}
    await orders.approve_order(ectx, buyer_id=d.buyer.id, order_id=d.order.id)
    assert set(pending(store, "order", d.order.id)) == {K.RELEASE}
    await disputes.release_payment(ectx, order_id=d.order.id)
    assert set(pending(store, "order", d.order.id)) == {K.REVIEW_REVEAL}


# -- money -------------------------------------------------------------------------------------


async def _at(ctx: Context, d: Deal, status: OrderStatus) -> None:
    """Drive ``d`` (funded, in progress) to ``status`` through the use cases."""
    if status is S.IN_PROGRESS:
        return
    await delivered(ctx, d)
    if status is S.RELEASE_PENDING:
        await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    elif status is S.DISPUTED:
        await disputes.open_dispute(
            ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="Not what we agreed on"
        )
    elif status is S.ON_HOLD:
        async with ctx.uow() as uow:
            order = await uow.orders.get(d.order.id)
            assert order is not None
            await workflow.move_order(
                ctx, uow, order, "hold", actor_id=None, roles=frozenset({PAYMENT}),
                note="card chargeback",
            )
            await uow.commit()


SHARE = 3_000
# (action, state it leaves from, roles, refunded to the buyer, released to the seller)
MONEY_CASES = [
    ("cancel", S.IN_PROGRESS, {BUYER}, PRICE, 0),
    ("seller_timeout", S.IN_PROGRESS, {SYSTEM}, PRICE, 0),
    ("release", S.RELEASE_PENDING, {SYSTEM}, 0, PRICE),
    ("rule_refund", S.DISPUTED, {MODERATOR}, PRICE, 0),
    ("rule_split", S.DISPUTED, {MODERATOR}, SHARE, PRICE - SHARE),
    ("rule_release", S.DISPUTED, {MODERATOR}, 0, 0),
    ("approve", S.DELIVERED, {BUYER}, 0, 0),
    ("rule_resume", S.DISPUTED, {MODERATOR}, 0, 0),
    # What the bank did not take back is refunded (here: nothing was taken yet).
    ("chargeback_lost", S.ON_HOLD, {PAYMENT}, PRICE, 0),
]


def test_every_row_that_moves_money_has_a_case() -> None:
    moving = {t.action for t in TRANSITIONS if t.money is not Money.NONE}
    assert moving == {
        action for action, *_, refunded, released in MONEY_CASES if refunded or released
    }


@pytest.mark.parametrize(
    ("mode", "action", "state", "roles", "refunded", "released"),
    [
        (mode, *case)
        for mode, case in itertools.product(PaymentMode, MONEY_CASES)
        # Off-platform orders complete on approval: they never wait for a release.
        if not (mode is PaymentMode.OFF_PLATFORM and case[1] is S.RELEASE_PENDING)
    ],
)
async def test_each_row_moves_the_money_it_names(
    ectx: Context,
    store: FakeStore,
    mode: PaymentMode,
    action: str,
    state: OrderStatus,
    roles: set[str],
    refunded: int,
    released: int,
) -> None:
    d = await deal(ectx, mode, funded=mode is PaymentMode.ESCROW, price_cents=PRICE)
    await _at(ectx, d, state)
    async with ectx.uow() as uow:
        o = order_now(store, d.order.id)
        assert o.status is state
        await workflow.move_order(
            ectx, uow, o, action, actor_id=None, roles=frozenset(roles), buyer_share=SHARE
        )
        await uow.commit()
    refunds = [t for t in store.state.transactions if t.type is ledger.TxType.ESCROW_REFUND]
    fee = released * ectx.rules.platform_fee_bps // 10_000
    if mode is PaymentMode.OFF_PLATFORM:
        assert (refunds, money(store, ledger.payable_account(d.seller.id))) == ([], 0)
        return
    assert sum(-t.delta_for(ledger.escrow_account(d.order.id)) for t in refunds) == refunded
    assert money(store, ledger.payable_account(d.seller.id)) == released - fee
    assert money(store, ledger.PLATFORM_FEES) == fee
    assert escrow_held(store, d.order.id) == PRICE - refunded - released


async def test_a_resume_ruling_restarts_the_delivery_time_from_the_table(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    await _at(ctx, d, S.DISPUTED)
    case = await store().disputes.open_for_order(d.order.id)
    assert case is not None
    await disputes.rule_dispute(
        ctx, moderator_id=d.mod.id, dispute_id=case.id, ruling=Ruling.RESUME, note="Go on"
    )
    o = order_now(store, d.order.id)
    assert o.due_at == ctx.clock.now() + timedelta(days=o.delivery_days)
    deadline = pending(store, "order", d.order.id)[K.SELLER_DEADLINE]
    assert deadline.due_at == o.due_at + timedelta(hours=ctx.rules.seller_grace_hours)
    assert deadline.status is TimerStatus.PENDING


def test_only_the_engine_moves_escrow() -> None:
    core = Path(__file__).resolve().parents[2] / "core"
    callers = {
        str(path.relative_to(core))
        for path in core.rglob("*.py")
        if "refund_escrow(" in path.read_text() or "release_escrow(" in path.read_text()
    }
    assert callers == {"orders/money.py", "orders/workflow.py"}
