"""``botgig run`` out of the box serves the sandbox: the start-up lines give its URL, the
page answers, and a notification one persona causes reaches another persona's pane through
the process's own outbox dispatcher (the sandbox's sinks are among the expected ones)."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any

import httpx
import pytest

from botgig.run import run
from botgig.settings import Settings
from tests.net import free_port, wait_for_health

HEADERS = {"X-BotGig-Sandbox": "1"}


async def test_run_serves_the_sandbox_and_delivers_to_its_panes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        api_port=port,
        scheduler_interval_seconds=0.1,
        dispatcher_interval_seconds=0.1,
    )
    running = asyncio.create_task(run(settings))
    try:
        assert (await wait_for_health(port)).status_code == 200
        assert f"sandbox   on: open http://127.0.0.1:{port}/sandbox" in capsys.readouterr().out
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, headers=HEADERS) as client:
            assert (await client.get("/sandbox")).status_code == 200

            async def say(pane: str, **body: str) -> list[dict[str, Any]]:
                answer = await client.post(f"/sandbox/api/panes/{pane}/send", json=body)
                assert answer.status_code == 200, answer.text
                replies: list[dict[str, Any]] = answer.json()["replies"]
                return replies

            for text in ("/newrequest", "Scrape 500 product pages", "3",
                         "Extract price and stock from 500 public product pages to CSV.",
                         "A list of URLs", "100", "300", "in 10 days", "0"):
                replies = await say("buyer", text=text)
            [[post, *_], *_] = replies[-1]["buttons"]
            posted = await say("buyer", action=post["action"])
            request_id = next(
                b["action"].rsplit(":", 1)[1]
                for r in posted for row in r["buttons"] for b in row
                if str(b["action"]).startswith("req:")
            )
            await say("seller", action=f"req:bid:{request_id}")
            for text in ("I can do this in two days with a scraper.", "200", "2"):
                replies = await say("seller", text=text)
            [[send, *_], *_] = replies[-1]["buttons"]
            await say("seller", action=send["action"])

            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30
            messages: list[dict[str, Any]] = []
            while not messages and loop.time() < deadline:
                polled = await client.get("/sandbox/api/panes/buyer/messages")
                messages = polled.json()["messages"]
                await asyncio.sleep(0.1)
            assert messages, "the buyer's pane got no notification"
            text = "".join(run["t"] for run in messages[0]["text"])
            assert "New proposal" in text
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
