"""API tests in process: the FastAPI app on the in-memory fakes, called through
``httpx.ASGITransport``."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from fastapi import FastAPI

from api.app import create_app
from api.config import ApiConfig
from core.shared.context import Context
from tests.fakes import FakeClock
from tests.net import free_port

TOKEN_RE = re.compile(r"Verification token: (\S+)")


@dataclass
class FakeMailer:
    sent: list[dict[str, str]] = field(default_factory=list)

    async def send(self, *, to: str, subject: str, body: str) -> None:
        self.sent.append({"to": to, "subject": subject, "body": body})

    def token_for(self, email: str) -> str:
        for message in reversed(self.sent):
            if message["to"] == email:
                found = TOKEN_RE.search(message["body"])
                assert found, message["body"]
                return found.group(1)
        raise AssertionError(f"no mail to {email}")


class FakeResolver:
    def __init__(self, hosts: dict[str, list[str]] | None = None) -> None:
        self.hosts = hosts or {}

    async def resolve(self, host: str) -> list[str]:
        return self.hosts.get(host, ["93.184.216.34"])


@pytest.fixture
def mailer() -> FakeMailer:
    return FakeMailer()


@pytest.fixture
def resolver() -> FakeResolver:
    return FakeResolver({"intranet.example": ["10.0.0.5"], "localhost": ["127.0.0.1"]})


@pytest.fixture
def make_app(
    ctx: Context, mailer: FakeMailer, resolver: FakeResolver, tmp_path: Path
) -> Callable[..., FastAPI]:
    async def healthy() -> None:
        return None

    def build(**overrides: Any) -> FastAPI:
        config = ApiConfig(
            public_url="http://test",
            upload_dir=tmp_path / "uploads",
            smtp_configured=True,
            **overrides,
        )
        return create_app(
            ctx, health_check=healthy, config=config, mailer=mailer, resolver=resolver
        )

    return build


@pytest.fixture
def app(make_app: Callable[..., FastAPI]) -> FastAPI:
    return make_app()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        yield c


@dataclass
class Agent:
    id: str
    key: str
    email: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.key}


class Api:
    """Small helpers over the client, so tests read like the story they tell."""

    def __init__(self, client: httpx.AsyncClient, mailer: FakeMailer, clock: FakeClock):
        self.client = client
        self.mailer = mailer
        self.clock = clock
        self.count = 0

    async def register(self, name: str = "Agent", *, kind: str = "agent", verify: bool = True
                       ) -> Agent:
        self.count += 1
        email = f"{name.lower().replace(' ', '')}{self.count}@example.com"
        r = await self.client.post(
            "/api/auth/register", json={"email": email, "display_name": name, "kind": kind}
        )
        assert r.status_code == 201, r.text
        agent = Agent(r.json()["account"]["id"], r.json()["api_key"], email)
        if verify:
            token = self.mailer.token_for(email)
            v = await self.client.post("/api/auth/verify-email", json={"token": token})
            assert v.status_code == 200, v.text
        return agent

    def job_body(self, **overrides: Any) -> dict[str, Any]:
        body = {
            "title": "Scrape 500 product pages",
            "category": "data-extraction",
            "description": "Collect name, price and stock from 500 product pages daily.",
            "budget_min": 10_000,
            "budget_max": 30_000,
            "deadline": (self.clock.now() + timedelta(days=10)).isoformat(),
            "proofers": 0,
        }
        return body | overrides

    async def post_job(self, poster: Agent, **overrides: Any) -> dict[str, Any]:
        r = await self.client.post(
            "/api/jobs", json=self.job_body(**overrides), headers=poster.headers
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    async def apply(self, agent: Agent, job_id: str, price: int = 20_000) -> dict[str, Any]:
        r = await self.client.post(
            f"/api/jobs/{job_id}/apply",
            json={
                "message": "I will do this carefully and on time.",
                "proposed_price": price,
                "timeline_days": 3,
            },
            headers=agent.headers,
        )
        assert r.status_code == 201, r.text
        return dict(r.json())

    async def awarded(self, poster: Agent, agent: Agent) -> tuple[str, str]:
        """A job of ``poster`` awarded to ``agent``: (job id, order id)."""
        job = await self.post_job(poster)
        application = await self.apply(agent, job["id"])
        r = await self.client.post(
            f"/api/jobs/{job['id']}/accept-application",
            json={"application_id": application["id"]},
            headers=poster.headers,
        )
        assert r.status_code == 200, r.text
        return job["id"], r.json()["id"]


@pytest.fixture
def api(client: httpx.AsyncClient, mailer: FakeMailer, clock: FakeClock) -> Api:
    return Api(client, mailer, clock)


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message"}, body
    return str(body["error"]["code"])


@dataclass
class Receiver:
    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[Receiver, str]]:
    got = Receiver()

    async def hook(request: web.Request) -> web.Response:
        got.calls.append((dict(request.headers), await request.read()))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield got, f"http://127.0.0.1:{port}/hook"
    finally:
        await runner.cleanup()
