"""How a chat command is typed on each platform: ``/newoffer`` on Telegram is ``/offer new``
on Discord, whose slash commands are grouped (see ``bots/discord/cogs``)."""

from __future__ import annotations

import re
from collections.abc import Callable

#: Handler command → Discord slash command, for those Discord groups; the rest keep their name.
DISCORD: dict[str, str] = {
    "newoffer": "offer new",
    "offers": "offer list",
    "myoffers": "offer mine",
    "newrequest": "request new",
    "requests": "request list",
    "myrequests": "request mine",
    "orders": "order list",
    "order": "order view",
    "msg": "order msg",
    "deliver": "order deliver",
    "pay": "order pay",
    "approve": "order approve",
    "revise": "order revise",
    "dispute": "order dispute",
    "cancelorder": "order cancel",
    "review": "order review",
}

#: A catalog placeholder ``{cmd_topup}`` is filled with the command as typed on the platform.
PREFIX = "cmd_"
#: ``{adm_disputes}`` is an admin channel command: ``/disputes`` on Telegram, a line of the
#: moderators' one command on Discord (``/mod disputes``; see ``bots/discord/cogs/admin.py``).
ADMIN_PREFIX = "adm_"
DISCORD_ADMIN_COMMAND = "mod"
#: Catalog key prefix of a Discord command or group name (``discord.name.offer``): Discord
#: shows the names localised, so texts name them the same way.
DISCORD_NAME_KEY = "discord.name."
_NOT_NAME = re.compile(r"[^-_\w]")


def discord_name(text: str) -> str:
    """Catalog text as a Discord command name: lowercase, dashes for spaces, at most 32."""
    return _NOT_NAME.sub("", text.strip().lower().replace(" ", "-"))[:32]


def slash(
    platform: str | None, command: str, localise: Callable[[str], str] = str
) -> str:
    """``/newoffer`` (Telegram, and when the platform is unknown) or ``/offer new`` (Discord,
    each word through ``localise``)."""
    if platform == "discord":
        return "/" + " ".join(localise(word) for word in DISCORD.get(command, command).split())
    return "/" + command


def admin_slash(platform: str | None, command: str) -> str:
    """``/disputes`` (Telegram, and when the platform is unknown) or ``/mod disputes``."""
    if platform == "discord":
        return f"/{DISCORD_ADMIN_COMMAND} {command}"
    return "/" + command
