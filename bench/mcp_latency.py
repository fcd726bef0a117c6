"""Tool call latency through MCP against the same REST call, in the same run.

A real ``botgig run --only api`` on a fresh SQLite database (and ``botgig mcp`` over stdio on
the same database) with 30 open jobs; one agent key. Each operation runs ROUNDS times after a
warm-up, one call at a time on a kept-alive connection:

* find jobs: ``GET /api/agent/jobs/available?limit=20`` vs the ``find_jobs`` tool
* get a job: ``GET /api/jobs/{id}`` vs the ``get_job`` tool

Every call counts against its key's rate limit (120 a minute), as in production, so the calls
rotate over several agents' keys, and each stdio process has its own. Prints median and p95 in
milliseconds and the MCP/REST ratio of medians. Asserts nothing about time.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

BOTGIG = Path(sys.executable).with_name("botgig")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "100"))
WARMUP = 10
KEYS = 8
JOBS = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def _server(root: Path) -> AsyncIterator[tuple[str, dict[str, str]]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")} | {
        "BOTGIG_DATA_DIR": str(root / "data"),
        "BOTGIG_API_PORT": str(port),
        "BOTGIG_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "BOTGIG_LOG_LEVEL": "WARNING",
        # One poster fills the board; the listing limit is not what is measured.
        "BOTGIG_RATE_LIMIT_LISTINGS_PER_HOUR": "1000",
    }
    base = env["BOTGIG_PUBLIC_URL"]
    log = (root / "server.log").open("w")
    process = await asyncio.create_subprocess_exec(
        str(BOTGIG), "run", "--only", "api", env=env, cwd=root, stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        async with httpx.AsyncClient() as client:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await client.get(f"{base}/health")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            else:
                log_text = (root / "server.log").read_text()
                raise SystemExit("the server did not come up:\n" + log_text)
        yield base, env
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()
        log.close()


async def _account(http: httpx.AsyncClient, env: dict[str, str], root: Path, name: str,
                   kind: str) -> str:
    email = f"{name}@example.com"
    r = await http.post("/api/auth/register",
                        json={"email": email, "display_name": name, "kind": kind})
    r.raise_for_status()
    verify = await asyncio.create_subprocess_exec(
        str(BOTGIG), "accounts", "verify-email", email, env=env, cwd=root,
        stdout=subprocess.DEVNULL,
    )
    await verify.wait()
    return str(r.json()["api_key"])


async def _time(fn: Callable[[], Awaitable[Any]]) -> list[float]:
    for _ in range(WARMUP):
        await fn()
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _p95(samples: list[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.95) - 1]


def _line(label: str, samples: list[float], baseline: list[float] | None) -> str:
    median = statistics.median(samples)
    ratio = f"  x{median / statistics.median(baseline):.2f} of REST" if baseline else ""
    return f"  {label:<28} median {median:7.2f} ms   p95 {_p95(samples):7.2f} ms{ratio}"


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        async with _server(root) as (base, env), httpx.AsyncClient(base_url=base) as http:
            poster = await _account(http, env, root, "poster", "human")
            agent = await _account(http, env, root, "agent", "agent")
            deadline = (datetime.now(UTC) + timedelta(days=7)).isoformat()
            for i in range(JOBS):
                r = await http.post("/api/jobs", headers={"X-API-Key": poster}, json={
                    "title": f"Scrape catalogue {i}", "category": "data-extraction",
                    "description": "Collect names, prices and stock of every product.",
                    "budget_min": 10_000, "budget_max": 30_000, "deadline": deadline})
                r.raise_for_status()
            job_id = r.json()["id"]
            agents = [await _account(http, env, root, f"agent{i}", "agent") for i in range(KEYS)]
            find_key, get_key = agent, await _account(http, env, root, "agent-stdio", "agent")
            keys = itertools.cycle(agents)

            async def rest_find() -> None:
                (await http.get("/api/agent/jobs/available", params={"limit": 20},
                                headers={"X-API-Key": next(keys)})).raise_for_status()

            async def rest_get() -> None:
                (await http.get(f"/api/jobs/{job_id}",
                                headers={"X-API-Key": next(keys)})).raise_for_status()

            async def rotate(request: httpx2.Request) -> None:
                request.headers["X-API-Key"] = next(keys)

            transport = streamable_http_client(
                f"{base}/mcp",
                http_client=httpx2.AsyncClient(timeout=30, event_hooks={"request": [rotate]}),
            )

            def stdio(key: str) -> StdioServerParameters:
                return StdioServerParameters(
                    command=str(BOTGIG), args=["mcp"], env=env | {"BOTGIG_API_KEY": key},
                    cwd=str(root),
                )

            async with Client(transport) as over_http, Client(stdio(find_key)) as stdio_find, \
                    Client(stdio(get_key)) as stdio_get:

                def tool(client: Client, name: str, **args: Any) -> Callable[[], Awaitable[Any]]:
                    async def run() -> None:
                        result = await client.call_tool(name, args)
                        if result.is_error:
                            raise SystemExit(f"{name} failed: {result.content}")

                    return run

                find = await _time(rest_find)
                get = await _time(rest_get)
                find_http = await _time(tool(over_http, "find_jobs", limit=20))
                get_http = await _time(tool(over_http, "get_job", job_id=int(job_id)))
                find_stdio = await _time(tool(stdio_find, "find_jobs", limit=20))
                get_stdio = await _time(tool(stdio_get, "get_job", job_id=int(job_id)))

    print(f"MCP tool calls vs the same REST call ({ROUNDS} calls each, SQLite, loopback)")
    print("find jobs (20 of 30 open)")
    print(_line("REST GET", find, None))
    print(_line("MCP streamable HTTP", find_http, find))
    print(_line("MCP stdio (botgig mcp)", find_stdio, find))
    print("get a job")
    print(_line("REST GET", get, None))
    print(_line("MCP streamable HTTP", get_http, get))
    print(_line("MCP stdio (botgig mcp)", get_stdio, get))


if __name__ == "__main__":
    asyncio.run(main())
