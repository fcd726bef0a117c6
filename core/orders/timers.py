"""The scheduler's use case: fire due timers, one per transaction, so any number of scheduler
processes can share the work and a crash loses at most an uncommitted firing (retried). Order
timers apply the workflow table; a timer of another subject (a listing's expiry, an unclaimed
dispute) goes to the handler its feature registers in ``_NON_ORDER``."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from core.accounts import export as account_export
from core.listings import expiry as listing_expiry
from core.orders import parties, workflow
from core.orders.disputes import DISPUTE, remind_unclaimed
from core.orders.machine import SYSTEM, TIMER_ACTIONS, find_transition
from core.orders.model import Order, OrderStatus, Timer, TimerKind, TimerStatus
from core.orders.reviews import reveal_reviews
from core.proofing import proofing
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import InvalidTransition, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=5)
SYSTEM_ROLES = frozenset({SYSTEM})


@dataclass(frozen=True)
class TimerRun:
    fired: int = 0
    stale: int = 0
    failed: int = 0


async def run_due_timers(ctx: Context, *, limit: int = 100) -> TimerRun:
    """Fire up to ``limit`` due timers. A timer whose order has moved on is dropped as stale;
    one whose handler crashes is retried later rather than lost."""
    fired = stale = failed = 0
    for _ in range(limit):
        now = ctx.clock.now()
        timer: Timer | None = None
        try:
            async with ctx.uow() as uow:
                claimed = await uow.timers.claim_due(now, 1)
                if not claimed:
                    break
                timer = claimed[0]
                acted = await _fire(ctx, uow, timer)
                await uow.timers.mark(
                    timer.id, TimerStatus.DONE if acted else TimerStatus.CANCELLED, now
                )
                await uow.commit()
                fired += acted
                stale += not acted
        except Exception:
            if timer is None:
                raise
            failed += 1
            log.exception(
                "timer %s (%s of %s %s) failed; retrying later",
                timer.id,
                timer.kind,
                timer.subject,
                timer.subject_id,
            )
            async with ctx.uow() as uow:
                await uow.timers.reschedule(timer.id, now + RETRY_AFTER)
                await uow.commit()
    return TimerRun(fired, stale, failed)


async def _fire(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    handler = _NON_ORDER.get(timer.subject)
    if handler is not None:
        return await handler(ctx, uow, timer)
    order = await uow.orders.get(timer.subject_id)
    if order is None or (timer.for_status is not None and order.status.value != timer.for_status):
        return False
    if order.status.is_frozen:
        return False
    if timer.kind is TimerKind.PROOFING_WINDOW:
        # The round closes with its consensus, which takes the order out of proofing.
        return await proofing.finish_window(ctx, uow, order)
    action = TIMER_ACTIONS.get(timer.kind)
    if action is not None:
        transition = find_transition(order.status, action)
        try:
            await workflow.move_order(
                ctx,
                uow,
                order,
                action,
                actor_id=None,
                roles=SYSTEM_ROLES,
                note=transition.timer_note if transition is not None else None,
            )
        except (InvalidTransition, PermissionDenied):
            # The order moved on in a way the timer did not foresee: nothing to do. Only these,
            # which the engine raises before anything is written; any other error (a
            # concurrent update, money that cannot move) must roll back and retry, not be
            # committed half-done with the timer marked as spent.
            return False
        return True
    if timer.kind in (TimerKind.REMINDER_SELLER, TimerKind.REMINDER_BUYER):
        _remind(ctx, uow, order, timer)
        return True
    if timer.kind is TimerKind.REVIEW_REVEAL and order.status is OrderStatus.COMPLETED:
        await reveal_reviews(ctx, uow, order)
        return True
    return False


def _remind(ctx: Context, uow: UnitOfWork, order: Order, timer: Timer) -> None:
    seller = timer.kind is TimerKind.REMINDER_SELLER
    deadline = (
        order.due_at if seller else timer.due_at + timedelta(hours=ctx.rules.reminder_lead_hours)
    )
    uow.publish(
        DomainEvent(
            type=ev.ORDER_REMINDER,
            payload=parties.order_payload(order)
            | {"reminder": timer.kind.value, "deadline": deadline.isoformat()},
            recipients=(order.seller_id if seller else order.buyer_id,),
            occurred_at=ctx.clock.now(),
        )
    )


#: The timers of other subjects than orders, by subject: what their firing does.
_NON_ORDER: dict[str, Callable[[Context, UnitOfWork, Timer], Awaitable[bool]]] = {
    **listing_expiry.TIMER_HANDLERS,
    DISPUTE: remind_unclaimed,
    proofing.ASSIGNMENT: proofing.expire_assignment,
    **account_export.TIMER_HANDLERS,
}
