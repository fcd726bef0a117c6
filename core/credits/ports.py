"""Ports of crypto deposits and Telegram Stars payments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from core.credits.deposit_model import (
    ChainCheckpoint,
    ChainDeposit,
    ChainTransfer,
    DepositAddress,
    DepositStatus,
)
from core.credits.stars_model import StarsPayment, StarsPaymentStatus
from core.shared.ledger import LedgerTransaction, PostedTransaction


class LedgerRepository(Protocol):
    async def post(self, tx: LedgerTransaction) -> bool:
        """Apply ``tx`` atomically; False (and nothing changes) if its idempotency key was
        already posted. Raises ``InsufficientCredits`` when a non-``world:`` balance would
        go below zero — even under concurrent posts."""

    async def balance(self, ledger_account: str, asset: str) -> int: ...
    async def history(
        self, account_id: int, asset: str, *, limit: int = 20, before_id: int | None = None
    ) -> list[PostedTransaction]: ...
    async def exists(self, idempotency_key: str) -> bool: ...


class CreditsUnit(Protocol):
    """The ledger, and the top-ups that credit it (crypto deposits, Telegram Stars)."""

    @property
    def ledger(self) -> LedgerRepository: ...
    @property
    def deposits(self) -> DepositRepository: ...
    @property
    def stars(self) -> StarsPaymentRepository: ...


# -- crypto top-ups (core.credits.deposit_model) ---------------------------------------------------


class DepositRepository(Protocol):
    """Deposit addresses, on-chain deposits and the chain watcher's checkpoint."""

    async def address_for(self, account_id: int) -> DepositAddress | None: ...
    async def next_index(self) -> int:
        """One past the highest derivation index assigned (0 when none is). Concurrent
        assignments wait here until this transaction ends (a lock), so they do not collide."""

    async def add_address(self, address: DepositAddress) -> bool:
        """Store an assignment; False (and nothing changes) when the account, the index or the
        address is taken already — e.g. by a concurrent assignment."""

    async def watched_addresses(self) -> dict[str, int]:
        """Every deposit address, lower-cased, to its account id."""

    async def get(self, deposit_id: int) -> ChainDeposit | None: ...
    async def find(self, chain_id: int, tx_hash: str, log_index: int) -> ChainDeposit | None: ...
    async def add(self, deposit: ChainDeposit) -> ChainDeposit | None:
        """Record a deposit; None when (chain, tx hash, log index) is recorded already."""

    async def update(
        self, deposit: ChainDeposit, *, expected_status: DepositStatus | None = None
    ) -> bool:
        """Save ``deposit``; with ``expected_status``, only if the stored status still is that
        (False otherwise: another watcher decided it first)."""

    async def pending(self, chain_id: int, *, limit: int = 500) -> list[ChainDeposit]:
        """Deposits still ``seen`` on ``chain_id``, oldest block first."""

    async def with_status(
        self, status: DepositStatus, *, limit: int = 100
    ) -> list[ChainDeposit]: ...
    async def for_account(self, account_id: int, *, limit: int = 20) -> list[ChainDeposit]:
        """The account's deposits, newest first."""

    async def checkpoint(self, chain_id: int) -> ChainCheckpoint | None: ...
    async def save_checkpoint(self, checkpoint: ChainCheckpoint) -> None: ...


class DepositAddressDeriver(Protocol):
    """Deposit addresses from the platform's account-level extended public key (no private
    key involved)."""

    def address_at(self, index: int) -> str:
        """The EIP-55 checksummed address at external-chain index ``index`` (…/0/index)."""


class ChainReader(Protocol):
    """What the chain watcher reads from an EVM chain. Every method raises
    ``core.credits.deposit_model.ChainUnavailable`` when the RPC fails."""

    async def chain_id(self) -> int: ...
    async def latest_block(self) -> int: ...
    async def block_hash(self, number: int) -> str | None:
        """The canonical block hash at ``number`` (``0x`` hex), None past the chain's head."""

    async def token_transfers(
        self, token: str, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        """ERC-20 ``Transfer`` logs of ``token`` to any of ``recipients`` in the inclusive
        block range."""

    async def native_transfers(
        self, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        """Successful top-level transactions paying native coin to any of ``recipients``."""

    async def token_decimals(self, token: str) -> int: ...


# -- Telegram Stars top-ups (core.credits.stars_model) ---------------------------------------------


class StarsPaymentRepository(Protocol):
    """Successful Stars payments, one per Telegram charge id."""

    async def add(self, payment: StarsPayment) -> StarsPayment | None:
        """Record a payment; None (and nothing changes) when its charge id is recorded
        already — Telegram delivered the successful payment twice."""

    async def get(self, charge_id: str) -> StarsPayment | None: ...
    async def update(
        self, payment: StarsPayment, *, expected_status: StarsPaymentStatus
    ) -> bool:
        """Save ``payment`` only if the stored status still is ``expected_status`` (False
        otherwise: a concurrent refund got there first)."""

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[StarsPayment]:
        """The account's Stars payments, newest first."""


class StarsRefunder(Protocol):
    """Giving Stars back (Telegram's ``refundStarPayment``), implemented by the Telegram
    front end."""

    async def refund_star_payment(self, *, telegram_user_id: int, charge_id: str) -> None:
        """Refund the payment (a charge Telegram reports as refunded already counts as done).
        Raises ``core.credits.stars_model.StarsRefundFailed`` when Telegram refuses or cannot
        be reached."""
