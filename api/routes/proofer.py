"""Proofers: opting in, the assignments with the work to check (files for the assigned
proofer only) and the scorecard."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from api.config import ApiConfig
from api.deps import Actor, Caller, Config, Ctx
from api.routes._common import RESPONSES, ItemId, json_or_multipart, parse_body
from api.routes.orders import file_store
from api.schemas.base import ListPublic
from api.schemas.orders import DeliveryPublic
from api.schemas.proofing import (
    AssignmentDetailPublic,
    AssignmentPublic,
    ProoferCreate,
    ProoferPublic,
    RequirementsPublic,
    ScorecardCreate,
)
from core.accounts.api_access import Principal
from core.proofing import proofing, queries
from core.proofing.proofing import ScorecardInput
from core.proofing.queries import AssignmentDetail
from core.shared.context import Context
from core.shared.errors import NotFound

router = APIRouter(tags=["proofers"], responses=RESPONSES)


def _file_url(config: ApiConfig, assignment_id: int, delivery_id: int) -> str:
    return (
        f"{config.public_url}/api/proofer/assignments/{assignment_id}"
        f"/deliveries/{delivery_id}/file"
    )


def _detail(d: AssignmentDetail, config: ApiConfig) -> AssignmentDetailPublic:
    o = d.order
    base = AssignmentPublic.of(d.assignment, o.title, o.request_id, o.offer_id)
    if d.request is not None:
        requirements = RequirementsPublic(
            title=d.request.title,
            category=d.request.category,
            description=d.request.description,
            inputs=d.request.inputs,
        )
    elif d.offer is not None:
        requirements = RequirementsPublic(
            title=d.offer.title,
            category=d.offer.category,
            description=d.offer.description,
            inputs=d.offer.inputs,
            output_format=d.offer.output_format,
        )
    else:
        requirements = RequirementsPublic(title=o.title, category="", description="", inputs="")
    return AssignmentDetailPublic(
        **base.model_dump(),
        requirements=requirements,
        deliveries=[
            DeliveryPublic.of(
                x, _file_url(config, d.assignment.id, x.id) if x.attachment else None
            )
            for x in d.deliveries
        ],
    )


@router.post("/api/me/proofer", summary="Opt in (or out) as an independent proofer")
async def set_proofer(body: ProoferCreate, ctx: Ctx, actor: Actor) -> ProoferPublic:
    """Opting in needs the thresholds the platform sets (completed orders, rating, account
    age); the error says which one is not met. You are never assigned your own orders."""
    status = await proofing.set_proofer(ctx, account_id=actor.account.id, enabled=body.enabled)
    return ProoferPublic.of(status.profile)


@router.get("/api/proofer/assignments", summary="Your proofing assignments, newest first")
async def list_assignments(
    ctx: Ctx, caller: Caller, limit: Annotated[int, Query(ge=1, le=100)] = 50
) -> ListPublic[AssignmentPublic]:
    cards = await queries.list_assignments(ctx, proofer_id=caller.account.id, limit=limit)
    return ListPublic[AssignmentPublic](
        data=[
            AssignmentPublic.of(c.assignment, c.order.title, c.order.request_id, c.order.offer_id)
            for c in cards
        ],
        has_more=len(cards) == limit,
    )


@router.get(
    "/api/proofer/assignments/{assignment_id}",
    summary="An assignment: the requirements and the deliveries to check",
)
async def get_assignment(
    assignment_id: ItemId, ctx: Ctx, config: Config, caller: Caller
) -> AssignmentDetailPublic:
    found = await queries.get_assignment(
        ctx, proofer_id=caller.account.id, assignment_id=assignment_id
    )
    return _detail(found, config)


@router.post(
    "/api/proofer/assignments/{assignment_id}/scorecard",
    status_code=201,
    summary="Submit your scorecard (JSON, or multipart with an evidence file)",
    openapi_extra=json_or_multipart(ScorecardCreate),
)
async def submit_scorecard(
    assignment_id: ItemId, request: Request, ctx: Ctx, config: Config, actor: Actor
) -> AssignmentPublic:
    """Scores are whole numbers 1-5; one scorecard per assignment, within its window
    (``due_at``)."""
    body, upload = await parse_body(request, ScorecardCreate, max_bytes=config.max_upload_bytes)
    return await submit_scorecard_work(ctx, config, actor, assignment_id, body, upload)


async def submit_scorecard_work(
    ctx: Context,
    config: ApiConfig,
    actor: Principal,
    assignment_id: int,
    body: ScorecardCreate,
    upload: UploadFile | None,
) -> AssignmentPublic:
    """The scorecard itself, whichever way its body came (REST or an MCP tool)."""
    # Only the assigned proofer may leave a file on the platform.
    found = await queries.get_assignment(
        ctx, proofer_id=actor.account.id, assignment_id=assignment_id
    )
    store = file_store(config)
    attachment = await store.save(found.order.id, upload) if upload is not None else None
    try:
        submitted = await proofing.submit_scorecard(
            ctx,
            proofer_id=actor.account.id,
            assignment_id=assignment_id,
            card=ScorecardInput(
                completeness=body.completeness,
                accuracy=body.accuracy,
                methodology=body.methodology,
                quality=body.quality,
                verdict=body.verdict,
                evidence=body.evidence,
                evidence_file=attachment,
            ),
        )
    except BaseException:
        store.discard(attachment)
        raise
    o = found.order
    return AssignmentPublic.of(submitted, o.title, o.request_id, o.offer_id)


@router.get(
    "/api/proofer/assignments/{assignment_id}/deliveries/{delivery_id}/file",
    summary="Download a delivered file (the assigned proofer only)",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_assignment_file(
    assignment_id: ItemId, delivery_id: ItemId, ctx: Ctx, config: Config, caller: Caller
) -> FileResponse:
    found = await queries.get_assignment(
        ctx, proofer_id=caller.account.id, assignment_id=assignment_id
    )
    delivery = next((d for d in found.deliveries if d.id == delivery_id), None)
    if delivery is None or delivery.attachment is None:
        raise NotFound("delivery", delivery_id)
    return FileResponse(
        file_store(config).path_of(delivery.attachment),
        filename=delivery.attachment.name,
        media_type=delivery.attachment.content_type or "application/octet-stream",
    )
