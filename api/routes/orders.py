"""Orders: list, detail, and the lifecycle actions (deliver, messages, revision, approval,
dispute, cancel, reviews) with the files of deliveries and messages.

The action functions are shared with /api/jobs/{id}/..., which resolves the job's order.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from starlette.datastructures import UploadFile

from api.config import ApiConfig
from api.deps import Actor, Caller, Config, Ctx
from api.files import FileStore
from api.routes._common import RESPONSES, ItemId, OrderId, json_or_multipart, parse_body
from api.schemas.accounts import ReviewPublic
from api.schemas.base import ListPublic
from api.schemas.orders import (
    CancelCreate,
    DeliverCreate,
    DeliveryPublic,
    DisputeCreate,
    DisputePublic,
    MessageCreate,
    MessagePublic,
    OrderDetailPublic,
    OrderPublic,
    PaymentPublic,
    ReviewCreate,
    RevisionCreate,
    TimelinePublic,
)
from core.accounts.api_access import Principal
from core.accounts.model import Account
from core.escrow import funding
from core.orders import disputes, orders, reviews
from core.orders.model import OrderMessage, OrderStatus, PaymentMode
from core.orders.orders import OrderRecord
from core.shared.context import Context
from core.shared.errors import NotFound, ValidationFailed

router = APIRouter(prefix="/api/orders", tags=["orders"], responses=RESPONSES)


def file_store(config: ApiConfig) -> FileStore:
    return FileStore(config.upload_dir, config.max_upload_bytes)


def _delivery_url(config: ApiConfig, order_id: int, delivery_id: int) -> str:
    return f"{config.public_url}/api/orders/{order_id}/deliveries/{delivery_id}/file"


def _message_url(config: ApiConfig, order_id: int, message_id: int) -> str:
    return f"{config.public_url}/api/orders/{order_id}/messages/{message_id}/file"


def _people(record: OrderRecord) -> dict[int, Account]:
    people = {record.buyer.id: record.buyer, record.seller.id: record.seller}
    if record.supervisor:
        people[record.supervisor.id] = record.supervisor
    return people


def detail(record: OrderRecord, config: ApiConfig) -> OrderDetailPublic:
    o = record.order
    base = OrderPublic.of(
        o, record.buyer, record.seller, record.supervisor, record.viewer_roles, record.actions
    )
    return OrderDetailPublic(
        **base.model_dump(),
        deliveries=[
            DeliveryPublic.of(
                d, _delivery_url(config, o.id, d.id) if d.attachment else None
            )
            for d in record.deliveries
        ],
        timeline=[TimelinePublic.of(e) for e in record.events],
        dispute_open=record.dispute is not None,
    )


def message_public(record: OrderRecord, config: ApiConfig, m: OrderMessage) -> MessagePublic:
    url = _message_url(config, m.order_id, m.id) if m.attachment else None
    return MessagePublic.of(m, _people(record).get(m.author_id), url)


async def order_detail(
    ctx: Context, config: ApiConfig, order_id: int, viewer_id: int
) -> OrderDetailPublic:
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=viewer_id)
    result = detail(record, config)
    if record.order.payment_mode is PaymentMode.ESCROW:
        payment = await funding.payment_details(ctx, viewer_id=viewer_id, order_id=order_id)
        result.payment = PaymentPublic.of(payment) if payment else None
    return result


# ---------------------------------------------------------------- shared actions


async def deliver_action(
    ctx: Context, config: ApiConfig, actor: Principal, order_id: int, request: Request
) -> DeliveryPublic:
    body, upload = await parse_body(request, DeliverCreate, max_bytes=config.max_upload_bytes)
    return await deliver_work(ctx, config, actor, order_id, body, upload)


async def deliver_work(
    ctx: Context,
    config: ApiConfig,
    actor: Principal,
    order_id: int,
    body: DeliverCreate,
    upload: UploadFile | None,
) -> DeliveryPublic:
    """The delivery itself, whichever way its body came (REST or an MCP tool)."""
    store = file_store(config)
    # Check the caller may act on the order before accepting a file from them.
    await orders.get_order(ctx, order_id=order_id, viewer_id=actor.account.id)
    attachment = await store.save(order_id, upload) if upload is not None else None
    try:
        delivery = await orders.deliver_order(
            ctx,
            actor_id=actor.account.id,
            order_id=order_id,
            note=body.note,
            url=body.url or None,
            attachment=attachment,
            provenance=body.provenance.to_core() if body.provenance else None,
        )
    except BaseException:
        store.discard(attachment)
        raise
    url = _delivery_url(config, order_id, delivery.id) if delivery.attachment else None
    return DeliveryPublic.of(delivery, url)


async def messages_action(
    ctx: Context, config: ApiConfig, caller: Principal, order_id: int
) -> ListPublic[MessagePublic]:
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=caller.account.id)
    return ListPublic[MessagePublic](
        data=[message_public(record, config, m) for m in record.messages], has_more=False
    )


async def send_message_action(
    ctx: Context, config: ApiConfig, actor: Principal, order_id: int, request: Request
) -> MessagePublic:
    body, upload = await parse_body(request, MessageCreate, max_bytes=config.max_upload_bytes)
    return await send_message_work(ctx, config, actor, order_id, body, upload)


async def send_message_work(
    ctx: Context,
    config: ApiConfig,
    actor: Principal,
    order_id: int,
    body: MessageCreate,
    upload: UploadFile | None,
) -> MessagePublic:
    store = file_store(config)
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=actor.account.id)
    attachment = await store.save(order_id, upload) if upload is not None else None
    try:
        sent = await orders.send_message(
            ctx, actor_id=actor.account.id, order_id=order_id, text=body.text,
            attachment=attachment,
        )
    except BaseException:
        store.discard(attachment)
        raise
    return message_public(record, config, sent.message)


async def revision_action(
    ctx: Context, config: ApiConfig, actor: Principal, order_id: int, body: RevisionCreate
) -> OrderDetailPublic:
    await orders.request_revision(
        ctx, buyer_id=actor.account.id, order_id=order_id, note=body.note
    )
    return await order_detail(ctx, config, order_id, actor.account.id)


async def approve_action(
    ctx: Context, config: ApiConfig, actor: Principal, order_id: int
) -> OrderDetailPublic:
    await orders.approve_order(ctx, buyer_id=actor.account.id, order_id=order_id)
    return await order_detail(ctx, config, order_id, actor.account.id)


async def dispute_action(
    actor: Principal, ctx: Context, order_id: int, body: DisputeCreate
) -> DisputePublic:
    d = await disputes.open_dispute(
        ctx, actor_id=actor.account.id, order_id=order_id, reason=body.reason
    )
    return DisputePublic(
        id=str(d.id),
        order_id=str(d.order_id),
        status=d.status.value,
        reason=d.reason,
        created_at=d.created_at,
    )


async def cancel_action(
    ctx: Context, config: ApiConfig, actor: Principal, order_id: int, body: CancelCreate | None
) -> OrderDetailPublic:
    await orders.cancel_order(
        ctx, actor_id=actor.account.id, order_id=order_id, reason=body.reason if body else ""
    )
    return await order_detail(ctx, config, order_id, actor.account.id)


async def review_action(
    ctx: Context, actor: Principal, order_id: int, body: ReviewCreate
) -> ReviewPublic:
    review = await reviews.leave_review(
        ctx, author_id=actor.account.id, order_id=order_id, rating=body.rating, text=body.text
    )
    return ReviewPublic.of(review, actor.account)


# ---------------------------------------------------------------- routes

ORDER_STATUSES = tuple(s.value for s in OrderStatus)


@router.get("", summary="Your orders, newest first")
async def list_orders(
    ctx: Ctx,
    caller: Caller,
    status: Annotated[str | None, Query(description="Filter by status.", max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> ListPublic[OrderPublic]:
    statuses = tuple(OrderStatus(s) for s in [status] if s in ORDER_STATUSES)
    if status and not statuses:
        raise ValidationFailed(
            f"Unknown status '{status}'. Choose one of: {', '.join(ORDER_STATUSES)}.",
            field="status",
        )
    found = await orders.list_orders(
        ctx, account_id=caller.account.id, statuses=statuses, limit=limit + 1
    )
    return ListPublic[OrderPublic](
        data=[OrderPublic.of(o) for o in found[:limit]], has_more=len(found) > limit
    )


@router.get("/{order_id}", summary="An order with its deliveries and timeline")
async def get_order(
    order_id: OrderId, ctx: Ctx, config: Config, caller: Caller
) -> OrderDetailPublic:
    return await order_detail(ctx, config, order_id, caller.account.id)


@router.post(
    "/{order_id}/deliver",
    status_code=201,
    summary="Deliver: JSON {url, note, provenance} or multipart with a file",
    openapi_extra=json_or_multipart(DeliverCreate),
)
async def deliver_order(
    order_id: OrderId, request: Request, ctx: Ctx, config: Config, actor: Actor
) -> DeliveryPublic:
    return await deliver_action(ctx, config, actor, order_id, request)


@router.get("/{order_id}/messages", summary="The order's messages, with authorship")
async def list_order_messages(
    order_id: OrderId, ctx: Ctx, config: Config, caller: Caller
) -> ListPublic[MessagePublic]:
    return await messages_action(ctx, config, caller, order_id)


@router.post(
    "/{order_id}/messages",
    status_code=201,
    summary="Send a message: JSON {text} or multipart with a file",
    openapi_extra=json_or_multipart(MessageCreate),
)
async def send_order_message(
    order_id: OrderId, request: Request, ctx: Ctx, config: Config, actor: Actor
) -> MessagePublic:
    return await send_message_action(ctx, config, actor, order_id, request)


@router.post("/{order_id}/request-revision", summary="Send the delivery back for a revision")
async def request_order_revision(
    order_id: OrderId, body: RevisionCreate, ctx: Ctx, config: Config, actor: Actor
) -> OrderDetailPublic:
    return await revision_action(ctx, config, actor, order_id, body)


@router.post("/{order_id}/approve", summary="Approve the delivery")
async def approve_order(
    order_id: OrderId, ctx: Ctx, config: Config, actor: Actor
) -> OrderDetailPublic:
    return await approve_action(ctx, config, actor, order_id)


@router.post("/{order_id}/dispute", status_code=201, summary="Open a dispute")
async def dispute_order(
    order_id: OrderId, body: DisputeCreate, ctx: Ctx, actor: Actor
) -> DisputePublic:
    return await dispute_action(actor, ctx, order_id, body)


@router.post("/{order_id}/cancel", summary="Cancel (in progress: both parties must ask)")
async def cancel_order(
    order_id: OrderId,
    ctx: Ctx,
    config: Config,
    actor: Actor,
    body: CancelCreate | None = None,
) -> OrderDetailPublic:
    return await cancel_action(ctx, config, actor, order_id, body)


@router.post("/{order_id}/reviews", status_code=201, summary="Review the other party")
async def review_order(
    order_id: OrderId, body: ReviewCreate, ctx: Ctx, actor: Actor
) -> ReviewPublic:
    return await review_action(ctx, actor, order_id, body)


@router.get("/{order_id}/reviews", summary="The order's reviews you may see")
async def list_order_reviews(
    order_id: OrderId, ctx: Ctx, caller: Caller
) -> ListPublic[ReviewPublic]:
    found = await reviews.order_reviews(ctx, order_id=order_id, viewer_id=caller.account.id)
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=caller.account.id)
    people = _people(record)
    return ListPublic[ReviewPublic](
        data=[ReviewPublic.of(r, people.get(r.author_id)) for r in found], has_more=False
    )


@router.get(
    "/{order_id}/deliveries/{delivery_id}/file",
    summary="Download a delivered file (the order's parties only)",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_delivery_file(
    order_id: OrderId, delivery_id: ItemId, ctx: Ctx, config: Config, caller: Caller
) -> FileResponse:
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=caller.account.id)
    found = next((d for d in record.deliveries if d.id == delivery_id), None)
    if found is None:
        raise NotFound("delivery", delivery_id)
    path = file_store(config).path_of(found.attachment)
    assert found.attachment is not None
    return FileResponse(
        path,
        filename=found.attachment.name,
        media_type=found.attachment.content_type or "application/octet-stream",
    )


@router.get(
    "/{order_id}/messages/{message_id}/file",
    summary="Download a message's file (the order's parties only)",
    response_class=FileResponse,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
async def download_message_file(
    order_id: OrderId, message_id: ItemId, ctx: Ctx, config: Config, caller: Caller
) -> FileResponse:
    record = await orders.get_order(ctx, order_id=order_id, viewer_id=caller.account.id)
    found = next((m for m in record.messages if m.id == message_id), None)
    if found is None:
        raise NotFound("message", message_id)
    path = file_store(config).path_of(found.attachment)
    assert found.attachment is not None
    return FileResponse(
        path,
        filename=found.attachment.name,
        media_type=found.attachment.content_type or "application/octet-stream",
    )
