"""AdminApp: the moderators' front end, platform-neutral.

A chat front end (the Telegram admin router today, a Discord admin cog later) maps an update
to the same ``handlers.types.Incoming`` the user conversation layer takes and sends the
``Reply`` list back natively; ``owns(incoming)`` says which updates are the admin app's:
everything in an admin channel, and admin commands or ``adm:`` buttons anywhere else (to
refuse them). ``render(event)`` gives the admin channel's post for an outbox event: the
dispute case card with its evidence pack and buttons, or a one-line notice.

Authorization is checked on every command, button press and prompt answer: the place must be
an admin channel (``admin_chats``: chat keys such as ``telegram:-100123``), the actor a
moderator (the role in the database) and not banned. Refusals are answered and logged in
the audit log. The core re-checks the role in every use case.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from admin_bot import cards
from admin_bot.chart import requests_chart
from admin_bot.texts import USAGE, say, usage
from core import events as ev
from core.errors import MarketplaceError, NotFound, ValidationFailed
from core.events import DomainEvent
from core.model import Account, Identity, Ruling
from core.ports import StarsRefunder
from core.services import accounts, admin, credits, disputes, offers, requests, stars, stats
from core.services.context import Context
from core.services.safety import CONTACT_FLAGGED
from handlers import render as rendering
from handlers.actions import Action, encode, parse
from handlers.markup import escape, italic
from handlers.types import Button, Incoming, OutgoingAttachment, Reply

log = logging.getLogger(__name__)

#: The front end's way to mention a moderator (a Telegram ``tg://user`` link, a Discord
#: ``<@id>``); None when it cannot reach that account.
Mention = Callable[[Account, Sequence[Identity]], str | None]

#: Commands refused (and logged) when used outside an admin channel; /help and /cancel are
#: the user bot's own there.
GUARDED = frozenset(USAGE) - {"help", "cancel"}
PROMPT_TTL = timedelta(hours=1)
_COMMAND = re.compile(r"/(?P<name>[A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+(?P<args>[\s\S]*))?\Z")


class Usage(Exception):
    def __init__(self, command: str) -> None:
        super().__init__(command)
        self.command = command


@dataclass(frozen=True)
class Request:
    """One admin action being handled."""

    incoming: Incoming
    actor: Account
    name: str
    args: str

    @property
    def pressed(self) -> bool:
        return self.incoming.action is not None


Handler = Callable[["AdminApp", Request], Awaitable[list[Reply]]]
COMMANDS: dict[str, Handler] = {}


def command(*names: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for name in names:
            COMMANDS[name] = handler
        return handler

    return register


def _split(args: str, n: int) -> list[str]:
    return args.split(None, n)


def _id(text: str | None) -> int | None:
    value = (text or "").strip().lstrip("#")
    return int(value) if value.isdigit() and value.isascii() and 0 < len(value) <= 18 else None


def _say(key: str, **values: object) -> list[Reply]:
    return [Reply(say(key, **values))]


class AdminApp:
    def __init__(
        self,
        ctx: Context,
        *,
        admin_chats: Iterable[str],
        owners: Sequence[tuple[str, str]] = (),
        stars_refunder: StarsRefunder | None = None,
    ) -> None:
        self.ctx = ctx
        self.admin_chats = frozenset(admin_chats)
        self.owners = tuple(owners)
        #: Gives Telegram Stars back (/refund_stars): the Telegram front end's
        #: ``bots.telegram.payments.TelegramStarsRefunder``; None without a Telegram bot.
        self.stars_refunder = stars_refunder

    # -- routing -------------------------------------------------------------------------

    @staticmethod
    def command_of(incoming: Incoming) -> tuple[str | None, str]:
        if incoming.command is not None:
            return incoming.command.lower(), incoming.args.strip()
        match = _COMMAND.match(incoming.text.strip())
        if match is None:
            return None, ""
        return match.group("name").lower(), (match.group("args") or "").strip()

    def in_admin_chat(self, incoming: Incoming) -> bool:
        return incoming.chat_key in self.admin_chats

    def owns(self, incoming: Incoming) -> bool:
        """Whether ``incoming`` is the admin app's to answer."""
        if self.in_admin_chat(incoming):
            return True
        if incoming.action is not None:
            return incoming.action.startswith("adm:")
        name, _ = self.command_of(incoming)
        return name in GUARDED

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one admin action. Errors a moderator can fix become replies (an alert for
        a button press); anything else propagates to the front end's error handler."""
        pressed = incoming.action is not None
        try:
            return await self._handle(incoming)
        except Usage as wrong:
            return [Reply(usage(wrong.command), alert=pressed)]
        except MarketplaceError as error:
            return [Reply("⚠️ " + escape(error.message), alert=pressed)]

    async def _handle(self, incoming: Incoming) -> list[Reply]:
        action = parse(incoming.action) if incoming.action is not None else None
        name, args = self.command_of(incoming)
        attempt = f"button {incoming.action}" if incoming.action is not None else f"/{name}"
        if not self.in_admin_chat(incoming):
            await self._refuse(incoming, attempt)
            return [Reply(say("refused.chat"), alert=action is not None, ephemeral=True)]
        if action is None and name is None:
            return await self._answer_prompt(incoming)
        actor = await self._actor(incoming)
        if actor.is_banned or not actor.is_moderator:
            await self._refuse(incoming, attempt)
            key = "refused.banned" if actor.is_banned else "refused.role"
            return [Reply(say(key), alert=action is not None)]
        if action is not None:
            return await self._press(Request(incoming, actor, "", ""), action)
        assert name is not None
        handler = COMMANDS.get(name)
        if handler is None:
            return _say("unknown", name=escape(name[:32]))
        return await handler(self, Request(incoming, actor, name, args))

    async def _actor(self, incoming: Incoming) -> Account:
        return await accounts.find_account(self.ctx, reference=f"#{incoming.actor_id}")

    async def _refuse(self, incoming: Incoming, attempt: str) -> None:
        where = "private chat" if incoming.is_private_chat else incoming.chat_key
        log.warning("admin action %r refused to account %s in %s", attempt, incoming.actor_id,
                    where)
        await admin.log_refusal(
            self.ctx, actor_id=incoming.actor_id, command=attempt, where=where
        )

    async def _press(self, req: Request, action: Action) -> list[Reply]:
        if action.domain != "adm":
            return [Reply(say("button.invalid"), alert=True)]
        ident = action.int_arg(0)
        if ident is None:
            return [Reply(say("button.invalid"), alert=True)]
        match action.verb:
            case "case":
                return await self._case(ident)
            case "claim":
                await disputes.claim_dispute(self.ctx, moderator_id=req.actor.id, dispute_id=ident)
                return await self._case(ident, edit=True)
            case "rule":
                ruling = action.arg(1)
                if ruling not in {r.value for r in Ruling}:
                    return [Reply(say("button.invalid"), alert=True)]
                # Fail early (closed case, not a moderator's to rule) rather than after the note.
                case = await admin.get_case(self.ctx, moderator_id=req.actor.id, dispute_id=ident)
                if case.dispute.ruling is not None:
                    return [Reply(f"⚠️ Case {ident} is resolved already.", alert=True)]
                if case.dispute.claimed_by not in (None, req.actor.id):
                    return [
                        Reply(
                            f"⚠️ Case {ident} is claimed by #{case.dispute.claimed_by}.",
                            alert=True,
                        )
                    ]
                await self._set_prompt(req, {"kind": "rule", "dispute": ident, "ruling": ruling})
                key = "prompt.split" if ruling == "split" else "prompt.note"
                return _say(key, id=ident, ruling=ruling)
            case "vok":
                account = await accounts.decide_verification(
                    self.ctx, moderator_id=req.actor.id, account_id=ident, approve=True
                )
                return _say("verified", who=escape(cards.who(account)))
            case "vno":
                account = await accounts.find_account(self.ctx, reference=f"#{ident}")
                await self._set_prompt(req, {"kind": "verify_no", "account": ident})
                return _say("prompt.verify_no", who=escape(cards.who(account)))
            case "rclose":
                await admin.close_report(self.ctx, moderator_id=req.actor.id, report_id=ident)
                return [Reply(say("report.closed", id=ident), edit=True)]
        return [Reply(say("button.invalid"), alert=True)]

    async def _case(self, dispute_id: int, *, edit: bool = False) -> list[Reply]:
        case = await admin.load_case(self.ctx, dispute_id=dispute_id)
        text = cards.case_card(self.ctx, case, now=self.ctx.clock.now())
        return [Reply(text, buttons=cards.case_buttons(case), edit=edit)]

    # -- prompts (a ruling's note, a refusal's reason) -----------------------------------

    def _prompt_key(self, incoming: Incoming) -> str:
        return f"admin:{incoming.chat_key}:{incoming.actor_id}"

    async def _set_prompt(self, req: Request, prompt: dict[str, object]) -> None:
        prompt = prompt | {"at": self.ctx.clock.now().isoformat()}
        async with self.ctx.uow() as uow:
            await uow.conversations.put(
                self._prompt_key(req.incoming), {"prompt": prompt}, self.ctx.clock.now()
            )
            await uow.commit()

    async def _take_prompt(self, incoming: Incoming, *, clear: bool) -> dict[str, object] | None:
        key = self._prompt_key(incoming)
        async with self.ctx.uow() as uow:
            state = await uow.conversations.get(key)
            if state is not None and clear:
                await uow.conversations.delete(key)
                await uow.commit()
        prompt = (state or {}).get("prompt")
        if not isinstance(prompt, dict):
            return None
        at = datetime.fromisoformat(str(prompt.get("at")))
        if self.ctx.clock.now() - at > PROMPT_TTL:
            return None
        return prompt

    async def _answer_prompt(self, incoming: Incoming) -> list[Reply]:
        """Plain text in the admin channel: the answer to this moderator's open prompt, if
        any (other chatter is not the bot's business)."""
        prompt = await self._take_prompt(incoming, clear=False)
        if prompt is None:
            return []
        actor = await self._actor(incoming)
        if actor.is_banned or not actor.is_moderator:
            await self._refuse(incoming, "prompt answer")
            return _say("refused.banned" if actor.is_banned else "refused.role")
        text = incoming.text.strip()
        req = Request(incoming, actor, "", text)
        if prompt.get("kind") == "rule":
            dispute_id = int(str(prompt["dispute"]))
            ruling = str(prompt["ruling"])
            replies = await self._rule(req, dispute_id, ruling, text)
        elif prompt.get("kind") == "verify_no":
            account_id = int(str(prompt["account"]))
            account = await accounts.decide_verification(
                self.ctx, moderator_id=actor.id, account_id=account_id, approve=False,
                reason=text,
            )
            replies = _say("declined", who=escape(cards.who(account)))
        else:
            return []
        await self._take_prompt(incoming, clear=True)
        return replies

    async def _rule(self, req: Request, dispute_id: int, ruling: str, rest: str) -> list[Reply]:
        split_pct: int | None = None
        if ruling == Ruling.SPLIT.value:
            head, _, rest = rest.strip().partition(" ")
            head = head.rstrip("%")
            if not head.lstrip("-").isdigit():
                raise Usage("rule")
            split_pct = int(head)
            if not 1 <= split_pct <= 99:
                raise ValidationFailed(say("split.range"), field="split_pct")
        dispute = await disputes.rule_dispute(
            self.ctx,
            moderator_id=req.actor.id,
            dispute_id=dispute_id,
            ruling=Ruling(ruling),
            note=rest.strip(),
            split_pct=split_pct,
        )
        label = ruling + (
            f" {dispute.split_pct}% refunded to the buyer" if dispute.split_pct else ""
        )
        return _say("ruled", id=dispute.id, ruling=escape(label))

    # -- the channel's posts ----------------------------------------------------------------

    async def render(self, event: DomainEvent, *, mention: Mention | None = None) -> list[Reply]:
        """The admin channel's post for an event published to it (empty when none)."""
        if "admin" not in event.channels:
            return []
        now = self.ctx.clock.now()
        if event.type == ev.ORDER_DISPUTED:
            order_id = event.payload.get("order_id")
            case = await admin.case_of_order(self.ctx, order_id=int(order_id or 0))
            if case is not None:
                text = cards.case_card(self.ctx, case, now=now)
                return [Reply(text, buttons=cards.case_buttons(case))]
        if event.type == disputes.DISPUTE_UNCLAIMED:
            try:
                case = await admin.load_case(
                    self.ctx, dispute_id=int(event.payload.get("dispute_id") or 0)
                )
            except NotFound:
                return []
            if case.dispute.claimed_by is not None or case.dispute.ruling is not None:
                return []
            called = await self._mentions(mention)
            text = cards.case_card(self.ctx, case, now=now, mention=called or "Moderators?")
            return [Reply(text, buttons=cards.case_buttons(case))]
        if event.type == CONTACT_FLAGGED:
            p = event.payload
            kinds = ", ".join(str(k) for k in p.get("kinds") or ())
            return [
                Reply(
                    f"🚩 Possible off-platform contact ({escape(kinds)}) by "
                    f"#{p.get('account_id')} in {escape(str(p.get('subject')))}:\n"
                    f"{italic(escape(str(p.get('excerpt') or '')))}\n"
                    f"/audit account:{p.get('account_id')}"
                )
            ]
        post = rendering.render_feed(self.ctx, event)
        if post is None or post.extra.get("channel") != "admin":
            return []
        return [Reply(post.text, buttons=post.buttons)]

    async def _mentions(self, mention: Mention | None) -> str:
        if mention is None:
            return ""
        names = [
            m
            for account, identities in await admin.moderators_to_call(self.ctx)
            if (m := mention(account, identities))
        ]
        return " ".join(names)


