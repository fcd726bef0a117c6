"""``botgig run`` as a whole: the composition root starts the API, the workers and the
Telegram bot against the fake Bot API server, on a SQLite file. A user's command gets an
answer, and an event written by another process reaches the feed chat through the outbox
dispatcher and the Telegram notifier — with no test code in between."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from botgig.bootstrap import bootstrap
from botgig.run import run
from botgig.settings import Settings
from core.accounts.accounts import ensure_chat_account
from core.listings import offers
from core.listings.offers import OfferDraft
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.net import free_port, wait_for_health

FEED = -100_555


async def _eventually(check: Callable[[], bool], within: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not check():
        if loop.time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


async def test_run_wires_bot_api_dispatcher_and_notifier(
    tmp_path: Path, fake_telegram: FakeTelegram, alice: TgUser
) -> None:
    port = free_port()
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'botgig.db'}",
        data_dir=tmp_path,
        api_port=port,
        telegram_token=SecretStr(fake_telegram.token),
        telegram_api_base=fake_telegram.base_url,
        telegram_feed_chat_id=FEED,
        moderators=f"telegram:{alice.id}",
        scheduler_interval_seconds=0.1,
        dispatcher_interval_seconds=0.1,
    )
    running = asyncio.create_task(run(settings))
    try:
        assert (await wait_for_health(port)).status_code == 200

        update = fake_telegram.user_message(alice, "/balance")
        await fake_telegram.wait_handled(update)
        await _eventually(lambda: any("100" in m.text for m in fake_telegram.chat(alice.id)))

        # Another process (a second container on the same database) publishes an offer.
        other = bootstrap(settings)
        try:
            seller, _ = await ensure_chat_account(
                other.ctx, provider="telegram", external_id="777", display_name="Bob"
            )
            await offers.publish_offer(other.ctx, seller_id=seller.id, draft=OfferDraft(
                title="Invoices to structured fields", category="document-processing",
                description="Extraction of totals, dates and line items with a human check.",
                inputs="PDFs", output_format="CSV", delivery_days=2, bot_pct=70,
                price_cents=9_900,
            ))
            async with other.ctx.uow() as uow:
                moderator = await uow.accounts.by_identity("telegram", str(alice.id))
            assert moderator is not None and moderator.is_moderator
        finally:
            await other.close()
        await _eventually(
            lambda: any("Invoices to structured fields" in m.text for m in fake_telegram.chat(FEED))
        )
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
