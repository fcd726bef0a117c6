"""The AgentGigs story over HTTP against a real server process.

``botgig run`` (API, outbox dispatcher and webhook sender in one process) on 127.0.0.1 with a
SQLite file; a local aiosmtpd server captures the verification mail; a local aiohttp server
receives the poster's webhooks.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.api.conftest import Receiver
from tests.net import free_port

BOTGIG = Path(sys.executable).with_name("botgig")
TOKEN_RE = re.compile(r"Verification token: (\S+)")


@dataclass
class Mailbox:
    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"

    def token_for(self, address: str) -> str:
        for message in reversed(self.messages):
            if message["To"] == address:
                found = TOKEN_RE.search(message.get_payload(decode=True).decode())
                assert found
                return found.group(1)
        raise AssertionError(f"no mail to {address}")


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@dataclass
class Issued:
    api_keys: list[str] = field(default_factory=list)
    verification_tokens: list[str] = field(default_factory=list)
    webhook_secrets: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.api_keys, *self.verification_tokens, *self.webhook_secrets]


@pytest.fixture
async def server(
    tmp_path: Path, mailbox: tuple[Mailbox, int], request: pytest.FixtureRequest
) -> AsyncIterator[str]:
    marker = request.node.get_closest_marker("server_env")
    extra: dict[str, str] = marker.kwargs if marker else {}
    async with botgig_server(
        tmp_path, mailbox[1], {"BOTGIG_LOG_LEVEL": "WARNING"} | extra
    ) as base:
        yield base


@contextlib.asynccontextmanager
async def botgig_server(
    tmp_path: Path, smtp_port: int, settings: dict[str, str]
) -> AsyncIterator[str]:
    """``botgig run`` on a free port with ``settings`` on top of the story's; its output goes
    to ``tmp_path / "server.log"``."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")
    } | {
        "BOTGIG_DATA_DIR": str(tmp_path / "data"),
        "BOTGIG_API_PORT": str(port),
        "BOTGIG_PUBLIC_URL": base,
        "BOTGIG_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "BOTGIG_SMTP_FROM": "botgig@test.local",
        "BOTGIG_WEBHOOK_ALLOW_PRIVATE": "true",
        "BOTGIG_DISPATCHER_INTERVAL_SECONDS": "0.1",
    } | settings
    log = (tmp_path / "server.log").open("w")
    process = await asyncio.create_subprocess_exec(
        str(BOTGIG), "run", env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        async with httpx.AsyncClient() as client:
            # Generous: a loaded CI machine takes a while to import and migrate.
            deadline = time.monotonic() + 120
            while True:
                if process.returncode is not None:
                    pytest.fail("the server exited:\n" + (tmp_path / "server.log").read_text())
                try:
                    if (await client.get(f"{base}/health")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("the server did not come up")
                await asyncio.sleep(0.1)
        yield base
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


def signature_ok(secret: str, headers: dict[str, str], body: bytes) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    headers = {k.lower(): v for k, v in headers.items()}
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    fresh = abs(time.time() - int(headers["webhook-timestamp"])) < 300
    return fresh and any(hmac.compare_digest(expected, s) for s in headers[
        "webhook-signature"].split())


async def test_agentgigs_story(
    server: str, mailbox: tuple[Mailbox, int], receiver: tuple[Receiver, str]
) -> None:
    await agentgigs_story(server, mailbox[0], receiver)


async def agentgigs_story(server: str, box: Mailbox, receiver: tuple[Receiver, str]) -> Issued:
    """The whole story, checked step by step; returns the credentials it was issued."""
    issued = Issued()
    got, hook_url = receiver
    async with httpx.AsyncClient(base_url=server, timeout=10) as http:

        async def post(path: str, key: str | None = None, **kw: Any) -> Any:
            headers = {"Idempotency-Key": os.urandom(8).hex()}
            if key:
                headers["X-API-Key"] = key
            r = await http.post(path, headers=headers, **kw)
            assert r.status_code in (200, 201), (path, r.text)
            return r.json()

        async def get(path: str, key: str, **kw: Any) -> Any:
            r = await http.get(path, headers={"X-API-Key": key}, **kw)
            assert r.status_code == 200, (path, r.text)
            return r.json()

        # Register two accounts and verify their emails from the captured mail.
        poster = await post("/api/auth/register", json={
            "email": "poster@example.com", "display_name": "Paula Poster", "kind": "human"})
        agent = await post("/api/auth/register", json={
            "email": "agent@example.com", "display_name": "Scraper Bot", "kind": "agent"})
        pk, ak = poster["api_key"], agent["api_key"]
        pid, aid = poster["account"]["id"], agent["account"]["id"]
        issued.api_keys += [pk, ak]
        for address in ("poster@example.com", "agent@example.com"):
            token = box.token_for(address)
            issued.verification_tokens.append(token)
            verified = await post("/api/auth/verify-email", json={"token": token})
            assert verified["email_verified"] is True

        # The poster registers a webhook and posts a job.
        hook = await post("/api/webhooks", pk, json={"url": hook_url, "events": []})
        issued.webhook_secrets.append(hook["secret"])
        deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
        job = await post("/api/jobs", pk, json={
            "title": "Track prices of 200 products",
            "category": "price-tracking",
            "description": "Check 200 product pages daily and report price changes as CSV.",
            "budget_min": 20_000, "budget_max": 40_000, "deadline": deadline, "proofers": 0})

        # The agent finds it with filters, applies; the poster accepts.
        found = await get("/api/agent/jobs/available", ak, params={
            "category": "price-tracking", "budget_min": 30_000, "q": "prices", "limit": 5})
        assert [j["id"] for j in found["data"]] == [job["id"]]
        application = await post(f"/api/jobs/{job['id']}/apply", ak, json={
            "message": "Daily crawl with a diff report; CSV and a short summary.",
            "proposed_price": 35_000, "timeline_days": 5})
        order = await post(f"/api/jobs/{job['id']}/accept-application", pk,
                           json={"application_id": application["id"]})
        assert order["status"] == "in_progress" and order["seller"]["id"] == aid
        shown = await get(f"/api/jobs/{job['id']}", ak)
        assert shown["order"]["id"] == order["id"] and shown["order"]["due_at"]

        # Messages, a file delivery, a revision, a second delivery, approval.
        await post(f"/api/jobs/{job['id']}/messages", ak,
                   json={"text": "Starting the crawl; first report tomorrow."})
        msgs = await get(f"/api/orders/{order['id']}/messages", pk)
        assert msgs["data"][0]["authorship"] == "agent"
        assert msgs["data"][0]["author"]["id"] == aid
        first = await post(f"/api/jobs/{job['id']}/deliver", ak,
                           files={"file": ("prices.csv", b"sku,price\nA1,9.99\n", "text/csv")},
                           data={"note": "Day one report"})
        r = await http.get(first["file"]["download_url"], headers={"X-API-Key": pk})
        assert r.content == b"sku,price\nA1,9.99\n"
        await post(f"/api/jobs/{job['id']}/request-revision", pk,
                   json={"note": "Please add the stock column."})
        await post(f"/api/jobs/{job['id']}/deliver", ak,
                   json={"url": "https://example.com/prices-v2.csv", "note": "With stock"})
        done = await post(f"/api/jobs/{job['id']}/approve", pk)
        assert done["status"] == "completed"

        # Both review; trust and reviews show on the profiles.
        await post(f"/api/jobs/{job['id']}/reviews", pk, json={"rating": 5, "text": "Great"})
        await post(f"/api/jobs/{job['id']}/reviews", ak, json={"rating": 4, "text": "Clear"})
        agent_profile = await get(f"/api/accounts/{aid}", pk)
        poster_profile = await get(f"/api/accounts/{pid}", ak)
        assert [r["rating"] for r in agent_profile["reviews"]] == [5]
        assert [r["rating"] for r in poster_profile["reviews"]] == [4]
        assert agent_profile["trust"]["completed_orders"] == 1
        assert agent_profile["trust"]["score"] > 0

        # Every webhook arrives signed; after dedup by webhook-id, each event exactly once.
        expected = {"job.application_received": 1, "message.received": 1,
                    "order.delivered": 2, "order.completed": 1, "review.received": 1}
        for _ in range(100):
            types = {json.loads(b)["type"] for _, b in got.calls}
            if sum(expected.values()) <= len({h["webhook-id"] for h, _ in got.calls}) and \
                    types >= set(expected):
                break
            await asyncio.sleep(0.1)
        assert all(signature_ok(hook["secret"], h, b) for h, b in got.calls)
        unique = {h["webhook-id"]: json.loads(b) for h, b in got.calls}
        counts: dict[str, int] = {}
        for body in unique.values():
            counts[body["type"]] = counts.get(body["type"], 0) + 1
        assert counts == expected
        log = await get(f"/api/webhooks/{hook['id']}/deliveries", pk)
        assert {d["webhook_id"] for d in log["data"]} == set(unique)
        assert {d["status"] for d in log["data"]} == {"delivered"}
    return issued

