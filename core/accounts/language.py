"""The language an account chose to be spoken to in (chat and notifications)."""

from __future__ import annotations

import re
from dataclasses import replace

from core.accounts import actors
from core.accounts.errors import LANGUAGE_INVALID
from core.accounts.model import Account
from core.shared.context import Context
from core.shared.errors import ValidationFailed

_CODE = re.compile(r"[a-z]{2,3}(_[a-z0-9]{2,4})?")


async def set_language(ctx: Context, *, account_id: int, language: str | None) -> Account:
    """Speak ``language`` (a code such as ``es`` or ``pt_br``) to the account from now on;
    None goes back to the client's language. Which languages exist is the chat layer's to
    check. Raises ``ValidationFailed`` for a malformed code, ``NotFound`` for no account."""
    code = language.strip().lower().replace("-", "_") if language is not None else None
    if code is not None and not _CODE.fullmatch(code):
        raise ValidationFailed(LANGUAGE_INVALID, field="language", language=code[:16])
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if account.language != code:
            account = replace(account, language=code)
            await uow.accounts.update(account)
            await uow.commit()
        return account
