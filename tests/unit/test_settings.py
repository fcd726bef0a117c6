"""Settings: defaults, parsing of the text formats, and that secrets stay out of reprs."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import botgig
from botgig.settings import Settings, parse_duration, parse_identities

ENV_EXAMPLE = Path(botgig.__file__).resolve().parents[1] / ".env.example"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's or CI's BOTGIG_* variables must not change what these tests see."""
    for name in list(os.environ):
        if name.startswith("BOTGIG_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    settings = Settings(_env_file=None)

    checkout = Path(botgig.__file__).resolve().parents[1]
    assert settings.data_dir == checkout / "data"
    assert settings.database_url == f"sqlite+aiosqlite:///{checkout.as_posix()}/data/botgig.db"
    assert (settings.api_host, settings.api_port) == ("127.0.0.1", 8000)
    assert settings.public_url == "http://127.0.0.1:8000"
    assert settings.telegram_token is None
    assert settings.telegram_api_base == "https://api.telegram.org"
    assert settings.discord_token is None
    assert settings.stripe_secret_key is None
    assert settings.platform_fee_bps == 1000
    assert settings.release_cooldown == timedelta(hours=24)
    assert settings.currency == "usd"
    assert settings.chain_id == 1
    assert settings.deposit_confirmations == 12
    assert settings.webhook_allow_private is False
    assert settings.moderator_identities() == []
    assert settings.owner_identities() == []
    assert settings.welcome_grant == 100
    assert settings.price_publish_offer == 10
    assert settings.price_api_access == 20
    assert settings.auto_approve_days == 3
    assert settings.log_level == "INFO"


def test_reads_prefixed_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTGIG_API_PORT", "9000")
    monkeypatch.setenv("BOTGIG_RELEASE_COOLDOWN", "30m")
    monkeypatch.setenv("BOTGIG_WEBHOOK_ALLOW_PRIVATE", "true")
    monkeypatch.setenv("BOTGIG_TELEGRAM_ADMIN_CHAT_ID", "-1001234")

    settings = Settings(_env_file=None)

    assert settings.api_port == 9000
    assert settings.release_cooldown == timedelta(minutes=30)
    assert settings.webhook_allow_private is True
    assert settings.telegram_admin_chat_id == -1001234


def test_empty_values_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTGIG_TELEGRAM_TOKEN", "")
    monkeypatch.setenv("BOTGIG_DISCORD_GUILD_ID", "")

    settings = Settings(_env_file=None)

    assert settings.telegram_token is None
    assert settings.discord_guild_id is None


def test_env_example_lists_every_setting_with_a_comment() -> None:
    lines = ENV_EXAMPLE.read_text().splitlines()
    names = {}
    for index, line in enumerate(lines):
        match = re.fullmatch(r"BOTGIG_([A-Z0-9_]+)=(.*)", line)
        if match:
            names[match.group(1).lower()] = match.group(2)
            assert lines[index - 1].startswith("# "), f"{line} has no comment above it"

    assert set(names) == set(Settings.model_fields)


def test_env_example_as_is_gives_the_defaults() -> None:
    assert Settings(_env_file=ENV_EXAMPLE) == Settings(_env_file=None)


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BOTGIG_MODERATORS=telegram:1\nBOTGIG_CURRENCY=EUR\nOTHER=ignored\n")

    settings = Settings(_env_file=env_file)

    assert settings.moderator_identities() == [("telegram", "1")]
    assert settings.currency == "eur"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h", timedelta(hours=24)),
        ("30m", timedelta(minutes=30)),
        ("2d", timedelta(days=2)),
        ("90s", timedelta(seconds=90)),
        ("90", timedelta(seconds=90)),
        (" 1h30m ", timedelta(hours=1, minutes=30)),
        ("0", timedelta(0)),
        (3600, timedelta(hours=1)),
        (timedelta(minutes=5), timedelta(minutes=5)),
    ],
)
def test_cooldown_durations(text: object, expected: timedelta) -> None:
    assert parse_duration(text) == expected
    assert Settings(_env_file=None, release_cooldown=text).release_cooldown == expected


