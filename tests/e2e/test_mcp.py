"""An agent with nothing but an MCP client and a key: the SDK's own client over streamable
HTTP against a real ``botgig run``, and over stdio against ``botgig mcp`` processes on the same
database. Each lists the tools and runs find -> apply -> (the poster accepts) -> deliver with
provenance -> approve; a bad key is refused; refusals carry the API's code."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.net import free_port

BOTGIG = Path(sys.executable).with_name("botgig")

TOOLS = {
    "find_jobs", "get_job", "apply_to_job", "list_my_applications", "list_my_orders",
    "get_order", "read_messages", "send_message", "deliver", "get_balance",
    "register_webhook", "post_job", "list_applications", "accept_application", "approve",
    "request_revision", "set_proofer", "list_my_proofing_assignments",
    "get_proofing_assignment", "submit_scorecard",
}


@dataclass
class Server:
    base: str
    env: dict[str, str]
    cwd: Path


@dataclass
class Account:
    id: str
    key: str


def _env(tmp_path: Path, port: int) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")} | {
        "BOTGIG_DATA_DIR": str(tmp_path / "data"),
        "BOTGIG_API_PORT": str(port),
        "BOTGIG_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "BOTGIG_LOG_LEVEL": "WARNING",
        # New accounts may proof: the thresholds are tested at the service layer.
        "BOTGIG_PROOFER_MIN_COMPLETED": "0",
        "BOTGIG_PROOFER_MIN_RATING": "0",
        "BOTGIG_PROOFER_MIN_ACCOUNT_AGE": "0",
    }


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[Server]:
    port = free_port()
    env = _env(tmp_path, port)
    base = env["BOTGIG_PUBLIC_URL"]
    log = (tmp_path / "server.log").open("w")
    process = await asyncio.create_subprocess_exec(
        str(BOTGIG), "run", "--only", "api", env=env, cwd=tmp_path, stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        async with httpx.AsyncClient() as client:
            # Generous: a loaded machine starts slowly; a server that fails exits and says so.
            deadline = time.monotonic() + 120
            while True:
                if process.returncode is not None:
                    pytest.fail("the server exited:\n" + (tmp_path / "server.log").read_text())
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{base}/health")).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    pytest.fail("the server did not come up")
                await asyncio.sleep(0.1)
        yield Server(base, env, tmp_path)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), timeout=10)
            except TimeoutError:
                process.kill()
                await process.wait()
        log.close()


async def register(server: Server, name: str, kind: str) -> Account:
    email = f"{name.lower()}@example.com"
    async with httpx.AsyncClient(base_url=server.base) as http:
        r = await http.post("/api/auth/register",
                            json={"email": email, "display_name": name, "kind": kind})
        assert r.status_code == 201, r.text
    # No mail server: the operator's command verifies, on the same database.
    verified = await asyncio.create_subprocess_exec(
        str(BOTGIG), "accounts", "verify-email", email, env=server.env, cwd=server.cwd,
        stdout=subprocess.DEVNULL,
    )
    assert await verified.wait() == 0
    return Account(r.json()["account"]["id"], r.json()["api_key"])


def http_client(server: Server, key: str, *, header: str = "bearer") -> Client:
    headers = {"Authorization": f"Bearer {key}"} if header == "bearer" else {"X-API-Key": key}
    transport = streamable_http_client(
        f"{server.base}/mcp", http_client=httpx2.AsyncClient(headers=headers, timeout=30)
    )
    return Client(transport)


def stdio_client(server: Server, key: str) -> Client:
    return Client(StdioServerParameters(
        command=str(BOTGIG), args=["mcp"], env=server.env | {"BOTGIG_API_KEY": key},
        cwd=str(server.cwd),
    ))


async def call(client: Client, tool: str, **arguments: Any) -> Any:
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, (tool, result.content)
    assert result.structured_content is not None
    return result.structured_content


async def refused(client: Client, tool: str, **arguments: Any) -> dict[str, str]:
    result = await client.call_tool(tool, arguments)
    assert result.is_error, (tool, result.content)
    (content,) = result.content
    body = json.loads(getattr(content, "text", ""))
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return dict(body["error"])


async def story(agent: Client, poster: Client, agent_id: str) -> None:
    listed = await agent.list_tools()
    assert {t.name for t in listed.tools} >= TOOLS
    apply_schema = next(t for t in listed.tools if t.name == "apply_to_job").input_schema
    # The REST body's limits, flattened into the tool's own arguments.
    assert apply_schema["properties"]["proposed_price"]["minimum"] == 0
    assert apply_schema["properties"]["message"]["maxLength"] == 8000
    assert set(apply_schema["required"]) == {"job_id", "message", "proposed_price",
                                             "timeline_days"}

    deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
    job = await call(poster, "post_job", title="Track prices of 200 products",
                     category="price-tracking",
                     description="Check 200 product pages daily and report changes as CSV.",
                     budget_min=20_000, budget_max=40_000, deadline=deadline)
    found = await call(agent, "find_jobs", category="price-tracking", budget_min=30_000,
                       q="prices")
    assert [j["id"] for j in found["data"]] == [job["id"]]
    bad = await refused(agent, "apply_to_job", job_id=int(job["id"]), message="x",
                        proposed_price=-5, timeline_days=3)
    assert bad["code"] == "validation.failed" and "proposed_price" in bad["message"]
    application = await call(agent, "apply_to_job", job_id=int(job["id"]),
                             message="Daily crawl with a diff report; CSV and a summary.",
                             proposed_price=35_000, timeline_days=5)
    again = await refused(agent, "apply_to_job", job_id=int(job["id"]),
                          message="Applying a second time, just in case.",
                          proposed_price=35_000, timeline_days=5)
    assert again["code"] == "proposal.duplicate"
    mine = await call(agent, "list_my_applications")
    assert [a["id"] for a in mine["data"]] == [application["id"]]

    applications = await call(poster, "list_applications", job_id=int(job["id"]))
    assert [a["applicant"]["id"] for a in applications["data"]] == [agent_id]
    order = await call(poster, "accept_application", job_id=int(job["id"]),
                       application_id=application["id"])
    assert order["status"] == "in_progress"
    shown = await call(agent, "get_job", job_id=int(job["id"]))
    assert shown["order"]["id"] == order["id"]

    await call(agent, "send_message", job_id=int(job["id"]), text="Starting the crawl.")
    messages = await call(poster, "read_messages", job_id=int(job["id"]))
    assert [(m["text"], m["authorship"]) for m in messages["data"]] == [
        ("Starting the crawl.", "agent")]
    delivered = await call(
        agent, "deliver", job_id=int(job["id"]), note="Day one report",
        file_name="prices.csv", file_content_type="text/csv",
        file_base64=base64.b64encode(b"sku,price\nA1,9.99\n").decode(),
        provenance={"automated": "crawling and diffing", "tools": ["playwright", "gpt-4o"],
                    "human_reviewed": False})
    assert delivered["file"]["size"] == len(b"sku,price\nA1,9.99\n")
    detail = await call(poster, "get_order", order_id=int(order["id"]))
    (delivery,) = detail["deliveries"]
    assert delivery["provenance"]["automated"] == "crawling and diffing"
    assert delivery["provenance"]["tools"] == ["playwright", "gpt-4o"]
    resource = await poster.read_resource(f"botgig://orders/{order['id']}")
    assert json.loads(getattr(resource.contents[0], "text", ""))["status"] == "delivered"

    seller_approves = await refused(agent, "approve", job_id=int(job["id"]))
    assert seller_approves["code"] == "order.role_not_allowed"
    done = await call(poster, "approve", job_id=int(job["id"]))
    assert done["status"] == "completed"
    orders = await call(agent, "list_my_orders", status="completed")
    assert [o["id"] for o in orders["data"]] == [order["id"]]
    balance = await call(agent, "get_balance")
    assert balance["balance"] >= 0 and balance["unit"] == "credits"


async def test_the_story_over_streamable_http_against_botgig_run(server: Server) -> None:
    poster = await register(server, "Poster", "human")
    agent = await register(server, "Agent", "agent")
    async with http_client(server, agent.key) as a, \
            http_client(server, poster.key, header="x-api-key") as p:
        await story(a, p, agent.id)
        board = await a.read_resource("botgig://jobs/available")
        assert json.loads(getattr(board.contents[0], "text", ""))["data"] == []


async def test_a_bad_key_is_refused_over_http(server: Server) -> None:
    async with httpx.AsyncClient(base_url=server.base) as http:
        for headers in ({}, {"Authorization": "Bearer bg_wrong"}, {"X-API-Key": "bg_nope"}):
            r = await http.post("/mcp", headers=headers, json={
                "jsonrpc": "2.0", "id": 1, "method": "tools/list"})
            assert r.status_code == 401, r.text
            assert r.json()["error"]["code"] in ("auth.missing_key", "auth.invalid_key")
    # The SDK's client cannot even connect: the 401 ends its first request.
    listed = None
    with pytest.raises(ExceptionGroup) as raised:
        async with http_client(server, "bg_wrong") as client:
            listed = await client.list_tools()
    assert listed is None and "error response" in repr(raised.value)


async def test_the_story_over_stdio_against_botgig_mcp(server: Server) -> None:
    poster = await register(server, "Poster", "human")
    agent = await register(server, "Agent", "agent")
    async with stdio_client(server, agent.key) as a, stdio_client(server, poster.key) as p:
        await story(a, p, agent.id)


async def test_a_proofer_checks_a_delivery_through_mcp_tools(server: Server) -> None:
    poster = await register(server, "Poster", "human")
    agent = await register(server, "Agent", "agent")
    proofer = await register(server, "Proofer", "human")
    async with http_client(server, agent.key) as a, http_client(server, poster.key) as p, \
            http_client(server, proofer.key) as q:
        assert (await call(q, "set_proofer", enabled=True))["enabled"] is True
        deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
        job = await call(p, "post_job", title="Summarise 30 support tickets",
                         category="data-extraction", proofers=1,
                         description="Read 30 tickets and list the five commonest problems.",
                         budget_min=5_000, budget_max=9_000, deadline=deadline)
        job_id = int(job["id"])
        application = await call(a, "apply_to_job", job_id=job_id, proposed_price=8_000,
                                 message="I will cluster them and cite a ticket per problem.",
                                 timeline_days=2)
        await call(p, "accept_application", job_id=job_id, application_id=application["id"])
        await call(a, "deliver", job_id=job_id, note="Five problems, each with tickets",
                   url="https://example.com/report",
                   provenance={"automated": "clustering", "tools": ["gpt-4o"],
                               "human_reviewed": True})

        (assignment,) = (await call(q, "list_my_proofing_assignments"))["data"]
        assert assignment["job_id"] == job["id"] and assignment["status"] == "assigned"
        detail = await call(q, "get_proofing_assignment", assignment_id=int(assignment["id"]))
        assert detail["requirements"]["title"] == "Summarise 30 support tickets"
        assert [d["url"] for d in detail["deliveries"]] == ["https://example.com/report"]
        # The agent is a party: never its own order's proofer.
        assert (await call(a, "list_my_proofing_assignments"))["data"] == []

        card = {"completeness": 5, "accuracy": 4, "methodology": 4, "quality": 5,
                "verdict": "pass", "evidence": "Checked each cited ticket against the list."}
        bad = await refused(q, "submit_scorecard", assignment_id=int(assignment["id"]),
                            **(card | {"accuracy": 6}))
        assert bad["code"] == "validation.failed" and "accuracy" in bad["message"]
        stranger = await refused(a, "submit_scorecard", assignment_id=int(assignment["id"]),
                                 **card)
        assert stranger["code"] == "proofer.not_assigned"
        submitted = await call(q, "submit_scorecard", assignment_id=int(assignment["id"]),
                               file_name="notes.txt",
                               file_base64=base64.b64encode(b"ticket 12: ok").decode(),
                               **card)
        assert submitted["status"] == "submitted"
        assert submitted["scorecard"]["evidence_file"] == "notes.txt"
        twice = await refused(q, "submit_scorecard", assignment_id=int(assignment["id"]),
                              **card)
        assert twice["code"] == "proofer.already_submitted"

        shown = await call(p, "get_job", job_id=job_id)
        assert shown["order"]["status"] == "delivered"
        assert shown["proofing"]["consensus"]["verdict"] == "pass"
        assert (await call(p, "approve", job_id=job_id))["status"] == "completed"


async def test_botgig_mcp_refuses_to_start_with_a_bad_key(server: Server) -> None:
    for key in ("", "bg_wrong"):
        process = await asyncio.create_subprocess_exec(
            str(BOTGIG), "mcp", env=server.env | {"BOTGIG_API_KEY": key}, cwd=server.cwd,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
        assert process.returncode == 1
        assert out == b""
        assert b"botgig mcp cannot start" in err


