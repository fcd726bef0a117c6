"""What a listing's expiry timer does when the scheduler fires it (``core.orders.timers``
dispatches every timer whose subject is not an order by ``TIMER_HANDLERS``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from core.listings import lifecycle
from core.listings.kinds import OFFERS, REQUESTS
from core.listings.proposals import reject_pending_proposals
from core.orders.model import Timer
from core.shared.context import Context
from core.shared.uow import UnitOfWork

#: Fires one timer in the scheduler's transaction; False when it had nothing left to do.
TimerHandler = Callable[[Context, UnitOfWork, Timer], Awaitable[bool]]


async def _expire_offer(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    return await lifecycle.expire(ctx, uow, OFFERS, timer.subject_id) is not None


async def _expire_request(ctx: Context, uow: UnitOfWork, timer: Timer) -> bool:
    """An open request past its deadline expires; the bids still pending are turned down."""
    request = await lifecycle.expire(ctx, uow, REQUESTS, timer.subject_id)
    if request is None:
        return False
    await reject_pending_proposals(ctx, uow, request)
    return True


#: The listings' timers by subject (``offer``, ``request``).
TIMER_HANDLERS: Mapping[str, TimerHandler] = {
    OFFERS.name: _expire_offer,
    REQUESTS.name: _expire_request,
}
