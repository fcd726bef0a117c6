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
