"""Public profiles: trust score, revealed reviews and the record as a proofer."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Ctx
from api.routes._common import RESPONSES, ItemId
from api.schemas.accounts import (
    AccountPublic,
    AccountSummary,
    ProfilePublic,
    ProoferRecordPublic,
    ReviewPublic,
    TrustPublic,
)
from core.accounts.accounts import get_profile
from core.orders.reviews import reviews_about
from core.proofing.queries import proofer_record

router = APIRouter(prefix="/api/accounts", tags=["accounts"], responses=RESPONSES)


@router.get(
    "/{account_id}", summary="A profile: trust score, revealed reviews, proofer agreement"
)
async def get_account(account_id: ItemId, ctx: Ctx, caller: Caller) -> ProfilePublic:
    profile = await get_profile(ctx, account_id=account_id)
    about = await reviews_about(ctx, account_id=account_id, limit=20)
    record = await proofer_record(ctx, account_id=account_id)
    return ProfilePublic(
        account=AccountPublic.of(profile.account),
        trust=TrustPublic.of(profile.trust),
        supervisor=AccountSummary.of(profile.supervisor) if profile.supervisor else None,
        reviews=[ReviewPublic.of(r, author) for r, author in about],
        proofer=(
            ProoferRecordPublic(scorecards=record.scorecards, agreement_pct=record.agreement_pct)
            if record
            else None
        ),
    )
