"""Crypto top-ups wired from the settings: the xpub deriver and the deposit rules (for the
core ``Context``), the chain reader and the chain watcher (a worker), and the report of
``botgig chain status``.

Crypto top-ups are on only when both ``BOTGIG_DEPOSIT_XPUB`` and ``BOTGIG_CHAIN_RPC_URL`` are
set: handing out addresses that nothing watches would lose deposits, since a watcher's first
scan starts near the chain's head.
"""

from __future__ import annotations

import importlib.util
import logging
from typing import TYPE_CHECKING, Any

from botgig.settings import Settings
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.credits.deposits import ChainStatus
from core.credits.ports import ChainReader
from core.shared.context import Context

if TYPE_CHECKING:
    from payments.crypto.watcher import ChainWatcher

log = logging.getLogger(__name__)


class ConfigurationError(Exception):
    """Settings that parse but cannot work (an invalid xpub, say): start-up stops with the
    message, which names the setting."""


def why_crypto_is_off(settings: Settings, *, have_reader: bool = False) -> str | None:
    """None when crypto top-ups are configured, else the reason they are off."""
    missing = [
        name
        for name, value in (
            ("BOTGIG_DEPOSIT_XPUB", settings.deposit_xpub),
            ("BOTGIG_CHAIN_RPC_URL", settings.chain_rpc_url or (True if have_reader else None)),
        )
        if not value
    ]
    if missing:
        return f"{' and '.join(missing)} not set"
    absent = [m for m in ("web3", "bip_utils") if importlib.util.find_spec(m) is None]
    if absent:
        return (
            f"{' and '.join(absent)} not installed: install the crypto extra "
            "(make run EXTRAS=crypto, or pip install 'botgig[crypto]')"
        )
    return None


def crypto_from(settings: Settings, *, have_reader: bool = False) -> CryptoTopUps | None:
    """The deriver and deposit rules, or None when crypto top-ups are off. The xpub and the
    token address are validated here: ``ConfigurationError`` says what is wrong."""
    off = why_crypto_is_off(settings, have_reader=have_reader)
    if off is not None:
        if settings.deposit_xpub or settings.chain_rpc_url:
            log.warning("crypto top-ups are off: %s", off)
        return None
    from payments.crypto.chain import checksum_address
    from payments.crypto.xpub import InvalidXpub, XpubDeriver

    assert settings.deposit_xpub is not None
    try:
        deriver = XpubDeriver(settings.deposit_xpub)
    except InvalidXpub as exc:
        raise ConfigurationError(str(exc)) from None
    token: str | None = None
    if settings.deposit_token_address:
        try:
            token = checksum_address(
                settings.deposit_token_address, setting="BOTGIG_DEPOSIT_TOKEN_ADDRESS"
            )
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
    rules = DepositRules(
        chain_id=settings.chain_id,
        confirmations=settings.deposit_confirmations,
        credits_per_token=settings.credits_per_token,
        min_credits=settings.deposit_min_credits,
        token_address=token,
        token_symbol=settings.deposit_token_symbol,
        native_symbol=settings.chain_native_symbol,
        native_credits_per_coin=settings.deposit_native_credits_per_coin,
        network=settings.chain_name,
    )
    return CryptoTopUps(rules=rules, deriver=deriver)


def chain_reader_from(settings: Settings) -> ChainReader | None:
    if settings.chain_rpc_url is None:
        return None
    from payments.crypto.chain import Web3ChainReader

    return Web3ChainReader.from_url(settings.chain_rpc_url.get_secret_value())


def watcher_for(settings: Settings, ctx: Context, reader: ChainReader) -> ChainWatcher:
    from payments.crypto.watcher import ChainWatcher

    return ChainWatcher(ctx, reader, batch_blocks=settings.chain_scan_batch_blocks)


def format_chain_status(status: ChainStatus) -> str:
    """The text of ``botgig chain status``."""
    asset = status.token_address or "native coin"
    lines = [
        f"chain       {status.chain_id} ({status.network}), deposits in {asset}, "
        f"{status.confirmations} confirmations",
    ]
    if status.checkpoint is None:
        lines.append("checkpoint  none yet (the watcher has not run)")
    else:
        lines.append(
            f"checkpoint  block {status.checkpoint.last_block} "
            f"(at {status.checkpoint.updated_at:%Y-%m-%d %H:%M:%S} UTC)"
        )
    if status.latest_block is None:
        lines.append(f"latest      unknown: the RPC is unreachable ({status.rpc_error})")
    else:
        lines.append(f"latest      block {status.latest_block}")
    lines.append(f"lag         {'unknown' if status.lag is None else f'{status.lag} blocks'}")
    lines.append(f"pending     {len(status.pending)} deposit(s) waiting for confirmations")
    for d in status.pending:
        lines.append(
            f"  #{d.id} account {d.account_id}: {d.amount} {d.symbol} = {d.credits} credits, "
            f"{d.confirmations}/{d.confirmations_needed} confirmations, tx {d.tx_hash}"
        )
    lines.append(f"held        {status.held} deposit(s) to banned accounts (moderators decide)")
    return "\n".join(lines)


async def close_reader(reader: Any) -> None:
    close = getattr(reader, "close", None)
    if close is not None:
        await close()
