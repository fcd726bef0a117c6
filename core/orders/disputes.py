"""Disputes and the moderators' payment overrides: open, claim, rule; hold, unhold, release,
reverse approval. Every moderator action lands in the audit log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from core.accounts import actors
from core.accounts.model import Account
from core.escrow import errors as escrow_errors
from core.escrow import overrides as escrow_overrides
from core.escrow.chargeback_state import chargeback_open
from core.moderation.model import AuditEntry
from core.orders import errors as E
from core.orders import parties, trust, workflow
from core.orders.machine import BUYER, MODERATOR, SELLER, SUPERVISOR, SYSTEM
from core.orders.model import (
    Dispute,
    DisputeStatus,
    Order,
    OrderStatus,
    Ruling,
    Timer,
    TimerKind,
    TimerStatus,
)
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork


async def _audit(
    uow: UnitOfWork, ctx: Context, moderator_id: int, action: str, order: Order, note: str | None
) -> None:
    await uow.audit.add(
        AuditEntry(
            id=0,
            actor_id=moderator_id,
            action=action,
            subject=f"order:{order.id}",
            created_at=ctx.clock.now(),
            note=note,
        )
    )


MODERATOR_ROLES = frozenset({MODERATOR})

#: Emitted to the admin channel while a case waits for a moderator (the case is posted again).
DISPUTE_UNCLAIMED = "dispute.unclaimed"
DISPUTE = "dispute"


async def _not_a_party(uow: UnitOfWork, order: Order, moderator: Account) -> None:
    """A moderator never decides about an order they (or an agent they supervise) are in."""
    if await parties.order_roles(uow, order, moderator) & {BUYER, SELLER, SUPERVISOR}:
        raise PermissionDenied(
            E.MODERATOR_IS_PARTY, code="dispute.own_order", order_id=order.id
        )


def _unclaimed_timer(ctx: Context, dispute: Dispute) -> Timer:
    now = ctx.clock.now()
    return Timer(
        id=0,
        kind=TimerKind.DISPUTE_UNCLAIMED,
        subject=DISPUTE,
        subject_id=dispute.id,
        due_at=now + ctx.rules.dispute_repost_after,
        status=TimerStatus.PENDING,
        created_at=now,
    )


async def remind_unclaimed(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    """The scheduler's handler of ``dispute_unclaimed``: a case still open is announced again
    (the admin channel posts it with a mention) and the reminder re-armed."""
    dispute = await uow.disputes.get(timer.subject_id)
    if dispute is None or dispute.status is not DisputeStatus.OPEN:
        return False
    waited = ctx.clock.now() - dispute.created_at
    uow.publish(
        DomainEvent(
            type=DISPUTE_UNCLAIMED,
            payload={
                "dispute_id": dispute.id,
                "order_id": dispute.order_id,
                "waiting_minutes": int(waited.total_seconds() // 60),
            },
            channels=("admin",),
            occurred_at=ctx.clock.now(),
        )
    )
    await uow.timers.add(_unclaimed_timer(ctx, dispute))
    return True


async def open_dispute(ctx: Context, *, actor_id: int, order_id: int, reason: str) -> Dispute:
    """Either party freezes the order for a moderator's ruling; every timer pauses."""
    reason = v.paragraphs("reason", reason, min_len=10, max_len=2000)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        if not roles & {BUYER, SELLER}:
            raise PermissionDenied(E.DISPUTE_PARTIES_ONLY, code=PermissionDenied.code)
        await workflow.move_order(
            ctx,
            uow,
            order,
            "open_dispute",
            actor_id=actor.id,
            roles=roles & {BUYER, SELLER},
            note=reason,
            channels=("admin",),
        )
        dispute = await uow.disputes.add(
            Dispute(
                id=0,
                order_id=order.id,
                opened_by=actor.id,
                reason=reason,
                status=DisputeStatus.OPEN,
                created_at=ctx.clock.now(),
            )
        )
        await uow.timers.add(_unclaimed_timer(ctx, dispute))
        await trust.refresh_trust(ctx, uow, (order.buyer_id, order.seller_id))
        await uow.commit()
        return dispute