# -- commands ---------------------------------------------------------------------------------


@command("help")
async def _help(app: AdminApp, req: Request) -> list[Reply]:
    return _say("help", lines="\n".join(escape(line) for line in USAGE.values()))


@command("cancel")
async def _cancel(app: AdminApp, req: Request) -> list[Reply]:
    prompt = await app._take_prompt(req.incoming, clear=True)
    return _say("cancelled" if prompt else "nothing")


@command("disputes")
async def _disputes(app: AdminApp, req: Request) -> list[Reply]:
    lines = await admin.list_cases(app.ctx, moderator_id=req.actor.id)
    if not lines:
        return _say("disputes.none")
    text, buttons = cards.case_lines(lines, app.ctx.clock.now())
    return [Reply(say("disputes.title", count=len(lines)) + "\n" + text, buttons=buttons)]


@command("case")
async def _show_case(app: AdminApp, req: Request) -> list[Reply]:
    ident = _id(req.args)
    if ident is None:
        raise Usage("case")
    await admin.get_case(app.ctx, moderator_id=req.actor.id, dispute_id=ident)
    return await app._case(ident)


@command("claim")
async def _claim(app: AdminApp, req: Request) -> list[Reply]:
    ident = _id(req.args)
    if ident is None:
        raise Usage("claim")
    await disputes.claim_dispute(app.ctx, moderator_id=req.actor.id, dispute_id=ident)
    return _say("claimed", id=ident, who=escape(cards.who(req.actor)))


