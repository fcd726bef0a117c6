"""Every slash command group, button presses and modal submits, driven offline through raw
interaction payloads (tests/discord/fake_discord.py) against the real discord.py bot, the
real conversation layer and the core on the in-memory store."""

from __future__ import annotations

from typing import Any

from bots.discord.app import DiscordFrontEnd
from bots.discord.render import card, plain
from core.accounts.model import AccountStatus
from core.orders import orders
from core.orders.model import OrderStatus
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.types import Button
from tests.discord.fake_discord import DiscordTester, DUser, FakeDiscord, upload
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import place_order, post_request, publish_offer

DESIGN_COMMANDS = {
    "help", "menu", "offer", "request", "bid", "proposals", "order", "balance", "topup",
    "history", "profile", "username", "verify", "link", "settings", "apikey", "payouts",
    "agents", "report", "cancel", "inbox", "proofer", "proofs", "deleteaccount", "export",
    "wallet",
}


def account_of(store: FakeStore, user: DUser) -> int:
    return store.state.identities[("discord", str(user.id))].account_id


async def test_the_command_tree_covers_design_s_commands(front: DiscordFrontEnd) -> None:
    tester = DiscordTester(front.bot, FakeDiscord())
    await tester.start()
    commands = [c.to_dict(front.bot.tree) for c in front.bot.tree.get_commands()]
    names = {c["name"] for c in commands}
    assert names == DESIGN_COMMANDS
    subs = {c["name"]: {o["name"] for o in c.get("options", []) if o["type"] == 1}
            for c in commands}
    assert subs["offer"] == {"new", "list", "mine"}
    assert subs["request"] == {"new", "list", "mine"}
    assert subs["order"] == {"view", "list", "msg", "deliver", "pay", "approve", "revise",
                             "dispute", "cancel", "review"}

    def descriptions(node: dict[str, Any]) -> list[str]:
        out = [str(node.get("description", ""))]
        for option in node.get("options", []):
            out += descriptions(option)
        return out

    for command in commands:
        assert all(0 < len(d) <= 100 for d in descriptions(command)), command["name"]
    await tester.close()


