"""The ``ChainReader`` port on web3.py (``AsyncWeb3``): an EVM chain over JSON-RPC.

Production builds it with ``Web3ChainReader.from_url`` (``AsyncHTTPProvider``, so the event
loop never blocks on the RPC); tests give it an ``AsyncWeb3`` on eth-tester. Every failure of
the RPC (connection, timeout, an error answer, a malformed reply) becomes
``ChainUnavailable``, which the watcher backs off on.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Awaitable, Sequence
from typing import Any, TypeVar

from eth_typing import ChecksumAddress
from web3 import AsyncHTTPProvider, AsyncWeb3
from web3.exceptions import BlockNotFound

from core.credits.deposit_model import NATIVE_LOG_INDEX, ChainTransfer, ChainUnavailable

log = logging.getLogger(__name__)
to_checksum_address = AsyncWeb3.to_checksum_address
is_address = AsyncWeb3.is_address

T = TypeVar("T")

#: keccak("Transfer(address,address,uint256)"), as 0x-hex: eth-tester silently matches
#: nothing when topics are passed as bytes.
TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
DECIMALS_ABI: list[dict[str, Any]] = [
    {
        "name": "decimals",
        "type": "function",
        "stateMutability": "view",
        "inputs": [],
        "outputs": [{"name": "", "type": "uint8"}],
    }
]
#: Recipients per ``eth_getLogs`` call: providers cap the size of a topic list.
RECIPIENTS_PER_QUERY = 100


def checksum_address(value: str, *, setting: str = "address") -> ChecksumAddress:
    """``value`` as an EIP-55 checksummed address; raises ``ValueError`` naming ``setting``."""
    text = value.strip()
    if not is_address(text):
        raise ValueError(f"{setting} is not an Ethereum address (0x and 40 hex digits): {text!r}")
    return to_checksum_address(text)


def _hex(value: Any) -> str:
    """A hash from web3 (HexBytes, bytes or str) as lower-case ``0x`` hex. hexbytes 2's
    ``.hex()`` has no ``0x``, hence ``to_0x_hex`` when it is there."""
    if isinstance(value, str):
        text = value.lower()
        return text if text.startswith("0x") else "0x" + text
    to_0x = getattr(value, "to_0x_hex", None)
    if to_0x is not None:
        return str(to_0x()).lower()
    return "0x" + bytes(value).hex()


_URL = re.compile(r"[a-z][a-z0-9+.-]*://[^\s'\"]+", re.IGNORECASE)


def _redact(exc: BaseException) -> str:
    """An RPC error as text without URLs: a hosted provider's URL carries its API key, and
    HTTP errors quote the URL they failed on."""
    return _URL.sub("<rpc url>", f"{type(exc).__name__}: {exc}")[:300]


def _topic_address(address: str) -> str:
    return "0x" + "0" * 24 + address.lower().removeprefix("0x")


def _address_from_topic(topic: Any) -> str:
    return str(to_checksum_address("0x" + _hex(topic)[-40:]))


class Web3ChainReader:
    def __init__(self, w3: AsyncWeb3[Any]) -> None:
        self.w3 = w3

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 20.0) -> Web3ChainReader:
        # web3 logs the endpoint URL (at INFO on disconnect, at DEBUG per request), and a
        # hosted provider's URL carries its API key: keep those loggers quiet.
        for name in ("web3.providers", "web3._utils.http_session_manager"):
            logging.getLogger(name).setLevel(logging.WARNING)
        provider = AsyncHTTPProvider(url, request_kwargs={"timeout": timeout})
        return cls(AsyncWeb3(provider))

    async def close(self) -> None:
        disconnect = getattr(self.w3.provider, "disconnect", None)
        if disconnect is not None:
            with contextlib.suppress(Exception):
                await disconnect()

    async def _call(self, what: str, call: Awaitable[T]) -> T:
        try:
            return await call
        except ChainUnavailable:
            raise
        except Exception as exc:
            raise ChainUnavailable(f"{what} failed: {_redact(exc)}") from exc

    async def chain_id(self) -> int:
        return int(await self._call("eth_chainId", self.w3.eth.chain_id))

    async def latest_block(self) -> int:
        return int(await self._call("eth_blockNumber", self.w3.eth.block_number))

    async def block_hash(self, number: int) -> str | None:
        try:
            block = await self._call(
                f"eth_getBlockByNumber({number})", self.w3.eth.get_block(number)
            )
        except ChainUnavailable as exc:
            if isinstance(exc.__cause__, BlockNotFound):
                return None
            raise
        return _hex(block["hash"])

    async def token_transfers(
        self, token: str, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        found: list[ChainTransfer] = []
        token = checksum_address(token, setting="token")
        wanted = sorted({r.lower() for r in recipients})
        for start in range(0, len(wanted), RECIPIENTS_PER_QUERY):
            chunk = wanted[start : start + RECIPIENTS_PER_QUERY]
            params: Any = {
                "fromBlock": from_block,
                "toBlock": to_block,
                "address": token,
                "topics": [TRANSFER_TOPIC, None, [_topic_address(a) for a in chunk]],
            }
            logs = await self._call(
                f"eth_getLogs({from_block}..{to_block})", self.w3.eth.get_logs(params)
            )
            for entry in logs:
                transfer = self._transfer_from_log(entry)
                if transfer is not None:
                    found.append(transfer)
        return sorted(found, key=lambda t: (t.block_number, t.log_index))

    def _transfer_from_log(self, entry: Any) -> ChainTransfer | None:
        topics = entry["topics"]
        if len(topics) != 3 or _hex(topics[0]) != TRANSFER_TOPIC:
            # An ERC-721 Transfer has the value indexed too (4 topics): not a token amount.
            return None
        data = _hex(entry["data"])
        if entry.get("removed"):
            return None
        return ChainTransfer(
            tx_hash=_hex(entry["transactionHash"]),
            log_index=int(entry["logIndex"]),
            block_number=int(entry["blockNumber"]),
            block_hash=_hex(entry["blockHash"]),
            token=str(to_checksum_address(entry["address"])),
            sender=_address_from_topic(topics[1]),
            recipient=_address_from_topic(topics[2]),
            amount=int(data, 16) if data != "0x" else 0,
        )

    async def native_transfers(
        self, recipients: Sequence[str], from_block: int, to_block: int
    ) -> list[ChainTransfer]:
        wanted = {r.lower() for r in recipients}
        found: list[ChainTransfer] = []
        for number in range(from_block, to_block + 1):
            block = await self._call(
                f"eth_getBlockByNumber({number})",
                self.w3.eth.get_block(number, full_transactions=True),
            )
            transactions: list[Any] = list(block["transactions"])
            for tx in transactions:
                to = tx.get("to")
                if not to or str(to).lower() not in wanted or int(tx["value"]) <= 0:
                    continue
                tx_hash = _hex(tx["hash"])
                receipt = await self._call(
                    f"eth_getTransactionReceipt({tx_hash})",
                    self.w3.eth.get_transaction_receipt(tx_hash),  # type: ignore[arg-type]
                )
                if int(receipt["status"]) != 1:
                    continue  # a failed transaction moved no value
                found.append(
                    ChainTransfer(
                        tx_hash=tx_hash,
                        log_index=NATIVE_LOG_INDEX,
                        block_number=number,
                        block_hash=_hex(block["hash"]),
                        token=None,
                        sender=str(to_checksum_address(tx["from"])),
                        recipient=str(to_checksum_address(to)),
                        amount=int(tx["value"]),
                    )
                )
        return found

    async def token_decimals(self, token: str) -> int:
        contract = self.w3.eth.contract(
            address=checksum_address(token, setting="token"), abi=DECIMALS_ABI
        )
        decimals = await self._call("decimals()", contract.functions.decimals().call())
        value = int(decimals)
        if not 0 <= value <= 77:
            raise ChainUnavailable(f"token {token} reports {value} decimals")
        return value
