"""Helpers the use cases share: loading actors with their rights, moving orders through the
state machine (timeline entry, outbox event and timers in one place), spending credits and
refreshing trust scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from core import events as ev
from core import ledger
from core.errors import AccountBanned, InsufficientCredits, NotFound, PermissionDenied
from core.events import DomainEvent
from core.model import (
    Account,
    AccountKind,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMode,
    Timer,
    TimerKind,
    TimerStatus,
    TrustStats,
    VerificationStatus,
)
from core.order_machine import MODERATOR, SUPERVISOR, Transition, apply_transition
from core.ports import UnitOfWork
from core.services.context import Context
from core.shared.input_errors import MODERATORS_ONLY, NOT_A_PARTY
from core.trust import compute_trust

ORDER = "order"


async def load_account(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise NotFound("account", account_id)
    return account


async def load_actor(uow: UnitOfWork, account_id: int) -> Account:
    """The account about to act: it must exist and must not be banned."""
    account = await load_account(uow, account_id)
    if account.is_banned:
        raise AccountBanned()
    return account


def answerable_human(account: Account) -> int:
    """The account that answers for ``account``: its supervisor for a supervised agent,
    otherwise the account itself."""
    return account.supervisor_id or account.id


def same_party(a: Account, b: Account) -> bool:
    """A person, the agents they supervise and those agents among themselves are one side of
    a deal: trading between them would only inflate ratings and trust."""
    return answerable_human(a) == answerable_human(b)


async def load_moderator(uow: UnitOfWork, account_id: int) -> Account:
    account = await load_actor(uow, account_id)
    if not account.is_moderator:
        raise PermissionDenied(MODERATORS_ONLY, code=PermissionDenied.code)
    return account


async def load_order(uow: UnitOfWork, order_id: int) -> Order:
    order = await uow.orders.get(order_id)
    if order is None:
        raise NotFound("order", order_id)
    return order


async def order_roles(uow: UnitOfWork, order: Order, actor: Account) -> frozenset[str]:
    roles: set[str] = set()
    party = order.party_role(actor.id)
    if party:
        roles.add(party)
    if actor.id != order.seller_id:
        seller = await uow.accounts.get(order.seller_id)
        if seller is not None and seller.supervisor_id == actor.id:
            roles.add(SUPERVISOR)
    if actor.is_moderator:
        roles.add(MODERATOR)
    return frozenset(roles)


async def require_party(uow: UnitOfWork, order: Order, actor: Account) -> frozenset[str]:
    """Parties, the seller's supervisor and moderators may see an order; nobody else."""
    roles = await order_roles(uow, order, actor)
    if not roles:
        raise PermissionDenied(NOT_A_PARTY, code=PermissionDenied.code, order_id=order.id)
    return roles


async def order_recipients(
    uow: UnitOfWork, order: Order, *, exclude: int | None
) -> tuple[int, ...]:
    """Both parties, and the human who answers for an agent seller."""
    ids = [order.buyer_id, order.seller_id]
    seller = await uow.accounts.get(order.seller_id)
    if seller is not None and seller.kind is AccountKind.AGENT and seller.supervisor_id:
        ids.append(seller.supervisor_id)
    return tuple(dict.fromkeys(i for i in ids if i != exclude))


def order_payload(order: Order) -> dict[str, object]:
    return {
        "order_id": order.id,
        "title": order.title,
        "status": order.status.value,
        "buyer_id": order.buyer_id,
        "seller_id": order.seller_id,
        "price_cents": order.price_cents,
        "currency": order.currency,
        "payment_mode": order.payment_mode.value,
        "request_id": order.request_id,
        "offer_id": order.offer_id,
        "due_at": order.due_at.isoformat(),
    }


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
) -> Transition:
    """The one path by which an order changes state: check, apply, record, announce, re-time."""
    now = ctx.clock.now()
    source, target, transition = apply_transition(order, action, roles, now)
    if source is OrderStatus.IN_PROGRESS and target is not OrderStatus.ON_HOLD:
        # A request to cancel is about the work as it stood; once the work moves on (a
        # delivery, a dispute) it lapses, so a later cancel by the other side starts afresh.
        order.cancel_requested_by = None
    await uow.orders.update(order)
    actor_role = next(iter(sorted(roles))) if len(roles) == 1 else ",".join(sorted(roles))
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
    await sync_timers(ctx, uow, order, source, target)
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
    if target is OrderStatus.COMPLETED and transition.event != ev.ORDER_COMPLETED:
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
    return transition


def _timer(
    kind: TimerKind, order: Order, due_at: datetime, now: datetime, for_status: OrderStatus
) -> Timer:
    return Timer(
        id=0,
        kind=kind,
        subject=ORDER,
        subject_id=order.id,
        due_at=due_at,
        status=TimerStatus.PENDING,
        created_at=now,
        for_status=for_status.value,
    )


