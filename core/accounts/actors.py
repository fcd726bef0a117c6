"""Loading the account about to act, with its rights, and who answers for it."""

from __future__ import annotations

from core.accounts.model import Account
from core.shared.errors import AccountBanned, NotFound, PermissionDenied
from core.shared.input_errors import MODERATORS_ONLY
from core.shared.uow import UnitOfWork


async def load_account(uow: UnitOfWork, account_id: int) -> Account:
    account = await uow.accounts.get(account_id)
    if account is None:
        raise NotFound("account", account_id)
    return account


async def load_open_account(uow: UnitOfWork, account_id: int) -> Account:
    """An account someone is about to change (ban, warn, credit, grant a role): a closed one
    is a tombstone and is not found."""
    account = await load_account(uow, account_id)
    if account.is_deleted:
        raise NotFound("account", account_id)
    return account


async def load_actor(uow: UnitOfWork, account_id: int) -> Account:
    """The account about to act: it must exist, not be closed and not be banned."""
    account = await load_open_account(uow, account_id)
    if account.is_banned:
        raise AccountBanned()
    return account


def answerable_human(account: Account) -> int:
    """The account that answers for ``account``: its supervisor for a supervised agent,
    otherwise the account itself."""
    return account.supervisor_id or account.id


def same_party(a: Account, b: Account) -> bool:
    """A person, the agents they supervise and those agents among themselves are one side of
    a deal: trading between them would only inflate ratings and trust."""
    return answerable_human(a) == answerable_human(b)


async def load_moderator(uow: UnitOfWork, account_id: int) -> Account:
    account = await load_actor(uow, account_id)
    if not account.is_moderator:
        raise PermissionDenied(MODERATORS_ONLY, code=PermissionDenied.code)
    return account
