"""The chat commands and buttons, one module per feature; ``ROUTERS`` lists them all."""

from __future__ import annotations

from handlers.commands import (
    account,
    browse,
    closing,
    export,
    linking,
    listings,
    orders,
    payouts,
    proofs,
    start,
    topup,
)
from handlers.turn import Router

ROUTERS: tuple[Router, ...] = (
    start.router,
    browse.router,
    listings.router,
    orders.router,
    account.router,
    linking.router,
    topup.router,
    payouts.router,
    proofs.router,
    closing.router,
    export.router,
)