async def claim_dispute(ctx: Context, *, moderator_id: int, dispute_id: int) -> Dispute:
    """One moderator takes the case; a second claim, even at the same instant, is refused."""
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        dispute = await uow.disputes.get(dispute_id)
        if dispute is None:
            raise NotFound("dispute", dispute_id)
        await _not_a_party(uow, await parties.load_order(uow, dispute.order_id), moderator)
        if dispute.status is not DisputeStatus.OPEN or not await uow.disputes.claim(
            dispute.id, moderator.id, ctx.clock.now()
        ):
            current = await uow.disputes.get(dispute_id)
            raise Conflict(
                E.CASE_TAKEN,
                code="dispute.claimed",
                id=dispute_id,
                moderator=current.claimed_by if current and current.claimed_by else "?",
            )
        order = await parties.load_order(uow, dispute.order_id)
        await _audit(uow, ctx, moderator.id, "claim", order, None)
        uow.publish(
            DomainEvent(
                type=ev.DISPUTE_CLAIMED,
                payload={
                    "dispute_id": dispute.id,
                    "order_id": order.id,
                    "moderator_id": moderator.id,
                },
                channels=("admin",),
                occurred_at=ctx.clock.now(),
            )
        )
        await uow.commit()
        claimed = await uow.disputes.get(dispute_id)
        assert claimed is not None
        return claimed


async def rule_dispute(
    ctx: Context,
    *,
    moderator_id: int,
    dispute_id: int,
    ruling: Ruling,
    note: str,
    split_pct: int | None = None,
) -> Dispute:
    """Resolve a case with a note both parties receive. ``split_pct`` is the share
    refunded to the buyer; the seller is paid the rest, less the platform fee.
    The moderator must have claimed the case (or claim it now if nobody has)."""
    note = v.paragraphs("note", note, min_len=5, max_len=2000)
    if ruling is Ruling.SPLIT:
        split_pct = v.integer(
            "split_pct", split_pct if split_pct is not None else -1, minimum=1, maximum=99
        )
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        dispute = await uow.disputes.get(dispute_id)
        if dispute is None:
            raise NotFound("dispute", dispute_id)
        if dispute.status is DisputeStatus.RESOLVED:
            raise Conflict(E.CASE_RESOLVED, code="dispute.resolved", id=dispute.id)
        if dispute.status is DisputeStatus.CLAIMED and dispute.claimed_by != moderator.id:
            raise Conflict(
                E.CASE_CLAIMED, code="dispute.claimed", id=dispute.id, moderator=dispute.claimed_by
            )
        order = await parties.load_order(uow, dispute.order_id)
        await _not_a_party(uow, order, moderator)
        if order.status is OrderStatus.ON_HOLD:
            raise Conflict(
                E.ON_HOLD_BEFORE_RULING, code="order.on_hold", order_id=order.id
            )
        extra: dict[str, object] = {"ruling": ruling.value, "dispute_id": dispute.id}
        if split_pct is not None:
            extra["split_pct"] = split_pct
        buyer_share = order.price_cents * (split_pct or 0) // 100
        await workflow.move_order(
            ctx,
            uow,
            order,
            f"rule_{ruling.value}",
            actor_id=moderator.id,
            roles=MODERATOR_ROLES,
            note=note,
            channels=("admin",),
            extra=extra,
            buyer_share=buyer_share,
        )
        now = ctx.clock.now()
        dispute = replace(
            dispute,
            status=DisputeStatus.RESOLVED,
            ruling=ruling,
            split_pct=split_pct,
            note=note,
            resolved_at=now,
            resolved_by=moderator.id,
            claimed_by=dispute.claimed_by or moderator.id,
            claimed_at=dispute.claimed_at or now,
        )
        await uow.disputes.update(dispute)
        await _audit(uow, ctx, moderator.id, f"rule:{ruling.value}", order, note)
        await uow.commit()
        return dispute


#: What a moderator's override does to the order's escrowed money, when it has any.
PaymentsEffect = Callable[[Context, UnitOfWork, Order], Awaitable[object]]


