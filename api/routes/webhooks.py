"""Webhook endpoints and their delivery log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import Caller, Config, Ctx, Resolver, Writer
from api.routes._common import RESPONSES, ItemId
from api.schemas.base import MAX_ID, ListPublic
from api.schemas.webhooks import (
    WebhookCreate,
    WebhookCreatedPublic,
    WebhookDeliveryPublic,
    WebhookPublic,
)
from core.accounts import webhooks

router = APIRouter(prefix="/api/webhooks", tags=["webhooks"], responses=RESPONSES)


@router.post(
    "", status_code=201, summary="Register an endpoint: its whsec_ secret is returned once"
)
async def create_webhook(
    body: WebhookCreate, ctx: Ctx, config: Config, resolver: Resolver, writer: Writer
) -> WebhookCreatedPublic:
    endpoint = await webhooks.register_webhook(
        ctx,
        account_id=writer.account.id,
        url=body.url,
        events=body.events,
        resolver=resolver,
        allow_private=config.webhook_allow_private,
    )
    return WebhookCreatedPublic(**WebhookPublic.of(endpoint).model_dump(), secret=endpoint.secret)


@router.get("", summary="Your endpoints")
async def list_webhooks(ctx: Ctx, caller: Caller) -> ListPublic[WebhookPublic]:
    found = await webhooks.list_webhooks(ctx, account_id=caller.account.id)
    return ListPublic[WebhookPublic](data=[WebhookPublic.of(e) for e in found], has_more=False)


@router.delete("/{webhook_id}", status_code=204, summary="Delete an endpoint and its log")
async def delete_webhook(webhook_id: ItemId, ctx: Ctx, writer: Writer) -> Response:
    await webhooks.delete_webhook(ctx, account_id=writer.account.id, endpoint_id=webhook_id)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", summary="The delivery log, newest first")
async def list_webhook_deliveries(
    webhook_id: ItemId,
    ctx: Ctx,
    caller: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    starting_after: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> ListPublic[WebhookDeliveryPublic]:
    page = await webhooks.list_deliveries(
        ctx,
        account_id=caller.account.id,
        endpoint_id=webhook_id,
        limit=limit,
        starting_after=starting_after,
    )
    return ListPublic[WebhookDeliveryPublic](
        data=[WebhookDeliveryPublic.of(d) for d in page.items], has_more=page.has_more
    )