@pytest.mark.parametrize(
    "bad", ["soon", "24x", "h", "1.5h", "-5", "24h x", "", "9" * 30, -1, 1.5, True]
)
def test_bad_cooldown_is_refused_with_the_accepted_forms(bad: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, release_cooldown=bad)

    message = str(caught.value)
    assert "release_cooldown" in message
    assert "invalid duration" in message


def test_bad_cooldown_message_names_the_forms() -> None:
    with pytest.raises(ValueError, match=r"invalid duration 'soon'.*seconds.*24h"):
        parse_duration("soon")


def test_moderator_identities() -> None:
    settings = Settings(
        _env_file=None,
        moderators=" telegram:123 , discord:456,Telegram:789,telegram:123,",
        owners="discord:1",
    )

    assert settings.moderator_identities() == [
        ("telegram", "123"),
        ("discord", "456"),
        ("telegram", "789"),
    ]
    assert settings.owner_identities() == [("discord", "1")]


@pytest.mark.parametrize(
    "bad",
    ["telegram", "telegram:", "telegram:x", "slack:1", "123", "telegram:-5", "tg:1;discord:2"],
)
def test_bad_moderators_are_refused_with_the_format(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, moderators=f"discord:1,{bad}")

    message = str(caught.value)
    assert "BOTGIG_MODERATORS" in message
    assert "telegram:123,discord:456" in message


def test_bad_owners_name_their_setting() -> None:
    with pytest.raises(ValueError, match="BOTGIG_OWNERS"):
        Settings(_env_file=None, owners="nobody")
    with pytest.raises(ValueError, match="BOTGIG_X: 'a:b'"):
        parse_identities("a:b", setting="BOTGIG_X")


@pytest.mark.parametrize("bps", [-1, 10_001])
def test_platform_fee_out_of_range(bps: int) -> None:
    with pytest.raises(ValidationError, match="between 0 and 10000 basis points"):
        Settings(_env_file=None, platform_fee_bps=bps)


@pytest.mark.parametrize("bps", [0, 10_000])
def test_platform_fee_bounds_are_allowed(bps: int) -> None:
    assert Settings(_env_file=None, platform_fee_bps=bps).platform_fee_bps == bps


@pytest.mark.parametrize("currency", ["us", "dollar", "u$d", ""])
def test_bad_currency(currency: str) -> None:
    with pytest.raises(ValidationError, match="3-letter ISO 4217"):
        Settings(_env_file=None, currency=currency)


def test_bad_log_level() -> None:
    with pytest.raises(ValidationError, match="log level must be one of"):
        Settings(_env_file=None, log_level="loud")
    assert Settings(_env_file=None, log_level="debug").log_level == "DEBUG"


def test_data_dir_moves_the_default_database(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path.as_posix()}/botgig.db"

    explicit = Settings(_env_file=None, data_dir=tmp_path, database_url="sqlite+aiosqlite://")
    assert explicit.database_url == "sqlite+aiosqlite://"


def test_secrets_are_not_shown() -> None:
    secrets: dict[str, Any] = {
        "telegram_token": "123456:tg-token-value",
        "telegram_webhook_secret": "tg-webhook-secret-value",
        "discord_token": "discord-token-value",
        "stripe_secret_key": "sk_test_stripe-key-value",
        "stripe_webhook_secret": "whsec_stripe-webhook-value",
        "smtp_url": "smtp+starttls://user:smtp-password-value@host:587",
        "chain_rpc_url": "https://mainnet.example/v3/rpc-key-value",
    }
    settings = Settings(
        _env_file=None,
        database_url="postgresql+asyncpg://bob:db-password-value@db:5432/botgig",
        **secrets,
    )

    shown = repr(settings) + str(settings)
    for value in [*secrets.values(), "db-password-value"]:
        assert value not in shown
    dumped = settings.model_dump_json()
    for value in secrets.values():
        assert value not in dumped
    assert settings.telegram_token is not None
    assert settings.telegram_token.get_secret_value() == "123456:tg-token-value"
    assert settings.database_url.endswith("bob:db-password-value@db:5432/botgig")
