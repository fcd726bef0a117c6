"""/export: the account's data as one zip, sent as a document — only in a private chat
(Telegram) or as a private reply (Discord, where server replies are ephemeral)."""

from __future__ import annotations

from core.accounts.export import request_export
from core.accounts.export_model import Archive
from core.shared.context import Context
from handlers.i18n import Translator
from handlers.turn import Notice, Router, Turn, Usage
from handlers.types import OutgoingAttachment, Platform, Reply

router = Router()

MB = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{max(size, 1) / MB:.1f}"


def archive_reply(
    tr: Translator, ctx: Context, archive: Archive, platform: str, *, key: str = "export.ready"
) -> Reply:
    """The archive as a document, or the way to fetch it when the platform's file limit is
    smaller."""
    limit = ctx.export.chat_limit(platform)
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


@router.command("export")
async def export(turn: Turn) -> list[Reply]:
    if turn.args:
        raise Usage("export")
    platform = turn.incoming.platform
    # The archive holds private messages and history: never into a group chat.
    if platform is Platform.TELEGRAM and not turn.incoming.is_private_chat:
        raise Notice("export.private_only")
    # Banned accounts may export too: their data is still theirs (no require_active).
    await turn.account()
    outcome = await request_export(turn.ctx, account_id=turn.actor_id, platform=platform.value)
    if outcome.pending is not None:
        return [Reply(turn.tr("export.preparing", id=outcome.pending.id), ephemeral=True)]
    assert outcome.archive is not None
    return [archive_reply(turn.tr, turn.ctx, outcome.archive, platform.value)]
