"""Domain events rendered as notifications: one per recipient, in the recipient's language,
with the buttons that act on it; and posts for the admin and feed channels.

One module per subject registers its renderers (``orders``, ``listings``, ``account``,
``payments``) on ``base``'s registry; ``channels`` routes an event to them."""

from __future__ import annotations

from handlers.render import (  # noqa: F401  (register renderers)
    account,
    export,
    listings,
    orders,
    payments,
    proofing,
)
from handlers.render.base import EventView, Rendered, deep_link_payload, renders, translator_for
from handlers.render.channels import ADMIN_KEYS, render_event, render_feed

__all__ = [
    "ADMIN_KEYS",
    "EventView",
    "Rendered",
    "deep_link_payload",
    "render_event",
    "render_feed",
    "renders",
    "translator_for",
]
