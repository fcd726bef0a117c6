"""First contact, help, the menu and leaving whatever the chat is in."""

from __future__ import annotations

import re

from core.credits import credits
from core.orders import orders
from core.shared.errors import MarketplaceError
from handlers import cards
from handlers.actions import encode
from handlers.commands.listings import BY_KIND
from handlers.forms import leave_form
from handlers.i18n import error_text
from handlers.markup import escape
from handlers.turn import Router, Turn
from handlers.types import Button, Reply

router = Router()

#: Commands a menu button may run (``cmd:<name>``), all without arguments.
MENU = (
    ("offers", "menu.offers"),
    ("requests", "menu.requests"),
    ("newoffer", "menu.newoffer"),
    ("newrequest", "menu.newrequest"),
    ("orders", "menu.orders"),
    ("myoffers", "menu.myoffers"),
    ("myrequests", "menu.myrequests"),
    ("balance", "menu.balance"),
    ("profile", "menu.profile"),
    ("agents", "menu.agents"),
    ("help", "menu.help"),
)
MENU_COMMANDS = frozenset(name for name, _ in MENU) | {"history", "topup", "verify"}

#: (command, catalog key of its short description) for the platforms' command lists.
COMMAND_MENU = (
    "start",
    "help",
    "menu",
    "offers",
    "requests",
    "newoffer",
    "myoffers",
    "newrequest",
    "myrequests",
    "bid",
    "proposals",
    "orders",
    "order",
    "msg",
    "deliver",
    "approve",
    "revise",
    "dispute",
    "cancelorder",
    "review",
    "balance",
    "topup",
    "history",
    "profile",
    "username",
    "verify",
    "link",
    "settings",
    "apikey",
    "payouts",
    "wallet",
    "pay",
    "agents",
    "proofer",
    "proofs",
    "report",
    "deleteaccount",
    "export",
    "cancel",
)

_DEEP_LINK = re.compile(r"(offer|request|order)_([0-9]{1,18})")


def menu_buttons(turn: Turn) -> tuple[tuple[Button, ...], ...]:
    buttons = [turn.button(key, encode("cmd", name)) for name, key in MENU]
    return cards.rows(buttons, 2)


@router.command("start")
async def start(turn: Turn) -> list[Reply]:
    account = await turn.account()
    async with turn.ctx.uow() as uow:
        first = await uow.dedup.first_time(f"welcome:{account.id}", turn.now())
        await uow.commit()
    replies: list[Reply] = []
    link = _DEEP_LINK.fullmatch(turn.args.lower()) if turn.args else None
    if first or link is None:
        balance = await credits.get_balance(turn.ctx, account_id=account.id)
        key = "start.welcome" if first else "start.welcome_back"
        replies.append(
            Reply(
                turn.tr(key, name=escape(account.display_name), balance=balance.credits),
                buttons=menu_buttons(turn),
            )
        )
    if turn.args and link is None:
        replies.append(Reply(turn.tr("start.bad_link")))
    if link is not None:
        kind, ident = link.group(1), int(link.group(2))
        try:
            replies.append(await _deep_link_card(turn, kind, ident))
        except MarketplaceError as error:
            replies.append(Reply("⚠️ " + error_text(turn.tr, error)))
    return replies


async def _deep_link_card(turn: Turn, kind: str, ident: int) -> Reply:
    if kind in BY_KIND:
        return await BY_KIND[kind].open(turn, ident)
    record = await orders.get_order(turn.ctx, order_id=ident, viewer_id=turn.actor_id)
    return await cards.order_card(turn, record)


@router.command("help")
async def help_(turn: Turn) -> list[Reply]:
    return [Reply(turn.tr("help.body"), buttons=menu_buttons(turn))]


@router.command("menu")
async def menu(turn: Turn) -> list[Reply]:
    return [Reply(turn.tr("menu.title"), buttons=menu_buttons(turn))]


@router.command("cancel")
async def cancel(turn: Turn) -> list[Reply]:
    if await leave_form(turn):
        return turn.say("cancel.form")
    if turn.state.in_order is not None:
        order_id = turn.state.in_order
        turn.state.in_order = None
        await turn.save_state()
        return turn.say("relay.left", id=order_id)
    return turn.say("cancel.nothing")
