"""One user action being handled (``Turn``) and the routing tables the feature modules fill
in (``Router``): commands by name, button actions by ``domain:verb``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from core.accounts import accounts
from core.accounts.model import Account
from core.shared.context import Context
from core.shared.errors import AccountBanned, MarketplaceError
from handlers.actions import Action
from handlers.i18n import Translator, language_for
from handlers.state import ChatState, save_chat
from handlers.types import Busy, Button, ChatActions, Incoming, PlatformFiles, Reply

Buttons = tuple[tuple[Button, ...], ...]


class Usage(Exception):
    """Wrong arguments for a command: the user gets its usage line and an example."""

    def __init__(self, command: str) -> None:
        super().__init__(command)
        self.command = command


class Notice(Exception):
    """Stop handling and tell the user something (an alert when a button was pressed)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class Turn:
    def __init__(
        self,
        ctx: Context,
        incoming: Incoming,
        state: ChatState,
        actions: ChatActions | None = None,
        files: PlatformFiles | None = None,
    ) -> None:
        self.ctx = ctx
        self.incoming = incoming
        self.state = state
        self._actions = actions
        #: Fetches files sent on this platform (for copies into BotGig's store).
        self.files = files
        self.tr = Translator(incoming.language, incoming.platform.value)
        #: The command being run (also when a menu button runs it), without the slash.
        self.command: str | None = None
        self._account: Account | None = None

    async def busy(self, kind: Busy) -> None:
        """Show the client's indicator before preparing a slow reply (a file, a picture)."""
        if self._actions is not None:
            await self._actions.busy(kind)

    @property
    def actor_id(self) -> int:
        return self.incoming.actor_id

    @property
    def args(self) -> str:
        return self.incoming.args.strip()

    @property
    def pressed(self) -> bool:
        return self.incoming.action is not None

    def now(self) -> datetime:
        return self.ctx.clock.now()

    async def find_language(self) -> None:
        """Speak the account's chosen language, else the client's (``Incoming.language``)."""
        if self.incoming.account is not None and self.incoming.account.id == self.actor_id:
            self._account = self.incoming.account
            self.speak(language_for(self._account, self.incoming.language))
            return
        try:
            account = await accounts.find_account(self.ctx, reference=f"#{self.actor_id}")
        except MarketplaceError:
            return
        self.speak(language_for(account, self.incoming.language))

    def speak(self, language: str) -> None:
        """Answer in ``language`` from now on (also after ``/settings language``)."""
        self.tr = Translator(language, self.incoming.platform.value)

    async def account(self) -> Account:
        if self._account is None:
            self._account = await accounts.find_account(self.ctx, reference=f"#{self.actor_id}")
        return self._account

    async def require_active(self) -> Account:
        """The actor, refused with the ban notice before any form or action starts."""
        account = await self.account()
        if account.is_banned:
            raise AccountBanned()
        return account

    async def save_state(self) -> None:
        await save_chat(self.ctx, self.incoming, self.state)

    def say(
        self, key: str, /, *, buttons: Buttons = (), edit: bool = False, **values: object
    ) -> list[Reply]:
        return [Reply(self.tr(key, **values), buttons=buttons, edit=edit)]

    def button(self, key: str, action: str, /, **values: object) -> Button:
        return Button(self.tr(key, **values), action=action)


Handler = Callable[[Turn], Awaitable[list[Reply]]]
ActionHandler = Callable[[Turn, Action], Awaitable[list[Reply]]]


class Router:
    def __init__(self) -> None:
        self.commands: dict[str, Handler] = {}
        self.actions: dict[tuple[str, str], ActionHandler] = {}

    def command(self, *names: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for name in names:
                self.commands[name] = handler
            return handler

        return register

    def action(self, domain: str, *verbs: str) -> Callable[[ActionHandler], ActionHandler]:
        def register(handler: ActionHandler) -> ActionHandler:
            for verb in verbs:
                self.actions[(domain, verb)] = handler
            return handler

        return register

    def include(self, other: Router) -> None:
        self.commands.update(other.commands)
        self.actions.update(other.actions)


def parse_id(text: str | None) -> int | None:
    """``12`` or ``#12`` as an id; None for anything else."""
    value = (text or "").strip().lstrip("#")
    if value.isdigit() and value.isascii() and len(value) <= 18:
        number = int(value)
        return number if number > 0 else None
    return None