@command("rule")
async def _rule_command(app: AdminApp, req: Request) -> list[Reply]:
    parts = _split(req.args, 2)
    if len(parts) < 3 or _id(parts[0]) is None or parts[1].lower() not in {r.value for r in Ruling}:
        raise Usage("rule")
    dispute_id = _id(parts[0])
    assert dispute_id is not None
    return await app._rule(req, dispute_id, parts[1].lower(), parts[2])


def _order_and_note(req: Request, *, note_required: bool) -> tuple[int, str]:
    parts = _split(req.args, 1)
    order_id = _id(parts[0]) if parts else None
    note = parts[1].strip() if len(parts) > 1 else ""
    if order_id is None or (note_required and not note):
        raise Usage(req.name)
    return order_id, note


_OVERRIDES: dict[str, admin.OverrideAction] = {
    "hold": "hold",
    "unhold": "unhold",
    "release": "release",
    "reverse": "reverse",
}
_OVERRIDE_WORDS = {
    "hold": ("⏸", "is on hold"),
    "unhold": ("▶️", "is off hold"),
    "release": ("💸", "is released"),
    "reverse": ("↩️", "is back to delivered (approval reversed)"),
}


@command("hold", "unhold", "release", "reverse")
async def _override(app: AdminApp, req: Request) -> list[Reply]:
    order_id, note = _order_and_note(req, note_required=req.name in ("hold", "reverse"))
    action = _OVERRIDES[req.name]
    result = await admin.override_payment(
        app.ctx, moderator_id=req.actor.id, order_id=order_id, action=action, note=note
    )
    icon, done = _OVERRIDE_WORDS[action]
    payment = (
        say("override.escrow")
        if result.payment_applied
        else say("override.state_only", why=escape(result.payment_note))
    )
    return _say("override", icon=icon, order=result.order.id, done=done, payment=payment)


