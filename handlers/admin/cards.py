"""Admin-channel cards as neutral markup in the reader's language (``tr``): the dispute case
card with its evidence pack, the case and queue lists, an audit record and the pilot
analytics."""

from __future__ import annotations

from datetime import datetime

from core.accounts.model import Account, Authorship
from core.moderation.admin import AuditTrail, CaseFile, CaseLine, Party
from core.moderation.analytics import PilotStats
from core.orders.model import Delivery, DisputeStatus, OrderEvent, OrderMessage
from core.shared.context import Context
from handlers import fmt
from handlers.actions import encode
from handlers.cards import payment_lines, proofing_lines
from handlers.i18n import Translator
from handlers.markup import bold, escape, italic
from handlers.render.provenance import provenance_summary
from handlers.types import Button

Buttons = tuple[tuple[Button, ...], ...]

MAX_EVENTS = 12
MAX_MESSAGES = 8
MAX_DELIVERIES = 4


def who(account: Account | None, fallback: object = None, *, system: str = "system") -> str:
    """Plain text (escape it to show it): ``@bob (#2)``, ``#2`` or ``system``."""
    if account is None:
        return f"#{fallback}" if fallback is not None else system
    return f"{fmt.handle(account)} (#{account.id})"


def _when(at: datetime) -> str:
    return at.strftime("%m-%d %H:%M")


