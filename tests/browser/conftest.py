"""A real browser for the web front end's tests: Debian's Chromium driven by Playwright.

Playwright's own browser download cannot work offline, so the tests launch the system
Chromium by path (``make test`` installs it; ``BOTGIG_TEST_CHROMIUM`` points elsewhere). A
missing browser skips these tests with the reason on a developer's machine and fails them
in CI, where a skip would hide that nothing was tested.

``serve`` runs an ASGI app on a real loopback port in the test's own event loop, so a test
can drive the page and then read the database through the same context. A failing test
leaves a screenshot of every page it opened in its temporary folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
from collections.abc import AsyncIterator, Generator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

# Flags the machine needs: as root Chromium refuses to start without --no-sandbox, and with
# its background networking on it tries Google's hosts at every start on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Set on a test whose setup or call failed; read by the page fixture's teardown, so only a
# failure leaves screenshots.
_FAILED = pytest.StashKey[bool]()


def chromium_executable() -> str | None:
    configured = os.environ.get("BOTGIG_TEST_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[
    None, pytest.TestReport, pytest.TestReport
]:
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


@pytest.fixture
async def browser() -> AsyncIterator[Any]:
    executable = chromium_executable()
    if executable is None:
        reason = (
            "no Chromium found: `make test` installs Debian's chromium package "
            "(apt-get install chromium), or set BOTGIG_TEST_CHROMIUM to a Chromium binary"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def page(
    browser: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Any]:
    """A fresh browser context and page; on failure every page of the context is saved as a
    PNG beside the test's other files, and the console log with it."""
    context = await browser.new_context()
    console: list[str] = []
    opened = await context.new_page()
    opened.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    opened.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    try:
        yield opened
    finally:
        if request.node.stash.get(_FAILED, False):
            for number, each in enumerate(context.pages):
                shot = tmp_path / f"screenshot-{number}.png"
                with contextlib.suppress(Exception):
                    await each.screenshot(path=str(shot), full_page=True)
                    print(f"screenshot: {shot}")
            (tmp_path / "console.log").write_text("\n".join(console))
        await context.close()


@contextlib.asynccontextmanager
async def serve(app: Any) -> AsyncIterator[str]:
    """Runs ``app`` with uvicorn on a free loopback port; yields its base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
