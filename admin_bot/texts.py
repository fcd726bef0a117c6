"""What the admin channel says. Moderators share one room, so its texts are English only
(user-facing notifications stay in the handlers' catalog, in each user's language). Values
put into these templates must already be markup (escaped user content)."""

from __future__ import annotations

from handlers.markup import escape

#: Plain text (escaped when shown): the placeholders are in angle brackets.
USAGE: dict[str, str] = {
    "disputes": "/disputes — the unresolved cases",
    "case": "/case <id> — a case with its evidence pack",
    "claim": "/claim <id> — take a case",
    "rule": (
        "/rule <id> release|refund|split <pct>|resume <note> — e.g. "
        "/rule 4 split 30 Half of the rows were missing (pct is refunded to the buyer, "
        "the rest paid to the seller)"
    ),
    "hold": "/hold <order> <reason> — freeze an order and its payment",
    "unhold": "/unhold <order> — lift a hold",
    "release": "/release <order> [note] — pay out a payment stuck in its cooldown",
    "reverse": "/reverse <order> <note> — undo an approval during the release cooldown",
    "ban": "/ban <user> <reason> — user as @name or #id",
    "unban": "/unban <user>",
    "warn": "/warn <user> <reason> — a formal warning, sent to them and kept on record",
    "hide": "/hide <offer:ID|request:ID> <reason>",
    "unhide": "/unhide <offer:ID|request:ID>",
    "verifications": "/verifications — accounts waiting for verification",
    "verify_ok": "/verify_ok <user>",
    "verify_no": "/verify_no <user> <reason>",
    "credit": "/credit <user> <+n|-n> <reason> — e.g. /credit @bob +20 refund of a boost",
    "reports": "/reports — the reports queue",
    "stats": "/stats [days] — pilot analytics (default 30 days) with a chart",
    "audit": "/audit <order:ID|account:ID|@user> — the record of an order or a user",
    "mod": "/mod add|remove <user> — owners only",
    "refund_stars": (
        "/refund_stars <charge id> [reason] — give a Telegram Stars payment back while its "
        "credits are unspent (the charge id is in the user's /history)"
    ),
    "cancel": "/cancel — drop the ruling you were asked a note for",
    "help": "/help — this list",
}

MESSAGES: dict[str, str] = {
    "usage": "Usage: {usage}",
    "refused.chat": (
        "⛔ Admin commands work only in the moderators' admin channel. "
        "This attempt was logged."
    ),
    "refused.role": "⛔ Only moderators can use admin commands. This attempt was logged.",
    "refused.banned": "⛔ Your account is banned; admin commands are refused. Logged.",
    "unknown": "Unknown admin command /{name}. Send /help for the list.",
    "help": "🛡 <b>Admin commands</b>\n{lines}",
    "button.invalid": "This button is no longer valid.",
    "nothing": "Nothing to cancel.",
    "cancelled": "Cancelled; nothing was ruled.",
    "disputes.none": "✅ No open cases.",
    "disputes.title": "⚖️ <b>Open cases</b> ({count})",
    "claimed": "👮 Case {id} is yours, {who}. Rule with the buttons or /rule.",
    "prompt.note": (
        "✍️ Case {id} → <b>{ruling}</b>. Reply to this message with the note both parties "
        "will read (or /cancel)."
    ),
    "prompt.split": (
        "✍️ Case {id} → <b>split</b>. Reply to this message with the percentage refunded to the "
        "buyer (the rest goes to the seller) and the note both parties will read, e.g. "
        "<code>30 Half of the rows were missing</code> (or /cancel)."
    ),
    "prompt.verify_no": (
        "✍️ Declining {who}'s verification. Reply to this message with the reason they will "
        "read (or /cancel)."
    ),
    "ruled": "⚖️ Case {id} ruled: <b>{ruling}</b>. Both parties were notified with the note.",
    "override": "{icon} Order #{order} {done}. {payment}",
    "override.escrow": "The payment side was carried out by the escrow adapter.",
    "override.state_only": "⚠️ Payment not touched: {why}.",
    "banned": "🚫 {who} is banned; their listings are hidden and they were told why.{orders}",
    "banned.orders": "\nOpen orders to check: {orders}",
    "unbanned": "✅ {who} is unbanned; listings hidden by the ban are back.",
    "warned": "⚠️ {who} was warned; the warning is on their record.",
    "hidden": "🙈 {listing} is hidden; its owner was told why.",
    "unhidden": "👁 {listing} is visible again.",
    "verifications.none": "No verification requests are waiting.",
    "verifications.title": "🪪 <b>Verification requests</b> ({count})",
    "verified": "✅ {who} is verified.",
    "declined": "❌ {who}'s verification was declined; they were told why.",
    "credited": "💳 {who}: {delta} credits ({reason}). Balance now {balance}.",
    "reports.none": "✅ The reports queue is empty.",
    "reports.title": "🚩 <b>Reports</b> ({count})",
    "report.closed": "Report {id} closed.",
    "mod.added": "🛡 {who} is a moderator now.",
    "mod.removed": "{who} is no longer a moderator.",
    "audit.title": "📜 <b>Record of {subject}</b>",
    "audit.empty": "Nothing recorded.",
    "stars.refunded": (
        "⭐ Stars payment <code>{charge}</code> refunded: {stars} Stars back to account "
        "#{account}, {credits} credits debited."
    ),
    "stars.no_refunder": "Stars refunds need the Telegram bot, which is not running here.",
    "split.range": (
        "The buyer's refund share must be a whole number from 1 to 99 "
        "(use release or refund for 100 or 0)."
    ),
}


def say(key: str, /, **values: object) -> str:
    return MESSAGES[key].format(**values)


def usage(command: str) -> str:
    return say("usage", usage=escape(USAGE[command]))
