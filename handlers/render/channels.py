"""Where a rendered event goes: one notification per recipient in their language, the feed
channel's card of a new listing, and the admin channel's line."""

from __future__ import annotations

from core.credits.deposits import DEPOSIT_HELD
from core.moderation.reports import REPORT_FILED
from core.shared import events as ev
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import fmt
from handlers.i18n import Translator
from handlers.markup import escape
from handlers.render.base import (
    LATE_RENDERERS,
    PEOPLE_KEYS,
    RENDERERS,
    EventView,
    translator_for,
)
from handlers.render.listings import feed_card
from handlers.render.orders import order_update
from handlers.types import Notification

ADMIN_KEYS: dict[str, str] = {
    ev.ORDER_DISPUTED: "admin.order_disputed",
    ev.DISPUTE_RESOLVED: "admin.dispute_resolved",
    ev.DISPUTE_CLAIMED: "admin.dispute_claimed",
    ev.ORDER_HELD: "admin.order_held",
    ev.ORDER_UNHELD: "admin.order_unheld",
    ev.ORDER_APPROVAL_REVERSED: "admin.order_reversed",
    ev.ACCOUNT_BANNED: "admin.account_banned",
    ev.VERIFICATION_REQUESTED: "admin.verification_requested",
    REPORT_FILED: "admin.report_filed",
    DEPOSIT_HELD: "admin.deposit_held",
}


def _admin_post(event: DomainEvent, tr: Translator) -> Notification:
    p = event.payload

    def ref(key: str) -> str:
        value = p.get(key)
        return f"#{value}" if isinstance(value, int) else "—"

    ruling = p.get("ruling")
    split_pct = p.get("split_pct")
    values = {
        "order": ref("order_id"),
        "title": escape(fmt.shorten(str(p.get("title") or ""), 120)),
        "actor": ref("actor_id"),
        "moderator": ref("moderator_id"),
        "account": ref("account_id"),
        "reporter": ref("reporter_id"),
        "dispute": ref("dispute_id"),
        "report": ref("report_id"),
        "subject": escape(str(p.get("subject") or "")),
        "ruling": escape(
            fmt.ruling(tr, str(ruling), split_pct if isinstance(split_pct, int) else None)
        )
        if ruling
        else "",
        "note": escape(fmt.shorten(str(p.get("note") or p.get("reason") or ""), 600)),
    }
    key = ADMIN_KEYS.get(event.type)
    text = tr(key, **values) if key else tr("admin.generic", type=escape(event.type), **values)
    return Notification(account_id=0, text=text, event_id=event.id, extra={"channel": "admin"})


def render_feed(
    ctx: Context, event: DomainEvent, language: str = "en", platform: str | None = None
) -> Notification | None:
    """The post for the feed channel (a card with a deep-link button; the front end builds
    the link from ``extra["deep_link"]``) or the admin channel, else None; commands are
    named as typed on ``platform``."""
    tr = Translator(language, platform)
    if "feed" in event.channels:
        return feed_card(ctx, event, tr)
    if "admin" in event.channels:
        return _admin_post(event, tr)
    return None


def _people_ids(event: DomainEvent) -> list[int]:
    """The recipients and every account the payload names (reviews' authors included)."""
    ids = set(event.recipients)
    for key in PEOPLE_KEYS:
        value = event.payload.get(key)
        if isinstance(value, int):
            ids.add(value)
    for review in event.payload.get("reviews") or []:
        if isinstance(review, dict):
            ids.update(v for v in review.values() if isinstance(v, int))
    return sorted(ids)


async def render_event(
    ctx: Context, event: DomainEvent, platform: str | None = None
) -> list[Notification]:
    """Every notification of ``event``, for the front end of ``platform`` (the commands its
    texts name are typed as there; None: Telegram's)."""
    out: list[Notification] = []
    recipients = list(dict.fromkeys(event.recipients))
    if recipients:
        async with ctx.uow() as uow:
            people = await uow.accounts.get_many(_people_ids(event))
            supervisors = {
                a.supervisor_id
                for a in people.values()
                if a.supervisor_id and a.supervisor_id not in people
            }
            if supervisors:
                people.update(await uow.accounts.get_many(sorted(supervisors)))
        renderer = RENDERERS.get(event.type, order_update)
        late = LATE_RENDERERS.get(event.type)
        for account_id in recipients:
            recipient = people.get(account_id)
            if recipient is None:
                continue
            view = EventView(ctx, event, recipient, people, translator_for(recipient, platform))
            rendered = await late(view) if late is not None else renderer(view)
            if rendered is None:
                continue
            out.append(
                Notification(
                    account_id=account_id,
                    text=rendered.text,
                    buttons=rendered.buttons,
                    attachments=rendered.attachments,
                    order_id=view.order_id if event.type == ev.MESSAGE_RECEIVED else None,
                    event_id=event.id,
                )
            )
    if event.channels:
        post = render_feed(ctx, event, platform=platform)
        if post is not None:
            out.append(post)
    return out
