"""Jobs (requests) and applications (proposals), and each order action by job id."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import Actor, Caller, Config, Ctx
from api.routes import orders as order_routes
from api.routes import stripe as stripe_routes
from api.routes._common import RESPONSES, JobId, json_or_multipart
from api.schemas.accounts import ReviewPublic
from api.schemas.base import MAX_ID, ListPublic
from api.schemas.jobs import (
    AcceptApplicationCreate,
    ApplicationCreate,
    ApplicationPublic,
    JobCreate,
    JobPublic,
)
from api.schemas.orders import (
    CancelCreate,
    DeliverCreate,
    DeliveryPublic,
    DisputeCreate,
    DisputePublic,
    MessageCreate,
    MessagePublic,
    OrderDetailPublic,
    ReviewCreate,
    RevisionCreate,
)
from api.schemas.proofing import JobDetailPublic, ProofingPublic
from core.listings import proposals
from core.listings import requests as jobs
from core.listings.jobs import accept_application, get_job, order_id_for_job
from core.listings.ports import BrowseQuery
from core.orders.model import PaymentMode
from core.proofing.queries import visible_proofing

router = APIRouter(tags=["jobs"], responses=RESPONSES)

# The job board's filters, shared with the MCP tool that finds jobs.
CategoryFilter = Annotated[str | None, Query(max_length=64, description="A category slug.")]
BudgetFilter = Annotated[int | None, Query(ge=0, le=10**12, description="Cents.")]
WordsFilter = Annotated[str | None, Query(max_length=200, description="Words to match.")]
PageLimit = Annotated[int, Query(ge=1, le=100)]
JobCursor = Annotated[
    int | None, Query(ge=1, le=MAX_ID, description="The last job id of the previous page.")
]


@router.get("/api/agent/jobs/available", summary="Open jobs you can apply to")
async def list_available_jobs(
    ctx: Ctx,
    caller: Caller,
    category: CategoryFilter = None,
    budget_min: BudgetFilter = None,
    budget_max: BudgetFilter = None,
    q: WordsFilter = None,
    limit: PageLimit = 20,
    starting_after: JobCursor = None,
) -> ListPublic[JobPublic]:
    """Open jobs whose budget overlaps ``budget_min``..``budget_max``, newest first, without
    your own jobs and those you applied to. Page with ``starting_after``: jobs posted
    meanwhile never shift a page."""
    page = await jobs.browse_requests(
        ctx,
        query=BrowseQuery(
            now=ctx.clock.now(),
            category=category or None,
            words=q or None,
            min_cents=budget_min,
            max_cents=budget_max,
            limit=limit,
            starting_after=starting_after,
            exclude_owner_id=caller.account.id,
            exclude_applied_by=caller.account.id,
        ),
    )
    return ListPublic[JobPublic](
        data=[JobPublic.of(v.request, v.buyer, v.proposal_count) for v in page.items],
        has_more=page.has_more,
    )


@router.post("/api/jobs", status_code=201, summary="Post a job")
async def post_job(body: JobCreate, ctx: Ctx, actor: Actor) -> JobPublic:
    request = await jobs.post_request(
        ctx,
        buyer_id=actor.account.id,
        draft=jobs.RequestDraft(
            title=body.title,
            category=body.category,
            description=body.description,
            budget_min_cents=body.budget_min,
            budget_max_cents=body.budget_max,
            deadline=body.deadline,
            inputs=body.inputs,
            proofers_wanted=body.proofers,
        ),
    )
    return JobPublic.of(request, actor.account, 0)


# ``name``: the operationId, which as a function name would shadow the use case called here.
@router.get("/api/jobs/{job_id}", summary="A job, with its order once awarded", name="get_job")
async def get_job_route(job_id: JobId, ctx: Ctx, caller: Caller) -> JobDetailPublic:
    view = await get_job(ctx, job_id=job_id, viewer_id=caller.account.id)
    job = JobPublic.of(view.request, view.buyer, view.proposal_count, view.order)
    proofs = (
        await visible_proofing(ctx, order_id=view.order.id, viewer_id=caller.account.id)
        if view.order
        else None
    )
    return JobDetailPublic(
        **job.model_dump(), proofing=ProofingPublic.of(proofs) if proofs else None
    )


@router.post("/api/jobs/{job_id}/apply", status_code=201, summary="Apply to a job")
async def apply_to_job(
    job_id: JobId, body: ApplicationCreate, ctx: Ctx, actor: Actor
) -> ApplicationPublic:
    proposal = await proposals.submit_proposal(
        ctx,
        seller_id=actor.account.id,
        request_id=job_id,
        message=body.message,
        price_cents=body.proposed_price,
        timeline_days=body.timeline_days,
    )
    return ApplicationPublic.of(proposal, actor.account)


@router.get(
    "/api/jobs/{job_id}/applications",
    summary="Applications: all of them for the poster, your own otherwise",
)
async def list_applications(
    job_id: JobId, ctx: Ctx, caller: Caller
) -> ListPublic[ApplicationPublic]:
    views = await proposals.list_proposals(ctx, viewer_id=caller.account.id, request_id=job_id)
    return ListPublic[ApplicationPublic](
        data=[ApplicationPublic.of(v.proposal, v.seller) for v in views], has_more=False
    )


@router.post(
    "/api/jobs/{job_id}/accept-application",
    summary="Accept an application: the order is created and returned",
    name="accept_application",
)
async def accept(
    job_id: JobId, body: AcceptApplicationCreate, ctx: Ctx, config: Config, actor: Actor
) -> OrderDetailPublic:
    order = await accept_application(
        ctx,
        buyer_id=actor.account.id,
        job_id=job_id,
        application_id=int(body.application_id),
        payment_mode=PaymentMode(body.payment_mode) if body.payment_mode else None,
    )
    await stripe_routes.offer_checkout(ctx, order)
    return await order_routes.order_detail(ctx, config, order.id, actor.account.id)


@router.post(
    "/api/jobs/{job_id}/deliver",
    status_code=201,
    summary="Deliver the job's order: JSON {url, note, provenance} or multipart with a file",
    openapi_extra=json_or_multipart(DeliverCreate),
)
async def deliver_job(
    job_id: JobId, request: Request, ctx: Ctx, config: Config, actor: Actor
) -> DeliveryPublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.deliver_action(ctx, config, actor, order_id, request)


@router.get("/api/jobs/{job_id}/messages", summary="The job's order messages")
async def list_job_messages(
    job_id: JobId, ctx: Ctx, config: Config, caller: Caller
) -> ListPublic[MessagePublic]:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.messages_action(ctx, config, caller, order_id)


@router.post(
    "/api/jobs/{job_id}/messages",
    status_code=201,
    summary="Message the other party: JSON {text} or multipart with a file",
    openapi_extra=json_or_multipart(MessageCreate),
)
async def send_job_message(
    job_id: JobId, request: Request, ctx: Ctx, config: Config, actor: Actor
) -> MessagePublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.send_message_action(ctx, config, actor, order_id, request)


@router.post("/api/jobs/{job_id}/request-revision", summary="Ask for a revision")
async def request_job_revision(
    job_id: JobId, body: RevisionCreate, ctx: Ctx, config: Config, actor: Actor
) -> OrderDetailPublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.revision_action(ctx, config, actor, order_id, body)


@router.post("/api/jobs/{job_id}/approve", summary="Approve the delivery")
async def approve_job(job_id: JobId, ctx: Ctx, config: Config, actor: Actor) -> OrderDetailPublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.approve_action(ctx, config, actor, order_id)


@router.post("/api/jobs/{job_id}/dispute", status_code=201, summary="Open a dispute")
async def dispute_job(job_id: JobId, body: DisputeCreate, ctx: Ctx, actor: Actor) -> DisputePublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.dispute_action(actor, ctx, order_id, body)


@router.post("/api/jobs/{job_id}/cancel", summary="Cancel the job's order")
async def cancel_job(
    job_id: JobId, ctx: Ctx, config: Config, actor: Actor, body: CancelCreate | None = None
) -> OrderDetailPublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.cancel_action(ctx, config, actor, order_id, body)


@router.post("/api/jobs/{job_id}/reviews", status_code=201, summary="Review the other party")
async def review_job(job_id: JobId, body: ReviewCreate, ctx: Ctx, actor: Actor) -> ReviewPublic:
    order_id = await order_id_for_job(ctx, job_id=job_id)
    return await order_routes.review_action(ctx, actor, order_id, body)
