"""The admin commands and the case cards' buttons, on the same ``Router`` as the user
commands. Authorization is the admin app's (``handlers.admin.app``) before any of these
runs; the core re-checks the role in every use case."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from core.accounts import accounts
from core.accounts.model import Account
from core.credits import credits, stars
from core.escrow import refunds
from core.listings import offers, requests
from core.moderation import admin, stats
from core.moderation.model import AuditEntry
from core.orders import disputes
from core.orders.model import Ruling
from core.shared.errors import ValidationFailed
from handlers import fmt
from handlers.actions import Action, encode
from handlers.admin import cards
from handlers.admin.turn import AdminTurn, admin_turn
from handlers.markup import escape, italic
from handlers.turn import Notice, Router, Turn, Usage, parse_id
from handlers.types import Button, OutgoingAttachment, Reply

ROUTER = Router()

#: The commands in the order /help lists them (each has ``admin.usage.<name>``).
ADMIN_COMMANDS = (
    "disputes", "case", "claim", "rule", "hold", "unhold", "release", "reverse", "refund", "ban",
    "unban", "warn", "hide", "unhide", "verifications", "verify_ok", "verify_no", "credit",
    "reports", "stats", "audit", "mod", "refund_stars", "cancel", "help",
)
RULE = "rule"
RULINGS = frozenset(r.value for r in Ruling)
STARS_REFUND_REASON = "Stars refund by a moderator"


def _split(args: str, n: int) -> list[str]:
    return args.split(None, n)


def _wrong(turn: Turn, command: str | None = None) -> Usage:
    """Wrong arguments: answered with the command's ``admin.usage.<name>`` line."""
    return Usage(command or turn.command or "")


def _ident(action: Action) -> int:
    ident = action.int_arg(0)
    if ident is None:
        raise Notice("admin.button_invalid")
    return ident


async def _account(turn: Turn, ref: str) -> Account:
    return await accounts.find_account(turn.ctx, reference=ref)


def _who(account: Account) -> str:
    return escape(cards.who(account))


@ROUTER.command("help")
async def _help(turn: Turn) -> list[Reply]:
    lines = "\n".join(turn.tr(f"admin.usage.{name}") for name in ADMIN_COMMANDS)
    return turn.say("admin.help", lines=lines)


@ROUTER.command("cancel")
async def _cancel(turn: Turn) -> list[Reply]:
    prompt = await admin_turn(turn).clear_prompt()
    return turn.say("admin.cancelled" if prompt else "admin.nothing")


@ROUTER.command("disputes")
async def _disputes(turn: Turn) -> list[Reply]:
    actor = await turn.account()
    lines = await admin.list_cases(turn.ctx, moderator_id=actor.id)
    if not lines:
        return turn.say("admin.disputes_none")
    text, buttons = cards.case_lines(turn.tr, lines, turn.now())
    title = turn.tr("admin.disputes_title", count=len(lines))
    return [Reply(title + "\n" + text, buttons=buttons)]


@ROUTER.command("case")
async def _show_case(turn: Turn) -> list[Reply]:
    ident = parse_id(turn.args)
    if ident is None:
        raise _wrong(turn)
    actor = await turn.account()
    await admin.get_case(turn.ctx, moderator_id=actor.id, dispute_id=ident)
    return await admin_turn(turn).case(ident)


@ROUTER.command("claim")
async def _claim(turn: Turn) -> list[Reply]:
    ident = parse_id(turn.args)
    if ident is None:
        raise _wrong(turn)
    actor = await turn.account()
    await disputes.claim_dispute(turn.ctx, moderator_id=actor.id, dispute_id=ident)
    return turn.say("admin.claimed", id=ident, who=_who(actor))