async def _no_open_chargeback(uow: UnitOfWork, order: Order) -> None:
    """While the bank decides a chargeback, the money stays where the chargeback put it: a
    moderator's release, unhold or reversal would pay out or move money the bank may take
    back (the money properties found both)."""
    if parties.escrow_in_use(order) and await chargeback_open(uow, order.id):
        raise Conflict(escrow_errors.CHARGEBACK_OPEN, order_id=order.id)


async def _override(
    ctx: Context,
    *,
    moderator_id: int,
    order_id: int,
    action: str,
    audit_action: str,
    note: str | None,
    payments: PaymentsEffect | None = None,
) -> Order:
    """A moderator moves an order they are no party to by ``action`` (the admin channel
    hears it); ``payments`` follows in the same transaction, and the audit log records it."""
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        order = await parties.load_order(uow, order_id)
        await _not_a_party(uow, order, moderator)
        if action != "hold":
            await _no_open_chargeback(uow, order)
        await workflow.move_order(
            ctx,
            uow,
            order,
            action,
            actor_id=moderator.id,
            roles=MODERATOR_ROLES,
            note=note,
            channels=("admin",),
        )
        if payments is not None and parties.escrow_in_use(order):
            await payments(ctx, uow, order)
        await _audit(uow, ctx, moderator.id, audit_action, order, note)
        await uow.commit()
        return order


async def hold_order(ctx: Context, *, moderator_id: int, order_id: int, reason: str) -> Order:
    reason = v.paragraphs("reason", reason, min_len=3, max_len=500)
    return await _override(
        ctx,
        moderator_id=moderator_id,
        order_id=order_id,
        action="hold",
        audit_action="hold",
        note=reason,
        payments=lambda _ctx, uow, order: escrow_overrides.hold_payments(uow, order),
    )


async def unhold_order(ctx: Context, *, moderator_id: int, order_id: int, note: str = "") -> Order:
    return await _override(
        ctx,
        moderator_id=moderator_id,
        order_id=order_id,
        action="unhold",
        audit_action="unhold",
        note=note or None,
        payments=escrow_overrides.unhold_payments,
    )


async def reverse_approval(ctx: Context, *, moderator_id: int, order_id: int, note: str) -> Order:
    """Undo an approval during the release cooldown: the order is delivered again."""
    note = v.paragraphs("note", note, min_len=3, max_len=500)
    return await _override(
        ctx,
        moderator_id=moderator_id,
        order_id=order_id,
        action="reverse_approval",
        audit_action="reverse",
        note=note,
    )


async def release_payment(
    ctx: Context, *, order_id: int, moderator_id: int | None = None, note: str = ""
) -> Order:
    """Release a payment pending its cooldown: by the timer, or early by a moderator (a stuck
    payment). The seller's payable is credited less the platform fee."""
    async with ctx.uow() as uow:
        roles = frozenset({SYSTEM})
        moderator = None
        if moderator_id is not None:
            moderator = await actors.load_moderator(uow, moderator_id)
            roles = MODERATOR_ROLES
        order = await parties.load_order(uow, order_id)
        if moderator is not None:
            await _not_a_party(uow, order, moderator)
            await _no_open_chargeback(uow, order)
        if (
            moderator_id is not None
            and order.status is OrderStatus.COMPLETED
            and parties.escrow_in_use(order)
        ):
            # Released already: a stuck payout (failed or held transfer) is made due now.
            if not await escrow_overrides.release_payments(ctx, uow, order):
                raise Conflict(escrow_errors.NOTHING_TO_RELEASE, order_id=order.id)
            await _audit(uow, ctx, moderator_id, "release_retry", order, note or None)
            await uow.commit()
            return order
        await workflow.move_order(
            ctx, uow, order, "release", actor_id=moderator_id, roles=roles, note=note or None
        )
        if moderator_id is not None:
            if parties.escrow_in_use(order):
                await escrow_overrides.release_payments(ctx, uow, order)
            await _audit(uow, ctx, moderator_id, "release", order, note or None)
        await uow.commit()
        return order
