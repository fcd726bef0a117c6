"""Amounts by currency exponent (core.shared.money): ISO 4217's minor units."""

from __future__ import annotations

import pytest

from core.shared.money import exponent, plain_amount


def test_amounts_are_written_by_the_currency_exponent() -> None:
    assert plain_amount(1050, "usd") == "10.50 USD"
    assert plain_amount(500, "jpy") == "500 JPY"
    assert plain_amount(1234, "kwd") == "1.234 KWD"
    assert plain_amount(49, "usd") == "0.49 USD"


@pytest.mark.parametrize(
    ("currency", "places"),
    [("usd", 2), ("eur", 2), ("gbp", 2), ("huf", 2), ("jpy", 0), ("krw", 0), ("vnd", 0),
     ("clp", 0), ("kwd", 3), ("bhd", 3), ("iqd", 3), ("JPY", 0)],
)
def test_iso_4217_exponents(currency: str, places: int) -> None:
    assert exponent(currency) == places


# One formatter everywhere (issue 14 item 6): the table of zero-, two- and three-decimal
# currencies through core's plain text, the validation messages, the wallet error, the chat
# formatter in three languages, and the parsers of typed amounts.
@pytest.mark.parametrize(
    ("minor", "currency", "plain", "grouped", "en", "es", "ru"),
    [
        (123_456, "usd", "1234.56 USD", "$1,234.56", "$1,234.56", "1.234,56\xa0US$",
         "1\xa0234,56\xa0$"),
        (123_456, "jpy", "123456 JPY", "123,456 JPY", "¥123,456", "123.456\xa0JPY",
         "123\xa0456\xa0¥"),
        (123_456, "kwd", "123.456 KWD", "123.456 KWD", "KWD123.456", "123,456\xa0KWD",
         "123,456\xa0KWD"),
        (1_234_567, "bhd", "1234.567 BHD", "1,234.567 BHD", "BHD1,234.567",
         "1.234,567\xa0BHD", "1\xa0234,567\xa0BHD"),
    ],
)
def test_money_by_currency_exponent_everywhere(
    minor: int, currency: str, plain: str, grouped: str, en: str, es: str, ru: str
) -> None:
    from core.escrow.errors import WalletInsufficient
    from core.shared.validation import format_cents
    from handlers import fmt
    from handlers.commands.payouts import fmt_amount
    from handlers.forms import parse_money

    assert plain_amount(minor, currency) == plain
    assert format_cents(minor, currency) == grouped
    error = WalletInsufficient(minor, 0, currency)
    assert plain.split()[0] in str(error.params["needed"])
    assert (fmt.money(minor, currency, "en"), fmt.money(minor, currency, "es"),
            fmt.money(minor, currency, "ru")) == (en, es, ru)
    typed = plain.split()[0]
    assert parse_money(typed, currency) == minor
    assert fmt_amount(typed, currency) == minor


@pytest.mark.parametrize(("text", "currency"), [("5.5", "jpy"), ("1.2345", "kwd"),
                                                 ("1.234", "usd")])
def test_more_decimals_than_the_currency_has_are_refused(text: str, currency: str) -> None:
    from handlers.commands.payouts import fmt_amount
    from handlers.forms import Invalid, parse_money

    with pytest.raises(Invalid) as refused:
        parse_money(text, currency)
    assert refused.value.key == "form.error.money_decimals"
    assert fmt_amount(text, currency) is None