async def _account(app: AdminApp, ref: str) -> Account:
    return await accounts.find_account(app.ctx, reference=ref)


def _user_and_text(req: Request, *, text_required: bool) -> tuple[str, str]:
    parts = _split(req.args, 1)
    if not parts or (text_required and len(parts) < 2):
        raise Usage(req.name)
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


@command("ban")
async def _ban(app: AdminApp, req: Request) -> list[Reply]:
    ref, reason = _user_and_text(req, text_required=True)
    target = await _account(app, ref)
    banned = await accounts.ban_account(
        app.ctx, moderator_id=req.actor.id, account_id=target.id, reason=reason
    )
    open_orders = await accounts.open_orders_of(app.ctx, account_id=banned.id)
    orders = (
        say("banned.orders", orders=", ".join(f"#{i}" for i in open_orders)) if open_orders else ""
    )
    return _say("banned", who=escape(cards.who(banned)), orders=orders)


@command("unban")
async def _unban(app: AdminApp, req: Request) -> list[Reply]:
    ref, _ = _user_and_text(req, text_required=False)
    target = await _account(app, ref)
    account = await accounts.unban_account(app.ctx, moderator_id=req.actor.id, account_id=target.id)
    return _say("unbanned", who=escape(cards.who(account)))


@command("warn")
async def _warn(app: AdminApp, req: Request) -> list[Reply]:
    ref, reason = _user_and_text(req, text_required=True)
    target = await _account(app, ref)
    await admin.warn_account(
        app.ctx, moderator_id=req.actor.id, account_id=target.id, reason=reason
    )
    return _say("warned", who=escape(cards.who(target)))