async def rule(turn: Turn, dispute_id: int, ruling: str, rest: str) -> list[Reply]:
    """Rule a case: ``rest`` is the note, after the buyer's refund percentage for a split."""
    split_pct: int | None = None
    if ruling == Ruling.SPLIT.value:
        head, _, rest = rest.strip().partition(" ")
        head = head.rstrip("%")
        if not head.lstrip("-").isdigit():
            raise _wrong(turn, RULE)
        split_pct = int(head)
        if not 1 <= split_pct <= 99:
            raise Notice("admin.split_range")
    actor = await turn.account()
    dispute = await disputes.rule_dispute(
        turn.ctx,
        moderator_id=actor.id,
        dispute_id=dispute_id,
        ruling=Ruling(ruling),
        note=rest.strip(),
        split_pct=split_pct,
    )
    label = fmt.ruling(turn.tr, ruling, dispute.split_pct)
    return turn.say("admin.ruled", id=dispute.id, ruling=label)


@ROUTER.command(RULE)
async def _rule(turn: Turn) -> list[Reply]:
    parts = _split(turn.args, 2)
    dispute_id = parse_id(parts[0]) if parts else None
    if len(parts) < 3 or dispute_id is None or parts[1].lower() not in RULINGS:
        raise _wrong(turn)
    return await rule(turn, dispute_id, parts[1].lower(), parts[2])


def _order_and_note(turn: Turn, *, note_required: bool) -> tuple[int, str]:
    parts = _split(turn.args, 1)
    order_id = parse_id(parts[0]) if parts else None
    note = parts[1].strip() if len(parts) > 1 else ""
    if order_id is None or (note_required and not note):
        raise _wrong(turn)
    return order_id, note


_OVERRIDES: dict[str, admin.OverrideAction] = {
    "hold": "hold",
    "unhold": "unhold",
    "release": "release",
    "reverse": "reverse",
}
_OVERRIDE_ICONS = {"hold": "⏸", "unhold": "▶️", "release": "💸", "reverse": "↩️"}


@ROUTER.command(*_OVERRIDES)
async def _override(turn: Turn) -> list[Reply]:
    name = turn.command or ""
    order_id, note = _order_and_note(turn, note_required=name in ("hold", "reverse"))
    action = _OVERRIDES[name]
    actor = await turn.account()
    result = await admin.override_payment(
        turn.ctx, moderator_id=actor.id, order_id=order_id, action=action, note=note
    )
    payment = (
        turn.tr("admin.override_escrow")
        if result.payment_applied
        else turn.tr("admin.override_state_only", why=escape(result.payment_note))
    )
    return turn.say(
        "admin.override",
        icon=_OVERRIDE_ICONS[action],
        order=result.order.id,
        done=turn.tr(f"admin.override.{action}"),
        payment=payment,
    )


@ROUTER.command("refund")
async def _refund(turn: Turn) -> list[Reply]:
    """A completed escrow order's released money back to the buyer (fraud found after the
    cooldown): the payout is reversed first if it was sent; the payment worker does the
    processor's side on its next run."""
    order_id, note = _order_and_note(turn, note_required=True)
    actor = await turn.account()
    order = await refunds.refund_released_order(
        turn.ctx, moderator_id=actor.id, order_id=order_id, note=note
    )
    amount = fmt.money(order.price_cents, order.currency, turn.tr.language)
    return turn.say("admin.refunded", order=order.id, amount=amount)


def _user_and_text(turn: Turn, *, text_required: bool) -> tuple[str, str]:
    parts = _split(turn.args, 1)
    if not parts or (text_required and len(parts) < 2):
        raise _wrong(turn)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


@ROUTER.command("ban")
async def _ban(turn: Turn) -> list[Reply]:
    ref, reason = _user_and_text(turn, text_required=True)
    target = await _account(turn, ref)
    actor = await turn.account()
    banned = await accounts.ban_account(
        turn.ctx, moderator_id=actor.id, account_id=target.id, reason=reason
    )
    open_orders = await accounts.open_orders_of(turn.ctx, account_id=banned.id)
    orders = (
        turn.tr("admin.banned_orders", orders=", ".join(f"#{i}" for i in open_orders))
        if open_orders
        else ""
    )
    return turn.say("admin.banned", who=_who(banned), orders=orders)


