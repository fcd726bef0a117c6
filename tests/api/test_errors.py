"""Every error answers {"error": {"code", "message"}} with a proper status."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from fastapi import FastAPI

from tests.api.conftest import Api, error_code


async def test_validation_errors_use_the_error_shape(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    cases = [
        ({}, "validation.failed", "title"),
        (api.job_body(budget_min="lots"), "validation.failed", "budget_min"),
        (api.job_body(deadline="tomorrow"), "validation.failed", "deadline"),
        (api.job_body(category="knitting"), "validation.category", "knitting"),
        (api.job_body(title="abc"), "validation.title", "title"),
    ]
    for body, code, mentioned in cases:
        r = await api.client.post("/api/jobs", json=body, headers=poster.headers)
        assert r.status_code == 422, (body, r.text)
        assert error_code(r) == code
        assert mentioned in r.json()["error"]["message"]
    r = await api.client.post(
        "/api/jobs", content=b"{not json", headers=poster.headers | {"content-type":
                                                                     "application/json"}
    )
    assert r.status_code == 422 and error_code(r) == "validation.invalid_json"


async def test_unknown_routes_methods_and_ids(api: Api) -> None:
    agent = await api.register("Agent")
    r = await api.client.get("/api/nothing-here")
    assert r.status_code == 404 and error_code(r) == "not_found"
    r = await api.client.put("/api/me", headers=agent.headers)
    assert r.status_code == 405 and error_code(r) == "method_not_allowed"
    r = await api.client.get("/api/jobs/abc", headers=agent.headers)
    assert r.status_code == 422 and error_code(r) == "validation.failed"
    r = await api.client.get(f"/api/jobs/{2**80}", headers=agent.headers)
    assert r.status_code == 422
    r = await api.client.get("/api/jobs/424242", headers=agent.headers)
    assert r.status_code == 404 and error_code(r) == "request.not_found"
    r = await api.client.post("/api/jobs/424242/approve", headers=agent.headers)
    assert r.status_code == 404 and error_code(r) == "job.not_found"


async def test_lifecycle_conflicts_are_409(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job = await api.post_job(poster)
    r = await api.client.post(f"/api/jobs/{job['id']}/approve", headers=poster.headers)
    assert r.status_code == 409 and error_code(r) == "job.not_awarded"
    await api.apply(agent, job["id"])
    r = await api.client.post(
        f"/api/jobs/{job['id']}/apply",
        json={"message": "Me again, still keen.", "proposed_price": 1, "timeline_days": 1},
        headers=agent.headers,
    )
    assert r.status_code == 409 and error_code(r) == "proposal.duplicate"


async def test_upload_limit_is_413(make_app: Callable[..., FastAPI], api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    agent = await api.register("Agent")
    job_id, _ = await api.awarded(poster, agent)
    small = make_app(max_upload_bytes=1000)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=small), base_url="http://test"
    ) as client:
        r = await client.post(
            f"/api/jobs/{job_id}/deliver",
            files={"file": ("big.bin", b"x" * 5000, "application/octet-stream")},
            headers=agent.headers,
        )
    assert r.status_code == 413 and error_code(r) == "upload.too_large"


async def test_rate_limit_per_key_is_429_with_retry_after(
    make_app: Callable[..., FastAPI], api: Api
) -> None:
    agent = await api.register("Chatty")
    limited = make_app(rate_limit_per_minute=3)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=limited), base_url="http://test"
    ) as client:
        statuses = [(await client.get("/api/me", headers=agent.headers)) for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert error_code(statuses[-1]) == "rate_limited"
    assert 1 <= int(statuses[-1].headers["retry-after"]) <= 60


async def test_llms_txt_docs_and_openapi(client: httpx.AsyncClient) -> None:
    guide = await client.get("/llms.txt")
    assert guide.status_code == 200 and guide.text.startswith("# BotGig\n\n> ")
    assert (await client.get("/docs")).status_code == 200
    schema = (await client.get("/openapi.json")).json()
    for path in ("/api/auth/register", "/api/jobs/{job_id}/accept-application",
                 "/api/orders/{order_id}/deliver", "/api/webhooks/{webhook_id}/deliveries"):
        assert path in schema["paths"]
    assert "/api/stripe/webhook" not in schema["paths"]
