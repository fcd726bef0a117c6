"""The lifecycle every listing kind shares, written once over a ``ListingKind``: publish
(credits, screening, the expiry timer, the feed event), expire, hide and unhide by a moderator,
who may see a listing, and browsing. The kinds are data (``kinds``); offers and requests are thin
use cases on top."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Generic, Protocol, TypeVar

from core.accounts import actors
from core.accounts.model import Account
from core.credits import spending
from core.listings.model import Offer, Request
from core.listings.ports import BrowseQuery
from core.moderation import safety as guard
from core.moderation.model import AuditEntry
from core.orders.model import Timer, TimerKind, TimerStatus
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, ErrorCode, NotFound, ValidationFailed
from core.shared.events import DomainEvent
from core.shared.ledger import PriceList, TxType
from core.shared.ports import Page
from core.shared.uow import UnitOfWork

L = TypeVar("L", Offer, Request)
V = TypeVar("V")
D = TypeVar("D")


class ListingRepository(Protocol[L]):
    async def add(self, listing: L, /) -> L: ...
    async def get(self, listing_id: int, /) -> L | None: ...
    async def update(self, listing: L, /) -> None: ...
    async def browse(self, query: BrowseQuery, /) -> Page[L]: ...


@dataclass(frozen=True)
class ListingKind(Generic[L]):
    """What tells one kind of listing from another; the rules are the lifecycle's."""

    #: ``offer`` or ``request``: the subject of timers, audit entries and ledger references.
    name: str
    repository: Callable[[UnitOfWork], ListingRepository[L]]
    owner_id: Callable[[L], int]
    #: The texts other users read, scanned for secrets before anyone sees them.
    shown_fields: tuple[str, ...]
    #: Statuses only the owner and moderators (and, where ``supervisor_sees``, the owner's
    #: supervisor) may see.
    private_statuses: tuple[StrEnum, ...]
    supervisor_sees: bool
    hidden_status: StrEnum
    #: Where unhiding goes when the status before hiding is unknown.
    unhidden_status: StrEnum
    #: The API code of every "listing is in the wrong status" conflict.
    invalid_status: str
    already_hidden: ErrorCode
    not_hidden: ErrorCode
    #: Browsing with a minimum above the maximum.
    inverted_range: ErrorCode
    publish_price: Callable[[PriceList], int]
    publish_tx: TxType
    #: The ledger memo's verb: ``Publish`` offer #1, ``Post`` request #2.
    publish_verb: str
    published_event: str
    published_payload: Callable[[L], dict[str, Any]]
    expiry_timer: TimerKind
    expires_at: Callable[[L], datetime | None]
    #: The statuses the expiry timer ends; any other (hidden, closed...) it leaves alone.
    expiring_statuses: tuple[StrEnum, ...]
    expired_status: StrEnum
    #: Tells the owner the listing ran out.
    expired_event: str

    def subject(self, listing_id: int) -> str:
        return f"{self.name}:{listing_id}"

    def params(self, listing: L) -> dict[str, Any]:
        """The id parameter of this kind's error codes (``offer_id``, ``request_id``)."""
        return {f"{self.name}_id": listing.id}


async def load(uow: UnitOfWork, kind: ListingKind[L], listing_id: int) -> L:
    listing = await kind.repository(uow).get(listing_id)
    if listing is None:
        raise NotFound(kind.name, listing_id)
    return listing


async def arm_expiry(ctx: Context, uow: UnitOfWork, kind: ListingKind[L], listing: L) -> None:
    """(Re)schedule the expiry timer at the listing's current expiry."""
    await uow.timers.cancel(kind.name, listing.id, [kind.expiry_timer])
    await _add_expiry(ctx, uow, kind, listing)


async def _add_expiry(ctx: Context, uow: UnitOfWork, kind: ListingKind[L], listing: L) -> None:
    due_at = kind.expires_at(listing)
    assert due_at is not None
    await uow.timers.add(
        Timer(
            id=0,
            kind=kind.expiry_timer,
            subject=kind.name,
            subject_id=listing.id,
            due_at=due_at,
            status=TimerStatus.PENDING,
            created_at=ctx.clock.now(),
        )
    )


