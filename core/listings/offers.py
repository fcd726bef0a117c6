"""Offers: publish (credits), edit, pause/resume, renew (credits), boost (credits per day),
and browsing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from core.accounts import actors
from core.accounts.model import Account
from core.credits import spending
from core.listings import errors as E
from core.listings.model import Offer, OfferStatus
from core.listings.ports import BrowseQuery
from core.moderation import safety as guard
from core.moderation.model import AuditEntry
from core.orders.model import Timer, TimerKind, TimerStatus
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from core.shared.events import DomainEvent
from core.shared.ledger import TxType
from core.shared.ports import Page
from core.shared.uow import UnitOfWork

#: The offer's texts other users read, scanned for secrets before anyone sees them.
_SHOWN_FIELDS = ("title", "description", "inputs", "output_format")

OFFER = "offer"
#: The API code of every "offer is in the wrong status" conflict.
INVALID_STATUS = "offer.invalid_status"


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
        description=v.text("description", draft.description, min_len=20, max_len=4000),
        inputs=v.text("inputs", draft.inputs, max_len=2000),
        output_format=v.text("output_format", draft.output_format, max_len=500),
        delivery_days=v.integer("delivery_days", draft.delivery_days, minimum=1, maximum=90),
        bot_pct=v.integer("bot_pct", draft.bot_pct, minimum=0, maximum=100),
        price_cents=v.price("price", draft.price_cents, maximum=ctx.rules.max_price_cents),
        revisions_included=v.integer(
            "revisions_included", draft.revisions_included, minimum=0, maximum=10
        ),
        requires_signoff=bool(draft.requires_signoff),
    )


async def _own_offer(uow: UnitOfWork, offer_id: int, actor: Account) -> Offer:
    offer = await uow.offers.get(offer_id)
    if offer is None:
        raise NotFound("offer", offer_id)
    if offer.seller_id != actor.id and not (
        (seller := await uow.accounts.get(offer.seller_id)) and seller.supervisor_id == actor.id
    ):
        raise PermissionDenied(E.OFFER_NOT_YOURS, code=PermissionDenied.code, offer_id=offer_id)
    return offer


async def _arm_expiry(ctx: Context, uow: UnitOfWork, offer: Offer) -> None:
    assert offer.expires_at is not None
    await uow.timers.cancel(OFFER, offer.id, [TimerKind.OFFER_EXPIRY])
    await uow.timers.add(
        Timer(
            id=0,
            kind=TimerKind.OFFER_EXPIRY,
            subject=OFFER,
            subject_id=offer.id,
            due_at=offer.expires_at,
            status=TimerStatus.PENDING,
            created_at=ctx.clock.now(),
        )
    )


async def publish_offer(ctx: Context, *, seller_id: int, draft: OfferDraft) -> Offer:
    """Create and publish an offer for ``listing_days``; costs ``publish_offer`` credits.
    Raises ``ValidationFailed`` for bad fields, ``InsufficientCredits`` for a low balance."""
    draft = validate_offer_draft(ctx, draft)
    draft, redacted = guard.redact_fields(draft, _SHOWN_FIELDS)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        seller = await actors.load_actor(uow, seller_id)
        await guard.check_rate(ctx, uow, actor_id=seller.id, action=guard.LISTING)
        offer = await uow.offers.add(
            Offer(
                id=0,
                seller_id=seller.id,
                title=draft.title,
                category=draft.category,
                description=draft.description,
                inputs=draft.inputs,
                output_format=draft.output_format,
                delivery_days=draft.delivery_days,
                bot_pct=draft.bot_pct,
                price_cents=draft.price_cents,
                currency=ctx.rules.currency,
                revisions_included=draft.revisions_included,
                status=OfferStatus.ACTIVE,
                created_at=now,
                updated_at=now,
                expires_at=now + timedelta(days=ctx.rules.listing_days),
                requires_signoff=draft.requires_signoff,
            )
        )
        await spending.spend_credits(
            ctx,
            uow,
            account_id=seller.id,
            tx_type=TxType.SPEND_PUBLISH,
            amount=ctx.prices.publish_offer,
            idempotency_key=f"publish:offer:{offer.id}",
            memo=f"Publish offer #{offer.id}",
            reference=f"offer:{offer.id}",
        )
        await guard.screen(
            ctx,
            uow,
            actor_id=seller.id,
            subject=f"offer:{offer.id}",
            redacted=redacted,
            texts=[getattr(offer, name) for name in _SHOWN_FIELDS],
        )
        await _arm_expiry(ctx, uow, offer)
        uow.publish(
            DomainEvent(
                type=ev.OFFER_PUBLISHED,
                payload={
                    "offer_id": offer.id,
                    "seller_id": seller.id,
                    "title": offer.title,
                    "category": offer.category,
                    "price_cents": offer.price_cents,
                    "currency": offer.currency,
                },
                channels=("feed",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return offer


async def edit_offer(ctx: Context, *, actor_id: int, offer_id: int, draft: OfferDraft) -> Offer:
    """Edit the fields of one's own offer; open orders keep the terms they were made with."""
    draft = validate_offer_draft(ctx, draft)
    draft, redacted = guard.redact_fields(draft, _SHOWN_FIELDS)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        offer = await _own_offer(uow, offer_id, actor)
        if offer.status is OfferStatus.HIDDEN:
            raise PermissionDenied(E.OFFER_HIDDEN_BY_MODERATOR, code=PermissionDenied.code)
        offer = replace(
            offer,
            title=draft.title,
            category=draft.category,
            description=draft.description,
            inputs=draft.inputs,
            output_format=draft.output_format,
            delivery_days=draft.delivery_days,
            bot_pct=draft.bot_pct,
            price_cents=draft.price_cents,
            revisions_included=draft.revisions_included,
            requires_signoff=draft.requires_signoff,
            updated_at=ctx.clock.now(),
        )
        await uow.offers.update(offer)
        await guard.screen(
            ctx,
            uow,
            actor_id=actor.id,
            subject=f"offer:{offer.id}",
            redacted=redacted,
            texts=[getattr(offer, name) for name in _SHOWN_FIELDS],
        )
        await uow.commit()
        return offer


