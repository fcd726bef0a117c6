"""How a chat command is typed on each platform: ``/newoffer`` on Telegram is ``/offer new``
on Discord, whose slash commands are grouped (see ``bots/discord/cogs``)."""

from __future__ import annotations

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
    "approve": "order approve",
    "revise": "order revise",
    "dispute": "order dispute",
    "cancelorder": "order cancel",
    "review": "order review",
}

#: A catalog placeholder ``{cmd_topup}`` is filled with the command as typed on the platform.
PREFIX = "cmd_"


def slash(platform: str | None, command: str) -> str:
    """``/newoffer`` (Telegram, and when the platform is unknown) or ``/offer new`` (Discord)."""
    if platform == "discord":
        return "/" + DISCORD.get(command, command)
    return "/" + command