_LISTING = re.compile(r"^(offer|request)[:#\s]?([1-9][0-9]{0,17})$", re.IGNORECASE)


def _listing(text: str, command_name: str) -> tuple[str, int]:
    match = _LISTING.match(text.strip())
    if match is None:
        raise Usage(command_name)
    return match.group(1).lower(), int(match.group(2))


@command("hide", "unhide")
async def _hide(app: AdminApp, req: Request) -> list[Reply]:
    hidden = req.name == "hide"
    parts = _split(req.args, 1)
    if not parts or (hidden and len(parts) < 2):
        raise Usage(req.name)
    kind, ident = _listing(parts[0], req.name)
    reason = parts[1].strip() if len(parts) > 1 else ""
    if kind == "offer":
        await offers.set_offer_hidden(
            app.ctx, moderator_id=req.actor.id, offer_id=ident, hidden=hidden, reason=reason
        )
    else:
        await requests.set_request_hidden(
            app.ctx, moderator_id=req.actor.id, request_id=ident, hidden=hidden, reason=reason
        )
    return _say("hidden" if hidden else "unhidden", listing=f"{kind}:{ident}")


@command("verifications")
async def _verifications(app: AdminApp, req: Request) -> list[Reply]:
    waiting = await admin.list_verifications(app.ctx, moderator_id=req.actor.id)
    if not waiting:
        return _say("verifications.none")
    lines = [say("verifications.title", count=len(waiting))]
    rows: list[tuple[Button, ...]] = []
    for account in waiting:
        lines.append(
            f"• {escape(cards.who(account))} · {account.kind.value} · trust {account.trust_score}"
            f" · joined {account.created_at:%Y-%m-%d}"
        )
        rows.append(
            (
                Button(f"✅ #{account.id}", action=encode("adm", "vok", account.id)),
                Button(f"❌ #{account.id}", action=encode("adm", "vno", account.id)),
            )
        )
    return [Reply("\n".join(lines), buttons=tuple(rows[:20]))]


@command("verify_ok")
async def _verify_ok(app: AdminApp, req: Request) -> list[Reply]:
    ref, _ = _user_and_text(req, text_required=False)
    target = await _account(app, ref)
    account = await accounts.decide_verification(
        app.ctx, moderator_id=req.actor.id, account_id=target.id, approve=True
    )
    return _say("verified", who=escape(cards.who(account)))


