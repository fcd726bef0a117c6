"""``botgig chain status``: the checkpoint, the lag behind the chain and the deposits that
wait for confirmations, also when the RPC is down."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from botgig import cli
from botgig.bootstrap import bootstrap
from botgig.commands import chain_status
from botgig.settings import Settings
from core.credits import deposits
from payments.crypto.chain import Web3ChainReader
from tests.crypto.conftest import Chain, new_account


def _settings(tmp_path: Path, chain: Chain, token: Any, xpub: str) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        deposit_xpub=xpub,
        chain_id=chain.chain_id,
        deposit_token_address=token.address,
        deposit_token_symbol="TUSD",
        deposit_confirmations=5,
    )


async def test_chain_status_prints_checkpoint_lag_and_pending_deposits(
    tmp_path: Path,
    chain: Chain,
    reader: Web3ChainReader,
    xpub: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    token = await chain.deploy_token()
    settings = _settings(tmp_path, chain, token, xpub)

    await chain_status(settings, chain_reader=reader)
    before = capsys.readouterr().out
    assert f"chain       {chain.chain_id}" in before and "5 confirmations" in before
    assert "checkpoint  none yet" in before and "lag         unknown" in before

    container = bootstrap(settings, chain_reader=reader)  # the same wiring `botgig run` uses
    try:
        ctx, watcher = container.ctx, container.chain_watcher
        ada = await new_account(ctx, "ada")
        address = (await deposits.get_deposit_address(ctx, account_id=ada)).address
        await watcher.run_once()
        await chain.send_token(token, address, 4_250_000)
        chain.mine(1)
        await watcher.run_once()
        chain.mine(2)  # not scanned yet: the lag
    finally:
        await container.close()

    await chain_status(settings, chain_reader=reader)
    out = capsys.readouterr().out
    head = await chain.head()
    assert f"checkpoint  block {head - 2}" in out
    assert f"latest      block {head}" in out
    assert "lag         2 blocks" in out
    assert "pending     1 deposit(s)" in out
    assert f"account {ada}: 4.25 TUSD = 425 credits, 3/5 confirmations" in out
    assert "held        0 deposit(s)" in out


def test_chain_status_from_the_command_line_with_the_rpc_down(
    tmp_path: Path,
    xpub: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, value in {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        "DATA_DIR": str(tmp_path),
        "DEPOSIT_XPUB": xpub,
        "CHAIN_RPC_URL": "http://127.0.0.1:9/secret-api-key",
    }.items():
        monkeypatch.setenv(f"BOTGIG_{name}", value)
    cli.main(["chain", "status"])
    out = capsys.readouterr().out
    assert "chain       1 (Ethereum), deposits in native coin" in out
    assert "latest      unknown: the RPC is unreachable" in out
    assert "pending     0 deposit(s)" in out
    assert "secret-api-key" not in out


def test_chain_status_says_when_crypto_top_ups_are_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOTGIG_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}")
    monkeypatch.setenv("BOTGIG_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as stopped:
        cli.main(["chain", "status"])
    assert "BOTGIG_DEPOSIT_XPUB and BOTGIG_CHAIN_RPC_URL not set" in str(stopped.value)
