"""The Mini App's page weight and the catalog's time to first render with 10k offers, in
headless Chromium, against a baseline in the same run (issue 17).

Weight: the bytes the first render fetches (the HTML, JS and CSS, then the JSON of /me and
the first catalog page), raw and gzip'd, next to a static HTML page of the same 20 cards
rendered on the server (the HTML and the same CSS: what a page with no script would cost).
Time: from navigation start to the 20 cards on screen (``performance.now()`` when the
cards are in the DOM, polled every animation frame) and the first contentful paint, for the
Mini App opened as Telegram opens it (#tgWebAppData=...) over SQLite with BENCH_OFFERS
active offers, and for the static page served by the same server. Prints medians, p90s and
the ratios; asserts only that both pages show 20 cards.

    .venv/bin/python -m bench.miniapp          # BENCH_OFFERS=10000 BENCH_RUNS=15
"""

from __future__ import annotations

import asyncio
import gzip
import html
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from sqlalchemy import insert

from bots.web import miniapp
from bots.web.security import page_headers
from core.accounts import accounts
from core.accounts.model import AccountKind
from core.shared import ledger
from core.shared.context import Context
from storage import tables
from storage.db import create_engine
from storage.migrate import upgrade
from storage.uow import make_uow_factory
from tests.browser.conftest import CHROMIUM_ARGS, serve
from tests.unit.web.signing import BOT_TOKEN, sign_init_data

