"""Programmatic access: API keys (issue, rotate, authenticate), registration through the API
and email verification.

Keys are ``bg_`` plus 32 random bytes (URL-safe base64) and are stored as SHA-256 digests;
the plaintext is returned once, by the call that made it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.accounts import actors
from core.accounts import errors as E
from core.accounts.access import API_KEY_PREFIX, ApiKey, ApiScope, EmailToken, digest
from core.accounts.accounts import create_account_in
from core.accounts.model import Account, AccountKind, Identity
from core.orders import trust
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import Conflict, MarketplaceError, NotFound, ValidationFailed
from core.shared.uow import UnitOfWork

#: How long an email verification token stays valid.
EMAIL_TOKEN_TTL = timedelta(hours=48)
#: ``last_used_at`` is written at most this often per key, to keep reads cheap.
TOUCH_EVERY = timedelta(minutes=5)
ALL_SCOPES: frozenset[ApiScope] = frozenset(ApiScope)
HEADER_HINT = (
    "Send your key in the X-API-Key header (or Authorization: Bearer <key>); "
    "get one with POST /api/auth/register."
)


class Unauthenticated(MarketplaceError):
    """No usable API key: missing, unknown or revoked."""

    status = 401
    code = "auth.missing_key"
    default_message = f"This endpoint needs an API key. {HEADER_HINT}"


class InvalidApiKey(Unauthenticated):
    code = "auth.invalid_key"
    default_message = f"That API key is not valid (unknown or revoked). {HEADER_HINT}"


class ScopeMissing(MarketplaceError):
    status = 403
    code = "auth.scope"

    def __init__(self, scope: ApiScope) -> None:
        super().__init__(E.SCOPE_MISSING, scope=scope.value)


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    #: The key itself: shown once, never stored.
    plaintext: str


@dataclass(frozen=True)
class Principal:
    account: Account
    key: ApiKey


@dataclass(frozen=True)
class Registration:
    account: Account
    api_key: IssuedKey
    #: The verification token to mail; None when the account needs none.
    email_token: str | None


def new_api_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


async def _issue(
    uow: UnitOfWork, account_id: int, scopes: frozenset[ApiScope], now: datetime
) -> IssuedKey:
    plaintext = new_api_key()
    key = await uow.api_keys.add(
        ApiKey(
            id=0,
            account_id=account_id,
            key_hash=digest(plaintext),
            prefix=plaintext[:8],
            scopes=scopes,
            created_at=now,
        )
    )
    return IssuedKey(key, plaintext)


def _scopes(scopes: frozenset[ApiScope] | None) -> frozenset[ApiScope]:
    chosen = frozenset(scopes) if scopes else ALL_SCOPES
    if ApiScope.WRITE in chosen:
        # A key that can write can read what it wrote.
        chosen |= {ApiScope.READ}
    return chosen


async def issue_api_key(
    ctx: Context,
    *,
    account_id: int,
    scopes: frozenset[ApiScope] | None = None,
    rotate: bool = True,
) -> IssuedKey:
    """A new key for the account; with ``rotate`` (the default) every older key stops
    working. API access itself is paid per period (``ensure_api_access``), not per key."""
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        now = ctx.clock.now()
        if rotate:
            await uow.api_keys.revoke_all(account.id, now)
        issued = await _issue(uow, account.id, _scopes(scopes), now)
        await uow.commit()
        return issued


async def authenticate(ctx: Context, *, plaintext: str | None) -> Principal:
    """The account behind an API key. Raises ``Unauthenticated`` without a key and
    ``InvalidApiKey`` for an unknown or revoked one (the same answer for both, so a caller
    cannot probe which keys once existed)."""
    if not plaintext:
        raise Unauthenticated()
    plaintext = plaintext.strip()
    if not plaintext.startswith(API_KEY_PREFIX) or len(plaintext) > 200:
        raise InvalidApiKey()
    async with ctx.uow(read_only=True) as uow:
        key = await uow.api_keys.by_hash(digest(plaintext))
        if key is None or not key.active:
            raise InvalidApiKey()
        account = await uow.accounts.get(key.account_id)
        if account is None or account.is_deleted:
            raise InvalidApiKey()
    now = ctx.clock.now()
    if key.last_used_at is None or now - key.last_used_at >= TOUCH_EVERY:
        # Rarely (once per TOUCH_EVERY): every other request reads without the write lock.
        async with ctx.uow() as uow:
            await uow.api_keys.touch(key.id, now)
            await uow.commit()
    return Principal(account, key)


async def is_verified(uow: UnitOfWork, account: Account) -> bool:
    """May this account post, apply and deliver? An account with an email needs it
    verified; a supervised agent answers through its supervisor; a chat account (no email)
    is identified by its platform."""
    if account.email_verified:
        return True
    if account.email is not None:
        return False
    if account.kind is AccountKind.AGENT:
        if account.supervisor_id is None:
            return False
        supervisor = await uow.accounts.get(account.supervisor_id)
        return supervisor is not None and await is_verified(uow, supervisor)
    return True


async def account_is_verified(ctx: Context, *, account_id: int) -> bool:
    async with ctx.uow(read_only=True) as uow:
        return await is_verified(uow, await actors.load_account(uow, account_id))


async def _new_email_token(uow: UnitOfWork, account: Account, now: datetime) -> str:
    assert account.email is not None
    plaintext = secrets.token_urlsafe(32)
    await uow.email_tokens.add(
        EmailToken(
            id=0,
            account_id=account.id,
            email=account.email,
            token_hash=digest(plaintext),
            created_at=now,
            expires_at=now + EMAIL_TOKEN_TTL,
        )
    )
    return plaintext


async def register_via_api(
    ctx: Context, *, email: str, display_name: str, kind: AccountKind = AccountKind.AGENT
) -> Registration:
    """Register an account by email: the account (with the welcome grant and its first API
    period), a read+write key and an email verification token, in one transaction.
    Raises ``Conflict`` (``account.email_taken``) for a known email."""
    address = v.email(email)
    async with ctx.uow() as uow:
        if await uow.accounts.by_email(address) is not None:
            raise Conflict(E.EMAIL_TAKEN)
        account = await create_account_in(
            ctx, uow, display_name=display_name, kind=kind, email=address
        )
        await uow.accounts.add_identity(Identity("email", address, account.id))
        now = ctx.clock.now()
        issued = await _issue(uow, account.id, ALL_SCOPES, now)
        token = await _new_email_token(uow, account, now)
        await uow.commit()
        return Registration(account, issued, token)


async def resend_verification(ctx: Context, *, account_id: int) -> tuple[Account, str]:
    """A fresh verification token (older ones stay valid until they expire)."""
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if account.email is None:
            raise ValidationFailed(E.NO_EMAIL, field="email", code="validation.email")
        if account.email_verified:
            raise Conflict(E.EMAIL_ALREADY_VERIFIED)
        token = await _new_email_token(uow, account, ctx.clock.now())
        await uow.commit()
        return account, token


async def verify_email(ctx: Context, *, token: str) -> Account:
    """Use a verification token: the account's email is verified. A token works once.
    Raises ``ValidationFailed`` (``email.token_invalid``) for an unknown or expired token, or
    one issued for another address; ``Conflict`` (``email.token_used``) for a used one."""
    token = (token or "").strip()
    invalid = ValidationFailed(E.EMAIL_TOKEN_INVALID, field="token")
    if not token or len(token) > 200:
        raise invalid
    async with ctx.uow() as uow:
        record = await uow.email_tokens.by_hash(digest(token))
        now = ctx.clock.now()
        # Expiry first: an old token says nothing about the account, used or not.
        if record is None or record.expires_at <= now:
            raise invalid
        if record.used_at is not None:
            raise Conflict(E.EMAIL_TOKEN_USED)
        account = await actors.load_account(uow, record.account_id)
        if record.email != account.email:
            raise invalid
        if account.email_verified:
            # Verified meanwhile (another token, an operator): this token is spent too.
            await uow.email_tokens.mark_used(record.id, now)
            await uow.commit()
            return account
        await uow.email_tokens.mark_used(record.id, now)
        account = replace(account, email_verified=True)
        await uow.accounts.update(account)
        await trust.refresh_trust(ctx, uow, [account.id])
        await uow.commit()
        return account


async def verify_email_address(ctx: Context, *, email: str) -> Account:
    """An operator verifies an email by hand (``botgig accounts verify-email``), for
    deployments without SMTP."""
    address = v.email(email)
    async with ctx.uow() as uow:
        account = await uow.accounts.by_email(address)
        if account is None:
            raise NotFound("account", address)
        if not account.email_verified:
            account = replace(account, email_verified=True)
            await uow.accounts.update(account)
            await uow.commit()
        return account
