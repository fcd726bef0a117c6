"""Offers: publish (credits), pause/resume, renew (credits), boost (credits per day), hide,
and browsing — the listing lifecycle (``lifecycle``) for the offer kind (``kinds.OFFERS``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from core.accounts import actors
from core.accounts.model import Account
from core.credits import spending
from core.listings import errors as E
from core.listings import lifecycle
from core.listings.kinds import OFFERS
from core.listings.model import Offer, OfferStatus
from core.listings.ports import BrowseQuery
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, ErrorCode, PermissionDenied
from core.shared.ledger import TxType
from core.shared.ports import Page
from core.shared.uow import UnitOfWork

INVALID_STATUS = OFFERS.invalid_status


@dataclass(frozen=True)
class OfferDraft:
    """The fields a seller fills in; validated by ``validate_offer_draft``."""

    title: str
    category: str
    description: str
    inputs: str
    output_format: str
    delivery_days: int
    bot_pct: int
    price_cents: int
    revisions_included: int = 1
    requires_signoff: bool = False
    proofers_wanted: int = 0


@dataclass(frozen=True)
class OfferView:
    offer: Offer
    seller: Account

    @property
    def id(self) -> int:
        """The offer's id, so ``Page.last_id`` of a browse page is the next cursor."""
        return self.offer.id


def validate_offer_draft(ctx: Context, draft: OfferDraft) -> OfferDraft:
    return OfferDraft(
        title=v.text("title", draft.title, min_len=5, max_len=120),
        category=v.category(draft.category, ctx.rules.category_slugs),
        description=v.paragraphs("description", draft.description, min_len=20, max_len=4000),
        inputs=v.paragraphs("inputs", draft.inputs, max_len=2000),
        output_format=v.paragraphs("output_format", draft.output_format, max_len=500),
        delivery_days=v.integer("delivery_days", draft.delivery_days, minimum=1, maximum=90),
        bot_pct=v.integer("bot_pct", draft.bot_pct, minimum=0, maximum=100),
        price_cents=v.price("price", draft.price_cents, maximum=ctx.rules.max_price_cents),
        revisions_included=v.integer(
            "revisions_included", draft.revisions_included, minimum=0, maximum=10
        ),
        requires_signoff=bool(draft.requires_signoff),
        proofers_wanted=v.integer("proofers", draft.proofers_wanted, minimum=0, maximum=3),
    )


async def _own_offer(uow: UnitOfWork, offer_id: int, actor: Account) -> Offer:
    offer = await lifecycle.load(uow, OFFERS, offer_id)
    if offer.seller_id != actor.id and not (
        (seller := await uow.accounts.get(offer.seller_id)) and seller.supervisor_id == actor.id
    ):
        raise PermissionDenied(E.OFFER_NOT_YOURS, code=PermissionDenied.code, offer_id=offer_id)
    return offer


async def publish_offer(ctx: Context, *, seller_id: int, draft: OfferDraft) -> Offer:
    """Create and publish an offer for ``listing_days``; costs ``publish_offer`` credits.
    Raises ``ValidationFailed`` for bad fields, ``InsufficientCredits`` for a low balance."""

    def build(draft: OfferDraft, seller: Account, now: datetime) -> Offer:
        return Offer(
            **asdict(draft),
            id=0,
            seller_id=seller.id,
            currency=ctx.rules.currency,
            status=OfferStatus.ACTIVE,
            created_at=now,
            updated_at=now,
            expires_at=now + timedelta(days=ctx.rules.listing_days),
        )

    return await lifecycle.publish(
        ctx, OFFERS, owner_id=seller_id, draft=validate_offer_draft(ctx, draft), build=build
    )


def _refuse(error: ErrorCode, offer: Offer) -> Conflict:
    """The offer's status does not allow the action: ``error`` names it, in the user's words."""
    return Conflict(error, code=INVALID_STATUS, offer_id=offer.id, offer_status=offer.status.value)


async def set_offer_paused(ctx: Context, *, actor_id: int, offer_id: int, paused: bool) -> Offer:
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        offer = await _own_offer(uow, offer_id, actor)
        wanted_from = OfferStatus.ACTIVE if paused else OfferStatus.PAUSED
        if offer.status is not wanted_from:
            if offer.status is OfferStatus.EXPIRED:
                raise Conflict(E.OFFER_EXPIRED, code=INVALID_STATUS, offer_id=offer.id)
            raise _refuse(E.OFFER_STATUS, offer)
        offer = replace(
            offer,
            status=OfferStatus.PAUSED if paused else OfferStatus.ACTIVE,
            updated_at=ctx.clock.now(),
        )
        await uow.offers.update(offer)
        await uow.commit()
        return offer