def _ago(tr: Translator, now: datetime, at: datetime) -> str:
    minutes = max(0, int((now - at).total_seconds() // 60))
    if minutes < 60:
        return tr("admin.card.minutes_ago", n=minutes)
    if minutes < 48 * 60:
        return tr("admin.card.hours_ago", n=minutes // 60)
    return tr("admin.card.days_ago", n=minutes // 1440)


def _party(tr: Translator, label: str, party: Party, now: datetime) -> str:
    a = party.account
    flags = []
    if a.kind.value == "agent":
        flags.append(tr("admin.card.agent"))
    if a.verification.value == "verified":
        flags.append(tr("admin.card.verified"))
    if a.is_banned:
        flags.append(tr("admin.card.banned"))
    if a.is_moderator:
        flags.append(tr("admin.card.moderator"))
    stats = party.stats
    rating = (
        tr("admin.card.rating", average=f"{stats.rating_sum / stats.rating_count:.1f}",
           count=stats.rating_count)
        if stats.rating_count
        else tr("admin.card.no_ratings")
    )
    line = tr(
        "admin.card.party",
        label=bold(label),
        who=escape(who(a)),
        trust=party.trust.score,
        rating=rating,
        orders=party.orders,
        completed=stats.completed,
        finished=stats.finished,
        disputed=stats.disputed,
        joined=_ago(tr, now, a.created_at),
    )
    if flags:
        line += " · " + ", ".join(flags)
    if party.identities:
        line += " · " + escape(", ".join(party.identities))
    return line


def _event(tr: Translator, e: OrderEvent, people: dict[int, Account]) -> str:
    system = tr("admin.card.system")
    actor = who(people.get(e.actor_id), e.actor_id, system=system) if e.actor_id else system
    note = f": {italic(escape(fmt.shorten(e.note, 140)))}" if e.note else ""
    return tr(
        "admin.card.event",
        at=_when(e.created_at),
        action=tr.word("order.action", e.action),
        status=tr(f"status.{e.to_status.value}"),
        actor=escape(actor),
        role=tr.word("role", e.actor_role),
        note=note,
    )


def _message(tr: Translator, m: OrderMessage, people: dict[int, Account]) -> str:
    author = people.get(m.author_id)
    return tr(
        "admin.card.message",
        at=_when(m.created_at),
        icon="🤖" if m.authorship is Authorship.AGENT else "👤",
        name=escape(fmt.handle(author) if author else f"#{m.author_id}"),
        text=escape(fmt.shorten(m.text, 200)),
        file=f" 📎{escape(m.attachment.name)}" if m.attachment else "",
        redacted=tr("admin.card.redacted") if m.redacted else "",
    )


def _delivery(tr: Translator, d: Delivery, people: dict[int, Account]) -> str:
    icon = "🤖" if d.authorship is Authorship.AGENT else "👤"
    author = people.get(d.author_id)
    name = fmt.handle(author) if author else f"#{d.author_id}"
    parts = [f"• #{d.id} {_when(d.created_at)} {icon} {escape(name)}"]
    if d.note:
        parts.append(escape(fmt.shorten(d.note, 200)))
    if d.attachment:
        parts.append(f"📎{escape(d.attachment.name)}")
    if d.url:
        parts.append(escape(d.url))
    if d.provenance is not None:
        parts.append(provenance_summary(tr, d))
    return " ".join(parts)


def case_status(tr: Translator, case: CaseFile) -> str:
    d = case.dispute
    if d.status is DisputeStatus.OPEN:
        return tr("admin.card.open")
    if d.status is DisputeStatus.CLAIMED:
        return tr("admin.card.claimed", who=escape(who(case.claimed_by, d.claimed_by)))
    ruling = fmt.ruling(tr, d.ruling.value, d.split_pct) if d.ruling else "?"
    return tr("admin.card.resolved", ruling=ruling)


def _case_head(tr: Translator, case: CaseFile, now: datetime) -> list[str]:
    """Who opened the case and why, the order's terms and both parties."""
    d, o = case.dispute, case.order
    opener_role = "buyer" if d.opened_by == o.buyer_id else "seller"
    lines = [
        tr(
            "admin.card.header",
            title=bold(tr("admin.card.title", id=d.id)),
            order=o.id,
            subject=escape(fmt.shorten(o.title, 80)),
            status=case_status(tr, case),
        ),
        tr(
            "admin.card.opened",
            ago=_ago(tr, now, d.created_at),
            who=escape(who(case.opened_by)),
            role=tr(f"admin.card.role.{opener_role}"),
            reason=italic(escape(fmt.shorten(d.reason, 600))),
        ),
        tr(
            "admin.card.terms",
            price=fmt.money(o.price_cents, o.currency, tr.language),
            mode=tr(f"payment.{o.payment_mode.value}"),
            status=tr(f"status.{o.status.value}"),
            used=o.revisions_used,
            included=o.revisions_included,
            due=_when(o.due_at),
        ),
    ]
    if case.payment is not None:
        lines += payment_lines(tr, case.payment)
    lines += [
        _party(tr, tr("admin.card.buyer"), case.buyer, now),
        _party(tr, tr("admin.card.seller"), case.seller, now),
    ]
    if case.supervisor is not None:
        lines.append(tr("admin.card.supervised", who=escape(who(case.supervisor))))
    if case.shared_orders:
        shared = ", ".join(
            f"#{s.id} {tr(f'status.{s.status.value}')}" for s in case.shared_orders[:6]
        )
        lines.append(tr("admin.card.shared", orders=shared))
    if d.status is DisputeStatus.RESOLVED and d.note:
        lines.append(tr("admin.card.ruling_note", note=italic(escape(fmt.shorten(d.note, 600)))))
    return lines


def _case_evidence(tr: Translator, case: CaseFile, now: datetime) -> list[str]:
    """The evidence pack: the timeline, deliveries, messages, the proofers' scorecards and
    the moderators' log."""
    people = {
        a.id: a
        for a in (case.buyer.account, case.seller.account, case.opened_by, case.supervisor,
                  case.claimed_by)
        if a is not None
    }
    lines = [f"\n{bold(tr('admin.card.timeline'))}"]
    events = case.events[-MAX_EVENTS:]
    if len(case.events) > len(events):
        lines.append(tr("admin.card.earlier", count=len(case.events) - len(events)))
    lines += [_event(tr, e, people) for e in events]
    lines.append(f"\n{bold(tr('admin.card.deliveries'))} ({len(case.deliveries)})")
    lines += [_delivery(tr, x, people) for x in case.deliveries[-MAX_DELIVERIES:]] or [
        tr("admin.card.none")
    ]
    lines.append(f"\n{bold(tr('admin.card.messages'))} ({len(case.messages)})")
    lines += [_message(tr, m, people) for m in case.messages[-MAX_MESSAGES:]] or [
        tr("admin.card.none")
    ]
    if case.proofing is not None:
        # Moderators see who proofed, and also who was assigned but sent nothing.
        proofers = {a.id: a for a in case.proofers}
        lines += proofing_lines(
            tr,
            case.proofing,
            now,
            names=lambda a: escape(who(proofers.get(a.proofer_id), a.proofer_id)),
        )
    moderation = [e for e in case.audit if e.action != "report"]
    if moderation:
        lines.append(f"\n{bold(tr('admin.card.moderator_log'))}")
        lines += [
            tr(
                "admin.card.moderator_entry",
                at=_when(e.created_at),
                action=escape(e.action),
                actor=e.actor_id,
                note=f": {italic(escape(fmt.shorten(e.note, 120)))}" if e.note else "",
            )
            for e in moderation[-6:]
        ]
    return lines


def case_card(
    ctx: Context, tr: Translator, case: CaseFile, *, now: datetime, mention: str = ""
) -> str:
    lines = _case_head(tr, case, now) + _case_evidence(tr, case, now)
    if mention:
        lines.append("\n" + tr("admin.card.unclaimed", mention=mention))
    return "\n".join(lines)


def case_buttons(tr: Translator, case: CaseFile) -> Buttons:
    d = case.dispute
    if d.status is DisputeStatus.RESOLVED:
        return ()

    def rule(ruling: str) -> Button:
        return Button(tr(f"admin.btn.{ruling}"), action=encode("adm", "rule", d.id, ruling))

    rows: list[tuple[Button, ...]] = []
    if d.status is DisputeStatus.OPEN:
        rows.append((Button(tr("admin.btn.claim"), action=encode("adm", "claim", d.id)),))
    rows.append((rule("release"), rule("refund")))
    rows.append((rule("split"), rule("resume")))
    return tuple(rows)


def case_lines(tr: Translator, lines: list[CaseLine], now: datetime) -> tuple[str, Buttons]:
    text = []
    buttons = []
    for line in lines:
        d, o = line.dispute, line.order
        state = (
            tr("admin.card.line_unclaimed")
            if d.status is DisputeStatus.OPEN
            else tr("admin.card.line_claimed", moderator=d.claimed_by)
        )
        text.append(
            tr(
                "admin.card.line",
                title=bold(tr("admin.card.title", id=d.id)),
                order=o.id,
                subject=escape(fmt.shorten(o.title, 60)),
                price=fmt.money(o.price_cents, o.currency, tr.language),
                state=state,
                ago=_ago(tr, now, d.created_at),
            )
        )
        buttons.append((Button(tr("admin.btn.case", id=d.id), action=encode("adm", "case", d.id)),))
    return "\n".join(text), tuple(buttons[:20])


def audit_text(tr: Translator, trail: AuditTrail) -> list[str]:
    lines = payment_lines(tr, trail.payment) if trail.payment is not None else []
    for e in trail.events:
        lines.append(
            tr(
                "admin.audit_event",
                at=_when(e.created_at),
                action=tr.word("order.action", e.action),
                status=tr(f"status.{e.to_status.value}"),
                actor=e.actor_id or "-",
                role=tr.word("role", e.actor_role),
                note=f": {escape(fmt.shorten(e.note, 120))}" if e.note else "",
            )
        )
    if trail.events and trail.entries:
        lines.append("—")
    for a in trail.entries:
        lines.append(
            tr(
                "admin.audit_entry",
                at=_when(a.created_at),
                action=escape(a.action),
                subject=escape(a.subject),
                actor=a.actor_id or "-",
                note=f": {escape(fmt.shorten(a.note, 120))}" if a.note else "",
                data=f" {escape(str(a.data))}" if a.data else "",
            )
        )
    return lines


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _duration(tr: Translator, seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return tr("admin.stats.minutes", n=minutes)
    if minutes < 48 * 60:
        return tr("admin.stats.hours", n=f"{minutes / 60:.1f}")
    return tr("admin.stats.days", n=f"{minutes / 1440:.1f}")


def stats_text(tr: Translator, stats: PilotStats) -> str:
    """The figures as plain lines (markup-safe: no user content), for chat and the CLI."""
    per_category = ", ".join(f"{slug} {n}" for slug, n in stats.requests_by_category)
    median = (
        _duration(tr, stats.first_proposal_median.total_seconds())
        if stats.first_proposal_median is not None
        else "—"
    )
    ppr = "—" if stats.proposals_per_request is None else f"{stats.proposals_per_request:.1f}"
    return "\n".join(
        [
            tr("admin.stats.title", days=stats.days, since=f"{stats.since:%Y-%m-%d %H:%M}",
               until=f"{stats.until:%Y-%m-%d %H:%M}"),
            tr("admin.stats.requests", requests=stats.requests,
               categories=per_category or tr("admin.stats.none")),
            tr("admin.stats.offers", offers=stats.offers_published),
            tr("admin.stats.proposals", proposals=stats.proposals, per_request=ppr,
               answered=stats.requests_with_proposals, median=median),
            tr("admin.stats.request_conversion", converted=stats.requests_converted,
               requests=stats.requests, rate=percent(stats.request_conversion)),
            tr("admin.stats.offer_conversion", converted=stats.offers_converted,
               offers=stats.offers_published, rate=percent(stats.offer_conversion)),
            tr("admin.stats.orders", orders=stats.orders, from_requests=stats.orders_from_requests,
               from_offers=stats.orders_from_offers),
            tr("admin.stats.completion", completed=stats.orders_completed,
               finished=stats.orders_finished, rate=percent(stats.completion_rate)),
            tr("admin.stats.disputes", disputed=stats.orders_disputed, orders=stats.orders,
               rate=percent(stats.dispute_rate)),
            tr("admin.stats.repeat", repeat=stats.repeat_hires, orders=stats.orders,
               rate=percent(stats.repeat_rate)),
        ]
    )
