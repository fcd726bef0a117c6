"""Issue 16 on Discord: buttons that always answer, the moderators' command hidden from
members, autocomplete for ids, one-tap ordering from the feed, real uploads."""

from __future__ import annotations

from bots.discord.app import DiscordFrontEnd
from core.accounts.model import Account
from core.shared.context import Context
from tests.discord.conftest import FEED_CHANNEL
from tests.discord.fake_discord import DiscordTester, DUser, Modal
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import place_order, post_request, publish_offer

STRANGER = DUser(700_000_000_000_000_061, "Sam")


async def test_a_button_the_bot_does_not_know_answers_privately(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    [card] = (await discord_bot.slash(dana, "balance")).messages
    for custom_id in ("old-format-button", "ord:nonsense:1", "x" * 90):
        result = await discord_bot.press_id(dana, card, custom_id)
        [answer] = result.messages
        assert answer.ephemeral
        assert "This button is no longer valid." in answer.text


async def test_an_unknown_button_answers_in_the_users_language(
    discord_bot: DiscordTester,
) -> None:
    ana = DUser(700_000_000_000_000_041, "Ana", locale="es-ES")
    [card] = (await discord_bot.slash(ana, "balance")).messages
    [answer] = (await discord_bot.press_id(ana, card, "v1/legacy")).messages
    assert answer.ephemeral and "Este botón ya no es válido." in answer.text


async def test_a_modal_the_bot_does_not_know_answers_privately(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    stray = Modal("legacy-modal", "Old", [], dana.id)
    [answer] = (await discord_bot.submit_values(dana, stray, {"x": "y"})).messages
    assert answer.ephemeral and "This button is no longer valid." in answer.text


def progress(text: str) -> str:
    """The form's step counter line ("New offer · 2/9")."""
    return next(line for line in text.splitlines() if " · " in line and "/" in line)


async def test_the_step_counter_keeps_its_total_across_modals_and_errors(
    discord_bot: DiscordTester, dana: DUser
) -> None:
    modal = (await discord_bot.slash(dana, "offer new")).modal
    filled = await discord_bot.submit(
        dana, modal, title="Support inbox triage", description="short",
        inputs="Read access to the inbox", output_format="Drafts in your helpdesk",
        delivery_days="3",
    )
    [question] = filled.messages
    # The category is the second of the ten questions whatever the modal answered.
    assert progress(question.text).endswith("· 2/10")
    category = await discord_bot.press(dana, question, "Support inbox triage")
    ask = category.last_with("Answer")
    assert progress(ask.text).endswith("· 3/10")  # the description, asked again
    # Asked again through the Answer button: the same counter, not a new count.
    again = await discord_bot.press(dana, ask, "Answer")
    assert again.modal.ids()[:1] == ["description"]


def account_of(store: FakeStore, user: DUser) -> Account:
    return store.state.accounts[store.state.identities[("discord", str(user.id))].account_id]


async def test_order_ids_are_suggested_from_the_users_own_orders(
    discord_bot: DiscordTester, store: FakeStore, ctx: Context, dana: DUser, erin: DUser
) -> None:
    for user in (dana, erin, STRANGER):
        await discord_bot.slash(user, "help")
    order_id = await place_order(ctx, account_of(store, erin), account_of(store, dana))
    for user in (erin, dana):  # the buyer and the seller
        choices = await discord_bot.autocomplete(user, "order view", focused="order", kind=4)
        assert choices == [{"name": f"#{order_id} · Support inbox triage · 🛠 in progress",
                            "value": order_id}]
    by_words = await discord_bot.autocomplete(erin, "order deliver", focused="order",
                                              current="inbox", kind=4)
    assert [c["value"] for c in by_words] == [order_id]
    by_id = await discord_bot.autocomplete(erin, "order msg", focused="order",
                                           current=f"#{order_id}", kind=4)
    assert [c["value"] for c in by_id] == [order_id]
    assert await discord_bot.autocomplete(erin, "order approve", focused="order",
                                          current="scrape", kind=4) == []
    # Someone else's order is never suggested.
    assert await discord_bot.autocomplete(STRANGER, "order view", focused="order", kind=4) == []


async def test_request_ids_are_suggested_for_bids_and_proposals(
    discord_bot: DiscordTester, store: FakeStore, ctx: Context, dana: DUser, erin: DUser
) -> None:
    for user in (dana, erin):
        await discord_bot.slash(user, "help")
    request_id = await post_request(ctx, account_of(store, erin))
    open_requests = await discord_bot.autocomplete(dana, "bid", focused="request", kind=4)
    assert open_requests == [{"name": f"#{request_id} · Scrape 500 product pages · $300.00",
                              "value": request_id}]
    # One's own request is not one to bid on; it is one whose proposals to see.
    assert await discord_bot.autocomplete(erin, "bid", focused="request", kind=4) == []
    mine = await discord_bot.autocomplete(erin, "proposals", focused="request", kind=4)
    assert [c["value"] for c in mine] == [request_id] and "open" in mine[0]["name"]
    assert await discord_bot.autocomplete(dana, "proposals", focused="request", kind=4) == []


async def test_one_tap_from_a_feed_card_to_the_order_confirmation(
    discord_bot: DiscordTester, front: DiscordFrontEnd, store: FakeStore, ctx: Context,
    dana: DUser, erin: DUser,
) -> None:
    await discord_bot.slash(dana, "help")
    offer_id = await publish_offer(ctx, account_of(store, dana))
    for event in store.outbox:
        await front.notifier.deliver(event)
    [post] = discord_bot.fake.in_channel(FEED_CHANNEL)
    assert [b["label"] for b in post.buttons()] == ["🔎 View offer", "🛒 Order · $150.00"]
    confirm = await discord_bot.press(erin, post, "🛒 Order · $150.00")
    [card] = confirm.messages
    assert card.ephemeral and card.has_button("✅ Place order")
    assert "Support inbox triage" in card.text
    placed = await discord_bot.press(erin, card, "✅ Place order")
    assert "order #" in placed.text.lower()
    assert [o.offer_id for o in store.state.orders.values()] == [offer_id]
