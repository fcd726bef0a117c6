"""``botgig run`` serves the web front end beside the API: the Mini App's page and assets,
its endpoints (refusing without a bot to sign initData), and the public offer pages."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from botgig.bootstrap import bootstrap, web_app_url_of
from botgig.commands import seed_demo
from botgig.run import run
from botgig.settings import Settings
from core.listings import offers
from core.listings.ports import BrowseQuery
from tests.net import free_port, wait_for_health


async def test_run_serves_the_mini_app_and_the_offer_pages(tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        api_port=port,
    )
    await seed_demo(settings)
    container = bootstrap(settings)
    try:
        page = await offers.browse_offers(
            container.ctx, query=BrowseQuery(now=container.ctx.clock.now(), limit=1)
        )
        offer_id = page.items[0].offer.id
    finally:
        await container.close()
    task = asyncio.create_task(run(settings))
    try:
        await wait_for_health(port)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            app = await client.get("/app/")
            assert app.status_code == 200 and '<script src="/app/app.js"' in app.text
            assert "script-src 'self'" in app.headers["content-security-policy"]
            assert (await client.get("/app/app.js")).status_code == 200
            refused = await client.get("/app/api/offers", headers={"Authorization": "tma x"})
            assert refused.status_code == 503 and "BOTGIG_TELEGRAM_TOKEN" in refused.text
            shared = await client.get(f"/o/{offer_id}")
            assert shared.status_code == 200 and 'property="og:title"' in shared.text
            assert f'content="{settings.public_url}/o/{offer_id}"' in shared.text
            assert (await client.get("/o/999999")).status_code == 404
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_the_mini_app_has_an_address_only_over_https_with_a_bot(tmp_path: Path) -> None:
    assert web_app_url_of("https://botgig.example/") == "https://botgig.example/app/"
    assert web_app_url_of("http://127.0.0.1:8000") is None
    for token, expected in ((None, None), ("1:x", "https://botgig.example/app/")):
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
            data_dir=tmp_path,
            public_url="https://botgig.example",
            telegram_token=token,
        )
        container = bootstrap(settings)
        try:
            assert container.ctx.web_app_url == expected
        finally:
            await container.close()
