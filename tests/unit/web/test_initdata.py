"""Telegram initData: accepted only when this bot signed it recently, as Telegram documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from bots.web.initdata import InitDataError, validate_init_data
from tests.unit.web.signing import BOT_TOKEN, OTHER_BOT_TOKEN, sign_init_data

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def check(init_data: str, *, token: str = BOT_TOKEN, max_age: timedelta = HOUR) -> object:
    return validate_init_data(init_data, bot_token=token, max_age=max_age, now=NOW)


def test_good_init_data_gives_its_user() -> None:
    user = validate_init_data(
        sign_init_data(auth_date=NOW - timedelta(minutes=10)),
        bot_token=BOT_TOKEN, max_age=HOUR, now=NOW,
    )
    assert (user.id, user.username, user.language_code) == (4242, "tess_tg", "en")
    assert user.full_name == "Tess"
    assert user.auth_date == NOW - timedelta(minutes=10)


def test_a_tampered_field_is_refused() -> None:
    fields = dict(parse_qsl(sign_init_data(auth_date=NOW)))
    # Another user id under the original hash: what an attacker would try first.
    fields["user"] = fields["user"].replace("4242", "4243")
    with pytest.raises(InitDataError, match="not signed by this bot"):
        check(urlencode(fields))


def test_a_missing_hash_is_refused() -> None:
    fields = dict(parse_qsl(sign_init_data(auth_date=NOW)))
    del fields["hash"]
    with pytest.raises(InitDataError, match="not signed by this bot"):
        check(urlencode(fields))


def test_another_bots_init_data_is_refused() -> None:
    with pytest.raises(InitDataError, match="not signed by this bot"):
        check(sign_init_data(token=OTHER_BOT_TOKEN, auth_date=NOW))


def test_expired_init_data_is_refused() -> None:
    with pytest.raises(InitDataError, match="expired"):
        check(sign_init_data(auth_date=NOW - HOUR - timedelta(seconds=1)))


def test_the_maximum_age_is_the_setting() -> None:
    init_data = sign_init_data(auth_date=NOW - timedelta(hours=3))
    assert check(init_data, max_age=timedelta(hours=4))
    with pytest.raises(InitDataError, match="expired"):
        check(init_data, max_age=timedelta(hours=2))


def test_init_data_from_the_future_is_refused() -> None:
    with pytest.raises(InitDataError, match="future"):
        check(sign_init_data(auth_date=NOW + timedelta(hours=1)))


def test_init_data_without_a_user_is_refused() -> None:
    fields = {"query_id": "x", "auth_date": str(int(NOW.timestamp()))}
    import hashlib
    import hmac

    data = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", BOT_TOKEN.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, data.encode(), hashlib.sha256).hexdigest()
    with pytest.raises(InitDataError, match="no user"):
        check(urlencode(fields))


@pytest.mark.parametrize("junk", ["", "not a query", "hash=abc", "a" * 9000])
def test_junk_is_refused_with_a_reason(junk: str) -> None:
    with pytest.raises(InitDataError):
        check(junk)
