"""Every language is complete: each English key, with the same placeholders and the plural
categories its CLDR rule needs, and a text for every error code core declares. And the
language a user gets: the account's choice, else the client's, else English."""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

import core
from core.accounts.model import Account, AccountKind
from core.shared.context import Context
from core.shared.errors import REGISTRY, AccountBanned, MarketplaceError, PermissionDenied
from handlers import fmt, i18n
from handlers.actions import encode
from handlers.app import ChatApp
from handlers.command_names import ADMIN_PREFIX, PREFIX
from handlers.i18n import ENGLISH, Translator, error_text, language_for, message_placeholders
from tests.unit.handlers.conftest import Chat, plain, publish_offer

ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2026, 12, 1, tzinfo=UTC)
OTHER_LANGUAGES = sorted(set(i18n.CATALOGS) - {i18n.DEFAULT_LANGUAGE})


def _import_core() -> None:
    """Error codes are declared at import: load every core module to see them all."""
    for info in pkgutil.walk_packages(core.__path__, prefix="core."):
        importlib.import_module(info.name)


def _plain_placeholders(message: i18n.Message) -> frozenset[str]:
    return frozenset(
        p for p in message_placeholders(message) if not p.startswith((PREFIX, ADMIN_PREFIX))
    )


def _check_language(language: str) -> list[str]:
    catalog = i18n.CATALOGS[language]
    wanted = i18n.plural_categories(language)
    problems = []
    for key, english in ENGLISH.items():
        message = catalog.get(key)
        if message is None:
            problems.append(f"{language}: {key} is missing")
            continue
        if message_placeholders(message) != message_placeholders(english):
            problems.append(f"{language}: {key} has other placeholders than English")
        if isinstance(english, dict) != isinstance(message, dict):
            problems.append(f"{language}: {key} is plural in one language only")
        elif isinstance(message, dict) and set(message) != wanted:
            problems.append(f"{language}: {key} has {sorted(message)}, needs {sorted(wanted)}")
    return problems


def test_english_plurals_have_the_english_categories() -> None:
    assert _check_language("en") == []


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_language_is_complete(language: str) -> None:
    assert _check_language(language) == []


@pytest.mark.parametrize("language", sorted(i18n.CATALOGS))
def test_every_error_code_has_a_text(language: str) -> None:
    _import_core()
    assert len(REGISTRY) > 20
    catalog = i18n.CATALOGS[language]
    problems = []
    for code, error in sorted(REGISTRY.items()):
        message = catalog.get(f"error.{code}")
        if message is None:
            problems.append(f"error.{code} is missing")
        elif _plain_placeholders(message) != error.placeholders:
            problems.append(f"error.{code}: {sorted(message_placeholders(message))}")
    assert problems == []


def _subclasses(cls: type[MarketplaceError]) -> list[type[MarketplaceError]]:
    return [cls, *(c for sub in cls.__subclasses__() for c in _subclasses(sub))]


@pytest.mark.parametrize("language", sorted(i18n.CATALOGS))
def test_every_error_class_with_a_default_text_has_a_text(language: str) -> None:
    _import_core()
    catalog = i18n.CATALOGS[language]
    defaults = [
        c
        for c in _subclasses(MarketplaceError)
        if "default_message" in vars(c) and c.__module__.split(".")[0] == "core"
    ]
    assert len(defaults) > 10
    assert sorted(c.code for c in defaults if f"error.{c.code}" not in catalog) == []


def test_every_kind_not_found_has_a_noun() -> None:
    kinds = set()
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" not in path.parts and "tests" not in path.parts:
            kinds |= set(re.findall(r'NotFound\("([a-z_]+)"', path.read_text()))
    assert "order" in kinds
    assert sorted(k for k in kinds if f"noun.{k}" not in ENGLISH) == []


