"""Crypto top-ups: deposit addresses, on-chain deposits and the rules that turn them into credits.

Each account gets its own deposit address, derived from the platform's account-level extended
public key (BIP-32/44, ``m/44'/60'/0'/0/<index>``), so the server never holds a private key. A
chain watcher records every transfer to a known address when it is first seen, then decides it
once it has enough confirmations on a block that is still canonical:

``seen`` → ``credited`` (credits posted once per chain, tx hash and log index),
``below_minimum`` (recorded and shown, never credited), ``held`` (the account is banned: a
moderator decides) or ``reorged`` (its block left the canonical chain; never credited unless
the same transfer is mined again, which revives it as ``seen``).

Amounts are raw token units (integers, up to uint256); credits are whole credits. Nothing here
knows web3: the chain is reached through the ``ChainReader`` port.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction
from typing import TYPE_CHECKING

from core.shared.errors import MarketplaceError

if TYPE_CHECKING:
    from core.credits.ports import DepositAddressDeriver

#: ``log_index`` of a native-coin transfer (it has no log); one tx carries at most one.
NATIVE_LOG_INDEX = -1


class DepositStatus(StrEnum):
    SEEN = "seen"
    CREDITED = "credited"
    BELOW_MINIMUM = "below_minimum"
    HELD = "held"
    REORGED = "reorged"


PENDING_STATUSES = frozenset({DepositStatus.SEEN})


class CryptoTopUpsUnavailable(MarketplaceError):
    code = "credits.crypto_unavailable"
    default_message = (
        "Crypto top-ups are not configured on this BotGig. Ask the operators, or use another "
        "way to top up."
    )
    status = 503


class ChainUnavailable(Exception):
    """The chain's RPC failed or answered nonsense; the watcher backs off and retries."""


@dataclass(frozen=True)
class DepositRules:
    """How deposits become credits (BOTGIG_CHAIN_*, BOTGIG_DEPOSIT_*, BOTGIG_CREDITS_PER_TOKEN).

    ``token_address`` None means deposits in the chain's native coin at ``credits_per_token``
    per coin. With a token configured, native deposits are also watched when
    ``native_credits_per_coin`` is set (a coin and a stablecoin are not worth the same).
    ``min_credits`` is the smallest deposit credited, in credits (so it does not depend on the
    token's decimals); it is at least 1, since a deposit worth less than a credit credits
    nothing.
    """

    chain_id: int
    confirmations: int = 12
    credits_per_token: int = 100
    min_credits: int = 100
    token_address: str | None = None
    token_symbol: str = "USDC"
    native_symbol: str = "ETH"
    native_decimals: int = 18
    native_credits_per_coin: int | None = None
    network: str = ""

    def __post_init__(self) -> None:
        if self.confirmations < 0:
            raise ValueError("confirmations must not be negative")
        if self.credits_per_token < 1 or self.min_credits < 1:
            raise ValueError("credits_per_token and min_credits must be at least 1")
        if self.native_credits_per_coin is not None and self.native_credits_per_coin < 1:
            raise ValueError("native_credits_per_coin must be at least 1")

    @property
    def watches_token(self) -> bool:
        return self.token_address is not None

    @property
    def watches_native(self) -> bool:
        return self.token_address is None or self.native_credits_per_coin is not None

    @property
    def network_name(self) -> str:
        return self.network or KNOWN_NETWORKS.get(self.chain_id, f"chain {self.chain_id}")

    def rate_for(self, token: str | None) -> int:
        """Credits per whole unit of ``token`` (None: the native coin)."""
        if token is None and self.token_address is not None:
            if self.native_credits_per_coin is None:
                raise ValueError("native deposits are not accepted")
            return self.native_credits_per_coin
        return self.credits_per_token

    def symbol_for(self, token: str | None) -> str:
        return self.native_symbol if token is None else self.token_symbol

    def assets(self) -> tuple[DepositAsset, ...]:
        found: list[DepositAsset] = []
        if self.token_address is not None:
            found.append(self._asset(self.token_address))
        if self.watches_native:
            found.append(self._asset(None))
        return tuple(found)

    def _asset(self, token: str | None) -> DepositAsset:
        rate = self.rate_for(token)
        return DepositAsset(
            symbol=self.symbol_for(token),
            token_address=token,
            credits_per_unit=rate,
            min_amount=min_amount_text(self.min_credits, rate),
        )


KNOWN_NETWORKS: dict[int, str] = {
    1: "Ethereum",
    10: "Optimism",
    56: "BNB Smart Chain",
    100: "Gnosis",
    137: "Polygon",
    8453: "Base",
    42161: "Arbitrum One",
    43114: "Avalanche C-Chain",
    11155111: "Sepolia (testnet)",
    84532: "Base Sepolia (testnet)",
}


