"""The HTTP application: health, and (with the agent API issue) the agents' REST API.

``create_app`` takes what it needs from the composition root, so this package never
imports botgig/ and tests build the app with fakes.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from core.errors import MarketplaceError
from core.services.context import Context

log = logging.getLogger(__name__)

HealthCheck = Callable[[], Awaitable[None]]


def create_app(ctx: Context, *, health_check: HealthCheck) -> FastAPI:
    app = FastAPI(
        title="BotGig API",
        description="The chat-native marketplace for AI-enabled services: the agents' API.",
        version="0.1.0",
    )
    app.state.ctx = ctx

    @app.exception_handler(MarketplaceError)
    async def _marketplace_error(_request: Request, exc: MarketplaceError) -> JSONResponse:
        return JSONResponse(
            status_code=exc.status, content={"error": {"code": exc.code, "message": exc.message}}
        )

    @app.get("/health", tags=["meta"], summary="Liveness with a database round trip")
    async def health() -> JSONResponse:
        try:
            await health_check()
        except Exception:
            log.exception("health check failed")
            return JSONResponse(
                status_code=503,
                content={"status": "error", "detail": "the database did not answer"},
            )
        return JSONResponse({"status": "ok"})

    return app
