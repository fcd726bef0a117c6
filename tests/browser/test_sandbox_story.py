"""The sandbox in a real browser, as a newcomer after ``make run`` uses it: the app
``botgig run`` serves (``api_app``) on a migrated SQLite database, the outbox dispatcher
delivering in the background, and two personas running a whole order from their panes:
the buyer posts a request, the seller bids, the buyer accepts, the seller delivers, the
buyer approves. Each side learns of the other's step from a notification in its pane."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from botgig.bootstrap import Container, bootstrap
from botgig.run import api_app, sink_names
from botgig.settings import Settings
from botgig.startup import migrate
from botgig.workers import Dispatcher
from core.orders.model import OrderStatus
from storage.outbox import OutboxStore
from tests.browser.conftest import serve

XSS = "<img src=x onerror=alert(1)>"
CSV = b"url,price,stock\nhttps://shop.example/1,9.99,3\n"


@pytest.fixture
async def container(tmp_path: Path) -> AsyncIterator[Container]:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'sandbox.db'}",
    )
    assert settings.sandbox_on
    await migrate(settings)
    built = bootstrap(settings)
    try:
        yield built
    finally:
        await built.close()


@contextlib.asynccontextmanager
async def dispatching(container: Container) -> AsyncIterator[None]:
    """The workers' outbox dispatcher, as ``botgig run`` runs it."""
    dispatcher = Dispatcher(
        OutboxStore(container.engine), container.sinks, expected=sink_names(container.settings)
    )
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(interval=0.1, stop=stop))
    try:
        yield
    finally:
        stop.set()
        await task


class Panes:
    def __init__(self, page: Any) -> None:
        self.page = page

    def pane(self, key: str) -> Any:
        return self.page.locator(f'section.pane[data-pane="{key}"]')

    async def idle(self, key: str) -> None:
        await self.page.locator(f'section.pane[data-pane="{key}"]:not([data-busy])').wait_for()

    async def say(self, key: str, *texts: str) -> None:
        for text in texts:
            field = self.pane(key).locator(".compose input[name=text]")
            await field.fill(text)
            await field.press("Enter")
            await self.idle(key)
            last = self.pane(key).locator(".msg").last
            assert "⚠️" not in await last.inner_text(), (text, await last.inner_text())

    async def press(self, key: str, label: str, within: str = ".msg") -> None:
        await self.pane(key).locator(f"{within} button", has_text=label).last.click()
        await self.idle(key)

    async def notice(self, key: str, words: str) -> str:
        """Waits for a notification containing ``words`` in the pane; returns its text."""
        found = self.pane(key).locator(".msg.notice", has_text=words).last
        await found.wait_for(timeout=15_000)
        text: str = await found.inner_text()
        return text


async def test_a_whole_order_across_two_panes(container: Container, page: Any) -> None:
    app = api_app(container)
    # The page's own errors, a Content-Security-Policy refusal among them, fail the story.
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    async with serve(app) as base, dispatching(container):
        await page.goto(f"{base}/sandbox")
        await page.locator("body[data-ready]").wait_for()
        assert "SANDBOX" in await page.locator("header").inner_text()
        panes = Panes(page)
        for key in ("buyer", "seller", "supervisor", "moderator", "admin"):
            assert await panes.pane(key).count() == 1

        # -- the buyer posts a request, its title an attempt at markup ------------------------
        await panes.say(
            "buyer", "/newrequest", f"Scrape {XSS}", "3",
            "Extract price and stock from 500 public product pages to CSV.",
            "A list of URLs", "100", "300", "in 10 days", "0",
        )
        await panes.press("buyer", "Post request")
        buyer_text = await panes.pane("buyer").inner_text()
        assert "is posted" in buyer_text
        assert XSS in buyer_text  # shown as the text it is...
        assert await page.locator("section.pane img").count() == 0  # ...and never an element
        request_id = re.search(r"Request #(\d+) is posted", buyer_text)
        assert request_id, buyer_text

        # -- the seller finds it and bids ----------------------------------------------------
        await panes.say("seller", "/requests")
        await panes.press("seller", f"#{request_id.group(1)}")
        await panes.press("seller", "Send a proposal")
        await panes.say(
            "seller", "I can do this in two days with a scraper and a manual check.", "200", "2"
        )
        await panes.press("seller", "Send proposal")

        # -- the buyer is told, and accepts from the notification's button ----------------
        await panes.notice("buyer", "New proposal")
        await panes.press("buyer", "View proposals", within=".msg.notice")
        await panes.press("buyer", "Accept")
        await panes.press("buyer", "Yes, accept")
        told = await panes.notice("seller", "New order")
        order_id = int(re.search(r"order #(\d+)", told).group(1))  # type: ignore[union-attr]

        # -- the seller delivers a file, sent from the pane -----------------------------------
        await panes.say("seller", f"/deliver {order_id}")
        await panes.pane("seller").locator(".compose input[type=file]").set_input_files(
            files=[{"name": "prices.csv", "mimeType": "text/csv", "buffer": CSV}]
        )
        await panes.idle("seller")
        await panes.press("seller", "Skip")
        await panes.press("seller", "Deliver")

        # -- the buyer downloads it, then approves from the delivery notification -------------
        await panes.notice("buyer", "delivered")
        await panes.press("buyer", "prices.csv", within=".msg.notice")
        async with page.expect_download() as downloading:
            await panes.pane("buyer").locator("a.files", has_text="prices.csv").last.click()
        download = await downloading.value
        assert download.suggested_filename == "prices.csv"
        saved = Path(await download.path())
        assert await asyncio.to_thread(saved.read_bytes) == CSV
        await panes.press("buyer", "Approve", within=".msg.notice")
        assert "completed" in await panes.pane("buyer").inner_text()
        # The other pane hears of it.
        await panes.notice("seller", "approved")

    async with container.ctx.uow() as uow:
        order = await uow.orders.get(order_id)
    assert order is not None and order.status is OrderStatus.COMPLETED
    assert problems == []
