"""Idempotency-Key: replay for the same request, refusal for a different one."""

from __future__ import annotations

import json
from collections.abc import Callable, MutableMapping
from dataclasses import replace
from typing import Any

import httpx
from fastapi import FastAPI

from api.idempotency import SEAL_FORMAT
from core.accounts.access import StoredResponse
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


def _only_record(store: FakeStore) -> StoredResponse:
    records: list[StoredResponse] = list(store.state.access["idempotency"].values())
    assert len(records) == 1, records
    return records[0]


async def test_the_record_is_complete_before_the_last_byte_leaves(
    app: FastAPI, store: FakeStore
) -> None:
    """A client retrying the moment it has its answer must get the replay: when the server
    hands over the response's last chunk, the stored record already holds the answer."""
    body = json.dumps({"email": "race@example.com", "display_name": "Race"}).encode()
    seen_at_last_chunk: list[int] = []
    sent: list[MutableMapping[str, Any]] = []

    async def receive() -> MutableMapping[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            seen_at_last_chunk.append(_only_record(store).status_code)

    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/api/auth/register", "raw_path": b"/api/auth/register",
        "root_path": "", "query_string": b"", "server": ("test", 80),
        "client": ("127.0.0.1", 5000),
        "headers": [(b"host", b"test"), (b"content-type", b"application/json"),
                    (b"idempotency-key", b"race-1")],
    }
    await app(scope, receive, send)
    assert sent[0]["status"] == 201
    assert seen_at_last_chunk == [201]


async def test_stored_answers_are_sealed_and_an_altered_record_is_not_replayed(
    api: Api, store: FakeStore
) -> None:
    body = {"email": "sealed@example.com", "display_name": "Sealed"}
    headers = {"Idempotency-Key": "sealed-1"}
    first = await api.client.post("/api/auth/register", json=body, headers=headers)
    record = _only_record(store)
    assert record.body[:1] == SEAL_FORMAT and first.content not in record.body
    # One flipped bit of the ciphertext, or a status changed in the database: GCM's tag fails.
    flipped = record.body[:-1] + bytes([record.body[-1] ^ 1])
    for altered in (replace(record, body=flipped), replace(record, status_code=200)):
        store.state.access["idempotency"][(record.scope, record.key_hash)] = altered
        again = await api.client.post("/api/auth/register", json=body, headers=headers)
        assert again.status_code == 409 and error_code(again) == "idempotency.unreadable"
        assert "api_key" not in again.text


async def test_a_record_of_the_old_format_is_not_replayed(api: Api, store: FakeStore) -> None:
    body = {"email": "legacy@example.com", "display_name": "Legacy"}
    headers = {"Idempotency-Key": "legacy-1"}
    await api.client.post("/api/auth/register", json=body, headers=headers)
    record = _only_record(store)
    # What the XOR-stream version stored: the same length as the body, no format byte.
    legacy = replace(record, body=bytes(len(record.body) - 29))
    store.state.access["idempotency"][(record.scope, record.key_hash)] = legacy
    again = await api.client.post("/api/auth/register", json=body, headers=headers)
    assert again.status_code == 409 and error_code(again) == "idempotency.unreadable"
    assert len(store.state.accounts) == 1


async def test_the_deployment_secret_is_part_of_the_key(
    make_app: Callable[..., FastAPI], store: FakeStore
) -> None:
    body = {"email": "secret@example.com", "display_name": "Secret"}
    headers = {"Idempotency-Key": "secret-1"}
    answers = []
    for secret in (b"first deployment secret", b"first deployment secret", b"another one"):
        transport = httpx.ASGITransport(app=make_app(idempotency_secret=secret))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            answers.append(await client.post("/api/auth/register", json=body, headers=headers))
    assert [a.status_code for a in answers] == [201, 201, 409]
    assert answers[1].headers["idempotent-replayed"] == "true"
    assert answers[0].json() == answers[1].json()
    assert error_code(answers[2]) == "idempotency.unreadable"
