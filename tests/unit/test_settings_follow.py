"""Settings that follow each other (the public URL, the data directory and the default
database), the warning for a misspelt BOTGIG_* name, and the optional extras saying when
they are missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

import botgig
from botgig import charts, crypto
from botgig import stripe as stripe_wiring
from botgig.settings import Settings, default_data_dir, unknown_setting_warnings

# The same autouse fixture: a developer's or CI's BOTGIG_* variables change nothing here.
from tests.unit.test_settings import _clean_environment  # noqa: F401

CHECKOUT = Path(botgig.__file__).resolve().parents[1]


def test_public_url_follows_the_api_port_and_host() -> None:
    assert Settings(_env_file=None, api_port=9100).public_url == "http://127.0.0.1:9100"
    assert (
        Settings(_env_file=None, api_host="10.1.2.3", api_port=81).public_url
        == "http://10.1.2.3:81"
    )
    # A wildcard bind is reachable on loopback; an IPv6 literal needs brackets in a URL.
    assert Settings(_env_file=None, api_host="0.0.0.0").public_url == "http://127.0.0.1:8000"
    assert Settings(_env_file=None, api_host="::1").public_url == "http://[::1]:8000"


def test_an_explicit_public_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOTGIG_API_PORT", "9100")
    monkeypatch.setenv("BOTGIG_PUBLIC_URL", "https://botgig.example/")
    assert Settings(_env_file=None).public_url == "https://botgig.example"


def test_the_port_from_the_environment_reaches_the_public_url(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOTGIG_API_PORT", "8123")
    monkeypatch.setenv("BOTGIG_PUBLIC_URL", "")  # empty counts as unset, as in .env.example
    assert Settings(_env_file=None).public_url == "http://127.0.0.1:8123"


def test_default_data_dir_is_the_checkouts_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None)
    assert default_data_dir() == CHECKOUT / "data"
    assert settings.data_dir == CHECKOUT / "data"
    assert settings.database_url == f"sqlite+aiosqlite:///{CHECKOUT.as_posix()}/data/botgig.db"


def test_a_relative_data_dir_is_resolved_once_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOTGIG_DATA_DIR", "state")
    settings = Settings(_env_file=None)
    monkeypatch.chdir(CHECKOUT)

    state = tmp_path.resolve() / "state"
    assert settings.data_dir == state
    assert settings.database_url == f"sqlite+aiosqlite:///{state.as_posix()}/botgig.db"


def test_an_explicit_database_url_is_kept(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://botgig:s3cret@db.internal:5432/botgig"
    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=url)
    assert settings.database_url == url
    assert settings.masked_database_url() == "postgresql+asyncpg://botgig:***@db.internal:5432/botgig"
    assert "s3cret" not in repr(settings)


def test_env_example_leaves_the_following_settings_empty() -> None:
    # Copied to .env as is, it must not pin values the others would derive.
    text = (CHECKOUT / ".env.example").read_text()
    for name in ("BOTGIG_DATABASE_URL", "BOTGIG_DATA_DIR", "BOTGIG_PUBLIC_URL"):
        assert f"\n{name}=\n" in text, name


def test_a_misspelt_setting_is_named_with_the_closest_one(tmp_path: Path) -> None:
    warnings = unknown_setting_warnings(
        {"BOTGIG_API_PROT": "9000", "BOTGIG_API_PORT": "8000", "PATH": "/bin"},
        env_file=tmp_path / "absent.env",
    )
    assert warnings == [
        "BOTGIG_API_PROT (in the environment) is not a BotGig setting and is ignored; "
        "did you mean BOTGIG_API_PORT?"
    ]


def test_a_misspelt_setting_in_the_env_file_is_named_too(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("BOTGIG_TELEGRAM_TOKN=123:abc\nBOTGIG_CURRENCY=eur\nbotgig_zzz_qqq=1\n")

    warnings = unknown_setting_warnings({}, env_file=env_file)

    assert warnings == [
        f"BOTGIG_TELEGRAM_TOKN (in {env_file}) is not a BotGig setting and is ignored; "
        "did you mean BOTGIG_TELEGRAM_TOKEN?",
        f"botgig_zzz_qqq (in {env_file}) is not a BotGig setting and is ignored; "
        "see .env.example for the settings",
    ]


def test_known_names_and_the_test_suites_switches_are_not_warned_about() -> None:
    environ = {f"BOTGIG_{name.upper()}": "x" for name in Settings.model_fields}
    environ["BOTGIG_TEST_POSTGRES_URL"] = "postgresql+asyncpg://postgres@127.0.0.1/test"
    assert unknown_setting_warnings(environ, env_file=None) == []


@pytest.fixture
def missing(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Make ``find_spec`` report these top-level modules as not installed."""
    absent: set[str] = set()
    real = importlib.util.find_spec

    def find_spec(name: str, *args: Any, **kwargs: Any) -> Any:
        return None if name in absent else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    return absent


def test_without_matplotlib_stats_has_no_chart(missing: set[str]) -> None:
    assert charts.chart_renderer() is charts.requests_chart
    missing.add("matplotlib")
    assert charts.chart_renderer() is None


def test_without_the_crypto_extra_crypto_top_ups_are_off_and_say_why(
    missing: set[str], tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None, data_dir=tmp_path, deposit_xpub="xpub-any", chain_rpc_url="http://rpc"
    )
    assert crypto.why_crypto_is_off(settings) is None
    missing.add("web3")
    reason = crypto.why_crypto_is_off(settings)
    assert reason is not None and "web3 not installed" in reason and "EXTRAS=crypto" in reason
    assert crypto.crypto_from(settings) is None


def test_without_the_stripe_extra_escrow_is_off_and_says_why(
    missing: set[str], tmp_path: Path
) -> None:
    settings = Settings(
        _env_file=None,
        data_dir=tmp_path,
        stripe_secret_key="sk_test_x",
        stripe_webhook_secret="whsec_x",
    )
    assert stripe_wiring.why_escrow_is_off(settings) is None
    missing.add("stripe")
    reason = stripe_wiring.why_escrow_is_off(settings)
    assert reason is not None and "EXTRAS=stripe" in reason
    assert stripe_wiring.gateway_from(settings) is None
