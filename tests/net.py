"""Network helpers for tests that start real servers on loopback."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import httpx


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_for_health(port: int, *, within: float = 60.0) -> httpx.Response:
    """Poll ``/health`` until the server answers; raise TimeoutError if it never does (the
    wait is long: a loaded machine takes many seconds to import, migrate and bind)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    async with httpx.AsyncClient() as client:
        while loop.time() < deadline:
            with contextlib.suppress(httpx.ConnectError):
                return await client.get(f"http://127.0.0.1:{port}/health")
            await asyncio.sleep(0.05)
    raise TimeoutError(f"nothing answered /health on port {port} within {within} s")
