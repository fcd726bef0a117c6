"""Issue 16: pictures and files are real uploads on Discord — the deposit QR code, the
/stats chart, files delivered through the API — and a file Discord cannot carry (too large,
or held by Telegram) is named with where to get it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from api.files import FileStore
from botgig.charts import requests_chart
from bots.discord.app import DiscordFrontEnd
from core.accounts import accounts
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.orders import orders
from core.orders.model import Attachment
from core.shared.context import Context
from handlers.admin.app import AdminApp
from handlers.app import ChatApp
from tests.discord.conftest import ADMIN_CHANNEL, FEED_CHANNEL, NOTICE_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord
from tests.fakes import FakeClock, FakeStore
from tests.fakes_deposits import HashDeriver
from tests.unit.handlers.conftest import place_order

PNG = b"\x89PNG\r\n\x1a\n"
MOD = DUser(700_000_000_000_000_051, "Moderator")


@pytest.fixture
def ctx(store: FakeStore, clock: FakeClock) -> Context:
    """Crypto top-ups on, so /topup answers with a deposit address and its QR code."""
    rules = DepositRules(chain_id=8453, confirmations=12, credits_per_token=100,
                         min_credits=150, token_address="0x" + "ab" * 20, token_symbol="USDC")
    return Context(uow=store, clock=clock, crypto=CryptoTopUps(rules, HashDeriver()))


@pytest.fixture
async def bot(ctx: Context) -> AsyncIterator[DiscordTester]:
    admin_app = AdminApp(ctx, admin_chats=[f"discord:{ADMIN_CHANNEL}"], chart=requests_chart)
    front = DiscordFrontEnd(
        ctx, ChatApp(ctx), token="test-token", feed_channel_id=FEED_CHANNEL,
        admin_channel_id=ADMIN_CHANNEL, fallback_channel_id=NOTICE_CHANNEL,
        admin_app=admin_app, sync_commands=False,
    )
    tester = DiscordTester(front.bot, FakeDiscord())
    await tester.start()
    try:
        yield tester
    finally:
        await tester.close()


async def test_the_deposit_qr_code_is_an_uploaded_picture(bot: DiscordTester, dana: DUser) -> None:
    result = await bot.slash(dana, "topup")
    [qr] = [m for m in result.messages if m.files]
    [(name, data)] = qr.files
    assert name.startswith("deposit-0x") and name.endswith(".png")
    assert data.startswith(PNG)
    address = name.removeprefix("deposit-").removesuffix(".png")
    assert address in qr.text  # the caption holds the address to copy
    assert "another platform" not in result.text and qr.ephemeral


async def test_the_stats_chart_is_an_uploaded_picture(bot: DiscordTester, ctx: Context) -> None:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id=str(MOD.id), display_name=MOD.name
    )
    await accounts.set_role(ctx, granted_by=None, account_id=account.id)
    result = await bot.slash(MOD, "mod", channel_id=ADMIN_CHANNEL, command="stats 7")
    [chart] = [m for m in result.messages if m.files]
    [(name, data)] = chart.files
    assert name == "requests-7d.png" and data.startswith(PNG)
    assert "another platform" not in result.text



def account_of(store: FakeStore, user: DUser) -> int:
    return store.state.identities[("discord", str(user.id))].account_id


@pytest.fixture
def file_store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path, max_bytes=50 * 1024 * 1024)


def stored(file_store: FileStore, order_id: int, name: str, data: bytes) -> Attachment:
    """A file as the API stores a delivery's upload."""
    relative = f"order-{order_id}/0123-{name}"
    path = file_store.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Attachment(name=name, ref=f"file:{relative}", size=len(data))


async def delivered_through_the_api(
    ctx: Context, store: FakeStore, bot: DiscordTester, seller: DUser, buyer: DUser,
    attachment: Callable[[int], Attachment],
) -> int:
    await bot.slash(seller, "help")
    await bot.slash(buyer, "help")
    seller_account = store.state.accounts[account_of(store, seller)]
    buyer_account = store.state.accounts[account_of(store, buyer)]
    order_id = await place_order(ctx, buyer_account, seller_account)
    await orders.deliver_order(ctx, actor_id=seller_account.id, order_id=order_id,
                               note="Rows are in", attachment=attachment(order_id))
    return order_id


