"""Transcript-test helpers for the chat layer, in the zulip_bots ``verify_dialog`` style:
a ``Chat`` is one user in one chat, talking to a ``ChatApp`` over the in-memory fakes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.listings import offers, requests
from core.listings.offers import OfferDraft
from core.listings.requests import RequestDraft
from core.orders import orders
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.markup import to_plain
from handlers.types import Button, Incoming, IncomingAttachment, Platform, PlatformFiles, Reply


@dataclass(frozen=True)
class Press:
    """Press the button whose label contains ``label`` on the last replies."""

    label: str


@dataclass(frozen=True)
class Tap:
    """Press a raw action string (a forged or stale button)."""

    action: str


@dataclass(frozen=True)
class Upload:
    name: str
    text: str = ""


def plain(replies: Sequence[Reply]) -> str:
    return "\n".join(to_plain(r.text) for r in replies)


def buttons(replies: Sequence[Reply]) -> list[Button]:
    return [b for r in replies for row in r.buttons for b in row]


class Chat:
    def __init__(
        self,
        app: ChatApp,
        account: Account,
        *,
        platform: Platform = Platform.TELEGRAM,
        chat_ref: str | None = None,
        language: str = "en",
        files: PlatformFiles | None = None,
    ) -> None:
        self.app = app
        self.account = account
        self.platform = platform
        self.chat_ref = chat_ref or str(account.id * 100)
        self.language = language
        #: The front end's file fetcher (copies of platform files into BotGig's store).
        self.files = files
        self.last: list[Reply] = []

    @property
    def chat_key(self) -> str:
        return f"{self.platform.value}:{self.chat_ref}"

    def incoming(self, **fields: Any) -> Incoming:
        base: dict[str, Any] = {
            "actor_id": self.account.id,
            "platform": self.platform,
            "chat_key": self.chat_key,
            "language": self.language,
        }
        base.update(fields)
        return Incoming(**base)

    async def send(self, text: str, **fields: Any) -> list[Reply]:
        if text.startswith("/"):
            head, _, rest = text.partition(" ")
            incoming = self.incoming(command=head[1:], args=rest, text=text, **fields)
        else:
            incoming = self.incoming(text=text, **fields)
        self.last = await self.app.handle(incoming, None, self.files)
        return self.last

    async def tap(self, action: str) -> list[Reply]:
        self.last = await self.app.handle(self.incoming(action=action), None, self.files)
        return self.last

    def button(self, label: str) -> Button:
        for button in buttons(self.last):
            if label in button.label:
                return button
        raise AssertionError(f"no button {label!r} in {[b.label for b in buttons(self.last)]}")

    async def press(self, label: str) -> list[Reply]:
        action = self.button(label).action
        assert action is not None
        return await self.tap(action)

    async def upload(self, name: str, text: str = "") -> list[Reply]:
        attachment = IncomingAttachment(ref=f"file-{name}", name=name, size=10)
        self.last = await self.app.handle(
            self.incoming(text=text, attachments=(attachment,)), None, self.files
        )
        return self.last


Step = tuple[str | Press | Tap | Upload, str | tuple[str, ...]]


async def verify_dialog(chat: Chat, conversation: Sequence[Step]) -> list[Reply]:
    """Play ``conversation``: each input, then the expected text somewhere in the replies."""
    for said, expected in conversation:
        if isinstance(said, Press):
            replies = await chat.press(said.label)
        elif isinstance(said, Tap):
            replies = await chat.tap(said.action)
        elif isinstance(said, Upload):
            replies = await chat.upload(said.name, said.text)
        else:
            replies = await chat.send(said)
        text = plain(replies)
        for part in (expected,) if isinstance(expected, str) else expected:
            assert part in text, f"after {said!r}: expected {part!r} in:\n{text}"
    return chat.last


async def make_user(ctx: Context, external_id: str, name: str, username: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=external_id, display_name=name
    )
    return await accounts.change_username(ctx, account_id=account.id, username=username)


@pytest.fixture
def app(ctx: Context) -> ChatApp:
    return ChatApp(ctx)


@pytest.fixture
async def alice(ctx: Context) -> Account:
    return await make_user(ctx, "1", "Alice", "alice")


@pytest.fixture
async def bob(ctx: Context) -> Account:
    return await make_user(ctx, "2", "Bob", "bob")


@pytest.fixture
def buyer(app: ChatApp, alice: Account) -> Chat:
    return Chat(app, alice)


@pytest.fixture
def seller(app: ChatApp, bob: Account) -> Chat:
    return Chat(app, bob)


async def publish_offer(ctx: Context, seller: Account, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "title": "Support inbox triage",
        "category": "support-triage",
        "description": "I triage your support inbox with an agent and review every draft.",
        "inputs": "Read access to the inbox",
        "output_format": "Drafts in your helpdesk",
        "delivery_days": 3,
        "bot_pct": 80,
        "price_cents": 15000,
    }
    fields.update(changes)
    offer = await offers.publish_offer(ctx, seller_id=seller.id, draft=OfferDraft(**fields))
    return offer.id


async def post_request(ctx: Context, buyer: Account, **changes: Any) -> int:
    fields: dict[str, Any] = {
        "title": "Scrape 500 product pages",
        "category": "data-extraction",
        "description": "Extract price and stock from 500 public product pages to CSV.",
        "budget_min_cents": 10000,
        "budget_max_cents": 30000,
        "deadline": ctx.clock.now() + timedelta(days=10),
    }
    fields.update(changes)
    request = await requests.post_request(ctx, buyer_id=buyer.id, draft=RequestDraft(**fields))
    return request.id


async def place_order(ctx: Context, buyer: Account, seller: Account) -> int:
    offer_id = await publish_offer(ctx, seller)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer_id)
    return order.id
