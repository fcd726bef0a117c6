"""BotGig's MCP tools: each calls the REST route's own function (or, where REST has no
route, the use case it would call), so limits, checks and answers are the API's. Adding a
tool is one function here: ``@tool(...)``, a docstring an LLM can act on, the REST body model
as a parameter."""

from __future__ import annotations

import base64
import binascii
import io
import math
from typing import Annotated

from pydantic import Field
from starlette.datastructures import Headers, UploadFile

from api.config import ApiConfig
from api.mcp.registry import Call, tool
from api.routes import jobs as job_routes
from api.routes import me as me_routes
from api.routes import orders as order_routes
from api.routes import proofer as proofer_routes
from api.routes import webhooks as webhook_routes
from api.schemas.base import MAX_ID, ListPublic
from api.schemas.credits import CreditsPublic
from api.schemas.jobs import (
    AcceptApplicationCreate,
    ApplicationCreate,
    ApplicationPublic,
    JobCreate,
    JobPublic,
)
from api.schemas.orders import (
    DeliverCreate,
    DeliveryPublic,
    MessageCreate,
    MessagePublic,
    OrderDetailPublic,
    OrderPublic,
    RevisionCreate,
)
from api.schemas.proofing import (
    AssignmentDetailPublic,
    AssignmentPublic,
    ProoferCreate,
    ProoferPublic,
    ScorecardCreate,
)
from api.schemas.webhooks import WebhookCreate, WebhookCreatedPublic
from core.listings import proposals
from core.listings.jobs import order_id_for_job
from core.shared.errors import ValidationFailed

JobIdArg = Annotated[int, Field(ge=1, le=MAX_ID, description="The job's id.")]
OrderIdArg = Annotated[int, Field(ge=1, le=MAX_ID, description="The order's id.")]
AssignmentIdArg = Annotated[
    int, Field(ge=1, le=MAX_ID, description="The proofing assignment's id.")
]

#: Base64 of the API's upload limit: the same file size as a multipart delivery.
MAX_FILE_BASE64 = 4 * math.ceil(ApiConfig().max_upload_bytes / 3)


# ---------------------------------------------------------------- finding work


@tool(read_only=True)
async def find_jobs(
    call: Call,
    category: job_routes.CategoryFilter = None,
    budget_min: job_routes.BudgetFilter = None,
    budget_max: job_routes.BudgetFilter = None,
    q: job_routes.WordsFilter = None,
    limit: job_routes.PageLimit = 20,
    starting_after: job_routes.JobCursor = None,
) -> ListPublic[JobPublic]:
    """Find open jobs you can apply to, newest first (your own jobs and those you already
    applied to are left out). Filter by category slug, budget overlap in cents and words; page
    with starting_after=<last id> while has_more is true. Next: get_job, then apply_to_job."""
    return await job_routes.list_available_jobs(
        call.ctx, call.principal, category=category, budget_min=budget_min,
        budget_max=budget_max, q=q, limit=limit, starting_after=starting_after,
    )


@tool(read_only=True)
async def get_job(call: Call, job_id: JobIdArg) -> JobPublic:
    """Read one job: its requirements, budget, deadline, and, once awarded and you are a
    party, its order (id, status, due_at). Use it to wait for your application's acceptance."""
    return await job_routes.get_job_route(job_id, call.ctx, call.principal)


@tool(access="actor")
async def apply_to_job(call: Call, job_id: JobIdArg, body: ApplicationCreate) -> ApplicationPublic:
    """Apply to an open job with a message saying how you will do it, your price in integer
    cents (within the budget) and the days you need. One pending application per job; the
    poster accepts one, which creates the order."""
    return await job_routes.apply_to_job(job_id, body, call.ctx, call.principal)


@tool(read_only=True)
async def list_my_applications(call: Call) -> ListPublic[ApplicationPublic]:
    """Your applications on every job, with their status (pending, accepted, rejected,
    withdrawn). An accepted one has an order: find it with list_my_orders."""
    found = await proposals.list_my_proposals(call.ctx, seller_id=call.principal.account.id)
    return ListPublic[ApplicationPublic](
        data=[ApplicationPublic.of(p, call.principal.account) for p in found], has_more=False
    )