OFFERS = int(os.environ.get("BENCH_OFFERS", "10000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
NOW = datetime(2026, 6, 1, tzinfo=UTC)
CHROMIUM = os.environ.get("BOTGIG_TEST_CHROMIUM", "/usr/bin/chromium")
CARDS = 20


class Clock:
    def now(self) -> datetime:
        return NOW


async def grow(engine: Any, seller: int) -> None:
    for chunk in range(0, OFFERS, 5000):
        rows = [{
            "seller_id": seller, "title": f"Support inbox triage, plan {i}",
            "category": ("support-triage", "monitoring", "data-extraction")[i % 3],
            "description": f"I triage your support inbox with an agent, batch {i}.",
            "inputs": "Read access", "output_format": "Drafts", "delivery_days": 1 + i % 7,
            "bot_pct": i % 101, "price_cents": 1_000 + (i % 500) * 100, "currency": "usd",
            "revisions_included": 1, "status": "active",
            "created_at": NOW - timedelta(seconds=OFFERS - i),
            "updated_at": NOW - timedelta(seconds=OFFERS - i),
            "expires_at": NOW + timedelta(days=30),
            "boosted_until": NOW + timedelta(days=1) if i % 997 == 0 else None,
            "requires_signoff": False, "proofers_wanted": 0,
        } for i in range(chunk, min(chunk + 5000, OFFERS))]
        async with engine.begin() as conn:
            await conn.execute(insert(tables.offer), rows)


def static_cards(items: list[dict[str, Any]]) -> str:
    """The baseline: the same 20 cards as server-rendered HTML, with the Mini App's CSS."""
    e = html.escape
    cards = "\n".join(
        f'<li class="card"><h2>{e(i["title"])}</h2><div class="facts"><span class="price">'
        f'{e(i["price"])}</span> · {e(i["delivery"])} · {e(i["category_label"])}</div>'
        f'<div class="facts">{e(i["split"])}</div><div class="facts">Seller '
        f'{e(i["seller"]["handle"])} · {e(i["seller"]["kind"])} · trust '
        f'{i["seller"]["trust"]}</div></li>'
        for i in items
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>BotGig catalog</title><link rel="stylesheet" href="/app/app.css"></head>'
        f'<body><main><ul id="results" class="cards">{cards}</ul></main></body></html>'
    )


def sizes(bodies: list[bytes]) -> tuple[int, int]:
    return sum(len(b) for b in bodies), sum(len(gzip.compress(b, 6)) for b in bodies)


async def render_times(
    browser: Any, url: str, runs: int = RUNS
) -> tuple[list[float], list[float]]:
    to_cards: list[float] = []
    paints: list[float] = []
    for _ in range(runs):
        context = await browser.new_context()
        page = await context.new_page()
        await page.goto(url, wait_until="commit")
        await page.wait_for_function(
            f"() => document.querySelectorAll('#results li.card').length >= {CARDS}", polling="raf"
        )
        to_cards.append(await page.evaluate("performance.now()"))
        fcp = await page.evaluate(
            "(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || 0"
        )
        paints.append(float(fcp))
        await context.close()
    return to_cards, paints


def line(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"{label:<34} median {statistics.median(ordered):7.1f} ms  p90 {p90:7.1f} ms"


async def main() -> None:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        await upgrade(url)
        engine = create_engine(url)
        clock = Clock()
        ctx = Context(uow=make_uow_factory(engine, clock), clock=clock,  # type: ignore[arg-type]
                      prices=ledger.PriceList(welcome_grant=0))
        seller = await accounts.register_account(
            ctx, email="seller@example.com", display_name="Sam", kind=AccountKind.HUMAN)
        started = time.perf_counter()
        await grow(engine, seller.id)
        print(f"{OFFERS} active offers (generated in {time.perf_counter() - started:.1f} s), "
              f"{RUNS} runs per page, headless Chromium")

        app = FastAPI()
        app.include_router(miniapp.router(ctx, bot_token=BOT_TOKEN, max_age=timedelta(days=1)))
        baseline: dict[str, str] = {}

        @app.get("/bench/static")
        async def static_page() -> HTMLResponse:
            return HTMLResponse(baseline["html"], headers=page_headers())

        init_data = sign_init_data(
            auth_date=NOW, user={"id": 7, "first_name": "Bench", "language_code": "en"}
        )
        try:
            async with serve(app) as base, httpx.AsyncClient(base_url=base) as client:
                auth = {"Authorization": f"tma {init_data}"}
                shell = [(await client.get(p)).content
                         for p in ("/app/", "/app/app.js", "/app/app.css")]
                me = (await client.get("/app/api/me", headers=auth)).content
                first = await client.get("/app/api/offers", headers=auth)
                items = first.json()["items"]
                assert len(items) == CARDS, first.text
                baseline["html"] = static_cards(items)
                static = [baseline["html"].encode(), shell[2]]
                raw, zipped = sizes(shell)
                data_raw, data_zipped = sizes([me, first.content])
                static_raw, static_zipped = sizes(static)
                print("page weight (bytes)                 raw   gzip")
                print(f"  Mini App HTML+JS+CSS          {raw:8} {zipped:6}")
                print(f"  + JSON (/me, first 20 offers) {data_raw:8} {data_zipped:6}")
                print(f"  = Mini App first render       {raw + data_raw:8} "
                      f"{zipped + data_zipped:6}")
                print(f"  baseline static HTML+CSS      {static_raw:8} {static_zipped:6}")
                print(f"  ratio Mini App / baseline     {(raw + data_raw) / static_raw:8.2f} "
                      f"{(zipped + data_zipped) / static_zipped:6.2f}")

                launch = f"{base}/app/#tgWebAppData={quote(init_data, safe='')}"
                async with async_playwright() as playwright:
                    browser = await playwright.chromium.launch(
                        executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    try:
                        # One warm-up each: the first launch of a context pays for caches.
                        await render_times(browser, launch, runs=1)
                        await render_times(browser, f"{base}/bench/static", runs=1)
                        app_cards, app_fcp = await render_times(browser, launch)
                        base_cards, base_fcp = await render_times(browser, f"{base}/bench/static")
                    finally:
                        await browser.close()
                print("time to first render (from navigation start)")
                print("  " + line("Mini App: 20 cards on screen", app_cards))
                print("  " + line("Mini App: first contentful paint", app_fcp))
                print("  " + line("baseline: 20 cards on screen", base_cards))
                print("  " + line("baseline: first contentful paint", base_fcp))
                ratio = statistics.median(app_cards) / statistics.median(base_cards)
                print(f"  ratio Mini App / baseline (median, 20 cards): {ratio:.2f}")
        finally:
            await engine.dispose()



if __name__ == "__main__":
    asyncio.run(main())
