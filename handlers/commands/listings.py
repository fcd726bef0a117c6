"""Offers, requests and proposals: /newoffer, /myoffers, /newrequest, /myrequests, /bid,
/proposals, and the buttons on their cards."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from core.credits import credits
from core.listings import kinds, offers, requests
from core.listings.lifecycle import ListingKind
from core.listings.model import Offer, OfferStatus, Request, RequestStatus
from core.listings.ports import BrowseQuery
from core.listings.proposals import (
    accept_proposal,
    list_proposals,
    preview_acceptance,
    reject_proposal,
    withdraw_proposal,
)
from core.orders import orders
from core.shared.ports import Page
from handlers import cards, fmt
from handlers.actions import Action, encode
from handlers.commands import payouts
from handlers.forms import start_form
from handlers.markup import escape
from handlers.turn import Notice, Router, Turn, Usage, parse_id
from handlers.types import Button, Reply

router = Router()

LIST_LIMIT = 10
BOOST_CHOICES = (1, 3, 7)

L = TypeVar("L", Offer, Request)
V = TypeVar("V", offers.OfferView, requests.RequestView)


# -- what offers and requests share -----------------------------------------------------------


@dataclass(frozen=True)
class ListingPath(Generic[L, V]):
    """What the chat does alike for both kinds of listing (the core's ``ListingKind``):
    the commands that start one and list one's own, browsing, the cards' view button."""

    kind: ListingKind[L]
    #: The domain of its buttons (``off:view:1``).
    domain: str
    #: Its commands and texts: ``/offers``, ``/myoffers``, ``offers.header``.
    plural: str
    view: Callable[[Turn, int], Awaitable[V]]
    listing: Callable[[V], L]
    mine: Callable[[Turn], Awaitable[list[L]]]
    my_reply: Callable[[Turn, V], Reply]
    card: Callable[[Turn, V], Awaitable[Reply]]
    browse: Callable[[Turn, BrowseQuery], Awaitable[Page[V]]]
    line: Callable[[Turn, V, int], str]

    def view_button(self, turn: Turn, listing: L) -> Button:
        return turn.button("btn.view", encode(self.domain, "view", listing.id), id=listing.id)

    async def open(self, turn: Turn, listing_id: int) -> Reply:
        return await self.card(turn, await self.view(turn, listing_id))

    async def my_card(self, turn: Turn, listing_id: int) -> Reply:
        return self.my_reply(turn, await self.view(turn, listing_id))

    async def page(self, turn: Turn, query: BrowseQuery) -> BrowsedPage:
        found = await self.browse(turn, query)
        return BrowsedPage(
            lines=[self.line(turn, view, i + 1) for i, view in enumerate(found.items)],
            buttons=[self.view_button(turn, self.listing(view)) for view in found.items],
            last_id=found.last_id,
            has_more=found.has_more,
        )


@dataclass(frozen=True)
class BrowsedPage:
    """One page of a listing kind as browsing shows it: a line and a view button each."""

    lines: list[str]
    buttons: list[Button]
    last_id: int | None
    has_more: bool


async def _view_offer(turn: Turn, offer_id: int) -> offers.OfferView:
    return await offers.get_offer(turn.ctx, offer_id=offer_id, viewer_id=turn.actor_id)


async def _view_request(turn: Turn, request_id: int) -> requests.RequestView:
    return await requests.get_request(turn.ctx, request_id=request_id, viewer_id=turn.actor_id)


def _id(action: Action) -> int:
    ident = action.int_arg(0)
    if ident is None:
        raise Notice("button.invalid")
    return ident


@router.command("newoffer", "newrequest")
async def new_listing(turn: Turn) -> list[Reply]:
    return await start_form(turn, BY_COMMAND[turn.command or ""].kind.name)


@router.command("myoffers", "myrequests")
async def my_listings(turn: Turn) -> list[Reply]:
    path = BY_COMMAND[turn.command or ""]
    key = f"my{path.plural}"
    mine = await path.mine(turn)
    if not mine:
        return turn.say(f"{key}.none")
    mine.sort(key=lambda listing: listing.id, reverse=True)
    replies = [Reply(turn.tr(f"{key}.header", count=len(mine)))]
    for listing in mine[:LIST_LIMIT]:
        replies.append(await path.my_card(turn, listing.id))
    if len(mine) > LIST_LIMIT:
        replies.append(Reply(turn.tr(f"{key}.more", count=len(mine) - LIST_LIMIT)))
    return replies


@router.action("off", "view")
@router.action("req", "view")
async def view_listing(turn: Turn, action: Action) -> list[Reply]:
    return [await BY_DOMAIN[action.domain].open(turn, _id(action))]


# -- offers ------------------------------------------------------------------------------------


def my_offer_reply(turn: Turn, view: offers.OfferView, *, edit: bool = False) -> Reply:
    tr, offer = turn.tr, view.offer
    now = turn.now()
    status = tr(f"offer_status.{offer.status.value}")
    lines = [
        tr(
            "myoffers.line",
            title=escape(fmt.shorten(offer.title, 80)),
            id=offer.id,
            price=fmt.money(offer.price_cents, offer.currency, turn.tr.language),
            status=status,
        )
    ]
    if offer.expires_at is not None and offer.status is not OfferStatus.HIDDEN:
        lines.append(tr("card.offer.expires", when=fmt.time_left(tr, offer.expires_at, now)))
    if offer.is_boosted(now) and offer.boosted_until is not None:
        lines.append(tr("card.offer.boost_until", when=fmt.time_left(tr, offer.boosted_until, now)))
    if offer.status is OfferStatus.HIDDEN and offer.hidden_reason:
        lines.append(tr("card.offer.hidden", reason=escape(offer.hidden_reason)))
    buttons = cards.my_offer_buttons(turn, view)
    buttons.append(OFFERS.view_button(turn, offer))
    return Reply("\n".join(lines), buttons=cards.rows(buttons, 2), edit=edit)


@router.action("off", "order")
async def order_offer_confirm(turn: Turn, action: Action) -> list[Reply]:
    await turn.require_active()
    view = await offers.get_offer(turn.ctx, offer_id=_id(action), viewer_id=turn.actor_id)
    offer = view.offer
    if await cards.is_owner(turn, view.seller):
        raise Notice("offer.own")
    if offer.status is not OfferStatus.ACTIVE:
        raise Notice("offer.not_active", id=offer.id)
    text = turn.tr(
        "offer.order_confirm",
        title=escape(offer.title),
        seller=fmt.handle(view.seller),
        price=fmt.money(offer.price_cents, offer.currency, turn.tr.language),
        days=turn.tr("unit.days", count=offer.delivery_days),
    )
    buttons: tuple[tuple[Button, ...], ...] = (
        (
            turn.button("btn.place_order", encode("off", "buy", offer.id)),
            turn.button("btn.not_now", encode("off", "view", offer.id)),
        ),
    )
    if payouts.escrow_available(turn):
        text += "\n\n" + turn.tr("escrow.offer_choice") + "\n"
        text += payouts.fee_line(turn, offer.price_cents, offer.currency)
        buttons = (
            (turn.button("btn.place_order_escrow", encode("off", "buyx", offer.id)),),
            *buttons,
        )
    return [Reply(text, buttons=buttons)]


@router.action("off", "buy")
async def order_offer(turn: Turn, action: Action) -> list[Reply]:
    order = await orders.order_offer(turn.ctx, buyer_id=turn.actor_id, offer_id=_id(action))
    record = await orders.get_order(turn.ctx, order_id=order.id, viewer_id=turn.actor_id)
    return [
        Reply(turn.tr("offer.ordered", id=order.id), edit=True),
        await cards.order_card(turn, record),
    ]


@router.action("off", "pause", "resume")
async def pause_offer(turn: Turn, action: Action) -> list[Reply]:
    offer = await offers.set_offer_paused(
        turn.ctx, actor_id=turn.actor_id, offer_id=_id(action), paused=action.verb == "pause"
    )
    view = await offers.get_offer(turn.ctx, offer_id=offer.id, viewer_id=turn.actor_id)
    return [my_offer_reply(turn, view, edit=True)]


@router.action("off", "renew")
async def renew_offer(turn: Turn, action: Action) -> list[Reply]:
    offer = await offers.renew_offer(turn.ctx, actor_id=turn.actor_id, offer_id=_id(action))
    balance = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    view = await offers.get_offer(turn.ctx, offer_id=offer.id, viewer_id=turn.actor_id)
    assert offer.expires_at is not None
    return [
        Reply(
            turn.tr(
                "offer.renewed",
                id=offer.id,
                cost=turn.ctx.prices.renew_offer,
                balance=balance.credits,
                when=fmt.time_left(turn.tr, offer.expires_at, turn.now()),
            )
        ),
        my_offer_reply(turn, view, edit=True),
    ]


@router.action("off", "boost")
async def boost_offer(turn: Turn, action: Action) -> list[Reply]:
    offer_id = _id(action)
    days = action.int_arg(1)
    per_day = turn.ctx.prices.boost_per_day
    if days is None:
        await turn.require_active()
        view = await offers.get_offer(turn.ctx, offer_id=offer_id, viewer_id=turn.actor_id)
        if not await cards.is_owner(turn, view.seller):
            raise Notice("offer.not_yours", id=offer_id)
        buttons = tuple(
            (
                turn.button(
                    "btn.boost_days",
                    encode("off", "boost", offer_id, n),
                    days=turn.tr("unit.days", count=n),
                    cost=turn.tr("unit.credits", count=n * per_day),
                ),
            )
            for n in BOOST_CHOICES
        )
        return [Reply(turn.tr("offer.boost_pick", id=offer_id, cost=per_day), buttons=buttons)]
    offer = await offers.boost_offer(turn.ctx, actor_id=turn.actor_id, offer_id=offer_id, days=days)
    balance = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    assert offer.boosted_until is not None
    return turn.say(
        "offer.boosted",
        id=offer.id,
        cost=days * per_day,
        balance=balance.credits,
        when=fmt.moment(offer.boosted_until),
        edit=True,
    )


# -- requests ----------------------------------------------------------------------------------


def my_request_reply(turn: Turn, view: requests.RequestView, *, edit: bool = False) -> Reply:
    tr, request = turn.tr, view.request
    lines = [
        tr(
            "myrequests.line",
            title=escape(fmt.shorten(request.title, 80)),
            id=request.id,
            budget=cards.budget(request, turn.tr.language),
            status=tr(f"request_status.{request.status.value}"),
            count=view.proposal_count,
        )
    ]
    if request.status is RequestStatus.OPEN:
        lines.append(fmt.proposals_close(tr, request.deadline, turn.now()))
    buttons = [
        turn.button("btn.proposals", encode("req", "props", request.id), count=view.proposal_count)
    ]
    if request.status is RequestStatus.OPEN:
        buttons.append(turn.button("btn.close_request", encode("req", "close", request.id)))
    buttons.append(REQUESTS.view_button(turn, request))
    return Reply("\n".join(lines), buttons=cards.rows(buttons, 2), edit=edit)


@router.action("req", "close")
async def close_request(turn: Turn, action: Action) -> list[Reply]:
    request = await requests.close_request(turn.ctx, buyer_id=turn.actor_id, request_id=_id(action))
    return turn.say("request.closed", id=request.id, edit=True)


async def _start_bid(turn: Turn, request_id: int) -> list[Reply]:
    await turn.require_active()
    view = await requests.get_request(turn.ctx, request_id=request_id, viewer_id=turn.actor_id)
    if await cards.is_owner(turn, view.buyer):
        raise Notice("bid.own")
    if view.request.status is not RequestStatus.OPEN:
        raise Notice(
            "bid.closed",
            id=request_id,
            status=turn.tr(f"request_status.{view.request.status.value}"),
        )
    header = turn.tr(
        "bid.intro",
        title=escape(view.request.title),
        id=request_id,
        budget=cards.budget(view.request, turn.tr.language),
        deadline=fmt.proposals_close(turn.tr, view.request.deadline, turn.now()),
    )
    return [Reply(header), *await start_form(turn, "bid", params={"request_id": request_id})]


@router.command("bid")
async def bid(turn: Turn) -> list[Reply]:
    request_id = parse_id(turn.args)
    if request_id is None:
        raise Usage("bid")
    return await _start_bid(turn, request_id)


@router.action("req", "bid")
async def bid_button(turn: Turn, action: Action) -> list[Reply]:
    return await _start_bid(turn, _id(action))


async def _proposals(turn: Turn, request_id: int) -> list[Reply]:
    view = await requests.get_request(turn.ctx, request_id=request_id, viewer_id=turn.actor_id)
    found = await list_proposals(turn.ctx, viewer_id=turn.actor_id, request_id=request_id)
    if not found:
        return turn.say("proposals.none", id=request_id, title=escape(view.request.title))
    found.sort(key=lambda p: (p.proposal.status.value != "pending", p.proposal.id))
    replies = [
        Reply(
            turn.tr(
                "proposals.header",
                id=request_id,
                title=escape(view.request.title),
                count=len(found),
            )
        )
    ]
    for proposal in found[:LIST_LIMIT]:
        replies.append(await cards.proposal_card(turn, proposal, view.request))
    return replies


@router.command("proposals")
async def proposals(turn: Turn) -> list[Reply]:
    request_id = parse_id(turn.args)
    if request_id is None:
        raise Usage("proposals")
    return await _proposals(turn, request_id)


@router.action("req", "props")
async def proposals_button(turn: Turn, action: Action) -> list[Reply]:
    return await _proposals(turn, _id(action))


@router.action("prop", "accept")
async def accept_confirm(turn: Turn, action: Action) -> list[Reply]:
    """Accepting starts an order and declines every other proposal: say so and ask first,
    as ordering an offer does. The card's button lands here, so an old card asks too."""
    await turn.require_active()
    preview = await preview_acceptance(turn.ctx, buyer_id=turn.actor_id, proposal_id=_id(action))
    proposal, request = preview.proposal.proposal, preview.request
    lines = [
        turn.tr(
            "proposal.accept_confirm",
            id=proposal.id,
            seller=fmt.handle(preview.proposal.seller),
            price=fmt.money(proposal.price_cents, request.currency, turn.tr.language),
            days=turn.tr("unit.days", count=proposal.timeline_days),
            request=request.id,
            title=escape(request.title),
        ),
        "",
        turn.tr("proposal.accept_others", count=preview.others_pending)
        if preview.others_pending
        else turn.tr("proposal.accept_no_others"),
    ]
    buttons: tuple[tuple[Button, ...], ...] = (
        (
            turn.button("btn.accept_yes", encode("prop", "acceptok", proposal.id)),
            turn.button("btn.not_now", encode("req", "props", request.id)),
        ),
    )
    if payouts.escrow_available(turn):
        lines += ["", turn.tr("escrow.offer_choice")]
        lines.append(payouts.fee_line(turn, proposal.price_cents, request.currency))
        escrow = turn.button("btn.accept_escrow", encode("prop", "acceptx", proposal.id))
        buttons = ((escrow,), *buttons)
    return [Reply("\n".join(lines), buttons=buttons)]


@router.action("prop", "acceptok")
async def accept(turn: Turn, action: Action) -> list[Reply]:
    order = await accept_proposal(turn.ctx, buyer_id=turn.actor_id, proposal_id=_id(action))
    record = await orders.get_order(turn.ctx, order_id=order.id, viewer_id=turn.actor_id)
    return [
        Reply(
            turn.tr("proposal.accepted", id=order.id, seller=fmt.handle(record.seller)),
            edit=True,
        ),
        await cards.order_card(turn, record),
    ]


@router.action("prop", "reject")
async def reject(turn: Turn, action: Action) -> list[Reply]:
    proposal = await reject_proposal(turn.ctx, buyer_id=turn.actor_id, proposal_id=_id(action))
    return turn.say("proposal.rejected", id=proposal.id, edit=True)


@router.action("prop", "withdraw")
async def withdraw(turn: Turn, action: Action) -> list[Reply]:
    proposal = await withdraw_proposal(turn.ctx, seller_id=turn.actor_id, proposal_id=_id(action))
    return turn.say("proposal.withdrawn", id=proposal.id, edit=True)


OFFERS: ListingPath[Offer, offers.OfferView] = ListingPath(
    kind=kinds.OFFERS,
    domain="off",
    plural="offers",
    view=_view_offer,
    listing=lambda view: view.offer,
    mine=lambda turn: offers.list_my_offers(turn.ctx, seller_id=turn.actor_id),
    my_reply=my_offer_reply,
    card=cards.offer_card,
    browse=lambda turn, query: offers.browse_offers(turn.ctx, query=query),
    line=cards.offer_line,
)
REQUESTS: ListingPath[Request, requests.RequestView] = ListingPath(
    kind=kinds.REQUESTS,
    domain="req",
    plural="requests",
    view=_view_request,
    listing=lambda view: view.request,
    mine=lambda turn: requests.list_my_requests(turn.ctx, buyer_id=turn.actor_id),
    my_reply=my_request_reply,
    card=cards.request_card,
    browse=lambda turn, query: requests.browse_requests(turn.ctx, query=query),
    line=cards.request_line,
)
AnyPath = ListingPath[Offer, offers.OfferView] | ListingPath[Request, requests.RequestView]
PATHS: tuple[AnyPath, ...] = (OFFERS, REQUESTS)
BY_DOMAIN = {path.domain: path for path in PATHS}
BY_PLURAL = {path.plural: path for path in PATHS}
BY_KIND = {path.kind.name: path for path in PATHS}
BY_COMMAND = {
    **{f"new{path.kind.name}": path for path in PATHS},
    **{f"my{path.plural}": path for path in PATHS},
}