async def set_offer_paused(ctx: Context, *, actor_id: int, offer_id: int, paused: bool) -> Offer:
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        offer = await _own_offer(uow, offer_id, actor)
        wanted_from = OfferStatus.ACTIVE if paused else OfferStatus.PAUSED
        if offer.status is not wanted_from:
            if offer.status is OfferStatus.EXPIRED:
                raise Conflict(E.OFFER_EXPIRED, code=INVALID_STATUS, offer_id=offer.id)
            raise Conflict(
                E.OFFER_STATUS,
                code=INVALID_STATUS,
                offer_id=offer.id,
                offer_status=offer.status.value,
            )
        offer = replace(
            offer,
            status=OfferStatus.PAUSED if paused else OfferStatus.ACTIVE,
            updated_at=ctx.clock.now(),
        )
        await uow.offers.update(offer)
        await uow.commit()
        return offer


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
            raise Conflict(
                E.OFFER_NOT_RENEWABLE,
                code=INVALID_STATUS,
                offer_id=offer.id,
                offer_status=offer.status.value,
            )
        now = ctx.clock.now()
        start = max(now, offer.expires_at or now)
        charged = await spending.spend_credits(
            ctx,
            uow,
            account_id=offer.seller_id,
            tx_type=TxType.SPEND_RENEW,
            amount=ctx.prices.renew_offer,
            idempotency_key=f"renew:offer:{offer.id}:{idempotency_key or start.isoformat()}",
            memo=f"Renew offer #{offer.id}",
            reference=f"offer:{offer.id}",
        )
        if not charged:
            return offer
        offer = replace(
            offer,
            expires_at=start + timedelta(days=ctx.rules.listing_days),
            status=OfferStatus.ACTIVE if offer.status is OfferStatus.EXPIRED else offer.status,
            updated_at=now,
        )
        await uow.offers.update(offer)
        await _arm_expiry(ctx, uow, offer)
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
            raise Conflict(
                E.OFFER_NOT_BOOSTABLE,
                code=INVALID_STATUS,
                offer_id=offer.id,
                offer_status=offer.status.value,
            )
        now = ctx.clock.now()
        start = max(now, offer.boosted_until or now)
        charged = await spending.spend_credits(
            ctx,
            uow,
            account_id=offer.seller_id,
            tx_type=TxType.SPEND_BOOST,
            amount=ctx.prices.boost_per_day * days,
            idempotency_key=f"boost:offer:{offer.id}:{idempotency_key or start.isoformat()}",
            memo=f"Boost offer #{offer.id} for {days} day(s)",
            reference=f"offer:{offer.id}",
        )
        if not charged:
            return offer
        offer = replace(offer, boosted_until=start + timedelta(days=days), updated_at=now)
        await uow.offers.update(offer)
        await uow.commit()
        return offer


