"""The form engine: typed parsing, re-asking with the rule, back, /cancel, the confirm step
with its credit cost, persistence across a restart, and no double submission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.accounts.model import Account
from core.credits import credits
from core.shared.context import Context
from handlers.app import ChatApp
from handlers.forms import (
    FORMS,
    Invalid,
    parse_int,
    parse_money,
    parse_text,
    parse_when,
    parse_work,
    parse_yes_no,
)
from handlers.i18n import ENGLISH
from handlers.types import IncomingAttachment
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import Chat, Press, Tap, plain, verify_dialog

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

OFFER_ANSWERS = [
    "Support inbox triage",
    "support-triage",
    "I triage your support inbox with an agent and review every draft.",
    "Read access to the inbox",
    "Drafts in your helpdesk",
    "3",
    "80",
    "$1,200",
    "1",
    "0",
]


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("150", 15000),
        ("150.50", 15050),
        ("150.5", 15050),
        ("$1,200", 120000),
        ("1,200.99 USD", 120099),
        ("€ 40", 4000),
        ("0.01", 1),
        (" 7 ", 700),
    ],
)
def test_money_parses_to_integer_cents(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("abc", "form.error.money"),
        ("", "form.error.money"),
        ("1,20", "form.error.money"),
        ("12,34,567", "form.error.money"),
        ("1.234", "form.error.money_decimals"),
        ("-5", "form.error.money_positive"),
        ("0", "form.error.money_positive"),
        ("0.00", "form.error.money_positive"),
        ("1e5", "form.error.money"),
    ],
)
def test_money_errors_state_the_rule(text: str, key: str) -> None:
    with pytest.raises(Invalid) as error:
        parse_money(text)
    assert error.value.key == key
    assert key in ENGLISH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 7 days", NOW + timedelta(days=7)),
        ("7 days", NOW + timedelta(days=7)),
        ("7d", NOW + timedelta(days=7)),
        ("in 2 weeks", NOW + timedelta(weeks=2)),
        ("in 12 hours", NOW + timedelta(hours=12)),
        ("in 1 month", NOW + timedelta(days=30)),
        ("tomorrow", datetime(2026, 1, 6, 23, 59, tzinfo=UTC)),
        ("2026-12-01", datetime(2026, 12, 1, 23, 59, tzinfo=UTC)),
        ("2026-12-01 15:30", datetime(2026, 12, 1, 15, 30, tzinfo=UTC)),
        ("2026-12-01 15:30 UTC", datetime(2026, 12, 1, 15, 30, tzinfo=UTC)),
        ("2026-12-01T15:30+02:00", datetime(2026, 12, 1, 13, 30, tzinfo=UTC)),
    ],
)
def test_dates_become_aware_utc(text: str, expected: datetime) -> None:
    when = parse_when(text, NOW)
    assert when == expected
    assert when.tzinfo is not None and when.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("next blue moon", "form.error.date"),
        ("2025-12-01", "form.error.date_past"),
        ("2030-01-01", "form.error.date_far"),
        ("in 0 days", "form.error.date_past"),
    ],
)
def test_bad_dates(text: str, key: str) -> None:
    with pytest.raises(Invalid) as error:
        parse_when(text, NOW)
    assert error.value.key == key


def test_ints_text_yes_no_and_work() -> None:
    assert parse_int("80%", 0, 100) == 80
    with pytest.raises(Invalid):
        parse_int("many", 0, 100)
    with pytest.raises(Invalid) as error:
        parse_int("101", 0, 100)
    assert error.value.values["value"] == 101
    assert parse_text("  hello  ", 3, 10) == "hello"
    with pytest.raises(Invalid):
        parse_text("hi", 3, 10)
    with pytest.raises(Invalid):
        parse_text("x" * 11, 3, 10)
    assert parse_yes_no("Yes") is True
    assert parse_yes_no("n") is False
    with pytest.raises(Invalid):
        parse_yes_no("maybe")
    # Every catalog language's yes and no, whatever the reader's language.
    assert [parse_yes_no(w) for w in ("Sí", "si", "Да", "no", "Нет")] == [
        True, True, True, False, False
    ]
    assert parse_work("https://x.io/a.csv", ()) == {"kind": "url", "url": "https://x.io/a.csv"}
    assert parse_work("done, see notes", ())["kind"] == "note"
    file = parse_work("", (IncomingAttachment("ref1", "a.csv", 3),))
    assert file["kind"] == "file" and file["name"] == "a.csv"
    with pytest.raises(Invalid):
        parse_work("  ", ())


def test_every_form_has_its_texts() -> None:
    for spec in FORMS.values():
        for suffix in ("title", "cost", "confirm"):
            assert f"form.{spec.name}.{suffix}" in ENGLISH
        for field in spec.fields:
            for part in ("prompt", "label"):
                assert f"form.{spec.name}.{field.name}.{part}" in ENGLISH


async def test_offer_wizard_spends_credits_only_after_confirm(
    ctx: Context, seller: Chat, bob: Account
) -> None:
    await verify_dialog(seller, [("/newoffer", ("New offer · 1/10", "What is the service called"))])
    for answer in OFFER_ANSWERS:
        await seller.send(answer)
    text = plain(seller.last)
    assert "check and confirm" in text
    assert "Price: $1,200.00" in text
    assert "Publishing costs 10 credits" in text
    assert "Your balance: 100 credits (90 after this)" in text
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 100
    await verify_dialog(seller, [(Press("Publish"), ("Offer #", "is live", "balance 90"))])
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 90
    assert "🤖 80% automated · 👤 20% human review" in plain(seller.last)


async def test_bad_answers_are_asked_again_with_the_rule(seller: Chat) -> None:
    await verify_dialog(
        seller,
        [
            ("/newoffer", "1/10"),
            ("Hey", ("too short: at least 5 characters, you sent 3", "1/10")),
            ("Support inbox triage", "2/10"),
            ("astrology", ("not one of the options", "2/10")),
            ("3", "3/10"),
            ("too short", ("at least 20 characters", "3/10")),
            ("A long enough description of the service.", "4/10"),
            ("Inbox access", "5/10"),
            ("CSV", "6/10"),
            ("ninety", ("whole number from 1 to 90", "6/10")),
            ("91", ("91 is out of range", "6/10")),
            ("2", "7/10"),
            ("50", "8/10"),
            ("lots", ("not an amount", "8/10")),
            ("12.345", ("at most 2 decimals", "8/10")),
            ("100000000", ("at most $100,000.00", "8/10")),
            ("99.99", "9/10"),
            ("0", "10/10"),
            ("4", ("from 0 to 3", "10/10")),
            ("skip", ("Price: $99.99", "Category: Public web data extraction", "Proofers")),
        ],
    )


async def test_back_and_cancel(ctx: Context, seller: Chat, bob: Account) -> None:
    await verify_dialog(
        seller,
        [
            ("/newoffer", "1/10"),
            ("back", "This is the first question"),
            ("Support inbox triage", "2/10"),
            (Press("Back"), ("1/10", "Now: Support inbox triage")),
            ("Better inbox triage", "2/10"),
            ("back", "Now: Better inbox triage"),
            ("Better inbox triage", "2/10"),
            ("/cancel", "Form cancelled; nothing was saved or charged"),
            ("more text", "I did not get that"),
        ],
    )
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 100


async def test_cancel_button_and_stale_form_buttons(seller: Chat) -> None:
    await seller.send("/newoffer")
    await seller.send("Support inbox triage")
    category_button = seller.button("Monitoring").action
    assert category_button is not None
    await verify_dialog(seller, [(Press("Cancel"), "New offer: cancelled")])
    replies = await seller.tap(category_button)
    assert replies[0].alert and "no longer open" in replies[0].text


async def test_form_resumes_after_a_restart(ctx: Context, store: FakeStore, bob: Account) -> None:
    first = Chat(ChatApp(ctx), bob)
    await first.send("/newoffer")
    await first.send("Support inbox triage")
    await first.send("2")
    # A new process: a new ChatApp and context on the same storage.
    restarted = Chat(ChatApp(Context(uow=store, clock=FakeClock())), bob)
    await verify_dialog(
        restarted,
        [
            ("A long enough description of the service.", ("New offer · 4/10",)),
            ("back", "Now: A long enough description"),
        ],
    )


async def test_forms_are_per_chat(app: ChatApp, bob: Account) -> None:
    telegram = Chat(app, bob, chat_ref="10")
    other = Chat(app, bob, chat_ref="20")
    await telegram.send("/newoffer")
    await verify_dialog(other, [("Support inbox triage", "I did not get that")])
    await verify_dialog(telegram, [("Support inbox triage", "2/10")])


async def test_low_balance_keeps_the_form_at_confirm(
    ctx: Context, seller: Chat, bob: Account
) -> None:
    await credits.adjust_credits(
        ctx, moderator_id=await _moderator(ctx), account_id=bob.id, delta=-95, reason="test"
    )
    await seller.send("/newoffer")
    for answer in OFFER_ANSWERS:
        await seller.send(answer)
    assert "top up with /topup first" in plain(seller.last)
    await verify_dialog(seller, [(Press("Publish"), ("costs 10 credits and your balance is 5",))])
    # Topped up by a moderator, the same form can be confirmed now.
    await credits.adjust_credits(
        ctx, moderator_id=await _moderator(ctx), account_id=bob.id, delta=20, reason="test"
    )
    await verify_dialog(seller, [("yes", "is live")])
    assert (await credits.get_balance(ctx, account_id=bob.id)).credits == 15


async def test_confirm_twice_submits_once(ctx: Context, seller: Chat, store: FakeStore) -> None:
    await seller.send("/newoffer")
    for answer in OFFER_ANSWERS:
        await seller.send(answer)
    confirm = seller.button("Publish").action
    assert confirm is not None
    await seller.tap(confirm)
    replies = await seller.tap(confirm)
    assert replies[0].alert
    assert sum(1 for e in store.outbox if e.type == "offer.published") == 1


async def test_request_wizard(ctx: Context, buyer: Chat, clock: FakeClock) -> None:
    await verify_dialog(
        buyer,
        [
            ("/newrequest", "New request · 1/8"),
            ("Scrape 500 product pages", "2/8"),
            (Press("Public web data"), "3/8"),
            ("Extract price and stock from 500 public product pages to CSV.", "4/8"),
            (Press("Skip"), "5/8"),
            ("100", "6/8"),
            ("50", ("cannot be below the minimum ($100.00)", "6/8")),
            ("$300", "7/8"),
            ("yesterday", ("not a date", "7/8")),
            (Press("in 7d"), "8/8"),
            (Press("1"), ("Budget from: $100.00", "Budget up to: $300.00", "Inputs: skipped")),
            (Press("Post request"), ("Request #", "is posted", "Budget $100.00–$300.00")),
        ],
    )


async def _moderator(ctx: Context) -> int:
    from core.accounts import accounts

    mod, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="999", display_name="Mod"
    )
    await accounts.set_role(ctx, granted_by=None, account_id=mod.id)
    return mod.id


async def test_core_validation_at_submit_reasks_the_field(
    ctx: Context, seller: Chat, bob: Account
) -> None:
    # The form allows up to $100,000; the market's maximum is lower here.
    from dataclasses import replace

    strict = replace(ctx, rules=replace(ctx.rules, max_price_cents=50_000))
    chat = Chat(ChatApp(strict), bob)
    await chat.send("/newoffer")
    for answer in OFFER_ANSWERS:
        await chat.send(answer)
    await verify_dialog(chat, [(Press("Publish"), ("can be at most $500.00", "8/10"))])
    await verify_dialog(
        chat,
        [("400", "9/10"), ("1", "10/10"), ("0", "check and confirm"), ("yes", "is live")],
    )


async def test_unknown_form_button_is_stale(seller: Chat) -> None:
    await verify_dialog(seller, [(Tap("frm:pick:deadbeef:1"), "no longer open")])
    assert seller.last[0].alert
