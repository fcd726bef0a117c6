"""/refund_stars in the moderators' admin channel (handlers.admin.AdminApp)."""

from __future__ import annotations

from core.accounts.model import Account
from core.credits import credits, stars
from core.credits.stars_model import StarsPaymentStatus
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.markup import to_plain
from handlers.types import Incoming, Platform
from tests.fakes import FakeStore
from tests.stars.conftest import FakeRefunder

ADMIN_KEY = "telegram:-100999"


def say(who: Account, text: str, chat_key: str = ADMIN_KEY) -> Incoming:
    return Incoming(actor_id=who.id, platform=Platform.TELEGRAM, chat_key=chat_key, text=text)


async def test_refund_stars_from_the_admin_channel(
    sctx: Context, store: FakeStore, ada: Account, moderator: Account, refunder: FakeRefunder
) -> None:
    await stars.record_stars_payment(
        sctx, charge_id="stxAdm", payload=f"bgs1:{ada.id}:100:50", currency="XTR",
        total_amount=50, telegram_user_id=1001,
    )
    app = AdminApp(sctx, admin_chats=[ADMIN_KEY], stars_refunder=refunder)

    usage = await app.handle(say(moderator, "/refund_stars"))
    assert "/refund_stars <charge id>" in to_plain(usage[0].text)
    outsider = await app.handle(say(ada, "/refund_stars stxAdm", chat_key="telegram:1001"))
    assert "only in the moderators' admin channel" in to_plain(outsider[0].text)
    assert refunder.calls == []

    done = await app.handle(say(moderator, "/refund_stars stxAdm the user asked"))
    assert "stxAdm refunded: 50 Stars back to account" in to_plain(done[0].text)
    assert refunder.calls == [(1001, "stxAdm")]
    assert store.state.stars_payments["stxAdm"].status is StarsPaymentStatus.REFUNDED
    assert (await credits.get_balance(sctx, account_id=ada.id)).credits == 100
    audit = [a for a in store.state.audit if a.action == "stars.refund"]
    assert audit[0].note == "the user asked"

    again = await app.handle(say(moderator, "/refund_stars stxAdm"))
    assert "refunded already" in to_plain(again[0].text)


async def test_refund_stars_needs_the_telegram_bot(
    sctx: Context, moderator: Account
) -> None:
    app = AdminApp(sctx, admin_chats=[ADMIN_KEY])
    replies = await app.handle(say(moderator, "/refund_stars stxAny"))
    assert "need the Telegram bot" in to_plain(replies[0].text)
