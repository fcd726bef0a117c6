"""The smallest escrow order per currency (a leaf module: the context and settings read it)."""

from __future__ import annotations

#: The card processor's minimum charge per currency in its minor unit (its "minimum and maximum
#: charge amounts"): a smaller escrow order could never be paid by card.
DEFAULT_ESCROW_MINIMUMS: dict[str, int] = {
    "usd": 50, "aud": 50, "brl": 50, "cad": 50, "chf": 50, "eur": 50, "inr": 50, "nzd": 50,
    "sgd": 50, "gbp": 30, "jpy": 50, "czk": 1500, "dkk": 250, "hkd": 400, "huf": 17500,
    "mxn": 1000, "myr": 200, "nok": 300, "pln": 200, "ron": 200, "sek": 300, "thb": 1000,
}

