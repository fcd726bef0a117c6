"""/export in the conversation layer: the document, the private-chat rule, the usage line,
the rate limit's text in the user's language, a banned account, and an archive larger than
the platform lets a bot send."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from core.accounts import accounts
from core.accounts.export import EXPORT_READY
from core.accounts.export_model import ExportRules
from core.accounts.model import Account
from core.orders.timers import run_due_timers
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.types import Platform
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import moderator
from tests.unit.handlers.conftest import Chat, plain


async def test_export_replies_with_the_zip_as_a_document(buyer: Chat, alice: Account) -> None:
    [reply] = await buyer.send("/export")
    [document] = reply.attachments
    assert document.data is not None and document.data.startswith(b"PK")
    assert document.name.startswith(f"botgig-export-{alice.id}-")
    assert reply.ephemeral
    assert "Your BotGig data" in reply.text


async def test_in_a_telegram_group_it_refuses_but_discord_servers_answer_privately(
    app: ChatApp, alice: Account
) -> None:
    group = Chat(app, alice, chat_ref="-100555")
    [refused] = await group.send("/export", is_private_chat=False)
    assert refused.attachments == () and "private chat" in refused.text
    server = Chat(app, alice, platform=Platform.DISCORD, chat_ref="42")
    [answer] = await server.send("/export", is_private_chat=False)
    assert answer.ephemeral and answer.attachments


async def test_arguments_get_the_usage_line(buyer: Chat) -> None:
    [reply] = await buyer.send("/export everything please")
    assert reply.attachments == () and "Usage: /export" in reply.text


async def test_the_fourth_in_a_day_is_refused_in_the_users_language(
    app: ChatApp, alice: Account
) -> None:
    chat = Chat(app, alice, language="es")
    for _ in range(3):
        assert (await chat.send("/export"))[0].attachments
    [refused] = await chat.send("/export")
    assert refused.attachments == ()
    assert "Puedes exportar tus datos 3 veces cada 24 h" in plain([refused])


async def test_a_banned_account_can_still_export(
    ctx: Context, buyer: Chat, alice: Account
) -> None:
    mod = await moderator(ctx)
    await accounts.ban_account(ctx, moderator_id=mod.id, account_id=alice.id, reason="spam")
    [reply] = await buyer.send("/export")
    assert reply.attachments


async def test_an_archive_over_the_platform_limit_points_to_the_api(
    ctx: Context, alice: Account
) -> None:
    tight = replace(ctx, export=ExportRules(chat_max_bytes=(("telegram", 100),)))
    [reply] = await Chat(ChatApp(tight), alice).send("/export")
    assert reply.attachments == ()
    assert "GET /api/me/export" in reply.text and "/apikey" in reply.text


async def test_the_ready_notice_carries_the_file_or_says_where_it_is(
    ctx: Context, store: FakeStore, clock: FakeClock, alice: Account
) -> None:
    background = replace(ctx, export=ExportRules(background_orders=-1))
    app = ChatApp(background)
    [queued] = await Chat(app, alice).send("/export")
    assert "being prepared" in queued.text and queued.attachments == ()
    await run_due_timers(background)
    [ready] = [e for e in store.outbox if e.type == EXPORT_READY]
    [notice] = await app.render(ready)
    assert notice.account_id == alice.id
    [document] = notice.attachments
    assert document.data is not None and document.data.startswith(b"PK")
    assert f"/api/me/export/{ready.payload['export_id']}" in notice.text
    # Over the limit of the platform it was asked on: no file, the endpoint instead.
    tight = ChatApp(replace(background, export=ExportRules(chat_max_bytes=(("telegram", 10),))))
    [large] = await tight.render(ready)
    assert large.attachments == () and "GET /api/me/export" in large.text
    # Asked on Telegram, but notified on Discord: Discord's smaller limit decides.
    store.state.accounts[alice.id].notify_platform = "discord"
    mixed = ExportRules(chat_max_bytes=(("telegram", 50 * 1024 * 1024), ("discord", 10)))
    [elsewhere] = await ChatApp(replace(background, export=mixed)).render(ready)
    assert elsewhere.attachments == ()
    store.state.accounts[alice.id].notify_platform = None
    # Once expired, the notice (a late retry of the dispatcher) says so.
    clock.advance(ExportRules().keep + timedelta(seconds=1))
    await run_due_timers(background)
    [gone] = await app.render(ready)
    assert gone.attachments == () and "no longer available" in gone.text
