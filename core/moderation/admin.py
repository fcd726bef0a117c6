"""The moderators' use cases beyond disputes.py: case files with the evidence pack, the
reports and verification queues, audit trails, warnings, moderator roles, refused attempts,
and the payment overrides with their escrow side.

Every function that shows or changes something checks that the actor is a moderator (a
banned moderator is refused too); every change lands in the audit log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from core.accounts import actors
from core.accounts.accounts import set_role
from core.accounts.model import MODERATOR, Account, Identity, TrustStats, VerificationStatus
from core.escrow.record import PaymentRecord, payment_record
from core.escrow.worker import run_payment_jobs
from core.moderation import errors as E
from core.moderation.model import AuditEntry
from core.orders import disputes, parties
from core.orders.model import Delivery, Dispute, Order, OrderEvent, OrderMessage, PaymentMode
from core.orders.trust import TrustBreakdown, compute_trust
from core.proofing.queries import OrderProofing, proofing_in
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork

log = logging.getLogger(__name__)

#: Sent to a warned account (and recorded in the audit log).
ACCOUNT_WARNED = "account.warned"
#: Audit action of an admin command refused to someone who may not use it.
REFUSED = "admin.refused"

OverrideAction = Literal["hold", "unhold", "release", "reverse"]


@dataclass(frozen=True)
class Party:
    """One side of a disputed order, as the moderator needs to weigh it."""

    account: Account
    trust: TrustBreakdown
    stats: TrustStats
    #: Orders this account is in (buyer or seller), any state, and how many were disputed.
    orders: int
    identities: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseFile:
    """A dispute with its evidence pack."""

    dispute: Dispute
    order: Order
    buyer: Party
    seller: Party
    supervisor: Account | None
    opened_by: Account
    claimed_by: Account | None
    events: list[OrderEvent]
    messages: list[OrderMessage]
    deliveries: list[Delivery]
    audit: list[AuditEntry]
    #: Other orders between the same two accounts (a history of working together).
    shared_orders: list[Order]
    #: The latest proofing round with its scorecards, when the order was proofed.
    proofing: OrderProofing | None = None
    #: The accounts of that round's proofers (moderators see who scored what).
    proofers: tuple[Account, ...] = ()
    #: Where an escrow order's money is (None: paid off-platform).
    payment: PaymentRecord | None = None


@dataclass(frozen=True)
class CaseLine:
    dispute: Dispute
    order: Order


@dataclass(frozen=True)
class AuditTrail:
    subject: str
    #: An order's timeline (empty for an account).
    events: list[OrderEvent]
    #: Audit entries about the subject, and for an account also what it did.
    entries: list[AuditEntry]
    #: An escrow order's payment record (None for an account or an off-platform order).
    payment: PaymentRecord | None = None


@dataclass(frozen=True)
class Override:
    order: Order
    #: The escrow adapter carried out the payment side too.
    payment_applied: bool
    #: Why it did not (no escrow configured, an off-platform order, the adapter failed).
    payment_note: str


async def _party(ctx: Context, uow: UnitOfWork, account: Account) -> Party:
    stats = (await uow.accounts.trust_stats([account.id])).get(account.id, TrustStats(account.id))
    trust = compute_trust(
        stats,
        verified=account.verification is VerificationStatus.VERIFIED,
        created_at=account.created_at,
        now=ctx.clock.now(),
    )
    orders = await uow.orders.for_account(account.id, limit=500)
    identities = tuple(
        f"{i.provider}:{i.external_id}"
        for i in await uow.accounts.identities(account.id)
        if i.provider != "email"
    )
    return Party(account, trust, stats, len(orders), identities)


async def _case(ctx: Context, uow: UnitOfWork, dispute: Dispute) -> CaseFile:
    order = await parties.load_order(uow, dispute.order_id)
    people = await uow.accounts.get_many(
        [order.buyer_id, order.seller_id, dispute.opened_by]
        + ([dispute.claimed_by] if dispute.claimed_by else [])
    )
    seller = people[order.seller_id]
    supervisor = await uow.accounts.get(seller.supervisor_id) if seller.supervisor_id else None
    shared = [
        o
        for o in await uow.orders.for_account(order.buyer_id, limit=500)
        if o.id != order.id and {o.buyer_id, o.seller_id} == {order.buyer_id, order.seller_id}
    ]
    proofing = await proofing_in(uow, order.id)
    proofers = await uow.accounts.get_many(
        [a.proofer_id for a in proofing.assignments] if proofing else []
    )
    return CaseFile(
        dispute=dispute,
        order=order,
        buyer=await _party(ctx, uow, people[order.buyer_id]),
        seller=await _party(ctx, uow, seller),
        supervisor=supervisor,
        opened_by=people[dispute.opened_by],
        claimed_by=people.get(dispute.claimed_by) if dispute.claimed_by else None,
        events=await uow.orders.events(order.id),
        messages=await uow.orders.messages(order.id, limit=30),
        deliveries=await uow.orders.deliveries(order.id),
        audit=await uow.audit.for_subject(f"order:{order.id}", limit=30),
        shared_orders=shared,
        proofing=proofing,
        proofers=tuple(proofers.values()),
        payment=await payment_record(ctx, uow, order),
    )


async def load_case(ctx: Context, *, dispute_id: int) -> CaseFile:
    """The case file for the admin channel's own post (no viewer: the channel is the
    moderators' room). Raises ``NotFound``."""
    async with ctx.uow() as uow:
        dispute = await uow.disputes.get(dispute_id)
        if dispute is None:
            raise NotFound("dispute", dispute_id)
        return await _case(ctx, uow, dispute)


