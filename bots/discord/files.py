"""Files as real uploads on Discord.

A reply's file is uploaded when the bot has its bytes: made by the conversation layer (the
deposit QR code, the /stats chart, a data export) or held in BotGig's store (a ``file:``
reference, read from ``Context.files``: uploaded through the API, or a chat delivery copied
there when it was submitted). ``DiscordFiles`` fetches a Discord upload's bytes for that
copy. A Telegram file id whose copy failed cannot be fetched from the Discord process (it
needs the Telegram bot's token), so the conversation layer names where to get it; see
docs/discord.md. Discord refuses uploads over the limit it reports for the interaction (10
MB by default): a larger file is named with the size limit and where to download it instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import discord

from core.accounts.export_archive import API_FILE_PREFIX
from core.accounts.ports import FileContents
from core.orders.files import FileOrigin, origin_of
from handlers.types import OutgoingAttachment, Platform

#: Discord's upload limit for a bot's message without a boosted server (bytes).
UPLOAD_LIMIT = 10 * 1024 * 1024
#: The largest attachment a Discord user can send (Nitro); BotGig's store keeps less.
FETCH_LIMIT = 500 * 1024 * 1024


class DiscordFiles:
    """``handlers.types.PlatformFiles`` for Discord uploads (their CDN URLs), read as
    ``discord.Attachment.read`` does: through the bot's HTTP client."""

    platform = Platform.DISCORD.value
    limit = FETCH_LIMIT

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def fetch(self, ref: str) -> bytes:
        # Only Discord's own CDN: a reference is never a URL to fetch from anywhere else.
        if origin_of(ref) is not FileOrigin.DISCORD:
            raise ValueError(f"not a Discord attachment: {ref!r}")
        return await self.client.http.get_from_cdn(ref)


def is_stored(item: OutgoingAttachment) -> bool:
    """A file uploaded through the API (its bytes are in the API's file store)."""
    return item.ref.startswith(API_FILE_PREFIX)


def with_stored_files(
    attachments: Sequence[OutgoingAttachment], files: FileContents | None, limit: int
) -> tuple[OutgoingAttachment, ...]:
    """``attachments`` with the bytes of the API-stored ones that Discord can take
    (at most ``limit`` bytes); the others are left as they are."""
    out = []
    for item in attachments:
        if item.data is None and is_stored(item) and files is not None:
            data = files.read(item.ref, limit)
            if data is not None:
                item = replace(item, data=data)
        out.append(item)
    return tuple(out)
