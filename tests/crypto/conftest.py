"""Crypto top-up tests: an in-process EVM chain (eth-tester) with a test ERC-20 deployed from
the committed artifact (contracts/TestToken.json, compiled from TestToken.vy), the xpub of
the well-known test mnemonic, and BotGig on a real SQLite database."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bip_utils import Bip39SeedGenerator, Bip44, Bip44Coins
from web3 import AsyncWeb3
from web3.providers.eth_tester import AsyncEthereumTesterProvider

from core.accounts.accounts import ensure_chat_account
from core.accounts.model import AccountStatus
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.shared.context import Context
from payments.crypto.chain import Web3ChainReader
from payments.crypto.xpub import XpubDeriver
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.fakes import FakeClock

CONTRACTS = Path(__file__).with_name("contracts")
#: Hardhat/Foundry's public test mnemonic: never holds real funds.
MNEMONIC = "test test test test test test test test test test test junk"
CONFIRMATIONS = 3


def account_xpub(mnemonic: str = MNEMONIC) -> str:
    """The account-level xpub m/44'/60'/0' of ``mnemonic``, as a wallet exports it."""
    seed = Bip39SeedGenerator(mnemonic).Generate()
    account = Bip44.FromSeed(seed, Bip44Coins.ETHEREUM).Purpose().Coin().Account(0)
    return str(account.PublicKey().ToExtended())


def token_artifact() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CONTRACTS / "TestToken.json").read_text())
    return data


@dataclass
class Chain:
    """The in-process chain and helpers to act on it as a depositor would."""

    w3: AsyncWeb3[Any]
    provider: AsyncEthereumTesterProvider
    accounts: list[str]
    chain_id: int

    @property
    def tester(self) -> Any:
        return self.provider.ethereum_tester

    async def deploy_token(
        self, *, symbol: str = "TUSD", decimals: int = 6, supply: int = 10**30
    ) -> Any:
        art = token_artifact()
        factory = self.w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        tx = await factory.constructor(f"Test {symbol}", symbol, decimals, supply).transact(
            {"from": self.accounts[0]}
        )
        receipt = await self.w3.eth.wait_for_transaction_receipt(tx)
        return self.w3.eth.contract(address=receipt["contractAddress"], abi=art["abi"])

    async def send_token(self, token: Any, to: str, amount: int) -> str:
        tx = await token.functions.transfer(to, amount).transact({"from": self.accounts[0]})
        await self.w3.eth.wait_for_transaction_receipt(tx)
        return str(tx.to_0x_hex())

    async def send_native(self, to: str, wei: int) -> str:
        tx = await self.w3.eth.send_transaction(
            {"from": self.accounts[0], "to": to, "value": wei}  # type: ignore[typeddict-item]
        )
        await self.w3.eth.wait_for_transaction_receipt(tx)
        return str(tx.to_0x_hex())

    def mine(self, blocks: int) -> None:
        self.tester.mine_blocks(blocks)

    async def head(self) -> int:
        return int(await self.w3.eth.block_number)


@pytest.fixture
async def chain() -> Chain:
    provider = AsyncEthereumTesterProvider()
    w3 = AsyncWeb3(provider)
    return Chain(
        w3=w3,
        provider=provider,
        accounts=list(await w3.eth.accounts),
        chain_id=int(await w3.eth.chain_id),
    )


@pytest.fixture
def reader(chain: Chain) -> Web3ChainReader:
    return Web3ChainReader(chain.w3)


@pytest.fixture(scope="session")
def xpub() -> str:
    return account_xpub()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crypto-sqlite") / "template.db"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
def database_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "botgig.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[Any]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def rules_for(chain: Chain, token: Any | None, **overrides: Any) -> DepositRules:
    values: dict[str, Any] = {
        "chain_id": chain.chain_id,
        "confirmations": CONFIRMATIONS,
        "credits_per_token": 100,
        "min_credits": 100,
        "token_address": token.address if token is not None else None,
        "token_symbol": "TUSD",
    }
    return DepositRules(**(values | overrides))


def make_ctx(engine: Any, clock: FakeClock, rules: DepositRules, xpub: str) -> Context:
    return Context(
        uow=make_uow_factory(engine, clock),
        clock=clock,
        crypto=CryptoTopUps(rules=rules, deriver=XpubDeriver(xpub)),
    )


async def new_account(ctx: Context, name: str) -> int:
    external_id = str(int.from_bytes(name.encode(), "big") % 10**12)
    account, _ = await ensure_chat_account(
        ctx, provider="telegram", external_id=external_id, display_name=name
    )
    return account.id


async def ban(ctx: Context, account_id: int) -> None:
    async with ctx.uow() as uow:
        account = await uow.accounts.get(account_id)
        assert account is not None
        account.status = AccountStatus.BANNED
        await uow.accounts.update(account)
        await uow.commit()
