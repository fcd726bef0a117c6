"""Double-blind reviews: each side rates the other after completion; both are revealed when
both are in, or when the reveal timer fires (14 days by default)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core.accounts import actors
from core.accounts.model import Account
from core.orders import errors as E
from core.orders import parties, trust
from core.orders.model import Order, OrderStatus, Review
from core.shared import events as ev
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, PermissionDenied
from core.shared.events import DomainEvent
from core.shared.uow import UnitOfWork


async def leave_review(
    ctx: Context, *, author_id: int, order_id: int, rating: int, text: str = ""
) -> Review:
    rating = v.integer("rating", rating, minimum=1, maximum=5)
    text = v.characters("text", (text or "").strip())
    if len(text) > 2000:
        v.paragraphs("text", text, max_len=2000)
    async with ctx.uow() as uow:
        author = await actors.load_actor(uow, author_id)
        order = await parties.load_order(uow, order_id)
        role = order.party_role(author.id)
        if role is None:
            raise PermissionDenied(
                E.REVIEW_PARTIES_ONLY, code=PermissionDenied.code, order_id=order.id
            )
        if order.status is not OrderStatus.COMPLETED:
            raise Conflict(E.REVIEW_NOT_COMPLETED, order_id=order.id, status=order.status.value)
        existing = await uow.reviews.for_order(order.id)
        if any(r.author_id == author.id for r in existing):
            raise Conflict(E.REVIEW_DUPLICATE)
        now = ctx.clock.now()
        review = await uow.reviews.add(
            Review(
                id=0,
                order_id=order.id,
                author_id=author.id,
                subject_id=order.other_party(author.id),
                rating=rating,
                text=text,
                created_at=now,
            )
        )
        uow.publish(
            DomainEvent(
                type=ev.REVIEW_RECEIVED,
                # Double-blind: the subject learns that a review exists, not what it says.
                payload={
                    "order_id": order.id,
                    "review_id": review.id,
                    "author_id": author.id,
                    "subject_id": review.subject_id,
                },
                recipients=(review.subject_id,),
                occurred_at=now,
            )
        )
        # After the reveal window nothing is left to keep blind: a late review shows at once
        # (the timer that revealed the first one has already run).
        window_closed = order.completed_at is not None and now >= order.completed_at + timedelta(
            days=ctx.rules.review_reveal_days
        )
        if len(existing) + 1 >= 2 or window_closed:
            revealed = await reveal_reviews(ctx, uow, order)
            review = next((r for r in revealed if r.id == review.id), review)
        await uow.commit()
        return review


async def reveal_reviews(ctx: Context, uow: UnitOfWork, order: Order) -> list[Review]:
    now = ctx.clock.now()
    revealed: list[Review] = []
    for review in await uow.reviews.for_order(order.id):
        if review.revealed_at is None:
            review = replace(review, revealed_at=now)
            await uow.reviews.update(review)
            revealed.append(review)
    if revealed:
        await trust.refresh_trust(ctx, uow, {r.subject_id for r in revealed})
        uow.publish(
            DomainEvent(
                type=ev.REVIEWS_REVEALED,
                payload={
                    "order_id": order.id,
                    "title": order.title,
                    "reviews": [
                        {
                            "review_id": r.id,
                            "author_id": r.author_id,
                            "subject_id": r.subject_id,
                            "rating": r.rating,
                            "text": r.text,
                        }
                        for r in revealed
                    ],
                },
                recipients=(order.buyer_id, order.seller_id),
                occurred_at=now,
            )
        )
    return revealed


async def reviews_about(
    ctx: Context, *, account_id: int, limit: int = 20
) -> list[tuple[Review, Account]]:
    """Revealed reviews about an account, with their authors."""
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, account_id)
        reviews = await uow.reviews.revealed_about(account_id, limit=limit)
        authors = await uow.accounts.get_many([r.author_id for r in reviews])
        return [(r, authors[r.author_id]) for r in reviews]


async def order_reviews(ctx: Context, *, order_id: int, viewer_id: int) -> list[Review]:
    """The reviews of an order as the viewer may see them: one's own always, the other's only
    once revealed."""
    async with ctx.uow(read_only=True) as uow:
        viewer = await actors.load_account(uow, viewer_id)
        order = await parties.load_order(uow, order_id)
        await parties.require_party(uow, order, viewer)
        return [
            r
            for r in await uow.reviews.for_order(order.id)
            if r.author_id == viewer.id or r.revealed_at is not None or viewer.is_moderator
        ]
