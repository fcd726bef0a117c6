"""What every renderer builds on: the view of one event for one recipient, the registry of
renderers by event type, and the recipient's language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.accounts.model import Account, Authorship
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import fmt
from handlers.actions import encode
from handlers.i18n import Translator, language_for
from handlers.markup import escape, italic
from handlers.types import Button, OutgoingAttachment

Buttons = tuple[tuple[Button, ...], ...]

#: Payload keys that name accounts (loaded once per event, with their supervisors).
PEOPLE_KEYS = (
    "buyer_id",
    "seller_id",
    "author_id",
    "actor_id",
    "account_id",
    "subject_id",
    "moderator_id",
    "reporter_id",
)


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: Buttons = ()
    attachments: tuple[OutgoingAttachment, ...] = ()


class EventView:
    """What a renderer needs: the event, the recipient, the accounts it names, the catalog."""

    def __init__(
        self,
        ctx: Context,
        event: DomainEvent,
        recipient: Account | None,
        people: dict[int, Account],
        tr: Translator,
    ) -> None:
        self.ctx = ctx
        self.event = event
        self.p: dict[str, Any] = event.payload
        self.recipient = recipient
        self.people = people
        self.tr = tr

    @property
    def now(self) -> datetime:
        return self.event.occurred_at or self.ctx.clock.now()

    @property
    def order_id(self) -> int | None:
        value = self.p.get("order_id")
        return value if isinstance(value, int) else None

    def num(self, key: str) -> int:
        value = self.p.get(key)
        return value if isinstance(value, int) else 0

    def text(self, key: str, limit: int = 500) -> str:
        return escape(fmt.shorten(str(self.p.get(key) or ""), limit))

    def is_recipient(self, key: str) -> bool:
        return self.recipient is not None and self.p.get(key) == self.recipient.id

    def name(self, account_id: object) -> str:
        if not isinstance(account_id, int):
            return self.tr("role.system")
        account = self.people.get(account_id)
        return fmt.handle(account) if account else f"#{account_id}"

    def label(self, account_id: object, authorship: Authorship | None = None) -> str:
        account = self.people.get(account_id) if isinstance(account_id, int) else None
        if account is None:
            return self.name(account_id)
        supervisor = self.people.get(account.supervisor_id) if account.supervisor_id else None
        return fmt.author_label(self.tr, account, supervisor, authorship)

    def money(self, key: str) -> str:
        return fmt.money(
            self.num(key),
            str(self.p.get("currency") or self.ctx.rules.currency),
            self.tr.language,
        )

    def order(self) -> str:
        title = self.p.get("title")
        if title:
            return self.tr("n.order_ref", id=self.order_id, title=escape(str(title)))
        return self.tr("n.order_ref_bare", id=self.order_id)

    def note(self, key: str = "note") -> str:
        value = self.p.get(key)
        return "\n" + italic(escape(fmt.shorten(str(value), 600))) if value else ""

    def due(self) -> str:
        raw = self.p.get("due_at") or self.p.get("deadline")
        if not raw:
            return ""
        return fmt.countdown(self.tr, datetime.fromisoformat(str(raw)), self.now)

    def button(self, key: str, action: str, **values: object) -> Button:
        return Button(self.tr(key, **values), action=action)

    def act(self, key: str, verb: str) -> Button:
        """A button doing ``verb`` on the event's order (``ord:<verb>:<id>``)."""
        return self.button(key, encode("ord", verb, self.order_id or 0))

    def open_button(self) -> Button:
        return self.act("btn.open_order", "open")

    def actor(self) -> str:
        return self.name(self.p.get("actor_id"))

    def say(self, key: str, *rows: tuple[Button, ...], **values: object) -> Rendered:
        return Rendered(self.tr(key, **values), buttons=tuple(r for r in rows if r))

    def about_order(self, key: str, *rows: tuple[Button, ...], **values: object) -> Rendered:
        """``say`` for a notice about the event's order: ``{order}`` is its reference, and
        without other rows the one button opens it."""
        return self.say(key, *(rows or ((self.open_button(),),)), order=self.order(), **values)


Renderer = Callable[[EventView], Rendered | None]
RENDERERS: dict[str, Renderer] = {}


def renders(*types: str) -> Callable[[Renderer], Renderer]:
    def register(renderer: Renderer) -> Renderer:
        for event_type in types:
            RENDERERS[event_type] = renderer
        return renderer

    return register


LateRenderer = Callable[[EventView], Awaitable[Rendered | None]]
#: Renderers that read storage (a notice carrying a stored file), awaited per recipient.
LATE_RENDERERS: dict[str, LateRenderer] = {}


def renders_late(*types: str) -> Callable[[LateRenderer], LateRenderer]:
    def register(renderer: LateRenderer) -> LateRenderer:
        for event_type in types:
            LATE_RENDERERS[event_type] = renderer
        return renderer

    return register


def translator_for(account: Account | None, platform: str | None = None) -> Translator:
    """The language a notification or admin reply is written in for ``account`` (None: a
    shared channel), naming commands as typed on ``platform`` (None: Telegram's). Every
    notification and admin reply takes its ``Translator`` from here."""
    if account is None:
        return Translator(None, platform)
    return Translator(language_for(account, account.client_language), platform)


def deep_link_payload(kind: str, ident: int) -> str:
    """The /start payload that opens a card: ``offer_12``, ``request_7``, ``order_5``."""
    return f"{kind}_{ident}"