def test_a_missing_key_or_placeholder_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = dict(ENGLISH)
    del broken["cancel.nothing"]
    broken["relay.sent"] = "✓ #{order}"
    broken["unit.days"] = {"one": "{count} d"}
    monkeypatch.setitem(i18n.CATALOGS, "xx", broken)
    assert sorted(_check_language("xx")) == [
        "xx: cancel.nothing is missing",
        "xx: relay.sent has other placeholders than English",
        "xx: unit.days has ['one'], needs ['one', 'other']",
    ]


def test_plural_rules_are_the_languages() -> None:
    assert i18n.plural_categories("en") == {"one", "other"}
    assert i18n.plural_categories("ru") == {"one", "few", "many", "other"}
    days = {
        "es": {"one": "{count} día", "many": "{count} de días", "other": "{count} días"},
        "ru": {
            "one": "{count} день",
            "few": "{count} дня",
            "many": "{count} дней",
            "other": "{count} дня",
        },
    }
    with pytest.MonkeyPatch.context() as patch:
        for language, message in days.items():
            patch.setitem(i18n.CATALOGS, language, {"unit.days": message})
        es, ru = Translator("es"), Translator("ru")
        assert [es("unit.days", count=n) for n in (1, 2)] == ["1 día", "2 días"]
        assert [ru("unit.days", count=n) for n in (1, 2, 5, 21, 11)] == [
            "1 день",
            "2 дня",
            "5 дней",
            "21 день",
            "11 дней",
        ]
        en = Translator("en")
        assert [en("unit.days", count=n) for n in (0, 1, 2)] == ["0 days", "1 day", "2 days"]


def test_money_is_written_the_languages_way() -> None:
    assert fmt.money(120050, "usd") == "$1,200.50"
    assert fmt.money(-5, "eur") == "-€0.05"
    assert fmt.money(1500, "jpy") == "¥1,500"
    assert fmt.money(120050, "usd", "es") == "1.200,50\xa0US$"
    assert fmt.money(1500, "jpy", "ru").replace("\xa0", " ") == "1 500 ¥"
    assert fmt.money(120050, "eur", "ru").replace("\xa0", " ") == "1 200,50 €"


