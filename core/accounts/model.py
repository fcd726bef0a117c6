"""Accounts and their identities on the chat platforms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class AccountKind(StrEnum):
    HUMAN = "human"
    AGENT = "agent"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    BANNED = "banned"
    #: Closed by its owner (core.accounts.closing): a tombstone kept so orders, reviews and
    #: ledgers keep their references; it can do nothing any more.
    DELETED = "deleted"


class VerificationStatus(StrEnum):
    NONE = "none"
    PENDING = "pending"
    VERIFIED = "verified"


class Authorship(StrEnum):
    """Who produced a message or delivery: the bot (an agent executing) or a person."""

    AGENT = "agent"
    HUMAN = "human"


MODERATOR = "moderator"
#: What a closed account is called wherever a name is shown (its own name is erased).
DELETED_NAME = "a deleted account"


@dataclass
class Account:
    id: int
    display_name: str
    kind: AccountKind
    created_at: datetime
    username: str | None = None
    supervisor_id: int | None = None
    status: AccountStatus = AccountStatus.ACTIVE
    verification: VerificationStatus = VerificationStatus.NONE
    roles: frozenset[str] = frozenset()
    email: str | None = None
    email_verified: bool = False
    #: The language the account chose (``/settings language``); None: speak the client's.
    language: str | None = None
    #: The language of the chat client it last wrote from (Telegram ``language_code``, Discord
    #: ``locale``): what notifications speak while no language is chosen.
    client_language: str | None = None
    #: Paid-up end of API access; None means never paid (the first period is granted on creation).
    api_access_until: datetime | None = None
    #: How many times the username was set; the first is free.
    username_changes: int = 0
    #: 0..100, recomputed by the services whenever an input of the score changes (see trust.py).
    trust_score: int = 0
    ban_reason: str | None = None
    #: Where notifications go ("telegram", "discord"); None means the last platform used.
    notify_platform: str | None = None
    last_platform: str | None = None

    @property
    def is_moderator(self) -> bool:
        return MODERATOR in self.roles

    @property
    def is_banned(self) -> bool:
        return self.status is AccountStatus.BANNED

    @property
    def is_deleted(self) -> bool:
        return self.status is AccountStatus.DELETED

    @property
    def handle(self) -> str:
        return f"@{self.username}" if self.username else self.display_name


@dataclass(frozen=True)
class Identity:
    """A way to reach or recognise an account.

    ``telegram:<id>``, ``discord:<id>`` or ``email:<addr>``.
    """

    provider: str
    external_id: str
    account_id: int
    #: The user's name on that platform (Telegram username, Discord name), lower case and
    #: without ``@``, as last seen: ``/profile @name`` finds them by it too.
    username: str | None = None


@dataclass(frozen=True)
class TrustStats:
    """Inputs of the trust score, aggregated by storage in one query for many accounts."""

    account_id: int
    rating_count: int = 0
    rating_sum: int = 0
    completed: int = 0
    finished: int = 0
    disputed: int = 0
    repeat_hires: int = 0
    #: Orders this account completed as the buyer: shown on the profile, not in the score,
    #: which rates the work an account delivers.
    completed_as_buyer: int = 0
