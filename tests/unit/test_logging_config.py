"""One log format, secrets masked, the request's fields on every record."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from api.mail import LogMailer
from botgig.logging_config import configure_logging, secrets_of
from botgig.settings import Settings
from core.shared.logcontext import bind, log_scope


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    stream = io.StringIO()
    yield stream
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def _configure(stream: io.StringIO, fmt: str, secrets: list[str] = []) -> None:  # noqa: B006
    handler = configure_logging(level="DEBUG", fmt=fmt, secrets=secrets)  # type: ignore[arg-type]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(stream)


def test_json_is_one_object_per_line_with_the_bound_fields(captured: io.StringIO) -> None:
    _configure(captured, "json")
    log = logging.getLogger("botgig.test")
    with log_scope(request_id="r-1"):
        bind(account_id=42)
        try:
            raise ValueError("boom")
        except ValueError:
            log.exception("it failed\non two lines")
    logging.getLogger("uvicorn.error").info("from uvicorn")
    lines = captured.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "it failed\non two lines"
    assert first["level"] == "ERROR" and first["logger"] == "botgig.test"
    assert first["request_id"] == "r-1" and first["account_id"] == "42"
    assert "ValueError: boom" in first["exc_info"]
    assert second["logger"] == "uvicorn.error" and "request_id" not in second


def test_text_lines_have_one_shape(captured: io.StringIO) -> None:
    _configure(captured, "text")
    with log_scope(request_id="abc"):
        logging.getLogger("aiogram.event").info("Update id=1 is handled")
    line = captured.getvalue().strip()
    assert line.endswith("INFO aiogram.event: Update id=1 is handled request_id=abc")
    assert line[:4].isdigit() and "T" in line.split()[0] and line.split()[0].endswith("Z")


def test_configured_secrets_and_token_shapes_are_masked(captured: io.StringIO) -> None:
    settings = Settings(
        _env_file=None,
        telegram_token=SecretStr("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"),
        stripe_secret_key=SecretStr("sk_test_abcdefgh12345678"),
        smtp_url=SecretStr("smtp+starttls://mailer:p%40ss-w0rd!@mail.example:587"),
        database_url="postgresql+asyncpg://botgig:db-pa55word@db/botgig",
    )
    secrets = secrets_of(settings)
    assert "p@ss-w0rd!" in secrets and "db-pa55word" in secrets
    _configure(captured, "text", secrets)
    log = logging.getLogger("botgig.test")
    log.debug("connecting with p@ss-w0rd! and db-pa55word")
    log.debug("url https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/x")
    log.debug("issued bg_%s and whsec_%s", "k" * 30, "Zm9vYmFyYmF6cXV4cXV1eA==")
    out = captured.getvalue()
    for secret in (*secrets, "bg_" + "k" * 30, "whsec_Zm9vYmFyYmF6cXV4cXV1eA=="):
        assert secret not in out
    assert out.count("***") >= 5


def test_sqlite_driver_and_sql_echo_stay_quiet_at_debug(captured: io.StringIO) -> None:
    _configure(captured, "text")
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("sqlalchemy.engine").isEnabledFor(logging.INFO)
    assert logging.getLogger("botgig").isEnabledFor(logging.DEBUG)


async def test_without_smtp_the_log_says_how_to_verify_not_the_token(
    captured: io.StringIO,
) -> None:
    _configure(captured, "text")
    await LogMailer().send(
        to="agent@example.com", subject="Verify your email for BotGig",
        body="Verification token: tok-SECRET-123",
    )
    out = captured.getvalue()
    assert "tok-SECRET-123" not in out
    assert "botgig accounts verify-email agent@example.com" in out
    assert "not sent" in out


def test_a_bad_log_format_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="log format must be text or json"):
        Settings(_env_file=None, log_format="xml")
