"""Notifications about offers, requests and proposals, and the feed channel's cards of new
listings."""

from __future__ import annotations

from datetime import datetime

from core.shared import events as ev
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import fmt
from handlers.actions import encode
from handlers.i18n import Translator
from handlers.markup import escape
from handlers.render.base import EventView, Rendered, deep_link_payload, renders
from handlers.types import Button, Notification

TITLE_LIMIT = 120


def _title(v: EventView) -> str:
    return v.text("title", TITLE_LIMIT)


@renders(ev.APPLICATION_RECEIVED)
def _application_received(v: EventView) -> Rendered:
    request_id = v.num("request_id")
    if v.is_recipient("seller_id"):
        # A bid placed outside the seller's chat (the Mini App): its confirmation.
        return v.say("form.bid.done", id=v.num("proposal_id"), request=request_id)
    seller = v.people.get(v.num("seller_id"))
    return v.say(
        "n.application_received",
        (v.button("btn.view_proposals", encode("req", "props", request_id)),),
        title=_title(v),
        id=request_id,
        seller=v.label(v.p.get("seller_id")),
        trust=seller.trust_score if seller else 0,
        price=v.money("price_cents"),
        days=v.tr("unit.days", count=v.num("timeline_days")),
    )


@renders(ev.APPLICATION_ACCEPTED)
def _application_accepted(v: EventView) -> Rendered:
    return v.say(
        "n.application_accepted",
        (v.open_button(), v.act("btn.message", "msg")),
        title=_title(v),
        id=v.order_id or 0,
    )


@renders(ev.APPLICATION_REJECTED)
def _application_rejected(v: EventView) -> Rendered:
    return v.say(
        "n.application_rejected",
        (v.button("menu.requests", encode("cmd", "requests")),),
        title=_title(v),
    )


@renders(ev.APPLICATION_WITHDRAWN)
def _application_withdrawn(v: EventView) -> Rendered:
    request_id = v.num("request_id")
    return v.say(
        "n.application_withdrawn",
        (v.button("btn.view_proposals", encode("req", "props", request_id)),),
        title=_title(v),
        who=v.name(v.p.get("seller_id")),
    )


#: A new listing's notice to its owner: (catalog key, payload id, button key, action domain).
_PUBLISHED = {
    ev.OFFER_PUBLISHED: ("n.offer_published", "offer_id", "btn.view_offer", "off"),
    ev.REQUEST_POSTED: ("n.request_posted", "request_id", "btn.view_request", "req"),
}


@renders(*_PUBLISHED)
def _listing_published(v: EventView) -> Rendered:
    key, id_key, button, domain = _PUBLISHED[v.event.type]
    ident = v.num(id_key)
    return v.say(key, (v.button(button, encode(domain, "view", ident)),), title=_title(v), id=ident)


@renders(ev.OFFER_EXPIRED)
def _offer_expired(v: EventView) -> Rendered:
    offer_id = v.num("offer_id")
    cost = v.ctx.prices.renew_offer
    return v.say(
        "n.offer_expired",
        (v.button("btn.renew", encode("off", "renew", offer_id), cost=cost),),
        title=_title(v),
        id=offer_id,
        cost=cost,
    )


@renders(ev.REQUEST_EXPIRED)
def _request_expired(v: EventView) -> Rendered:
    return v.say(
        "n.request_expired",
        (v.button("menu.newrequest", encode("cmd", "newrequest")),),
        title=_title(v),
        id=v.num("request_id"),
    )


@renders(ev.LISTING_HIDDEN)
def _listing_hidden(v: EventView) -> Rendered:
    listing = str(v.p.get("listing") or "")
    kind, _, ident = listing.partition(":")
    return v.say(
        "n.listing_hidden",
        kind=v.tr.get(f"n.listing_kind.{kind}", escape(kind)),
        id=escape(ident),
        title=_title(v),
        note=v.note("reason"),
    )


def _feed_text(ctx: Context, event: DomainEvent, tr: Translator) -> tuple[str, int]:
    """The feed card's text and the listing's id, for a new offer or request."""
    p = event.payload
    currency = str(p.get("currency") or ctx.rules.currency)
    title = escape(fmt.shorten(str(p.get("title") or ""), TITLE_LIMIT))
    category = fmt.category_label(tr, ctx, str(p.get("category") or ""))
    if event.type == ev.OFFER_PUBLISHED:
        offer_id = int(p.get("offer_id") or 0)
        price = fmt.money(int(p.get("price_cents") or 0), currency, tr.language)
        return tr("feed.offer", title=title, category=category, price=price, id=offer_id), offer_id
    request_id = int(p.get("request_id") or 0)
    low = fmt.money(int(p.get("budget_min_cents") or 0), currency, tr.language)
    high = fmt.money(int(p.get("budget_max_cents") or 0), currency, tr.language)
    deadline = p.get("deadline")
    text = tr(
        "feed.request",
        title=title,
        category=category,
        budget=low if low == high else f"{low}–{high}",
        deadline=fmt.moment(datetime.fromisoformat(str(deadline))) if deadline else "—",
        id=request_id,
    )
    return text, request_id


#: Listing events with a feed card: (listing kind, button key, action domain).
_FEED = {
    ev.OFFER_PUBLISHED: ("offer", "btn.feed_offer", "off"),
    ev.REQUEST_POSTED: ("request", "btn.feed_request", "req"),
}


def feed_card(ctx: Context, event: DomainEvent, tr: Translator) -> Notification | None:
    """The feed channel's card of a new listing, with a deep-link payload for the front end."""
    if event.type not in _FEED:
        return None
    kind, button_key, domain = _FEED[event.type]
    text, ident = _feed_text(ctx, event, tr)
    row = [Button(tr(button_key), action=encode(domain, "view", ident))]
    if event.type == ev.OFFER_PUBLISHED:
        # One tap from the card to the order's confirmation (where a chat keeps action
        # buttons in its feed: Discord; Telegram's public channel links to the bot instead).
        p = event.payload
        currency = str(p.get("currency") or ctx.rules.currency)
        price = fmt.money(int(p.get("price_cents") or 0), currency, tr.language)
        row.append(Button(tr("btn.order_offer", price=price), action=encode("off", "order", ident)))
    return Notification(
        account_id=0,
        text=text,
        buttons=(tuple(row),),
        event_id=event.id,
        extra={"channel": "feed", "deep_link": deep_link_payload(kind, ident)},
    )
