"""Requests (jobs) and proposals (applications): post, close, hide, browse — the listing
lifecycle (``lifecycle``) for the request kind; propose, withdraw, reject, and accept — which
creates the order and rejects the other proposals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from core.accounts import actors
from core.accounts.model import Account
from core.listings import errors as E
from core.listings import lifecycle
from core.listings.model import Proposal, ProposalStatus, Request, RequestStatus
from core.listings.ports import BrowseQuery
from core.moderation import safety as guard
from core.moderation.redaction import redact_secrets
from core.orders.model import Order, PaymentMode, TimerKind
from core.orders.orders import choose_payment_mode, create_order
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.shared.events import DomainEvent
from core.shared.ledger import TxType
from core.shared.ports import Page
from core.shared.uow import UnitOfWork

REQUESTS: lifecycle.ListingKind[Request] = lifecycle.ListingKind(
    name="request",
    repository=lambda uow: uow.requests,
    owner_id=lambda request: request.buyer_id,
    shown_fields=("title", "description", "inputs"),
    private_statuses=(RequestStatus.HIDDEN,),
    supervisor_sees=False,
    hidden_status=RequestStatus.HIDDEN,
    unhidden_status=RequestStatus.CLOSED,
    invalid_status="request.invalid_status",
    already_hidden=E.REQUEST_ALREADY_HIDDEN,
    not_hidden=E.REQUEST_NOT_HIDDEN,
    inverted_range=E.BUDGET_RANGE,
    publish_price=lambda prices: prices.post_request,
    publish_tx=TxType.SPEND_POST_REQUEST,
    publish_verb="Post",
    published_event=ev.REQUEST_POSTED,
    published_payload=lambda request: {
        "request_id": request.id,
        "buyer_id": request.buyer_id,
        "title": request.title,
        "category": request.category,
        "budget_min_cents": request.budget_min_cents,
        "budget_max_cents": request.budget_max_cents,
        "currency": request.currency,
        "deadline": request.deadline.isoformat(),
    },
    expiry_timer=TimerKind.REQUEST_EXPIRY,
    expires_at=lambda request: request.deadline,
)


@dataclass(frozen=True)
class RequestDraft:
    title: str
    category: str
    description: str
    budget_min_cents: int
    budget_max_cents: int
    deadline: datetime
    inputs: str = ""
    proofers_wanted: int = 0


@dataclass(frozen=True)
class RequestView:
    request: Request
    buyer: Account
    proposal_count: int = 0

    @property
    def id(self) -> int:
        """The request's id, so ``Page.last_id`` of a browse page is the next cursor."""
        return self.request.id


@dataclass(frozen=True)
class ProposalView:
    proposal: Proposal
    seller: Account

    @property
    def id(self) -> int:
        return self.proposal.id


def validate_request_draft(ctx: Context, draft: RequestDraft, now: datetime) -> RequestDraft:
    maximum = ctx.rules.max_price_cents
    budget_min = v.price("budget_min", draft.budget_min_cents, maximum=maximum)
    budget_max = v.price("budget_max", draft.budget_max_cents, maximum=maximum)
    if budget_min > budget_max:
        raise ValidationFailed(
            E.BUDGET_ORDER,
            field="budget",
            code="validation.budget",
            minimum=v.format_cents(budget_min, ctx.rules.currency),
            maximum=v.format_cents(budget_max, ctx.rules.currency),
        )
    return RequestDraft(
        title=v.text("title", draft.title, min_len=5, max_len=120),
        category=v.category(draft.category, ctx.rules.category_slugs),
        description=v.text("description", draft.description, min_len=20, max_len=4000),
        budget_min_cents=budget_min,
        budget_max_cents=budget_max,
        deadline=v.future("deadline", draft.deadline, now),
        inputs=(draft.inputs or "").strip()[:2000],
        proofers_wanted=v.integer("proofers", draft.proofers_wanted, minimum=0, maximum=3),
    )


async def post_request(ctx: Context, *, buyer_id: int, draft: RequestDraft) -> Request:
    """Post a request open until its deadline; costs ``post_request`` credits. Raises
    ``ValidationFailed`` for bad fields, ``InsufficientCredits`` for a low balance."""
    draft = validate_request_draft(ctx, draft, ctx.clock.now())
    draft, redacted = guard.redact_fields(draft, REQUESTS.shown_fields)

    def build(buyer: Account, now: datetime) -> Request:
        return Request(
            id=0,
            buyer_id=buyer.id,
            title=draft.title,
            category=draft.category,
            description=draft.description,
            inputs=draft.inputs,
            budget_min_cents=draft.budget_min_cents,
            budget_max_cents=draft.budget_max_cents,
            currency=ctx.rules.currency,
            deadline=draft.deadline,
            proofers_wanted=draft.proofers_wanted,
            status=RequestStatus.OPEN,
            created_at=now,
            updated_at=now,
        )

    return await lifecycle.publish(ctx, REQUESTS, owner_id=buyer_id, build=build, redacted=redacted)


