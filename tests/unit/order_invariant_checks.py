"""The checks behind the invariants of tests/unit/test_order_invariants.py, run on its state
machine after every step: terminal states stay, every move has a timeline entry and an outbox
event, timers follow the state, escrow money is conserved and balances add up."""

from __future__ import annotations

from typing import Any

from core.orders.model import Order, OrderEvent, OrderStatus, PaymentMode, TimerKind, TimerStatus
from core.shared import ledger
from tests.fakes import FakeStore

S = OrderStatus

#: The timer each live, unfrozen state must have armed, so no order can stall.
STATE_TIMER = {
    S.AWAITING_FUNDING: TimerKind.FUNDING_TIMEOUT,
    S.IN_PROGRESS: TimerKind.SELLER_DEADLINE,
    S.AWAITING_SUPERVISOR: TimerKind.SELLER_DEADLINE,
    S.DELIVERED: TimerKind.AUTO_APPROVE,
    S.PROOFING: TimerKind.PROOFING_WINDOW,
    S.RELEASE_PENDING: TimerKind.RELEASE,
}


class InvariantChecks:
    store: FakeStore
    order_ids: list[int]
    terminal: dict[int, OrderStatus]
    last_status: dict[int, OrderStatus | None]
    events_seen: dict[int, int]
    versions: dict[int, int]

    def _terminal_stays(self, order: Order) -> None:
        if order.id in self.terminal:
            assert order.status is self.terminal[order.id], "an order left a terminal state"
        elif order.status.is_terminal:
            self.terminal[order.id] = order.status

    def _timeline_and_outbox(
        self, order: Order, events: list[OrderEvent], outbox: list[Any]
    ) -> None:
        new = events[self.events_seen.get(order.id, 0) :]
        self.events_seen[order.id] = len(events)
        if order.version != self.versions.get(order.id, -1) and order.id in self.versions:
            assert new, f"order {order.id} changed without a timeline entry"
        self.versions[order.id] = order.version
        status = self.last_status.get(order.id)
        for entry in new:
            if entry.from_status == entry.to_status:
                continue  # a note on the timeline (a cancel request), not a move
            assert entry.from_status == status, (order.id, entry, status)
            status = entry.to_status
            matching = [
                e
                for e in outbox
                if e.payload.get("order_id") == order.id
                and (
                    (
                        e.payload.get("action") == entry.action
                        and e.payload.get("to_status") == entry.to_status.value
                    )
                    or (entry.action == "create" and e.type == "order.created")
                )
            ]
            assert matching, f"no outbox event for {entry.action} of order {order.id}"
            outbox.remove(matching[0])
        assert status is order.status, f"timeline of {order.id} ends at {status}"
        self.last_status[order.id] = order.status

    def _timers_follow_the_state(self, order: Order) -> None:
        timers = [
            t
            for t in self.store.state.timers.values()
            if t.subject == "order" and t.subject_id == order.id
        ]
        live = [t for t in timers if t.status is TimerStatus.PENDING]
        kinds = [t.kind for t in live]
        assert len(kinds) == len(set(kinds)), f"duplicate timers on {order.id}: {live}"
        if order.status.is_frozen:
            assert not live, f"{order.status} order {order.id} has running timers {kinds}"
            return
        assert all(t.for_status in (None, order.status.value) for t in live), (order.status, live)
        if order.status.is_terminal:
            assert set(kinds) <= {TimerKind.REVIEW_REVEAL}, kinds
        wanted = STATE_TIMER.get(order.status)
        if wanted is not None:
            assert wanted in kinds, f"{order.status} order {order.id} has no {wanted} timer"

    def _escrow_is_conserved(self, order: Order) -> None:
        account = ledger.escrow_account(order.id)
        moved = {t: 0 for t in ledger.TxType}
        for tx in self.store.state.transactions:
            if tx.asset == order.currency:
                moved[tx.type] += tx.delta_for(account)
        funded = moved[ledger.TxType.ESCROW_FUND]
        released = -moved[ledger.TxType.ESCROW_RELEASE]
        refunded = -moved[ledger.TxType.ESCROW_REFUND]
        proofers = -moved[ledger.TxType.PROOFER_FEE]
        held = self.store.state.balances.get((account, order.currency), 0)
        assert funded == released + refunded + proofers + held, (
            order.id, funded, released, refunded, proofers, held
        )
        assert held >= 0 and released >= 0 and refunded >= 0 and proofers >= 0
        if order.payment_mode is PaymentMode.OFF_PLATFORM:
            assert funded == 0, "money moved for an off-platform order"
        else:
            # The price, and one proofing fee per proofer wanted; proofers earn only those.
            fees = funded - order.price_cents
            assert funded == 0 or (fees >= 0 and fees % max(1, order.proofers_wanted) == 0)
            assert proofers <= max(0, fees)
            assert released <= order.price_cents
        if order.status.is_terminal:
            assert held == 0, f"{order.status} order {order.id} still holds {held}"
        if order.status is S.REFUNDED:
            assert released == 0 and refunded + proofers == funded
        if order.status is S.AWAITING_FUNDING:
            assert funded == 0

    def _money_adds_up(self) -> None:
        for (name, asset), amount in self.store.state.balances.items():
            if not ledger.may_go_negative(name):
                assert amount >= 0, f"{name} holds {amount} {asset}"
        fees = self.store.state.balances.get((ledger.PLATFORM_FEES, "usd"), 0)
        payable = sum(
            amount
            for (name, _), amount in self.store.state.balances.items()
            if name.startswith("payable:")
        )
        released = sum(
            -tx.delta_for(ledger.escrow_account(o))
            for tx in self.store.state.transactions
            if tx.type in (ledger.TxType.ESCROW_RELEASE, ledger.TxType.PROOFER_FEE)
            for o in self.order_ids
        )
        assert payable + fees == released
