"""Failed authentication is throttled per client address, in the database's one rate
limiter; the address is the connection's unless a configured proxy forwarded it."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from botgig.run import uvicorn_config
from botgig.settings import Settings
from tests.api.conftest import Api, error_code
from tests.fakes import FakeClock

LIMIT = 20


def random_key() -> str:
    return "bg_" + secrets.token_urlsafe(32)


def client_from(app: Any, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


@pytest.fixture
async def attacker(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with client_from(app, "203.0.113.66") as client:
        yield client


async def test_300_random_keys_from_one_address_are_throttled(
    api: Api, attacker: httpx.AsyncClient, app: FastAPI
) -> None:
    statuses = []
    for _ in range(300):
        r = await attacker.get("/api/me", headers={"X-API-Key": random_key()})
        statuses.append(r.status_code)
    assert statuses[:LIMIT] == [401] * LIMIT
    assert set(statuses[LIMIT:]) == {429}
    assert error_code(r) == "rate_limited"
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.headers["retry-after"] in r.json()["error"]["message"]

    # Throttled before any key is looked up: a real key from there waits too...
    owner = await api.register("Owner")
    r = await attacker.get("/api/me", headers={"X-API-Key": owner.key})
    assert r.status_code == 429
    # ...while the same key from its own address works.
    async with client_from(app, "198.51.100.7") as elsewhere:
        r = await elsewhere.get("/api/me", headers=owner.headers)
        assert r.status_code == 200


async def test_the_address_may_try_again_in_the_next_window(
    attacker: httpx.AsyncClient, clock: FakeClock
) -> None:
    for _ in range(LIMIT + 1):
        r = await attacker.get("/api/me", headers={"Authorization": f"Bearer {random_key()}"})
    assert r.status_code == 429
    clock.advance(timedelta(seconds=int(r.headers["retry-after"])))
    r = await attacker.get("/api/me", headers={"X-API-Key": random_key()})
    assert r.status_code == 401


async def test_requests_without_a_key_and_valid_keys_count_as_no_failure(
    api: Api, app: FastAPI
) -> None:
    owner = await api.register("Busy")
    async with client_from(app, "203.0.113.80") as client:
        for _ in range(LIMIT + 5):
            assert (await client.get("/api/me")).status_code == 401
        for _ in range(LIMIT + 5):
            assert (await client.get("/api/me", headers=owner.headers)).status_code == 200


async def test_the_mcp_endpoint_is_throttled_the_same_way(attacker: httpx.AsyncClient) -> None:
    statuses = []
    for _ in range(LIMIT + 3):
        r = await attacker.post(
            "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
            headers={"Authorization": f"Bearer {random_key()}",
                     "Accept": "application/json, text/event-stream"},
        )
        statuses.append(r.status_code)
    assert statuses == [401] * LIMIT + [429] * 3
    assert error_code(r) == "rate_limited" and "retry-after" in r.headers


def _served(settings: Settings, app: FastAPI) -> Any:
    config = uvicorn_config(settings, app)
    config.load()
    return config.loaded_app


async def _failures_behind_proxy(app: Any) -> list[int]:
    """A proxy on loopback forwarding one failed key each for many different clients."""
    statuses = []
    async with client_from(app, "127.0.0.1") as proxy:
        for n in range(LIMIT + 5):
            r = await proxy.get(
                "/api/me",
                headers={"X-API-Key": random_key(), "X-Forwarded-For": f"192.0.2.{n + 1}"},
            )
            statuses.append(r.status_code)
    return statuses


async def test_forwarded_addresses_are_ignored_unless_the_proxy_is_trusted(
    make_app: Callable[..., FastAPI],
) -> None:
    # The default trusts no proxy, not even loopback: X-Forwarded-For cannot dodge the limit.
    default = Settings(_env_file=None)
    assert default.trusted_proxies == ""
    assert uvicorn_config(default, make_app()).forwarded_allow_ips == []
    assert await _failures_behind_proxy(_served(default, make_app())) == (
        [401] * LIMIT + [429] * 5
    )
    # A configured proxy's forwarded addresses are the clients: each has its own count.
    trusted = Settings(_env_file=None, trusted_proxies="127.0.0.1, 10.0.0.0/8")
    assert uvicorn_config(trusted, make_app()).forwarded_allow_ips == ["127.0.0.1", "10.0.0.0/8"]
    assert await _failures_behind_proxy(_served(trusted, make_app())) == [401] * (LIMIT + 5)


@pytest.mark.parametrize("value", ["localhost", "10.0.0.0/33", "127.0.0.1,*"])
def test_a_malformed_trusted_proxy_is_refused_naming_the_setting(value: str) -> None:
    with pytest.raises(ValueError, match="BOTGIG_TRUSTED_PROXIES"):
        Settings(_env_file=None, trusted_proxies=value)
