"""Admin-channel cards as neutral markup: the dispute case card with its evidence pack, the
case and queue lists, an audit record and the pilot analytics."""

from __future__ import annotations

from datetime import datetime

from core.analytics import PilotStats
from core.model import (
    Account,
    Authorship,
    Delivery,
    DisputeStatus,
    OrderEvent,
    OrderMessage,
)
from core.services.admin import AuditTrail, CaseFile, CaseLine, Party
from core.services.context import Context
from handlers import fmt
from handlers.actions import encode
from handlers.markup import bold, escape, italic
from handlers.types import Button

Buttons = tuple[tuple[Button, ...], ...]

MAX_EVENTS = 12
MAX_MESSAGES = 8
MAX_DELIVERIES = 4


def who(account: Account | None, fallback: object = None) -> str:
    if account is None:
        return f"#{fallback}" if fallback is not None else "system"
    return f"{fmt.handle(account)} (#{account.id})"


def _when(at: datetime) -> str:
    return at.strftime("%m-%d %H:%M")


def _ago(now: datetime, at: datetime) -> str:
    minutes = max(0, int((now - at).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // 1440} d ago"


def _party(label: str, party: Party, now: datetime) -> str:
    a = party.account
    flags = []
    if a.kind.value == "agent":
        flags.append("🤖 agent")
    if a.verification.value == "verified":
        flags.append("verified ✓")
    if a.is_banned:
        flags.append("⛔ banned")
    if a.is_moderator:
        flags.append("🛡 moderator")
    stats = party.stats
    rating = (
        f"★{stats.rating_sum / stats.rating_count:.1f} ({stats.rating_count})"
        if stats.rating_count
        else "no ratings"
    )
    line = (
        f"{bold(label)} {escape(who(a))} · trust {party.trust.score} · {rating} · "
        f"{party.orders} orders, {stats.completed}/{stats.finished} completed as seller, "
        f"{stats.disputed} disputed · joined {_ago(now, a.created_at)}"
    )
    if flags:
        line += " · " + ", ".join(flags)
    if party.identities:
        line += " · " + escape(", ".join(party.identities))
    return line


def _event(e: OrderEvent, people: dict[int, Account]) -> str:
    actor = who(people.get(e.actor_id), e.actor_id) if e.actor_id else "system"
    note = f": {italic(escape(fmt.shorten(e.note, 140)))}" if e.note else ""
    return (
        f"• {_when(e.created_at)} {escape(e.action.replace('_', ' '))} → "
        f"{escape(e.to_status.value)} by {escape(actor)} [{escape(e.actor_role)}]{note}"
    )


def _message(m: OrderMessage, people: dict[int, Account]) -> str:
    icon = "🤖" if m.authorship is Authorship.AGENT else "👤"
    redacted = " 🔒redacted" if m.redacted else ""
    file = f" 📎{escape(m.attachment.name)}" if m.attachment else ""
    author = people.get(m.author_id)
    name = fmt.handle(author) if author else f"#{m.author_id}"
    return (
        f"• {_when(m.created_at)} {icon} {escape(name)}: "
        f"{escape(fmt.shorten(m.text, 200))}{file}{redacted}"
    )


def _delivery(d: Delivery, people: dict[int, Account]) -> str:
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
        reviewed = f", reviewed by #{d.provenance.reviewed_by}" if d.provenance.reviewed_by else ""
        parts.append(f"(automated: {escape(fmt.shorten(d.provenance.automated, 80))}{reviewed})")
    return " ".join(parts)


def case_status(case: CaseFile) -> str:
    d = case.dispute
    if d.status is DisputeStatus.OPEN:
        return "🟡 open, unclaimed"
    if d.status is DisputeStatus.CLAIMED:
        return f"🟠 claimed by {escape(who(case.claimed_by, d.claimed_by))}"
    ruling = d.ruling.value if d.ruling else "?"
    if d.split_pct is not None:
        ruling += f" {d.split_pct}% refunded to the buyer"
    return f"✅ resolved: {escape(ruling)}"


def case_card(ctx: Context, case: CaseFile, *, now: datetime, mention: str = "") -> str:
    d, o = case.dispute, case.order
    people = {
        a.id: a
        for a in (case.buyer.account, case.seller.account, case.opened_by, case.supervisor,
                  case.claimed_by)
        if a is not None
    }
    opener_role = "buyer" if d.opened_by == o.buyer_id else "seller"
    lines = [
        f"⚖️ {bold(f'Case {d.id}')} · order #{o.id} “{escape(fmt.shorten(o.title, 80))}” · "
        f"{case_status(case)}",
        f"Opened {_ago(now, d.created_at)} by {escape(who(case.opened_by))} ({opener_role}): "
        f"{italic(escape(fmt.shorten(d.reason, 600)))}",
        f"{fmt.money(o.price_cents, o.currency)} · {escape(o.payment_mode.value.replace('_', '-'))}"
        f" · now {escape(o.status.value)} · {o.revisions_used}/{o.revisions_included} revisions"
        f" · due {_when(o.due_at)}",
        _party("Buyer", case.buyer, now),
        _party("Seller", case.seller, now),
    ]
    if case.supervisor is not None:
        lines.append(f"Seller supervised by {escape(who(case.supervisor))}")
    if case.shared_orders:
        shared = ", ".join(f"#{s.id} {s.status.value}" for s in case.shared_orders[:6])
        lines.append(f"Other orders between them: {escape(shared)}")
    if d.status is DisputeStatus.RESOLVED and d.note:
        lines.append(f"Ruling note: {italic(escape(fmt.shorten(d.note, 600)))}")
    lines.append(f"\n{bold('Timeline')}")
    events = case.events[-MAX_EVENTS:]
    if len(case.events) > len(events):
        lines.append(f"… {len(case.events) - len(events)} earlier")
    lines += [_event(e, people) for e in events]
    lines.append(f"\n{bold('Deliveries')} ({len(case.deliveries)})")
    lines += [_delivery(x, people) for x in case.deliveries[-MAX_DELIVERIES:]] or ["• none"]
    lines.append(f"\n{bold('Messages')} ({len(case.messages)})")
    lines += [_message(m, people) for m in case.messages[-MAX_MESSAGES:]] or ["• none"]
    moderation = [e for e in case.audit if e.action != "report"]
    if moderation:
        lines.append(f"\n{bold('Moderator log')}")
        lines += [
            f"• {_when(e.created_at)} {escape(e.action)} by #{e.actor_id}"
            + (f": {italic(escape(fmt.shorten(e.note, 120)))}" if e.note else "")
            for e in moderation[-6:]
        ]
    if mention:
        lines.append(f"\n⏰ Still unclaimed. {mention}")
    return "\n".join(lines)


def case_buttons(case: CaseFile) -> Buttons:
    d = case.dispute
    if d.status is DisputeStatus.RESOLVED:
        return ()
    rows: list[tuple[Button, ...]] = []
    if d.status is DisputeStatus.OPEN:
        rows.append((Button("👮 Claim", action=encode("adm", "claim", d.id)),))
    rows.append(
        (
            Button("✅ Release", action=encode("adm", "rule", d.id, "release")),
            Button("↩️ Refund", action=encode("adm", "rule", d.id, "refund")),
        )
    )
    rows.append(
        (
            Button("➗ Split", action=encode("adm", "rule", d.id, "split")),
            Button("🔁 Resume", action=encode("adm", "rule", d.id, "resume")),
        )
    )
    return tuple(rows)


def case_lines(lines: list[CaseLine], now: datetime) -> tuple[str, Buttons]:
    text = []
    buttons = []
    for line in lines:
        d, o = line.dispute, line.order
        state = "unclaimed" if d.status is DisputeStatus.OPEN else f"claimed by #{d.claimed_by}"
        text.append(
            f"• {bold(f'Case {d.id}')} · order #{o.id} “{escape(fmt.shorten(o.title, 60))}” · "
            f"{fmt.money(o.price_cents, o.currency)} · {state} · opened {_ago(now, d.created_at)}"
        )
        buttons.append((Button(f"Case {d.id}", action=encode("adm", "case", d.id)),))
    return "\n".join(text), tuple(buttons[:20])


def audit_text(trail: AuditTrail) -> list[str]:
    lines = []
    for e in trail.events:
        note = f": {escape(fmt.shorten(e.note, 120))}" if e.note else ""
        lines.append(
            f"• {_when(e.created_at)} {escape(e.action)} → {escape(e.to_status.value)} "
            f"by #{e.actor_id or '-'} [{escape(e.actor_role)}]{note}"
        )
    if trail.events and trail.entries:
        lines.append("—")
    for a in trail.entries:
        note = f": {escape(fmt.shorten(a.note, 120))}" if a.note else ""
        data = f" {escape(str(a.data))}" if a.data else ""
        lines.append(
            f"• {_when(a.created_at)} {escape(a.action)} on {escape(a.subject)} "
            f"by #{a.actor_id or '-'}{note}{data}"
        )
    return lines


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} d"


def stats_text(stats: PilotStats) -> str:
    """The figures as plain lines (markup-safe: no user content), for chat and the CLI."""
    per_category = ", ".join(f"{slug} {n}" for slug, n in stats.requests_by_category) or "none"
    median = (
        _duration(stats.first_proposal_median.total_seconds())
        if stats.first_proposal_median is not None
        else "—"
    )
    ppr = "—" if stats.proposals_per_request is None else f"{stats.proposals_per_request:.1f}"
    return "\n".join(
        [
            f"📊 Pilot, last {stats.days} days "
            f"({stats.since:%Y-%m-%d %H:%M} – {stats.until:%Y-%m-%d %H:%M} UTC)",
            f"Requests posted: {stats.requests} ({per_category})",
            f"Offers published: {stats.offers_published}",
            f"Proposals: {stats.proposals} · per request {ppr} · "
            f"{stats.requests_with_proposals} requests got one · "
            f"median time to the first: {median}",
            f"Requests → orders: {stats.requests_converted}/{stats.requests} "
            f"({percent(stats.request_conversion)})",
            f"Offers → orders: {stats.offers_converted}/{stats.offers_published} "
            f"({percent(stats.offer_conversion)})",
            f"Orders: {stats.orders} ({stats.orders_from_requests} from requests, "
            f"{stats.orders_from_offers} from offers)",
            f"Completion: {stats.orders_completed}/{stats.orders_finished} finished "
            f"({percent(stats.completion_rate)})",
            f"Disputes: {stats.orders_disputed}/{stats.orders} ({percent(stats.dispute_rate)})",
            f"Repeat hires: {stats.repeat_hires}/{stats.orders} ({percent(stats.repeat_rate)})",
        ]
    )
