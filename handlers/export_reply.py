"""The data export as a chat message, for the /export command and the ready notice alike:
the zip as a document, or where to fetch it when the platform's file limit is smaller."""

from __future__ import annotations

from collections.abc import Iterable

from core.accounts.export_model import Archive
from core.shared.context import Context
from handlers.i18n import Translator
from handlers.types import OutgoingAttachment, Reply

MB = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{max(size, 1) / MB:.1f}"


def archive_reply(
    tr: Translator,
    ctx: Context,
    archive: Archive,
    platforms: Iterable[str],
    *,
    key: str = "export.ready",
) -> Reply:
    """The reply for ``archive`` sent on one of ``platforms``: within the smallest of their
    file limits (a notice may go to another platform than the export was asked on)."""
    limit = min((ctx.export.chat_limit(p) for p in platforms), default=ctx.export.chat_limit(""))
    size = len(archive.data)
    if size > limit:
        return Reply(
            tr("export.too_large", size=megabytes(size), limit=megabytes(limit)),
            ephemeral=True,
        )
    return Reply(
        tr(key, size=megabytes(size)),
        attachments=(OutgoingAttachment(ref="", name=archive.name, data=archive.data),),
        ephemeral=True,
    )
