"""Requests (jobs): post, close, hide, browse — the listing lifecycle (``lifecycle``) for the
request kind (``kinds.REQUESTS``). The proposals on them are ``proposals``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from core.accounts import actors
from core.accounts.model import Account
from core.listings import errors as E
from core.listings import lifecycle, proposals
from core.listings.kinds import REQUESTS
from core.listings.model import Request, RequestStatus
from core.listings.ports import BrowseQuery
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import PermissionDenied, ValidationFailed
from core.shared.ports import Page
from core.shared.uow import UnitOfWork


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
        description=v.paragraphs("description", draft.description, min_len=20, max_len=4000),
        budget_min_cents=budget_min,
        budget_max_cents=budget_max,
        deadline=v.future("deadline", draft.deadline, now),
        inputs=v.characters("inputs", (draft.inputs or "").strip())[:2000],
        proofers_wanted=v.integer("proofers", draft.proofers_wanted, minimum=0, maximum=3),
    )


async def post_request(ctx: Context, *, buyer_id: int, draft: RequestDraft) -> Request:
    """Post a request open until its deadline; costs ``post_request`` credits. Raises
    ``ValidationFailed`` for bad fields, ``InsufficientCredits`` for a low balance."""

    def build(draft: RequestDraft, buyer: Account, now: datetime) -> Request:
        return Request(
            **asdict(draft),
            id=0,
            buyer_id=buyer.id,
            currency=ctx.rules.currency,
            status=RequestStatus.OPEN,
            created_at=now,
            updated_at=now,
        )

    return await lifecycle.publish(
        ctx,
        REQUESTS,
        owner_id=buyer_id,
        draft=validate_request_draft(ctx, draft, ctx.clock.now()),
        build=build,
    )


async def close_request(ctx: Context, *, buyer_id: int, request_id: int) -> Request:
    """Close one's open request; pending proposals are rejected."""
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        request = await lifecycle.load(uow, REQUESTS, request_id)
        if request.buyer_id != buyer.id:
            raise PermissionDenied(
                E.REQUEST_NOT_YOURS, code=PermissionDenied.code, request_id=request.id
            )
        proposals.require_open(request)
        request = await proposals.end_bidding(ctx, uow, request, RequestStatus.CLOSED)
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
    async with ctx.uow(read_only=True) as uow:
        request, buyer = await lifecycle.load_visible(uow, REQUESTS, request_id, viewer_id)
        counts = await uow.proposals.count_for_requests([request.id])
        return RequestView(request, buyer, counts.get(request.id, 0))


async def list_my_requests(ctx: Context, *, buyer_id: int) -> list[Request]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, buyer_id)
        return await uow.requests.by_buyer(buyer_id)


async def browse_requests(ctx: Context, *, query: BrowseQuery) -> Page[RequestView]:
    """Open requests matching the filters, newest first; budgets overlap the given range."""

    async def views(uow: UnitOfWork, found: Sequence[Request]) -> list[RequestView]:
        buyers = await uow.accounts.get_many([r.buyer_id for r in found])
        counts = await uow.proposals.count_for_requests([r.id for r in found])
        return [RequestView(r, buyers[r.buyer_id], counts.get(r.id, 0)) for r in found]

    return await lifecycle.browse(ctx, REQUESTS, query=query, views=views)
