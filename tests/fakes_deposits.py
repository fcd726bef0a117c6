"""In-memory fake of the ``DepositRepository`` port (crypto top-ups). Its state lives in
``State.deposit_addresses``, ``State.chain_deposits`` and ``State.chain_checkpoints`` of
tests/fakes.py, so it commits and rolls back with the rest of a ``FakeUnitOfWork``."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from core.credits.deposit_model import ChainCheckpoint, ChainDeposit, DepositAddress, DepositStatus

if TYPE_CHECKING:
    from tests.fakes import State


class FakeDeposits:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    @property
    def s(self) -> State:
        state: State = self.uow.state
        return state

    async def address_for(self, account_id: int) -> DepositAddress | None:
        return self.s.deposit_addresses.get(account_id)

    async def next_index(self) -> int:
        indexes = [a.derivation_index for a in self.s.deposit_addresses.values()]
        return max(indexes) + 1 if indexes else 0

    async def add_address(self, address: DepositAddress) -> bool:
        for other in self.s.deposit_addresses.values():
            if (
                other.account_id == address.account_id
                or other.derivation_index == address.derivation_index
                or other.address.lower() == address.address.lower()
            ):
                return False
        self.s.deposit_addresses[address.account_id] = address
        return True

    async def watched_addresses(self) -> dict[str, int]:
        return {a.address.lower(): a.account_id for a in self.s.deposit_addresses.values()}

    async def get(self, deposit_id: int) -> ChainDeposit | None:
        d = self.s.chain_deposits.get(deposit_id)
        return replace(d) if d else None

    async def find(self, chain_id: int, tx_hash: str, log_index: int) -> ChainDeposit | None:
        return next(
            (
                replace(d)
                for d in self.s.chain_deposits.values()
                if (d.chain_id, d.tx_hash, d.log_index) == (chain_id, tx_hash, log_index)
            ),
            None,
        )

    async def add(self, deposit: ChainDeposit) -> ChainDeposit | None:
        if await self.find(deposit.chain_id, deposit.tx_hash, deposit.log_index):
            return None
        deposit = replace(deposit, id=self.s.new_id())
        self.s.chain_deposits[deposit.id] = deposit
        return replace(deposit)

    async def update(
        self, deposit: ChainDeposit, *, expected_status: DepositStatus | None = None
    ) -> bool:
        stored = self.s.chain_deposits.get(deposit.id)
        if stored is None or (expected_status is not None and stored.status != expected_status):
            return False
        self.s.chain_deposits[deposit.id] = replace(deposit)
        return True

    async def pending(self, chain_id: int, *, limit: int = 500) -> list[ChainDeposit]:
        found = [
            replace(d)
            for d in self.s.chain_deposits.values()
            if d.chain_id == chain_id and d.status is DepositStatus.SEEN
        ]
        return sorted(found, key=lambda d: (d.block_number, d.id))[:limit]

    async def with_status(self, status: DepositStatus, *, limit: int = 100) -> list[ChainDeposit]:
        found = [replace(d) for d in self.s.chain_deposits.values() if d.status is status]
        return sorted(found, key=lambda d: d.id)[:limit]

    async def for_account(self, account_id: int, *, limit: int = 20) -> list[ChainDeposit]:
        found = [replace(d) for d in self.s.chain_deposits.values() if d.account_id == account_id]
        return sorted(found, key=lambda d: d.id, reverse=True)[:limit]

    async def checkpoint(self, chain_id: int) -> ChainCheckpoint | None:
        return self.s.chain_checkpoints.get(chain_id)

    async def save_checkpoint(self, checkpoint: ChainCheckpoint) -> None:
        self.s.chain_checkpoints[checkpoint.chain_id] = checkpoint


class HashDeriver:
    """A stand-in for the xpub deriver: deterministic checksummed addresses from a hash of
    the index (no key material, no bip-utils), for tests that only need addresses."""

    def address_at(self, index: int) -> str:
        from eth_utils.address import to_checksum_address

        digest = hashlib.sha256(f"deposit {index}".encode()).hexdigest()
        return str(to_checksum_address("0x" + digest[:40]))
