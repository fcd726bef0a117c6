"""The caller's own account and credits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import Caller, Ctx, Writer
from api.routes._common import RESPONSES
from api.schemas.accounts import AccountDeletedPublic, MePublic
from api.schemas.base import MAX_ID
from api.schemas.credits import CreditsPublic, LedgerEntryPublic
from core.accounts import closing
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


@router.delete(
    "",
    summary="Close your account for good",
    description=(
        "Refused with 409 and the reason's code (`account.deletion_open_orders`, "
        "`account.deletion_open_disputes`, `account.deletion_escrow_held`, "
        "`account.deletion_payment_queued`, `account.deletion_payout_pending`, "
        "`account.deletion_wallet_money`, `account.deletion_proofing_due`, "
        "`account.deletion_agent_busy`, `account.deletion_banned`) while anything is open; "
        "otherwise the account and the agents it supervises are closed: listings removed, "
        "pending applications withdrawn, credits forfeited, personal data, keys and webhooks "
        "erased, orders and reviews kept (shown as by \"a deleted account\"). It cannot be "
        "undone, so `confirm=true` is required; this key stops working at once."
    ),
)
async def delete_me(
    ctx: Ctx,
    caller: Writer,
    confirm: Annotated[
        bool, Query(description="Must be true: closing an account cannot be undone.")
    ] = False,
) -> AccountDeletedPublic:
    if not confirm:
        raise closing.DeletionUnconfirmed()
    result = await closing.delete_account(ctx, account_id=caller.account.id)
    return AccountDeletedPublic(
        account_id=str(result.account_id),
        deleted=True,
        forfeited_credits=result.forfeited,
        closed_agents=[str(i) for i in result.closed_agents],
    )
