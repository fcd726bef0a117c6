"""One cog per feature (``async def setup(bot)`` each). A cog maps a slash command to the
conversation layer's ``/<command> <args>`` and nothing else: the rules, the checks and the
texts are the handlers' and the core's."""

from __future__ import annotations

from typing import Any

from discord import app_commands
from discord.app_commands import locale_str

from handlers.command_names import DISCORD_NAME_KEY
from handlers.i18n import Translator

DESCRIPTION_LIMIT = 100



def desc(key: str) -> locale_str:
    """A slash command's description: English, localised on sync from the catalog's ``key``
    (see ``bots.discord.localisation``); commands it names are Discord's."""
    return locale_str(Translator("en", "discord")(key)[:DESCRIPTION_LIMIT], key=key)


def cmd_name(command: str) -> locale_str:
    """A slash command's or group's name, localised on sync from ``discord.name.<command>``."""
    return locale_str(command, key=f"{DISCORD_NAME_KEY}{command}")


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
