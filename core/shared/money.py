"""Money amounts are integers in the currency's minor unit (cents for USD, yen for JPY):
this module is the one place that knows how many decimals a currency has (ISO 4217, from
Babel's CLDR data), so no code divides by 100."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision


def exponent(currency: str) -> int:
    """Decimals of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD."""
    return int(get_currency_precision(currency.upper()))


def to_major(amount: int, currency: str) -> Decimal:
    """``amount`` minor units as the exact decimal amount people read (1050 USD -> 10.50)."""
    return Decimal(amount).scaleb(-exponent(currency))


def format_money(amount: int, currency: str, locale: str = "en") -> str:
    """``amount`` minor units for people: ``$10.50``, ``¥500``, ``10,50 €`` (es)."""
    return str(
        format_currency(
            to_major(amount, currency), currency.upper(), locale=locale, currency_digits=True
        )
    )


def plain_amount(amount: int, currency: str) -> str:
    """``10.50 USD``, ``500 JPY``: the amount with its code, no locale (logs, processors)."""
    places = exponent(currency)
    return f"{to_major(amount, currency):.{places}f} {currency.upper()}"
