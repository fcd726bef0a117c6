"""Telegram's side of BotGig's file copies.

``TelegramFiles`` fetches a file a user sent (``getFile`` then the file download; Telegram
lets a bot download at most 20 MB), so the conversation layer can keep a copy in BotGig's
store for Discord and the API. ``stored_upload`` is the other way: a ``file:`` reference
(uploaded through the API, or copied from Discord) is read from the store and uploaded,
within the 50 MB Telegram takes from a bot.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BufferedInputFile

from core.accounts.ports import FileContents
from core.orders.files import STORED_PREFIX
from handlers.types import OutgoingAttachment, Platform

MB = 1024 * 1024
#: The largest file a bot may download through the Bot API (getFile).
DOWNLOAD_LIMIT = 20 * MB
#: The largest file a bot may upload through the Bot API.
UPLOAD_LIMIT = 50 * MB


class TelegramFiles:
    """``handlers.types.PlatformFiles`` for Telegram file ids."""

    platform = Platform.TELEGRAM.value
    limit = DOWNLOAD_LIMIT

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def fetch(self, ref: str) -> bytes:
        found = await self.bot.get_file(ref)
        if found.file_path is None:
            raise LookupError(f"Telegram gave no path for file {ref!r}")
        data = await self.bot.download_file(found.file_path)
        if data is None:
            raise LookupError(f"Telegram returned nothing for file {ref!r}")
        return bytes(data.read())


def is_stored(attachment: OutgoingAttachment) -> bool:
    return attachment.data is None and attachment.ref.startswith(STORED_PREFIX)


def stored_upload(
    attachment: OutgoingAttachment, files: FileContents | None
) -> BufferedInputFile | None:
    """The stored file's bytes as an upload; None when they are not here or over 50 MB."""
    if files is None:
        return None
    data = files.read(attachment.ref, UPLOAD_LIMIT)
    return BufferedInputFile(data, filename=attachment.name) if data is not None else None
