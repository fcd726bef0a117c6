"""A proofer on Discord: ``/proofer switch:on``, ``/proofs``, the assignment card and the
scorecard wizard (a modal for the typed scores and evidence, buttons for the verdict),
through raw interaction payloads against the real bot and the core on the in-memory store."""

from __future__ import annotations

from core.orders import orders
from core.orders.model import OrderStatus
from core.proofing.model import AssignmentStatus, Verdict
from core.shared.context import Context
from tests.discord.fake_discord import DiscordTester, DUser
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import make_user, publish_offer


async def test_a_proofer_submits_a_scorecard_through_the_wizard(
    discord_bot: DiscordTester, dana: DUser, store: FakeStore, ctx: Context
) -> None:
    joined = await discord_bot.slash(dana, "proofer", switch="on")
    assert "You are a proofer now" in joined.text and joined.messages[0].ephemeral

    buyer = await make_user(ctx, "11", "Alice", "alice")
    seller = await make_user(ctx, "12", "Bob", "bob")
    offer_id = await publish_offer(ctx, seller, proofers_wanted=1)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer_id)
    await orders.deliver_order(
        ctx, actor_id=seller.id, order_id=order.id, note="Drafts are in the helpdesk."
    )
    [assignment] = store.state.proofing["assignments"].values()

    listed = await discord_bot.slash(dana, "proofs")
    assert "Your proofing assignment" in listed.text
    card = await discord_bot.press(dana, listed.messages[-1], f"#{assignment.id}")
    assert "What was asked" in card.text and "Drafts are in the helpdesk." in card.text
    first = await discord_bot.press(dana, card.last_with("Submit scorecard"), "Submit scorecard")
    assert "Completeness" in first.text
    modal = (await discord_bot.press(dana, first.last_with("Answer"), "Answer")).modal
    assert modal.ids() == ["completeness", "accuracy", "methodology", "quality", "evidence"]

    # One score out of range: the rest is kept and that one is asked again with its rule.
    filled = await discord_bot.submit(
        dana, modal, completeness="4", accuracy="9", methodology="3", quality="4",
        evidence="Read 20 of the drafts; two miss the customer's question.",
    )
    assert "⚠️" in filled.text and "Accuracy" in filled.text
    again = (await discord_bot.press(dana, filled.last_with("Answer"), "Answer")).modal
    assert again.ids()[:1] == ["accuracy"]
    verdict = await discord_bot.submit(dana, again, accuracy="3")
    evidence_file = await discord_bot.press(dana, verdict.last_with("fail"), "fail")
    confirm = await discord_bot.press(dana, evidence_file.last_with("Skip"), "Skip")
    assert "check and confirm" in confirm.text and "**Accuracy**: 3" in confirm.text
    done = await discord_bot.press(
        dana, confirm.last_with("Submit scorecard"), "Submit scorecard"
    )
    assert "Scorecard of assignment" in done.text

    stored = store.state.proofing["assignments"][assignment.id]
    assert stored.status is AssignmentStatus.SUBMITTED and stored.scorecard is not None
    assert (stored.scorecard.accuracy, stored.scorecard.verdict) == (3, Verdict.FAIL)
    # The only proofer is in: the round closed and the order waits for the buyer again.
    assert store.state.orders[order.id].status is OrderStatus.DELIVERED
