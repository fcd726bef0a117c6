"""Proposals (applications) on requests: bid, list, withdraw, reject, and accept — which awards
the request, creates the order and rejects the other proposals. Whatever ends a request's
bidding (its buyer closing it, an award, its deadline) rejects the pending ones here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from core.accounts import actors
from core.accounts.model import Account
from core.listings import errors as E
from core.listings import lifecycle
from core.listings.kinds import REQUESTS
from core.listings.model import Proposal, ProposalStatus, Request, RequestStatus
from core.moderation import safety as guard
from core.moderation.redaction import redact_secrets
from core.orders.model import Order, PaymentMode
from core.orders.orders import choose_payment_mode, create_order
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    seller: Account

    @property
    def id(self) -> int:
        return self.proposal.id


def require_open(request: Request) -> None:
    """Raise ``Conflict`` (``request.not_open``) unless the request is open: only then can its
    buyer close it or award it."""
    if request.status is not RequestStatus.OPEN:
        raise Conflict(
            E.REQUEST_STATUS,
            code="request.not_open",
            request_id=request.id,
            request_status=request.status.value,
        )


def _require_pending(proposal: Proposal) -> None:
    if proposal.status is not ProposalStatus.PENDING:
        raise Conflict(
            E.PROPOSAL_STATUS,
            code="proposal.not_pending",
            proposal_id=proposal.id,
            proposal_status=proposal.status.value,
        )


def _application_event(
    type_: str, request: Request, proposal: Proposal, recipient: int, now: datetime, **extra: Any
) -> DomainEvent:
    return DomainEvent(
        type=type_,
        payload={
            "request_id": request.id,
            "proposal_id": proposal.id,
            "seller_id": proposal.seller_id,
            "title": request.title,
            **extra,
        },
        recipients=(recipient,),
        occurred_at=now,
    )


async def _load_proposal(uow: UnitOfWork, proposal_id: int) -> Proposal:
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None:
        raise NotFound("proposal", proposal_id)
    return proposal


async def submit_proposal(
    ctx: Context,
    *,
    seller_id: int,
    request_id: int,
    message: str,
    price_cents: int,
    timeline_days: int,
    confirm_to_seller: bool = False,
) -> Proposal:
    """Bid on an open request. One pending proposal per seller per request; never one's own.
    ``confirm_to_seller``: the seller is told too, for a front end that is not their chat
    (the Mini App)."""
    message = v.paragraphs("message", message, min_len=10, max_len=4000)
    scan = redact_secrets(message)
    message = scan.text
    price_cents = v.price("price", price_cents, maximum=ctx.rules.max_price_cents)
    timeline_days = v.integer("timeline_days", timeline_days, minimum=1, maximum=365)
    async with ctx.uow() as uow:
        seller = await actors.load_actor(uow, seller_id)
        request = await lifecycle.load(uow, REQUESTS, request_id)
        if request.status is RequestStatus.HIDDEN:
            raise NotFound("request", request_id)
        buyer = await actors.load_account(uow, request.buyer_id)
        if actors.same_party(seller, buyer):
            raise PermissionDenied(E.OWN_REQUEST, code=PermissionDenied.code)
        # The expiry timer may not have run yet: the deadline decides, not the job.
        if request.status is not RequestStatus.OPEN or request.deadline <= ctx.clock.now():
            status = (
                RequestStatus.EXPIRED if request.status is RequestStatus.OPEN else request.status
            )
            raise Conflict(
                E.REQUEST_CLOSED_TO_BIDS,
                code="request.not_open",
                request_id=request.id,
                request_status=status.value,
            )
        existing = [
            p
            for p in await uow.proposals.for_request(request.id)
            if p.seller_id == seller.id and p.status is ProposalStatus.PENDING
        ]
        if existing:
            raise Conflict(E.PROPOSAL_DUPLICATE, proposal_id=existing[0].id)
        await guard.check_rate(ctx, uow, actor_id=seller.id, action=guard.PROPOSAL)
        now = ctx.clock.now()
        proposal = await uow.proposals.add(
            Proposal(
                id=0,
                request_id=request.id,
                seller_id=seller.id,
                message=message,
                price_cents=price_cents,
                timeline_days=timeline_days,
                status=ProposalStatus.PENDING,
                created_at=now,
                updated_at=now,
            )
        )
        await guard.screen(
            ctx,
            uow,
            actor_id=seller.id,
            subject=f"proposal:{proposal.id}",
            redacted=scan.found,
            texts=(message,),
        )
        received = _application_event(
            ev.APPLICATION_RECEIVED,
            request,
            proposal,
            request.buyer_id,
            now,
            price_cents=price_cents,
            timeline_days=timeline_days,
            currency=request.currency,
        )
        if confirm_to_seller:
            received = replace(received, recipients=(request.buyer_id, seller.id))
        uow.publish(received)
        await uow.commit()
        return proposal


async def list_proposals(ctx: Context, *, viewer_id: int, request_id: int) -> list[ProposalView]:
    """The proposals on a request: all of them for its buyer, one's own for a seller."""
    async with ctx.uow(read_only=True) as uow:
        viewer = await actors.load_account(uow, viewer_id)
        request = await lifecycle.load(uow, REQUESTS, request_id)
        found = await uow.proposals.for_request(request.id)
        if request.buyer_id != viewer.id and not viewer.is_moderator:
            found = [p for p in found if p.seller_id == viewer.id]
        sellers = await uow.accounts.get_many([p.seller_id for p in found])
        return [ProposalView(p, sellers[p.seller_id]) for p in found]


