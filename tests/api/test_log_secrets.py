"""No secret and no issued token in any log line, at DEBUG, over a whole story.

``botgig run`` runs with every kind of secret configured (the Telegram token, Stripe's keys,
an SMTP password, the metrics token) and JSON logs at DEBUG; the AgentGigs story runs over
HTTP, a Telegram user asks for a link code, /metrics and /health/ready are read. Then the
server's whole output is searched for each secret and each key, token, webhook secret and
link code the story was given.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.api.conftest import Receiver
from tests.api.test_story_server import Mailbox, agentgigs_story, botgig_server
from tests.e2e.fake_telegram import FakeTelegram, TgUser
from tests.net import free_port

SMTP_USER, SMTP_PASSWORD = "mailer", "smtp-Pa55-" + secrets.token_hex(6)
LINK_CODE = re.compile(r"Your link code: (?:<code>)?([A-Z0-9]{4}-[A-Z0-9]{4})")


@pytest.fixture
def auth_mailbox() -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server that asks for the password (over plain SMTP, on loopback)."""
    box = Mailbox()
    port = free_port()

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = data.login == SMTP_USER.encode() and data.password == SMTP_PASSWORD.encode()
        return AuthResult(success=ok)

    controller = Controller(
        box, hostname="127.0.0.1", port=port, authenticator=check,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(token="7000000001:AAH" + secrets.token_urlsafe(24).replace("-", "x"))
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()


async def test_no_secret_or_issued_token_in_debug_logs(
    tmp_path: Path,
    auth_mailbox: tuple[Mailbox, int],
    receiver: tuple[Receiver, str],
    telegram: FakeTelegram,
) -> None:
    box, smtp_port = auth_mailbox
    configured = {
        "BOTGIG_TELEGRAM_TOKEN": telegram.token,
        "BOTGIG_STRIPE_SECRET_KEY": "sk_test_" + secrets.token_hex(12),
        "BOTGIG_STRIPE_WEBHOOK_SECRET": "whsec_" + secrets.token_hex(12),
        "BOTGIG_METRICS_TOKEN": "metrics-" + secrets.token_hex(8),
    }
    settings = configured | {
        "BOTGIG_TELEGRAM_API_BASE": telegram.base_url,
        "BOTGIG_STRIPE_API_BASE": f"http://127.0.0.1:{free_port()}",
        "BOTGIG_SMTP_URL": f"smtp://{SMTP_USER}:{SMTP_PASSWORD}@127.0.0.1:{smtp_port}",
        "BOTGIG_LOG_LEVEL": "DEBUG",
        "BOTGIG_LOG_FORMAT": "json",
    }
    async with botgig_server(tmp_path, smtp_port, settings) as base:
        issued = await agentgigs_story(base, box, receiver)

        alice = TgUser(1001, "Alice", "alice_tg", "en")
        update = telegram.user_message(alice, "/link")
        await telegram.wait_handled(update, within=15)
        replies = " ".join(m.text for m in telegram.chat(alice.id))
        found = LINK_CODE.search(replies)
        assert found, replies
        issued_codes = [found.group(1), found.group(1).replace("-", "")]

        async with httpx.AsyncClient(base_url=base, timeout=10) as http:
            metrics = await http.get("/metrics", headers={
                "Authorization": f"Bearer {configured['BOTGIG_METRICS_TOKEN']}"})
            assert metrics.status_code == 200
            assert 'botgig_chat_requests_total{method="sendMessage"' in metrics.text
            assert "botgig_outbox_deliveries_total" in metrics.text
            ready = (await http.get("/health/ready")).json()
            assert ready["parts"]["telegram"]["status"] == "ok", ready

    output = (tmp_path / "server.log").read_text()
    records = [line for line in output.splitlines() if line.startswith("{")]
    # DEBUG really was on: the bot's, the server's and our own records are all there.
    loggers = {json.loads(line)["logger"] for line in records}
    assert {"uvicorn.error", "botgig.http", "aiogram.event"} <= loggers, loggers
    assert any(json.loads(line)["level"] == "DEBUG" for line in records)
    # Everything else is the CLI's list of which parts run.
    others = [line for line in output.splitlines() if not line.startswith("{")]
    assert all(line.startswith("  ") for line in others), others

    secrets_and_tokens = [
        *configured.values(), SMTP_PASSWORD, *issued.all(), *issued_codes,
    ]
    assert len(issued.all()) == 5
    # The formatter's mask is a last guard; nothing should have needed it.
    assert "***" not in output
    for value in secrets_and_tokens:
        assert value not in output, f"{value[:6]}... is in the server's log"
