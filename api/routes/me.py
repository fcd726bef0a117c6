"""The caller's own account and credits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse

from api.deps import Caller, Ctx, Writer
from api.routes._common import RESPONSES, ItemId
from api.schemas.accounts import AccountDeletedPublic, MePublic
from api.schemas.base import MAX_ID
from api.schemas.credits import CreditsPublic, LedgerEntryPublic
from api.schemas.export import ExportPublic
from core.accounts import closing
from core.accounts.accounts import get_profile
from core.accounts.export import archive_of, get_export, request_export
from core.accounts.export_model import AccountExport, Archive, ExportStatus
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


# -- the data export (issue 18) -------------------------------------------------------------

ZIP = "application/zip"
#: Seconds a client should wait before polling a background export again.
POLL_AFTER = 30


def _zip(archive: Archive) -> Response:
    return Response(
        archive.data,
        media_type=ZIP,
        headers={"Content-Disposition": f'attachment; filename="{archive.name}"'},
    )


def _pending(export: AccountExport) -> JSONResponse:
    body = ExportPublic.of(export)
    return JSONResponse(
        body.model_dump(mode="json"),
        status_code=202,
        headers={"Location": body.download, "Retry-After": str(POLL_AFTER)},
    )


_EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {ZIP: {}}, "description": "The archive (a zip of JSON files)"},
    202: {"model": ExportPublic, "description": "Being prepared: poll the Location"},
}


@router.get(
    "/export",
    summary="Export all your data as one zip (large accounts: 202, then poll)",
    response_class=Response,
    responses=_EXPORT_RESPONSES,
)
async def get_my_data_export(ctx: Ctx, caller: Caller) -> Response:
    """Everything BotGig holds about your account: profile, identities, listings, proposals,
    orders with their timelines, messages and deliveries, reviews, credits, money, webhooks
    and audit entries, one JSON file per section (see docs/data.md). Secrets are never
    included. Limited per account (BOTGIG_EXPORT_PER_WINDOW, default 3 per 24 h; 429 with
    Retry-After beyond)."""
    outcome = await request_export(ctx, account_id=caller.account.id, platform="api")
    if outcome.pending is not None:
        return _pending(outcome.pending)
    assert outcome.archive is not None
    return _zip(outcome.archive)


@router.get(
    "/export/{export_id}",
    summary="A background export: 202 while it is prepared, then the zip",
    response_class=Response,
    responses={**_EXPORT_RESPONSES, 410: {"description": "Expired; ask for a new export"}},
)
async def get_my_export(export_id: ItemId, ctx: Ctx, caller: Caller) -> Response:
    export = await get_export(ctx, account_id=caller.account.id, export_id=export_id)
    archive = archive_of(export)
    if export.status is not ExportStatus.READY or archive is None:
        return _pending(export)
    return _zip(archive)
