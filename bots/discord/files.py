"""Files as real uploads on Discord.

A reply's file is uploaded when the bot has its bytes: made by the conversation layer (the
deposit QR code, the /stats chart, a data export) or uploaded through the API (a ``file:``
reference, read from the API's file store, ``Context.files``). A Discord upload stays a link
(its CDN URL). A Telegram file id cannot be fetched from the Discord process (it needs the
Telegram bot's token and API), so it is named with where to get it; see docs/discord.md.
Discord refuses uploads over the limit it reports for the interaction (10 MB by default):
a larger file is named with the size limit and where to download it instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from core.accounts.export_archive import API_FILE_PREFIX
from core.accounts.ports import FileContents
from handlers.types import OutgoingAttachment

#: Discord's upload limit for a bot's message without a boosted server (bytes).
UPLOAD_LIMIT = 10 * 1024 * 1024


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
