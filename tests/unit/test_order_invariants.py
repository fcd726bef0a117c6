"""Random sequences of order actions by random actors, in both payment modes, with the
invariants of DESIGN §2 checked after every step:

* nothing leaves a terminal state;
* only the actors the transition table names change an order, and a refused action changes
  nothing at all (an outsider always gets ``PermissionDenied``, never a silent success);
* every timer of a disputed or held order is paused, every other live order has the timer
  of its state armed, and no timer is left pending for a state the order has left;
* escrow money is conserved: funded = released + refunded + proofers' fees + held, per
  order (a request may want a proofer, whose fee is part of the escrow checkout);
* no user, escrow or payable balance ever goes below zero;
* every state change has a timeline entry (``OrderEvent``) and an outbox event.

The services are async; each step runs on an event loop owned by the machine, so nothing
here depends on pytest-asyncio.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
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

from core.accounts import accounts
from core.accounts.model import AccountKind
from core.credits import credits
from core.escrow.model import PayoutAccount
from core.escrow.processor_events import EventOutcome
from core.escrow.proofer_fees import amount_due
from core.listings import offers, proposals, requests
from core.orders import disputes, orders
from core.orders.machine import BUYER, MODERATOR, PAYMENT, SELLER, SUPERVISOR, find_transition
from core.orders.model import Order, OrderEvent, OrderStatus, PaymentMode, Ruling
from core.orders.timers import run_due_timers
from core.proofing import proofing
from core.proofing.model import AssignmentStatus, ProofingRules
from core.proofing.proofing import ScorecardInput
from core.shared.context import Context, MarketRules
from core.shared.errors import InsufficientCredits, MarketplaceError, PermissionDenied
from tests.fakes import FakeClock, FakeStore
from tests.fakes_payments import pay_by_card
from tests.unit.builders import FakeEscrow, offer_draft, request_draft
from tests.unit.order_invariant_checks import InvariantChecks

S = OrderStatus
ACTORS = ("buyer", "seller", "supervisor", "stranger", "moderator")

#: Service action -> (roles allowed to take it, transition names it may apply).
ACTIONS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "deliver": (frozenset({SELLER, SUPERVISOR}), ("deliver", "submit_for_signoff")),
    "sign_off": (frozenset({SUPERVISOR}), ("sign_off",)),
    "send_back": (frozenset({SUPERVISOR}), ("send_back",)),
    "approve": (frozenset({BUYER}), ("approve",)),
    "revise": (frozenset({BUYER}), ("request_revision",)),
    "cancel": (frozenset({BUYER, SELLER}), ("cancel", "cancel_unfunded")),
    "dispute": (frozenset({BUYER, SELLER}), ("open_dispute",)),
    "hold": (frozenset({MODERATOR}), ("hold",)),
    "unhold": (frozenset({MODERATOR}), ("unhold",)),
    "reverse": (frozenset({MODERATOR}), ("reverse_approval",)),
    "release": (frozenset({MODERATOR}), ("release",)),
    "claim": (frozenset({MODERATOR}), ()),
    "fund": (frozenset({PAYMENT}), ("fund",)),
    "rule": (frozenset({MODERATOR}), ("rule_release", "rule_refund", "rule_split", "rule_resume")),
}

# Mostly short steps, so orders live through several actions before a deadline ends them.
TICKS = [
    timedelta(hours=1),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(days=1),
    timedelta(days=2),
    timedelta(days=4),
    timedelta(days=15),
]
#: "entitled" stands for an actor the action is meant for, so runs make progress; the others
#: are drawn as they come, rights or not (and every step probes all actors without the right).
ACTOR_CHOICES = st.sampled_from(("entitled",) * 5 + ACTORS)
#: Which order an action targets: 0–4 any order (wrong states included), 5–9 an order the
#: action fits now, so runs reach the later states (release, rulings) often enough.
PICK = st.integers(0, 9)
PROOFER_FEE = 250


class OrderInvariants(InvariantChecks, RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.store = FakeStore()
        self.clock = FakeClock()
        # Long listings, so clock jumps never expire the offers the machine orders from.
        self.ctx = Context(
            uow=self.store,
            clock=self.clock,
            escrow=FakeEscrow(),
            rules=MarketRules(listing_days=3650, proofing=ProofingRules(fee_cents=PROOFER_FEE)),
        )
        self.order_ids: list[int] = []
        self.terminal: dict[int, OrderStatus] = {}
        self.last_status: dict[int, OrderStatus | None] = {}
        self.events_seen: dict[int, int] = {}
        self.versions: dict[int, int] = {}
        self.outbox_seen = 0
        #: Processor event ids handed out: a redelivery repeats the last one.
        self.notices = 0
        self.run(self._setup())

    async def _setup(self) -> None:
        async def person(name: str) -> int:
            account, _ = await accounts.ensure_chat_account(
                self.ctx, provider="telegram", external_id=name, display_name=name
            )
            return account.id

        ctx = self.ctx
        self.buyer = await person("buyer")
        self.seller = await person("seller")
        self.supervisor = await person("supervisor")
        self.stranger = await person("stranger")
        self.mod = await person("moderator")
        await accounts.set_role(ctx, granted_by=None, account_id=self.mod)
        agent = await accounts.create_agent(ctx, supervisor_id=self.supervisor, display_name="Bot")
        self.agent = agent.id
        self.offer = (
            await offers.publish_offer(
                ctx, seller_id=self.seller, draft=offer_draft(revisions_included=1)
            )
        ).id
        self.agent_offer = (
            await offers.publish_offer(
                ctx,
                seller_id=self.agent,
                draft=offer_draft(
                    title="Agent-run scraping", requires_signoff=True, price_cents=9_999
                ),
            )
        ).id
        # Two proofers, one who can receive money: a fee is paid or refunded, never lost.
        for name, payable in (("ann", True), ("cid", False)):
            proofer = await person(name)
            await proofing.set_proofer(ctx, account_id=proofer, enabled=True)
            if payable:
                now = self.clock.now()
                self.store.state.payments["accounts"][proofer] = PayoutAccount(
                    account_id=proofer, processor_account_id=f"acct_{name}",
                    charges_enabled=True, payouts_enabled=True, details_submitted=True,
                    created_at=now, updated_at=now,
                )
        self.outbox_seen = len(self.store.outbox)

    def run(self, step: Awaitable[Any]) -> Any:
        return self.loop.run_until_complete(step)

    def teardown(self) -> None:
        self.loop.close()

    # ------------------------------------------------------------------ helpers

    def order(self, index: int, action: str | None = None) -> Order:
        """An order by ``index`` (see ``PICK``): below 5 any order, from 5 on one the action
        fits now, when there is one."""
        every = [self.store.state.orders[i] for i in self.order_ids]
        if action is not None and index >= 5:
            transitions = ACTIONS[action][1]
            fitting = [o for o in every if any(find_transition(o.status, t) for t in transitions)]
            every = fitting or every
        return every[index % len(every)]

    def entitled(self, order: Order, action: str, pick: int) -> str:
        allowed = ACTIONS[action][0]
        candidates = [a for a in ACTORS if self.roles_of(order, a) & allowed]
        return candidates[pick % len(candidates)] if candidates else "stranger"

    def account_of(self, order: Order, actor: str) -> int:
        return {
            "buyer": order.buyer_id,
            "seller": order.seller_id,
            "supervisor": self.supervisor,
            "stranger": self.stranger,
            "moderator": self.mod,
        }[actor]

    def roles_of(self, order: Order, actor: str) -> frozenset[str]:
        if actor == "supervisor":
            seller = self.store.state.accounts[order.seller_id]
            agent_order = seller.kind is AccountKind.AGENT and seller.supervisor_id is not None
            return frozenset({SUPERVISOR}) if agent_order else frozenset()
        return {
            "buyer": frozenset({BUYER}),
            "seller": frozenset({SELLER}),
            "stranger": frozenset(),
            "moderator": frozenset({MODERATOR}),
        }[actor]

    def attempt(
        self, action: str, order: Order, actor: str, call: Callable[[int], Awaitable[Any]]
    ) -> None:
        """Run one action by ``actor``, after probing it with every actor who lacks the right
        (they must all be refused, changing nothing), and check what the action did."""
        allowed = ACTIONS[action][0]
        if actor == "entitled":
            actor = self.entitled(order, action, order.version)
        for outsider in ACTORS:
            if outsider != actor and not self.roles_of(order, outsider) & allowed:
                self.try_action(action, order, outsider, call)
        self.try_action(action, order, actor, call)

    def try_action(
        self, action: str, order: Order, actor: str, call: Callable[[int], Awaitable[Any]]
    ) -> None:
        allowed, transitions = ACTIONS[action]
        roles = self.roles_of(order, actor)
        before = self.store.state.clone()
        outbox, commits = len(self.store.outbox), self.store.commits
        try:
            self.run(call(self.account_of(order, actor)))
        except MarketplaceError as err:
            assert self.store.state == before, f"refused {action} by {actor} changed state"
            assert (len(self.store.outbox), self.store.commits) == (outbox, commits)
            # Money that cannot move (an escrow short of its amount) is a bug, not a refusal.
            assert not isinstance(err, InsufficientCredits), (action, actor, order.status, err)
            could_apply = any(find_transition(order.status, t) for t in transitions)
            if not roles or (not roles & allowed and could_apply):
                assert isinstance(err, PermissionDenied), (action, actor, order.status, err)
            return
        assert roles & allowed, f"{actor} took {action} on a {order.status} order"
        assert self.store.commits > commits, f"{action} by {actor} succeeded silently"

    # ------------------------------------------------------------------ rules

    @initialize(
        modes=st.lists(st.sampled_from(PaymentMode), min_size=3, max_size=3),
        # Mostly proofed, so escrow proofing fees are paid and refunded in many runs.
        proofers=st.sampled_from([1, 1, 0]),
        funded=st.booleans(),
    )
    def open_orders(self, modes: list[PaymentMode], proofers: int, funded: bool) -> None:
        """Start with orders of every origin, so every step can act on one: a human's offer,
        a supervised agent's offer that needs sign-off, and an awarded request — in half the
        runs with the escrow ones paid, so money moves early."""
        self.order_an_offer(modes[0], by_agent=False)
        self.order_an_offer(modes[1], by_agent=True)
        self.award_a_request(modes[2], by_agent=False, proofers=proofers)
        if funded:
            for index in range(3):
                self.payment_confirmed(index, exact=True)

    @precondition(lambda self: len(self.order_ids) < 5)
    @rule(mode=st.sampled_from(PaymentMode), by_agent=st.booleans())
    def order_an_offer(self, mode: PaymentMode, by_agent: bool) -> None:
        offer_id = self.agent_offer if by_agent else self.offer
        order = self.run(
            orders.order_offer(self.ctx, buyer_id=self.buyer, offer_id=offer_id, payment_mode=mode)
        )
        self.order_ids.append(order.id)

    @precondition(lambda self: len(self.order_ids) < 5)
    @rule(mode=st.sampled_from(PaymentMode), by_agent=st.booleans(), proofers=st.integers(0, 1))
    def award_a_request(self, mode: PaymentMode, by_agent: bool, proofers: int) -> None:
        async def award() -> Order:
            request = await requests.post_request(
                self.ctx,
                buyer_id=self.buyer,
                draft=request_draft(self.ctx, proofers_wanted=proofers),
            )
            proposal = await proposals.submit_proposal(
                self.ctx,
                seller_id=self.agent if by_agent else self.seller,
                request_id=request.id,
                message="I will do it well and on time.",
                price_cents=12_345,
                timeline_days=2,
            )
            return await proposals.accept_proposal(
                self.ctx, buyer_id=self.buyer, proposal_id=proposal.id, payment_mode=mode
            )

        self.order_ids.append(self.run(award()).id)

    @precondition(lambda self: self.order_ids)
    @rule(index=PICK, exact=st.booleans(), redelivered=st.booleans())
    def payment_confirmed(self, index: int, exact: bool, redelivered: bool = False) -> None:
        """The processor's notice of a card payment, through the one funding path (the
        in-memory fake of the payment records keeps the funding and the payment calls)."""
        order = self.order(index, "fund")
        before = self.store.state.clone()
        due = amount_due(self.ctx, order)
        amount = due if exact else due + 1
        ref = f"pay_{order.id}_{amount}"
        if not redelivered:
            self.notices += 1
        try:
            outcome = self.run(
                pay_by_card(
                    self.ctx,
                    order,
                    amount_cents=amount,
                    payment_ref=ref,
                    event_id=f"evt_{self.notices}",
                )
            )
        except MarketplaceError:
            assert self.store.state == before
            return
        if outcome is EventOutcome.DUPLICATE:
            assert redelivered and self.store.state == before
            return
        after = self.store.state.orders[order.id]
        if after.version != order.version:
            assert order.payment_mode is PaymentMode.ESCROW and exact
            assert (order.status, after.status) == (S.AWAITING_FUNDING, S.IN_PROGRESS)
            return
        funding = self.store.state.payments["fundings"].get(order.id)
        if funding is None or funding.payment_ref != ref:
            # A payment the order cannot take never enters the ledger: it goes back in full.
            assert self.store.state.transactions == before.transactions
            jobs = self.store.state.payments["jobs"].values()
            assert any(j.idempotency_key == f"return:{ref}" for j in jobs), (order, ref)

    def act(self, index: int, actor: str, action: str) -> None:
        order = self.order(index, action)
        ctx, oid = self.ctx, order.id
        calls: dict[str, Callable[[int], Awaitable[Any]]] = {
            "deliver": lambda a: orders.deliver_order(ctx, actor_id=a, order_id=oid, note="v1"),
            "sign_off": lambda a: orders.review_agent_delivery(
                ctx, supervisor_id=a, order_id=oid, approve=True
            ),
            "send_back": lambda a: orders.review_agent_delivery(
                ctx, supervisor_id=a, order_id=oid, approve=False, note="Fix the rows"
            ),
            "approve": lambda a: orders.approve_order(ctx, buyer_id=a, order_id=oid),
            "revise": lambda a: orders.request_revision(
                ctx, buyer_id=a, order_id=oid, note="Please add a column"
            ),
            "cancel": lambda a: orders.cancel_order(ctx, actor_id=a, order_id=oid),
            "dispute": lambda a: disputes.open_dispute(
                ctx, actor_id=a, order_id=oid, reason="Not what we agreed on."
            ),
            "hold": lambda a: disputes.hold_order(
                ctx, moderator_id=a, order_id=oid, reason="fraud check"
            ),
            "unhold": lambda a: disputes.unhold_order(ctx, moderator_id=a, order_id=oid),
            "reverse": lambda a: disputes.reverse_approval(
                ctx, moderator_id=a, order_id=oid, note="approved by mistake"
            ),
            "release": lambda a: disputes.release_payment(
                ctx, order_id=oid, moderator_id=a, note="stuck payment"
            ),
        }
        self.attempt(action, order, actor, calls[action])

    # One rule per family of actions, so that a run spends its steps on orders rather than
    # on whichever rule happens to be drawn.

    @precondition(lambda self: self.order_ids)
    @rule(index=PICK, actor=ACTOR_CHOICES)
    def seller_delivers(self, index: int, actor: str) -> None:
        self.act(index, actor, "deliver")

    @precondition(lambda self: self.order_ids)
    @rule(index=PICK, actor=ACTOR_CHOICES, approve=st.booleans())
    def supervisor_reviews(self, index: int, actor: str, approve: bool) -> None:
        self.act(index, actor, "sign_off" if approve else "send_back")

    @precondition(lambda self: self.order_ids)
    @rule(index=PICK, actor=ACTOR_CHOICES, approve=st.booleans())
    def buyer_decides(self, index: int, actor: str, approve: bool) -> None:
        self.act(index, actor, "approve" if approve else "revise")

    @precondition(lambda self: self.order_ids)
    @rule(index=PICK, actor=ACTOR_CHOICES, action=st.sampled_from(["cancel", "dispute"]))
    def party_backs_out(self, index: int, actor: str, action: str) -> None:
        self.act(index, actor, action)

    @precondition(lambda self: self.order_ids)
    @rule(
        index=PICK,
        actor=ACTOR_CHOICES,
        action=st.sampled_from(["hold", "unhold", "reverse", "release"]),
    )
    def moderator_overrides(self, index: int, actor: str, action: str) -> None:
        self.act(index, actor, action)

    @precondition(lambda self: self.order_ids)
    @rule(
        index=PICK,
        actor=ACTOR_CHOICES,
        ruling=st.sampled_from(Ruling),
        pct=st.integers(1, 99),
        claim_first=st.booleans(),
    )
    def moderate(self, index: int, actor: str, ruling: Ruling, pct: int, claim_first: bool) -> None:
        order = self.order(index, "rule")
        cases = [d for d in self.store.state.disputes.values() if d.order_id == order.id]
        if not cases:
            return
        case = max(cases, key=lambda d: d.id)
        if claim_first:
            self.attempt(
                "claim",
                order,
                actor,
                lambda a: disputes.claim_dispute(self.ctx, moderator_id=a, dispute_id=case.id),
            )
            order = self.store.state.orders[order.id]
        self.attempt(
            "rule",
            order,
            actor,
            lambda a: disputes.rule_dispute(
                self.ctx,
                moderator_id=a,
                dispute_id=case.id,
                ruling=ruling,
                note="Ruling after reading the evidence",
                split_pct=pct if ruling is Ruling.SPLIT else None,
            ),
        )

    @rule(
        who=st.sampled_from(["seller", "stranger", "moderator", "buyer"]),
        kind=st.sampled_from(["renew", "boost", "adjust"]),
        amount=st.integers(-150, 150),
        key=st.sampled_from(["k1", "k2", None]),
    )
    def spend_credits(self, who: str, kind: str, amount: int, key: str | None) -> None:
        actor = {
            "seller": self.seller,
            "stranger": self.stranger,
            "moderator": self.mod,
            "buyer": self.buyer,
        }[who]
        before = self.store.state.clone()
        call: Awaitable[Any]
        if kind == "renew":
            call = offers.renew_offer(
                self.ctx, actor_id=actor, offer_id=self.offer, idempotency_key=key
            )
        elif kind == "boost":
            call = offers.boost_offer(
                self.ctx,
                actor_id=actor,
                offer_id=self.offer,
                days=1 + abs(amount) % 5,
                idempotency_key=key,
            )
        else:
            call = credits.adjust_credits(
                self.ctx,
                moderator_id=actor,
                account_id=self.seller,
                delta=amount or 1,
                reason="random correction",
            )
        try:
            self.run(call)
        except MarketplaceError as err:
            assert self.store.state == before
            if who != "moderator" and (kind == "adjust" or who != "seller"):
                assert isinstance(err, PermissionDenied)
            return
        assert who == ("moderator" if kind == "adjust" else "seller")

    @rule(index=PICK, verdict=st.sampled_from(["pass", "fail"]))
    def proofer_scores(self, index: int, verdict: str) -> None:
        """A proofer assigned to the order sends the scorecard (refused, changing nothing,
        once the window or the proofing is over)."""
        waiting = [
            a for a in self.store.state.proofing["assignments"].values()
            if a.status is AssignmentStatus.ASSIGNED
        ]
        if not waiting:
            return
        assignment = waiting[index % len(waiting)]
        before = self.store.state.clone()
        card = ScorecardInput(4, 3, 4, 5, verdict, "Checked the delivery against the request.")
        try:
            self.run(
                proofing.submit_scorecard(
                    self.ctx,
                    proofer_id=assignment.proofer_id,
                    assignment_id=assignment.id,
                    card=card,
                )
            )
        except MarketplaceError:
            assert self.store.state == before

    @rule(tick=st.sampled_from(TICKS))
    def time_passes(self, tick: timedelta) -> None:
        self.clock.advance(tick)
        result = self.run(run_due_timers(self.ctx))
        assert result.failed == 0

    # ------------------------------------------------------------------ invariants

    @invariant()
    def orders_obey_the_rules(self) -> None:
        state = self.store.state
        new_outbox = self.store.outbox[self.outbox_seen :]
        self.outbox_seen = len(self.store.outbox)
        timeline: dict[int, list[OrderEvent]] = {}
        for event in state.order_events:
            timeline.setdefault(event.order_id, []).append(event)
        for oid in self.order_ids:
            order = state.orders[oid]
            self._terminal_stays(order)
            self._timeline_and_outbox(order, timeline.get(oid, []), new_outbox)
            self._timers_follow_the_state(order)
            self._escrow_is_conserved(order)

    @invariant()
    def balances_never_go_negative(self) -> None:
        self._money_adds_up()


OrderInvariants.TestCase.settings = settings(
    max_examples=80,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestOrderInvariants = OrderInvariants.TestCase
