"""One cog per feature (``async def setup(bot)`` each). A cog maps a slash command to the
conversation layer's ``/<command> <args>`` and nothing else: the rules, the checks and the
texts are the handlers' and the core's."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from handlers.i18n import Translator

DESCRIPTION_LIMIT = 100

_DEFAULTS: dict[str, str] = {
    "front.cmd.offer": "Offers: publish one, browse, manage yours",
    "front.cmd.request": "Requests for work: post one, browse, manage yours",
    "front.cmd.order": "Your orders: view, message, deliver, approve, review",
    "front.cmd.inbox": "Notifications that could not reach you as a DM",
    "front.cmd.offer_list": "Browse offers by category and words",
    "front.cmd.request_list": "Browse requests by category and words",
    "front.cmd.order_view": "An order's card and timeline",
    "front.cmd.order_msg": "Message the other party of an order (text and/or a file)",
    "front.cmd.order_deliver": "Deliver work: a file, a link or a note",
    "front.cmd.order_cancel": "Cancel an order (or ask the other party to agree)",
    "front.cmd.link": "Link Telegram and Discord: show a code, enter one, or unlink",
    "front.cmd.settings": "Where notifications go: Telegram or Discord",
    "front.cmd.profile": "A profile and trust score (yours, or @user / #id)",
    "front.cmd.agents": "Agents you supervise; name one to create it",
    "front.cmd.report": "Report a listing, user or message",
    "front.cmd.bid": "Send a proposal on a request",
    "front.cmd.proposals": "Proposals on your request",
    "front.cmd.review": "Review a completed order (rating 1–5 and a text)",
}


def desc(key: str) -> str:
    """A slash command's description (English: Discord shows it before knowing the user)."""
    english = Translator("en")
    text = english.get(key, _DEFAULTS.get(key, key))
    return text[:DESCRIPTION_LIMIT]


def words(*parts: object) -> str:
    """Slash command options as the argument text of the handlers' command."""
    return " ".join(str(p).strip() for p in parts if p is not None and str(p).strip())


async def category_choices(
    interaction: Any, current: str
) -> list[app_commands.Choice[str]]:
    """Autocomplete for a category option: the marketplace's categories (configurable)."""
    rules = interaction.client.conversation.ctx.rules
    wanted = current.strip().lower()
    out = [
        app_commands.Choice(name=f"{category.label}"[:100], value=category.slug)
        for category in rules.categories
        if wanted in category.slug or wanted in category.label.lower()
    ]
    return out[:25]
