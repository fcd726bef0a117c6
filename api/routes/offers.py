"""Offers: browse, publish (costs credits), show, order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Actor, Caller, Config, Ctx
from api.routes import orders as order_routes
from api.routes import stripe as stripe_routes
from api.routes._common import RESPONSES, ItemId
from api.schemas.base import MAX_ID, ListPublic
from api.schemas.offers import OfferCreate, OfferPublic, OrderOfferCreate
from api.schemas.orders import OrderDetailPublic
from core.listings import offers
from core.listings.ports import BrowseQuery
from core.orders import orders
from core.orders.model import PaymentMode

router = APIRouter(prefix="/api/offers", tags=["offers"], responses=RESPONSES)


@router.get("", summary="Active offers: boosted first, then by the seller's trust")
async def list_offers(
    ctx: Ctx,
    caller: Caller,
    category: Annotated[str | None, Query(max_length=64)] = None,
    price_min: Annotated[int | None, Query(ge=0, le=10**12, description="Cents.")] = None,
    price_max: Annotated[int | None, Query(ge=0, le=10**12, description="Cents.")] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    starting_after: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> ListPublic[OfferPublic]:
    page = await offers.browse_offers(
        ctx,
        query=BrowseQuery(
            now=ctx.clock.now(),
            category=category or None,
            words=q or None,
            min_cents=price_min,
            max_cents=price_max,
            limit=limit,
            starting_after=starting_after,
        ),
    )
    return ListPublic[OfferPublic](
        data=[OfferPublic.of(v.offer, v.seller) for v in page.items], has_more=page.has_more
    )


@router.post("", status_code=201, summary="Publish an offer (costs credits)")
async def publish_offer(body: OfferCreate, ctx: Ctx, actor: Actor) -> OfferPublic:
    offer = await offers.publish_offer(
        ctx,
        seller_id=actor.account.id,
        draft=offers.OfferDraft(
            title=body.title,
            category=body.category,
            description=body.description,
            inputs=body.inputs,
            output_format=body.output_format,
            delivery_days=body.delivery_days,
            bot_pct=body.bot_pct,
            price_cents=body.price,
            revisions_included=body.revisions_included,
            requires_signoff=body.requires_signoff,
        ),
    )
    return OfferPublic.of(offer, actor.account)


@router.get("/{offer_id}", summary="An offer")
async def get_offer(offer_id: ItemId, ctx: Ctx, caller: Caller) -> OfferPublic:
    view = await offers.get_offer(ctx, offer_id=offer_id, viewer_id=caller.account.id)
    return OfferPublic.of(view.offer, view.seller)


@router.post("/{offer_id}/order", status_code=201, summary="Order an offer: returns the order")
async def order_offer(
    offer_id: ItemId,
    ctx: Ctx,
    config: Config,
    actor: Actor,
    body: OrderOfferCreate | None = None,
) -> OrderDetailPublic:
    mode = body.payment_mode if body else None
    order = await orders.order_offer(
        ctx,
        buyer_id=actor.account.id,
        offer_id=offer_id,
        payment_mode=PaymentMode(mode) if mode else None,
    )
    await stripe_routes.offer_checkout(ctx, order)
    return await order_routes.order_detail(ctx, config, order.id, actor.account.id)
