"""A proofer on Telegram, end to end: the real aiogram bot in long polling against the fake Bot
API, the real conversation layer and the core on the in-memory store. Carol opts in, is
assigned when Bob delivers Alice's order, gets the delivery's file, fills the scorecard
wizard with inline buttons and typed answers, and Alice sees the consensus on her order."""

from __future__ import annotations

from core.orders import orders
from core.orders.model import Attachment, OrderStatus
from core.proofing.model import AssignmentStatus
from core.shared.context import Context
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.e2e.harness import BotHarness, account_of
from tests.fakes import FakeStore
from tests.unit.handlers.conftest import publish_offer

EVIDENCE = "Opened the CSV: 500 rows, prices match the 20 pages I sampled."


async def test_a_proofer_scores_a_delivery_in_telegram(
    harness: BotHarness, fake_telegram: FakeTelegram, store: FakeStore, ctx: Context,
    alice: TgUser, bob: TgUser,
) -> None:
    carol = TgUser(3003, "Carol", "carol_tg", "en")
    [joined] = await harness.say(carol, "/proofer on")
    assert "You are a proofer now" in joined.text
    await harness.say(alice, "/start")
    await harness.say(bob, "/start")
    buyer_id, seller_id = account_of(store, alice), account_of(store, bob)
    offer_id = await publish_offer(ctx, store.state.accounts[seller_id], proofers_wanted=1)
    order = await orders.order_offer(ctx, buyer_id=buyer_id, offer_id=offer_id)
    await orders.deliver_order(
        ctx, actor_id=seller_id, order_id=order.id, note="Here it is",
        attachment=Attachment(name="prices.csv", ref="tg-file-prices", size=2048),
    )
    await harness.deliver_outbox()
    assert any("You are asked to proof" in m.text for m in fake_telegram.chat(carol.id))

    [listed] = await harness.say(carol, "/proofs")
    [assignment] = store.state.proofing["assignments"].values()
    card = (await harness.click(carol, listed, f"#{assignment.id}")).messages[-1]
    assert "What was asked" in card.text and "prices.csv" in card.text
    file = await harness.click(carol, card, "File of delivery")
    assert any(c.method == "sendDocument" for c in file.calls)

    question = (await harness.click(carol, card, "Submit scorecard")).messages[-1]
    assert "Completeness" in question.text and question.has_button("5")
    for score in ("4", "5", "4"):
        question = (await harness.click(carol, question, score)).messages[-1]
    [question] = await harness.say(carol, "9")
    assert "⚠️" in question.text and "9 is out of range" in question.text
    [question] = await harness.say(carol, "5")
    assert question.has_button("pass") and question.has_button("fail")
    question = (await harness.click(carol, question, "pass")).messages[-1]
    [question] = await harness.say(carol, EVIDENCE)
    question = (await harness.click(carol, question, "Skip")).messages[-1]
    assert "check and confirm" in question.text
    done = await harness.click(carol, question, "Submit scorecard")
    assert "Scorecard of assignment" in done.messages[0].text

    stored = store.state.proofing["assignments"][assignment.id]
    assert stored.status is AssignmentStatus.SUBMITTED and stored.scorecard is not None
    assert store.state.orders[order.id].status is OrderStatus.DELIVERED
    [order_card] = await harness.say(alice, f"/order {order.id}")
    assert "Consensus: ✅ pass" in order_card.text and "quality 5.00" in order_card.text
    assert "Carol" not in order_card.text and "carol" not in order_card.text
