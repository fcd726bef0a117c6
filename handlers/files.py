"""Files sent on one chat platform, made reachable on the others.

A file delivered (or sent in an order's messages) on Telegram or Discord arrives as that
platform's reference: a Telegram file id only the Telegram bot can fetch, a Discord CDN URL
that expires. When it is submitted, the front end fetches its bytes (``Turn.files``) and
the copy goes into BotGig's own store (``Context.file_copies``, the API's upload folder), so
every front end uploads it and the API serves it. The copy never costs the delivery: a file
too large to copy, or a fetch that fails, keeps the platform's reference (the delivery is
recorded as sent, with its name), and the copy is tried again when a party asks for the
file on the platform that holds it (``retry_delivery_copy``). See docs/chat.md.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from core.orders.files import FileOrigin, keep_delivery_copy, origin_of
from core.orders.model import Attachment, Delivery
from handlers.markup import escape
from handlers.turn import Turn
from handlers.types import Busy, Reply

log = logging.getLogger(__name__)

MB = 1024 * 1024


def copy_limit(turn: Turn) -> int:
    """The largest file this turn can copy (what the platform lets a bot fetch, and what the
    store keeps); 0 when it cannot copy at all."""
    keeper, files = turn.ctx.file_copies, turn.files
    if keeper is None or files is None:
        return 0
    return min(files.limit, keeper.max_bytes)


def can_fetch(turn: Turn, attachment: Attachment) -> bool:
    """Whether this turn's platform holds the file (and so can copy it)."""
    return turn.files is not None and origin_of(attachment.ref).value == turn.files.platform


async def keep_copy(turn: Turn, order_id: int, attachment: Attachment) -> Attachment:
    """``attachment`` as BotGig's copy (a ``file:`` reference) when this platform holds it and
    it fits; else unchanged (already stored, too large, another platform's, or the fetch
    failed — logged, never raised: the delivery goes on with the platform's reference)."""
    limit = copy_limit(turn)
    keeper, files = turn.ctx.file_copies, turn.files
    if keeper is None or files is None or not can_fetch(turn, attachment):
        return attachment
    if attachment.size > limit:
        return attachment
    await turn.busy(Busy.TYPING)
    try:
        data = await files.fetch(attachment.ref)
        ref = keeper.keep(order_id, attachment.name, data) if len(data) <= limit else None
    except Exception as error:
        log.warning("order %s: copying %r from %s failed: %s", order_id, attachment.name,
                    files.platform, error)
        return attachment
    if ref is None:
        return attachment
    return replace(attachment, ref=ref, size=len(data))


async def retry_delivery_copy(turn: Turn, order_id: int, delivery: Delivery) -> Attachment:
    """A delivery's file, copied into BotGig's store now if that failed when it was
    delivered and this turn's platform holds it (the copy is recorded on the delivery)."""
    attachment = delivery.attachment
    assert attachment is not None
    if origin_of(attachment.ref) is FileOrigin.STORED or not can_fetch(turn, attachment):
        return attachment
    copy = await keep_copy(turn, order_id, attachment)
    if copy.ref == attachment.ref:
        return attachment
    await keep_delivery_copy(
        turn.ctx, actor_id=turn.actor_id, order_id=order_id, delivery_id=delivery.id,
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