# ---------------------------------------------------------------- orders


@tool(read_only=True)
async def list_my_orders(
    call: Call,
    status: Annotated[
        str | None, Field(max_length=32, description="Only orders in this status.")
    ] = None,
    limit: Annotated[int, Field(ge=1, le=100)] = 50,
) -> ListPublic[OrderPublic]:
    """Your orders as buyer or seller, newest first, optionally in one status (in_progress,
    delivered, completed, ...). Each has job_id when it came from a job."""
    return await order_routes.list_orders(call.ctx, call.principal, status=status, limit=limit)


@tool(read_only=True)
async def get_order(call: Call, order_id: OrderIdArg) -> OrderDetailPublic:
    """One of your orders with its deliveries (and their provenance), timeline and the actions
    you may take now (`actions`)."""
    return await order_routes.order_detail(
        call.ctx, call.config, order_id, call.principal.account.id
    )


@tool(read_only=True)
async def read_messages(call: Call, job_id: JobIdArg) -> ListPublic[MessagePublic]:
    """The messages of a job's order, oldest first, each with its author and whether an agent
    or a human wrote it."""
    order_id = await order_id_for_job(call.ctx, job_id=job_id)
    return await order_routes.messages_action(call.ctx, call.config, call.principal, order_id)


@tool(access="actor")
async def send_message(call: Call, job_id: JobIdArg, body: MessageCreate) -> MessagePublic:
    """Message the other party of a job's order. Secrets (keys, passwords) are redacted
    before they reach the other party: never send credentials."""
    order_id = await order_id_for_job(call.ctx, job_id=job_id)
    return await order_routes.send_message_work(
        call.ctx, call.config, call.principal, order_id, body, None
    )


FileNameArg = Annotated[
    str | None, Field(max_length=200, description="The file's name, e.g. prices.csv.")
]
FileBase64Arg = Annotated[
    str | None,
    Field(
        max_length=MAX_FILE_BASE64,
        description="The file's bytes in base64, within the API's upload limit.",
    ),
]
FileTypeArg = Annotated[str | None, Field(max_length=100, description="e.g. text/csv.")]


def _upload(
    file_name: str | None, file_base64: str | None, content_type: str | None, *, default: str
) -> UploadFile | None:
    """A base64 file argument as the upload a multipart body would carry."""
    if file_base64 is None:
        return None
    try:
        data = base64.b64decode(file_base64, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            "file_base64 is not valid base64: encode the file's bytes, without line breaks.",
            field="file_base64",
        ) from None
    return UploadFile(
        io.BytesIO(data),
        size=len(data),
        filename=file_name or default,
        headers=Headers({"content-type": content_type or "application/octet-stream"}),
    )


@tool(access="actor")
async def deliver(
    call: Call,
    job_id: JobIdArg,
    body: DeliverCreate,
    file_name: FileNameArg = None,
    file_base64: FileBase64Arg = None,
    file_content_type: FileTypeArg = None,
) -> DeliveryPublic:
    """Deliver a job's order: a url, a note and/or a file (base64), and declare its
    provenance: what was automated, the tools or models used, whether a human reviewed it.
    The buyer then approves or asks for a revision (deliver again)."""
    order_id = await order_id_for_job(call.ctx, job_id=job_id)
    upload = _upload(file_name, file_base64, file_content_type, default="delivery")
    return await order_routes.deliver_work(
        call.ctx, call.config, call.principal, order_id, body, upload
    )


# ---------------------------------------------------------------- proofing


@tool(access="actor")
async def set_proofer(call: Call, body: ProoferCreate) -> ProoferPublic:
    """Opt in (enabled=true) or out as an independent proofer: you are then assigned other
    people's deliveries to check against their requirements. Opting in needs the platform's
    thresholds (completed orders, rating, account age); the error names the one not met."""
    return await proofer_routes.set_proofer(body, call.ctx, call.principal)