async def _load_request(uow: UnitOfWork, request_id: int) -> Request:
    return await lifecycle.load(uow, REQUESTS, request_id)


async def close_request(ctx: Context, *, buyer_id: int, request_id: int) -> Request:
    """Close one's open request; pending proposals are rejected."""
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        request = await _load_request(uow, request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(
                E.REQUEST_NOT_YOURS, code=PermissionDenied.code, request_id=request.id
            )
        if request.status is not RequestStatus.OPEN:
            raise Conflict(
                E.REQUEST_STATUS,
                code="request.not_open",
                request_id=request.id,
                request_status=request.status.value,
            )
        now = ctx.clock.now()
        request = replace(request, status=RequestStatus.CLOSED, updated_at=now)
        await uow.requests.update(request)
        await uow.timers.cancel(REQUESTS.name, request.id)
        await reject_pending_proposals(ctx, uow, request, keep=None)
        await uow.commit()
        return request


async def set_request_hidden(
    ctx: Context, *, moderator_id: int, request_id: int, hidden: bool, reason: str = ""
) -> Request:
    return await lifecycle.set_hidden(
        ctx,
        REQUESTS,
        moderator_id=moderator_id,
        listing_id=request_id,
        hidden=hidden,
        reason=reason,
    )


async def get_request(
    ctx: Context, *, request_id: int, viewer_id: int | None = None
) -> RequestView:
    async with ctx.uow() as uow:
        request = await _load_request(uow, request_id)
        buyer = await actors.load_account(uow, request.buyer_id)
        await lifecycle.check_visible(uow, REQUESTS, request, buyer, viewer_id)
        counts = await uow.proposals.count_for_requests([request.id])
        return RequestView(request, buyer, counts.get(request.id, 0))


async def list_my_requests(ctx: Context, *, buyer_id: int) -> list[Request]:
    async with ctx.uow() as uow:
        await actors.load_account(uow, buyer_id)
        return await uow.requests.by_buyer(buyer_id)


async def browse_requests(ctx: Context, *, query: BrowseQuery) -> Page[RequestView]:
    """Open requests matching the filters, newest first; budgets overlap the given range."""

    async def views(uow: UnitOfWork, found: Sequence[Request]) -> list[RequestView]:
        buyers = await uow.accounts.get_many([r.buyer_id for r in found])
        counts = await uow.proposals.count_for_requests([r.id for r in found])
        return [RequestView(r, buyers[r.buyer_id], counts.get(r.id, 0)) for r in found]

    return await lifecycle.browse(ctx, REQUESTS, query=query, views=views)


async def submit_proposal(
    ctx: Context,
    *,
    seller_id: int,
    request_id: int,
    message: str,
    price_cents: int,
    timeline_days: int,
) -> Proposal:
    """Bid on an open request. One pending proposal per seller per request; never one's own."""
    message = v.text("message", message, min_len=10, max_len=4000)
    scan = redact_secrets(message)
    message = scan.text
    price_cents = v.price("price", price_cents, maximum=ctx.rules.max_price_cents)
    timeline_days = v.integer("timeline_days", timeline_days, minimum=1, maximum=365)
    async with ctx.uow() as uow:
        seller = await actors.load_actor(uow, seller_id)
        request = await _load_request(uow, request_id)
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
        uow.publish(
            DomainEvent(
                type=ev.APPLICATION_RECEIVED,
                payload={
                    "request_id": request.id,
                    "proposal_id": proposal.id,
                    "seller_id": seller.id,
                    "title": request.title,
                    "price_cents": price_cents,
                    "timeline_days": timeline_days,
                    "currency": request.currency,
                },
                recipients=(request.buyer_id,),
                occurred_at=now,
            )
        )
        await uow.commit()
        return proposal


async def list_proposals(ctx: Context, *, viewer_id: int, request_id: int) -> list[ProposalView]:
    """The proposals on a request: all of them for its buyer, one's own for a seller."""
    async with ctx.uow() as uow:
        viewer = await actors.load_account(uow, viewer_id)
        request = await _load_request(uow, request_id)
        proposals = await uow.proposals.for_request(request.id)
        if request.buyer_id != viewer.id and not viewer.is_moderator:
            proposals = [p for p in proposals if p.seller_id == viewer.id]
        sellers = await uow.accounts.get_many([p.seller_id for p in proposals])
        return [ProposalView(p, sellers[p.seller_id]) for p in proposals]


async def list_my_proposals(ctx: Context, *, seller_id: int) -> list[Proposal]:
    async with ctx.uow() as uow:
        await actors.load_account(uow, seller_id)
        return await uow.proposals.by_seller(seller_id)


async def _load_proposal(uow: UnitOfWork, proposal_id: int) -> Proposal:
    proposal = await uow.proposals.get(proposal_id)
    if proposal is None:
        raise NotFound("proposal", proposal_id)
    return proposal


async def withdraw_proposal(ctx: Context, *, seller_id: int, proposal_id: int) -> Proposal:
    async with ctx.uow() as uow:
        seller = await actors.load_actor(uow, seller_id)
        proposal = await _load_proposal(uow, proposal_id)
        if proposal.seller_id != seller.id:
            raise PermissionDenied(
                E.PROPOSAL_NOT_YOURS, code=PermissionDenied.code, proposal_id=proposal.id
            )
        if proposal.status is not ProposalStatus.PENDING:
            raise Conflict(
                E.PROPOSAL_STATUS,
                code="proposal.not_pending",
                proposal_id=proposal.id,
                proposal_status=proposal.status.value,
            )
        now = ctx.clock.now()
        proposal = replace(proposal, status=ProposalStatus.WITHDRAWN, updated_at=now)
        await uow.proposals.update(proposal)
        request = await _load_request(uow, proposal.request_id)
        uow.publish(
            DomainEvent(
                type=ev.APPLICATION_WITHDRAWN,
                payload={
                    "request_id": request.id,
                    "proposal_id": proposal.id,
                    "seller_id": seller.id,
                    "title": request.title,
                },
                recipients=(request.buyer_id,),
                occurred_at=now,
            )
        )
        await uow.commit()
        return proposal


async def reject_proposal(ctx: Context, *, buyer_id: int, proposal_id: int) -> Proposal:
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        proposal = await _load_proposal(uow, proposal_id)
        request = await _load_request(uow, proposal.request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(E.BUYER_REJECTS, code=PermissionDenied.code)
        if proposal.status is not ProposalStatus.PENDING:
            raise Conflict(
                E.PROPOSAL_STATUS,
                code="proposal.not_pending",
                proposal_id=proposal.id,
                proposal_status=proposal.status.value,
            )
        proposal = await _reject(ctx, uow, request, proposal)
        await uow.commit()
        return proposal


async def _reject(ctx: Context, uow: UnitOfWork, request: Request, proposal: Proposal) -> Proposal:
    now = ctx.clock.now()
    proposal = replace(proposal, status=ProposalStatus.REJECTED, updated_at=now)
    await uow.proposals.update(proposal)
    uow.publish(
        DomainEvent(
            type=ev.APPLICATION_REJECTED,
            payload={
                "request_id": request.id,
                "proposal_id": proposal.id,
                "seller_id": proposal.seller_id,
                "title": request.title,
            },
            recipients=(proposal.seller_id,),
            occurred_at=now,
        )
    )
    return proposal


async def reject_pending_proposals(
    ctx: Context, uow: UnitOfWork, request: Request, keep: int | None
) -> None:
    """Reject every pending proposal on ``request`` except ``keep`` (closing, expiry, award)."""
    for other in await uow.proposals.for_request(request.id):
        if other.id != keep and other.status is ProposalStatus.PENDING:
            await _reject(ctx, uow, request, other)


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
        request = await _load_request(uow, proposal.request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(E.BUYER_ACCEPTS, code=PermissionDenied.code)
        if proposal.status is not ProposalStatus.PENDING:
            raise Conflict(
                E.PROPOSAL_STATUS,
                code="proposal.not_pending",
                proposal_id=proposal.id,
                proposal_status=proposal.status.value,
            )
        if request.status is not RequestStatus.OPEN:
            raise Conflict(
                E.REQUEST_STATUS,
                code="request.not_open",
                request_id=request.id,
                request_status=request.status.value,
            )
        seller = await actors.load_account(uow, proposal.seller_id)
        if seller.is_banned:
            raise Conflict(E.SELLER_BANNED)
        mode = await choose_payment_mode(ctx, seller, payment_mode, uow)
        now = ctx.clock.now()
        await uow.proposals.update(
            replace(proposal, status=ProposalStatus.ACCEPTED, updated_at=now)
        )
        await uow.requests.update(replace(request, status=RequestStatus.AWARDED, updated_at=now))
        await uow.timers.cancel(REQUESTS.name, request.id)
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
            DomainEvent(
                type=ev.APPLICATION_ACCEPTED,
                payload={
                    "request_id": request.id,
                    "proposal_id": proposal.id,
                    "seller_id": seller.id,
                    "order_id": order.id,
                    "title": request.title,
                },
                recipients=(seller.id,),
                occurred_at=now,
            )
        )
        await reject_pending_proposals(ctx, uow, request, keep=proposal.id)
        await uow.commit()
        return order
