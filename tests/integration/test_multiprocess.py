"""BotGig as several real processes on one PostgreSQL database (DESIGN §5).

Three processes start at once on an empty database (each migrates: one does it, the others
wait for its lock), then the deployment grows to two API processes, two workers and two
Telegram bot processes (webhook mode, each delivering the Telegram sink). 500 API writes
emit events that go out as Telegram DMs (the fake Bot API server) and signed webhooks (a
local receiver), due timers fire meanwhile, and one worker and one bot process are killed
with SIGKILL half-way. Every event must reach every sink, once after deduplication by the
receiver (the webhook-id; on Telegram the message's own token), and every timer fire once.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from sqlalchemy import func, select, text, update
from sqlalchemy.engine import make_url

from core.accounts.webhooks import verify
from storage import tables as t
from storage.db import create_engine
from tests.e2e.fake_telegram import FakeTelegram
from tests.integration.conftest import _admin_execute
from tests.net import free_port

pytestmark = pytest.mark.postgres

BOTGIG = Path(sys.executable).with_name("botgig")
PAIRS = 50
MESSAGES_PER_PAIR = 10  # 500 writes; the default per-user limit is 20 messages a minute
LEASE_SECONDS = 5.0
TOKEN = re.compile(r"note m(\d{4})")


@dataclass
class Process:
    name: str
    proc: asyncio.subprocess.Process
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@dataclass
class WebhookReceiver:
    """The agents' side: checks each signature and keeps every delivery it got."""

    secrets: dict[str, str] = field(default_factory=dict)
    received: list[tuple[str, str, str]] = field(default_factory=list)  # (endpoint, id, type)
    bad_signatures: int = 0
    port: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        endpoint = request.match_info["endpoint"]
        body = await request.read()
        headers = request.headers
        secret = self.secrets.get(endpoint)
        if secret is None or not verify(
            secret, headers["webhook-id"], headers["webhook-timestamp"], body,
            headers["webhook-signature"], now=int(time.time()),
        ):
            self.bad_signatures += 1
            return web.Response(status=400)
        payload = await request.json()
        self.received.append((endpoint, headers["webhook-id"], str(payload.get("type"))))
        return web.Response(status=204)

    def url(self, endpoint: str) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/{endpoint}"


