"""One cog per feature (``async def setup(bot)`` each). A cog maps a slash command to the
conversation layer's ``/<command> <args>`` and nothing else: the rules, the checks and the
texts are the handlers' and the core's."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from discord import app_commands
from discord.app_commands import locale_str

from core.shared.errors import MarketplaceError
from handlers.command_names import DISCORD_NAME_KEY
from handlers.i18n import Translator
from handlers.suggestions import IdKind, suggest_ids

DESCRIPTION_LIMIT = 100
IdChoices = Callable[[Any, str], Coroutine[Any, Any, list[app_commands.Choice[int]]]]


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


def id_choices(kind: IdKind) -> IdChoices:
    """Autocomplete for an id option: the ids of ``kind`` the user can act on (their orders,
    their requests, open requests), found by the handlers; the command re-checks the id."""

    async def choices(interaction: Any, current: str) -> list[app_commands.Choice[int]]:
        talk = interaction.client.conversation
        try:
            account_id, language = await talk.identify(interaction.user, interaction.locale)
            found = await suggest_ids(
                talk.ctx, account_id=account_id, kind=kind, typed=current,
                tr=Translator(language, "discord"),
            )
        except MarketplaceError:
            # A banned or closed account gets no suggestions; the command explains why.
            return []
        return [app_commands.Choice(name=s.label, value=s.id) for s in found]

    return choices


ORDER_CHOICES = id_choices(IdKind.ORDER)
MY_REQUEST_CHOICES = id_choices(IdKind.MY_REQUEST)
OPEN_REQUEST_CHOICES = id_choices(IdKind.OPEN_REQUEST)
