"""Deposit addresses from the platform's account-level extended public key.

``BOTGIG_DEPOSIT_XPUB`` is the xpub of ``m/44'/60'/0'`` (what a wallet exports for its first
Ethereum account). Address ``i`` is its external chain's child ``…/0/i``, derived publicly
(BIP-32 non-hardened), so the server can hand out addresses but could never spend from them:
the private key stays in the operator's wallet, which shows the same addresses.
"""

from __future__ import annotations

from bip_utils import Bip32Secp256k1, Bip44, Bip44Changes, Bip44Coins
from bip_utils.bip.bip44_base import Bip44Base

#: Indexes are non-hardened BIP-32 children.
MAX_INDEX = 2**31 - 1
#: m / purpose' / coin' / account'
ACCOUNT_DEPTH = 3


class InvalidXpub(ValueError):
    """The configured extended public key cannot be used; the message says why and what to
    give instead (start-up stops on it)."""


class XpubDeriver:
    """The ``DepositAddressDeriver`` port on bip-utils."""

    def __init__(self, xpub: str) -> None:
        self._external = _external_chain(xpub.strip())

    def address_at(self, index: int) -> str:
        if not 0 <= index <= MAX_INDEX:
            raise ValueError(f"derivation index {index} is outside 0..{MAX_INDEX}")
        address: str = self._external.AddressIndex(index).PublicKey().ToAddress()
        return address


def _external_chain(xpub: str) -> Bip44Base:
    where = "BOTGIG_DEPOSIT_XPUB"
    if not xpub:
        raise InvalidXpub(f"{where} is empty")
    if xpub[1:4] == "prv":
        raise InvalidXpub(
            f"{where} is an extended PRIVATE key ({xpub[:4]}...). Give the extended public key "
            "(xpub) of m/44'/60'/0' instead: the server must never hold a private key."
        )
    try:
        key = Bip32Secp256k1.FromExtendedKey(xpub)
    except Exception as exc:  # bip-utils raises a different class per kind of damage
        raise InvalidXpub(
            f"{where} is not a valid extended public key ({exc}). Expected the xpub of the "
            "account m/44'/60'/0', e.g. xpub6C..."
        ) from None
    if not key.IsPublicOnly():
        raise InvalidXpub(f"{where} is a private key; give the extended public key (xpub)")
    depth = key.Depth().ToInt()
    if depth != ACCOUNT_DEPTH:
        raise InvalidXpub(
            f"{where} is at depth {depth}, but it must be the account-level key m/44'/60'/0' "
            f"(depth {ACCOUNT_DEPTH}): addresses are derived from it as …/0/<index>"
        )
    account = Bip44.FromExtendedKey(xpub, Bip44Coins.ETHEREUM)
    return account.Change(Bip44Changes.CHAIN_EXT)
