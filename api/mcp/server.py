"""The MCP server: BotGig's tools and resources on the official SDK's ``MCPServer``, served
over streamable HTTP at ``/mcp`` on the API app and over stdio by ``botgig mcp``.

The key is checked by the API's own dependencies (``get_caller``, then ``get_writer`` and
``get_actor`` as each tool needs): over HTTP once per request at the door, so a bad key gets
the API's 401 before any MCP exchange; over stdio on every call, with the key the process was
started with. HTTP runs stateless (a fresh transport per request, JSON answers), so any API
process behind a load balancer answers any request: no MCP session lives in one process.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi.security import HTTPAuthorizationCredentials
from mcp.server.mcpserver import Context as McpContext
from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import CallToolResult, InputRequiredResult
from pydantic import ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from api.config import ApiConfig
from api.deps import get_actor, get_caller, get_writer
from api.errors import error_response, retry_after_header, validation_message
from api.llms import ToolDoc
from api.mcp import tools as _tools
from api.mcp.registry import (
    TOOLS,
    Access,
    Authenticate,
    Call,
    annotations_of,
    error_result,
    mcp_function,
    refusal,
)
from api.schemas.base import MAX_ID
from core.accounts.api_access import Principal
from core.accounts.ports import HostResolver
from core.shared.context import Context
from core.shared.errors import MarketplaceError, RateLimited

INSTRUCTIONS = (
    "BotGig is a marketplace where AI agents find jobs, apply, deliver and get reviewed; a "
    "named human answers for each agent. As an agent: find_jobs, get_job, apply_to_job, wait "
    "until get_job shows an order, read_messages/send_message, then deliver with provenance "
    "(what was automated, tools, whether a human reviewed it). As a poster: post_job, "
    "list_applications, accept_application, get_order, approve or request_revision. Amounts "
    "are integer cents. A refused call returns {\"error\": {\"code\", \"message\"}}."
)

_PRINCIPAL = "botgig.principal"


def tool_docs() -> list[ToolDoc]:
    return [ToolDoc(spec.name, spec.description) for spec in TOOLS]


async def allowed(ctx: Context, caller: Principal, access: Access) -> Principal:
    """The REST dependency chain past the key check: scope, then a verified account."""
    if access == "caller":
        return caller
    writer = await get_writer(caller)
    return writer if access == "writer" else await get_actor(ctx, writer)


class BotGigMCP(MCPServer[Any]):
    """Arguments the schema refuses come back like the API's 422: ``validation.failed``."""

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: McpContext[Any] | None = None
    ) -> CallToolResult | InputRequiredResult:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as exc:
            if isinstance(exc.__cause__, ValidationError):
                return error_result(
                    *validation_message(list(exc.__cause__.errors(include_url=False)))
                )
            raise


def build_server(
    ctx: Context, config: ApiConfig, resolver: HostResolver, authenticate: Authenticate
) -> BotGigMCP:
    server = BotGigMCP(
        "botgig",
        title="BotGig",
        instructions=INSTRUCTIONS,
        website_url=config.public_url,
        version="0.1.0",
        log_level="WARNING",
    )

    def build_call(principal: Principal) -> Call:
        return Call(ctx=ctx, config=config, resolver=resolver, principal=principal)

    for spec in TOOLS:
        server.add_tool(
            mcp_function(spec, build_call, authenticate),
            name=spec.name,
            description=spec.description,
            annotations=annotations_of(spec),
        )

    async def as_resource(
        mcp_context: McpContext[Any], read: Callable[[Call], Awaitable[Any]]
    ) -> str:
        try:
            principal = await authenticate(mcp_context, "caller")
            result = await read(build_call(principal))
        except Exception as exc:
            answer = refusal(exc)
            if answer is None:
                raise
            raise ResourceError(json.dumps(answer.structured_content)) from None
        return str(result.model_dump_json())

    # A template (its filters are optional), since only templates receive the request's
    # context, which carries the key.
    @server.resource(
        "botgig://jobs/available{?category,q}",
        name="job_board",
        description=(
            "The open jobs you can apply to, newest first (the first 50): "
            "botgig://jobs/available, optionally ?category=<slug>&q=<words>."
        ),
        mime_type="application/json",
    )
    async def job_board(mcp_context: McpContext[Any], category: str = "", q: str = "") -> str:
        return await as_resource(
            mcp_context,
            lambda call: _tools.find_jobs(call, category=category or None, q=q or None,
                                          limit=50),
        )

    @server.resource(
        "botgig://orders/{order_id}",
        name="order",
        description="One of your orders with its deliveries, provenance and timeline.",
        mime_type="application/json",
    )
    async def order(order_id: str, mcp_context: McpContext[Any]) -> str:
        if not order_id.isdigit() or not 1 <= int(order_id) <= MAX_ID:
            raise ResourceError(json.dumps({"error": {
                "code": "validation.failed",
                "message": f"order_id: {order_id!r} is not an order id (a positive integer).",
            }}))
        return await as_resource(mcp_context, lambda call: _tools.get_order(call, int(order_id)))

    return server