@pytest.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    hooks = WebhookReceiver()
    app = web.Application()
    app.router.add_post("/hooks/{endpoint}", hooks.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    hooks.port = free_port()
    await web.TCPSite(runner, "127.0.0.1", hooks.port).start()
    try:
        yield hooks
    finally:
        await runner.cleanup()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


@pytest.fixture
def empty_postgres(postgres_server: str) -> Any:
    name = f"botgig_mp_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin_execute(postgres_server, f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        asyncio.run(_admin_execute(postgres_server, drop))


async def _eventually(
    check: Callable[[], Awaitable[bool]], what: str, within: float, procs: list[Process]
) -> None:
    deadline = time.monotonic() + within
    while not await check():
        for p in procs:
            if p.proc.returncode is not None and p.proc.returncode != -signal.SIGKILL:
                raise AssertionError(f"{p.name} exited {p.proc.returncode}:\n{p.output()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {within} s")
        await asyncio.sleep(0.2)


async def test_many_processes_share_the_work_and_survive_a_kill(
    empty_postgres: str,
    telegram: FakeTelegram,
    receiver: WebhookReceiver,
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("BOTGIG_")
    } | {
        "BOTGIG_DATABASE_URL": empty_postgres,
        "BOTGIG_DATA_DIR": str(tmp_path / "data"),
        "BOTGIG_TELEGRAM_TOKEN": telegram.token,
        "BOTGIG_TELEGRAM_API_BASE": telegram.base_url,
        "BOTGIG_TELEGRAM_WEBHOOK_SECRET": "tg-hook-secret",
        "BOTGIG_WEBHOOK_ALLOW_PRIVATE": "true",
        "BOTGIG_SCHEDULER_INTERVAL_SECONDS": "0.2",
        "BOTGIG_DISPATCHER_INTERVAL_SECONDS": "0.2",
        "BOTGIG_WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        "BOTGIG_LOG_LEVEL": "WARNING",
    }
    procs: list[Process] = []

    async def start(name: str, part: str, **extra: str) -> Process:
        log = tmp_path / f"{name}.log"
        handle = log.open("wb")
        proc = await asyncio.create_subprocess_exec(
            str(BOTGIG), "run", "--only", part,
            env=env | extra, cwd=tmp_path, stdout=handle, stderr=asyncio.subprocess.STDOUT,
        )
        handle.close()
        process = Process(name, proc, log)
        procs.append(process)
        return process

    api_ports = [free_port(), free_port()]

    async def healthy(port: int) -> bool:
        async with httpx.AsyncClient() as client:
            with contextlib.suppress(httpx.HTTPError):
                return (await client.get(f"http://127.0.0.1:{port}/health")).status_code == 200
        return False

    engine = create_engine(empty_postgres)
    try:
        # Three processes at once on an empty database: all migrate, none crashes.
        await asyncio.gather(
            start("api-1", "api", BOTGIG_API_PORT=str(api_ports[0])),
            start("api-2", "api", BOTGIG_API_PORT=str(api_ports[1])),
            start("worker-1", "worker"),
        )
        await _eventually(
            lambda: _all(healthy(p) for p in api_ports), "both APIs healthy", 45, procs
        )
        await _eventually(lambda: _logged(procs[2], "worker    on"), "worker-1 up", 30, procs)
        await start("worker-2", "worker")
        for n in (1, 2):
            port = free_port()
            await start(
                f"telegram-{n}", "telegram",
                BOTGIG_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
                BOTGIG_TELEGRAM_WEBHOOK_PORT=str(port),
            )
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
        phases = {"started": time.monotonic() - started}

        market = await _market(empty_postgres, tmp_path, api_ports, receiver)
        phases["market"] = time.monotonic() - started
        # Every reminder timer of these orders is due now: both schedulers race for them.
        async with engine.begin() as conn:
            await conn.execute(
                update(t.timer)
                .where(t.timer.c.kind == "reminder_seller", t.timer.c.status == "pending")
                .values(due_at=func.now())
            )

        async def write(n: int, client: httpx.AsyncClient) -> None:
            pair = n % PAIRS
            response = await client.post(
                f"http://127.0.0.1:{api_ports[n % 2]}/api/orders/{market.orders[pair]}/messages",
                json={"text": f"note m{n:04d}"},
                headers={"X-API-Key": market.seller_keys[pair], "Idempotency-Key": f"w{n}"},
            )
            assert response.status_code == 201, response.text

        writes = PAIRS * MESSAGES_PER_PAIR
        async with httpx.AsyncClient(timeout=30) as client:
            gate = asyncio.Semaphore(16)

            async def limited(n: int) -> None:
                async with gate:
                    await write(n, client)

            await asyncio.gather(*(limited(n) for n in range(writes // 2)))
            # Half-way: kill a worker and a bot process while they hold leased work.
            victims = [p for p in procs if p.name in ("worker-1", "telegram-1")]
            for victim in victims:
                victim.proc.send_signal(signal.SIGKILL)
            await asyncio.gather(*(limited(n) for n in range(writes // 2, writes)))
        for victim in victims:
            assert await victim.proc.wait() == -signal.SIGKILL
        phases["writes"] = time.monotonic() - started

        async def settled() -> bool:
            async with engine.connect() as conn:
                pending_events = (await conn.execute(
                    select(func.count()).where(t.outbox_event.c.status != "done")
                )).scalar_one()
                pending_hooks = (await conn.execute(
                    select(func.count()).where(t.webhook_delivery.c.status != "delivered")
                )).scalar_one()
                due = (await conn.execute(
                    select(func.count()).where(t.timer.c.status == "pending",
                                               t.timer.c.due_at <= func.now())
                )).scalar_one()
            return pending_events == 0 and pending_hooks == 0 and due == 0

        await _eventually(settled, "every event, webhook and due timer done", 150, procs)
        phases["settled"] = time.monotonic() - started
        survivors = [p for p in procs if p not in victims]
        assert all(p.proc.returncode is None for p in survivors), [
            (p.name, p.proc.returncode, p.output()) for p in survivors if p.proc.returncode
        ]

        async with engine.connect() as conn:
            events = (await conn.execute(select(t.outbox_event))).mappings().all()
            sinks = (await conn.execute(
                select(t.outbox_delivery.c.event_id, t.outbox_delivery.c.sink)
            )).all()
            timers = (await conn.execute(
                select(t.timer).where(t.timer.c.kind == "reminder_seller")
            )).mappings().all()
        by_event: dict[str, set[str]] = {}
        for event_id, sink in sinks:
            by_event.setdefault(event_id, set()).add(sink)
        assert all(by_event.get(e["event_id"]) == {"webhooks", "telegram"} for e in events)

        # Telegram: every message reached its buyer's chat; repeats only from the kill.
        sent: Counter[int] = Counter()
        for pair, chat in enumerate(market.buyer_chats):
            for message in telegram.chat(chat):
                for token in TOKEN.findall(message.text):
                    assert int(token) % PAIRS == pair, "a message went to another chat"
                    sent[int(token)] += 1
        assert set(sent) == set(range(writes))
        telegram_repeats = sum(sent.values()) - writes

        # Webhooks: every event of a buyer reached its endpoint (webhook-id = the event id).
        relayed = {e["event_id"] for e in events if e["type"] == "message.received"}
        assert len(relayed) == writes
        got = Counter(hook_id for _, hook_id, _ in receiver.received)
        buyers = {str(b) for b in market.buyer_ids}
        expected_hooks = {
            e["event_id"] for e in events if buyers & {str(r) for r in e["recipients"]}
        }
        assert set(got) == expected_hooks and relayed <= expected_hooks
        assert receiver.bad_signatures == 0
        webhook_repeats = sum(got.values()) - len(got)

        # Timers: each reminder fired exactly once, by whichever scheduler claimed it.
        assert len(timers) == PAIRS
        assert all(tm["status"] == "done" and tm["fired_at"] is not None for tm in timers)
        reminders = Counter(
            e["payload"]["order_id"] for e in events if e["type"] == "order.reminder"
        )
        assert reminders == Counter({order_id: 1 for order_id in market.orders})

        # At least once means a crash may repeat what was in flight, at most a batch each.
        assert telegram_repeats <= 50 and webhook_repeats <= 50
        elapsed = time.monotonic() - started
        print(
            f"\n{len(events)} events, {writes} writes over 2 APIs, 2 workers + 2 bots "
            f"(one of each killed): {telegram_repeats} Telegram and {webhook_repeats} "
            f"webhook repeats after the kill, {elapsed:.1f} s; "
            + ", ".join(f"{k} at {v:.1f} s" for k, v in phases.items())
        )
    finally:
        for p in procs:
            if p.proc.returncode is None:
                p.proc.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                await asyncio.wait_for(p.proc.wait(), 15)
            except TimeoutError:
                p.proc.kill()
                await p.proc.wait()
        await engine.dispose()


async def _all(checks: Any) -> bool:
    return all(await asyncio.gather(*checks))


async def _logged(process: Process, line: str) -> bool:
    return line in process.log.read_text(errors="replace")


@dataclass
class Market:
    seller_keys: list[str]
    orders: list[int]
    buyer_ids: list[int]
    buyer_chats: list[int]


async def _market(
    url: str, tmp_path: Path, api_ports: list[int], receiver: WebhookReceiver
) -> Market:
    """Fifty sellers with an offer each, and fifty buyers (Telegram users with an API key and
    a webhook endpoint) who ordered one."""
    from botgig.bootstrap import bootstrap
    from botgig.settings import Settings
    from core.accounts.accounts import ensure_chat_account
    from core.accounts.api_access import issue_api_key

    container = bootstrap(Settings(_env_file=None, database_url=url, data_dir=tmp_path))
    keys: dict[str, list[str]] = {"seller": [], "buyer": []}
    ids: list[int] = []
    try:
        for role, base in (("seller", 10_000), ("buyer", 20_000)):
            for n in range(PAIRS):
                account, _ = await ensure_chat_account(
                    container.ctx, provider="telegram", external_id=str(base + n),
                    display_name=f"{role} {n}",
                )
                issued = await issue_api_key(container.ctx, account_id=account.id)
                keys[role].append(issued.plaintext)
                if role == "buyer":
                    ids.append(account.id)
    finally:
        await container.close()

    orders: list[int] = []
    async with httpx.AsyncClient(timeout=30) as client:

        async def setup(n: int) -> int:
            api = f"http://127.0.0.1:{api_ports[n % 2]}"
            seller, buyer = {"X-API-Key": keys["seller"][n]}, {"X-API-Key": keys["buyer"][n]}
            hook = await client.post(
                f"{api}/api/webhooks", json={"url": receiver.url(str(n))}, headers=buyer
            )
            assert hook.status_code == 201, hook.text
            receiver.secrets[str(n)] = hook.json()["secret"]
            offer = await client.post(f"{api}/api/offers", headers=seller, json={
                "title": f"Price tracking run {n}", "category": "price-tracking",
                "description": "Daily competitor prices with a human spot check.",
                "inputs": "URLs", "output_format": "CSV", "delivery_days": 5, "bot_pct": 80,
                "price": 5_000,
            })
            assert offer.status_code == 201, offer.text
            order = await client.post(
                f"{api}/api/offers/{offer.json()['id']}/order", headers=buyer
            )
            assert order.status_code == 201, order.text
            return int(order.json()["id"])

        orders = list(await asyncio.gather(*(setup(n) for n in range(PAIRS))))
    return Market(keys["seller"], orders, ids, [20_000 + n for n in range(PAIRS)])
