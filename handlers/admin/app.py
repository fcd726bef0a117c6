"""AdminApp: the moderators' channel, platform-neutral, on the user commands' framework.

A chat front end (``bots.telegram.admin``, ``bots.discord.admin``) maps an update to the same
``handlers.types.Incoming`` the user conversation layer takes and sends the ``Reply`` list
back natively; ``owns(incoming)`` says which updates are the admin app's: everything in an
admin channel, and admin commands or ``adm:`` buttons anywhere else (to refuse them).
``render(event)`` gives the admin channel's post for an outbox event: the dispute case card
with its evidence pack and buttons, or a one-line notice. Replies are in the moderator's
language; the channel's posts, read by all moderators, in the default one.

Authorization is checked on every command, button press and prompt answer: the place must be
an admin channel (``admin_chats``: chat keys such as ``telegram:-100123``), the actor a
moderator (the role in the database) and not banned. Refusals are answered and logged in
the audit log. The core re-checks the role in every use case.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from core.credits.ports import StarsRefunder
from core.moderation import admin
from core.moderation.safety import CONTACT_FLAGGED
from core.orders import disputes
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import MarketplaceError, NotFound
from core.shared.events import DomainEvent
from handlers import render as rendering
from handlers import state
from handlers.actions import parse
from handlers.admin import cards
from handlers.admin.commands import ADMIN_COMMANDS, ROUTER, answer_prompt
from handlers.admin.turn import AdminTurn, StatsChart
from handlers.contract import Mention
from handlers.i18n import error_text
from handlers.markup import escape, italic
from handlers.turn import Notice, Usage
from handlers.types import Incoming, Reply

log = logging.getLogger(__name__)

#: Commands refused (and logged) when used outside an admin channel; /help and /cancel are
#: the user bot's own there.
GUARDED = frozenset(ADMIN_COMMANDS) - {"help", "cancel"}
_COMMAND = re.compile(r"/(?P<name>[A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s+(?P<args>[\s\S]*))?\Z")


class AdminApp:
    def __init__(
        self,
        ctx: Context,
        *,
        admin_chats: Iterable[str],
        owners: Sequence[tuple[str, str]] = (),
        stars_refunder: StarsRefunder | None = None,
        chart: StatsChart | None = None,
    ) -> None:
        self.ctx = ctx
        self.admin_chats = frozenset(admin_chats)
        self.owners = tuple(owners)
        #: Gives Telegram Stars back (/refund_stars): the Telegram front end's
        #: ``bots.telegram.payments.TelegramStarsRefunder``; None without a Telegram bot.
        self.stars_refunder = stars_refunder
        #: Draws /stats' chart; without one /stats answers with the figures alone.
        self.chart = chart

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
        name, args = self.command_of(incoming)
        if name is not None:
            incoming = replace(incoming, command=name, args=args)
        turn = AdminTurn(
            self.ctx,
            incoming,
            await state.load_chat(self.ctx, incoming),
            owners=self.owners,
            stars_refunder=self.stars_refunder,
            chart=self.chart,
        )
        try:
            return await self._dispatch(turn, name)
        except Usage as wrong:
            usage = turn.tr(f"admin.usage.{wrong.command}")
            return [Reply(turn.tr("admin.usage", usage=usage), alert=turn.pressed)]
        except Notice as notice:
            return [Reply(turn.tr(notice.key, **notice.values), alert=turn.pressed)]
        except MarketplaceError as error:
            return [Reply("⚠️ " + error_text(turn.tr, error), alert=turn.pressed)]

    async def _dispatch(self, turn: AdminTurn, name: str | None) -> list[Reply]:
        incoming = turn.incoming
        attempt = f"button {incoming.action}" if turn.pressed else f"/{name}"
        if not self.in_admin_chat(incoming):
            await self._refuse(incoming, attempt)
            return [Reply(turn.tr("admin.refused.chat"), alert=turn.pressed, ephemeral=True)]
        prompt = None
        if not turn.pressed and name is None:
            prompt = turn.prompt()
            if prompt is None:
                # Plain text with no prompt open: other chatter is not the bot's business.
                return []
        actor = await turn.account()
        if actor.is_banned or not actor.is_moderator:
            await self._refuse(incoming, "prompt answer" if prompt is not None else attempt)
            key = "admin.refused.banned" if actor.is_banned else "admin.refused.role"
            return [Reply(turn.tr(key), alert=turn.pressed)]
        if prompt is not None:
            return await answer_prompt(turn, prompt)
        if turn.pressed:
            action = parse(incoming.action)
            handler = ROUTER.actions.get((action.domain, action.verb)) if action else None
            if action is None or handler is None:
                raise Notice("admin.button_invalid")
            return await handler(turn, action)
        assert name is not None
        command = ROUTER.commands.get(name)
        if command is None:
            return turn.say("admin.unknown", name=escape(name[:32]))
        turn.command = name
        return await command(turn)

    async def _refuse(self, incoming: Incoming, attempt: str) -> None:
        where = "private chat" if incoming.is_private_chat else incoming.chat_key
        log.warning("admin action %r refused to account %s in %s", attempt, incoming.actor_id,
                    where)
        await admin.log_refusal(
            self.ctx, actor_id=incoming.actor_id, command=attempt, where=where
        )

    # -- the channel's posts ----------------------------------------------------------------

    async def render(
        self, event: DomainEvent, *, mention: Mention | None = None, platform: str | None = None
    ) -> list[Reply]:
        """The admin channel's post for an event published to it (empty when none), naming
        the admin commands as typed in that channel's ``platform``."""
        if "admin" not in event.channels:
            return []
        tr = rendering.translator_for(None, platform)
        now = self.ctx.clock.now()
        if event.type == ev.ORDER_DISPUTED:
            order_id = event.payload.get("order_id")
            case = await admin.case_of_order(self.ctx, order_id=int(order_id or 0))
            if case is not None:
                text = cards.case_card(self.ctx, tr, case, now=now)
                return [Reply(text, buttons=cards.case_buttons(tr, case))]
        if event.type == disputes.DISPUTE_UNCLAIMED:
            try:
                case = await admin.load_case(
                    self.ctx, dispute_id=int(event.payload.get("dispute_id") or 0)
                )
            except NotFound:
                return []
            if case.dispute.claimed_by is not None or case.dispute.ruling is not None:
                return []
            called = await self._mentions(mention) or tr("admin.moderators_wanted")
            text = cards.case_card(self.ctx, tr, case, now=now, mention=called)
            return [Reply(text, buttons=cards.case_buttons(tr, case))]
        if event.type == CONTACT_FLAGGED:
            p = event.payload
            kinds = ", ".join(str(k) for k in p.get("kinds") or ())
            text = tr(
                "admin.contact_flagged",
                kinds=escape(kinds),
                account=p.get("account_id"),
                subject=escape(str(p.get("subject"))),
                excerpt=italic(escape(str(p.get("excerpt") or ""))),
            )
            return [Reply(text)]
        post = rendering.render_feed(self.ctx, event, tr.language, platform)
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
