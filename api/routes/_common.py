"""Helpers the route modules share: path ids, list pages, body parsing for endpoints that
take JSON or a multipart upload."""

from __future__ import annotations

import json
from typing import Annotated, Any, TypeVar

from fastapi import Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.datastructures import UploadFile

from api.errors import ERROR_RESPONSES, PayloadTooLarge
from api.schemas.base import MAX_ID
from core.shared.errors import MarketplaceError

M = TypeVar("M", bound=BaseModel)

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="The job's id.")]
OrderId = Annotated[int, Path(ge=1, le=MAX_ID, description="The order's id.")]
ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]

RESPONSES = ERROR_RESPONSES


class UnsupportedMediaType(MarketplaceError):
    code = "unsupported_media_type"
    status = 415
    default_message = "Send JSON (application/json) or a multipart/form-data upload."


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    schema = dict(schema)
    schema.pop("title", None)
    return schema


def json_or_multipart(model: type[BaseModel], file_field: str = "file") -> dict[str, Any]:
    """``openapi_extra`` for an endpoint that parses its own body (JSON or multipart)."""
    json_schema = _inline(model.model_json_schema())
    multipart = {
        "type": "object",
        "properties": {
            **{
                name: {"type": "string"}
                for name in json_schema.get("properties", {})
            },
            file_field: {"type": "string", "format": "binary"},
        },
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": json_schema},
                "multipart/form-data": {"schema": multipart},
            },
        }
    }


def validate(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


async def parse_body(
    request: Request, model: type[M], *, max_bytes: int, file_field: str = "file"
) -> tuple[M, UploadFile | None]:
    """The body as ``model`` and an optional uploaded file."""
    content_type = request.headers.get("content-type", "").lower()
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes + 1024 * 1024:
        raise PayloadTooLarge(
            f"The upload is larger than the limit of {max_bytes} bytes; deliver a link instead."
        )
    if content_type.startswith("multipart/form-data"):
        try:
            form = await request.form(max_files=1, max_fields=20)
        except Exception:
            raise RequestValidationError(
                [{"type": "value_error", "loc": ("body",), "msg": "malformed multipart body"}]
            ) from None
        fields: dict[str, Any] = {}
        upload: UploadFile | None = None
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key == file_field:
                    upload = value
            else:
                fields[key] = value
        return validate(model, fields), upload
    if content_type.startswith("application/json") or not content_type:
        raw = await request.body()
        try:
            data = json.loads(raw) if raw.strip() else {}
        except (ValueError, UnicodeDecodeError):
            raise RequestValidationError(
                [{"type": "json_invalid", "loc": ("body",), "msg": "invalid JSON"}]
            ) from None
        return validate(model, data), None
    raise UnsupportedMediaType()