async def sync_timers(
    ctx: Context, uow: UnitOfWork, order: Order, source: OrderStatus, target: OrderStatus
) -> None:
    """Keep an order's timers in step with its state.

    Entering a frozen state (disputed, on hold) pauses every timer; leaving it resumes them
    with the time they had left. Timers armed for another state are cancelled, and the timers
    of the new state are armed unless a resumed one already covers them.
    """
    now = ctx.clock.now()
    rules = ctx.rules
    if target.is_frozen:
        await uow.timers.pause(ORDER, order.id, now)
        return
    if source.is_frozen:
        await uow.timers.resume(ORDER, order.id, now)
    live = [
        t
        for t in await uow.timers.for_subject(ORDER, order.id)
        if t.status in (TimerStatus.PENDING, TimerStatus.PAUSED)
    ]
    kept: set[TimerKind] = set()
    for timer in live:
        if timer.for_status is not None and timer.for_status != target.value:
            await uow.timers.mark(timer.id, TimerStatus.CANCELLED, now)
        else:
            kept.add(timer.kind)

    wanted: list[Timer] = []
    if target is OrderStatus.AWAITING_FUNDING:
        wanted.append(
            _timer(
                TimerKind.FUNDING_TIMEOUT,
                order,
                now + timedelta(hours=rules.funding_timeout_hours),
                now,
                target,
            )
        )
    elif target is OrderStatus.AWAITING_SUPERVISOR:
        # The supervisor signs off within the seller's deadline and grace, or the order lapses.
        wanted.append(
            _timer(
                TimerKind.SELLER_DEADLINE,
                order,
                max(order.due_at, now) + timedelta(hours=rules.seller_grace_hours),
                now,
                target,
            )
        )
    elif target is OrderStatus.IN_PROGRESS:
        wanted.append(
            _timer(
                TimerKind.SELLER_DEADLINE,
                order,
                order.due_at + timedelta(hours=rules.seller_grace_hours),
                now,
                target,
            )
        )
        remind_at = order.due_at - timedelta(hours=rules.reminder_lead_hours)
        if remind_at > now:
            wanted.append(_timer(TimerKind.REMINDER_SELLER, order, remind_at, now, target))
    elif target is OrderStatus.DELIVERED:
        approve_at = now + timedelta(days=rules.auto_approve_days)
        wanted.append(_timer(TimerKind.AUTO_APPROVE, order, approve_at, now, target))
        remind_at = approve_at - timedelta(hours=rules.reminder_lead_hours)
        if remind_at > now:
            wanted.append(_timer(TimerKind.REMINDER_BUYER, order, remind_at, now, target))
    elif target is OrderStatus.PROOFING:
        wanted.append(
            _timer(
                TimerKind.PROOFING_WINDOW,
                order,
                now + timedelta(hours=rules.proofing_window_hours),
                now,
                target,
            )
        )
    elif target is OrderStatus.RELEASE_PENDING:
        wanted.append(_timer(TimerKind.RELEASE, order, now + rules.release_cooldown, now, target))
    if target is OrderStatus.COMPLETED:
        reveal = Timer(
            id=0,
            kind=TimerKind.REVIEW_REVEAL,
            subject=ORDER,
            subject_id=order.id,
            due_at=now + timedelta(days=rules.review_reveal_days),
            status=TimerStatus.PENDING,
            created_at=now,
            for_status=None,
        )
        if TimerKind.REVIEW_REVEAL not in kept:
            wanted.append(reveal)
    for timer in wanted:
        if timer.kind not in kept:
            await uow.timers.add(timer)


async def spend_credits(
    ctx: Context,
    uow: UnitOfWork,
    *,
    account_id: int,
    tx_type: ledger.TxType,
    amount: int,
    idempotency_key: str,
    memo: str,
    reference: str | None = None,
) -> bool:
    """Charge ``amount`` credits; a zero price is free and records nothing. Returns False when
    the idempotency key was already charged (a retried action is not charged twice)."""
    if amount <= 0:
        return True
    tx = ledger.transfer(
        type=tx_type,
        asset=ledger.CREDITS,
        source=ledger.user_account(account_id),
        destination=ledger.WORLD_SPENT,
        amount=amount,
        idempotency_key=idempotency_key,
        memo=memo,
        account_id=account_id,
        actor_id=account_id,
        reference=reference,
    )
    try:
        return await uow.ledger.post(tx)
    except InsufficientCredits:
        balance = await uow.ledger.balance(ledger.user_account(account_id), ledger.CREDITS)
        raise InsufficientCredits(amount, balance) from None


async def refresh_trust(ctx: Context, uow: UnitOfWork, account_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(account_ids))
    accounts = await uow.accounts.get_many(ids)
    stats = await uow.accounts.trust_stats(ids)
    now = ctx.clock.now()
    for account_id, account in accounts.items():
        breakdown = compute_trust(
            stats.get(account_id, TrustStats(account_id)),
            verified=account.verification is VerificationStatus.VERIFIED,
            created_at=account.created_at,
            now=now,
        )
        if breakdown.score != account.trust_score:
            await uow.accounts.update(replace(account, trust_score=breakdown.score))


def escrow_in_use(order: Order) -> bool:
    return order.payment_mode is PaymentMode.ESCROW
