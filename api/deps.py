"""Dependencies of the routes, as ``Annotated`` aliases (the FastAPI template's deps.py).

``Caller`` is any valid key (read), ``Writer`` a key with the write scope, ``Actor`` a writer
whose account is verified — what posting, applying and delivering need. Every authenticated
request counts against the key's rate limit, and renews lapsed API access from credits.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.config import ApiConfig
from core.accounts.access import ApiScope
from core.accounts.accounts import ensure_api_access
from core.accounts.api_access import (
    InvalidApiKey,
    Principal,
    ScopeMissing,
    account_is_verified,
    authenticate,
)
from core.accounts.ports import HostResolver, Mailer
from core.shared import logcontext, ratelimit
from core.shared.context import Context
from core.shared.errors import AccountUnverified, RateLimited

log = logging.getLogger(__name__)

_api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="Your key, bg_... (shown once)."
)
_bearer = HTTPBearer(auto_error=False, description="The same key as a bearer token.")


def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


def get_config(request: Request) -> ApiConfig:
    config: ApiConfig = request.app.state.config
    return config


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer


def get_resolver(request: Request) -> HostResolver:
    resolver: HostResolver = request.app.state.resolver
    return resolver


Ctx = Annotated[Context, Depends(get_ctx)]
Config = Annotated[ApiConfig, Depends(get_config)]
MailerDep = Annotated[Mailer, Depends(get_mailer)]
Resolver = Annotated[HostResolver, Depends(get_resolver)]


async def count_request(ctx: Context, bucket: str, limit: int) -> None:
    """One-minute windows counted by the context's limiter (Redis, the database, or this
    process when it is the only one), so every API process shares them and a read costs no
    database write lock. Raises ``RateLimited`` with the seconds left in the window."""
    verdict = await ctx.limiter.hit(
        bucket, ratelimit.Limit(limit, timedelta(minutes=1)), ctx.clock.now()
    )
    if not verdict.allowed:
        raise RateLimited(verdict.retry_after)


def key_from_headers(
    api_key: str | None, bearer: HTTPAuthorizationCredentials | None
) -> str | None:
    if api_key:
        return api_key
    if bearer is not None and bearer.scheme.lower() == "bearer":
        return bearer.credentials
    return None


def client_address(request: Request) -> str:
    """The caller's address: the connection's, or the one a trusted proxy forwarded
    (uvicorn rewrites it only for ``BOTGIG_TRUSTED_PROXIES``)."""
    return request.client.host if request.client else "unknown"


async def authenticate_from(
    ctx: Context, config: ApiConfig, address: str, plaintext: str | None
) -> Principal:
    """``authenticate``, with failed keys throttled per address: past
    ``failed_auth_per_minute`` invalid keys in a minute, every key from that address gets
    429 (before any key lookup) until the window ends, so guessing costs a minute per batch
    and no database lookup of keys. A request without a key is no guess and is not counted."""
    if not plaintext:
        return await authenticate(ctx, plaintext=plaintext)
    bucket = f"authfail:{address}"
    limit = ratelimit.Limit(config.failed_auth_per_minute, timedelta(minutes=1))
    verdict = await ctx.limiter.peek(bucket, limit, ctx.clock.now())
    if not verdict.allowed:
        raise RateLimited(verdict.retry_after)
    try:
        return await authenticate(ctx, plaintext=plaintext)
    except InvalidApiKey:
        verdict = await ctx.limiter.hit(bucket, limit, ctx.clock.now())
        if limit.enabled and verdict.count == limit.count:
            log.warning("invalid API keys from %s: throttled for the rest of the minute", address)
        if not verdict.allowed:
            raise RateLimited(verdict.retry_after) from None
        raise


async def get_caller(
    ctx: Ctx,
    config: Config,
    api_key: Annotated[str | None, Depends(_api_key_header)] = None,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
    address: Annotated[str, Depends(client_address)] = "local",
) -> Principal:
    principal = await authenticate_from(ctx, config, address, key_from_headers(api_key, bearer))
    logcontext.bind(account_id=principal.account.id)
    await count_request(ctx, f"key:{principal.key.id}", config.rate_limit_per_minute)
    until = principal.account.api_access_until
    if until is None or until <= ctx.clock.now():
        account = await ensure_api_access(ctx, account_id=principal.account.id)
        principal = Principal(account, principal.key)
    return principal


async def get_writer(caller: Annotated[Principal, Depends(get_caller)]) -> Principal:
    if not caller.key.allows(ApiScope.WRITE):
        raise ScopeMissing(ApiScope.WRITE)
    return caller


async def get_actor(ctx: Ctx, writer: Annotated[Principal, Depends(get_writer)]) -> Principal:
    if not await account_is_verified(ctx, account_id=writer.account.id):
        raise AccountUnverified()
    return writer


async def limit_anonymous(
    ctx: Ctx, config: Config, address: Annotated[str, Depends(client_address)]
) -> None:
    await count_request(ctx, f"ip:{address}", config.anonymous_rate_limit_per_minute)


Caller = Annotated[Principal, Depends(get_caller)]
Writer = Annotated[Principal, Depends(get_writer)]
Actor = Annotated[Principal, Depends(get_actor)]
Anonymous = Annotated[None, Depends(limit_anonymous)]
