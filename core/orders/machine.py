"""The order workflow as one table.

Each row, keyed by (state, action), says which roles may take the action, the guard the
order must pass, where it goes (``escrow_target`` when money still has to move first; a
target of ``None`` returns to ``order.resume_status``), the timer whose firing performs it,
what else it does to the order and what money it moves. ``TIMERS`` says which timers run in
each state: entering a state starts its timers and stops those armed for another state.
``core.orders.workflow`` applies the rows; nothing else changes ``Order.status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.orders.model import Order, OrderStatus, PaymentMode, TimerKind

S = OrderStatus
K = TimerKind

BUYER = "buyer"
SELLER = "seller"
SUPERVISOR = "supervisor"
MODERATOR = "moderator"
SYSTEM = "system"  # timers
PAYMENT = "payment"  # payment webhooks

NON_TERMINAL = frozenset(s for s in OrderStatus if not s.is_terminal)


class Guard(StrEnum):
    """A named condition on the order that a transition needs besides state and role."""

    NONE = "none"
    REVISIONS_LEFT = "revisions_left"
    SIGNOFF_REQUIRED = "signoff_required"
    ESCROW_IN_USE = "escrow_in_use"


class Money(StrEnum):
    """What a transition does with the order's escrow (nothing for off-platform orders)."""

    NONE = "none"
    RELEASE_ALL = "release_all"
    REFUND_ALL = "refund_all"
    #: The caller gives the buyer's share; it is refunded and the rest released.
    SPLIT = "split"


class Since(StrEnum):
    """The moment a timer's duration is counted from."""

    NOW = "now"
    DUE_AT = "due_at"
    #: The seller's deadline, or now when it has passed.
    DUE_AT_OR_NOW = "due_at_or_now"


@dataclass(frozen=True)
class TimerRule:
    kind: TimerKind
    #: The ``MarketRules`` field with the duration (``*_hours``, ``*_days`` or a timedelta).
    rule: str
    #: A moment, or a timer of the same state whose due time this one is counted from.
    since: Since | TimerKind = Since.NOW
    #: A reminder: due ``rule`` before ``since``, and not armed when that moment has passed.
    ahead: bool = False
    #: Outlives its state (armed once, never stopped by a later move).
    lasting: bool = False


TIMERS: dict[OrderStatus, tuple[TimerRule, ...]] = {
    S.AWAITING_FUNDING: (TimerRule(K.FUNDING_TIMEOUT, "funding_timeout_hours"),),
    S.IN_PROGRESS: (
        TimerRule(K.SELLER_DEADLINE, "seller_grace_hours", Since.DUE_AT),
        TimerRule(K.REMINDER_SELLER, "reminder_lead_hours", Since.DUE_AT, ahead=True),
    ),
    # The supervisor signs off within the seller's deadline and grace, or the order lapses.
    S.AWAITING_SUPERVISOR: (
        TimerRule(K.SELLER_DEADLINE, "seller_grace_hours", Since.DUE_AT_OR_NOW),
    ),
    S.DELIVERED: (
        TimerRule(K.AUTO_APPROVE, "auto_approve_days"),
        TimerRule(K.REMINDER_BUYER, "reminder_lead_hours", K.AUTO_APPROVE, ahead=True),
    ),
    S.PROOFING: (TimerRule(K.PROOFING_WINDOW, "proofing_phase"),),
    S.RELEASE_PENDING: (TimerRule(K.RELEASE, "release_cooldown"),),
    S.COMPLETED: (TimerRule(K.REVIEW_REVEAL, "review_reveal_days", lasting=True),),
}


#: The timers of the delivery time: a row that restarts it stops them, to arm them afresh.
DELIVERY_TIMERS = (K.SELLER_DEADLINE, K.REMINDER_SELLER)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[OrderStatus]
    roles: frozenset[str]
    target: OrderStatus | None
    escrow_target: OrderStatus | None = None
    #: Webhook/notification event type emitted when this transition happens.
    event: str = ""
    guard: Guard = Guard.NONE
    #: The timer whose firing performs this action, and the timeline note it leaves.
    fired_by: TimerKind | None = None
    timer_note: str = ""
    money: Money = Money.NONE
    #: Uses one of the order's included revisions.
    uses_revision: bool = False
    #: The seller gets the order's delivery time again from now; the deadline timers that
    #: were paused with the old one are stopped and armed afresh.
    restarts_delivery: bool = False

    @property
    def stops(self) -> tuple[TimerKind, ...]:
        """Timers stopped on entering the new state even when armed for it (besides every
        timer armed for another state, which entering any state stops)."""
        return DELIVERY_TIMERS if self.restarts_delivery else ()

    def target_for(self, order: Order) -> OrderStatus | None:
        """Where ``order`` goes; ``None`` when it should return but has nowhere to."""
        if self.target is None:
            return order.resume_status
        if order.payment_mode is PaymentMode.ESCROW and self.escrow_target is not None:
            return self.escrow_target
        return self.target


