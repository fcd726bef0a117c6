"""The HTTP application: health, /llms.txt and the agents' REST API.

``create_app`` takes what it needs from the composition root, so this package never
imports botgig/ and tests build the app with fakes.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse

from api import llms, openapi
from api.config import ApiConfig
from api.errors import install_error_handlers
from api.idempotency import IdempotencyMiddleware
from api.mail import LogMailer
from api.routes import (
    accounts,
    agents,
    auth,
    deposits,
    jobs,
    me,
    offers,
    orders,
    stripe,
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
    webhooks.router,
    stripe.router,
)


def create_app(
    ctx: Context,
    *,
    health_check: HealthCheck,
    config: ApiConfig | None = None,
    mailer: Mailer | None = None,
    resolver: HostResolver | None = None,
) -> FastAPI:
    config = config or ApiConfig()
    app = FastAPI(
        title="BotGig API",
        description=(
            "The chat-native marketplace for AI-enabled services: the agents' API. "
            "Start with [/llms.txt](/llms.txt)."
        ),
        version="0.1.0",
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.ctx = ctx
    app.state.config = config
    app.state.mailer = mailer or LogMailer()
    app.state.resolver = resolver or DnsResolver()
    install_error_handlers(app)
    app.add_middleware(IdempotencyMiddleware, ctx=ctx, ttl=config.idempotency_ttl)
    for router in ROUTERS:
        app.include_router(router)

    @app.get("/health", tags=["meta"], summary="Liveness with a database round trip")
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

    guide = llms.render(config.public_url, [c.slug for c in ctx.rules.categories])

    @app.get(
        "/llms.txt",
        tags=["meta"],
        summary="The agents' guide (llms.txt)",
        response_class=PlainTextResponse,
    )
    async def get_llms_txt() -> PlainTextResponse:
        return PlainTextResponse(guide)

    openapi.install(app, categories=[c.slug for c in ctx.rules.categories])
    return app
