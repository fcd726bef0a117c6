"""The notice of a data export prepared in the background: it carries the archive, read
from storage when the notice is rendered (the event itself stays small)."""

from __future__ import annotations

from datetime import datetime

from core.accounts.export import EXPORT_READY, ExportExpired, archive_of, get_export
from core.accounts.linking import CHAT_PLATFORMS
from core.shared.errors import NotFound
from handlers import fmt
from handlers.export_reply import archive_reply
from handlers.render.base import EventView, Rendered, renders_late


@renders_late(EXPORT_READY)
async def export_ready(v: EventView) -> Rendered | None:
    if v.recipient is None:
        return None
    export_id = v.num("export_id")
    try:
        export = await get_export(v.ctx, account_id=v.recipient.id, export_id=export_id)
    except (NotFound, ExportExpired):
        return Rendered(v.tr("n.export_gone", id=export_id))
    archive = archive_of(export)
    if archive is None:
        return Rendered(v.tr("n.export_gone", id=export_id))
    raw = v.p.get("expires_at")
    expires = fmt.day(datetime.fromisoformat(str(raw))) if raw else "—"
    # The notice goes to the platform the account gets notifications on, which may not be
    # the one it asked on: stay within the file limit of every likely one.
    likely = {
        str(v.p.get("platform") or ""), v.recipient.notify_platform, v.recipient.last_platform
    }
    platforms = sorted(p for p in likely if p in CHAT_PLATFORMS)
    reply = archive_reply(v.tr, v.ctx, archive, platforms, key="n.export_ready")
    text = reply.text + "\n" + v.tr("n.export_again", id=export_id, expires=expires)
    return Rendered(text, attachments=reply.attachments)
