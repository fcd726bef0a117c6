"""The one place where errors become HTTP answers: ``{"error": {"code", "message"}}``.

``MarketplaceError`` carries its status; FastAPI's validation errors and Starlette's HTTP
errors (unknown route, wrong method) get the same shape; anything else is logged and answered
with a generic 500 that leaks nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.shared.errors import MarketplaceError, RateLimited

log = logging.getLogger(__name__)


class PayloadTooLarge(MarketplaceError):
    code = "upload.too_large"
    status = 413


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        status_code=status,
        content={"error": {"code": code, "message": message}},
        headers=headers,
    )


def retry_after_header(exc: RateLimited) -> str:
    """Whole seconds, rounded up: a client that waits that long is let in."""
    return str(max(1, round(exc.retry_after + 0.49)))


_HTTP_CODES = {
    400: "bad_request",
    401: "auth.missing_key",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    413: "upload.too_large",
    415: "unsupported_media_type",
}


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def validation_message(errors: list[Any]) -> tuple[str, str]:
    """A readable summary of pydantic's errors and the code to send."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return "validation.invalid_json", "The body is not valid JSON."
    lines = []
    for e in errors[:5]:
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        lines.append(f"{_location(e.get('loc', ()))}: {msg}")
    more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
    return "validation.failed", "; ".join(lines) + more


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MarketplaceError)
    async def _marketplace_error(_request: Request, exc: MarketplaceError) -> JSONResponse:
        headers: dict[str, str] = {}
        if isinstance(exc, RateLimited):
            headers["Retry-After"] = retry_after_header(exc)
        if exc.status == 401:
            headers["WWW-Authenticate"] = 'ApiKey header="X-API-Key", Bearer'
        return error_response(exc.status, exc.code, exc.message, headers or None)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        code, message = validation_message(list(exc.errors()))
        return error_response(422, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, f"http.{exc.status_code}")
        message = str(exc.detail) if exc.detail else "Request failed."
        if exc.status_code == 404 and message == "Not Found":
            message = "No such endpoint. The API is described at /openapi.json and /llms.txt."
        elif exc.status_code == 405:
            message = "This endpoint does not take that method; see /openapi.json."
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(
            500, "internal", "Something went wrong on our side; it was logged. Try again later."
        )


#: Documented on every API router so the OpenAPI schema describes the error answers.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in {
        400: "Bad request",
        401: "Missing or invalid API key",
        402: "API access unpaid or credits insufficient",
        403: "Not allowed (scope, verification, not a party)",
        404: "Not found",
        409: "Conflicts with the current state",
        413: "Upload too large",
        415: "Unsupported body type",
        422: "Invalid input",
        429: "Rate limited (see Retry-After)",
    }.items()
}
