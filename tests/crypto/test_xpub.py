"""Deposit addresses come from the account-level xpub alone and match the wallet's own
derivation from the mnemonic; a bad xpub stops start-up with a message naming the setting."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bip_utils import Bip39SeedGenerator, Bip44, Bip44Changes, Bip44Coins
from eth_account import Account

from botgig.bootstrap import bootstrap
from botgig.crypto import ConfigurationError
from botgig.run import run
from botgig.settings import Settings
from payments.crypto.xpub import InvalidXpub, XpubDeriver
from tests.crypto.conftest import CONTRACTS, MNEMONIC, account_xpub, token_artifact

Account.enable_unaudited_hdwallet_features()


@pytest.mark.parametrize("index", [0, 1, 2, 7, 19, 1000, 2**31 - 1])
def test_xpub_addresses_match_the_wallet_derivation_from_the_mnemonic(
    xpub: str, index: int
) -> None:
    expected = Account.from_mnemonic(MNEMONIC, account_path=f"m/44'/60'/0'/0/{index}").address
    assert XpubDeriver(xpub).address_at(index) == expected


def test_another_mnemonic_gives_other_addresses() -> None:
    other = "abandon " * 11 + "about"
    derived = XpubDeriver(account_xpub(other)).address_at(0)
    assert derived == Account.from_mnemonic(other, account_path="m/44'/60'/0'/0/0").address
    assert derived != XpubDeriver(account_xpub()).address_at(0)


def _keys() -> dict[str, str]:
    seed = Bip39SeedGenerator(MNEMONIC).Generate()
    account = Bip44.FromSeed(seed, Bip44Coins.ETHEREUM).Purpose().Coin().Account(0)
    return {
        "private": str(account.PrivateKey().ToExtended()),
        "change level": str(account.Change(Bip44Changes.CHAIN_EXT).PublicKey().ToExtended()),
        "master": str(Bip44.FromSeed(seed, Bip44Coins.ETHEREUM).PublicKey().ToExtended()),
    }


@pytest.mark.parametrize(
    ("which", "message"),
    [
        ("garbage", "not a valid extended public key"),
        ("typo", "not a valid extended public key"),
        ("empty", "is empty"),
        ("private", "PRIVATE key"),
        ("change level", "depth 4"),
        ("master", "depth 0"),
    ],
)
def test_an_unusable_xpub_is_refused_with_a_clear_reason(
    xpub: str, which: str, message: str
) -> None:
    value = {"garbage": "hello", "typo": xpub[:-1] + "x", "empty": " ", **_keys()}[which]
    with pytest.raises(InvalidXpub, match=message) as refused:
        XpubDeriver(value)
    assert "BOTGIG_DEPOSIT_XPUB" in str(refused.value)
    if which == "private":
        assert value not in str(refused.value)  # never echo a private key


def test_an_index_outside_bip32_non_hardened_range_is_refused(xpub: str) -> None:
    with pytest.raises(ValueError, match="outside"):
        XpubDeriver(xpub).address_at(2**31)


def _settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        **extra,
    )


async def test_an_invalid_xpub_stops_start_up(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path, deposit_xpub="xpub-not-really", chain_rpc_url="http://127.0.0.1:1"
    )
    with pytest.raises(ConfigurationError, match="BOTGIG_DEPOSIT_XPUB"):
        bootstrap(settings)
    with pytest.raises(SystemExit) as stopped:
        await run(settings)
    assert "BotGig cannot start" in str(stopped.value)
    assert "BOTGIG_DEPOSIT_XPUB" in str(stopped.value)


async def test_an_invalid_token_address_stops_start_up(tmp_path: Path, xpub: str) -> None:
    settings = _settings(
        tmp_path,
        deposit_xpub=xpub,
        chain_rpc_url="http://127.0.0.1:1",
        deposit_token_address="0x1234",
    )
    with pytest.raises(ConfigurationError, match="BOTGIG_DEPOSIT_TOKEN_ADDRESS"):
        bootstrap(settings)


async def test_crypto_top_ups_need_both_the_xpub_and_the_rpc(tmp_path: Path, xpub: str) -> None:
    only_xpub = bootstrap(_settings(tmp_path, deposit_xpub=xpub))
    try:
        assert only_xpub.ctx.crypto is None and only_xpub.chain_watcher is None
    finally:
        await only_xpub.close()
    both = bootstrap(_settings(tmp_path, deposit_xpub=xpub, chain_rpc_url="http://127.0.0.1:1"))
    try:
        assert both.ctx.crypto is not None and both.chain_watcher is not None
        assert both.ctx.crypto.deriver.address_at(0) == XpubDeriver(xpub).address_at(0)
    finally:
        await both.close()


def test_the_committed_token_artifact_compiles_from_its_source() -> None:
    vyper = pytest.importorskip("vyper", reason="the vyper compiler is not installed")
    from vyper.compiler import compile_code
    from vyper.compiler.settings import Settings as VyperSettings

    artifact = token_artifact()
    source = (CONTRACTS / artifact["source"]).read_text()
    out = compile_code(
        source,
        output_formats=["abi", "bytecode"],
        settings=VyperSettings(evm_version=artifact["evmVersion"]),
    )
    assert json.loads(json.dumps(out["abi"])) == artifact["abi"]
    if artifact["compiler"] == f"vyper {vyper.__version__}":
        assert out["bytecode"] == artifact["bytecode"]
