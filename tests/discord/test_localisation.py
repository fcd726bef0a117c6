"""Slash commands are localised from the catalog, and texts name them as Discord shows them;
Telegram gets one command menu per catalog language."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord import app_commands

from bots.discord.cogs.account import Account
from bots.discord.cogs.general import General
from bots.discord.cogs.listings import Listings
from bots.discord.cogs.orders import Orders
from bots.discord.localisation import CatalogTranslator
from bots.telegram.app import menu_languages
from handlers import i18n
from handlers.i18n import ENGLISH, Translator
from tests.discord.fake_discord import DiscordTester, DUser
from tests.fakes import FakeStore

Location = app_commands.TranslationContextLocation

SPANISH = {
    "cmd.balance": "Tus créditos y la lista de precios",
    "discord.name.balance": "Saldo",
    "discord.name.offer": "oferta",
    "discord.name.new": "Nueva",
    "error.offer.expired": "La oferta {offer_id} caducó. Renuévala con {cmd_myoffers}.",
    "discord.name.mine": "mías",
}


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "es", SPANISH)


def _commands() -> list[app_commands.Command[Any, ..., Any] | app_commands.Group]:
    found: list[app_commands.Command[Any, ..., Any] | app_commands.Group] = []
    for cog in (Account, General, Listings, Orders):
        for value in vars(cog).values():
            if isinstance(value, app_commands.Group):
                found.append(value)
                found.extend(c for c in value.commands if isinstance(c, app_commands.Command))
            elif isinstance(value, app_commands.Command):
                found.append(value)
    return found


def test_every_name_and_description_has_an_english_catalog_key() -> None:
    commands = _commands()
    assert len(commands) > 30
    for command in commands:
        name, description = command._locale_name, command._locale_description
        assert name is not None and description is not None, command.name
        assert name.extras["key"] in ENGLISH, command.name
        assert description.extras["key"] in ENGLISH, command.name
        assert ENGLISH[name.extras["key"]] == command.name


async def _translate(key: str, locale: discord.Locale, location: Location) -> str | None:
    # discord.py's overloads pair each location with the type of its data; the translator
    # reads only the location, so these tests pass none.
    context = app_commands.TranslationContext(  # type: ignore[call-overload]
        location=location, data=None
    )
    string = app_commands.locale_str("english", key=key)
    return await CatalogTranslator().translate(string, locale, context)


@pytest.mark.usefixtures("spanish")
async def test_the_translator_reads_the_catalog() -> None:
    spain = discord.Locale.spain_spanish
    description = Location.command_description
    assert await _translate("cmd.balance", spain, description) == SPANISH["cmd.balance"]
    assert await _translate("cmd.balance", discord.Locale.latin_american_spanish, description)
    assert await _translate("discord.name.balance", spain, Location.command_name) == "saldo"
    # What the language lacks, and English itself, keep the English default.
    assert await _translate("cmd.help", spain, description) is None
    assert await _translate("cmd.balance", discord.Locale.american_english, description) is None
    # A language without a catalog keeps the English default too.
    assert await _translate("cmd.balance", discord.Locale.japanese, description) is None


@pytest.mark.usefixtures("spanish")
def test_texts_name_the_commands_as_discord_shows_them() -> None:
    assert Translator("es", "discord")("error.offer.expired", offer_id=4) == (
        "La oferta 4 caducó. Renuévala con /oferta mías."
    )
    assert Translator("es", "telegram")("error.offer.expired", offer_id=4) == (
        "La oferta 4 caducó. Renuévala con /myoffers."
    )
    assert Translator("en", "discord")("error.offer.expired", offer_id=4) == (
        "Offer 4 is expired. Renew it with /offer mine first."
    )


def test_telegram_gets_a_menu_per_catalog_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "es", SPANISH)
    monkeypatch.setitem(i18n.CATALOGS, "ru", {})
    monkeypatch.setitem(i18n.CATALOGS, "pt_br", {})
    assert menu_languages() == ("es", "ru")


async def test_settings_language_on_discord(
    discord_bot: DiscordTester, dana: DUser, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "es", {**SPANISH, "settings.saved": "✅ Guardado."})
    chosen = await discord_bot.slash(dana, "settings", language="es")
    assert "✅ Guardado." in chosen.text
    account_id = store.state.identities[("discord", str(dana.id))].account_id
    assert store.state.accounts[account_id].language == "es"
