"""ChatApp: the conversation layer every chat front end calls.

A front end maps a platform update to an ``Incoming`` and sends the ``Reply`` list back;
it delivers ``render(event)`` notifications and, after sending a relayed message, calls
``remember_relay`` so a reply to it goes back into its order. ``handle`` never raises a
``MarketplaceError``: it becomes a reply (an alert for a button press) with the error's
message. Anything else propagates, for the front end to log and answer generically.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from core.shared.context import Context
from core.shared.errors import AccountBanned, MarketplaceError
from core.shared.events import DomainEvent
from handlers import render as rendering
from handlers import state
from handlers.actions import parse
from handlers.commands import ROUTERS
from handlers.commands.orders import relay
from handlers.commands.start import COMMAND_MENU, MENU_COMMANDS
from handlers.forms import form_action, form_text
from handlers.i18n import Translator, error_text
from handlers.markup import escape
from handlers.turn import Notice, Router, Turn, Usage
from handlers.types import ChatActions, Incoming, Notification, PlatformFiles, Reply

log = logging.getLogger(__name__)

deep_link_payload = rendering.deep_link_payload


def _command_name(raw: str) -> str:
    """``/Start@BotGigBot`` → ``start``."""
    return raw.strip().lstrip("/").split("@", 1)[0].lower()


class ChatApp:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.router = Router()
        for router in ROUTERS:
            self.router.include(router)

    async def handle(
        self,
        incoming: Incoming,
        actions: ChatActions | None = None,
        files: PlatformFiles | None = None,
    ) -> list[Reply]:
        """Answer one user action. A ``MarketplaceError`` becomes a reply with its message
        (``alert=True`` for a button press); other exceptions propagate. ``actions`` shows
        the client's "sending a file…" indicator where a reply is slow to prepare; ``files``
        fetches the platform's files, so deliveries are copied into BotGig's store."""
        chat = await state.load_chat(self.ctx, incoming)
        turn = Turn(self.ctx, incoming, chat, actions, files)
        await turn.find_language()
        try:
            return await self._dispatch(turn)
        except Usage as usage:
            return [Reply(turn.tr(f"usage.{usage.command}"), alert=turn.pressed)]
        except Notice as notice:
            return [Reply(turn.tr(notice.key, **notice.values), alert=turn.pressed)]
        except MarketplaceError as error:
            return [Reply(await self._error_text(turn, error), alert=turn.pressed)]

    async def _error_text(self, turn: Turn, error: MarketplaceError) -> str:
        text = "⚠️ " + error_text(turn.tr, error)
        if isinstance(error, AccountBanned) and not turn.pressed:
            try:
                account = await turn.account()
            except MarketplaceError:
                return text
            if account.ban_reason:
                text += "\n" + turn.tr("banned.reason", reason=escape(account.ban_reason))
        return text

    async def _dispatch(self, turn: Turn) -> list[Reply]:
        incoming = turn.incoming
        if incoming.action is not None:
            return await self._press(turn)
        command, args = incoming.command, incoming.args
        if command is None and incoming.text.startswith("/"):
            head, _, rest = incoming.text.partition(" ")
            command, args = head, rest
        if command is not None:
            name = _command_name(command)
            if args != incoming.args:
                turn.incoming = replace(incoming, command=name, args=args)
            return await self._run(turn, name)
        if turn.state.form is not None:
            return await form_text(turn, incoming.text, incoming.attachments)
        replied_order = await state.relayed_order(self.ctx, incoming)
        if replied_order is not None:
            return await relay(turn, replied_order, incoming.text, incoming.attachments)
        if turn.state.in_order is not None:
            return await relay(turn, turn.state.in_order, incoming.text, incoming.attachments)
        if incoming.is_private_chat:
            return turn.say("fallback")
        return []

    async def _run(self, turn: Turn, name: str) -> list[Reply]:
        handler = self.router.commands.get(name)
        if handler is None:
            return turn.say("unknown_command", name=escape(name[:32]))
        turn.command = name
        return await handler(turn)

    async def _press(self, turn: Turn) -> list[Reply]:
        action = parse(turn.incoming.action)
        if action is None:
            raise Notice("button.invalid")
        if action.domain == "frm":
            return await form_action(turn, action)
        if action.domain == "cmd":
            if action.verb not in MENU_COMMANDS or action.args:
                raise Notice("button.invalid")
            return await self._run(turn, action.verb)
        handler = self.router.actions.get((action.domain, action.verb))
        if handler is None:
            raise Notice("button.invalid")
        return await handler(turn, action)

    async def render(
        self, event: DomainEvent, platform: str | None = None
    ) -> list[Notification]:
        """One notification per recipient that should hear about ``event``, in their
        language; plus the admin or feed channel post (``account_id`` 0, the channel in
        ``extra["channel"]``, a feed card's deep-link payload in ``extra["deep_link"]``).
        Commands are named as typed on ``platform`` (the front end that sends them)."""
        return await rendering.render_event(self.ctx, event, platform)

    def render_feed(
        self, event: DomainEvent, language: str = "en", platform: str | None = None
    ) -> Notification | None:
        return rendering.render_feed(self.ctx, event, language, platform)

    async def remember_relay(
        self, platform: str, chat_ref: str, message_ref: str, order_id: int
    ) -> None:
        """After sending a notification with ``order_id`` set, record which order the sent
        message belongs to, so a reply to it (``Incoming.reply_to_ref``) goes there. The
        chat's ``Incoming.chat_key`` must be ``<platform>:<chat_ref>``."""
        await state.remember_relay(self.ctx, platform, chat_ref, message_ref, order_id)

    def command_menu(self, language: str) -> list[tuple[str, str]]:
        """(command, short description) pairs for Telegram's setMyCommands and Discord's
        slash-command registration."""
        tr = Translator(language)
        return [(name, tr(f"cmd.{name}")) for name in COMMAND_MENU]
