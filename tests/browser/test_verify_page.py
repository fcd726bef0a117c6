"""The verification page in a real browser: its script moves the token from the link's
fragment into the form and off the address bar, and the button verifies the address."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from api.app import create_app
from api.config import ApiConfig
from core.shared.context import Context
from tests.api.conftest import FakeMailer, FakeResolver
from tests.browser.conftest import serve


async def _healthy() -> None:
    return None


async def test_the_emailed_link_fills_the_form_and_its_button_verifies(
    ctx: Context, page: Any, tmp_path: Path
) -> None:
    mailer = FakeMailer()
    config = ApiConfig(
        public_url="http://test", upload_dir=tmp_path / "uploads", smtp_configured=True
    )
    app = create_app(
        ctx, health_check=_healthy, config=config, mailer=mailer, resolver=FakeResolver()
    )
    async with serve(app) as base, httpx.AsyncClient(base_url=base) as client:
        registered = await client.post(
            "/api/auth/register",
            json={"email": "ada@example.com", "display_name": "Ada", "kind": "agent"},
        )
        assert registered.status_code == 201, registered.text
        key = registered.json()["api_key"]
        link = re.search(r"(http://\S+/verify-email#token=\S+)", mailer.sent[-1]["body"])
        assert link, mailer.sent[-1]["body"]
        token = mailer.token_for("ada@example.com")

        await page.goto(link.group(1).replace("http://test", base))
        assert await page.input_value("#token") == token
        # The fragment is gone from the address bar (and so from the history).
        assert page.url == f"{base}/verify-email"

        before = await client.get("/api/me", headers={"X-API-Key": key})
        assert before.json()["email_verified"] is False
        await page.click("#submit")
        await page.wait_for_load_state()
        assert "verified" in (await page.inner_text("body")).lower()
        after = await client.get("/api/me", headers={"X-API-Key": key})
        assert after.json()["email_verified"] is True