class TestApiFiles:
    @pytest.fixture
    def ctx(self, store: FakeStore, clock: FakeClock, file_store: FileStore) -> Context:
        return Context(uow=store, clock=clock, files=file_store)

    @pytest.fixture
    async def front(self, ctx: Context) -> DiscordFrontEnd:
        return DiscordFrontEnd(ctx, ChatApp(ctx), token="test-token",
                               feed_channel_id=FEED_CHANNEL, sync_commands=False)

    async def test_a_file_delivered_through_the_api_is_uploaded_to_the_buyer(
        self, ctx: Context, store: FakeStore, discord_bot: DiscordTester,
        file_store: FileStore, dana: DUser, erin: DUser,
    ) -> None:
        csv = b"sku,price\n1,9.90\n"
        order_id = await delivered_through_the_api(
            ctx, store, discord_bot, dana, erin,
            lambda order: stored(file_store, order, "rows.csv", csv),
        )
        card = (await discord_bot.slash(erin, "order view", order=order_id)).messages[-1]
        [file] = (await discord_bot.press(erin, card, "📎 Get the file")).messages
        assert file.files == [("rows.csv", csv)] and file.ephemeral
        assert "another platform" not in file.text and "larger than" not in file.text

    async def test_a_file_over_discords_limit_is_named_with_where_to_get_it(
        self, ctx: Context, store: FakeStore, discord_bot: DiscordTester,
        file_store: FileStore, dana: DUser, erin: DUser,
    ) -> None:
        # The fake's interactions take 8 MB (attachment_size_limit), as a server without boosts.
        big = b"x" * (9 * 1024 * 1024)
        order_id = await delivered_through_the_api(
            ctx, store, discord_bot, dana, erin,
            lambda order: stored(file_store, order, "dump.bin", big),
        )
        card = (await discord_bot.slash(erin, "order view", order=order_id)).messages[-1]
        [file] = (await discord_bot.press(erin, card, "📎 Get the file")).messages
        assert file.files == []
        assert "dump.bin is larger than the 8 MB Discord lets me upload" in file.text

    async def test_a_telegram_file_is_named_with_where_to_get_it(
        self, ctx: Context, store: FakeStore, discord_bot: DiscordTester,
        dana: DUser, erin: DUser,
    ) -> None:
        order_id = await delivered_through_the_api(
            ctx, store, discord_bot, dana, erin,
            lambda order: Attachment(name="shot.png", ref="AgACAgIAAxkBAAIB", size=10),
        )
        card = (await discord_bot.slash(erin, "order view", order=order_id)).messages[-1]
        [file] = (await discord_bot.press(erin, card, "📎 Get the file")).messages
        assert file.files == []
        # Its copy failed (here: never made): where to get it, on Telegram or the API.
        assert "shot.png from order" in file.text and "kept on Telegram only" in file.text
        assert f"Open order #{order_id} on Telegram" in file.text
        assert f"/api/orders/{order_id}/deliveries/" in file.text

    async def test_a_file_sent_with_an_api_message_is_uploaded_in_the_dm(
        self, ctx: Context, store: FakeStore, front: DiscordFrontEnd, discord_bot: DiscordTester,
        file_store: FileStore, dana: DUser, erin: DUser,
    ) -> None:
        await discord_bot.slash(dana, "help")
        await discord_bot.slash(erin, "help")
        seller = store.state.accounts[account_of(store, dana)]
        buyer = store.state.accounts[account_of(store, erin)]
        order_id = await place_order(ctx, buyer, seller)
        sample = b"first rows\n"
        await orders.send_message(ctx, actor_id=seller.id, order_id=order_id, text="A sample",
                                  attachment=stored(file_store, order_id, "sample.txt", sample))
        for event in store.outbox:
            await front.notifier.deliver(event)
        [relayed] = [m for m in discord_bot.fake.dms(erin) if "A sample" in m.text]
        assert relayed.files == [("sample.txt", sample)]
        assert "another platform" not in relayed.text
