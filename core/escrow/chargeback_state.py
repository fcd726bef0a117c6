"""Whether a card chargeback is open on an order: the bank's decision is pending.

The audit trail already records each chargeback opening and closing on the order
(``core.escrow.chargebacks``), so the latest of those two entries says it; no second record
that could disagree with it.
"""

from __future__ import annotations

from core.escrow.model import PAYMENT_CHARGEBACK, PAYMENT_CHARGEBACK_CLOSED
from core.shared.uow import UnitOfWork


async def chargeback_lost(uow: UnitOfWork, order_id: int) -> bool:
    """Whether a chargeback on the order was closed for the card holder: the bank gave
    them the money back, so BotGig must not refund it again."""
    return any(
        entry.action == PAYMENT_CHARGEBACK_CLOSED and entry.data.get("won") is False
        for entry in await uow.audit.for_subject(f"order:{order_id}")
    )


async def chargeback_open(uow: UnitOfWork, order_id: int) -> bool:
    for entry in reversed(await uow.audit.for_subject(f"order:{order_id}")):
        if entry.action in (PAYMENT_CHARGEBACK, PAYMENT_CHARGEBACK_CLOSED):
            return entry.action == PAYMENT_CHARGEBACK
    return False
