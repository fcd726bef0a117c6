"""Random sequences of funding (duplicated and reordered webhooks, stray second payments),
deliveries, approvals, disputes and rulings, holds, cooldowns, failing transfers, payouts and
refunds after release, card chargebacks opened at any point (after the payout too) and won
or lost; orders that want proofers, whose fees are paid to an in-time proofer (one who can
receive payouts and one who cannot) and whose unearned fees are refunded to the card when the
order ends — after the seller's payout, after a refund after release, around chargebacks.
After every step: the money ledger conserves each order's money (funded = released to the
seller + fees + Stripe's processing fees + refunded + lost to chargebacks + proofers' fees +
held) and no order is paid twice (one transfer to the seller per transfer group on the fake
Stripe, a second only after a won chargeback reversed the first, never more than the seller's
share net; one per proofer's assignment, never more than its fee); the payment record the
parties see adds up. Once the worker has drained its queue, Stripe agrees: charged − refunded
− lost chargebacks = transferred + fees + held, where the fees are the platform's net of
Stripe's processing fee of every charge, which the ledger holds once per charge
(``world:processing_fees``)."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from core.escrow import funding, refunds, worker
from core.escrow.model import JobKind, JobStatus
from core.escrow.record import payment_record
from core.moderation import admin
from core.orders import disputes, orders
from core.orders.model import OrderStatus, PaymentMode, Ruling
from core.orders.timers import run_due_timers
from core.proofing import proofing
from core.proofing.model import AssignmentStatus, ProofingRules
from core.proofing.proofing import ScorecardInput
from core.shared import ledger
from core.shared.errors import MarketplaceError
from payments.stripe import StripeGateway
from tests.fakes import FakeClock, FakeStore
from tests.stripe.conftest import FEE_BPS, WHSEC, Backend, Story, escrow_context
from tests.stripe.fake_stripe import FakeStripeServer
from tests.unit.builders import human, publish

PRICES = st.sampled_from([1_000, 9_999, 15_000])
PROOFER_FEE = 400
PROOFING = ProofingRules(window=timedelta(hours=24), fee_cents=PROOFER_FEE)


class EscrowMoney(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.clock = FakeClock()
        self.server = FakeStripeServer()
        self.server.state.clock = lambda: self.clock.now().timestamp()
        self.stripe = self.run(self.server.start())
        self.gateway = StripeGateway(
            secret_key=self.stripe.api_key, webhook_secret=WHSEC, public_url="http://test",
            api_base=self.stripe.url, max_network_retries=0,
        )
        self.store = FakeStore()
        ctx = escrow_context(self.store, self.clock, self.gateway)
        ctx = replace(ctx, rules=replace(ctx.rules, proofing=PROOFING))
        self.story = self.run(Story(ctx, self.stripe, Backend(uow=self.store, store=self.store),
                                    self.clock).setup())
        self.ctx = ctx
        # Two proofers: one with a payout account that can receive, one without (their fee
        # stays in escrow and is refunded when the order ends).
        self.proofers = [self.run(human(ctx, name)).id for name in ("ann", "cid")]
        self.proofer_account = self.run(self.story.onboard(self.store.state.accounts[
            self.proofers[0]]))
        for proofer_id in self.proofers:
            self.run(proofing.set_proofer(ctx, account_id=proofer_id, enabled=True))
        self.orders: list[int] = []
        self.price: dict[int, int] = {}
        #: What each order's buyer pays: the price and the proofing fees.
        self.due: dict[int, int] = {}
        #: Open disputes at the fake Stripe, by order.
        self.disputes: dict[int, str] = {}

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        self.run(self.gateway.aclose())
        self.run(self.server.stop())
        self.loop.close()

    def attempt(self, coro: Any) -> None:
        # A step the order's state refuses is fine: the point is that nothing breaks.
        with contextlib.suppress(MarketplaceError):
            self.run(coro)

    def status(self, order_id: int) -> OrderStatus:
        return self.store.state.orders[order_id].status

    # -- rules -----------------------------------------------------------------------------

    @initialize(price=PRICES, proofers=st.sampled_from([0, 1, 2]))
    def first_order(self, price: int, proofers: int) -> None:
        """Every run starts with a funded order (a third of them without proofers), so the
        steps go to what happens after funding."""
        self.new_order(price, proofers)
        self._pay(self.orders[-1], duplicate=False, reverse=False)

    @precondition(lambda self: len(self.orders) < 4)
    @rule(price=PRICES, proofers=st.sampled_from([0, 0, 1, 2]))
    def new_order(self, price: int, proofers: int) -> None:
        async def go() -> int:
            offer = await publish(self.ctx, self.story.seller, price_cents=price,
                                  proofers_wanted=proofers)
            order = await orders.order_offer(
                self.ctx, buyer_id=self.story.buyer.id, offer_id=offer.id,
                payment_mode=PaymentMode.ESCROW)
            return order.id
        order_id = self.run(go())
        self.orders.append(order_id)
        self.price[order_id] = price
        self.due[order_id] = price + proofers * PROOFER_FEE

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), duplicate=st.booleans(), reverse=st.booleans())
    def pay(self, data: st.DataObject, duplicate: bool, reverse: bool) -> None:
        self._pay(data.draw(st.sampled_from(self.orders)), duplicate, reverse)

    def _pay(self, order_id: int, duplicate: bool, reverse: bool) -> None:
        async def go() -> None:
            await funding.start_checkout(self.ctx, buyer_id=self.story.buyer.id, order_id=order_id)
            if not any(s["metadata"].get("order_id") == str(order_id)
                       for s in self.stripe.sessions.values()):
                return  # cancelled before the buyer ever had a link
            # A link of an order funded or cancelled meanwhile is a stray payment.
            events = self.story.checkout_events(order_id)
            if reverse:
                events.reverse()
            for event in events + (events if duplicate else []):
                await self.story.deliver(event)
        self.attempt(go())

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def to_the_end(self, data: st.DataObject) -> None:
        """The happy path to its end and the worker's calls, so runs reach payouts (the
        seller's and the proofers'), the refund of unearned proofing fees, and what comes
        after them."""
        order_id = data.draw(st.sampled_from(self.orders))
        for _ in range(8):
            before = self.status(order_id)
            self._progress(order_id)
            if self.status(order_id) is before and before is not OrderStatus.PROOFING:
                break
        self.worker(0)

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def progress(self, data: st.DataObject) -> None:
        """The next step of the happy path, so runs reach payouts and refunds after them."""
        self._progress(data.draw(st.sampled_from(self.orders)))

    def _progress(self, order_id: int) -> None:
        status = self.status(order_id)
        if status is OrderStatus.AWAITING_FUNDING:
            self._pay(order_id, duplicate=False, reverse=False)
        elif status is OrderStatus.IN_PROGRESS:
            self._deliver(order_id)
        elif status is OrderStatus.DELIVERED:
            self._approve(order_id)
        elif status is OrderStatus.PROOFING:
            open_ = [a for a in self.store.state.proofing["assignments"].values()
                     if a.order_id == order_id and a.status is AssignmentStatus.ASSIGNED]
            if open_:
                self._score(open_[0].id, "pass")
            else:
                self.time_passes(25)
        elif status is OrderStatus.RELEASE_PENDING:
            self.time_passes(25)
            self.worker(0)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), verdict=st.sampled_from(["pass", "fail"]))
    def proofer_scores(self, data: st.DataObject, verdict: str) -> None:
        """A proofer of an order in proofing sends a scorecard (in time or not)."""
        order_id = data.draw(st.sampled_from(self.orders))
        assignments = [a for a in self.store.state.proofing["assignments"].values()
                       if a.order_id == order_id]
        if not assignments:
            return
        self._score(data.draw(st.sampled_from(assignments)).id, verdict)

    def _score(self, assignment_id: int, verdict: str) -> None:
        assignment = self.store.state.proofing["assignments"][assignment_id]
        card = ScorecardInput(4, 4, 4, 4, verdict, "Checked every row against the sources.")
        self.attempt(proofing.submit_scorecard(
            self.ctx, proofer_id=assignment.proofer_id, assignment_id=assignment.id, card=card))

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def deliver(self, data: st.DataObject) -> None:
        self._deliver(data.draw(st.sampled_from(self.orders)))

    def _deliver(self, order_id: int) -> None:
        self.attempt(orders.deliver_order(
            self.ctx, actor_id=self.story.seller.id, order_id=order_id, note="done"))

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        self._approve(data.draw(st.sampled_from(self.orders)))

    def _approve(self, order_id: int) -> None:
        self.attempt(orders.approve_order(self.ctx, buyer_id=self.story.buyer.id,
                                          order_id=order_id))

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), ruling=st.sampled_from(list(Ruling)), pct=st.integers(1, 99))
    def dispute_and_rule(self, data: st.DataObject, ruling: Ruling, pct: int) -> None:
        order_id = data.draw(st.sampled_from(self.orders))
        async def go() -> None:
            dispute = await disputes.open_dispute(
                self.ctx, actor_id=self.story.buyer.id, order_id=order_id,
                reason="Not what we agreed on.")
            await disputes.rule_dispute(
                self.ctx, moderator_id=self.story.mod.id, dispute_id=dispute.id,
                ruling=ruling, note="Ruled on the evidence",
                split_pct=pct if ruling is Ruling.SPLIT else None)
        self.attempt(go())

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), action=st.sampled_from(["hold", "unhold", "release", "reverse"]))
    def override(self, data: st.DataObject, action: str) -> None:
        order_id = data.draw(st.sampled_from(self.orders))
        self.attempt(admin.override_payment(
            self.ctx, moderator_id=self.story.mod.id, order_id=order_id,
            action=action, note="moderator check"))  # type: ignore[arg-type]

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def refund_after_release(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self.orders))
        self.attempt(refunds.refund_released_order(
            self.ctx, moderator_id=self.story.mod.id, order_id=order_id, note="fraud"))

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def chargeback_opens(self, data: st.DataObject) -> None:
        order_id = data.draw(st.sampled_from(self.orders))
        group = f"order_{order_id}"
        charges = [c for c in self.stripe.charges.values() if c["transfer_group"] == group
                   and c["amount_captured"] > c["amount_refunded"]]
        if not charges or order_id in self.disputes:
            return
        charge = charges[0]
        if any(d["charge"] == charge["id"] for d in self.stripe.disputes.values()):
            return  # a charge is disputed once
        dispute = self.stripe.open_dispute(
            charge["id"], charge["amount_captured"] - charge["amount_refunded"])
        self.disputes[order_id] = str(dispute["id"])
        self.attempt(self.story.deliver(self.stripe.event("charge.dispute.created", dispute)))

    @precondition(lambda self: self.disputes)
    @rule(data=st.data(), won=st.booleans())
    def chargeback_closes(self, data: st.DataObject, won: bool) -> None:
        order_id = data.draw(st.sampled_from(sorted(self.disputes)))
        dispute = self.stripe.close_dispute(self.disputes.pop(order_id), "won" if won else "lost")
        self.attempt(self.story.deliver(self.stripe.event("charge.dispute.closed", dispute)))

    @rule(hours=st.sampled_from([1, 25, 80]))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(timedelta(hours=hours))
        self.run(run_due_timers(self.ctx))

    @rule(failures=st.integers(0, 2))
    def worker(self, failures: int) -> None:
        if failures:
            self.stripe.fail_next("/v1/transfers", failures)
        self.run(worker.run_payment_jobs(self.ctx))
        self.stripe.failures.clear()

    # -- invariants ------------------------------------------------------------------------

    def assignments(self, order_id: int) -> list[int]:
        return [a.id for a in self.store.state.proofing["assignments"].values()
                if a.order_id == order_id]

    def flows(self, order_id: int) -> dict[str, int]:
        keys = {f"fund:{order_id}", f"refund:{order_id}", f"release:{order_id}",
                f"refund-after-release:{order_id}", f"chargeback:{order_id}",
                f"chargeback-fee:{order_id}", f"chargeback-reversal:{order_id}",
                f"chargeback-repay:{order_id}", f"proofer-refund:{order_id}",
                f"chargeback-refund:refund:{order_id}",
                f"chargeback-refund:refund-after-release:{order_id}",
                f"chargeback-refund:proofer-refund:{order_id}"}
        # Stripe's fee of each card payment of the order (its own and stray ones).
        keys |= {j.idempotency_key for j in self.store.state.payments["jobs"].values()
                 if j.order_id == order_id and j.kind is JobKind.PROCESSING_FEE}
        fee_keys = {f"proofer-fee:{a}" for a in self.assignments(order_id)}
        # A proofer's unpaid fee a lost chargeback took back: out of the proofers' bucket.
        fee_keys |= {f"chargeback-proofer:{k}" for k in fee_keys}
        out = {"funded": 0, "seller": 0, "fees": 0, "refunded": 0, "chargebacks": 0,
               "processing": 0, "proofers": 0}
        for tx in self.store.state.transactions:
            if tx.idempotency_key in fee_keys:
                # escrow:<o> → payable:<proofer>: the proofer's, paid out on its own.
                out["proofers"] += sum(e.amount for e in tx.entries
                                       if e.ledger_account.startswith("payable:"))
                out["chargebacks"] += sum(e.amount for e in tx.entries
                                          if e.ledger_account == ledger.WORLD_CHARGEBACKS)
                continue
            if tx.idempotency_key not in keys:
                continue
            for e in tx.entries:
                if tx.idempotency_key.startswith("fund:"):
                    if e.ledger_account.startswith("escrow:"):
                        out["funded"] += e.amount
                elif e.ledger_account == ledger.WORLD_CHARGEBACKS:
                    out["chargebacks"] += e.amount
                elif e.ledger_account == ledger.WORLD_PROCESSING_FEES:
                    out["processing"] += e.amount
                elif e.ledger_account.startswith("payable:") or (
                        e.ledger_account == ledger.WORLD_PAYOUTS):
                    out["seller"] += e.amount
                elif e.ledger_account == ledger.PLATFORM_FEES:
                    out["fees"] += e.amount
                elif e.ledger_account in (ledger.WORLD_PROCESSOR,) or e.ledger_account.startswith(
                        "user:"):
                    out["refunded"] += e.amount
        return out

    @invariant()
    def money_is_conserved(self) -> None:
        for order_id in self.orders:
            f = self.flows(order_id)
            held = self.store.state.balances.get((ledger.escrow_account(order_id), "usd"), 0)
            assert held >= 0
            assert f["funded"] in (0, self.due[order_id])
            assert f["funded"] == (
                f["seller"] + f["fees"] + f["processing"] + f["refunded"] + f["chargebacks"]
                + f["proofers"] + held
            ), (order_id, f)
            # The fee income is net of Stripe's fees (a refunded order costs the platform).
            assert f["fees"] + f["processing"] >= 0 and f["seller"] >= 0
            assert f["refunded"] >= 0
            # Proofers earn only the fees the buyer paid for them.
            assert 0 <= f["proofers"] <= self.due[order_id] - self.price[order_id]

    @invariant()
    def the_payment_record_accounts_for_the_money(self) -> None:
        """The record the parties see adds up: what came in is what went back, what the bank
        took, what is held, what proofers earned, and (once released) the seller's share and
        the platform's fee."""
        async def read(order_id: int) -> Any:
            async with self.ctx.uow() as uow:
                order = await uow.orders.get(order_id)
                assert order is not None
                return await payment_record(self.ctx, uow, order)

        for order_id in self.orders:
            r = self.run(read(order_id))
            released = r.seller_cents + r.platform_fee_cents if r.released else 0
            assert r.funded_cents == (
                r.refunded_cents + r.chargeback_cents + r.held_cents + released
                + r.proofers_paid_cents
            ), r
            assert min(r.refunded_cents, r.seller_cents, r.held_cents) >= 0, r

    @invariant()
    def no_order_is_paid_twice(self) -> None:
        for order_id in self.orders:
            group = self.stripe.transfers_in_group(f"order_{order_id}")
            to_proofer = [t for t in group if t["destination"] == self.proofer_account]
            transfers = [t for t in group if t["destination"] != self.proofer_account]
            assert len(to_proofer) <= len(self.assignments(order_id))
            assert all(t["amount"] == PROOFER_FEE for t in to_proofer), to_proofer
            repaid = any(j.idempotency_key == f"chargeback-repay:{order_id}"
                         for j in self.store.state.payments["jobs"].values())
            assert len(transfers) <= 1 + repaid, transfers
            share = self.price[order_id] - self.price[order_id] * FEE_BPS // 10_000
            assert sum(t["amount"] - t["amount_reversed"] for t in transfers) <= share

    @invariant()
    def stripe_agrees_once_the_queue_is_drained(self) -> None:
        jobs = self.store.state.payments["jobs"].values()
        if any(j.status is not JobStatus.SENT and j.status is not JobStatus.CANCELLED
               for j in jobs):
            return
        for order_id in self.orders:
            group = f"order_{order_id}"
            charges = [c for c in self.stripe.charges.values() if c["transfer_group"] == group]
            charged = sum(c["amount_captured"] for c in charges)
            refunded = sum(c["amount_refunded"] for c in charges)
            transferred = sum(t["amount"] - t["amount_reversed"]
                              for t in self.stripe.transfers_in_group(group))
            f = self.flows(order_id)
            held = self.store.state.balances.get((ledger.escrow_account(order_id), "usd"), 0)
            payable_unpaid = f["seller"] + f["proofers"] - transferred
            # A stray payment (never in the ledger) the bank took back by a chargeback.
            funding = self.store.state.payments["fundings"].get(order_id)
            funded_by = {funding.payment_ref, funding.charge_ref} if funding else set()
            stray = {c["id"] for c in charges
                     if not {c["id"], c["payment_intent"]} & funded_by}
            stray_lost = sum(d["amount"] for d in self.stripe.disputes.values()
                             if d["status"] == "lost" and d["charge"] in stray)
            assert charged - refunded - f["chargebacks"] - stray_lost == (
                transferred + payable_unpaid + f["fees"] + f["processing"] + held
            ), (order_id, charged, refunded, transferred, f, held)
            # Stripe's fee of every charge of the order is in the ledger, once.
            assert f["processing"] == sum(
                self.stripe.balance_transactions[c["balance_transaction"]]["fee"]
                for c in charges
            ), (order_id, f)
            assert payable_unpaid == 0 or self.status(order_id) is OrderStatus.COMPLETED


EscrowMoney.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestEscrowMoney = EscrowMoney.TestCase