async def case_of_order(ctx: Context, *, order_id: int) -> CaseFile | None:
    """The unresolved case of an order, if any (for the post announcing a dispute)."""
    async with ctx.uow() as uow:
        dispute = await uow.disputes.open_for_order(order_id)
        return await _case(ctx, uow, dispute) if dispute is not None else None


async def get_case(ctx: Context, *, moderator_id: int, dispute_id: int) -> CaseFile:
    """Raises ``PermissionDenied`` for a non-moderator, ``NotFound`` for an unknown case."""
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        dispute = await uow.disputes.get(dispute_id)
        if dispute is None:
            raise NotFound("dispute", dispute_id)
        return await _case(ctx, uow, dispute)


async def list_cases(ctx: Context, *, moderator_id: int) -> list[CaseLine]:
    """Unresolved cases, oldest first, with their orders."""
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        lines = []
        for dispute in await uow.disputes.list_unresolved(limit=50):
            order = await uow.orders.get(dispute.order_id)
            if order is not None:
                lines.append(CaseLine(dispute, order))
        return lines


async def list_reports(ctx: Context, *, moderator_id: int, limit: int = 20) -> list[AuditEntry]:
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        return await uow.admin.open_reports(limit=limit)


async def close_report(
    ctx: Context, *, moderator_id: int, report_id: int, note: str = ""
) -> AuditEntry:
    """Take a report off the queue (acted on or dismissed), with an optional note."""
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        open_ids = {r.id for r in await uow.admin.open_reports(limit=1000)}
        if report_id not in open_ids:
            raise Conflict(E.REPORT_NOT_OPEN, report_id=report_id)
        entry = await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="report.close",
                subject=f"report:{report_id}",
                created_at=ctx.clock.now(),
                note=v.characters("note", note.strip())[:500] or None,
            )
        )
        await uow.commit()
        return entry


async def list_verifications(ctx: Context, *, moderator_id: int) -> list[Account]:
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        return await uow.admin.pending_verifications(limit=30)


_SUBJECT = re.compile(r"^(order|account|offer|request|dispute|report):([1-9][0-9]{0,17})$")


async def audit_trail(ctx: Context, *, moderator_id: int, subject: str) -> AuditTrail:
    """``order:5``: its timeline and the audit entries about it; ``account:3``: what was done
    to it and what it did. Raises ``ValidationFailed`` for another shape."""
    match = _SUBJECT.match(subject.strip().lower())
    if match is None:
        raise ValidationFailed(E.AUDIT_SUBJECT, field="subject", code="validation.subject")
    kind, ident = match.group(1), int(match.group(2))
    async with ctx.uow() as uow:
        await actors.load_moderator(uow, moderator_id)
        key = f"{kind}:{ident}"
        events: list[OrderEvent] = []
        payment = None
        if kind == "order":
            order = await parties.load_order(uow, ident)
            events = await uow.orders.events(order.id)
            payment = await payment_record(ctx, uow, order)
        elif kind == "account":
            await actors.load_account(uow, ident)
        entries = await uow.audit.for_subject(key, limit=50)
        if kind == "account":
            entries = sorted(
                {e.id: e for e in entries + await uow.admin.audit_by_actor(ident)}.values(),
                key=lambda e: e.id,
            )[-50:]
        return AuditTrail(key, events, entries, payment)


