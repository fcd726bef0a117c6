"""Transcripts of every chat command against the in-memory fakes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.credits import credits
from core.listings import offers, proposals
from core.shared import ledger
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.i18n import ENGLISH, Translator
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import (
    Chat,
    Press,
    Tap,
    buttons,
    make_user,
    plain,
    post_request,
    publish_offer,
    verify_dialog,
)


async def test_start_welcomes_first_contact_with_the_balance(buyer: Chat) -> None:
    await verify_dialog(
        buyer,
        [
            ("/start", ("Welcome to BotGig, Alice", "100 credits")),
            ("/start", ("Welcome back, Alice", "100 credits")),
        ],
    )
    assert any("Browse offers" in b.label for b in buttons(buyer.last))


async def test_start_deep_links(ctx: Context, buyer: Chat, bob: Account, alice: Account) -> None:
    offer_id = await publish_offer(ctx, bob)
    request_id = await post_request(ctx, bob)
    await verify_dialog(
        buyer,
        [
            (f"/start offer_{offer_id}", ("Welcome to BotGig", "Support inbox triage", "$150.00")),
            (f"/start request_{request_id}", ("Scrape 500 product pages", "Budget $100.00")),
            ("/start offer_9999", "Offer 9999 was not found"),
            ("/start bogus", "start link is not valid"),
        ],
    )
    assert "Welcome back" not in plain(await buyer.send(f"/start offer_{offer_id}"))


async def test_help_menu_and_menu_buttons(buyer: Chat) -> None:
    await verify_dialog(
        buyer,
        [
            ("/help", ("/offers [category] [words]", "/report <what> <reason>")),
            ("/menu", "what would you like to do"),
            (Press("Balance"), "100 credits"),
            (Tap("cmd:history"), "Credit history"),
            (Tap("cmd:bid"), "no longer valid"),
        ],
    )


async def test_unknown_command_points_to_help(buyer: Chat) -> None:
    await verify_dialog(buyer, [("/frobnicate", "There is no /frobnicate command. Send /help")])
    await verify_dialog(buyer, [("/<b>x</b>", "There is no /<b>x</b> command")])
    assert "&lt;b&gt;" in buyer.last[0].text


async def test_plain_text_without_context(app: ChatApp, buyer: Chat, alice: Account) -> None:
    await verify_dialog(buyer, [("hello", "Send /menu for buttons")])
    group = Chat(app, alice, chat_ref="-100")
    replies = await app.handle(group.incoming(text="hello", is_private_chat=False))
    assert replies == []


@pytest.mark.parametrize(
    "command",
    [
        "/bid",
        "/bid abc",
        "/proposals",
        "/order x",
        "/msg",
        "/msg 5",
        "/deliver",
        "/approve",
        "/approve me",
        "/revise",
        "/dispute",
        "/cancelorder",
        "/review",
        "/review 5 ten stars",
        "/username",
        "/username a b",
        "/agents frob",
        "/agents new",
        "/report nothing-here",
    ],
)
async def test_wrong_arguments_answer_with_usage_and_example(buyer: Chat, command: str) -> None:
    text = plain(await buyer.send(command))
    assert "Usage:" in text and "Example:" in text, text


async def test_browse_offers_with_filters_and_pages(
    ctx: Context, clock: FakeClock, buyer: Chat, bob: Account
) -> None:
    for n in range(7):
        await publish_offer(ctx, bob, title=f"Inbox triage number {n}")
        clock.advance(timedelta(minutes=1))
    await publish_offer(ctx, bob, title="Price tracker", category="price-tracking")
    await verify_dialog(
        buyer,
        [
            ("/offers", ("Offers · all categories", "Price tracker", "Filter with /offers")),
            ("/offers price-tracking", ("Competitive price", "Price tracker")),
            ("/offers support-triage number", ("Inbox triage number 6",)),
            (Press("Next page"), ("Inbox triage number 1",)),
            ("/offers seo", "No active offers"),
            ("/offers zebra", "No active offers for “zebra”"),
        ],
    )
    assert "Inbox triage number 6" not in plain(buyer.last)
    assert buyer.last[0].edit is False
    await buyer.send("/offers support-triage number")
    page_two = await buyer.press("Next page")
    assert page_two[0].edit
    assert not any("Next page" in b.label for b in buttons(page_two))
    await verify_dialog(buyer, [(Tap("brw:next:000000000000:5"), "out of date")])


async def test_browse_requests_pages_and_view(
    ctx: Context, clock: FakeClock, seller: Chat, alice: Account
) -> None:
    ids = []
    for n in range(6):
        ids.append(await post_request(ctx, alice, title=f"Scrape shop number {n}"))
        clock.advance(timedelta(minutes=1))
    await verify_dialog(
        seller,
        [
            ("/requests data-extraction", ("Scrape shop number 5", "📨 0")),
            (Press("Next page"), "Scrape shop number 0"),
            (
                Press(f"#{ids[0]}"),
                ("Scrape shop number 0", "Budget $100.00–$300.00", "proposals close in 10d"),
            ),
        ],
    )
    assert any("Send a proposal" in b.label for b in buttons(seller.last))


async def test_myoffers_pause_resume_renew_boost(ctx: Context, seller: Chat, bob: Account) -> None:
    offer_id = await publish_offer(ctx, bob)
    await verify_dialog(
        seller,
        [
            ("/myoffers", ("Your offers (1)", "Support inbox triage", "active", "in 30d")),
            (Press("Pause"), "paused"),
            (Press("Resume"), "active"),
            (Press("Renew"), ("renewed", "5 credits spent; balance 85", "in 60d")),
            (Press("Boost"), "Boost offer"),
            (Press("3 days"), ("boosted until", "15 credits spent; balance 70")),
        ],
    )
    await verify_dialog(seller, [(Tap(f"off:view:{offer_id}"), ("🚀 Boosted", "Listed until"))])
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 70


async def test_empty_lists(buyer: Chat) -> None:
    await verify_dialog(
        buyer,
        [
            ("/myoffers", "no offers yet"),
            ("/myrequests", "no requests yet"),
            ("/orders", "no orders yet"),
            ("/history", "Welcome grant"),
            ("/agents", "supervise no agents yet"),
        ],
    )


async def test_foreign_offer_buttons_change_nothing(
    ctx: Context, buyer: Chat, bob: Account, store: FakeStore
) -> None:
    offer_id = await publish_offer(ctx, bob)
    before = len(store.outbox)
    for action in (f"off:pause:{offer_id}", f"off:renew:{offer_id}", f"off:boost:{offer_id}:3"):
        replies = await buyer.tap(action)
        assert replies[0].alert, action
        assert "not yours" in plain(replies)
    replies = await buyer.tap(f"off:boost:{offer_id}")
    assert replies[0].alert
    view = await offers.get_offer(ctx, offer_id=offer_id)
    assert view.offer.status.value == "active" and view.offer.boosted_until is None
    assert len(store.outbox) == before


async def test_order_an_offer_with_a_confirmation(
    ctx: Context, buyer: Chat, seller: Chat, bob: Account
) -> None:
    offer_id = await publish_offer(ctx, bob)
    await verify_dialog(
        buyer,
        [
            (Tap(f"off:view:{offer_id}"), ("Support inbox triage", "trust", "🤖 80% automated")),
            (Press("Order"), ("Order Support inbox triage from @bob for $150.00", "off-platform")),
            (Press("Place order"), ("Order #", "placed", "in progress", "due in 3d")),
        ],
    )
    await verify_dialog(seller, [(Tap(f"off:order:{offer_id}"), "your own offer")])
    assert seller.last[0].alert


async def test_myrequests_and_close(ctx: Context, buyer: Chat, alice: Account) -> None:
    await post_request(ctx, alice)
    await verify_dialog(
        buyer,
        [
            ("/myrequests", ("Your requests (1)", "Scrape 500 product pages", "open", "📨 0")),
            (Press("Close request"), "closed; its pending proposals were declined"),
            ("/myrequests", "closed"),
        ],
    )


async def test_bid_and_proposals_and_accept(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account, store: FakeStore
) -> None:
    request_id = await post_request(ctx, alice)
    await verify_dialog(
        seller,
        [
            (f"/bid {request_id}", ("Proposal for request", "Scrape 500", "Proposal · 1/3")),
            ("short", "at least 10 characters"),
            ("I will scrape it with a bot and check it by hand.", "2/3"),
            ("200", "3/3"),
            (Press("3"), ("Price: $200.00", "This is free")),
            (Press("Send proposal"), ("Proposal #", "sent on request")),
            (f"/bid {request_id}", "Proposal · 1/3"),
            ("Another pitch for the same request.", "2/3"),
            ("150", "3/3"),
            ("2", "check and confirm"),
            ("yes", "already have a pending proposal"),
        ],
    )
    await verify_dialog(buyer, [(f"/bid {request_id}", "your own request")])
    await verify_dialog(
        seller,
        [(f"/proposals {request_id}", ("1 proposal on", "$200.00", "3 days"))],
    )
    assert any("Withdraw" in b.label for b in buttons(seller.last))
    assert not any("Accept" in b.label for b in buttons(seller.last))
    await verify_dialog(
        buyer,
        [
            ("/proposals 99999", "Request 99999 was not found"),
            (f"/proposals {request_id}", ("👤 @bob · trust", "$200.00", "I will scrape it")),
            (
                Press("Accept"),
                (
                    "Accept proposal #",
                    "from @bob: $200.00, delivered in 3 days?",
                    "request #",
                    "which closes",
                    "no other pending proposals",
                ),
            ),
        ],
    )
    assert not store.state.orders  # nothing happens before the confirmation
    await verify_dialog(
        buyer,
        [
            (
                Press("Yes, accept"),
                ("Accepted: order #", "@bob", "in progress", "Revisions used: 0 of 1"),
            ),
        ],
    )
    assert any(e.type == "application.accepted" for e in store.outbox)
    # The accept button again: the proposal is no longer pending, nothing changes.
    proposal = (await proposals.list_proposals(ctx, viewer_id=alice.id, request_id=request_id))[0]
    events = len(store.outbox)
    for verb in ("accept", "acceptok"):
        replies = await buyer.tap(f"prop:{verb}:{proposal.proposal.id}")
        assert replies[0].alert and "accepted" in plain(replies)
    assert len(store.outbox) == events


async def test_reject_and_withdraw(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account, bob: Account
) -> None:
    request_id = await post_request(ctx, alice)
    first = await proposals.submit_proposal(
        ctx,
        seller_id=bob.id,
        request_id=request_id,
        message="I can do this in two days.",
        price_cents=20000,
        timeline_days=2,
    )
    await verify_dialog(seller, [(Tap(f"prop:reject:{first.id}"), "Only the request's buyer")])
    await verify_dialog(buyer, [(Tap(f"prop:reject:{first.id}"), "declined")])
    second = await proposals.submit_proposal(
        ctx,
        seller_id=bob.id,
        request_id=request_id,
        message="A second try, cheaper.",
        price_cents=15000,
        timeline_days=2,
    )
    await verify_dialog(buyer, [(Tap(f"prop:withdraw:{second.id}"), "is not yours")])
    await verify_dialog(seller, [(Tap(f"prop:withdraw:{second.id}"), "withdrawn")])


async def test_balance_history_profile(ctx: Context, buyer: Chat, bob: Account) -> None:
    await verify_dialog(
        buyer,
        [
            ("/balance", ("100 credits", "publish an offer: 10", "never for services")),
            ("/history", ("+100", "Welcome grant")),
            ("/profile", ("Alice", "👤 @alice", "Trust score", "Not verified", "/username")),
            ("/profile @bob", ("Bob", "👤 @bob", "Completed orders: 0 as seller, 0 as buyer")),
            ("/profile @nobody", "was not found"),
            (Tap(f"acc:profile:{bob.id}"), "Bob"),
        ],
    )


async def test_username_first_free_then_confirmed_cost(ctx: Context, alice: Account) -> None:
    carol, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="3", display_name="Carol"
    )
    chat = Chat(ChatApp(ctx), carol)
    await verify_dialog(
        chat,
        [
            ("/username B!", "A username has 3–32 characters"),
            ("/username carol", "You are @carol now"),
            ("/username carol", "You are @carol already"),
            ("/username alice", "@alice is taken"),
            ("/username carol_ops", ("Change your username to @carol_ops", "20 credits")),
            (Press("Confirm"), "You are @carol_ops now"),
        ],
    )
    assert (await credits.get_balance(ctx, account_id=carol.id)).credits == 80


async def test_verify_with_cost(ctx: Context, buyer: Chat, alice: Account) -> None:
    await verify_dialog(
        buyer,
        [
            ("/verify", ("moderator checks", "50 credits")),
            (Press("Confirm"), ("Verification requested", "balance 50")),
            ("/verify", "waiting for a moderator"),
            (Tap("acc:verify"), "waiting for a moderator"),
        ],
    )
    assert (await credits.get_balance(ctx, account_id=alice.id)).credits == 50


async def test_agents_create_and_list(buyer: Chat, ctx: Context, alice: Account) -> None:
    await verify_dialog(
        buyer,
        [
            ("/agents new Price Scout", ("Agent Price Scout", "supervised by you")),
            ("/agents", ("Agents you supervise (1)", "Price Scout")),
            (Press("New agent"), "What is the agent's name?"),
            ("<Scout 2>", "Name: <Scout 2>"),
            (Press("Create agent"), "Agent <Scout 2>"),
            ("/agents", "(2)"),
        ],
    )
    assert "&lt;Scout 2&gt;" in buyer.last[0].text
    agents = await accounts.list_agents(ctx, supervisor_id=alice.id)
    agent_chat = Chat(ChatApp(ctx), agents[0])
    await verify_dialog(agent_chat, [("/agents", "cannot supervise")])


async def test_a_new_agent_gets_its_key_once_and_only_its_supervisor_rotates_it(
    app: ChatApp, buyer: Chat, seller: Chat, ctx: Context, alice: Account
) -> None:
    created = await buyer.send("/agents new Price Scout")
    first = re.search(r"bg_[A-Za-z0-9_\-]+", plain(created))
    assert first is not None and created[0].ephemeral
    agent = (await accounts.list_agents(ctx, supervisor_id=alice.id))[0]
    rotated = await buyer.send(f"/agents key {agent.id}")
    second = re.search(r"bg_[A-Za-z0-9_\-]+", plain(rotated))
    assert second is not None and second.group(0) != first.group(0)
    async with ctx.uow() as uow:
        keys = await uow.api_keys.for_account(agent.id)
    assert sum(k.active for k in keys) == 1
    refused = plain(await seller.send(f"/agents key {agent.id}"))
    assert "bg_" not in refused and "not found" in refused.lower()
    group = Chat(app, alice, chat_ref="-100900")
    in_group = await app.handle(
        group.incoming(command="agents", args="new Lurker", text="/agents new Lurker",
                       is_private_chat=False)
    )
    assert "bg_" not in plain(in_group) and "/agents key" in plain(in_group)


async def test_report(ctx: Context, buyer: Chat, bob: Account, store: FakeStore) -> None:
    offer_id = await publish_offer(ctx, bob)
    await verify_dialog(
        buyer,
        [
            (f"/report offer {offer_id} Asks for my password", "went to the moderators"),
            ("/report @bob spams me", "report on account:"),
            ("/report @nobody spam", "Usage:"),
            ("/report offer 99999 bad stuff", "Offer 99999 was not found"),
            (f"/report offer:{offer_id}", "What is wrong with it?"),
            ("bad", "at least 5 characters"),
            ("Scam listing", f"Subject: offer:{offer_id}"),
            ("yes", "went to the moderators"),
            ("/report", "What are you reporting?"),
            ("nonsense", "Say what you report"),
            ("@bob", "What is wrong"),
        ],
    )
    reports = [e for e in store.outbox if e.type == "report.filed"]
    assert len(reports) == 3
    assert all(e.channels == ("admin",) for e in reports)
    audit = [a for a in store.state.audit if a.action == "report"]
    assert {a.subject for a in audit} == {f"offer:{offer_id}", f"account:{bob.id}"}


async def test_apikey_issues_a_key_once_and_revokes_the_old_one(
    ctx: Context, buyer: Chat, alice: Account
) -> None:
    first = await buyer.send("/apikey")
    assert first[0].ephemeral
    key = re.search(r"bg_[A-Za-z0-9_\-]+", plain(first))
    assert key is not None
    await buyer.send("/apikey")
    async with ctx.uow() as uow:
        keys = await uow.api_keys.for_account(alice.id)
    assert len(keys) == 2 and sum(k.active for k in keys) == 1
    assert all(key.group(0) not in repr(k) for k in keys), "only the hash is stored"


async def test_apikey_is_refused_in_a_group_chat(app: ChatApp, alice: Account) -> None:
    group = Chat(app, alice, chat_ref="-100500")
    replies = await app.handle(
        group.incoming(command="apikey", text="/apikey", is_private_chat=False)
    )
    assert "private chat" in plain(replies) and "bg_" not in plain(replies)


async def test_apikey_after_lapsed_access_needs_credits(
    ctx: Context, clock: FakeClock, buyer: Chat, alice: Account
) -> None:
    clock.advance(timedelta(days=31))
    assert "bg_" in plain(await buyer.send("/apikey"))
    assert (await credits.get_balance(ctx, account_id=alice.id)).credits == 80
    async with ctx.uow() as uow:
        account = await uow.accounts.get(alice.id)
        assert account is not None
        await uow.ledger.post(ledger.transfer(
            type=ledger.TxType.ADJUSTMENT, asset=ledger.CREDITS,
            source=ledger.user_account(alice.id), destination=ledger.WORLD_ADJUSTMENTS,
            amount=80, idempotency_key="drain", memo="test",
        ))
        await uow.commit()
    clock.advance(timedelta(days=31))
    text = plain(await buyer.send("/apikey"))
    assert "bg_" not in text and "Top up" in text


async def test_cancel_with_nothing_open(buyer: Chat) -> None:
    await verify_dialog(buyer, [("/cancel", "nothing to cancel")])


async def test_banned_user_gets_the_notice(ctx: Context, app: ChatApp, bob: Account) -> None:
    mod = await make_user(ctx, "9", "Mod", "mod")
    await accounts.set_role(ctx, granted_by=None, account_id=mod.id)
    await accounts.ban_account(ctx, moderator_id=mod.id, account_id=bob.id, reason="spam offers")
    chat = Chat(app, bob)
    for command in ("/newoffer", "/newrequest", "/verify", "/agents new X", "/username bobby"):
        text = plain(await chat.send(command))
        assert "Your account is banned" in text, command
        assert "Reason given: spam offers" in text
    # Reading one's own data still works.
    await verify_dialog(chat, [("/balance", "credits"), ("/profile", "Banned"), ("/orders", "no")])
    replies = await chat.tap("off:order:1")
    assert replies[0].alert and "banned" in replies[0].text


async def test_user_content_is_escaped(ctx: Context, buyer: Chat, bob: Account) -> None:
    offer_id = await publish_offer(
        ctx,
        bob,
        title="<b>Cheap</b> & <a href='x'>fast</a>",
        description="<script>alert(1)</script> and @everyone gets **pinged**",
    )
    replies = await buyer.tap(f"off:view:{offer_id}")
    text = replies[0].text
    assert "&lt;b&gt;Cheap&lt;/b&gt; &amp; &lt;a href='x'&gt;fast&lt;/a&gt;" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    from handlers.markup import to_discord_markdown

    discord = to_discord_markdown(text)
    assert "@everyone" not in discord and "\\*\\*pinged\\*\\*" in discord


#: The chat commands DESIGN.md §4 promises on both platforms.
DESIGNED_COMMANDS = (
    "start", "help", "menu", "offers", "requests", "newoffer", "myoffers", "newrequest",
    "myrequests", "bid", "proposals", "orders", "order", "msg", "deliver", "approve", "revise",
    "dispute", "cancelorder", "review", "balance", "topup", "history", "profile", "username",
    "verify", "link", "apikey", "payouts", "agents", "report", "cancel",
)


@pytest.mark.parametrize("language", ["en", "es", "ru"])
def test_command_menu(app: ChatApp, language: str) -> None:
    menu = app.command_menu(language)
    names = [name for name, _ in menu]
    # Every promised command is offered, each offered one runs, none is offered twice.
    assert set(DESIGNED_COMMANDS) <= set(names)
    assert set(names) <= set(app.router.commands)
    assert len(names) == len(set(names))
    # Each description is the language's own, and fits: Telegram allows 256, Discord 100.
    tr = Translator(language)
    assert [description for _, description in menu] == [tr(f"cmd.{name}") for name in names]
    assert all(3 <= len(description) <= 100 for _, description in menu)
    if language != "en":
        english = dict(app.command_menu("en"))
        assert sum(english[name] != text for name, text in menu) > len(menu) // 2
    assert app.command_menu("xx-YY") == app.command_menu("en")


def test_every_usage_has_an_example() -> None:
    for key, text in ENGLISH.items():
        if key.startswith("usage."):
            assert "Usage:" in text and "Example:" in text, key