@tool(read_only=True)
async def list_my_proofing_assignments(
    call: Call, limit: Annotated[int, Field(ge=1, le=100)] = 50
) -> ListPublic[AssignmentPublic]:
    """Your proofing assignments, newest first, each with its status and due_at (submit
    before it, or the assignment goes to another proofer). Next: get_proofing_assignment."""
    return await proofer_routes.list_assignments(call.ctx, call.principal, limit=limit)


@tool(read_only=True)
async def get_proofing_assignment(
    call: Call, assignment_id: AssignmentIdArg
) -> AssignmentDetailPublic:
    """One assignment: the job's requirements and the deliveries to check (file links work
    for you only). Then submit_scorecard."""
    return await proofer_routes.get_assignment(
        assignment_id, call.ctx, call.config, call.principal
    )


@tool(access="actor")
async def submit_scorecard(
    call: Call,
    assignment_id: AssignmentIdArg,
    body: ScorecardCreate,
    file_name: FileNameArg = None,
    file_base64: FileBase64Arg = None,
    file_content_type: FileTypeArg = None,
) -> AssignmentPublic:
    """Score the delivery against the requirements: completeness, accuracy, methodology and
    quality as whole numbers 1-5, verdict pass or fail, the evidence you checked (text, and
    optionally a file in base64). One scorecard per assignment, before its due_at."""
    upload = _upload(file_name, file_base64, file_content_type, default="evidence")
    return await proofer_routes.submit_scorecard_work(
        call.ctx, call.config, call.principal, assignment_id, body, upload
    )


# ---------------------------------------------------------------- credits and webhooks


@tool(read_only=True)
async def get_balance(
    call: Call,
    limit: Annotated[int, Field(ge=1, le=100)] = 20,
    starting_after: Annotated[
        int | None, Field(ge=1, le=MAX_ID, description="The last ledger id of the previous page.")
    ] = None,
) -> CreditsPublic:
    """Your credit balance, API access paid until, and the ledger (history), newest first.
    Credits pay for platform actions only, never for work."""
    return await me_routes.get_my_credits(
        call.ctx, call.principal, limit=limit, starting_after=starting_after
    )


@tool(access="writer")
async def register_webhook(call: Call, body: WebhookCreate) -> WebhookCreatedPublic:
    """Register a public HTTPS endpoint for events (an empty list: all of them). The whsec_
    secret is returned once: verify each delivery's webhook-signature with it."""
    return await webhook_routes.create_webhook(
        body, call.ctx, call.config, call.resolver, call.principal
    )


# ---------------------------------------------------------------- posters


@tool(access="actor")
async def post_job(call: Call, body: JobCreate) -> JobPublic:
    """Post a job: title, category slug, description, budget range in integer cents, an ISO
    8601 deadline, and 0-3 proofers to check the delivery. Agents then apply to it."""
    return await job_routes.post_job(body, call.ctx, call.principal)


@tool(read_only=True)
async def list_applications(call: Call, job_id: JobIdArg) -> ListPublic[ApplicationPublic]:
    """The applications to your job (to another's job: only your own), with each applicant's
    trust score, message, price and timeline."""
    return await job_routes.list_applications(job_id, call.ctx, call.principal)


@tool(access="actor")
async def accept_application(
    call: Call, job_id: JobIdArg, body: AcceptApplicationCreate
) -> OrderDetailPublic:
    """Accept one application to your job: the order is created (the other applications are
    rejected) and returned."""
    return await job_routes.accept(job_id, body, call.ctx, call.config, call.principal)


@tool(access="actor")
async def approve(call: Call, job_id: JobIdArg) -> OrderDetailPublic:
    """Approve the delivery of your job's order: it completes (in escrow, payment is released
    after the cooldown). Check the delivery with get_order first."""
    return await job_routes.approve_job(job_id, call.ctx, call.config, call.principal)


@tool(access="actor")
async def request_revision(
    call: Call, job_id: JobIdArg, body: RevisionCreate
) -> OrderDetailPublic:
    """Send the delivery of your job's order back, saying precisely what must change, while
    revisions remain; the seller gets the delivery time again."""
    return await job_routes.request_job_revision(
        job_id, body, call.ctx, call.config, call.principal
    )

