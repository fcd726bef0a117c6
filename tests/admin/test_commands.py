"""Admin commands as transcripts against the AdminApp: what a moderator types, what the
channel answers and what changed. Bad input answers with usage or the reason and changes
nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.accounts import accounts
from core.accounts.model import Account, VerificationStatus
from core.escrow.fees import fee_of
from core.escrow.model import JobKind, JobStatus, PayoutAccount, ProcessingFee
from core.listings.model import OfferStatus
from core.moderation import reports as moderation
from core.moderation.admin import ACCOUNT_WARNED
from core.orders import orders
from core.orders.model import DisputeStatus, OrderStatus, PaymentMode
from core.shared.context import Context
from tests.admin.conftest import World, text_of
from tests.fakes_payments import pay_by_card


async def said(world: World, who: Account, text: str) -> str:
    return text_of(await world.say(who, text))


BAD_INPUT = [
    "/case", "/case x", "/claim", "/rule", "/rule {d}", "/rule {d} maybe Some note here",
    "/rule {d} split", "/rule {d} split x Note here", "/hold", "/hold {o}", "/unhold",
    "/release abc", "/reverse {o}", "/ban", "/ban @nobody", "/unban", "/warn #{s}",
    "/hide", "/hide offer:{f}", "/hide listing:1 reason here", "/unhide", "/verify_ok",
    "/verify_no #{s}", "/credit", "/credit #{s} 20 no sign", "/credit #{s} +20",
    "/stats week", "/audit", "/audit order:abc", "/mod", "/mod promote #{s}",
]


@pytest.mark.parametrize("template", BAD_INPUT)
async def test_wrong_or_missing_arguments_answer_with_usage(world: World, template: str) -> None:
    text = template.format(d=world.dispute.id, o=world.order.id, s=world.seller.id,
                           f=world.order.offer_id)
    answer = await said(world, world.mod, text)
    assert answer.startswith("Usage:"), answer
    assert world.store.state.disputes[world.dispute.id].status is DisputeStatus.OPEN


async def test_help_lists_every_command_and_unknown_ones_point_to_it(world: World) -> None:
    help_text = await said(world, world.mod, "/help")
    assert "/rule &lt;id&gt; release|refund|split" in help_text and "/mod add|remove" in help_text
    assert "/help" in await said(world, world.mod, "/frobnicate")


async def test_disputes_case_claim_and_the_closed_case(world: World) -> None:
    listing = await world.say(world.mod, "/disputes")
    assert f"Case {world.dispute.id}" in listing[0].text and "unclaimed" in listing[0].text
    [card] = await world.press(world.mod, listing[0].buttons[0][0].action or "")
    for part in ("Half of the drafts are missing.", "Starting now", "Drafts are in",
                 "trust", "Timeline", "deliver"):
        assert part in card.text, part
    assert await said(world, world.mod, "/case 9999") == "⚠️ Dispute 9999 was not found."

    assert "is yours" in await said(world, world.mod, f"/claim {world.dispute.id}")
    assert "taken already" in await said(world, world.mod2, f"/claim {world.dispute.id}")
    assert "claimed by" in await said(
        world, world.mod2, f"/rule {world.dispute.id} release Looks complete to me")
    for pct in ("0", "100", "150", "-5"):
        answer = await said(world, world.mod, f"/rule {world.dispute.id} split {pct} Half done")
        assert "1 to 99" in answer, answer
    assert world.store.state.disputes[world.dispute.id].status is DisputeStatus.CLAIMED
    assert "note" in (await said(world, world.mod, f"/rule {world.dispute.id} refund ok")).lower()

    ruled = await said(world, world.mod, f"/rule {world.dispute.id} resume Finish the drafts.")
    assert "ruled: <b>resume</b>" in ruled
    assert world.store.state.orders[world.order.id].status is OrderStatus.IN_PROGRESS
    assert "resolved already" in await said(
        world, world.mod, f"/rule {world.dispute.id} refund Changed my mind")
    assert "taken already" in await said(world, world.mod2, f"/claim {world.dispute.id}")
    assert await said(world, world.mod, "/disputes") == "✅ No open cases."


async def test_a_ruling_by_button_asks_for_the_note_and_cancel_drops_it(world: World) -> None:
    [prompt] = await world.press(world.mod, f"adm:rule:{world.dispute.id}:refund")
    assert "Reply to this message with the note" in prompt.text
    assert await said(world, world.mod, "/cancel") == "Cancelled; nothing was ruled."
    assert await world.say(world.mod, "Refund in full, nothing usable.") == []  # no prompt now
    await world.press(world.mod, f"adm:rule:{world.dispute.id}:refund")
    # Another moderator's chatter is not an answer to this prompt.
    assert await world.say(world.mod2, "I agree with a refund here.") == []
    answer = await said(world, world.mod, "Refund in full, nothing usable.")
    assert "ruled: <b>refund</b>" in answer
    assert world.store.state.orders[world.order.id].status is OrderStatus.REFUNDED
    assert "resolved already" in text_of(
        await world.press(world.mod, f"adm:rule:{world.dispute.id}:split"))


async def test_overrides_on_an_off_platform_order_act_on_the_state_and_say_so(
    world: World,
) -> None:
    answer = await said(world, world.mod, f"/hold {world.order.id} Checking a chargeback")
    assert "is on hold" in answer and "Payment not touched" in answer and "off-platform" in answer
    assert world.store.state.orders[world.order.id].status is OrderStatus.ON_HOLD
    assert "on hold" in await said(
        world, world.mod, f"/rule {world.dispute.id} refund Refund in full please")
    assert "is off hold" in await said(world, world.mod, f"/unhold {world.order.id}")
    assert world.store.state.orders[world.order.id].status is OrderStatus.DISPUTED
    assert "not possible now" in await said(world, world.mod, f"/release {world.order.id}")
    assert "not found" in await said(world, world.mod, "/hold 9999 Checking something")
    assert [e.action for e in world.store.state.audit
            if e.subject == f"order:{world.order.id}"] == ["hold", "unhold"]


class Escrow:
    """A payment processor that pays out at once."""

    def __init__(self) -> None:
        self.payouts: list[tuple[int, int]] = []

    async def seller_can_receive(self, seller: Account, uow: object = None) -> bool:
        return True

    async def pay_out(self, *, order_id: int, amount_cents: int, **_: object) -> str:
        self.payouts.append((order_id, amount_cents))
        return f"payout_{order_id}"

    async def processing_fee(self, *, payment_ref: str) -> ProcessingFee:
        return ProcessingFee(0, "usd", f"txn_{payment_ref}")


async def test_overrides_on_an_escrow_order_do_the_payment_side(
    world: World, ctx: Context
) -> None:
    escrow = Escrow()
    ectx = replace(ctx, escrow=escrow)  # type: ignore[arg-type]
    world.app.ctx = ectx
    now = ctx.clock.now()
    world.store.state.payments["accounts"][world.seller.id] = PayoutAccount(
        account_id=world.seller.id, processor_account_id="acct_seller", charges_enabled=True,
        payouts_enabled=True, details_submitted=True, created_at=now, updated_at=now,
    )
    order = await orders.order_offer(ectx, buyer_id=world.buyer.id,
                                     offer_id=world.order.offer_id or 0,
                                     payment_mode=PaymentMode.ESCROW)
    await pay_by_card(ectx, order)
    await orders.deliver_order(ectx, actor_id=world.seller.id, order_id=order.id, note="Done")
    await orders.approve_order(ectx, buyer_id=world.buyer.id, order_id=order.id)
    assert world.store.state.orders[order.id].status is OrderStatus.RELEASE_PENDING

    answer = await said(world, world.mod, f"/reverse {order.id} Approved by mistake")
    assert "approval reversed" in answer and "escrow adapter" in answer
    assert world.store.state.orders[order.id].status is OrderStatus.DELIVERED
    await orders.approve_order(ectx, buyer_id=world.buyer.id, order_id=order.id)
    await said(world, world.mod, f"/hold {order.id} Chargeback opened")
    await said(world, world.mod, f"/unhold {order.id}")
    assert "is released" in await said(world, world.mod, f"/release {order.id} Stuck payout")
    assert world.store.state.orders[order.id].status is OrderStatus.COMPLETED
    # The release queued the payout in its transaction and sent it at once.
    fee = fee_of(ectx.rules, order.price_cents)
    assert escrow.payouts == [(order.id, order.price_cents - fee)]
    jobs = list(world.store.state.payments["jobs"].values())
    assert [(j.kind, j.status) for j in jobs] == [
        (JobKind.PROCESSING_FEE, JobStatus.SENT), (JobKind.TRANSFER, JobStatus.SENT)
    ]

    # Without the adapter the same command only moves the state, and says so.
    world.app.ctx = replace(ectx, escrow=None)
    other = await orders.order_offer(ectx, buyer_id=world.buyer.id,
                                     offer_id=world.order.offer_id or 0,
                                     payment_mode=PaymentMode.ESCROW)
    answer = await said(world, world.mod, f"/hold {other.id} Suspicious card")
    assert "no escrow adapter is configured: order state only" in answer


async def test_refund_gives_a_paid_out_order_back_to_the_buyer(
    world: World, ctx: Context
) -> None:
    ectx = replace(ctx, escrow=Escrow())  # type: ignore[arg-type]
    world.app.ctx = ectx
    now = ctx.clock.now()
    world.store.state.payments["accounts"][world.seller.id] = PayoutAccount(
        account_id=world.seller.id, processor_account_id="acct_seller", charges_enabled=True,
        payouts_enabled=True, details_submitted=True, created_at=now, updated_at=now,
    )
    order = await orders.order_offer(ectx, buyer_id=world.buyer.id,
                                     offer_id=world.order.offer_id or 0,
                                     payment_mode=PaymentMode.ESCROW)
    await pay_by_card(ectx, order)
    await orders.deliver_order(ectx, actor_id=world.seller.id, order_id=order.id, note="Done")
    assert "Usage" in await said(world, world.mod, f"/refund {order.id}")
    assert "not a completed escrow order" in await said(
        world, world.mod, f"/refund {order.id} Fraud found")

    await orders.approve_order(ectx, buyer_id=world.buyer.id, order_id=order.id)
    await said(world, world.mod, f"/release {order.id} Cooldown skipped")
    assert world.store.state.orders[order.id].status is OrderStatus.COMPLETED

    answer = await said(world, world.mod, f"/refund {order.id} Fraud found after release")
    assert f"Order #{order.id}" in answer and "goes back to the buyer" in answer
    jobs = {(j.kind, j.status) for j in world.store.state.payments["jobs"].values()}
    assert (JobKind.REFUND, JobStatus.PENDING) in jobs
    assert "refunded" in (await said(world, world.mod, f"/refund {order.id} Again")).lower()
    # Only moderators: the buyer cannot refund their own order from the admin channel.
    assert "Only moderators" in await said(world, world.buyer, f"/refund {order.id} Mine!")


async def test_ban_unban_and_warn(world: World) -> None:
    answer = await said(world, world.mod, f"/ban @{world.seller.username or world.seller.id} x")
    assert "Usage" in answer or "not found" in answer or "at least" in answer
    answer = await said(world, world.mod, f"/ban #{world.seller.id} Scams buyers repeatedly")
    assert "is banned" in answer and f"#{world.order.id}" in answer  # the open order to check
    assert all(o.status is OfferStatus.HIDDEN for o in world.store.state.offers.values())
    assert "banned already" in await said(world, world.mod, f"/ban #{world.seller.id} again!")
    assert "unbanned" in await said(world, world.mod, f"/unban #{world.seller.id}")
    assert "not banned" in await said(world, world.mod, f"/unban #{world.seller.id}")
    assert "warned" in await said(world, world.mod, f"/warn #{world.buyer.id} Be civil, please")
    [warning] = [e for e in world.store.outbox if e.type == ACCOUNT_WARNED]
    assert warning.recipients == (world.buyer.id,)
    assert "not found" in await said(world, world.mod, "/warn #9999 Be civil, please")


async def test_hide_and_unhide_a_listing(world: World) -> None:
    offer_id = world.order.offer_id
    assert "is hidden" in await said(world, world.mod, f"/hide offer:{offer_id} Fake reviews")
    assert world.store.state.offers[offer_id].status is OfferStatus.HIDDEN  # type: ignore[index]
    assert "hidden already" in await said(world, world.mod, f"/hide offer:{offer_id} Again")
    assert "visible again" in await said(world, world.mod, f"/unhide offer:{offer_id}")
    assert "not found" in await said(world, world.mod, "/hide request:9999 Spam listing")


async def test_verifications_by_command_and_button(world: World) -> None:
    assert "No verification" in await said(world, world.mod, "/verifications")
    await accounts.request_verification(world.ctx, account_id=world.seller.id)
    await accounts.request_verification(world.ctx, account_id=world.buyer.id)
    [listing] = await world.say(world.mod, "/verifications")
    assert "(2)" in listing.text
    approve = listing.buttons[0][0].action or ""
    assert "is verified" in text_of(await world.press(world.mod, approve))
    [prompt] = await world.press(world.mod, listing.buttons[1][1].action or "")
    assert "Reply to this message with the reason" in prompt.text
    assert "declined" in await said(world, world.mod, "The ID photo is unreadable.")
    state = world.store.state.accounts
    # Oldest account first: the buyer's request, then the seller's.
    assert state[world.buyer.id].verification is VerificationStatus.VERIFIED
    assert state[world.seller.id].verification is VerificationStatus.NONE
    assert "no pending" in await said(world, world.mod, f"/verify_ok #{world.seller.id}")


async def test_credit_adjustments(world: World) -> None:
    answer = await said(world, world.mod, f"/credit #{world.buyer.id} +25 Refund of a boost")
    assert "+25 credits" in answer and "Balance now 125" in answer
    answer = await said(world, world.mod, f"/credit #{world.buyer.id} -500 Too much")
    assert "balance is" in answer.lower()
    entries = [e for e in world.store.state.audit if e.action == "credits.adjust"]
    assert [(e.actor_id, e.data) for e in entries] == [(world.mod.id, {"delta": 25})]


async def test_reports_queue(world: World) -> None:
    assert "empty" in await said(world, world.mod, "/reports")
    report = await moderation.report(world.ctx, reporter_id=world.buyer.id,
                                     subject=f"account:{world.seller.id}",
                                     reason="Asks for my password")
    [queue] = await world.say(world.mod, "/reports")
    assert f"#{report.id}" in queue.text and "Asks for my password" in queue.text
    [closed] = await world.press(world.mod, queue.buttons[0][0].action or "")
    assert closed.edit and f"Report {report.id} closed" in closed.text
    assert "empty" in await said(world, world.mod, "/reports")
    assert "not in the queue" in text_of(
        await world.press(world.mod, queue.buttons[0][0].action or ""))


async def test_audit_of_an_order_and_of_a_user(world: World) -> None:
    await said(world, world.mod, f"/claim {world.dispute.id}")
    order_trail = await said(world, world.mod, f"/audit order:{world.order.id}")
    assert "open dispute → ⚠️ disputed" in order_trail and "claim" in order_trail
    await said(world, world.mod, f"/warn #{world.seller.id} Be civil, please")
    user_trail = await said(world, world.mod, f"/audit #{world.seller.id}")
    assert f"account:{world.seller.id}" in user_trail and "warn" in user_trail
    mod_trail = await said(world, world.mod, f"/audit account:{world.mod.id}")
    assert "claim" in mod_trail and "warn" in mod_trail  # what the moderator did
    assert "not found" in await said(world, world.mod, "/audit order:9999")
