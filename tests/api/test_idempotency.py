"""Idempotency-Key: replay for the same request, refusal for a different one."""

from __future__ import annotations

from tests.api.conftest import Api, error_code
from tests.fakes import FakeStore


async def test_same_key_and_body_replays_without_a_second_job(api: Api, store: FakeStore) -> None:
    poster = await api.register("Poster", kind="human")
    headers = poster.headers | {"Idempotency-Key": "job-1"}
    first = await api.client.post("/api/jobs", json=api.job_body(), headers=headers)
    again = await api.client.post("/api/jobs", json=api.job_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert len(store.state.requests) == 1


async def test_same_key_with_another_body_is_refused(api: Api, store: FakeStore) -> None:
    poster = await api.register("Poster", kind="human")
    headers = poster.headers | {"Idempotency-Key": "job-2"}
    assert (await api.client.post("/api/jobs", json=api.job_body(), headers=headers)).is_success
    r = await api.client.post("/api/jobs", json=api.job_body(title="Another title!"),
                              headers=headers)
    assert r.status_code == 422 and error_code(r) == "idempotency.key_reused"
    r = await api.client.post("/api/offers", json={}, headers=headers)
    assert r.status_code == 422 and error_code(r) == "idempotency.key_reused"
    assert len(store.state.requests) == 1


async def test_keys_are_scoped_per_api_key(api: Api, store: FakeStore) -> None:
    one = await api.register("One", kind="human")
    two = await api.register("Two", kind="human")
    for who in (one, two):
        r = await api.client.post(
            "/api/jobs", json=api.job_body(), headers=who.headers | {"Idempotency-Key": "same"}
        )
        assert r.status_code == 201 and "idempotent-replayed" not in r.headers
    assert len(store.state.requests) == 2


async def test_errors_replay_too_but_auth_failures_are_not_stored(api: Api) -> None:
    poster = await api.register("Poster", kind="human")
    headers = poster.headers | {"Idempotency-Key": "bad-job"}
    bad = api.job_body(budget_min=50_000, budget_max=100)
    first = await api.client.post("/api/jobs", json=bad, headers=headers)
    again = await api.client.post("/api/jobs", json=bad, headers=headers)
    assert first.status_code == again.status_code == 422
    assert again.headers.get("idempotent-replayed") == "true"

    anon = {"Idempotency-Key": "k1", "X-API-Key": "bg_wrong"}
    assert (await api.client.post("/api/jobs", json=bad, headers=anon)).status_code == 401
    assert (await api.client.post("/api/jobs", json=bad, headers=anon)).status_code == 401


async def test_register_replay_returns_the_same_key_stored_encrypted(
    api: Api, store: FakeStore
) -> None:
    body = {"email": "retry@example.com", "display_name": "Retry"}
    headers = {"Idempotency-Key": "register-retry"}
    first = await api.client.post("/api/auth/register", json=body, headers=headers)
    again = await api.client.post("/api/auth/register", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["api_key"] == again.json()["api_key"]
    key = first.json()["api_key"].encode()
    stored = list(store.state.access["idempotency"].values())
    assert stored and all(key not in s.body and b"retry@example" not in s.body for s in stored)


async def test_invalid_idempotency_key(api: Api) -> None:
    r = await api.client.post(
        "/api/auth/verify-email", json={"token": "x"}, headers={"Idempotency-Key": "k" * 300}
    )
    assert r.status_code == 422 and error_code(r) == "idempotency.key_invalid"