async def list_my_proposals(ctx: Context, *, seller_id: int) -> list[Proposal]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, seller_id)
        return await uow.proposals.by_seller(seller_id)


async def withdraw_proposal(ctx: Context, *, seller_id: int, proposal_id: int) -> Proposal:
    async with ctx.uow() as uow:
        seller = await actors.load_actor(uow, seller_id)
        proposal = await _load_proposal(uow, proposal_id)
        if proposal.seller_id != seller.id:
            raise PermissionDenied(
                E.PROPOSAL_NOT_YOURS, code=PermissionDenied.code, proposal_id=proposal.id
            )
        _require_pending(proposal)
        now = ctx.clock.now()
        proposal = replace(proposal, status=ProposalStatus.WITHDRAWN, updated_at=now)
        await uow.proposals.update(proposal)
        request = await lifecycle.load(uow, REQUESTS, proposal.request_id)
        uow.publish(
            _application_event(ev.APPLICATION_WITHDRAWN, request, proposal, request.buyer_id, now)
        )
        await uow.commit()
        return proposal


async def reject_proposal(ctx: Context, *, buyer_id: int, proposal_id: int) -> Proposal:
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        proposal = await _load_proposal(uow, proposal_id)
        request = await lifecycle.load(uow, REQUESTS, proposal.request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(E.BUYER_REJECTS, code=PermissionDenied.code)
        _require_pending(proposal)
        proposal = await _reject(ctx, uow, request, proposal)
        await uow.commit()
        return proposal


async def _reject(ctx: Context, uow: UnitOfWork, request: Request, proposal: Proposal) -> Proposal:
    now = ctx.clock.now()
    proposal = replace(proposal, status=ProposalStatus.REJECTED, updated_at=now)
    await uow.proposals.update(proposal)
    uow.publish(
        _application_event(ev.APPLICATION_REJECTED, request, proposal, proposal.seller_id, now)
    )
    return proposal


async def end_bidding(
    ctx: Context,
    uow: UnitOfWork,
    request: Request,
    status: RequestStatus,
    *,
    awarded: int | None = None,
) -> Request:
    """The request stops taking proposals — its buyer closed it, or awarded it to the
    proposal ``awarded``: it gets ``status``, its expiry timer goes and every other pending
    proposal is rejected."""
    request = replace(request, status=status, updated_at=ctx.clock.now())
    await uow.requests.update(request)
    await uow.timers.cancel(REQUESTS.name, request.id)
    await reject_pending_proposals(ctx, uow, request, keep=awarded)
    return request


async def reject_pending_proposals(
    ctx: Context, uow: UnitOfWork, request: Request, *, keep: int | None = None
) -> None:
    """Reject every pending proposal on ``request`` but ``keep``; each seller hears it."""
    for other in await uow.proposals.for_request(request.id):
        if other.id != keep and other.status is ProposalStatus.PENDING:
            await _reject(ctx, uow, request, other)


@dataclass(frozen=True)
class AcceptancePreview:
    """What accepting a proposal would do, for a confirmation before it happens."""

    proposal: ProposalView
    request: Request
    #: The other pending proposals on the request, declined by the acceptance.
    others_pending: int


async def preview_acceptance(ctx: Context, *, buyer_id: int, proposal_id: int) -> AcceptancePreview:
    """The checks ``accept_proposal`` makes, without accepting: raises ``PermissionDenied``
    for anyone but the request's buyer, ``Conflict`` for a proposal no longer pending or a
    request no longer open."""
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        proposal = await _load_proposal(uow, proposal_id)
        request = await lifecycle.load(uow, REQUESTS, proposal.request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(E.BUYER_ACCEPTS, code=PermissionDenied.code)
        _require_pending(proposal)
        require_open(request)
        seller = await actors.load_account(uow, proposal.seller_id)
        others = [
            p
            for p in await uow.proposals.for_request(request.id)
            if p.id != proposal.id and p.status is ProposalStatus.PENDING
        ]
        return AcceptancePreview(ProposalView(proposal, seller), request, len(others))


async def accept_proposal(
    ctx: Context,
    *,
    buyer_id: int,
    proposal_id: int,
    payment_mode: PaymentMode | None = None,
) -> Order:
    """Accept a pending proposal: the request is awarded, an order is created at the proposed
    price and timeline, and every other pending proposal is rejected."""
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        proposal = await _load_proposal(uow, proposal_id)
        request = await lifecycle.load(uow, REQUESTS, proposal.request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(E.BUYER_ACCEPTS, code=PermissionDenied.code)
        _require_pending(proposal)
        require_open(request)
        seller = await actors.load_account(uow, proposal.seller_id)
        if seller.is_banned:
            raise Conflict(E.SELLER_BANNED)
        mode = await choose_payment_mode(
            ctx, seller, payment_mode, uow, price_cents=proposal.price_cents
        )
        now = ctx.clock.now()
        await uow.proposals.update(
            replace(proposal, status=ProposalStatus.ACCEPTED, updated_at=now)
        )
        order = await create_order(
            ctx,
            uow,
            buyer=buyer,
            seller=seller,
            title=request.title,
            price_cents=proposal.price_cents,
            delivery_days=proposal.timeline_days,
            revisions_included=ctx.rules.default_revisions,
            payment_mode=mode,
            request_id=request.id,
            proposal_id=proposal.id,
            proofers_wanted=request.proofers_wanted,
        )
        uow.publish(
            _application_event(
                ev.APPLICATION_ACCEPTED, request, proposal, seller.id, now, order_id=order.id
            )
        )
        await end_bidding(ctx, uow, request, RequestStatus.AWARDED, awarded=proposal.id)
        await uow.commit()
        return order