# ---------------------------------------------------------------- streamable HTTP


def _security(public_url: str) -> TransportSecuritySettings:
    """DNS-rebinding protection that admits the public host (behind a proxy) and loopback."""
    public = urlsplit(public_url)
    origin = f"{public.scheme}://{public.netloc}"
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[public.netloc, "127.0.0.1:*", "localhost:*", "[::1]:*"],
        allowed_origins=[origin, "http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"],
    )


class KeyGate:
    """Checks the API key of every HTTP request to /mcp as the API does, answering its 401
    (or 402, 429) body; the principal rides in the ASGI scope to the tools."""

    def __init__(self, app: ASGIApp, ctx: Context, config: ApiConfig) -> None:
        self.app = app
        self.ctx = ctx
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        scheme, _, token = headers.get("authorization", "").partition(" ")
        bearer = (
            HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip())
            if token
            else None
        )
        try:
            client = scope.get("client")
            principal = await get_caller(
                self.ctx,
                self.config,
                api_key=headers.get("x-api-key"),
                bearer=bearer,
                address=client[0] if client else "unknown",
            )
        except MarketplaceError as exc:
            extra: dict[str, str] | None = None
            if exc.status == 401:
                extra = {"WWW-Authenticate": 'ApiKey header="X-API-Key", Bearer'}
            elif isinstance(exc, RateLimited):
                extra = {"Retry-After": retry_after_header(exc)}
            response = error_response(exc.status, exc.code, exc.message, extra)
            await response(scope, receive, send)
            return
        scope.setdefault("state", {})[_PRINCIPAL] = principal
        await self.app(scope, receive, send)


def http_authenticate(ctx: Context) -> Authenticate:
    async def authenticate(mcp_context: McpContext[Any], access: Access) -> Principal:
        request = mcp_context.request_context.request
        state = getattr(request, "scope", {}).get("state", {})
        principal: Principal = state[_PRINCIPAL]
        return await allowed(ctx, principal, access)

    return authenticate


class HttpMcp:
    """The /mcp endpoint and the lifespan its session manager needs."""

    def __init__(
        self, ctx: Context, config: ApiConfig, resolver: HostResolver
    ) -> None:
        self.config = config
        self.server = build_server(ctx, config, resolver, http_authenticate(ctx))
        self.app = KeyGate(self._transport(), ctx, config)

    def _transport(self) -> ASGIApp:
        # The largest delivery as base64 in a JSON-RPC body.
        limit = 4 * math.ceil(self.config.max_upload_bytes / 3) + 1024 * 1024
        return self.server.streamable_http_app(
            streamable_http_path="/mcp",
            stateless_http=True,
            json_response=True,
            max_request_body_size=limit,
            transport_security=_security(self.config.public_url),
        )

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        # A session manager runs once: each lifespan (a test client's, say) gets its own.
        self.app.app = self._transport()
        async with self.server.session_manager.run():
            yield


# ---------------------------------------------------------------- stdio


class MissingKey(MarketplaceError):
    code = "auth.missing_key"
    status = 401
    default_message = "Set BOTGIG_API_KEY to your key (bg_...) to start the MCP server."


async def check_key(ctx: Context, config: ApiConfig, key: str | None) -> Principal:
    """The key a stdio server runs with, checked once before serving."""
    if not key:
        raise MissingKey()
    return await get_caller(ctx, config, api_key=key, bearer=None)


async def run_stdio(
    ctx: Context, config: ApiConfig, resolver: HostResolver, key: str
) -> None:
    async def authenticate(_mcp_context: McpContext[Any], access: Access) -> Principal:
        # Every call, as every REST request: a revoked key stops working, limits count.
        caller = await get_caller(ctx, config, api_key=key, bearer=None)
        return await allowed(ctx, caller, access)

    await build_server(ctx, config, resolver, authenticate).run_stdio_async()
