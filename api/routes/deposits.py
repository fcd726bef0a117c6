"""The caller's crypto deposit address: where to send tokens for credits (issue 8)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Caller, Ctx
from api.errors import ErrorBody
from api.routes._common import RESPONSES
from core.credits import deposits
from core.credits.deposit_model import DepositAsset, DepositInstructions

DEPOSIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    **RESPONSES,
    503: {
        "model": ErrorBody,
        "description": "Crypto top-ups are not configured (credits.crypto_unavailable)",
    },
}

router = APIRouter(prefix="/api/me/credits", tags=["me"], responses=DEPOSIT_RESPONSES)


class DepositAssetPublic(BaseModel):
    symbol: str
    token_address: str | None = Field(description="The ERC-20 contract; null for the native coin.")
    credits_per_unit: int = Field(description="Credits per whole token (or coin).")
    min_amount: str = Field(description="The smallest amount credited, in whole units.")

    @classmethod
    def of(cls, asset: DepositAsset) -> DepositAssetPublic:
        return cls(
            symbol=asset.symbol,
            token_address=asset.token_address,
            credits_per_unit=asset.credits_per_unit,
            min_amount=asset.min_amount,
        )


class DepositAddressPublic(BaseModel):
    address: str = Field(description="Your own deposit address (EIP-55), assigned once.")
    network: str
    chain_id: int
    token: str = Field(description="The symbol of the main asset accepted.")
    token_address: str | None = Field(
        description="The main asset's ERC-20 contract; null when it is the native coin."
    )
    rate: int = Field(description="Credits per whole unit of the main asset.")
    minimum: str = Field(description="The smallest amount of the main asset credited.")
    min_credits: int = Field(description="The smallest deposit credited, in credits.")
    confirmations: int = Field(description="Blocks on top of a deposit before it is credited.")
    payment_uri: str = Field(description="An EIP-681 URI for wallets.")
    assets: list[DepositAssetPublic] = Field(description="Every asset accepted.")

    @classmethod
    def of(cls, found: DepositInstructions) -> DepositAddressPublic:
        main = found.assets[0]
        return cls(
            address=found.address,
            network=found.network,
            chain_id=found.chain_id,
            token=main.symbol,
            token_address=main.token_address,
            rate=main.credits_per_unit,
            minimum=main.min_amount,
            min_credits=found.min_credits,
            confirmations=found.confirmations,
            payment_uri=found.payment_uri,
            assets=[DepositAssetPublic.of(a) for a in found.assets],
        )


@router.get(
    "/deposit-address",
    summary="Your crypto deposit address, the rate, the minimum and the confirmations",
)
async def get_deposit_address(ctx: Ctx, caller: Caller) -> DepositAddressPublic:
    """Tokens sent to this address on this network become credits after the confirmations
    (rounded down at ``rate`` credits per unit; below ``minimum`` nothing is credited). 503
    ``credits.crypto_unavailable`` when crypto top-ups are off."""
    found = await deposits.get_deposit_address(ctx, account_id=caller.account.id)
    return DepositAddressPublic.of(found)
