"""The admin channel's fixtures: a small marketplace with a disputed order, its moderators
and an ``AdminApp`` serving the admin chat ``telegram:-100999``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from botgig.charts import requests_chart
from core.accounts import accounts
from core.accounts.model import Account
from core.listings import offers
from core.listings.offers import OfferDraft
from core.orders import disputes, orders
from core.orders.model import Dispute, Order
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.types import Incoming, Platform, Reply
from tests.e2e.conftest import alice, bob, fake_telegram  # noqa: F401  (the fake Bot API)
from tests.fakes import FakeClock, FakeStore

ADMIN_CHAT = -100_999
ADMIN_KEY = f"telegram:{ADMIN_CHAT}"
OWNER_TG = "900"


def draft(**overrides: object) -> OfferDraft:
    values: dict[str, object] = {
        "title": "Support inbox triage",
        "category": "support-triage",
        "description": "I triage your support inbox with an agent and review every draft.",
        "inputs": "Read access to the inbox",
        "output_format": "Drafts in your helpdesk",
        "delivery_days": 3,
        "bot_pct": 80,
        "price_cents": 20_000,
        "revisions_included": 1,
    }
    values.update(overrides)
    return OfferDraft(**values)  # type: ignore[arg-type]


async def person(ctx: Context, tg_id: str, name: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id=tg_id, display_name=name
    )
    return account


async def make_moderator(ctx: Context, account: Account) -> Account:
    return await accounts.set_role(ctx, granted_by=None, account_id=account.id)


@dataclass
class World:
    ctx: Context
    store: FakeStore
    clock: FakeClock
    app: AdminApp
    buyer: Account
    seller: Account
    mod: Account
    mod2: Account
    owner: Account
    outsider: Account
    banned_mod: Account
    order: Order
    dispute: Dispute

    def incoming(
        self,
        who: Account,
        text: str = "",
        *,
        action: str | None = None,
        private: bool = False,
        chat_key: str | None = None,
    ) -> Incoming:
        key = chat_key or (f"telegram:{who.id}" if private else ADMIN_KEY)
        return Incoming(
            actor_id=who.id,
            platform=Platform.TELEGRAM,
            chat_key=key,
            text=text,
            action=action,
            is_private_chat=private,
        )

    async def say(self, who: Account, text: str, **kw: object) -> list[Reply]:
        return await self.app.handle(self.incoming(who, text, **kw))  # type: ignore[arg-type]

    async def press(self, who: Account, action: str, **kw: object) -> list[Reply]:
        return await self.app.handle(self.incoming(who, action=action, **kw))  # type: ignore[arg-type]

    def audit(self, action: str) -> list[object]:
        return [e for e in self.store.state.audit if e.action == action]


async def build_world(ctx: Context, store: FakeStore, clock: FakeClock) -> World:
    buyer = await person(ctx, "1001", "Alice")
    seller = await person(ctx, "2002", "Bob")
    mod = await make_moderator(ctx, await person(ctx, "501", "Mod One"))
    mod2 = await make_moderator(ctx, await person(ctx, "502", "Mod Two"))
    owner = await make_moderator(ctx, await person(ctx, OWNER_TG, "Owner"))
    outsider = await person(ctx, "3003", "Mallory")
    banned_mod = await make_moderator(ctx, await person(ctx, "504", "Fallen Mod"))
    await accounts.ban_account(
        ctx, moderator_id=owner.id, account_id=banned_mod.id, reason="left the team"
    )
    offer = await offers.publish_offer(ctx, seller_id=seller.id, draft=draft())
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer.id)
    await orders.send_message(ctx, actor_id=seller.id, order_id=order.id, text="Starting now")
    clock.advance(timedelta(hours=2))
    await orders.deliver_order(ctx, actor_id=seller.id, order_id=order.id, note="Drafts are in")
    clock.advance(timedelta(hours=1))
    dispute = await disputes.open_dispute(
        ctx, actor_id=buyer.id, order_id=order.id, reason="Half of the drafts are missing."
    )
    app = AdminApp(ctx, admin_chats=[ADMIN_KEY], owners=[("telegram", OWNER_TG)],
                   chart=requests_chart)
    fresh = store.state.orders[order.id]
    return World(ctx, store, clock, app, buyer, seller, mod, mod2, owner, outsider,
                 await accounts.find_account(ctx, reference=f"#{banned_mod.id}"), fresh, dispute)


@pytest.fixture
async def world(ctx: Context, store: FakeStore, clock: FakeClock) -> World:
    return await build_world(ctx, store, clock)


def text_of(replies: list[Reply]) -> str:
    return "\n---\n".join(r.text for r in replies)
