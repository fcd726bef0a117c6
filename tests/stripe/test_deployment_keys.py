"""Idempotency keys sent to Stripe carry the database's deployment id (issue 14 item 5): two
databases on one Stripe account never share a key, a retry within one deployment sends the
same key, and a job queued before the upgrade keeps its bare key."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from botgig.bootstrap import Container, bootstrap
from botgig.crypto import ConfigurationError
from botgig.settings import Settings
from core.escrow.model import JobKind, JobStatus
from core.orders import orders
from core.orders.model import Order
from core.orders.timers import run_due_timers
from storage import tables as t
from storage.deployment import deployment_id_at, rotate_deployment_id
from storage.migrate import upgrade
from tests.fakes import FakeClock
from tests.stripe.conftest import WHSEC, Backend, Story
from tests.stripe.fake_stripe import FakeStripe


def _settings(tmp_path: Path, name: str, stripe: FakeStripe) -> Settings:
    data = tmp_path / name
    return Settings(
        _env_file=None,
        data_dir=data,
        database_url=f"sqlite+aiosqlite:///{data / 'botgig.db'}",
        stripe_secret_key=stripe.api_key,
        stripe_webhook_secret=WHSEC,
        stripe_api_base=stripe.url,
    )


@asynccontextmanager
async def deployment(
    tmp_path: Path, name: str, stripe: FakeStripe, clock: FakeClock
) -> AsyncIterator[tuple[Container, Story]]:
    """A fresh database migrated and wired by the composition root, as `botgig run` does."""
    settings = _settings(tmp_path, name, stripe)
    settings.data_dir.mkdir(parents=True)
    await upgrade(settings.database_url)
    container = bootstrap(settings, clock=clock)
    try:
        story = Story(
            container.ctx, stripe, Backend(uow=container.ctx.uow, engine=container.engine), clock
        )
        yield container, await story.setup()
    finally:
        await container.close()


async def _approved(story: Story) -> Order:
    order = await story.delivered()
    await orders.approve_order(story.ctx, buyer_id=story.buyer.id, order_id=order.id)
    return order


def _keys(stripe: FakeStripe, path: str) -> list[str]:
    return [key for (p, key) in stripe.keys_sent if p == path]


async def test_two_databases_on_one_stripe_account_never_share_a_key(
    tmp_path: Path, fake_stripe: FakeStripe, clock: FakeClock
) -> None:
    async with (
        deployment(tmp_path, "first", fake_stripe, clock) as (first, a),
        deployment(tmp_path, "second", fake_stripe, clock) as (second, b),
    ):
        id_a, id_b = first.ctx.deployment_id, second.ctx.deployment_id
        assert id_a and id_b and id_a != id_b
        # Both databases number their accounts and orders alike: the same bare keys.
        assert (a.seller.id, b.seller.id) == (b.seller.id, a.seller.id)
        # Each seller got a Stripe account of their own (a shared connect:<id> key would
        # have handed the second database the first one's account).
        assert len(fake_stripe.accounts) == 2
        order_a, order_b = await _approved(a), await _approved(b)
        assert order_a.id == order_b.id
        # Two checkout sessions, one per database, made in the same minute.
        assert len(fake_stripe.sessions) == 2
        clock.advance(timedelta(hours=24, minutes=1))
        await run_due_timers(a.ctx)
        await run_due_timers(b.ctx)
        assert (await a.run_jobs()).failed == 0
        assert (await b.run_jobs()).failed == 0

        transfers = fake_stripe.transfers_in_group(f"order_{order_a.id}")
        assert len(transfers) == 2  # not one transfer replayed to the second database
        assert {tr["destination"] for tr in transfers} == set(fake_stripe.accounts)
        assert sorted(_keys(fake_stripe, "/v1/transfers")) == sorted(
            [f"{id_a}:release:{order_a.id}", f"{id_b}:release:{order_b.id}"]
        )
        # Every key BotGig chose (the SDK makes a random UUID for the other POSTs).
        chosen = [key for (_, key) in fake_stripe.keys_sent if ":" in key]
        assert {key.split(":")[1] for key in chosen} == {"connect", "checkout", "release"}
        assert all(key.startswith((f"{id_a}:", f"{id_b}:")) for key in chosen), chosen
        # The id is the database's, made by its migration and read once at start-up.
        assert await deployment_id_at(first.settings.database_url) == id_a


async def test_a_retry_in_one_deployment_sends_the_same_key(
    tmp_path: Path, fake_stripe: FakeStripe, clock: FakeClock
) -> None:
    async with deployment(tmp_path, "one", fake_stripe, clock) as (container, story):
        order = await _approved(story)
        clock.advance(timedelta(hours=24, minutes=1))
        await run_due_timers(story.ctx)
        # Stripe answers 500 to the call and the SDK's two retries (it may or may not have
        # made the transfer): the worker tries again later.
        fake_stripe.fail_next(
            "/v1/transfers", times=3, status=500, code="api_error", type="api_error"
        )
        assert (await story.run_jobs()).failed == 1
        clock.advance(timedelta(minutes=5))
        assert (await story.run_jobs()).sent == 1
        key = f"{container.ctx.deployment_id}:release:{order.id}"
        assert _keys(fake_stripe, "/v1/transfers") == [key] * 4
        assert len(fake_stripe.transfers_in_group(f"order_{order.id}")) == 1
        # The key is the one recorded on the job, not made afresh per call.
        job = await story.job(order.id, JobKind.TRANSFER)
        assert job.key_prefix == container.ctx.deployment_id and job.status is JobStatus.SENT


async def test_a_job_queued_before_the_upgrade_keeps_its_bare_key(
    tmp_path: Path, fake_stripe: FakeStripe, clock: FakeClock
) -> None:
    async with deployment(tmp_path, "old", fake_stripe, clock) as (container, story):
        order = await _approved(story)
        clock.advance(timedelta(hours=24, minutes=1))
        await run_due_timers(story.ctx)
        # What migration 0018 leaves on a job queued by the previous version: no prefix.
        # Stripe may have seen its bare key already; a new key could pay the seller twice.
        assert container.engine is not None
        async with container.engine.begin() as conn:
            await conn.execute(update(t.payment_job).values(key_prefix=None))
        assert (await story.run_jobs()).failed == 0
        assert _keys(fake_stripe, "/v1/transfers") == [f"release:{order.id}"]


async def test_rotating_the_id_keeps_queued_jobs_on_their_key(
    tmp_path: Path, fake_stripe: FakeStripe, clock: FakeClock
) -> None:
    async with deployment(tmp_path, "copy", fake_stripe, clock) as (container, story):
        order = await _approved(story)
        clock.advance(timedelta(hours=24, minutes=1))
        await run_due_timers(story.ctx)
        old, new = await rotate_deployment_id(container.settings.database_url)
        assert old == container.ctx.deployment_id and new != old
        assert await deployment_id_at(container.settings.database_url) == new
        assert (await story.run_jobs()).failed == 0
        assert _keys(fake_stripe, "/v1/transfers") == [f"{old}:release:{order.id}"]


async def test_escrow_on_an_unmigrated_database_stops_start_up(
    tmp_path: Path, fake_stripe: FakeStripe
) -> None:
    settings = _settings(tmp_path, "never", fake_stripe)
    settings.data_dir.mkdir(parents=True)
    with pytest.raises(ConfigurationError, match="botgig migrate"):
        bootstrap(settings)
