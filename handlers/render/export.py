"""The notice of a data export prepared in the background: it carries the archive, read
from storage when the notice is rendered (the event itself stays small)."""

from __future__ import annotations

from datetime import datetime

from core.accounts.export import EXPORT_READY, ExportExpired, archive_of, get_export
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
    reply = archive_reply(
        v.tr, v.ctx, archive, str(v.p.get("platform") or ""), key="n.export_ready"
    )
    text = reply.text + "\n" + v.tr("n.export_again", id=export_id, expires=expires)
    return Rendered(text, attachments=reply.attachments)
