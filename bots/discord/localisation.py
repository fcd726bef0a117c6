"""Slash command names and descriptions in the user's language: discord.py's
``app_commands.Translator`` fed from the handlers' message catalog.

A cog marks a text with its catalog key (``locale_str(english, key="cmd.balance")``, see
``bots.discord.cogs.desc`` and ``name``); on sync, Discord gets one localisation per catalog
language (``es`` for ``es-ES`` and ``es-419``, ``ru``). A language without the key keeps the
English text, so a partial catalog never breaks registration.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bots.discord.mapping import language_of
from handlers import i18n
from handlers.command_names import discord_name

DESCRIPTION_LIMIT = 100
_NAMES = (
    app_commands.TranslationContextLocation.command_name,
    app_commands.TranslationContextLocation.group_name,
)


def localised(
    key: str, language: str, location: app_commands.TranslationContextLocation
) -> str | None:
    """The catalog's text for ``key`` in ``language`` when that language has it, shaped to
    Discord's rules for ``location``; None keeps the English default."""
    catalog = i18n.CATALOGS.get(i18n.resolve_language(language), {})
    if language == i18n.DEFAULT_LANGUAGE or key not in catalog:
        return None
    text = i18n.Translator(language, "discord")(key)
    if location in _NAMES:
        return discord_name(text) or None
    return text[:DESCRIPTION_LIMIT] or None


class CatalogTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        if not isinstance(key, str):
            return None
        language = i18n.resolve_language(language_of(locale))
        return localised(key, language, context.location)