@ROUTER.command("unban")
async def _unban(turn: Turn) -> list[Reply]:
    ref, _ = _user_and_text(turn, text_required=False)
    target = await _account(turn, ref)
    actor = await turn.account()
    account = await accounts.unban_account(turn.ctx, moderator_id=actor.id, account_id=target.id)
    return turn.say("admin.unbanned", who=_who(account))


@ROUTER.command("warn")
async def _warn(turn: Turn) -> list[Reply]:
    ref, reason = _user_and_text(turn, text_required=True)
    target = await _account(turn, ref)
    actor = await turn.account()
    await admin.warn_account(turn.ctx, moderator_id=actor.id, account_id=target.id, reason=reason)
    return turn.say("admin.warned", who=_who(target))


_LISTING = re.compile(r"^(offer|request)[:#\s]?([1-9][0-9]{0,17})$", re.IGNORECASE)


@ROUTER.command("hide", "unhide")
async def _hide(turn: Turn) -> list[Reply]:
    name = turn.command or ""
    hidden = name == "hide"
    parts = _split(turn.args, 1)
    if not parts or (hidden and len(parts) < 2):
        raise _wrong(turn)
    match = _LISTING.match(parts[0].strip())
    if match is None:
        raise _wrong(turn)
    kind, ident = match.group(1).lower(), int(match.group(2))
    reason = parts[1].strip() if len(parts) > 1 else ""
    actor = await turn.account()
    if kind == "offer":
        await offers.set_offer_hidden(
            turn.ctx, moderator_id=actor.id, offer_id=ident, hidden=hidden, reason=reason
        )
    else:
        await requests.set_request_hidden(
            turn.ctx, moderator_id=actor.id, request_id=ident, hidden=hidden, reason=reason
        )
    return turn.say("admin.hidden" if hidden else "admin.unhidden", listing=f"{kind}:{ident}")


T = TypeVar("T")

#: A queue shows at most this many entries with their buttons.
QUEUE_LIMIT = 20


def _queue(
    turn: Turn,
    items: Sequence[T],
    name: str,
    entry: Callable[[T], tuple[str, tuple[Button, ...]]],
) -> list[Reply]:
    """A moderators' queue: ``admin.<name>_none`` when empty, else the title
    (``admin.<name>_title``) and each item's line, with the items' buttons."""
    if not items:
        return turn.say(f"admin.{name}_none")
    lines = [turn.tr(f"admin.{name}_title", count=len(items))]
    rows: list[tuple[Button, ...]] = []
    for item in items:
        line, buttons = entry(item)
        lines.append(line)
        rows.append(buttons)
    return [Reply("\n".join(lines), buttons=tuple(rows[:QUEUE_LIMIT]))]


@ROUTER.command("verifications")
async def _verifications(turn: Turn) -> list[Reply]:
    actor = await turn.account()
    waiting = await admin.list_verifications(turn.ctx, moderator_id=actor.id)

    def entry(account: Account) -> tuple[str, tuple[Button, ...]]:
        line = turn.tr(
            "admin.verification_line",
            who=_who(account),
            kind=turn.tr.word("account_kind", account.kind.value),
            trust=account.trust_score,
            joined=f"{account.created_at:%Y-%m-%d}",
        )
        return line, (
            turn.button("admin.btn.approve", encode("adm", "vok", account.id), id=account.id),
            turn.button("admin.btn.decline", encode("adm", "vno", account.id), id=account.id),
        )

    return _queue(turn, waiting, "verifications", entry)


async def _verify(turn: Turn, account_id: int, *, approve: bool, reason: str = "") -> list[Reply]:
    actor = await turn.account()
    account = await accounts.decide_verification(
        turn.ctx, moderator_id=actor.id, account_id=account_id, approve=approve, reason=reason
    )
    return turn.say("admin.verified" if approve else "admin.declined", who=_who(account))


