"""Ids a user can act on, for front ends that suggest them while the user types (Discord's
autocomplete): their orders, their own requests, and the open requests of others.

The suggestions are a convenience, not a permission: every command re-checks what the user
may do with the id they end up sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.listings import requests
from core.listings.ports import BrowseQuery
from core.orders import orders
from core.shared.context import Context
from handlers import fmt
from handlers.i18n import Translator
from handlers.markup import to_plain

#: Discord lists at most 25 choices, each name at most 100 characters.
LIMIT = 25
LABEL_LIMIT = 100
#: How many of the user's newest orders and requests are searched.
SEARCHED = 100


class IdKind(StrEnum):
    ORDER = "order"
    MY_REQUEST = "my_request"
    OPEN_REQUEST = "open_request"


@dataclass(frozen=True)
class Suggestion:
    id: int
    #: Plain text: ``#12 · Scrape 500 pages · 🛠 in progress``.
    label: str


def _matches(ident: int, title: str, typed: str) -> bool:
    """Digits match the start of the id (``#1`` too), words the title."""
    wanted = typed.strip().lstrip("#").casefold()
    if not wanted:
        return True
    if wanted.isdigit():
        return str(ident).startswith(wanted)
    return all(word in title.casefold() for word in wanted.split())


def _label(ident: int, title: str, status: str) -> str:
    text = f"#{ident} · {fmt.shorten(title, 60)} · {status}"
    return text[:LABEL_LIMIT]


async def suggest_ids(
    ctx: Context, *, account_id: int, kind: IdKind, typed: str, tr: Translator
) -> list[Suggestion]:
    """The ids of ``kind`` that ``account_id`` can act on and that match ``typed``, newest
    first, at most 25."""
    out: list[Suggestion] = []
    if kind is IdKind.ORDER:
        for order in await orders.list_orders(ctx, account_id=account_id, limit=SEARCHED):
            if _matches(order.id, order.title, typed):
                status = to_plain(tr(f"status.{order.status.value}"))
                out.append(Suggestion(order.id, _label(order.id, order.title, status)))
    elif kind is IdKind.MY_REQUEST:
        for request in await requests.list_my_requests(ctx, buyer_id=account_id):
            if _matches(request.id, request.title, typed):
                status = to_plain(tr.word("request_status", request.status.value))
                out.append(Suggestion(request.id, _label(request.id, request.title, status)))
    else:
        query = BrowseQuery(now=ctx.clock.now(), limit=SEARCHED, exclude_owner_id=account_id)
        page = await requests.browse_requests(ctx, query=query)
        for view in page.items:
            request = view.request
            if _matches(request.id, request.title, typed):
                budget = fmt.money(request.budget_max_cents, request.currency, tr.language)
                out.append(Suggestion(request.id, _label(request.id, request.title, budget)))
    return out[:LIMIT]