def test_the_chosen_language_wins_over_the_clients(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(i18n.CATALOGS, "es", {})
    monkeypatch.setitem(i18n.CATALOGS, "ru", {})
    account = Account(id=1, display_name="A", kind=AccountKind.HUMAN, created_at=T0)
    assert language_for(None) == "en"
    assert language_for(account) == "en"
    assert language_for(account, "es-ES") == "es"
    assert language_for(account, "xx") == "en"
    chosen = replace(account, language="ru")
    assert language_for(chosen, "es-ES") == "ru"
    assert language_for(chosen) == "ru"


def test_commands_in_error_texts_are_the_platforms() -> None:
    telegram, discord = Translator("en", "telegram"), Translator("en", "discord")
    assert "Top up with /topup" in telegram("error.credits.insufficient", needed=5, balance=1)
    assert "Top up with /topup" in discord("error.credits.insufficient", needed=5, balance=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(ENGLISH, "x.test", "Use {cmd_newoffer}.")
        assert telegram("x.test") == "Use /newoffer."
        assert discord("x.test") == "Use /offer new."


SPANISH = {
    "cancel.nothing": "No hay nada que cancelar. /menu muestra lo que puedes hacer.",
    "error.not_found": "{What} {ident} no existe.",
    "noun.order": "El pedido",
    "unit.days": {"one": "{count} día", "many": "{count} de días", "other": "{count} días"},
    "unit.credits": {
        "one": "{count} crédito",
        "many": "{count} de créditos",
        "other": "{count} créditos",
    },
    "btn.boost_days": "🚀 {days} · {cost}",
    "offer.order_confirm": "🛒 ¿Pedir <b>{title}</b> a {seller} por <b>{price}</b>, en {days}?",
    "settings.saved": "✅ Guardado.",
}
RUSSIAN = {
    "cancel.nothing": "Нечего отменять. /menu покажет, что можно сделать.",
    "error.not_found": "{What} {ident} не найден.",
    "noun.order": "Заказ",
    "unit.days": {
        "one": "{count} день",
        "few": "{count} дня",
        "many": "{count} дней",
        "other": "{count} дня",
    },
    "unit.credits": {
        "one": "{count} кредит",
        "few": "{count} кредита",
        "many": "{count} кредитов",
        "other": "{count} кредита",
    },
    "btn.boost_days": "🚀 {days} · {cost}",
    "offer.order_confirm": "🛒 Заказать <b>{title}</b> у {seller} за <b>{price}</b>, за {days}?",
}


@pytest.fixture
def languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small Spanish and Russian catalogs (the real ones are written separately): what these
    tests check is that the user's language is chosen and its rules are applied."""
    monkeypatch.setitem(i18n.CATALOGS, "es", SPANISH)
    monkeypatch.setitem(i18n.CATALOGS, "ru", RUSSIAN)


def _labels(chat: Chat) -> list[str]:
    return [b.label for r in chat.last for row in r.buttons for b in row]


@pytest.mark.usefixtures("languages")
async def test_a_spanish_telegram_user_is_answered_in_spanish(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    buyer = Chat(app, alice, language="es")
    assert "No hay nada que cancelar" in plain(await buyer.send("/cancel"))
    assert "El pedido 999 no existe." in plain(await buyer.send("/order 999"))
    offer_id = await publish_offer(ctx, bob, delivery_days=1)
    text = plain(await buyer.tap(encode("off", "order", offer_id)))
    assert "por 150,00\xa0US$, en 1 día?" in text
    seller = Chat(app, bob, language="es")
    await seller.tap(encode("off", "boost", offer_id))
    assert [label.split(" · ")[0] for label in _labels(seller)] == [
        "🚀 1 día",
        "🚀 3 días",
        "🚀 7 días",
    ]


@pytest.mark.usefixtures("languages")
async def test_a_russian_telegram_user_is_answered_in_russian(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    buyer = Chat(app, alice, language="ru")
    assert "Нечего отменять" in plain(await buyer.send("/cancel"))
    assert "Заказ 999 не найден." in plain(await buyer.send("/order 999"))
    offer_id = await publish_offer(ctx, bob, delivery_days=2, price_cents=123456)
    text = plain(await buyer.tap(encode("off", "order", offer_id)))
    assert "за 1\xa0234,56\xa0$, за 2 дня?" in text
    seller = Chat(app, bob, language="ru")
    await seller.tap(encode("off", "boost", offer_id))
    assert _labels(seller) == [
        "🚀 1 день · 5 кредитов",
        "🚀 3 дня · 15 кредитов",
        "🚀 7 дней · 35 кредитов",
    ]


@pytest.mark.usefixtures("languages")
async def test_settings_language_overrides_the_clients(app: ChatApp, alice: Account) -> None:
    chat = Chat(app, alice, language="ru")
    assert "Нечего отменять" in plain(await chat.send("/cancel"))
    assert "✅ Guardado." in plain(await chat.send("/settings language es"))
    assert "No hay nada que cancelar" in plain(await chat.send("/cancel"))
    await chat.send("/settings")
    assert "🌐 English" in _labels(chat) and "🌐 Русский" in _labels(chat)
    await chat.press("English")
    assert "There is nothing to cancel" in plain(await chat.send("/cancel"))
    await chat.send("/settings language auto")
    assert "Нечего отменять" in plain(await chat.send("/cancel"))
    assert "Usage: /settings" in plain(await chat.send("/settings language xx"))



def test_an_english_only_message_is_not_replaced_by_its_class_default() -> None:
    tr = Translator("en")
    assert error_text(tr, PermissionDenied("Only the seller can deliver.")) == (
        "Only the seller can deliver."
    )
    assert error_text(tr, PermissionDenied()) == ENGLISH["error.permission_denied"]
    assert error_text(tr, AccountBanned()).startswith("Your account is banned")
