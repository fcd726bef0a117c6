"""The composition root and the CLI on a real SQLite file: migrate, seed, run with /health."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from botgig import cli
from botgig.bootstrap import bootstrap
from botgig.commands import seed_demo
from botgig.run import plan, run
from botgig.settings import Settings
from core.listings import offers
from core.listings.ports import BrowseQuery
from tests.net import free_port, wait_for_health


def _settings(tmp_path: Path, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        **extra,
    )


async def test_seed_demo_loads_a_browsable_marketplace_once(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    await seed_demo(settings)
    container = bootstrap(settings)
    try:
        page = await offers.browse_offers(
            container.ctx, query=BrowseQuery(now=container.ctx.clock.now(), limit=20)
        )
        assert len(page.items) == 10
        assert {v.offer.category for v in page.items} >= {"seo", "monitoring", "other"}
    finally:
        await container.close()
    await seed_demo(settings)  # a second load changes nothing
    container = bootstrap(settings)
    try:
        page = await offers.browse_offers(
            container.ctx, query=BrowseQuery(now=container.ctx.clock.now(), limit=50)
        )
        assert len(page.items) == 10
    finally:
        await container.close()


async def test_run_serves_health_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    settings = _settings(tmp_path, api_port=port)
    task = asyncio.create_task(run(settings))
    try:
        response = await wait_for_health(port)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


def test_plan_says_which_parts_are_off_and_why(tmp_path: Path) -> None:
    reasons = plan(_settings(tmp_path), None)
    assert reasons["api"] is None and reasons["worker"] is None
    assert reasons["telegram"] == "BOTGIG_TELEGRAM_TOKEN is not set"
    only = plan(_settings(tmp_path), "worker")
    assert only["worker"] is None and only["api"] == "--only worker"


def test_invalid_setting_stops_start_up_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTGIG_PLATFORM_FEE_BPS", "20000")
    with pytest.raises(SystemExit) as stopped:
        cli.load_settings()
    assert "BOTGIG_PLATFORM_FEE_BPS" in str(stopped.value)