def _t(
    action: str,
    sources: set[OrderStatus] | frozenset[OrderStatus],
    roles: set[str],
    target: OrderStatus | None,
    escrow_target: OrderStatus | None = None,
    *,
    event: str,
    guard: Guard = Guard.NONE,
    fired_by: TimerKind | None = None,
    timer_note: str = "",
    money: Money = Money.NONE,
    uses_revision: bool = False,
    restarts_delivery: bool = False,
) -> Transition:
    return Transition(
        action,
        frozenset(sources),
        frozenset(roles),
        target,
        escrow_target,
        event,
        guard,
        fired_by,
        timer_note,
        money,
        uses_revision,
        restarts_delivery,
    )


TRANSITIONS: tuple[Transition, ...] = (
    # The delivery time runs from the moment the money is in, as work starts then.
    _t(
        "fund",
        {S.AWAITING_FUNDING},
        {PAYMENT},
        S.IN_PROGRESS,
        event="order.funded",
        guard=Guard.ESCROW_IN_USE,
        restarts_delivery=True,
    ),
    _t(
        "cancel_unfunded",
        {S.AWAITING_FUNDING},
        {BUYER, SELLER},
        S.CANCELLED,
        event="order.cancelled",
    ),
    _t(
        "funding_timeout",
        {S.AWAITING_FUNDING},
        {SYSTEM},
        S.CANCELLED,
        event="order.cancelled",
        fired_by=K.FUNDING_TIMEOUT,
        timer_note="not funded in time",
    ),
    _t("deliver", {S.IN_PROGRESS}, {SELLER, SUPERVISOR}, S.DELIVERED, event="order.delivered"),
    _t(
        "submit_for_signoff",
        {S.IN_PROGRESS},
        {SELLER},
        S.AWAITING_SUPERVISOR,
        event="order.awaiting_supervisor",
        guard=Guard.SIGNOFF_REQUIRED,
    ),
    _t("sign_off", {S.AWAITING_SUPERVISOR}, {SUPERVISOR}, S.DELIVERED, event="order.delivered"),
    _t("send_back", {S.AWAITING_SUPERVISOR}, {SUPERVISOR}, S.IN_PROGRESS, event="order.sent_back"),
    # Mutual cancellation: the use case applies it only once both parties have asked.
    _t(
        "cancel",
        {S.IN_PROGRESS},
        {BUYER, SELLER},
        S.CANCELLED,
        S.REFUNDED,
        event="order.cancelled",
        money=Money.REFUND_ALL,
    ),
    _t(
        "seller_timeout",
        # An agent's delivery stuck before its supervisor's sign-off counts as no delivery.
        {S.IN_PROGRESS, S.AWAITING_SUPERVISOR},
        {SYSTEM},
        S.CANCELLED,
        S.REFUNDED,
        event="order.cancelled",
        fired_by=K.SELLER_DEADLINE,
        timer_note="no delivery by the deadline",
        money=Money.REFUND_ALL,
    ),
    _t("approve", {S.DELIVERED}, {BUYER}, S.COMPLETED, S.RELEASE_PENDING, event="order.approved"),
    _t(
        "auto_approve",
        {S.DELIVERED},
        {SYSTEM},
        S.COMPLETED,
        S.RELEASE_PENDING,
        event="order.approved",
        fired_by=K.AUTO_APPROVE,
        timer_note="buyer did not respond",
    ),
    _t(
        "request_revision",
        {S.DELIVERED},
        {BUYER},
        S.IN_PROGRESS,
        event="order.revision_requested",
        guard=Guard.REVISIONS_LEFT,
        uses_revision=True,
        restarts_delivery=True,
    ),
    _t("start_proofing", {S.DELIVERED}, {SYSTEM}, S.PROOFING, event="order.proofing_started"),
    _t(
        "finish_proofing",
        {S.PROOFING},
        {SYSTEM},
        S.DELIVERED,
        event="order.proofing_finished",
        fired_by=K.PROOFING_WINDOW,
        timer_note="proofing window ended",
    ),
    _t(
        "open_dispute",
        {S.IN_PROGRESS, S.AWAITING_SUPERVISOR, S.DELIVERED, S.PROOFING, S.RELEASE_PENDING},
        {BUYER, SELLER},
        S.DISPUTED,
        event="order.disputed",
    ),
    _t(
        "release",
        {S.RELEASE_PENDING},
        {SYSTEM, MODERATOR},
        S.COMPLETED,
        event="payment.released",
        fired_by=K.RELEASE,
        timer_note="cooldown ended",
        money=Money.RELEASE_ALL,
    ),
    _t(
        "reverse_approval",
        {S.RELEASE_PENDING},
        {MODERATOR},
        S.DELIVERED,
        event="order.approval_reversed",
    ),
    # A card chargeback (the payment webhook) holds an order like a moderator would.
    _t("hold", NON_TERMINAL - {S.ON_HOLD}, {MODERATOR, PAYMENT}, S.ON_HOLD, event="order.held"),
    _t("unhold", {S.ON_HOLD}, {MODERATOR, PAYMENT}, None, event="order.unheld"),
    # The bank kept the money of a chargeback: what is left in escrow goes back to the buyer.
    _t(
        "chargeback_lost",
        {S.ON_HOLD},
        {PAYMENT},
        S.CANCELLED,
        event="order.cancelled",
        money=Money.REFUND_ALL,
    ),
    _t(
        "rule_release",
        {S.DISPUTED},
        {MODERATOR},
        S.COMPLETED,
        S.RELEASE_PENDING,
        event="dispute.resolved",
    ),
    _t(
        "rule_refund",
        {S.DISPUTED},
        {MODERATOR},
        S.REFUNDED,
        event="dispute.resolved",
        money=Money.REFUND_ALL,
    ),
    _t(
        "rule_split",
        {S.DISPUTED},
        {MODERATOR},
        S.COMPLETED,
        event="dispute.resolved",
        money=Money.SPLIT,
    ),
    # The old deadline may have run out while the order was frozen: work resumes with the
    # order's delivery time from now, like a revision.
    _t(
        "rule_resume",
        {S.DISPUTED},
        {MODERATOR},
        S.IN_PROGRESS,
        event="dispute.resolved",
        restarts_delivery=True,
    ),
)

