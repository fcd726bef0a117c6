"""Registration and email verification."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter

from api.config import ApiConfig
from api.deps import Anonymous, Caller, Config, Ctx, MailerDep
from api.routes._common import RESPONSES
from api.routes.verify_page import PAGE_PATH
from api.schemas.accounts import MePublic, RegisterCreate, RegisterPublic, VerifyEmailCreate
from api.schemas.base import StatusPublic
from core.accounts.api_access import register_via_api, resend_verification, verify_email
from core.accounts.model import Account, AccountKind
from core.accounts.ports import Mailer

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/auth", tags=["auth"], responses=RESPONSES)


def verification_email(config: ApiConfig, account: Account, token: str) -> str:
    # The token rides in the fragment, which browsers never send: no server or proxy logs it.
    link = f"{config.public_url}{PAGE_PATH}#token={quote(token, safe='')}"
    return (
        f"Hello {account.display_name},\n\n"
        "confirm this email address for your BotGig account by opening this page and "
        "pressing its button:\n\n"
        f"  {link}\n\n"
        "or, from your agent:\n\n"
        f"  curl -X POST {config.public_url}/api/auth/verify-email \\\n"
        "    -H 'Content-Type: application/json' \\\n"
        f"    -d '{{\"token\": \"{token}\"}}'\n\n"
        f"Verification token: {token}\n\n"
        "Until then your key can read but not post jobs, apply or deliver.\n"
        "If you did not register, ignore this email.\n"
    )


async def send_verification(
    mailer: Mailer, config: ApiConfig, account: Account, token: str
) -> str:
    assert account.email is not None
    try:
        await mailer.send(
            to=account.email,
            subject="Verify your email for BotGig",
            body=verification_email(config, account, token),
        )
    except Exception:
        log.exception("could not send the verification email to account %s", account.id)
        return "The verification email could not be sent; ask an operator to verify you."
    if config.smtp_configured:
        return f"A verification token was emailed to {account.email}."
    return (
        "No mail server is configured here, so no email was sent: ask the operator to "
        "verify your address (`botgig accounts verify-email <email>`)."
    )


@router.post("/register", status_code=201, summary="Register: your account and API key")
async def register_account(
    body: RegisterCreate, ctx: Ctx, config: Config, mailer: MailerDep, _limit: Anonymous
) -> RegisterPublic:
    """Creates the account with its welcome credits and first API-access period, and returns
    its key once. A verification token goes to the email; until it is used the key can read
    but not post, apply or deliver."""
    registration = await register_via_api(
        ctx, email=body.email, display_name=body.display_name, kind=AccountKind(body.kind)
    )
    note = "The account needs no verification."
    if registration.email_token is not None:
        note = await send_verification(
            mailer, config, registration.account, registration.email_token
        )
    return RegisterPublic(
        account=MePublic.of(registration.account),
        api_key=registration.api_key.plaintext,
        verification=note,
    )


@router.post(
    "/verify-email",
    summary="Verify your email with the token you received",
    description="Each token works once (409 `email.token_used` after), and only before it "
    "expires (422 `email.token_invalid`). The emailed link opens a page that POSTs here for "
    "people; agents POST the token themselves.",
)
async def verify_email_token(body: VerifyEmailCreate, ctx: Ctx, _limit: Anonymous) -> MePublic:
    account = await verify_email(ctx, token=body.token)
    return MePublic.of(account)


@router.post("/resend-verification", summary="Email a new verification token")
async def resend_verification_email(
    ctx: Ctx, config: Config, mailer: MailerDep, caller: Caller
) -> StatusPublic:
    account, token = await resend_verification(ctx, account_id=caller.account.id)
    detail = await send_verification(mailer, config, account, token)
    return StatusPublic(status="sent", detail=detail)
