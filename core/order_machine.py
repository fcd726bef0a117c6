"""The order state machine, as data.

Each row says which states an action leaves from, which roles may take it and where it goes.
A target of ``None`` means "back to ``order.resume_status``" (unhold). ``escrow_target``
overrides the target for escrow orders, where money still has to move before completion.
``apply_transition`` is the only code that changes ``Order.status``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.errors import InvalidTransition, PermissionDenied
from core.model import Order, OrderStatus, PaymentMode

S = OrderStatus

BUYER = "buyer"
SELLER = "seller"
SUPERVISOR = "supervisor"
MODERATOR = "moderator"
SYSTEM = "system"  # timers
PAYMENT = "payment"  # payment webhooks

NON_TERMINAL = frozenset(s for s in OrderStatus if not s.is_terminal)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[OrderStatus]
    roles: frozenset[str]
    target: OrderStatus | None
    escrow_target: OrderStatus | None = None
    #: Webhook/notification event type emitted when this transition happens.
    event: str = ""

    def target_for(self, order: Order) -> OrderStatus:
        if self.target is None:
            if order.resume_status is None:
                raise InvalidTransition(order.id, order.status, self.action)
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
    event: str = "",
) -> Transition:
    return Transition(
        action,
        frozenset(sources),
        frozenset(roles),
        target,
        escrow_target,
        event or f"order.{action}",
    )


TRANSITIONS: tuple[Transition, ...] = (
    _t("fund", {S.AWAITING_FUNDING}, {PAYMENT}, S.IN_PROGRESS, event="order.funded"),
    _t(
        "cancel_unfunded",
        {S.AWAITING_FUNDING},
        {BUYER, SELLER},
        S.CANCELLED,
        event="order.cancelled",
    ),
    _t("funding_timeout", {S.AWAITING_FUNDING}, {SYSTEM}, S.CANCELLED, event="order.cancelled"),
    _t("deliver", {S.IN_PROGRESS}, {SELLER, SUPERVISOR}, S.DELIVERED, event="order.delivered"),
    _t(
        "submit_for_signoff",
        {S.IN_PROGRESS},
        {SELLER},
        S.AWAITING_SUPERVISOR,
        event="order.awaiting_supervisor",
    ),
    _t("sign_off", {S.AWAITING_SUPERVISOR}, {SUPERVISOR}, S.DELIVERED, event="order.delivered"),
    _t("send_back", {S.AWAITING_SUPERVISOR}, {SUPERVISOR}, S.IN_PROGRESS, event="order.sent_back"),
    # Mutual cancellation: the service applies it only once both parties have asked.
    _t(
        "cancel", {S.IN_PROGRESS}, {BUYER, SELLER}, S.CANCELLED, S.REFUNDED, event="order.cancelled"
    ),
    _t(
        "seller_timeout",
        # An agent's delivery stuck before its supervisor's sign-off counts as no delivery.
        {S.IN_PROGRESS, S.AWAITING_SUPERVISOR},
        {SYSTEM},
        S.CANCELLED,
        S.REFUNDED,
        event="order.cancelled",
    ),
    _t("approve", {S.DELIVERED}, {BUYER}, S.COMPLETED, S.RELEASE_PENDING, event="order.approved"),
    _t(
        "auto_approve",
        {S.DELIVERED},
        {SYSTEM},
        S.COMPLETED,
        S.RELEASE_PENDING,
        event="order.approved",
    ),
    _t(
        "request_revision",
        {S.DELIVERED},
        {BUYER},
        S.IN_PROGRESS,
        event="order.revision_requested",
    ),
    _t("start_proofing", {S.DELIVERED}, {SYSTEM}, S.PROOFING, event="order.proofing_started"),
    _t("finish_proofing", {S.PROOFING}, {SYSTEM}, S.DELIVERED, event="order.proofing_finished"),
    _t(
        "open_dispute",
        {S.IN_PROGRESS, S.AWAITING_SUPERVISOR, S.DELIVERED, S.PROOFING, S.RELEASE_PENDING},
        {BUYER, SELLER},
        S.DISPUTED,
        event="order.disputed",
    ),
    _t("release", {S.RELEASE_PENDING}, {SYSTEM, MODERATOR}, S.COMPLETED, event="payment.released"),
    _t(
        "reverse_approval",
        {S.RELEASE_PENDING},
        {MODERATOR},
        S.DELIVERED,
        event="order.approval_reversed",
    ),
    # A card chargeback (the payment webhook) holds an order like a moderator would.
    _t("hold", NON_TERMINAL - {S.ON_HOLD}, {MODERATOR, PAYMENT}, S.ON_HOLD, event="order.held"),
    _t("unhold", {S.ON_HOLD}, {MODERATOR}, None, event="order.unheld"),
    _t(
        "rule_release",
        {S.DISPUTED},
        {MODERATOR},
        S.COMPLETED,
        S.RELEASE_PENDING,
        event="dispute.resolved",
    ),
    _t("rule_refund", {S.DISPUTED}, {MODERATOR}, S.REFUNDED, event="dispute.resolved"),
    _t("rule_split", {S.DISPUTED}, {MODERATOR}, S.COMPLETED, event="dispute.resolved"),
    _t("rule_resume", {S.DISPUTED}, {MODERATOR}, S.IN_PROGRESS, event="dispute.resolved"),
)

_BY_KEY: dict[tuple[OrderStatus, str], Transition] = {
    (source, t.action): t for t in TRANSITIONS for source in t.sources
}
ACTIONS: frozenset[str] = frozenset(t.action for t in TRANSITIONS)


def find_transition(status: OrderStatus, action: str) -> Transition | None:
    return _BY_KEY.get((status, action))


def allowed_actions(status: OrderStatus, roles: frozenset[str]) -> list[str]:
    """Actions the given roles could take now (for buttons on cards)."""
    return [t.action for t in TRANSITIONS if status in t.sources and t.roles & roles]


def apply_transition(
    order: Order, action: str, roles: frozenset[str], now: datetime
) -> tuple[OrderStatus, OrderStatus, Transition]:
    """Move ``order`` by ``action`` if one of ``roles`` may take it; return (from, to, row).

    Raises ``InvalidTransition`` when the action does not leave from the current state and
    ``PermissionDenied`` when none of the actor's roles may take it.
    """
    transition = find_transition(order.status, action)
    if transition is None:
        raise InvalidTransition(order.id, order.status, action)
    if not transition.roles & roles:
        raise PermissionDenied(
            f"Only the {' or '.join(sorted(transition.roles))} can "
            f"{action.replace('_', ' ')} order {order.id}."
        )
    source = order.status
    target = transition.target_for(order)
    # Unhold of a held dispute lands in DISPUTED again: the state to return to is not the
    # hold, and the dispute's own origin was overwritten by the hold, so it is left empty.
    if target is S.ON_HOLD or (target is S.DISPUTED and source is not S.ON_HOLD):
        order.resume_status = source
    elif source in (S.ON_HOLD, S.DISPUTED):
        order.resume_status = None
    order.status = target
    order.updated_at = now
    if target is S.DELIVERED and source in (S.IN_PROGRESS, S.AWAITING_SUPERVISOR):
        order.delivered_at = now
    if target.is_terminal:
        order.completed_at = now
    return source, target, transition


def mermaid() -> str:
    """The transition table as a Mermaid state diagram (kept in docs/order-states.md)."""
    lines = ["stateDiagram-v2", "    [*] --> awaiting_funding: create [buyer] (escrow)",
             "    [*] --> in_progress: create [buyer] (off_platform)"]
    for t in TRANSITIONS:
        roles = ", ".join(sorted(t.roles))
        for source in sorted(t.sources, key=lambda s: list(OrderStatus).index(s)):
            if t.target is None:
                lines.append(f"    {source.value} --> previous_state: {t.action} [{roles}]")
                continue
            if t.escrow_target is not None:
                lines.append(f"    {source.value} --> {t.target.value}: {t.action} [{roles}]"
                             " (off_platform)")
                lines.append(f"    {source.value} --> {t.escrow_target.value}: {t.action} "
                             f"[{roles}] (escrow)")
            else:
                lines.append(f"    {source.value} --> {t.target.value}: {t.action} [{roles}]")
    for terminal in (S.COMPLETED, S.CANCELLED, S.REFUNDED):
        lines.append(f"    {terminal.value} --> [*]")
    return "\n".join(lines) + "\n"
