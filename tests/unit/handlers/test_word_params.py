"""Names from the code (order actions, states, rulings, roles, kinds of secret, what an
account has done) reach Spanish and Russian texts as the language's words, never as the
English identifiers core passes: every action of the workflow table, every ruling, every state.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from core.accounts import errors as account_errors
from core.credits import errors as credit_errors
from core.credits.deposit_model import DepositStatus
from core.moderation import redaction
from core.moderation.admin import AuditTrail
from core.orders import errors as order_errors
from core.orders.machine import ACTIONS, BUYER, MODERATOR, PAYMENT, SELLER, SUPERVISOR, SYSTEM
from core.orders.model import OrderEvent, OrderStatus, Ruling
from core.shared.context import Context
from core.shared.errors import Conflict, InvalidTransition, MarketplaceError
from core.shared.events import DISPUTE_RESOLVED, DomainEvent
from handlers import fmt
from handlers.admin.cards import audit_text
from handlers.i18n import ENGLISH, Translator, error_text
from handlers.render import render_feed

T0 = datetime(2026, 12, 1, tzinfo=UTC)
LANGUAGES = ("es", "ru")
#: Actions on an order's timeline besides the table's rows.
TIMELINE_ACTIONS = sorted(ACTIONS | {"create", "request_cancel", "refund_after_release"})
ROLES = (BUYER, SELLER, SUPERVISOR, MODERATOR, SYSTEM, PAYMENT)
SECRET_KINDS = sorted(redaction.KINDS)
#: Latin words a Russian text may hold: names, not English.
RUSSIAN_ALLOWED = {"BotGig", "API", "Stars", "Telegram", "Discord"}
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _english_names(*names: str) -> set[str]:
    """How core writes each name in English: ``request_revision`` and ``request revision``."""
    return {form for name in names for form in (name, name.replace("_", " ")) if len(form) > 2}


def assert_no_english(
    language: str, text: str, names: set[str], same_in_spanish: frozenset[str] = frozenset()
) -> None:
    """No name as core writes it in ``text``; in Russian, no Latin word at all but names."""
    if language == "ru":
        words = re.sub(r"<[^>]+>|/\w+", "", text)  # markup and commands are not words
        leaked = set(_LATIN_WORD.findall(words)) - RUSSIAN_ALLOWED
        assert not leaked, f"{sorted(leaked)} in {text!r}"
    for name in names - same_in_spanish:
        found = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        assert found is None, f"{name!r} in {text!r}"


def _shown(language: str, error: MarketplaceError) -> str:
    return error_text(Translator(language), error)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("action", TIMELINE_ACTIONS)
def test_every_action_and_state_of_an_invalid_transition_is_translated(
    language: str, action: str
) -> None:
    tr = Translator(language)
    for family in ("order.action", "timeline"):
        # The verb errors name, and the past tense the order card's timeline shows.
        assert tr.word(family, action) != ENGLISH[f"{family}.{action}"]
    for status in OrderStatus:
        text = _shown(language, InvalidTransition(7, status.value, action))
        assert tr.word("order.action", action) in text and tr(f"status.{status.value}") in text
        assert_no_english(language, text, _english_names(action, status.value))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_actions_in_role_and_escrow_errors_are_translated(language: str, action: str) -> None:
    for code in (order_errors.ROLE_NOT_ALLOWED, order_errors.ESCROW_REQUIRED):
        text = _shown(language, Conflict(code, order_id=3, action=action.replace("_", " ")))
        assert Translator(language).word("order.action", action) in text
        assert_no_english(language, text, _english_names(action))


@pytest.mark.parametrize("language", LANGUAGES)
def test_order_states_in_other_errors_are_translated(language: str) -> None:
    for status in OrderStatus:
        for code in (order_errors.REVIEW_NOT_COMPLETED,):
            text = _shown(language, Conflict(code, order_id=3, status=status.value))
            assert_no_english(language, text, _english_names(status.value))
    for deposit_status in DepositStatus:
        error = Conflict(credit_errors.DEPOSIT_NOT_HELD, deposit_id=4, status=deposit_status.value)
        text = _shown(language, error)
        assert Translator(language).word("deposit_status", deposit_status.value) in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_an_account_did_is_listed_in_the_language(language: str) -> None:
    everything = [
        str(text) for key, text in ENGLISH.items() if key.startswith("link.activity.")
    ]
    assert len(everything) >= 8
    error = Conflict(
        account_errors.BOTH_ACTIVE,
        issuer_platform="Telegram",
        issuer_activity=", ".join(everything),
        redeemer_platform="Discord",
        redeemer_activity=everything[0],
    )
    text = _shown(language, error)
    assert_no_english(language, text, {t for t in everything if " " in t})
    if language == "es":
        assert "historial de créditos" in text and " y " in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_ruling_is_translated_in_the_admin_texts(ctx: Context, language: str) -> None:
    tr = Translator(language)
    for ruling in Ruling:
        pct = 30 if ruling is Ruling.SPLIT else None
        label = fmt.ruling(tr, ruling.value, pct)
        assert label != fmt.ruling(Translator("en"), ruling.value, pct)
        for text in (
            tr("admin.ruled", id=2, ruling=label),
            tr("admin.prompt_note", id=2, ruling=tr.word("ruling", ruling.value)),
        ):
            assert_no_english(language, text, _english_names(ruling.value))
        event = DomainEvent(
            type=DISPUTE_RESOLVED,
            payload={"order_id": 5, "actor_id": 1, "ruling": ruling.value, "split_pct": pct},
            channels=("admin",),
            occurred_at=T0,
        )
        post = render_feed(ctx, event, language)
        assert post is not None and label in post.text
        assert_no_english(language, post.text, _english_names(ruling.value))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_audit_timeline_names_actions_states_and_roles_in_the_language(
    language: str,
) -> None:
    events = [
        OrderEvent(
            id=i,
            order_id=9,
            action=action,
            from_status=None,
            to_status=list(OrderStatus)[i % len(OrderStatus)],
            actor_id=2,
            actor_role=ROLES[i % len(ROLES)],
            created_at=T0,
        )
        for i, action in enumerate(TIMELINE_ACTIONS)
    ]
    trail = AuditTrail(subject="order:9", events=events, entries=[])
    lines = audit_text(Translator(language), trail)
    assert len(lines) == len(TIMELINE_ACTIONS)
    for line, event in zip(lines, events, strict=True):
        names = _english_names(event.action, event.to_status.value, event.actor_role)
        assert_no_english(language, line, names, same_in_spanish=frozenset({"supervisor"}))


@pytest.mark.parametrize("language", LANGUAGES)
def test_removed_secrets_are_named_in_the_language(language: str) -> None:
    tr = Translator(language)
    assert len(SECRET_KINDS) >= 7
    for kind in SECRET_KINDS:
        assert tr.word("secret", kind) != ENGLISH[f"secret.{kind.lower().replace(' ', '_')}"]
    text = tr("relay.redacted", kinds=fmt.secret_kinds(tr, SECRET_KINDS))
    assert_no_english(language, text, _english_names(*SECRET_KINDS))
    assert fmt.secret_kinds(tr, []) == tr("secret.any")
