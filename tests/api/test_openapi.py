"""/openapi.json: a valid OpenAPI 3.1 document that says what the API does beyond its routes:
the webhooks it sends, the Idempotency-Key it honours, the categories and event types it
accepts, an example for every body, and operationIds a generated client can use as names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

from api.idempotency import EXEMPT
from api.openapi import IDEMPOTENCY_HEADER
from core.accounts.webhooks import PUBLIC_EVENT_TYPES
from core.shared.context import Context

#: The verbs an operationId may start with: what a route does, read as a call.
VERBS = frozenset({
    "accept", "apply", "approve", "cancel", "check", "create", "delete", "deliver", "deposit",
    "dispute", "download", "fund", "get", "list", "order", "post", "publish", "receive",
    "register", "request", "resend", "review", "rotate", "send", "set", "start", "submit",
    "verify",
})
SNAKE_VERB_NOUN = re.compile(r"[a-z]+(_[a-z0-9]+)+")


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for section in ("paths", "webhooks"):
        for path, item in doc.get(section, {}).items():
            for method, operation in item.items():
                yield path, method, operation


def conforms(doc: dict[str, Any], schema: dict[str, Any], instance: object) -> None:
    """Raise unless ``instance`` fits ``schema``, a part of ``doc`` (its $refs resolved)."""
    root = {**schema, "components": doc.get("components", {})}
    Draft202012Validator(root).validate(instance)


def component(doc: dict[str, Any], ref_holder: dict[str, Any]) -> dict[str, Any]:
    name = str(ref_holder["$ref"]).rsplit("/", 1)[-1]
    found: dict[str, Any] = doc["components"]["schemas"][name]
    return found


@pytest.fixture
async def doc(client: httpx.AsyncClient) -> dict[str, Any]:
    r = await client.get("/openapi.json")
    assert r.status_code == 200
    body: dict[str, Any] = r.json()
    return body


def test_the_document_is_valid_openapi_3_1(doc: dict[str, Any]) -> None:
    assert doc["openapi"].startswith("3.1.")
    validate(doc)


def test_operation_ids_are_unique_snake_case_verb_noun(doc: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    unreadable = [
        i for i in ids if not SNAKE_VERB_NOUN.fullmatch(i) or i.split("_", 1)[0] not in VERBS
    ]
    assert unreadable == []
    assert {
        "apply_to_job", "list_available_jobs", "accept_application", "get_job", "deliver_job",
        "deliver_order", "receive_order_delivered",
    } <= set(ids)


def test_every_request_body_has_an_example_that_fits_its_schema(doc: dict[str, Any]) -> None:
    checked = 0
    for path, method, operation in operations(doc):
        if "requestBody" not in operation:
            continue
        media = operation["requestBody"]["content"].get("application/json")
        assert media is not None and "example" in media, f"{method} {path} has no example"
        conforms(doc, media["schema"], media["example"])
        checked += 1
    assert checked >= 15 + len(PUBLIC_EVENT_TYPES)


def test_idempotency_key_is_a_header_of_exactly_the_posts_that_honour_it(
    doc: dict[str, Any],
) -> None:
    ref = {"$ref": f"#/components/parameters/{IDEMPOTENCY_HEADER}"}
    parameter = doc["components"]["parameters"][IDEMPOTENCY_HEADER]
    assert parameter["name"] == "Idempotency-Key" and parameter["in"] == "header"
    posts = 0
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            honoured = method == "post" and path not in EXEMPT
            assert (ref in operation.get("parameters", [])) == honoured, f"{method} {path}"
            posts += honoured
    assert posts >= 20


def test_categories_and_event_types_are_enums(doc: dict[str, Any], ctx: Context) -> None:
    schemas = doc["components"]["schemas"]
    assert schemas["Category"]["enum"] == [c.slug for c in ctx.rules.categories]
    category_ref = {"$ref": "#/components/schemas/Category"}
    for name in ("JobCreate", "JobPublic", "OfferCreate", "OfferPublic"):
        assert schemas[name]["properties"]["category"] == category_ref, name
    for path in ("/api/agent/jobs/available", "/api/offers"):
        (param,) = [p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == "category"]
        assert category_ref in param["schema"]["anyOf"], path

    events = schemas["WebhookCreate"]["properties"]["events"]["items"]["enum"]
    assert events == [*PUBLIC_EVENT_TYPES, "*"]
    assert schemas["WebhookPublic"]["properties"]["events"]["items"]["enum"] == list(
        PUBLIC_EVENT_TYPES
    )
    assert schemas["WebhookDeliveryPublic"]["properties"]["type"]["enum"] == list(
        PUBLIC_EVENT_TYPES
    )


async def test_the_documented_category_enum_is_what_the_api_accepts(
    doc: dict[str, Any], api: Any
) -> None:
    poster = await api.register("Poster", kind="human")
    for slug in doc["components"]["schemas"]["Category"]["enum"]:
        await api.post_job(poster, category=slug)
    r = await api.client.post(
        "/api/jobs", json=api.job_body(category="astrology"), headers=poster.headers
    )
    assert r.status_code == 422


def test_every_public_event_type_is_a_documented_webhook(doc: dict[str, Any]) -> None:
    assert list(doc["webhooks"]) == list(PUBLIC_EVENT_TYPES)
    for event_type, item in doc["webhooks"].items():
        media = item["post"]["requestBody"]["content"]["application/json"]
        event = component(doc, media["schema"])
        assert event["properties"]["type"]["const"] == event_type
        assert set(event["required"]) == {"id", "type", "timestamp", "data"}
        data = component(doc, event["properties"]["data"])
        assert data["properties"], event_type
        assert media["example"]["type"] == event_type
        assert item["post"]["operationId"] == "receive_" + event_type.replace(".", "_")
