"""Who an order concerns: loading it, the roles an account has on it, who hears of it, the
payload its events carry, and whether its money is in escrow."""

from __future__ import annotations

from core.accounts.model import Account, AccountKind
from core.orders.machine import MODERATOR, SUPERVISOR
from core.orders.model import Order, PaymentMode
from core.shared.errors import NotFound, PermissionDenied
from core.shared.input_errors import NOT_A_PARTY
from core.shared.uow import UnitOfWork


async def load_order(uow: UnitOfWork, order_id: int) -> Order:
    order = await uow.orders.get(order_id)
    if order is None:
        raise NotFound("order", order_id)
    return order


async def order_roles(uow: UnitOfWork, order: Order, actor: Account) -> frozenset[str]:
    roles: set[str] = set()
    party = order.party_role(actor.id)
    if party:
        roles.add(party)
    if actor.id != order.seller_id:
        seller = await uow.accounts.get(order.seller_id)
        if seller is not None and seller.supervisor_id == actor.id:
            roles.add(SUPERVISOR)
    if actor.is_moderator:
        roles.add(MODERATOR)
    return frozenset(roles)


async def require_party(uow: UnitOfWork, order: Order, actor: Account) -> frozenset[str]:
    """Parties, the seller's supervisor and moderators may see an order; nobody else."""
    roles = await order_roles(uow, order, actor)
    if not roles:
        raise PermissionDenied(NOT_A_PARTY, code=PermissionDenied.code, order_id=order.id)
    return roles


async def order_recipients(
    uow: UnitOfWork, order: Order, *, exclude: int | None
) -> tuple[int, ...]:
    """Both parties, and the human who answers for an agent seller."""
    ids = [order.buyer_id, order.seller_id]
    seller = await uow.accounts.get(order.seller_id)
    if seller is not None and seller.kind is AccountKind.AGENT and seller.supervisor_id:
        ids.append(seller.supervisor_id)
    return tuple(dict.fromkeys(i for i in ids if i != exclude))


def order_payload(order: Order) -> dict[str, object]:
    return {
        "order_id": order.id,
        "title": order.title,
        "status": order.status.value,
        "buyer_id": order.buyer_id,
        "seller_id": order.seller_id,
        "price_cents": order.price_cents,
        "currency": order.currency,
        "payment_mode": order.payment_mode.value,
        "request_id": order.request_id,
        "offer_id": order.offer_id,
        "due_at": order.due_at.isoformat(),
    }


def escrow_in_use(order: Order) -> bool:
    return order.payment_mode is PaymentMode.ESCROW
