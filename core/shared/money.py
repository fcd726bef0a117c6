"""Money amounts are integers in the currency's minor unit (cents for USD, yen for JPY):
this module is the one place in core that knows how many decimals a currency has, so no use
case divides by 100. Core imports only the standard library (tests/unit/test_architecture),
so the exponents are ISO 4217's list; the chat front ends format for people with Babel."""

from __future__ import annotations

from decimal import Decimal

#: ISO 4217 currencies without a minor unit (the processors' zero-decimal currencies among them).
ZERO_DECIMAL = frozenset(
    {"bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx", "uyi",
     "vnd", "vuv", "xaf", "xof", "xpf"}
)
#: ISO 4217 currencies with three decimals.
THREE_DECIMAL = frozenset({"bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"})


def exponent(currency: str) -> int:
    """Decimals of the currency's minor unit: 2 for USD, 0 for JPY, 3 for KWD."""
    code = currency.lower()
    if code in ZERO_DECIMAL:
        return 0
    return 3 if code in THREE_DECIMAL else 2


def to_major(amount: int, currency: str) -> Decimal:
    """``amount`` minor units as the exact decimal amount people read (1050 USD -> 10.50)."""
    return Decimal(amount).scaleb(-exponent(currency))


def major_text(amount: int, currency: str, *, grouping: bool = False) -> str:
    """``10.50`` (USD), ``500`` (JPY), ``1.234`` (KWD); ``1,200.50`` with ``grouping``."""
    places = exponent(currency)
    return f"{to_major(amount, currency):{',' if grouping else ''}.{places}f}"


def to_minor(major: Decimal, currency: str) -> int:
    """The exact decimal amount people write as minor units (``10.5`` USD -> 1050); raises
    ``ValueError`` when it has more decimals than the currency (``5.5`` JPY)."""
    scaled = major.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency.upper()} has {exponent(currency)} decimals")
    return int(scaled)


def plain_amount(amount: int, currency: str) -> str:
    """``10.50 USD``, ``500 JPY``: the amount with its code, no locale (errors, processors)."""
    return f"{major_text(amount, currency)} {currency.upper()}"