def credits_for(amount: int, decimals: int, credits_per_unit: int) -> int:
    """Whole credits for ``amount`` raw units of a token with ``decimals``: rounded down.

    Integer arithmetic only: ``amount * credits_per_unit // 10**decimals``. A fraction of a
    credit is not credited (1.999 USDC at 100 credits per USDC is 199 credits); the platform
    keeps the dust rather than inventing a rounding rule a user could farm.
    """
    if amount < 0 or decimals < 0:
        raise ValueError("amount and decimals must not be negative")
    scale: int = 10**decimals
    return amount * credits_per_unit // scale


def format_units(amount: int, decimals: int) -> str:
    """``1500000, 6`` → ``"1.5"``: a raw amount as exact decimal text, no float involved."""
    scale: int = 10**decimals
    whole, frac = divmod(amount, scale)
    if not frac:
        return str(whole)
    digits = str(frac).rjust(decimals, "0").rstrip("0")
    return f"{whole}.{digits}"


def min_amount_text(min_credits: int, credits_per_unit: int) -> str:
    """The smallest amount (in whole-token text) worth ``min_credits``, rounded up to 6
    decimal places so that sending exactly this is always enough."""
    exact = Fraction(min_credits, credits_per_unit)
    with localcontext() as ctx:
        ctx.prec = 60
        value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
            Decimal("0.000001"), rounding=ROUND_CEILING
        )
    text = format(value.normalize(), "f")
    return text


def idempotency_key(chain_id: int, tx_hash: str, log_index: int) -> str:
    """The ledger key of a deposit's credit: ``crypto:<chain>:<tx hash>:<log index>``."""
    return f"crypto:{chain_id}:{tx_hash.lower()}:{log_index}"


def payment_uri(address: str, chain_id: int, token: str | None) -> str:
    """An EIP-681 URI for a wallet (and the QR code): pay ``address`` on ``chain_id``."""
    if token is None:
        return f"ethereum:{address}@{chain_id}"
    return f"ethereum:{token}@{chain_id}/transfer?address={address}"


@dataclass(frozen=True)
class DepositAsset:
    """One thing that can be deposited: the token (``token_address``) or the native coin."""

    symbol: str
    token_address: str | None
    credits_per_unit: int
    #: The smallest amount credited, as decimal text in whole units (e.g. ``"1"``, ``"0.5"``).
    min_amount: str


@dataclass(frozen=True)
class DepositAddress:
    account_id: int
    derivation_index: int
    #: EIP-55 checksummed.
    address: str
    created_at: datetime


@dataclass(frozen=True)
class ChainTransfer:
    """A transfer to one of our addresses as the chain reports it (addresses checksummed,
    hashes ``0x``-prefixed lower-case hex; ``token`` None for the native coin)."""

    tx_hash: str
    log_index: int
    block_number: int
    block_hash: str
    token: str | None
    sender: str
    recipient: str
    amount: int


@dataclass
class ChainDeposit:
    id: int
    chain_id: int
    tx_hash: str
    log_index: int
    account_id: int
    address: str
    sender: str
    token: str | None
    amount: int
    decimals: int
    block_number: int
    block_hash: str
    status: DepositStatus
    #: Credits it is worth (rounded down); what ``credited`` posts.
    credits: int
    seen_at: datetime
    updated_at: datetime
    credited_at: datetime | None = None

    @property
    def key(self) -> str:
        return idempotency_key(self.chain_id, self.tx_hash, self.log_index)

    def confirmations(self, latest_block: int) -> int:
        """Blocks mined on top of the deposit's block (0 in the block that includes it)."""
        return max(0, latest_block - self.block_number)


@dataclass(frozen=True)
class DepositInstructions:
    """What ``/topup`` and ``GET /api/me/credits/deposit-address`` show."""

    account_id: int
    address: str
    chain_id: int
    network: str
    confirmations: int
    min_credits: int
    assets: tuple[DepositAsset, ...]
    #: EIP-681 URI of the first asset (the token when one is configured), for the QR code.
    payment_uri: str


@dataclass(frozen=True)
class DepositView:
    """A deposit as its owner (or a moderator) sees it."""

    id: int
    account_id: int
    status: DepositStatus
    symbol: str
    token_address: str | None
    amount: str
    credits: int
    tx_hash: str
    block_number: int
    confirmations: int
    confirmations_needed: int
    seen_at: datetime
    credited_at: datetime | None


@dataclass(frozen=True)
class ChainCheckpoint:
    """How far the chain watcher got on one chain."""

    chain_id: int
    #: Every block up to this one has been scanned for deposits.
    last_block: int
    #: The chain's latest block at the last scan (confirmations shown are counted from it).
    head_block: int
    updated_at: datetime


@dataclass(frozen=True)
class CryptoTopUps:
    """Crypto top-ups as configured (``Context.crypto``; None when they are off)."""

    rules: DepositRules
    deriver: DepositAddressDeriver