async def publish(
    ctx: Context,
    kind: ListingKind[L],
    *,
    owner_id: int,
    draft: D,
    build: Callable[[D, Account, datetime], L],
) -> L:
    """Add the listing ``build`` makes of the (validated) ``draft`` for its owner, once the
    secrets are out of its shown texts; charge the kind's publishing price, screen those texts,
    arm its expiry and announce it on the feed. Raises ``InsufficientCredits`` for a low balance
    and the rate limiter's errors."""
    draft, redacted = guard.redact_fields(draft, kind.shown_fields)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        owner = await actors.load_actor(uow, owner_id)
        await guard.check_rate(ctx, uow, actor_id=owner.id, action=guard.LISTING)
        listing = await kind.repository(uow).add(build(draft, owner, now))
        subject = kind.subject(listing.id)
        await spending.spend_credits(
            ctx,
            uow,
            account_id=owner.id,
            tx_type=kind.publish_tx,
            amount=kind.publish_price(ctx.prices),
            idempotency_key=f"publish:{subject}",
            memo=f"{kind.publish_verb} {kind.name} #{listing.id}",
            reference=subject,
        )
        await guard.screen(
            ctx,
            uow,
            actor_id=owner.id,
            subject=subject,
            redacted=redacted,
            texts=[getattr(listing, name) for name in kind.shown_fields],
        )
        await _add_expiry(ctx, uow, kind, listing)
        uow.publish(
            DomainEvent(
                type=kind.published_event,
                payload=kind.published_payload(listing),
                channels=("feed",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return listing


async def expire(ctx: Context, uow: UnitOfWork, kind: ListingKind[L], listing_id: int) -> L | None:
    """The expiry timer's firing: a listing still in an expiring status and past its expiry
    becomes expired and its owner hears it. Returns it, or None when there was nothing to end
    (gone, hidden, closed, or renewed since the timer was armed)."""
    listing = await kind.repository(uow).get(listing_id)
    now = ctx.clock.now()
    if listing is None or listing.status not in kind.expiring_statuses:
        return None
    due_at = kind.expires_at(listing)
    if due_at is None or due_at > now:
        return None
    # The status is the kind's enum, which the type checker cannot follow into replace.
    listing = replace(listing, status=kind.expired_status, updated_at=now)  # type: ignore[arg-type]
    await kind.repository(uow).update(listing)
    uow.publish(
        DomainEvent(
            type=kind.expired_event,
            payload=kind.params(listing) | {"title": listing.title},
            recipients=(kind.owner_id(listing),),
            occurred_at=now,
        )
    )
    return listing


async def set_hidden(
    ctx: Context,
    kind: ListingKind[L],
    *,
    moderator_id: int,
    listing_id: int,
    hidden: bool,
    reason: str,
) -> L:
    """Hide a listing (with a reason its owner hears) or unhide it back to the status it had.
    Raises ``Conflict`` when it already is as asked, ``PermissionDenied`` for a non-moderator."""
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        listing = await load(uow, kind, listing_id)
        now = ctx.clock.now()
        if hidden:
            reason = v.paragraphs("reason", reason, min_len=3, max_len=500)
            if listing.status is kind.hidden_status:
                raise Conflict(
                    kind.already_hidden, code=kind.invalid_status, **kind.params(listing)
                )
            changes: dict[str, Any] = {
                "status": kind.hidden_status,
                "status_before_hidden": listing.status,
                "hidden_reason": reason,
            }
        else:
            if listing.status is not kind.hidden_status:
                raise Conflict(kind.not_hidden, code=kind.invalid_status, **kind.params(listing))
            changes = {
                "status": listing.status_before_hidden or kind.unhidden_status,
                "status_before_hidden": None,
                "hidden_reason": None,
            }
        # The statuses are the kind's enum, which the type checker cannot follow into replace.
        listing = replace(listing, **changes, updated_at=now)
        await kind.repository(uow).update(listing)
        subject = kind.subject(listing.id)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="hide" if hidden else "unhide",
                subject=subject,
                created_at=now,
                note=reason or None,
            )
        )
        if hidden:
            uow.publish(
                DomainEvent(
                    type=ev.LISTING_HIDDEN,
                    payload={"listing": subject, "title": listing.title, "reason": reason},
                    recipients=(kind.owner_id(listing),),
                    occurred_at=now,
                )
            )
        await uow.commit()
        return listing


async def load_visible(
    uow: UnitOfWork, kind: ListingKind[L], listing_id: int, viewer_id: int | None
) -> tuple[L, Account]:
    """The listing and its owner; raises ``NotFound`` as well when ``viewer_id`` may not see
    the listing in its status."""
    listing = await load(uow, kind, listing_id)
    owner = await actors.load_account(uow, kind.owner_id(listing))
    if listing.status not in kind.private_statuses or viewer_id == owner.id:
        return listing, owner
    viewer = await uow.accounts.get(viewer_id) if viewer_id else None
    if viewer and (
        viewer.is_moderator or (kind.supervisor_sees and viewer.id == owner.supervisor_id)
    ):
        return listing, owner
    raise NotFound(kind.name, listing.id)


async def browse(
    ctx: Context,
    kind: ListingKind[L],
    *,
    query: BrowseQuery,
    views: Callable[[UnitOfWork, Sequence[L]], Awaitable[list[V]]],
) -> Page[V]:
    """The kind's repository browse at the clock's now, after checking the filters; raises
    ``ValidationFailed`` for an unknown category, a bad limit or an inverted price range."""
    if query.category is not None:
        v.category(query.category, ctx.rules.category_slugs)
    v.integer("limit", query.limit, minimum=1, maximum=100)
    if (
        query.min_cents is not None
        and query.max_cents is not None
        and query.min_cents > query.max_cents
    ):
        raise ValidationFailed(kind.inverted_range, field="budget", code="validation.budget")
    async with ctx.uow(read_only=True) as uow:
        page = await kind.repository(uow).browse(replace(query, now=ctx.clock.now()))
        return Page(await views(uow, page.items), page.has_more)