@ROUTER.command("verify_ok")
async def _verify_ok(turn: Turn) -> list[Reply]:
    ref, _ = _user_and_text(turn, text_required=False)
    return await _verify(turn, (await _account(turn, ref)).id, approve=True)


@ROUTER.command("verify_no")
async def _verify_no(turn: Turn) -> list[Reply]:
    ref, reason = _user_and_text(turn, text_required=True)
    return await _verify(turn, (await _account(turn, ref)).id, approve=False, reason=reason)


_DELTA = re.compile(r"^[+-][0-9]{1,9}$")


@ROUTER.command("credit")
async def _credit(turn: Turn) -> list[Reply]:
    parts = _split(turn.args, 2)
    if len(parts) < 3 or not _DELTA.match(parts[1]):
        raise _wrong(turn)
    target = await _account(turn, parts[0])
    delta = int(parts[1])
    actor = await turn.account()
    balance = await credits.adjust_credits(
        turn.ctx, moderator_id=actor.id, account_id=target.id, delta=delta, reason=parts[2]
    )
    return turn.say(
        "admin.credited",
        who=_who(target),
        delta=f"{delta:+d}",
        reason=escape(parts[2].strip()),
        balance=balance.credits,
    )


@ROUTER.command("reports")
async def _reports(turn: Turn) -> list[Reply]:
    actor = await turn.account()
    open_reports = await admin.list_reports(turn.ctx, moderator_id=actor.id)

    def entry(report: AuditEntry) -> tuple[str, tuple[Button, ...]]:
        line = turn.tr(
            "admin.report_line",
            id=report.id,
            subject=escape(report.subject),
            actor=report.actor_id,
            at=f"{report.created_at:%m-%d %H:%M}",
            note=italic(escape(report.note or "")),
        )
        close = encode("adm", "rclose", report.id)
        return line, (turn.button("admin.btn.close_report", close, id=report.id),)

    return _queue(turn, open_reports, "reports", entry)


@ROUTER.command("stats")
async def _stats(turn: Turn) -> list[Reply]:
    days = 30
    if turn.args:
        if not turn.args.isdigit():
            raise _wrong(turn)
        days = int(turn.args)
    actor = await turn.account()
    figures = await stats.pilot_stats(turn.ctx, days=days, moderator_id=actor.id)
    text = escape(cards.stats_text(turn.tr, figures))
    chart = admin_turn(turn).chart
    if chart is None:
        return [Reply(text)]
    photo = OutgoingAttachment(ref="", name=f"requests-{figures.days}d.png", kind="photo",
                               data=await chart(figures))
    return [Reply(text, attachments=(photo,))]


@ROUTER.command("audit")
async def _audit(turn: Turn) -> list[Reply]:
    subject = turn.args
    if not subject:
        raise _wrong(turn)
    if subject.startswith(("@", "#")):
        subject = f"account:{(await _account(turn, subject)).id}"
    actor = await turn.account()
    try:
        trail = await admin.audit_trail(turn.ctx, moderator_id=actor.id, subject=subject)
    except ValidationFailed:
        raise _wrong(turn) from None
    lines = [turn.tr("admin.audit_title", subject=escape(trail.subject))]
    lines += cards.audit_text(turn.tr, trail) or [turn.tr("admin.audit_empty")]
    return [Reply("\n".join(lines))]


@ROUTER.command("mod")
async def _mod(turn: Turn) -> list[Reply]:
    parts = _split(turn.args, 1)
    if len(parts) != 2 or parts[0].lower() not in ("add", "remove"):
        raise _wrong(turn)
    on = parts[0].lower() == "add"
    target = await _account(turn, parts[1].strip())
    actor = await turn.account()
    account = await admin.set_moderator(
        turn.ctx, actor_id=actor.id, owners=admin_turn(turn).owners, account_id=target.id, on=on
    )
    return turn.say("admin.mod_added" if on else "admin.mod_removed", who=_who(account))