async def warn_account(ctx: Context, *, moderator_id: int, account_id: int, reason: str) -> None:
    """A formal warning: the person is told why, and it is on their record."""
    reason = v.paragraphs("reason", reason, min_len=3, max_len=500)
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        account = await actors.load_open_account(uow, account_id)
        now = ctx.clock.now()
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="warn",
                subject=f"account:{account.id}",
                created_at=now,
                note=reason,
            )
        )
        uow.publish(
            DomainEvent(
                type=ACCOUNT_WARNED,
                payload={"account_id": account.id, "reason": reason},
                recipients=(account.id,),
                occurred_at=now,
            )
        )
        await uow.commit()


async def set_moderator(
    ctx: Context,
    *,
    actor_id: int,
    owners: Sequence[tuple[str, str]],
    account_id: int,
    on: bool,
) -> Account:
    """Grant or remove the moderator role; only an owner (an identity named in
    ``BOTGIG_OWNERS``) may. An owner's own role is kept: the settings would restore it."""
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        mine = {(i.provider, i.external_id) for i in await uow.accounts.identities(actor.id)}
        if not mine & set(owners):
            raise PermissionDenied(E.OWNERS_ONLY, code=PermissionDenied.code)
        account = await actors.load_open_account(uow, account_id)
        theirs = {(i.provider, i.external_id) for i in await uow.accounts.identities(account.id)}
        if not on and theirs & set(owners):
            raise Conflict(E.OWNER_KEEPS_ROLE, handle=account.handle)
        if on and account.is_banned:
            raise Conflict(E.MODERATOR_BANNED, code="account.banned", handle=account.handle)
        if account.is_moderator == on:
            unchanged = E.ALREADY_MODERATOR if on else E.NOT_MODERATOR
            raise Conflict(unchanged, code="moderator.unchanged", handle=account.handle)
    return await set_role(ctx, granted_by=actor_id, account_id=account_id, role=MODERATOR, on=on)


async def log_refusal(ctx: Context, *, actor_id: int, command: str, where: str) -> None:
    """Record an admin command refused to ``actor_id`` (not a moderator, banned, or outside
    the admin channel): who tried what, where."""
    async with ctx.uow() as uow:
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=actor_id,
                action=REFUSED,
                subject=f"account:{actor_id}",
                created_at=ctx.clock.now(),
                note=command[:200],
                data={"where": where[:100]},
            )
        )
        await uow.commit()


async def override_payment(
    ctx: Context,
    *,
    moderator_id: int,
    order_id: int,
    action: OverrideAction,
    note: str = "",
) -> Override:
    """``hold``/``unhold``/``release``/``reverse`` an order: the state machine moves (with
    its timeline entry and audit record) and the payment side follows in the same
    transaction; a released payout is sent at once. Without an escrow adapter, or for an
    off-platform order, only the order state changes and ``payment_note`` says so. Raises
    what the state machine raises."""
    if action == "hold":
        order = await disputes.hold_order(
            ctx, moderator_id=moderator_id, order_id=order_id, reason=note
        )
    elif action == "unhold":
        order = await disputes.unhold_order(
            ctx, moderator_id=moderator_id, order_id=order_id, note=note
        )
    elif action == "release":
        order = await disputes.release_payment(
            ctx, moderator_id=moderator_id, order_id=order_id, note=note
        )
    elif action == "reverse":
        order = await disputes.reverse_approval(
            ctx, moderator_id=moderator_id, order_id=order_id, note=note
        )
    else:  # pragma: no cover - Literal
        raise ValueError(action)
    if order.payment_mode is PaymentMode.OFF_PLATFORM:
        return Override(
            order, False, "off-platform order: the parties settle payment between themselves"
        )
    if ctx.escrow is None:
        return Override(order, False, "no escrow adapter is configured: order state only")
    if action == "release":
        # The payout was made due in the release's transaction; it is sent now, not at the
        # worker's next round (a failure is recorded on the job and retried).
        await run_payment_jobs(ctx)
    return Override(order, True, "")


async def moderators_to_call(ctx: Context) -> list[tuple[Account, list[Identity]]]:
    """Active moderators with their chat identities, for a mention in the admin channel."""
    async with ctx.uow() as uow:
        mods = [a for a in await uow.accounts.with_role(MODERATOR) if not a.is_banned]
        identities = await uow.accounts.identities_many([a.id for a in mods])
        return [(a, identities.get(a.id, [])) for a in mods]
