"""Closing an account (core.accounts.closing) on the fakes: each blocking state refuses with
its own reason and the order ids, the deletion goes through once the state is resolved, and
what it does — tombstone, listings, proposals, credits, identities, agents — happens once."""

from __future__ import annotations

import pytest

from core.accounts import accounts, closing
from core.accounts.actors import load_actor
from core.accounts.model import DELETED_NAME, AccountStatus, Identity
from core.credits import credits
from core.escrow.worker import run_payment_jobs
from core.listings import proposals
from core.listings.model import OfferStatus, ProposalStatus, RequestStatus
from core.moderation import admin
from core.orders import disputes, orders, reviews
from core.orders.model import OrderStatus, PaymentMode, Ruling
from core.proofing import proofing
from core.proofing.proofing import ScorecardInput
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import NotFound
from tests.fakes import FakeStore
from tests.unit.builders import (
    FakeEscrow,
    balance,
    deal,
    delivered,
    human,
    post,
    publish,
)


class PayingEscrow(FakeEscrow):
    """A processor whose refunds go through, so a queued refund can be sent."""

    async def refund(
        self,
        *,
        payment_ref: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        return f"re_{idempotency_key}"


async def blocked(ctx: Context, account_id: int) -> closing.DeletionBlocked:
    with pytest.raises(closing.DeletionBlocked) as raised:
        await closing.delete_account(ctx, account_id=account_id)
    return raised.value


def codes(error: closing.DeletionBlocked) -> list[str]:
    return [b.code for b in error.blockers]


async def complete(ctx: Context, d: object) -> None:
    await delivered(ctx, d)  # type: ignore[arg-type]
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)  # type: ignore[attr-defined]


