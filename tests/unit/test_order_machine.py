"""The order state machine as data: the table matches DESIGN §2, nothing leaves a terminal
state, every row names roles and a known event, and ``apply_transition`` checks state then
role and changes nothing when it refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from core.orders.machine import (
    BUYER,
    MODERATOR,
    PAYMENT,
    SELLER,
    SUPERVISOR,
    SYSTEM,
    TRANSITIONS,
    find_transition,
)
from core.orders.model import TERMINAL_STATUSES, Order, OrderStatus, PaymentMode
from core.orders.workflow import allowed_actions, apply_transition
from core.shared import events as ev
from core.shared.errors import InvalidTransition, PermissionDenied

S = OrderStatus
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def order(status: OrderStatus, mode: PaymentMode = PaymentMode.OFF_PLATFORM) -> Order:
    return Order(
        id=1,
        buyer_id=10,
        seller_id=20,
        title="t",
        price_cents=100,
        currency="usd",
        payment_mode=mode,
        status=status,
        revisions_included=1,
        delivery_days=1,
        due_at=NOW,
        created_at=NOW,
        updated_at=NOW,
    )


def test_nothing_leaves_a_terminal_state() -> None:
    for t in TRANSITIONS:
        assert not (t.sources & TERMINAL_STATUSES), t.action
        assert t.roles, t.action
        assert t.event in ev.ALL_EVENT_TYPES, (t.action, t.event)


# (from, action, roles, off-platform target, escrow target) — DESIGN §2's table.
DESIGN_ROWS = [
    (S.AWAITING_FUNDING, "fund", {PAYMENT}, None, S.IN_PROGRESS),
    (S.AWAITING_FUNDING, "cancel_unfunded", {BUYER, SELLER}, None, S.CANCELLED),
    (S.AWAITING_FUNDING, "funding_timeout", {SYSTEM}, None, S.CANCELLED),
    (S.IN_PROGRESS, "deliver", {SELLER, SUPERVISOR}, S.DELIVERED, S.DELIVERED),
    (S.IN_PROGRESS, "submit_for_signoff", {SELLER}, S.AWAITING_SUPERVISOR, S.AWAITING_SUPERVISOR),
    (S.AWAITING_SUPERVISOR, "sign_off", {SUPERVISOR}, S.DELIVERED, S.DELIVERED),
    (S.AWAITING_SUPERVISOR, "send_back", {SUPERVISOR}, S.IN_PROGRESS, S.IN_PROGRESS),
    (S.IN_PROGRESS, "cancel", {BUYER, SELLER}, S.CANCELLED, S.REFUNDED),
    (S.IN_PROGRESS, "seller_timeout", {SYSTEM}, S.CANCELLED, S.REFUNDED),
    (S.DELIVERED, "approve", {BUYER}, S.COMPLETED, S.RELEASE_PENDING),
    (S.DELIVERED, "auto_approve", {SYSTEM}, S.COMPLETED, S.RELEASE_PENDING),
    (S.DELIVERED, "request_revision", {BUYER}, S.IN_PROGRESS, S.IN_PROGRESS),
    (S.DELIVERED, "start_proofing", {SYSTEM}, S.PROOFING, S.PROOFING),
    (S.PROOFING, "finish_proofing", {SYSTEM}, S.DELIVERED, S.DELIVERED),
    (S.IN_PROGRESS, "open_dispute", {BUYER, SELLER}, S.DISPUTED, S.DISPUTED),
    # Beyond DESIGN's table (docs/decisions.md): an agent's delivery waiting for sign-off can
    # be disputed and lapses like a missed delivery, so no order stalls there.
    (S.AWAITING_SUPERVISOR, "open_dispute", {BUYER, SELLER}, S.DISPUTED, S.DISPUTED),
    (S.AWAITING_SUPERVISOR, "seller_timeout", {SYSTEM}, S.CANCELLED, S.REFUNDED),
    (S.DELIVERED, "open_dispute", {BUYER, SELLER}, S.DISPUTED, S.DISPUTED),
    (S.PROOFING, "open_dispute", {BUYER, SELLER}, S.DISPUTED, S.DISPUTED),
    (S.RELEASE_PENDING, "open_dispute", {BUYER, SELLER}, None, S.DISPUTED),
    (S.RELEASE_PENDING, "release", {SYSTEM, MODERATOR}, None, S.COMPLETED),
    (S.RELEASE_PENDING, "reverse_approval", {MODERATOR}, None, S.DELIVERED),
    (S.DISPUTED, "rule_release", {MODERATOR}, S.COMPLETED, S.RELEASE_PENDING),
    (S.DISPUTED, "rule_refund", {MODERATOR}, S.REFUNDED, S.REFUNDED),
    (S.DISPUTED, "rule_split", {MODERATOR}, S.COMPLETED, S.COMPLETED),
    (S.DISPUTED, "rule_resume", {MODERATOR}, S.IN_PROGRESS, S.IN_PROGRESS),
]


@pytest.mark.parametrize(("source", "action", "roles", "off", "esc"), DESIGN_ROWS)
def test_the_table_matches_the_design(
    source: OrderStatus,
    action: str,
    roles: set[str],
    off: OrderStatus | None,
    esc: OrderStatus,
) -> None:
    t = find_transition(source, action)
    assert t is not None
    assert t.roles == frozenset(roles)
    if off is not None:
        assert t.target_for(order(source)) is off
    assert t.target_for(order(source, PaymentMode.ESCROW)) is esc


@pytest.mark.parametrize("status", list(S))
def test_hold_and_unhold_return_to_where_the_order_was(status: OrderStatus) -> None:
    o = order(status)
    if status.is_terminal or status is S.ON_HOLD:
        with pytest.raises(InvalidTransition):
            apply_transition(o, "hold", frozenset({MODERATOR}), NOW)
        return
    apply_transition(o, "hold", frozenset({MODERATOR}), NOW)
    assert (o.status, o.resume_status) == (S.ON_HOLD, status)
    source, target, _ = apply_transition(o, "unhold", frozenset({MODERATOR}), NOW)
    assert (source, target, o.status, o.resume_status) == (S.ON_HOLD, status, status, None)


def test_a_refused_transition_changes_nothing() -> None:
    o = order(S.DELIVERED)
    before = replace(o)
    with pytest.raises(PermissionDenied):
        apply_transition(o, "approve", frozenset({SELLER}), NOW)
    with pytest.raises(PermissionDenied):
        apply_transition(o, "approve", frozenset(), NOW)
    with pytest.raises(InvalidTransition) as err:
        apply_transition(o, "deliver", frozenset({SELLER}), NOW)
    assert (err.value.code, err.value.state, err.value.action) == (
        "order.invalid_transition",
        S.DELIVERED,
        "deliver",
    )
    with pytest.raises(InvalidTransition):
        apply_transition(o, "no_such_action", frozenset({MODERATOR}), NOW)
    assert o == before


def test_terminal_and_delivery_times_are_stamped() -> None:
    o = order(S.IN_PROGRESS)
    later = NOW.replace(hour=5)
    apply_transition(o, "deliver", frozenset({SELLER}), later)
    assert o.delivered_at == later and o.completed_at is None
    apply_transition(o, "approve", frozenset({BUYER}), later)
    assert o.completed_at == later and o.status is S.COMPLETED


def test_allowed_actions_are_what_the_roles_may_do_now() -> None:
    assert set(allowed_actions(order(S.DELIVERED), frozenset({BUYER}))) == {
        "approve",
        "request_revision",
        "open_dispute",
    }
    assert set(allowed_actions(order(S.DELIVERED), frozenset({SELLER}))) == {"open_dispute"}
    assert allowed_actions(order(S.COMPLETED), frozenset({BUYER, SELLER, MODERATOR})) == []
