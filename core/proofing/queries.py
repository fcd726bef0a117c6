"""What proofers, parties and moderators see of proofing: a proofer's assignments with the
work to check, and an order's rounds with their scorecards and consensus."""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts import actors
from core.listings.model import Offer, Request
from core.orders import parties
from core.orders.model import Delivery, Order
from core.proofing import errors as E
from core.proofing.model import ProofAssignment, ProofRound
from core.shared.context import Context
from core.shared.errors import NotFound, PermissionDenied
from core.shared.uow import UnitOfWork


@dataclass(frozen=True)
class AssignmentCard:
    assignment: ProofAssignment
    order: Order


@dataclass(frozen=True)
class AssignmentDetail:
    """What an assigned proofer checks: the order, its requirements (the job or the offer)
    and the deliveries. Messages between the parties stay private."""

    assignment: ProofAssignment
    order: Order
    request: Request | None
    offer: Offer | None
    deliveries: list[Delivery]


@dataclass(frozen=True)
class OrderProofing:
    """The latest proofing round of an order and its assignments (scorecards included)."""

    round: ProofRound
    assignments: list[ProofAssignment]


async def list_assignments(
    ctx: Context, *, proofer_id: int, limit: int = 50
) -> list[AssignmentCard]:
    async with ctx.uow() as uow:
        await actors.load_account(uow, proofer_id)
        found = await uow.proofs.for_proofer(proofer_id, limit=limit)
        cards = []
        for a in found:
            order = await uow.orders.get(a.order_id)
            if order is not None:
                cards.append(AssignmentCard(a, order))
        return cards


async def get_assignment(
    ctx: Context, *, proofer_id: int, assignment_id: int
) -> AssignmentDetail:
    """Raises ``NotFound`` for an unknown id and ``PermissionDenied`` for someone else's."""
    async with ctx.uow() as uow:
        await actors.load_account(uow, proofer_id)
        assignment = await uow.proofs.get_assignment(assignment_id)
        if assignment is None:
            raise NotFound("assignment", assignment_id)
        if assignment.proofer_id != proofer_id:
            raise PermissionDenied(E.NOT_ASSIGNED, assignment_id=assignment_id)
        order = await parties.load_order(uow, assignment.order_id)
        return AssignmentDetail(
            assignment=assignment,
            order=order,
            request=await uow.requests.get(order.request_id) if order.request_id else None,
            offer=await uow.offers.get(order.offer_id) if order.offer_id else None,
            deliveries=await uow.orders.deliveries(order.id),
        )


async def proofing_in(uow: UnitOfWork, order_id: int) -> OrderProofing | None:
    """``order_proofing`` inside the caller's unit of work (an order card, the evidence
    pack), which has checked who may see the order."""
    latest = await uow.proofs.latest_round(order_id)
    if latest is None:
        return None
    return OrderProofing(latest, await uow.proofs.assignments(latest.id))


async def order_proofing(ctx: Context, *, order_id: int, viewer_id: int) -> OrderProofing | None:
    """The order's latest proofing, for its parties and moderators."""
    async with ctx.uow() as uow:
        viewer = await actors.load_account(uow, viewer_id)
        order = await parties.load_order(uow, order_id)
        await parties.require_party(uow, order, viewer)
        return await proofing_in(uow, order.id)


async def visible_proofing(
    ctx: Context, *, order_id: int, viewer_id: int
) -> OrderProofing | None:
    """``order_proofing`` for whoever looks at a job: nothing for anyone but the order's
    parties and moderators (a job page is public, its proofing is not)."""
    async with ctx.uow() as uow:
        viewer = await actors.load_account(uow, viewer_id)
        order = await parties.load_order(uow, order_id)
        if not await parties.order_roles(uow, order, viewer):
            return None
        return await proofing_in(uow, order.id)


@dataclass(frozen=True)
class ProoferRecord:
    """A proofer's public record: scorecards compared with a consensus, and how often the
    verdict matched it (None before any)."""

    enabled: bool
    scorecards: int
    agreement_pct: int | None


async def proofer_record(ctx: Context, *, account_id: int) -> ProoferRecord | None:
    """What a profile shows of the account as a proofer; None when it never was one."""
    async with ctx.uow() as uow:
        await actors.load_account(uow, account_id)
        profile = await uow.proofers.get(account_id)
    if profile is None or not (profile.enabled or profile.scored_count):
        return None
    return ProoferRecord(profile.enabled, profile.scored_count, profile.agreement_pct)
