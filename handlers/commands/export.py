"""/export: the account's data as one zip, sent as a document — only in a private chat
(Telegram) or as a private reply (Discord, where server replies are ephemeral)."""

from __future__ import annotations

from core.accounts.export import request_export
from handlers.export_reply import archive_reply
from handlers.turn import Notice, Router, Turn, Usage
from handlers.types import Busy, Platform, Reply

router = Router()


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
    # A small account's archive is built now, in this reply: show it is on its way.
    await turn.busy(Busy.UPLOAD_DOCUMENT)
    outcome = await request_export(turn.ctx, account_id=turn.actor_id, platform=platform.value)
    if outcome.pending is not None:
        return [Reply(turn.tr("export.preparing", id=outcome.pending.id), ephemeral=True)]
    assert outcome.archive is not None
    return [archive_reply(turn.tr, turn.ctx, outcome.archive, (platform.value,))]
