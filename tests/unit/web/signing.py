"""Telegram's side of initData, for tests: what a client hands a Mini App, signed as
https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app says."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

BOT_TOKEN = "123456:TEST-miniapp-token"
OTHER_BOT_TOKEN = "654321:another-bot-token"


def sign_init_data(
    *,
    token: str = BOT_TOKEN,
    user: dict[str, Any] | None = None,
    auth_date: datetime,
    extra: dict[str, str] | None = None,
) -> str:
    fields = {
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps(
            user or {"id": 4242, "first_name": "Tess", "username": "tess_tg",
                     "language_code": "en"},
            separators=(",", ":"),
        ),
        "auth_date": str(int(auth_date.timestamp())),
        **(extra or {}),
    }
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)
