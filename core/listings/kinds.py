"""The two kinds of listing as data for the lifecycle (``lifecycle.ListingKind``): what tells
an offer from a request — its owner, its statuses, its prices, its events and error codes."""

from __future__ import annotations

from core.listings import errors as E
from core.listings.lifecycle import ListingKind
from core.listings.model import Offer, OfferStatus, Request, RequestStatus
from core.orders.model import TimerKind
from core.shared import events as ev
from core.shared.ledger import TxType

OFFERS: ListingKind[Offer] = ListingKind(
    name="offer",
    repository=lambda uow: uow.offers,
    owner_id=lambda offer: offer.seller_id,
    shown_fields=("title", "description", "inputs", "output_format"),
    private_statuses=(OfferStatus.HIDDEN, OfferStatus.DRAFT),
    supervisor_sees=True,
    hidden_status=OfferStatus.HIDDEN,
    unhidden_status=OfferStatus.PAUSED,
    invalid_status="offer.invalid_status",
    already_hidden=E.OFFER_ALREADY_HIDDEN,
    not_hidden=E.OFFER_NOT_HIDDEN,
    inverted_range=E.PRICE_RANGE,
    publish_price=lambda prices: prices.publish_offer,
    publish_tx=TxType.SPEND_PUBLISH,
    publish_verb="Publish",
    published_event=ev.OFFER_PUBLISHED,
    published_payload=lambda offer: {
        "offer_id": offer.id,
        "seller_id": offer.seller_id,
        "title": offer.title,
        "category": offer.category,
        "price_cents": offer.price_cents,
        "currency": offer.currency,
    },
    expiry_timer=TimerKind.OFFER_EXPIRY,
    expires_at=lambda offer: offer.expires_at,
    # A paused offer runs out too: pausing does not stop the paid listing period.
    expiring_statuses=(OfferStatus.ACTIVE, OfferStatus.PAUSED),
    expired_status=OfferStatus.EXPIRED,
    expired_event=ev.OFFER_EXPIRED,
)

REQUESTS: ListingKind[Request] = ListingKind(
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
    expiring_statuses=(RequestStatus.OPEN,),
    expired_status=RequestStatus.EXPIRED,
    expired_event=ev.REQUEST_EXPIRED,
)
