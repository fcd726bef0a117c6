"""Where an order's files are held: in BotGig's own store (``file:`` references, which every
front end and the API can hand out) or still only on the chat platform they were sent on (a
Telegram file id, a Discord CDN URL). The chat front ends copy a platform's file into the
store when it is delivered; a copy that failed then is made later (``keep_delivery_copy``)."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum

from core.accounts import actors
from core.orders import parties
from core.orders.model import Delivery
from core.shared.context import Context
from core.shared.errors import NotFound, ValidationFailed

STORED_PREFIX = "file:"
_DISCORD_CDN = ("https://cdn.discordapp.com/", "https://media.discordapp.net/")


class FileOrigin(StrEnum):
    """Who holds a file's bytes, from its reference."""

    STORED = "stored"
    TELEGRAM = "telegram"
    DISCORD = "discord"
    #: Any other URL (a link the seller pasted is a delivery URL, not a file; kept for refs
    #: made by older versions).
    LINK = "link"


def origin_of(ref: str) -> FileOrigin:
    if ref.startswith(STORED_PREFIX):
        return FileOrigin.STORED
    if ref.startswith(_DISCORD_CDN):
        return FileOrigin.DISCORD
    if ref.startswith(("http://", "https://")):
        return FileOrigin.LINK
    return FileOrigin.TELEGRAM


async def keep_delivery_copy(
    ctx: Context, *, actor_id: int, order_id: int, delivery_id: int, ref: str, size: int
) -> Delivery:
    """Point a delivery's file at BotGig's copy of it (``ref``, a ``file:`` reference made by
    ``Context.file_copies``), once a party fetched it from the platform it was sent on. Only
    a delivery whose file is still held by a chat platform changes; its name, type and
    everything else stay. Idempotent: a delivery already stored is returned as it is."""
    if not ref.startswith(STORED_PREFIX):
        raise ValidationFailed("The copy of a file must be a stored file:", field="ref")
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        order = await parties.load_order(uow, order_id)
        await parties.require_party(uow, order, actor)
        delivery = next(
            (d for d in await uow.orders.deliveries(order.id) if d.id == delivery_id), None
        )
        if delivery is None or delivery.attachment is None:
            raise NotFound("delivery", delivery_id)
        if origin_of(delivery.attachment.ref) is FileOrigin.STORED:
            return delivery
        stored = replace(
            delivery, attachment=replace(delivery.attachment, ref=ref, size=size)
        )
        await uow.orders.update_delivery(stored)
        await uow.commit()
    return stored
