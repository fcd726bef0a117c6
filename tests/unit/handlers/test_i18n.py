"""The message catalog: English is complete, other languages fall back to it, and a language
is added by adding a dict (a module in handlers/locales)."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from core.accounts.model import AccountStatus, VerificationStatus
from core.listings.model import OfferStatus, ProposalStatus, RequestStatus
from core.orders.machine import ACTIONS
from core.orders.model import OrderStatus, PaymentMode
from handlers import i18n
from handlers.app import ChatApp
from handlers.i18n import ENGLISH, Translator, resolve_language
from handlers.turn import Router
from tests.unit.handlers.conftest import Chat

HANDLERS = Path(__file__).resolve().parents[3] / "handlers"
KEYED_CALLS = {"tr", "say", "button", "Notice", "Invalid", "Usage", "get"}


def _literal_keys() -> set[str]:
    keys: set[str] = set()
    for path in HANDLERS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name not in KEYED_CALLS or not isinstance(first, ast.Constant):
                continue
            if not isinstance(first.value, str):
                continue
            if name == "Usage":
                keys.add(f"usage.{first.value}")
            elif "." in first.value and " " not in first.value:
                keys.add(first.value)
    return keys


def test_every_literal_key_is_in_english() -> None:
    keys = _literal_keys()
    assert len(keys) > 150
    assert sorted(k for k in keys if k not in ENGLISH) == []


def test_every_built_key_is_in_english(app: ChatApp) -> None:
    built = (
        [f"status.{s.value}" for s in OrderStatus]
        + [f"offer_status.{s.value}" for s in OfferStatus]
        + [f"request_status.{s.value}" for s in RequestStatus]
        + [f"proposal_status.{s.value}" for s in ProposalStatus]
        + [f"account_status.{s.value}" for s in AccountStatus]
        + [f"profile.verification.{s.value}" for s in VerificationStatus]
        + [f"payment.{m.value}" for m in PaymentMode]
        + [f"timeline.{a}" for a in ACTIONS | {"create", "request_cancel"}]
        + [f"n.ruling.{r}" for r in ("release", "refund", "split", "resume")]
        + [f"role.{r}" for r in ("buyer", "seller", "supervisor", "moderator", "system")]
        + [f"apikey.{k}" for k in ("issued", "private_only")]
        + [f"cmd.{name}" for name, _ in app.command_menu("en")]
    )
    assert sorted(k for k in built if k not in ENGLISH) == []


def test_placeholders_are_plain_names() -> None:
    for key, message in ENGLISH.items():
        for template in i18n.templates(message):
            for _, field, spec, conversion in string.Formatter().parse(template):
                if field is not None:
                    assert field.isidentifier(), (key, field)
                    assert not spec and not conversion, key


def test_resolve_language() -> None:
    assert resolve_language("en") == "en"
    assert resolve_language("EN-us") == "en"
    assert resolve_language("xx") == "en"
    assert resolve_language(None) == "en"
    assert resolve_language("") == "en"


def test_missing_keys_and_bad_templates_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        i18n.CATALOGS,
        "pt_br",
        {"fallback": "Não entendi.", "relay.sent": "Enviado {oops}"},
    )
    tr = Translator("pt-BR")
    assert tr.language == "pt_br"
    assert tr("fallback") == "Não entendi."
    assert tr("cancel.nothing") == Translator("en")("cancel.nothing")
    assert tr("relay.sent", id=4) == "✓ Sent to order #4."
    assert tr("no.such.key") == "no.such.key"
    assert Translator("pt").language == "en"


async def test_a_new_language_is_just_a_dict(
    app: ChatApp, buyer: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        i18n.CATALOGS,
        "de",
        {"cmd.help": "Was BotGig kann", "unknown_command": "Den Befehl /{name} gibt es nicht."},
    )
    buyer.language = "de-DE"
    replies = await buyer.send("/zaubern")
    assert replies[0].text == "Den Befehl /zaubern gibt es nicht."
    menu = dict(app.command_menu("de"))
    assert menu["help"] == "Was BotGig kann"
    assert menu["offers"] == "Browse offers: /offers [category] [words]"


def test_locales_are_discovered() -> None:
    locales = Path(i18n.__file__).parent / "locales"
    assert (locales / "en.py").exists()
    assert "en" in i18n.CATALOGS


def test_routers_do_not_clash() -> None:
    from handlers.commands import ROUTERS

    seen: dict[str, Router] = {}
    for router in ROUTERS:
        for name in router.commands:
            assert name not in seen, name
            seen[name] = router


def test_literal_calls_pass_every_placeholder() -> None:
    """A template whose placeholder a call does not pass would fail at run time."""
    not_values = {"buttons", "edit"}
    problems = []
    for path in HANDLERS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name not in KEYED_CALLS - {"Usage", "get"} or not isinstance(first, ast.Constant):
                continue
            message = ENGLISH.get(str(first.value))
            if message is None or any(k.arg is None for k in node.keywords):
                continue
            passed = {k.arg for k in node.keywords if k.arg not in not_values}
            wanted = {
                f for f in i18n.message_placeholders(message)
                if not f.startswith(("cmd_", "adm_"))
            }
            if wanted - passed:
                problems.append((path.name, node.lineno, first.value, sorted(wanted - passed)))
    assert problems == []