async def set_offer_hidden(
    ctx: Context, *, moderator_id: int, offer_id: int, hidden: bool, reason: str = ""
) -> Offer:
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        offer = await uow.offers.get(offer_id)
        if offer is None:
            raise NotFound("offer", offer_id)
        now = ctx.clock.now()
        if hidden:
            reason = v.text("reason", reason, min_len=3, max_len=500)
            if offer.status is OfferStatus.HIDDEN:
                raise Conflict(E.OFFER_ALREADY_HIDDEN, code=INVALID_STATUS, offer_id=offer.id)
            offer = replace(
                offer,
                status=OfferStatus.HIDDEN,
                status_before_hidden=offer.status,
                hidden_reason=reason,
                updated_at=now,
            )
        else:
            if offer.status is not OfferStatus.HIDDEN:
                raise Conflict(E.OFFER_NOT_HIDDEN, code=INVALID_STATUS, offer_id=offer.id)
            offer = replace(
                offer,
                status=offer.status_before_hidden or OfferStatus.PAUSED,
                status_before_hidden=None,
                hidden_reason=None,
                updated_at=now,
            )
        await uow.offers.update(offer)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="hide" if hidden else "unhide",
                subject=f"offer:{offer.id}",
                created_at=now,
                note=reason or None,
            )
        )
        if hidden:
            uow.publish(
                DomainEvent(
                    type=ev.LISTING_HIDDEN,
                    payload={
                        "listing": f"offer:{offer.id}",
                        "title": offer.title,
                        "reason": reason,
                    },
                    recipients=(offer.seller_id,),
                    occurred_at=now,
                )
            )
        await uow.commit()
        return offer


async def get_offer(ctx: Context, *, offer_id: int, viewer_id: int | None = None) -> OfferView:
    """An offer as a card. Hidden and draft offers are shown only to their seller, its
    supervisor and moderators; paused and expired ones stay visible, marked as such."""
    async with ctx.uow() as uow:
        offer = await uow.offers.get(offer_id)
        if offer is None:
            raise NotFound("offer", offer_id)
        seller = await actors.load_account(uow, offer.seller_id)
        if offer.status is not OfferStatus.ACTIVE and viewer_id != offer.seller_id:
            viewer = await uow.accounts.get(viewer_id) if viewer_id else None
            if offer.status in (OfferStatus.HIDDEN, OfferStatus.DRAFT) and not (
                viewer and (viewer.is_moderator or viewer.id == seller.supervisor_id)
            ):
                raise NotFound("offer", offer_id)
        return OfferView(offer, seller)


async def list_my_offers(ctx: Context, *, seller_id: int) -> list[Offer]:
    async with ctx.uow() as uow:
        await actors.load_account(uow, seller_id)
        return await uow.offers.by_seller(seller_id)


async def browse_offers(ctx: Context, *, query: BrowseQuery) -> Page[OfferView]:
    """Active offers matching the filters: boosted first, then the seller's trust, newest."""
    if query.category is not None:
        v.category(query.category, ctx.rules.category_slugs)
    v.integer("limit", query.limit, minimum=1, maximum=100)
    if (
        query.min_cents is not None
        and query.max_cents is not None
        and query.min_cents > query.max_cents
    ):
        raise ValidationFailed(E.PRICE_RANGE, field="budget", code="validation.budget")
    async with ctx.uow() as uow:
        page = await uow.offers.browse(replace(query, now=ctx.clock.now()))
        sellers = await uow.accounts.get_many([o.seller_id for o in page.items])
        return Page([OfferView(o, sellers[o.seller_id]) for o in page.items], page.has_more)
