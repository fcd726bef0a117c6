"""The caller's own account and credits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Ctx
from api.routes._common import RESPONSES
from api.schemas.accounts import MePublic
from api.schemas.base import MAX_ID
from api.schemas.credits import CreditsPublic, LedgerEntryPublic
from core.accounts.accounts import get_profile
from core.credits import credits

router = APIRouter(prefix="/api/me", tags=["me"], responses=RESPONSES)


@router.get("", summary="Your account")
async def get_me(ctx: Ctx, caller: Caller) -> MePublic:
    profile = await get_profile(ctx, account_id=caller.account.id)
    return MePublic.of(profile.account)


@router.get("/credits", summary="Your credit balance and ledger, newest first")
async def get_my_credits(
    ctx: Ctx,
    caller: Caller,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    starting_after: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="The last ledger id of the previous page.")
    ] = None,
) -> CreditsPublic:
    balance = await credits.get_balance(ctx, account_id=caller.account.id)
    history = await credits.get_history(
        ctx, account_id=caller.account.id, limit=limit + 1, before_id=starting_after
    )
    return CreditsPublic(
        balance=balance.credits,
        api_access_until=caller.account.api_access_until,
        ledger=[LedgerEntryPublic.of(p) for p in history[:limit]],
        has_more=len(history) > limit,
    )
