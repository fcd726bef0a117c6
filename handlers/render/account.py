"""Notifications about an account: credits (top-ups, crypto deposits, Stars refunds,
moderator adjustments), bans, verification, reports, secrets removed and warnings."""

from __future__ import annotations

from core.credits.deposits import DEPOSIT_BELOW_MINIMUM, DEPOSIT_HELD, DEPOSIT_REORGED, DEPOSIT_SEEN
from core.credits.stars import STARS_REFUNDED
from core.moderation.admin import ACCOUNT_WARNED
from core.moderation.reports import REPORT_FILED
from core.moderation.safety import SECRET_REDACTED
from core.shared import events as ev
from handlers import fmt
from handlers.actions import encode
from handlers.markup import escape
from handlers.render.base import EventView, Rendered, renders


@renders(ev.CREDITS_TOPPED_UP)
def _credits_topped_up(v: EventView) -> Rendered:
    source = str(v.p.get("source") or "")
    rendered = v.say(
        "n.credits_topped_up",
        amount=v.num("amount"),
        balance=v.num("balance"),
        source=v.tr.get(f"n.topup_source.{source}", escape(source)),
    )
    if v.p.get("reference"):
        ref = f"<code>{v.text('reference', 100)}</code>"
        note = v.tr.get(f"n.topup_ref.{source}", "", ref=ref)
        rendered = Rendered(rendered.text + note, rendered.buttons)
    return rendered


def _deposit_values(v: EventView) -> dict[str, object]:
    """Every value a deposit notice may show; each template takes the ones it names."""
    return {
        "amount": v.text("amount", 80),
        "symbol": v.text("symbol", 20),
        "network": v.text("network", 60),
        "credits": v.num("credits"),
        "minimum": v.num("min_credits"),
        "confirmations": v.num("confirmations"),
        "needed": v.num("confirmations_needed"),
        "tx": f"<code>{v.text('tx_hash', 100)}</code>",
    }


@renders(DEPOSIT_SEEN)
def _deposit_seen(v: EventView) -> Rendered:
    values = _deposit_values(v)
    text = v.tr("n.deposit_seen", **values)
    if v.p.get("below_minimum"):
        text += v.tr("n.deposit_seen_below", minimum=values["minimum"])
    return Rendered(text)


_DEPOSIT_KEYS = {
    DEPOSIT_BELOW_MINIMUM: "n.deposit_below_minimum",
    DEPOSIT_HELD: "n.deposit_held",
    DEPOSIT_REORGED: "n.deposit_reorged",
}


@renders(*_DEPOSIT_KEYS)
def _deposit_update(v: EventView) -> Rendered:
    return v.say(_DEPOSIT_KEYS[v.event.type], **_deposit_values(v))


@renders(STARS_REFUNDED)
def _stars_refunded(v: EventView) -> Rendered:
    return v.say(
        "n.stars_refunded",
        stars=v.num("stars"),
        credits=v.num("credits"),
        balance=v.num("balance"),
    )


@renders(ev.CREDITS_ADJUSTED)
def _credits_adjusted(v: EventView) -> Rendered:
    return v.say(
        "n.credits_adjusted",
        delta=f"{v.num('delta'):+d}",
        balance=v.num("balance"),
        note=v.note("reason"),
    )


#: Account events whose notice shows at most the moderator's reason.
_WITH_REASON = {
    ev.ACCOUNT_BANNED: "n.account_banned",
    ev.ACCOUNT_UNBANNED: "n.account_unbanned",
    ev.VERIFICATION_REQUESTED: "n.verification_requested",
}


@renders(*_WITH_REASON)
def _account_notice(v: EventView) -> Rendered:
    return v.say(_WITH_REASON[v.event.type], note=v.note("reason"))


@renders(ev.VERIFICATION_DECIDED)
def _verification_decided(v: EventView) -> Rendered:
    if v.p.get("approved"):
        return v.say("n.verification_approved")
    return v.say(
        "n.verification_declined",
        (v.button("btn.verify_again", encode("cmd", "verify")),),
        note=v.note("reason"),
    )


@renders(REPORT_FILED)
def _report_filed(v: EventView) -> Rendered:
    return v.say("n.report_filed", subject=v.text("subject", 60))


@renders(SECRET_REDACTED)
def _secret_redacted(v: EventView) -> Rendered:
    kinds = fmt.secret_kinds(v.tr, [str(k) for k in v.p.get("kinds") or ()])
    subject = str(v.p.get("subject") or "").replace(":", " #")
    return v.say("n.secret_redacted", kinds=kinds, subject=escape(subject))


@renders(ACCOUNT_WARNED)
def _account_warned(v: EventView) -> Rendered:
    return v.say("n.account_warned", reason=v.text("reason", 500))
