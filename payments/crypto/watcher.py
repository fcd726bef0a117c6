"""The chain watcher: turns transfers to deposit addresses into credits.

Each pass (``run_once``):

1. reads the chain's latest block, then the known deposit addresses (in that order: an address
   handed out after the first read can only receive in a later block, which a later pass
   scans);
2. scans from the checkpoint stored in the database, in batches of ``batch_blocks``, for
   ``Transfer`` logs of the configured token to those addresses (and native-coin payments
   when they are accepted); each batch's deposits are recorded as ``seen`` together with the
   new checkpoint, in one transaction. The last N blocks (N = confirmations) are scanned again
   on every pass, so a transfer re-mined in another block after a reorg is found again;
3. decides the ``seen`` deposits that can be (``core.credits.deposits.confirm_deposits``):
   credited after N confirmations on a block that is still canonical, ``reorged`` when their
   block was replaced, ``below_minimum`` or ``held``.

The first pass on a chain starts at ``latest - N``. Everything it knows lives in the
database, so a restart resumes from the checkpoint and recording and crediting are
idempotent: killing it mid-scan loses nothing and credits nothing twice. ``run`` repeats
passes until stopped, backing off exponentially while the RPC fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.credits import deposits
from core.credits.deposit_model import ChainTransfer, ChainUnavailable, DepositRules
from core.credits.deposits import ConfirmOutcome
from core.credits.ports import ChainReader
from core.shared.context import Context

log = logging.getLogger(__name__)

Wait = Callable[[asyncio.Event, float], Awaitable[None]]


class ChainMismatch(RuntimeError):
    """The RPC serves another chain than ``BOTGIG_CHAIN_ID``: crediting from it would be
    wrong, so the watcher stops instead of retrying."""


@dataclass(frozen=True)
class WatchReport:
    latest_block: int
    #: The block range scanned in this pass (None when nothing was scanned).
    scanned_from: int | None
    scanned_to: int | None
    seen: int
    ignored: int
    confirmed: ConfirmOutcome = field(default_factory=ConfirmOutcome)
    #: More blocks are waiting than one pass scans: run the next pass at once.
    behind: bool = False


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


class ChainWatcher:
    def __init__(
        self,
        ctx: Context,
        reader: ChainReader,
        *,
        batch_blocks: int = 500,
        max_batches_per_pass: int = 20,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
        wait: Wait = _wait,
    ) -> None:
        if batch_blocks < 1 or max_batches_per_pass < 1:
            raise ValueError("batch_blocks and max_batches_per_pass must be at least 1")
        self.ctx = ctx
        self.reader = reader
        self.batch_blocks = batch_blocks
        self.max_batches_per_pass = max_batches_per_pass
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self._wait = wait
        self._chain_checked = False
        self._token_decimals: int | None = None
        #: Consecutive failed passes (0 after a good one).
        self.failures = 0

    @property
    def rules(self) -> DepositRules:
        return deposits.crypto_of(self.ctx).rules

    async def _prepare(self) -> None:
        rules = self.rules
        if not self._chain_checked:
            served = await self.reader.chain_id()
            if served != rules.chain_id:
                raise ChainMismatch(
                    f"the RPC serves chain {served}, but BOTGIG_CHAIN_ID is {rules.chain_id}"
                )
            self._chain_checked = True
        if rules.token_address is not None and self._token_decimals is None:
            self._token_decimals = await self.reader.token_decimals(rules.token_address)
            log.info(
                "watching %s (%s, %d decimals) on %s",
                rules.token_symbol,
                rules.token_address,
                self._token_decimals,
                rules.network_name,
            )

    async def run_once(self) -> WatchReport:
        """One pass: scan what is new (and the unconfirmed window), then decide what can be.
        Raises ``ChainUnavailable`` when the RPC fails (what was recorded stays recorded)."""
        await self._prepare()
        rules = self.rules
        latest = await self.reader.latest_block()
        checkpoint = await deposits.get_checkpoint(self.ctx)
        if checkpoint is None:
            last = max(0, latest - rules.confirmations) - 1
            await deposits.save_checkpoint(self.ctx, last_block=last, head_block=latest)
            log.info("chain watcher starts at block %d on %s", last + 1, rules.network_name)
        else:
            last = checkpoint.last_block
        addresses = sorted(await deposits.watched_addresses(self.ctx))

        start = max(0, min(last + 1, latest - rules.confirmations))
        first: int | None = None
        end: int | None = None
        seen = ignored = 0
        batches = 0
        while start <= latest and batches < self.max_batches_per_pass:
            end = min(latest, start + self.batch_blocks - 1)
            transfers = await self._transfers(addresses, start, end)
            outcome = await deposits.record_scan(
                self.ctx,
                transfers=transfers,
                token_decimals=self._token_decimals,
                scanned_to=end,
                head_block=latest,
            )
            seen += len(outcome.seen)
            ignored += outcome.ignored
            first = start if first is None else first
            start = end + 1
            batches += 1
        confirmed = await deposits.confirm_deposits(self.ctx, reader=self.reader)
        report = WatchReport(
            latest_block=latest,
            scanned_from=first,
            scanned_to=end,
            seen=seen,
            ignored=ignored,
            confirmed=confirmed,
            behind=start <= latest,
        )
        if seen or ignored or confirmed.credited or confirmed.reorged or confirmed.held:
            log.info("chain watcher: %s", report)
        return report

    async def _transfers(
        self, addresses: list[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        if not addresses:
            return []
        rules = self.rules
        found: list[ChainTransfer] = []
        if rules.token_address is not None:
            found += await self.reader.token_transfers(
                rules.token_address, addresses, from_block, to_block
            )
        if rules.watches_native:
            found += await self.reader.native_transfers(addresses, from_block, to_block)
        return found

    async def run(self, stop: asyncio.Event, interval: float) -> None:
        """Pass after pass every ``interval`` seconds until ``stop`` is set. A failing RPC is
        retried after 1, 2, 4, ... seconds (up to ``backoff_max``); ``ChainMismatch`` stops."""
        while not stop.is_set():
            try:
                report = await self.run_once()
            except ChainMismatch:
                raise
            except Exception as exc:
                self.failures += 1
                delay = min(self.backoff_max, self.backoff_initial * 2 ** (self.failures - 1))
                if isinstance(exc, ChainUnavailable):
                    log.warning("chain RPC failed (%s); retrying in %.1f s", exc, delay)
                else:
                    log.exception("chain watcher pass failed; retrying in %.1f s", delay)
                await self._wait(stop, delay)
                continue
            if self.failures:
                log.info("chain RPC is back after %d failed passes", self.failures)
            self.failures = 0
            if not report.behind:
                await self._wait(stop, interval)