async def _charge_extension(
    ctx: Context,
    uow: UnitOfWork,
    offer: Offer,
    *,
    action: str,
    until: datetime | None,
    tx_type: TxType,
    amount: int,
    memo: str,
    idempotency_key: str | None,
) -> datetime | None:
    """Charge the seller for extending ``until`` (the expiry, the boost) from the later of now
    and it; returns that start, or None when this extension was charged already (a retry with
    the same ``idempotency_key``, or a double press racing the first: both start alike)."""
    now = ctx.clock.now()
    start = max(now, until or now)
    charged = await spending.spend_credits(
        ctx,
        uow,
        account_id=offer.seller_id,
        tx_type=tx_type,
        amount=amount,
        idempotency_key=f"{action}:offer:{offer.id}:{idempotency_key or start.isoformat()}",
        memo=memo,
        reference=OFFERS.subject(offer.id),
    )
    return start if charged else None


async def renew_offer(
    ctx: Context, *, actor_id: int, offer_id: int, idempotency_key: str | None = None
) -> Offer:
    """Extend by ``listing_days`` from the later of now and the current expiry; an expired
    offer becomes active again. Costs ``renew_offer`` credits. A retry with the same
    ``idempotency_key`` (or a double press racing the first) charges and extends once."""
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        offer = await _own_offer(uow, offer_id, actor)
        if offer.status in (OfferStatus.HIDDEN, OfferStatus.DRAFT):
            raise _refuse(E.OFFER_NOT_RENEWABLE, offer)
        start = await _charge_extension(
            ctx,
            uow,
            offer,
            action="renew",
            until=offer.expires_at,
            tx_type=TxType.SPEND_RENEW,
            amount=ctx.prices.renew_offer,
            memo=f"Renew offer #{offer.id}",
            idempotency_key=idempotency_key,
        )
        if start is None:
            return offer
        offer = replace(
            offer,
            expires_at=start + timedelta(days=ctx.rules.listing_days),
            status=OfferStatus.ACTIVE if offer.status is OfferStatus.EXPIRED else offer.status,
            updated_at=ctx.clock.now(),
        )
        await uow.offers.update(offer)
        await lifecycle.arm_expiry(ctx, uow, OFFERS, offer)
        await uow.commit()
        return offer


async def boost_offer(
    ctx: Context, *, actor_id: int, offer_id: int, days: int, idempotency_key: str | None = None
) -> Offer:
    """Rank the offer first for ``days`` days; costs ``boost_per_day`` credits a day. A retry
    with the same ``idempotency_key`` charges and extends once."""
    days = v.integer("days", days, minimum=1, maximum=ctx.rules.max_boost_days)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        offer = await _own_offer(uow, offer_id, actor)
        if offer.status is not OfferStatus.ACTIVE:
            raise _refuse(E.OFFER_NOT_BOOSTABLE, offer)
        start = await _charge_extension(
            ctx,
            uow,
            offer,
            action="boost",
            until=offer.boosted_until,
            tx_type=TxType.SPEND_BOOST,
            amount=ctx.prices.boost_per_day * days,
            memo=f"Boost offer #{offer.id} for {days} day(s)",
            idempotency_key=idempotency_key,
        )
        if start is None:
            return offer
        offer = replace(
            offer, boosted_until=start + timedelta(days=days), updated_at=ctx.clock.now()
        )
        await uow.offers.update(offer)
        await uow.commit()
        return offer


async def set_offer_hidden(
    ctx: Context, *, moderator_id: int, offer_id: int, hidden: bool, reason: str = ""
) -> Offer:
    return await lifecycle.set_hidden(
        ctx, OFFERS, moderator_id=moderator_id, listing_id=offer_id, hidden=hidden, reason=reason
    )


async def get_offer(ctx: Context, *, offer_id: int, viewer_id: int | None = None) -> OfferView:
    """An offer as a card. Hidden and draft offers are shown only to their seller, its
    supervisor and moderators; paused and expired ones stay visible, marked as such."""
    async with ctx.uow(read_only=True) as uow:
        return OfferView(*await lifecycle.load_visible(uow, OFFERS, offer_id, viewer_id))


async def list_my_offers(ctx: Context, *, seller_id: int) -> list[Offer]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, seller_id)
        return await uow.offers.by_seller(seller_id)


async def browse_offers(ctx: Context, *, query: BrowseQuery) -> Page[OfferView]:
    """Active offers matching the filters: boosted first, then the seller's trust, newest."""

    async def views(uow: UnitOfWork, found: Sequence[Offer]) -> list[OfferView]:
        sellers = await uow.accounts.get_many([o.seller_id for o in found])
        return [OfferView(o, sellers[o.seller_id]) for o in found]

    return await lifecycle.browse(ctx, OFFERS, query=query, views=views)
