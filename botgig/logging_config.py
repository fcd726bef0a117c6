"""One log format for every part of BotGig: ours, uvicorn's, aiogram's, discord.py's.

``configure_logging`` puts one handler on the root logger; every library logger propagates to
it. ``BOTGIG_LOG_FORMAT=text`` is for people, ``json`` for machines (one object per line, so a
traceback never splits a record). Each record carries the fields bound to its task
(``core.shared.logcontext``: request id, account id).

No secret reaches a log at any level: libraries that log their SQL parameters or call
arguments at DEBUG are kept at INFO, the engine hides parameters (storage.db), and, as a last
guard, the formatter masks every configured secret and anything shaped like an issued key.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr

from botgig.settings import Settings
from core.shared.logcontext import log_fields

LogFormat = Literal["text", "json"]
MASK = "***"

#: Shapes of credentials BotGig issues or holds: API keys, webhook secrets, Stripe keys,
#: Telegram bot tokens. A value of these shapes is masked even if nobody configured it.
_TOKEN_SHAPES = re.compile(
    r"\bbg_[A-Za-z0-9_-]{16,}"
    r"|\bwhsec_[A-Za-z0-9+/=]{16,}"
    r"|\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}"
    r"|\b\d{6,12}:[A-Za-z0-9_-]{30,}"
)

#: Loggers that write call arguments or SQL parameters at DEBUG: capped at INFO.
_ARGUMENT_LOGGERS = ("aiosqlite", "asyncpg", "httpcore", "hpack", "multipart")

#: uvicorn adds an ANSI-coloured copy of its message.
_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class Redactor:
    """Masks the configured secrets and the shapes of issued tokens in a line of text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return _TOKEN_SHAPES.sub(MASK, text)


def _extra(record: logging.LogRecord) -> dict[str, Any]:
    """Fields bound to the task, then those passed as ``extra=`` to the call."""
    fields: dict[str, Any] = dict(log_fields())
    for name, value in record.__dict__.items():
        if name not in _RESERVED and not name.startswith("_"):
            fields[name] = value
    return fields


def _timestamp(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class TextFormatter(logging.Formatter):
    """``2026-01-31T12:00:00.000Z INFO botgig.workers: message request_id=...``."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname} {record.name}: {record.getMessage()}"
        extra = _extra(record)
        if extra:
            line += " " + " ".join(f"{k}={v}" for k, v in extra.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        if record.stack_info:
            line += "\n" + self.formatStack(record.stack_info)
        return self.redact(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per record and line: time, level, logger, message, the bound fields,
    and ``exc_info`` as text."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data.update(_extra(record))
        if record.exc_info:
            data["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack_info"] = self.formatStack(record.stack_info)
        return self.redact(json.dumps(data, default=str, ensure_ascii=False))


def configure_logging(
    *, level: str = "INFO", fmt: LogFormat = "text", secrets: Iterable[str] = ()
) -> logging.Handler:
    """Route every logger to one stderr handler in ``fmt``; returns that handler."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(redact) if fmt == "json" else TextFormatter(redact))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # uvicorn's own config would give its loggers handlers of their own: ours instead
    # (the server is started with log_config=None). The API writes its own request line,
    # without the query string uvicorn's access log prints (a verification link has a token).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        lib = logging.getLogger(name)
        lib.handlers.clear()
        lib.propagate = True
    logging.getLogger("uvicorn.access").disabled = True
    # SQL echo at DEBUG means every statement of every poll: kept for warnings only.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    for name in _ARGUMENT_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    if level != "DEBUG":
        # Alembic narrates every plugin it loads at INFO; the migration result is enough.
        logging.getLogger("alembic").setLevel(logging.WARNING)
    return handler


def use_metrics_dir(directory: Path) -> None:
    """Turn on prometheus-client's multiprocess mode: the processes of this host write their
    counters to files in ``directory``, and /metrics adds them up.

    Must run before any metric is created (the library picks its value store then), so the
    CLI calls it first thing.
    """
    directory.mkdir(parents=True, exist_ok=True)
    # The library reads its own variable (it is not a BotGig setting).
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    from prometheus_client import values

    values.ValueClass = values.MultiProcessValue()  # type: ignore[no-untyped-call]


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value the settings hold: the secret settings, and the passwords inside
    the database and SMTP URLs."""
    found: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
    for url in (settings.database_url, settings.smtp_url.get_secret_value()
                if settings.smtp_url else ""):
        password = urlsplit(url).password if "://" in url else None
        if password:
            found.extend({password, unquote(password)})
    return found


def setup(settings: Settings) -> None:
    """The process's logging and metrics, from the settings (the CLI's first step)."""
    if settings.metrics_dir is not None:
        use_metrics_dir(settings.metrics_dir)
    configure_logging(
        level=settings.log_level, fmt=settings.log_format, secrets=secrets_of(settings)
    )