async def test_an_open_order_blocks_both_parties_until_it_is_completed(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    for party in (d.buyer, d.seller):
        error = await blocked(ctx, party.id)
        assert codes(error) == [closing.OPEN_ORDERS.code]
        assert f"#{d.order.id}" in error.message and "/orders" in error.message
        check = await closing.check_deletion(ctx, account_id=party.id)
        assert not check.allowed
    await complete(ctx, d)
    result = await closing.delete_account(ctx, account_id=d.buyer.id)
    assert result.account_id == d.buyer.id and not result.already_deleted
    assert store.state.accounts[d.buyer.id].status is AccountStatus.DELETED


async def test_an_open_dispute_blocks_until_the_ruling(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    await delivered(ctx, d)
    dispute = await disputes.open_dispute(
        ctx, actor_id=d.buyer.id, order_id=d.order.id, reason="Not what was agreed"
    )
    error = await blocked(ctx, d.seller.id)
    assert codes(error) == [closing.OPEN_DISPUTES.code]
    assert f"#{d.order.id}" in error.message and "ruling" in error.message
    await disputes.rule_dispute(
        ctx, moderator_id=d.mod.id, dispute_id=dispute.id, ruling=Ruling.RELEASE,
        note="Delivered as described",
    )
    assert store.state.orders[d.order.id].status is OrderStatus.COMPLETED
    await closing.delete_account(ctx, account_id=d.seller.id)
    assert store.state.accounts[d.seller.id].is_deleted


async def test_escrow_money_and_a_queued_refund_block_until_the_refund_is_sent(
    store: FakeStore, clock: object
) -> None:
    ctx = Context(uow=store, clock=clock, escrow=PayingEscrow())  # type: ignore[arg-type]
    d = await deal(ctx, PaymentMode.ESCROW, funded=True)
    error = await blocked(ctx, d.buyer.id)
    assert codes(error) == [closing.OPEN_ORDERS.code, closing.ESCROW_HELD.code]
    assert "escrow" in error.message
    await orders.cancel_order(ctx, actor_id=d.buyer.id, order_id=d.order.id)
    await orders.cancel_order(ctx, actor_id=d.seller.id, order_id=d.order.id)
    assert store.state.orders[d.order.id].status is OrderStatus.REFUNDED
    error = await blocked(ctx, d.buyer.id)
    assert codes(error) == [closing.PAYMENT_QUEUED.code]
    assert f"#{d.order.id}" in error.message
    await run_payment_jobs(ctx)
    await closing.delete_account(ctx, account_id=d.buyer.id)
    assert store.state.accounts[d.buyer.id].is_deleted


async def test_a_proofing_assignment_blocks_until_the_scorecard_is_in(
    ctx: Context, store: FakeStore
) -> None:
    carol = await human(ctx, "carol")
    await proofing.set_proofer(ctx, account_id=carol.id, enabled=True)
    d = await deal(ctx, proofers_wanted=1)
    await delivered(ctx, d)
    [assignment] = store.state.proofing["assignments"].values()
    assert assignment.proofer_id == carol.id
    error = await blocked(ctx, carol.id)
    assert codes(error) == [closing.PROOFING_DUE.code]
    assert f"#{d.order.id}" in error.message and "/proofs" in error.message
    await proofing.submit_scorecard(
        ctx, proofer_id=carol.id, assignment_id=assignment.id,
        card=ScorecardInput(completeness=4, accuracy=4, methodology=4, quality=4,
                            verdict="pass", evidence="Checked 20 of the 500 rows."),
    )
    await closing.delete_account(ctx, account_id=carol.id)
    assert carol.id not in store.state.proofing["proofers"]
    # The scorecard stays with the order; only the proofer profile goes.
    assert store.state.proofing["assignments"][assignment.id].scorecard is not None


async def test_money_owed_or_in_the_wallet_blocks(ctx: Context, store: FakeStore) -> None:
    seller = await human(ctx, "seller")
    async with ctx.uow() as uow:
        await uow.ledger.post(
            ledger.transfer(
                type=ledger.TxType.WALLET_DEPOSIT, asset="usd", source=ledger.WORLD_PROCESSOR,
                destination=ledger.user_account(seller.id), amount=1250,
                idempotency_key="wallet:test",
            )
        )
        await uow.commit()
    error = await blocked(ctx, seller.id)
    assert codes(error) == [closing.WALLET_MONEY.code]
    assert "12.50 USD" in error.message


async def test_a_banned_account_is_refused(ctx: Context) -> None:
    d = await deal(ctx)
    await complete(ctx, d)
    await accounts.ban_account(ctx, moderator_id=d.mod.id, account_id=d.stranger.id,
                               reason="spam links")
    error = await blocked(ctx, d.stranger.id)
    assert codes(error) == [closing.BANNED.code]
    await accounts.unban_account(ctx, moderator_id=d.mod.id, account_id=d.stranger.id)
    await closing.delete_account(ctx, account_id=d.stranger.id)


async def test_an_agent_with_open_work_blocks_its_supervisor_and_is_closed_with_it(
    ctx: Context, store: FakeStore
) -> None:
    boss = await human(ctx, "boss")
    agent = await accounts.create_agent(ctx, supervisor_id=boss.id, display_name="Scout")
    buyer = await human(ctx, "buyer")
    offer = await publish(ctx, agent)
    order = await orders.order_offer(
        ctx, buyer_id=buyer.id, offer_id=offer.id, payment_mode=PaymentMode.OFF_PLATFORM
    )
    error = await blocked(ctx, boss.id)
    assert codes(error) == [closing.AGENT_BUSY.code]
    assert f"#{agent.id}" in error.message and f"#{order.id}" in error.message
    check = await closing.check_deletion(ctx, account_id=boss.id)
    assert [a.id for a in check.agents] == [agent.id]
    await orders.deliver_order(ctx, actor_id=agent.id, order_id=order.id, note="Done")
    await orders.approve_order(ctx, buyer_id=buyer.id, order_id=order.id)
    result = await closing.delete_account(ctx, account_id=boss.id)
    assert result.closed_agents == (agent.id,)
    assert store.state.accounts[agent.id].is_deleted
    assert store.state.offers[offer.id].status is OfferStatus.EXPIRED
    assert await balance(ctx, agent) == 0


async def test_deletion_withdraws_removes_forfeits_erases_once(
    ctx: Context, store: FakeStore
) -> None:
    alice = await human(ctx, "alice")
    bob = await human(ctx, "bob")
    await accounts.change_username(ctx, account_id=alice.id, username="alice_w")
    alice = await accounts.set_role(ctx, granted_by=None, account_id=alice.id)
    offer = await publish(ctx, alice)
    request = await post(ctx, alice)
    bobs_request = await post(ctx, bob)
    bid = await proposals.submit_proposal(
        ctx, seller_id=alice.id, request_id=bobs_request.id, message="I can do this well",
        price_cents=20_000, timeline_days=3,
    )
    rival = await proposals.submit_proposal(
        ctx, seller_id=bob.id, request_id=request.id, message="Happy to help you out",
        price_cents=20_000, timeline_days=3,
    )
    credits_left = await balance(ctx, alice)
    check = await closing.check_deletion(ctx, account_id=alice.id)
    assert check.allowed and check.credits == credits_left > 0
    assert check.listings == 2 and check.proposals == 1 and check.providers == ("telegram",)
    store.outbox.clear()

    result = await closing.delete_account(ctx, account_id=alice.id)
    again = await closing.delete_account(ctx, account_id=alice.id)

    assert result.forfeited == credits_left and again.already_deleted and again.forfeited == 0
    forfeits = [t for t in store.state.transactions if t.type is ledger.TxType.FORFEIT_CLOSED]
    assert len(forfeits) == 1 and sum(e.amount for e in forfeits[0].entries) == 0
    assert await balance(ctx, alice) == 0
    assert store.state.balances[(ledger.WORLD_FORFEITED, ledger.CREDITS)] == credits_left
    tomb = store.state.accounts[alice.id]
    assert (tomb.display_name, tomb.username, tomb.roles) == (DELETED_NAME, None, frozenset())
    assert tomb.handle == DELETED_NAME
    assert not [i for i in store.state.identities.values() if i.account_id == alice.id]
    assert store.state.offers[offer.id].status is OfferStatus.EXPIRED
    assert store.state.offers[offer.id].title == closing.REMOVED_TITLE
    assert store.state.requests[request.id].status is RequestStatus.CLOSED
    assert store.state.proposals[bid.id].status is ProposalStatus.WITHDRAWN
    assert store.state.proposals[rival.id].status is ProposalStatus.REJECTED
    # The buyer hears the withdrawal and the rival bidder the rejection; nobody else.
    heard = sorted((e.type, e.recipients) for e in store.outbox)
    assert heard == [
        ("application.rejected", (bob.id,)),
        ("application.withdrawn", (bob.id,)),
    ]
    assert not [t for t in store.state.transactions if "alice_w" in t.memo]
    assert [a.action for a in store.state.audit if a.subject == f"account:{alice.id}"][-1] == (
        "account.deleted"
    )
    with pytest.raises(NotFound):
        async with ctx.uow() as uow:
            await load_actor(uow, alice.id)
    with pytest.raises(NotFound):
        await closing.check_deletion(ctx, account_id=alice.id)


async def test_the_identity_comes_back_as_a_new_account(ctx: Context, store: FakeStore) -> None:
    d = await deal(ctx)
    await complete(ctx, d)
    await reviews.leave_review(ctx, author_id=d.seller.id, order_id=d.order.id, rating=5,
                               text="Clear brief, quick approval")
    await reviews.leave_review(ctx, author_id=d.buyer.id, order_id=d.order.id, rating=4,
                               text="Good work")
    await closing.delete_account(ctx, account_id=d.buyer.id)
    again, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="tg-buyer", display_name="Buyer"
    )
    assert created and again.id != d.buyer.id
    assert store.state.identities[("telegram", "tg-buyer")] == Identity(
        "telegram", "tg-buyer", again.id
    )
    # The seller's order and the review about them stay, by "a deleted account".
    record = await orders.get_order(ctx, order_id=d.order.id, viewer_id=d.seller.id)
    assert record.order.status is OrderStatus.COMPLETED and record.order.buyer_id == d.buyer.id
    about_seller = await reviews.reviews_about(ctx, account_id=d.seller.id)
    assert [(r.author_id, a.handle) for r, a in about_seller] == [(d.buyer.id, DELETED_NAME)]
    assert store.state.accounts[d.buyer.id].handle == DELETED_NAME


async def test_an_agent_closing_itself_leaves_its_supervisor_alone(
    ctx: Context, store: FakeStore
) -> None:
    boss = await human(ctx, "boss")
    agent = await accounts.create_agent(ctx, supervisor_id=boss.id, display_name="Scout")
    result = await closing.delete_account(ctx, account_id=agent.id)
    assert result.closed_agents == () and store.state.accounts[agent.id].is_deleted
    assert not store.state.accounts[boss.id].is_deleted
    assert await accounts.list_agents(ctx, supervisor_id=boss.id) == []
    check = await closing.check_deletion(ctx, account_id=boss.id)
    assert check.agents == ()


async def test_moderators_cannot_revive_or_credit_a_tombstone(
    ctx: Context, store: FakeStore
) -> None:
    d = await deal(ctx)
    await complete(ctx, d)
    await closing.delete_account(ctx, account_id=d.stranger.id)
    gone = d.stranger.id
    attempts = [
        accounts.ban_account(ctx, moderator_id=d.mod.id, account_id=gone, reason="spam links"),
        accounts.set_role(ctx, granted_by=d.mod.id, account_id=gone),
        admin.warn_account(ctx, moderator_id=d.mod.id, account_id=gone, reason="rude words"),
        credits.adjust_credits(ctx, moderator_id=d.mod.id, account_id=gone, delta=50,
                               reason="goodwill"),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound):
            await attempt
    tomb = store.state.accounts[gone]
    assert tomb.status is AccountStatus.DELETED and tomb.roles == frozenset()
    assert await balance(ctx, tomb) == 0