@ROUTER.command("refund_stars")
async def _refund_stars(turn: Turn) -> list[Reply]:
    parts = _split(turn.args, 1)
    if not parts:
        raise _wrong(turn)
    refunder = admin_turn(turn).stars_refunder
    if refunder is None:
        return turn.say("admin.stars_no_refunder")
    actor = await turn.account()
    payment = await stars.refund_stars_payment(
        turn.ctx,
        moderator_id=actor.id,
        charge_id=parts[0],
        refunder=refunder,
        reason=parts[1].strip() if len(parts) > 1 else STARS_REFUND_REASON,
    )
    return turn.say(
        "admin.stars_refunded",
        charge=escape(payment.charge_id),
        account=payment.account_id,
        stars=payment.stars,
        credits=payment.credits,
    )


# -- the case cards' and queues' buttons ------------------------------------------------------


@ROUTER.action("adm", "case")
async def _case_button(turn: Turn, action: Action) -> list[Reply]:
    return await admin_turn(turn).case(_ident(action))


@ROUTER.action("adm", "claim")
async def _claim_button(turn: Turn, action: Action) -> list[Reply]:
    ident = _ident(action)
    actor = await turn.account()
    await disputes.claim_dispute(turn.ctx, moderator_id=actor.id, dispute_id=ident)
    return await admin_turn(turn).case(ident, edit=True)


@ROUTER.action("adm", "rule")
async def _rule_button(turn: Turn, action: Action) -> list[Reply]:
    ident = _ident(action)
    ruling = action.arg(1)
    if ruling not in RULINGS:
        raise Notice("admin.button_invalid")
    actor = await turn.account()
    # Fail early (closed case, not a moderator's to rule) rather than after the note.
    case = await admin.get_case(turn.ctx, moderator_id=actor.id, dispute_id=ident)
    if case.dispute.ruling is not None:
        raise Notice("admin.resolved_already", id=ident)
    if case.dispute.claimed_by not in (None, actor.id):
        raise Notice("admin.claimed_by_other", id=ident, moderator=case.dispute.claimed_by)
    await admin_turn(turn).set_prompt(kind="rule", dispute=ident, ruling=ruling)
    key = "admin.prompt_split" if ruling == "split" else "admin.prompt_note"
    return turn.say(key, id=ident, ruling=turn.tr.word("ruling", ruling))


@ROUTER.action("adm", "vok")
async def _approve_button(turn: Turn, action: Action) -> list[Reply]:
    return await _verify(turn, _ident(action), approve=True)


@ROUTER.action("adm", "vno")
async def _decline_button(turn: Turn, action: Action) -> list[Reply]:
    ident = _ident(action)
    account = await _account(turn, f"#{ident}")
    await admin_turn(turn).set_prompt(kind="verify_no", account=ident)
    return turn.say("admin.prompt_verify_no", who=_who(account))


@ROUTER.action("adm", "rclose")
async def _close_report(turn: Turn, action: Action) -> list[Reply]:
    ident = _ident(action)
    actor = await turn.account()
    await admin.close_report(turn.ctx, moderator_id=actor.id, report_id=ident)
    return [Reply(turn.tr("admin.report_closed", id=ident), edit=True)]


async def answer_prompt(turn: AdminTurn, prompt: dict[str, object]) -> list[Reply]:
    """Plain text answering the moderator's open prompt; the prompt is closed once done."""
    text = turn.incoming.text.strip()
    if prompt.get("kind") == "rule":
        replies = await rule(turn, int(str(prompt["dispute"])), str(prompt["ruling"]), text)
    elif prompt.get("kind") == "verify_no":
        account_id = int(str(prompt["account"]))
        replies = await _verify(turn, account_id, approve=False, reason=text)
    else:
        return []
    await turn.clear_prompt()
    return replies
