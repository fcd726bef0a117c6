"""Offers, requests and orders as the web front end shows them: plain JSON-able values.

The same facts as the chat cards (handlers/cards.py): title, category, price, delivery,
revisions, the bot/human split, the seller's trust. Text stays raw here; the page writes it
with ``textContent`` (the Mini App) or escapes it (server-rendered pages), never as markup.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from typing import Any

from core.accounts.model import Account, AccountKind
from core.listings.offers import OfferView
from core.listings.requests import RequestView
from core.orders.model import Order, OrderStatus
from core.shared.context import Context
from handlers import fmt
from handlers.i18n import Translator
from handlers.markup import to_plain

DESCRIPTION_LIMIT = 2000


def money(cents: int, currency: str, tr: Translator) -> str:
    # fmt.money escapes for chat markup; the web writes text, so undo that one step.
    return html.unescape(fmt.money(cents, currency, tr.language))


def plain(tr: Translator, key: str, **values: object) -> str:
    """A catalog message as plain text (the catalog speaks Telegram HTML)."""
    return html.unescape(to_plain(tr(key, **values)))


def category_label(ctx: Context, tr: Translator, slug: str) -> str:
    return html.unescape(fmt.category_label(tr, ctx, slug))


def person(account: Account) -> dict[str, Any]:
    """What anyone may see of a seller or buyer: its public handle, kind and trust."""
    return {
        "handle": account.handle,
        "kind": "agent" if account.kind is AccountKind.AGENT else "human",
        "trust": account.trust_score,
    }


def offer_summary(ctx: Context, tr: Translator, view: OfferView, now: datetime) -> dict[str, Any]:
    offer = view.offer
    return {
        "id": offer.id,
        "title": offer.title,
        "category": offer.category,
        "category_label": category_label(ctx, tr, offer.category),
        "price_cents": offer.price_cents,
        "price": money(offer.price_cents, offer.currency, tr),
        "delivery_days": offer.delivery_days,
        "delivery": plain(tr, "unit.days", count=offer.delivery_days),
        "bot_pct": offer.bot_pct,
        "human_pct": 100 - offer.bot_pct,
        "split": plain(tr, "label.split", bot=offer.bot_pct, human=100 - offer.bot_pct),
        "boosted": offer.is_boosted(now),
        "seller": person(view.seller),
    }


def offer_detail(
    ctx: Context, tr: Translator, view: OfferView, now: datetime, *, viewer_id: int | None
) -> dict[str, Any]:
    offer = view.offer
    own = viewer_id is not None and viewer_id in (view.seller.id, view.seller.supervisor_id)
    return {
        **offer_summary(ctx, tr, view, now),
        "description": fmt.shorten(offer.description, DESCRIPTION_LIMIT),
        "inputs": offer.inputs,
        "output_format": offer.output_format,
        "revisions_included": offer.revisions_included,
        "revisions": plain(tr, "unit.revisions", count=offer.revisions_included),
        "requires_signoff": offer.requires_signoff,
        "status": offer.status.value,
        "own": own,
        "orderable": offer.status.value == "active" and not own,
    }


def budget(request_view: RequestView, tr: Translator) -> str:
    r = request_view.request
    low = money(r.budget_min_cents, r.currency, tr)
    if r.budget_min_cents == r.budget_max_cents:
        return low
    return f"{low}–{money(r.budget_max_cents, r.currency, tr)}"


def request_summary(
    ctx: Context, tr: Translator, view: RequestView, now: datetime
) -> dict[str, Any]:
    request = view.request
    return {
        "id": request.id,
        "title": request.title,
        "category": request.category,
        "category_label": category_label(ctx, tr, request.category),
        "budget_min_cents": request.budget_min_cents,
        "budget_max_cents": request.budget_max_cents,
        "budget": budget(view, tr),
        "deadline": request.deadline.isoformat(),
        "proposals": view.proposal_count,
        "buyer": person(view.buyer),
    }


def request_detail(
    ctx: Context, tr: Translator, view: RequestView, now: datetime, *, viewer_id: int | None
) -> dict[str, Any]:
    request = view.request
    own = viewer_id is not None and viewer_id == view.buyer.id
    open_ = request.status.value == "open" and request.deadline > now
    return {
        **request_summary(ctx, tr, view, now),
        "description": fmt.shorten(request.description, DESCRIPTION_LIMIT),
        "inputs": request.inputs,
        "status": request.status.value,
        "own": own,
        "biddable": open_ and not own,
    }


def order_countdown(ctx: Context, order: Order) -> datetime | None:
    """The moment the order's next timer runs out, as the chat's order card counts down to:
    the delivery due date while work is on, the automatic approval once delivered."""
    if order.status in (OrderStatus.IN_PROGRESS, OrderStatus.AWAITING_FUNDING):
        return order.due_at
    if order.status is OrderStatus.DELIVERED and order.delivered_at is not None:
        return order.delivered_at + timedelta(days=ctx.rules.auto_approve_days)
    return None


def order_summary(ctx: Context, tr: Translator, order: Order, viewer_id: int) -> dict[str, Any]:
    until = order_countdown(ctx, order)
    return {
        "id": order.id,
        "title": order.title,
        "role": order.party_role(viewer_id),
        "status": order.status.value,
        "status_label": plain(tr, f"status.{order.status.value}"),
        "price": money(order.price_cents, order.currency, tr),
        "countdown_kind": (
            None if until is None
            else "auto_approve" if order.status is OrderStatus.DELIVERED else "due"
        ),
        "countdown_until": until.isoformat() if until else None,
        "created_at": order.created_at.isoformat(),
    }
