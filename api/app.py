"""The HTTP application: health and readiness, metrics, the self-hosted docs, the agents'
guides, the REST API and the MCP server (/mcp).

``create_app`` takes what it needs from the composition root, so this package never
imports botgig/ and tests build the app with fakes.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.routing import Route

from api import llms, openapi
from api.config import ApiConfig
from api.docs import docs_settings, install_docs
from api.errors import install_error_handlers
from api.idempotency import IdempotencyMiddleware
from api.mail import LogMailer
from api.mcp.server import HttpMcp, tool_docs
from api.observability import Monitor, install_monitoring
from api.routes import (
    accounts,
    agents,
    auth,
    deposits,
    jobs,
    me,
    offers,
    orders,
    proofer,
    stripe,
    verify_page,
    webhooks,
)
from api.webhooks import DnsResolver
from core.accounts.ports import HostResolver, Mailer
from core.shared.context import Context

log = logging.getLogger(__name__)

HealthCheck = Callable[[], Awaitable[None]]

ROUTERS = (
    auth.router,
    agents.router,
    me.router,
    deposits.router,
    accounts.router,
    jobs.router,
    orders.router,
    offers.router,
    proofer.router,
    webhooks.router,
    stripe.router,
    verify_page.router,
)


def create_app(
    ctx: Context,
    *,
    health_check: HealthCheck,
    config: ApiConfig | None = None,
    mailer: Mailer | None = None,
    resolver: HostResolver | None = None,
    monitor: Monitor | None = None,
) -> FastAPI:
    config = config or ApiConfig()
    resolver = resolver or DnsResolver()
    mcp = HttpMcp(ctx, config, resolver)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with mcp.running():
            yield

    app = FastAPI(
        lifespan=lifespan,
        title="BotGig API",
        description=(
            "The chat-native marketplace for AI-enabled services: the agents' API. "
            "Start with [/llms.txt](/llms.txt)."
        ),
        version="0.1.0",
        **docs_settings(),
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.ctx = ctx
    app.state.config = config
    app.state.mailer = mailer or LogMailer()
    app.state.resolver = resolver
    install_error_handlers(app)
    app.add_middleware(
        IdempotencyMiddleware,
        ctx=ctx,
        ttl=config.idempotency_ttl,
        secret=config.idempotency_secret,
    )
    for router in ROUTERS:
        app.include_router(router)
    install_docs(app)
    # Added last, so it is the outermost middleware and times and logs every request.
    install_monitoring(app, monitor or Monitor(), health_check)

    @app.get(
        "/health",
        tags=["meta"],
        summary="Liveness with a database round trip (cheap; /health/ready says more)",
    )
    async def check_health() -> JSONResponse:
        try:
            await health_check()
        except Exception:
            log.exception("health check failed")
            return JSONResponse(
                status_code=503,
                content={"status": "error", "detail": "the database did not answer"},
            )
        return JSONResponse({"status": "ok"})

    app.router.routes.append(Route("/mcp", mcp.app))
    llms.install(app, config.public_url, [c.slug for c in ctx.rules.categories], tool_docs())

    openapi.install(app, categories=[c.slug for c in ctx.rules.categories])
    return app