_BY_KEY: dict[tuple[OrderStatus, str], Transition] = {
    (source, t.action): t for t in TRANSITIONS for source in t.sources
}
ACTIONS: frozenset[str] = frozenset(t.action for t in TRANSITIONS)
#: Timer kind → the action its firing performs (the other order timers only remind).
TIMER_ACTIONS: dict[TimerKind, str] = {
    t.fired_by: t.action for t in TRANSITIONS if t.fired_by is not None
}


def find_transition(status: OrderStatus, action: str) -> Transition | None:
    return _BY_KEY.get((status, action))


def mermaid() -> str:
    """The transition table as a Mermaid state diagram (kept in docs/order-states.md)."""
    lines = [
        "stateDiagram-v2",
        "    [*] --> awaiting_funding: create [buyer] (escrow)",
        "    [*] --> in_progress: create [buyer] (off_platform)",
    ]
    for t in TRANSITIONS:
        label = f"{t.action} [{', '.join(sorted(t.roles))}]"
        if t.guard is not Guard.NONE:
            label += f" if {t.guard.value}"
        if t.money is not Money.NONE:
            label += f" / {t.money.value}"
        for source in sorted(t.sources, key=lambda s: list(OrderStatus).index(s)):
            if t.target is None:
                lines.append(f"    {source.value} --> previous_state: {label}")
            elif t.escrow_target is not None:
                lines.append(f"    {source.value} --> {t.target.value}: {label} (off_platform)")
                lines.append(f"    {source.value} --> {t.escrow_target.value}: {label} (escrow)")
            else:
                lines.append(f"    {source.value} --> {t.target.value}: {label}")
    for terminal in (S.COMPLETED, S.CANCELLED, S.REFUNDED):
        lines.append(f"    {terminal.value} --> [*]")
    return "\n".join(lines) + "\n"


def timer_table() -> str:
    """``TIMERS`` as a Markdown table (kept in docs/order-states.md)."""
    lines = ["| state | timers (a field of `MarketRules`) |", "|---|---|"]
    for status, rules in TIMERS.items():
        parts = []
        for r in rules:
            since = r.since.value
            when = f"`{r.rule}` {'before' if r.ahead else 'after'} {since}"
            parts.append(
                f"`{r.kind.value}`: {when}" + (", outlives the state" if r.lasting else "")
            )
        lines.append(f"| {status.value} | {'; '.join(parts)} |")
    return "\n".join(lines) + "\n"
