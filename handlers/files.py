"""Files sent on one chat platform, made reachable on the others.

A file delivered (or sent in an order's messages) on Telegram or Discord arrives as that
platform's reference: a Telegram file id only the Telegram bot can fetch, a Discord CDN URL
that expires. When it is submitted, the front end fetches its bytes (``Turn.files``) and
the copy goes into BotGig's own store (``Context.file_copies``, the API's upload folder), so
every front end uploads it and the API serves it. The copy never costs the delivery: a file
too large to copy, or a fetch that fails, keeps the platform's reference (the delivery is
recorded as sent, with its name), and the copy is tried again by the holder platform's
notifier when it sends the delivery's event (``copy_delivered_file``) and whenever a party
asks for the file on that platform (``retry_delivery_copy``). See docs/chat.md.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from core.orders.files import FileOrigin, keep_delivery_copy, origin_of
from core.orders.model import Attachment, Delivery
from core.orders.orders import get_order
from core.shared.context import Context
from core.shared.errors import MarketplaceError
from core.shared.events import DomainEvent
from handlers.markup import escape
from handlers.turn import Turn
from handlers.types import Busy, ChatActions, PlatformFiles, Reply

log = logging.getLogger(__name__)


def copy_limit(ctx: Context, files: PlatformFiles | None) -> int:
    """The largest file that can be copied (what the platform lets a bot fetch, and what the
    store keeps); 0 when nothing can be copied."""
    if ctx.file_copies is None or files is None:
        return 0
    return min(files.limit, ctx.file_copies.max_bytes)


def fetchable(files: PlatformFiles | None, attachment: Attachment) -> bool:
    """Whether ``files``' platform holds the file (and so can copy it)."""
    return files is not None and origin_of(attachment.ref).value == files.platform


async def copy_file(
    ctx: Context,
    files: PlatformFiles | None,
    order_id: int,
    attachment: Attachment,
    busy: ChatActions | None = None,
) -> Attachment:
    """``attachment`` as BotGig's copy (a ``file:`` reference) when ``files``' platform holds
    it and it fits; else unchanged (already stored, too large, another platform's, or the
    fetch failed — logged, never raised: the delivery goes on with the platform's
    reference)."""
    keeper = ctx.file_copies
    if keeper is None or files is None or not fetchable(files, attachment):
        return attachment
    limit = copy_limit(ctx, files)
    if attachment.size > limit:
        return attachment
    if busy is not None:
        await busy.busy(Busy.TYPING)
    try:
        data = await files.fetch(attachment.ref)
        # Up to tens of MB written to disk: off the event loop.
        ref = (
            await asyncio.to_thread(keeper.keep, order_id, attachment.name, data)
            if len(data) <= limit
            else None
        )
    except Exception as error:
        log.warning("order %s: copying %r from %s failed: %s", order_id, attachment.name,
                    files.platform, error)
        return attachment
    if ref is None:
        return attachment
    return replace(attachment, ref=ref, size=len(data))


async def keep_copy(turn: Turn, order_id: int, attachment: Attachment) -> Attachment:
    """``copy_file`` for a user's turn (the client shows the busy indicator meanwhile)."""
    return await copy_file(turn.ctx, turn.files, order_id, attachment, turn)


async def retry_delivery_copy(turn: Turn, order_id: int, delivery: Delivery) -> Attachment:
    """A delivery's file, copied into BotGig's store now if that failed when it was
    delivered and this turn's platform holds it (the copy is recorded on the delivery)."""
    return await _record_copy(turn.ctx, turn.files, turn.actor_id, order_id, delivery, turn)


async def copy_delivered_file(
    ctx: Context, files: PlatformFiles | None, event: DomainEvent
) -> None:
    """After a delivery with a file (``order.delivered``, or waiting for a supervisor): the
    holder platform's notifier makes the copy if it could not be made when the delivery was
    submitted (the platform did not answer). Best effort, once per event: a press on the
    holder platform still tries again later."""
    p = event.payload
    order_id, delivery_id, actor_id = p.get("order_id"), p.get("delivery_id"), p.get("actor_id")
    if files is None or ctx.file_copies is None or not p.get("attachment"):
        return
    if not (isinstance(order_id, int) and isinstance(delivery_id, int)
            and isinstance(actor_id, int)):
        return
    try:
        record = await get_order(ctx, order_id=order_id, viewer_id=actor_id)
        delivery = next((d for d in record.deliveries if d.id == delivery_id), None)
        if delivery is not None and delivery.attachment is not None:
            await _record_copy(ctx, files, actor_id, order_id, delivery)
    except MarketplaceError as error:
        log.info("order %s: no copy of delivery %s: %s", order_id, delivery_id, error)


async def _record_copy(
    ctx: Context,
    files: PlatformFiles | None,
    actor_id: int,
    order_id: int,
    delivery: Delivery,
    busy: ChatActions | None = None,
) -> Attachment:
    attachment = delivery.attachment
    assert attachment is not None
    if origin_of(attachment.ref) is FileOrigin.STORED or not fetchable(files, attachment):
        return attachment
    copy = await copy_file(ctx, files, order_id, attachment, busy)
    if copy.ref == attachment.ref:
        return attachment
    await keep_delivery_copy(
        ctx, actor_id=actor_id, order_id=order_id, delivery_id=delivery.id,
        ref=copy.ref, size=copy.size,
    )
    return copy


def held_elsewhere(turn: Turn, attachment: Attachment) -> FileOrigin | None:
    """The other chat platform that alone holds the file (its copy failed or it was too
    large), or None when this turn's platform can send it. A Telegram file id means nothing
    elsewhere; a Discord upload's URL Telegram fetches itself (while Discord keeps it)."""
    origin = origin_of(attachment.ref)
    if origin is FileOrigin.TELEGRAM and turn.incoming.platform.value != origin.value:
        return origin
    return None


def elsewhere_reply(turn: Turn, order_id: int, attachment: Attachment, api: str) -> Reply | None:
    """Where to get a file only the other platform holds (the order there, or ``api``, the
    API path that serves it); None when this platform can send it."""
    holder = held_elsewhere(turn, attachment)
    if holder is None:
        return None
    return Reply(
        turn.tr(
            "order.file_elsewhere",
            id=order_id,
            name=escape(attachment.name),
            platform=turn.tr(f"platform.{holder.value}"),
            api=escape(api),
        )
    )