@command("verify_no")
async def _verify_no(app: AdminApp, req: Request) -> list[Reply]:
    ref, reason = _user_and_text(req, text_required=True)
    target = await _account(app, ref)
    account = await accounts.decide_verification(
        app.ctx, moderator_id=req.actor.id, account_id=target.id, approve=False, reason=reason
    )
    return _say("declined", who=escape(cards.who(account)))


_DELTA = re.compile(r"^[+-][0-9]{1,9}$")


@command("credit")
async def _credit(app: AdminApp, req: Request) -> list[Reply]:
    parts = _split(req.args, 2)
    if len(parts) < 3 or not _DELTA.match(parts[1]):
        raise Usage("credit")
    target = await _account(app, parts[0])
    delta = int(parts[1])
    balance = await credits.adjust_credits(
        app.ctx, moderator_id=req.actor.id, account_id=target.id, delta=delta, reason=parts[2]
    )
    return _say(
        "credited",
        who=escape(cards.who(target)),
        delta=f"{delta:+d}",
        reason=escape(parts[2].strip()),
        balance=balance.credits,
    )


@command("reports")
async def _reports(app: AdminApp, req: Request) -> list[Reply]:
    open_reports = await admin.list_reports(app.ctx, moderator_id=req.actor.id)
    if not open_reports:
        return _say("reports.none")
    lines = [say("reports.title", count=len(open_reports))]
    rows: list[tuple[Button, ...]] = []
    for report in open_reports:
        lines.append(
            f"• #{report.id} {escape(report.subject)} by #{report.actor_id} "
            f"{report.created_at:%m-%d %H:%M}: {italic(escape(report.note or ''))}"
        )
        rows.append((Button(f"Close #{report.id}", action=encode("adm", "rclose", report.id)),))
    return [Reply("\n".join(lines), buttons=tuple(rows[:20]))]


@command("stats")
async def _stats(app: AdminApp, req: Request) -> list[Reply]:
    days = 30
    if req.args:
        if not req.args.isdigit():
            raise Usage("stats")
        days = int(req.args)
    figures = await stats.pilot_stats(app.ctx, days=days, moderator_id=req.actor.id)
    chart = await requests_chart(figures)
    return [
        Reply(
            escape(cards.stats_text(figures)),
            attachments=(
                OutgoingAttachment(
                    ref="", name=f"requests-{figures.days}d.png", kind="photo", data=chart
                ),
            ),
        )
    ]


@command("audit")
async def _audit(app: AdminApp, req: Request) -> list[Reply]:
    subject = req.args.strip()
    if not subject:
        raise Usage("audit")
    if subject.startswith(("@", "#")):
        subject = f"account:{(await _account(app, subject)).id}"
    try:
        trail = await admin.audit_trail(app.ctx, moderator_id=req.actor.id, subject=subject)
    except ValidationFailed:
        raise Usage("audit") from None
    lines = [say("audit.title", subject=escape(trail.subject))]
    lines += cards.audit_text(trail) or [say("audit.empty")]
    return [Reply("\n".join(lines))]


@command("mod")
async def _mod(app: AdminApp, req: Request) -> list[Reply]:
    parts = _split(req.args, 1)
    if len(parts) != 2 or parts[0].lower() not in ("add", "remove"):
        raise Usage("mod")
    on = parts[0].lower() == "add"
    target = await _account(app, parts[1].strip())
    account = await admin.set_moderator(
        app.ctx, actor_id=req.actor.id, owners=app.owners, account_id=target.id, on=on
    )
    return _say("mod.added" if on else "mod.removed", who=escape(cards.who(account)))


@command("refund_stars")
async def _refund_stars(app: AdminApp, req: Request) -> list[Reply]:
    parts = _split(req.args, 1)
    if not parts:
        raise Usage("refund_stars")
    if app.stars_refunder is None:
        return _say("stars.no_refunder")
    payment = await stars.refund_stars_payment(
        app.ctx,
        moderator_id=req.actor.id,
        charge_id=parts[0],
        refunder=app.stars_refunder,
        reason=parts[1].strip() if len(parts) > 1 else "Stars refund by a moderator",
    )
    return _say(
        "stars.refunded",
        charge=escape(payment.charge_id),
        account=payment.account_id,
        stars=payment.stars,
        credits=payment.credits,
    )