async def test_balance_is_private_and_buttons_carry_actions(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    result = await discord_bot.slash(dana, "balance")
    [card] = result.messages
    assert card.ephemeral and "**100 credits**" in card.text
    assert card.data["allowed_mentions"] == {"parse": []}
    assert card.button("History")["custom_id"] == "cmd:history"
    history = await discord_bot.press(dana, card, "History")
    assert "Welcome grant" in history.text and history.messages[0].ephemeral


async def test_offer_new_opens_a_modal_and_the_form_continues(
    discord_bot: DiscordTester, dana: DUser, store: FakeStore
) -> None:
    started = await discord_bot.slash(dana, "offer new")
    assert started.messages == []
    modal = started.modal
    assert modal.ids() == ["title", "description", "inputs", "output_format", "delivery_days"]
    # One bad answer: the good ones are kept, the bad one is asked again with its rule.
    filled = await discord_bot.submit(
        dana, modal,
        title="Support inbox triage",
        description="short",
        inputs="Read access to the inbox",
        output_format="Drafts in your helpdesk",
        delivery_days="3",
    )
    [question] = filled.messages
    assert "⚠️" in question.text and "Description" in question.text
    assert question.ephemeral
    category = await discord_bot.press(dana, question, "Support inbox triage")
    ask = category.last_with("Answer")
    assert "describe the service" in ask.text.lower()
    reopened = await discord_bot.press(dana, ask, "Answer")
    assert reopened.modal.ids()[:1] == ["description"]
    rest = await discord_bot.submit(
        dana, reopened.modal,
        description="I triage your support inbox with an agent and review every draft.",
        bot_pct="80",
        price="150",
        revisions_included="1",
        proofers="1",
    )
    confirm = rest.last_with("Publish")
    assert "10 credits" in confirm.text and "Support inbox triage" in confirm.text
    published = await discord_bot.press(dana, confirm, "Publish")
    assert "is live" in published.text
    assert [(o.title, o.proofers_wanted) for o in store.state.offers.values()] == [
        ("Support inbox triage", 1)
    ]

    listed = await discord_bot.slash(dana, "offer list", category="support-triage")
    assert "Support inbox triage" in listed.text
    mine = await discord_bot.slash(dana, "offer mine")
    assert "Support inbox triage" in mine.text and mine.messages[-1].has_button("Pause")


async def test_request_bid_and_proposals(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore, ctx: Context
) -> None:
    await discord_bot.slash(erin, "menu")
    started = await discord_bot.slash(erin, "request new")
    assert started.modal.ids() == ["title", "description", "inputs", "budget_min", "budget_max"]
    filled = await discord_bot.submit(
        erin, started.modal, title="Scrape 500 product pages",
        description="Extract price and stock from 500 public product pages to CSV.",
        inputs="", budget_min="100", budget_max="300",
    )
    deadline = await discord_bot.press(erin, filled.messages[-1], "Public web data extraction")
    step = await discord_bot.press(erin, deadline.last_with("7"), "7")
    confirm = step.messages[-1]
    while not confirm.has_button("Post request"):
        confirm = (await discord_bot.press(erin, confirm, "0")).messages[-1]
    posted = await discord_bot.press(erin, confirm, "Post request")
    assert "is posted" in posted.text
    request_id = next(iter(store.state.requests))

    assert "Scrape 500" in (await discord_bot.slash(dana, "request list")).text
    assert "Scrape 500" in (await discord_bot.slash(erin, "request mine")).text
    # The request's summary comes first, so the pitch is one "Answer" press away.
    bid = await discord_bot.slash(dana, "bid", request=request_id)
    assert "Scrape 500" in bid.text and bid.modals == []
    modal = (await discord_bot.press(dana, bid.last_with("Answer"), "Answer")).modal
    assert modal.ids()[:2] == ["message", "price"]
    values = {"message": "I can do this in two days with a scraper.", "price": "200",
              "timeline_days": "2"}
    sent = await discord_bot.submit_values(dana, modal, {k: values[k] for k in modal.ids()})
    done = await discord_bot.press(dana, sent.last_with("Send proposal"), "Send proposal")
    assert "sent" in done.text
    proposals = await discord_bot.slash(erin, "proposals", request=request_id)
    assert "Dana" in proposals.text and proposals.last_with("Accept")
    # Someone else's proposals list is refused privately and changes nothing.
    foreign = await discord_bot.slash(dana, "proposals", request=request_id)
    assert foreign.messages[0].ephemeral and "Accept" not in foreign.text


async def test_order_group(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore, ctx: Context
) -> None:
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    seller = store.state.accounts[account_of(store, dana)]
    buyer = store.state.accounts[account_of(store, erin)]
    order_id = await place_order(ctx, buyer, seller)

    assert f"#{order_id}" in (await discord_bot.slash(erin, "order list")).text
    view = await discord_bot.slash(erin, "order view", order=order_id)
    assert view.messages[0].ephemeral and "Support inbox triage" in view.text
    sent = await discord_bot.slash(dana, "order msg", order=order_id,
                                   text="Starting now @everyone")
    assert "Sent" in sent.text
    assert store.state.messages[-1].text == "Starting now @everyone"
    usage = await discord_bot.slash(dana, "order msg", order=order_id)
    assert "Usage" in usage.text

    # Deliver with a file: the form's first question is answered by the upload.
    delivered = await discord_bot.slash(dana, "order deliver", order=order_id,
                                        file=upload("prices.csv"))
    skip = await discord_bot.press(dana, delivered.last_with("Skip"), "Skip")
    done = await discord_bot.press(dana, skip.last_with("Deliver"), "Deliver")
    assert "Delivered" in done.text
    assert store.state.orders[order_id].status is OrderStatus.DELIVERED
    delivery = next(iter(store.state.deliveries.values()))
    assert delivery.attachment is not None
    assert delivery.attachment.ref.startswith("https://cdn.discordapp.com/")

    revise = await discord_bot.slash(erin, "order revise", order=order_id)
    assert revise.modal.ids() == ["note"]
    confirm = await discord_bot.submit(erin, revise.modal, note="Please add the stock column")
    await discord_bot.press(erin, confirm.last_with("revision"), "revision")
    assert store.state.orders[order_id].status is OrderStatus.IN_PROGRESS

    # Deliver without a file: the modal takes a link or a note.
    second = await discord_bot.slash(dana, "order deliver", order=order_id)
    assert second.modal.ids() == ["work", "note"]
    confirm = await discord_bot.submit(dana, second.modal, work="https://example.com/v2.csv",
                                       note="Now with stock")
    await discord_bot.press(dana, confirm.last_with("Deliver"), "Deliver")
    approved = await discord_bot.slash(erin, "order approve", order=order_id)
    assert "pproved" in approved.text
    assert store.state.orders[order_id].status is OrderStatus.COMPLETED

    review = await discord_bot.slash(erin, "order review", order=order_id, rating=5,
                                     text="Fast and careful.")
    assert "review" in review.text.lower()
    stars = await discord_bot.slash(dana, "order review", order=order_id)
    rated = await discord_bot.press(dana, stars.last_with("⭐⭐⭐⭐"), "⭐⭐⭐⭐")
    modal = (await discord_bot.press(dana, rated.last_with("Answer"), "Answer")).modal
    confirm = await discord_bot.submit(dana, modal, text="Clear brief.")
    await discord_bot.press(dana, confirm.last_with("Submit review"), "Submit review")
    assert len(store.state.reviews) == 2

    # Cancel and dispute on a second order.
    other = await place_order(ctx, buyer, seller)
    asked = await discord_bot.slash(erin, "order cancel", order=other)
    assert "cancel" in asked.text.lower()
    disputed = await discord_bot.slash(dana, "order dispute", order=other,
                                       reason="The buyer sent no access at all.")
    assert store.state.orders[other].status is OrderStatus.DISPUTED
    assert f"#{other}" in disputed.text


async def test_account_commands(
    discord_bot: DiscordTester, dana: DUser, store: FakeStore
) -> None:
    assert "Dana" in (await discord_bot.slash(dana, "profile")).text
    named = await discord_bot.slash(dana, "username", name="dana")
    assert "@dana" in named.text
    assert "Dana" in (await discord_bot.slash(dana, "profile", user="@dana")).text
    verify = await discord_bot.slash(dana, "verify")
    assert verify.last_with("50")
    code = await discord_bot.slash(dana, "link")
    assert code.messages[0].ephemeral and "/link" in code.text
    settings = await discord_bot.slash(dana, "settings")
    assert "Notifications go to" in settings.text
    chosen = await discord_bot.slash(dana, "settings", notify="discord")
    assert "Saved" in chosen.text
    assert store.state.accounts[account_of(store, dana)].notify_platform == "discord"
    report = await discord_bot.slash(dana, "report", what="user @dana",
                                     reason="Testing the report queue")
    assert "report" in report.text.lower()
    agents = await discord_bot.slash(dana, "agents", new="Scraper bot")
    assert "Scraper bot" in agents.text
    for name in ("topup", "apikey", "payouts"):
        answer = await discord_bot.slash(dana, name)
        assert answer.messages and answer.messages[0].ephemeral


async def test_menu_cancel_and_forms_in_dms(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    menu = await discord_bot.slash(dana, "menu")
    offers = await discord_bot.press(dana, menu.messages[0], "Browse offers")
    assert offers.messages[0].ephemeral
    # A form started in the server is answered by text in the DM, then left with /cancel.
    await discord_bot.slash(dana, "agents")
    new = await discord_bot.slash(dana, "agents")
    form = await discord_bot.press(dana, new.last_with("agent"), "agent")
    assert form.messages and "name" in form.text.lower()
    answered = await discord_bot.dm(dana, "Helper bot")
    assert answered.messages[0].kind == "dm" and "Helper bot" in answered.text
    left = await discord_bot.slash(dana, "cancel")
    assert "cancelled" in left.text.lower()
    nothing = await discord_bot.slash(dana, "cancel")
    assert nothing.messages


async def test_stale_foreign_and_forged_buttons_change_nothing(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore, ctx: Context
) -> None:
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    seller = store.state.accounts[account_of(store, dana)]
    buyer = store.state.accounts[account_of(store, erin)]
    order_id = await place_order(ctx, buyer, seller)
    view = await discord_bot.slash(dana, "order view", order=order_id)
    card = view.messages[-1]
    # Erin (the buyer) presses the seller's Deliver button: an ephemeral refusal.
    foreign = await discord_bot.press_id(erin, card, f"ord:deliver:{order_id}")
    assert foreign.messages[0].ephemeral and foreign.messages[0].content
    assert store.state.orders[order_id].status is OrderStatus.IN_PROGRESS
    # A forged button (a modified client): the handlers re-check and refuse, privately.
    forged = await discord_bot.press_id(dana, card, f"ord:approve:{order_id}")
    assert forged.messages and forged.messages[0].ephemeral
    # A form button of a form that is gone.
    stale = await discord_bot.press_id(dana, card, "frm:ok:deadbeef")
    assert stale.messages[0].ephemeral and stale.messages[0].content
    assert store.state.orders[order_id].status is OrderStatus.IN_PROGRESS


async def test_banned_users_get_a_notice(
    discord_bot: DiscordTester, dana: DUser, store: FakeStore
) -> None:
    await discord_bot.slash(dana, "help")
    store.state.accounts[account_of(store, dana)].status = AccountStatus.BANNED
    store.state.accounts[account_of(store, dana)].ban_reason = "spam"
    answer = await discord_bot.slash(dana, "offer new")
    assert answer.modals == [] and "banned" in answer.text.lower() and "spam" in answer.text


async def test_user_text_cannot_ping_and_long_texts_are_split(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore, ctx: Context,
    front: DiscordFrontEnd, fake_discord: FakeDiscord,
) -> None:
    await discord_bot.slash(dana, "help")
    await discord_bot.slash(erin, "help")
    seller = store.state.accounts[account_of(store, dana)]
    buyer = store.state.accounts[account_of(store, erin)]
    await publish_offer(ctx, seller, title="Everyone @everyone <@123> **bold**")
    listed = await discord_bot.slash(erin, "offer list")
    assert "@everyone" not in listed.text and "<@123>" not in listed.text
    assert "\\*\\*bold\\*\\*" in listed.text
    order_id = await place_order(ctx, buyer, seller)
    await orders.send_message(ctx, actor_id=seller.id, order_id=order_id,
                              text="Hi @everyone <@&42>, see **this**")
    for event in list(store.outbox):
        await front.notifier.deliver(event)
    [relayed] = [m for m in fake_discord.dms(erin) if "see" in m.text]
    assert "@everyone" not in relayed.text and "<@&42>" not in relayed.text
    assert relayed.data["allowed_mentions"] == {"parse": []}

    long = " ".join(f"word{i}" for i in range(2500))
    messages = card(long, ((Button("Next", action="cmd:menu"),),))
    assert len(messages) >= 4
    assert all(len(m.embeds[0].description or "") <= 4096 for m in messages)
    assert [m.view is not None for m in messages] == [False] * (len(messages) - 1) + [True]
    joined = " ".join(m.embeds[0].description or "" for m in messages)
    assert joined.split() == long.split()
    chunks = plain(long)
    assert all(len(c.content or "") <= 2000 for c in chunks) and len(chunks) >= 10


async def test_buttons_work_after_a_restart(
    ctx: Context, store: FakeStore, dana: DUser, fake_discord: FakeDiscord
) -> None:
    def new_front() -> DiscordFrontEnd:
        return DiscordFrontEnd(ctx, ChatApp(ctx), token="t", sync_commands=False)

    first = DiscordTester(new_front().bot, fake_discord)
    await first.start()
    card = (await first.slash(dana, "balance")).messages[0]
    await first.close()
    second = DiscordTester(new_front().bot, fake_discord)
    await second.start()
    history = await second.press(dana, card, "History")
    assert "Welcome grant" in history.text
    await second.close()


async def test_feed_channel_gets_embeds_with_working_buttons(
    discord_bot: DiscordTester, dana: DUser, erin: DUser, store: FakeStore, ctx: Context,
    front: DiscordFrontEnd, fake_discord: FakeDiscord,
) -> None:
    from tests.discord.conftest import FEED_CHANNEL

    await discord_bot.slash(dana, "help")
    seller = store.state.accounts[account_of(store, dana)]
    await publish_offer(ctx, seller)
    await discord_bot.slash(erin, "help")
    buyer_id = account_of(store, erin)
    await post_request(ctx, store.state.accounts[buyer_id])
    for event in list(store.outbox):
        await front.notifier.deliver(event)
        await front.notifier.deliver(event)  # a retry repeats nothing
    posts = fake_discord.in_channel(FEED_CHANNEL)
    assert len(posts) == 2 and all(p.embeds for p in posts)
    assert "Support inbox triage" in posts[0].text and "Scrape 500" in posts[1].text
    opened = await discord_bot.press_id(erin, posts[0], posts[0].buttons()[0]["custom_id"])
    assert opened.messages[0].ephemeral and "Support inbox triage" in opened.text
