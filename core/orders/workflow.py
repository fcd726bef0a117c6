"""The engine of the order workflow: applies a row of ``core.orders.machine`` to an order.

``move_order`` is the one path by which an order changes state. It checks the row's roles and
guard, moves the state, records the timeline entry, announces the outbox event, starts and
stops the timers of the new state and moves the row's money, all in the caller's unit of
work. ``allowed_actions`` answers, with the same checks, which actions would succeed now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from core.escrow import proofer_fees
from core.escrow.risk import assess_payout_risk
from core.orders import errors, money
from core.orders.machine import (
    TIMERS,
    TRANSITIONS,
    Guard,
    Money,
    Since,
    TimerRule,
    Transition,
    find_transition,
)
from core.orders.model import (
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMode,
    Timer,
    TimerKind,
    TimerStatus,
)
from core.orders.parties import escrow_in_use, order_payload, order_recipients
from core.orders.trust import refresh_trust
from core.shared import events as ev
from core.shared.context import Context, MarketRules
from core.shared.errors import Conflict, InvalidTransition, MarketplaceError, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

S = OrderStatus
#: The subject of an order's timers.
ORDER = "order"

GUARDS: dict[Guard, Callable[[Order], bool]] = {
    Guard.NONE: lambda order: True,
    Guard.REVISIONS_LEFT: lambda order: order.revisions_left > 0,
    Guard.SIGNOFF_REQUIRED: lambda order: order.requires_signoff,
    Guard.ESCROW_IN_USE: escrow_in_use,
}


def _refusal(
    order: Order, transition: Transition, roles: frozenset[str]
) -> MarketplaceError | None:
    """Why ``roles`` may not take ``transition`` on ``order`` now, or None when they may."""
    if not transition.roles & roles:
        return PermissionDenied(
            errors.ROLE_NOT_ALLOWED, order_id=order.id, action=transition.action
        )
    if GUARDS[transition.guard](order):
        return None
    if transition.guard is Guard.REVISIONS_LEFT:
        return Conflict(errors.NO_REVISIONS_LEFT, included=order.revisions_included)
    if transition.guard is Guard.SIGNOFF_REQUIRED:
        return Conflict(errors.SIGNOFF_NOT_REQUIRED, order_id=order.id)
    return Conflict(errors.ESCROW_REQUIRED, order_id=order.id, action=transition.action)


def allowed_actions(order: Order, roles: frozenset[str]) -> list[str]:
    """The actions ``roles`` could take on ``order`` now: state, role and guard all pass."""
    return [
        t.action
        for t in TRANSITIONS
        if order.status in t.sources
        and t.target_for(order) is not None
        and _refusal(order, t, roles) is None
    ]


def apply_transition(
    order: Order, action: str, roles: frozenset[str], now: datetime
) -> tuple[OrderStatus, OrderStatus, Transition]:
    """Move ``order`` by ``action`` if one of ``roles`` may take it; return (from, to, row).

    Raises ``InvalidTransition`` when the action does not leave from the current state,
    ``PermissionDenied`` when none of the roles may take it and ``Conflict`` when the row's
    guard fails; a refused transition changes nothing.
    """
    transition = find_transition(order.status, action)
    target = transition.target_for(order) if transition is not None else None
    if transition is None or target is None:
        raise InvalidTransition(order.id, order.status, action)
    refusal = _refusal(order, transition, roles)
    if refusal is not None:
        raise refusal
    source = order.status
    # Unhold of a held dispute lands in DISPUTED again: the state to return to is not the
    # hold, and the dispute's own origin was overwritten by the hold, so it is left empty.
    if target is S.ON_HOLD or (target is S.DISPUTED and source is not S.ON_HOLD):
        order.resume_status = source
    elif source in (S.ON_HOLD, S.DISPUTED):
        order.resume_status = None
    if transition.uses_revision:
        order.revisions_used += 1
    if transition.restarts_delivery:
        order.due_at = now + timedelta(days=order.delivery_days)
    order.status = target
    order.updated_at = now
    if target is S.DELIVERED and source in (S.IN_PROGRESS, S.AWAITING_SUPERVISOR):
        order.delivered_at = now
    if target.is_terminal:
        order.completed_at = now
    return source, target, transition


async def move_order(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    action: str,
    *,
    actor_id: int | None,
    roles: frozenset[str],
    note: str | None = None,
    channels: tuple[str, ...] = (),
    extra: dict[str, object] | None = None,
    buyer_share: int = 0,
) -> Transition:
    """Check, apply, record, announce, re-time and move the money of one transition.
    ``buyer_share`` is the part of the escrow a ``SPLIT`` refunds; the seller gets the rest.
    Raises what ``apply_transition`` raises, before anything is written."""
    now = ctx.clock.now()
    source, target, transition = apply_transition(order, action, roles, now)
    if source is S.IN_PROGRESS and target is not S.ON_HOLD:
        # A request to cancel is about the work as it stood; once the work moves on (a
        # delivery, a dispute) it lapses, so a later cancel by the other side starts afresh.
        order.cancel_requested_by = None
    await uow.orders.update(order)
    cooldown = None
    if target is S.RELEASE_PENDING and not source.is_frozen and (
        order.payment_mode is PaymentMode.ESCROW
    ):
        # The payout's risk tier times its release; its reasons go on the timeline.
        risk = await assess_payout_risk(ctx, uow, order)
        cooldown = risk.cooldown
        note = f"{note} — {risk.describe()}" if note else risk.describe()
    actor_role = ",".join(sorted(roles))
    await uow.orders.add_event(
        OrderEvent(
            id=0,
            order_id=order.id,
            action=action,
            from_status=source,
            to_status=target,
            actor_id=actor_id,
            actor_role=actor_role,
            created_at=now,
            note=note,
        )
    )
    await sync_timers(
        ctx,
        uow,
        order,
        source,
        target,
        restart=transition.stops,
        release_cooldown=cooldown,
    )
    payload = (
        order_payload(order)
        | {
            "action": action,
            "from_status": source.value,
            "to_status": target.value,
            "actor_id": actor_id,
            "note": note,
        }
        | (extra or {})
    )
    recipients = await order_recipients(uow, order, exclude=actor_id)
    uow.publish(
        DomainEvent(
            type=transition.event,
            payload=payload,
            recipients=recipients,
            channels=channels,
            occurred_at=now,
        )
    )
    if target is S.COMPLETED and transition.event != ev.ORDER_COMPLETED:
        uow.publish(
            DomainEvent(
                type=ev.ORDER_COMPLETED,
                payload=payload,
                recipients=await order_recipients(uow, order, exclude=None),
                occurred_at=now,
            )
        )
    if target.is_terminal:
        await refresh_trust(ctx, uow, (order.buyer_id, order.seller_id))
    await _move_money(ctx, uow, order, transition.money, buyer_share)
    if target.is_terminal:
        # Proofing fees no proofer earned go back to the buyer once nothing can earn them.
        await proofer_fees.refund_unspent(ctx, uow, order)
    return transition


async def _move_money(
    ctx: Context, uow: UnitOfWork, order: Order, effect: Money, buyer_share: int
) -> None:
    if effect is Money.REFUND_ALL:
        await money.refund_escrow(ctx, uow, order, order.price_cents)
    elif effect is Money.RELEASE_ALL:
        await money.release_escrow(ctx, uow, order, order.price_cents)
    elif effect is Money.SPLIT:
        await money.refund_escrow(ctx, uow, order, buyer_share)
        await money.release_escrow(ctx, uow, order, order.price_cents - buyer_share)


def duration(rules: MarketRules, name: str) -> timedelta:
    """The length of the rule ``name``: a timedelta, or a count of ``_days`` or hours."""
    value = getattr(rules, name)
    if isinstance(value, timedelta):
        return value
    if name.endswith("_days"):
        return timedelta(days=value)
    return timedelta(hours=value)


def due_times(
    rules: MarketRules, order: Order, status: OrderStatus, now: datetime
) -> list[tuple[TimerRule, datetime]]:
    """The timers ``TIMERS`` starts on entering ``status`` now, with their due times
    (reminders whose moment has passed are left out)."""
    out: list[tuple[TimerRule, datetime]] = []
    due: dict[TimerKind, datetime] = {}
    for rule in TIMERS.get(status, ()):
        if isinstance(rule.since, TimerKind):
            since = due[rule.since]
        elif rule.since is Since.DUE_AT:
            since = order.due_at
        elif rule.since is Since.DUE_AT_OR_NOW:
            since = max(order.due_at, now)
        else:
            since = now
        if rule.ahead:
            at = since - duration(rules, rule.rule)
            if at <= now:
                continue
        else:
            at = since + duration(rules, rule.rule)
        due[rule.kind] = at
        out.append((rule, at))
    return out


async def sync_timers(
    ctx: Context,
    uow: UnitOfWork,
    order: Order,
    source: OrderStatus,
    target: OrderStatus,
    *,
    restart: tuple[TimerKind, ...] = (),
    release_cooldown: timedelta | None = None,
) -> None:
    """Keep an order's timers in step with its state (``release_cooldown``: the order's
    payout cooldown by risk, instead of the standard one).

    Entering a frozen state (disputed, on hold) pauses every timer; leaving it resumes them
    with the time they had left. Timers armed for another state are stopped, and the timers
    of the new state are started unless a resumed one already covers them (``restart``
    stops those kinds first, so they start afresh).
    """
    now = ctx.clock.now()
    if target.is_frozen:
        await uow.timers.pause(ORDER, order.id, now)
        return
    if restart:
        await uow.timers.cancel(ORDER, order.id, restart)
    if source.is_frozen:
        await uow.timers.resume(ORDER, order.id, now)
    kept: set[TimerKind] = set()
    for timer in await uow.timers.for_subject(ORDER, order.id):
        if timer.status not in (TimerStatus.PENDING, TimerStatus.PAUSED):
            continue
        if timer.for_status is not None and timer.for_status != target.value:
            await uow.timers.mark(timer.id, TimerStatus.CANCELLED, now)
        else:
            kept.add(timer.kind)
    rules = ctx.rules
    if release_cooldown is not None:
        rules = replace(rules, release_cooldown=release_cooldown)
    for rule, due_at in due_times(rules, order, target, now):
        if rule.kind in kept:
            continue
        await uow.timers.add(
            Timer(
                id=0,
                kind=rule.kind,
                subject=ORDER,
                subject_id=order.id,
                due_at=due_at,
                status=TimerStatus.PENDING,
                created_at=now,
                for_status=None if rule.lasting else target.value,
            )
        )
