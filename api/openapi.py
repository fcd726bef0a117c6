"""The OpenAPI 3.1 document beyond what FastAPI derives from the routes: the webhooks an
endpoint receives (one per public event type), the ``Idempotency-Key`` header where the
middleware honours it, the configured categories as an enum, and operationIds named after the
route functions (``apply_to_job``), which are verbs for that reason.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from api.idempotency import EXEMPT, MAX_KEY_LENGTH
from api.webhook_payloads import EVENT_MODELS, PAYLOADS, WebhookEvent
from core.accounts.webhooks import PUBLIC_EVENT_TYPES

IDEMPOTENCY_HEADER = "IdempotencyKey"
_IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID): a retry with the same key and the same request gets the "
        "first answer again instead of acting twice. Kept 24 h, per API key."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH,
               "pattern": r"\S"},
}
_RECEIVER_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "Any 2xx acknowledges the event."},
    410: {"description": "Gone: the endpoint is disabled and its queue dropped."},
    "default": {"description": "Anything else is retried with backoff for about a day."},
}


def operation_id(route: APIRoute) -> str:
    """The operationId of a route: its function's name, a verb (``list_available_jobs``)."""
    return route.name


def receiver_name(event_type: str) -> str:
    return "receive_" + event_type.replace(".", "_")


def _receiver(model: type[WebhookEvent[Any]]) -> Callable[..., Any]:
    """A stand-in endpoint whose body is ``model``: FastAPI documents a webhook from it."""

    async def receive(body: Any) -> None:  # pragma: no cover - never served
        return None

    receive.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter("body", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=model)]
    )
    return receive


def _example(model: type[Any]) -> Any:
    """An example assembled from the fields' own examples (nested models recursively)."""
    fields = getattr(model, "model_fields", None)
    if fields is None:
        return None
    out: dict[str, Any] = {}
    for name, field in fields.items():
        if field.examples:
            out[name] = field.examples[0]
        else:
            nested = field.annotation
            out[name] = _example(nested) if isinstance(nested, type) else None
    return out


def event_example(event_type: str) -> dict[str, Any]:
    model = EVENT_MODELS[event_type]
    example = _example(model)
    example["type"] = event_type
    example["data"] = _example(PAYLOADS[event_type]) if event_type in PAYLOADS else {}
    return dict(example)


def _add_webhooks(app: FastAPI) -> None:
    for event_type in PUBLIC_EVENT_TYPES:
        model = EVENT_MODELS[event_type]
        app.webhooks.add_api_route(
            event_type,
            _receiver(model),
            methods=["POST"],
            summary=event_type,
            description=inspect.cleandoc(model.__doc__ or ""),
            operation_id=receiver_name(event_type),
            tags=["webhooks"],
            responses=_RECEIVER_RESPONSES,
        )


def _add_webhook_examples(doc: dict[str, Any]) -> None:
    # Set on the finished document: FastAPI drops the nulls of examples given to the route.
    for event_type, item in doc.get("webhooks", {}).items():
        if event_type in EVENT_MODELS:
            content = item["post"]["requestBody"]["content"]["application/json"]
            content["example"] = event_example(event_type)


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for section in ("paths", "webhooks"):
        for path, item in doc.get(section, {}).items():
            for method, operation in item.items():
                if isinstance(operation, dict) and "responses" in operation:
                    yield path, method, operation


def _add_idempotency_header(doc: dict[str, Any]) -> None:
    # The same rule as IdempotencyMiddleware: every POST but the exempt paths.
    doc.setdefault("components", {}).setdefault("parameters", {})[IDEMPOTENCY_HEADER] = (
        _IDEMPOTENCY_PARAMETER
    )
    ref = {"$ref": f"#/components/parameters/{IDEMPOTENCY_HEADER}"}
    for path, item in doc.get("paths", {}).items():
        post = item.get("post")
        if post is not None and path not in EXEMPT:
            post.setdefault("parameters", []).append(ref)


def _add_category_enum(doc: dict[str, Any], categories: Sequence[str]) -> None:
    """Every ``category`` property and parameter takes one of the configured slugs."""
    doc.setdefault("components", {}).setdefault("schemas", {})["Category"] = {
        "type": "string",
        "enum": list(categories),
        "description": "A category slug (configurable: GET /llms.txt lists them).",
    }
    ref = {"$ref": "#/components/schemas/Category"}

    def fix(schema: dict[str, Any]) -> None:
        if "anyOf" in schema:  # an optional category: keep its null
            schema["anyOf"] = [ref if s.get("type") == "string" else s for s in schema["anyOf"]]
        else:
            schema.clear()
            schema.update(ref)

    for schema in doc["components"]["schemas"].values():
        category = schema.get("properties", {}).get("category")
        if category is not None:
            fix(category)
    for _path, _method, operation in _operations(doc):
        for parameter in operation.get("parameters", []):
            if parameter.get("name") == "category" and "schema" in parameter:
                fix(parameter["schema"])
        body = operation.get("requestBody", {}).get("content", {})
        for media in body.values():
            category = media.get("schema", {}).get("properties", {}).get("category")
            if category is not None:
                fix(category)


def _lift_examples(doc: dict[str, Any]) -> None:
    """Give each JSON request body the first example of its model, where tools look first."""
    schemas = doc.get("components", {}).get("schemas", {})
    for _path, _method, operation in _operations(doc):
        for media in operation.get("requestBody", {}).get("content", {}).values():
            if "example" in media:
                continue
            schema = media.get("schema", {})
            for candidate in [schema, *schema.get("anyOf", [])]:
                target = candidate
                if "$ref" in candidate:
                    target = schemas.get(candidate["$ref"].rsplit("/", 1)[-1], {})
                if target.get("examples"):
                    media["example"] = target["examples"][0]
                    break


def install(app: FastAPI, *, categories: Sequence[str]) -> None:
    """Document ``app``'s webhooks and complete its OpenAPI document (call after the routes
    are included)."""
    _add_webhooks(app)
    generate = app.openapi
    completed: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        doc = generate()
        # FastAPI caches the document (and rebuilds it when routes change): complete each
        # build once.
        if not completed or completed[0] is not doc:
            _add_webhook_examples(doc)
            _add_idempotency_header(doc)
            _add_category_enum(doc, categories)
            _lift_examples(doc)
            completed[:] = [doc]
        return doc

    app.openapi = openapi  # type: ignore[method-assign]
