"""Ports of accounts, identities, API access, webhooks and link codes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.accounts.access import (
    ApiKey,
    EmailToken,
    StoredResponse,
    WebhookDelivery,
    WebhookEndpoint,
)
from core.accounts.export_model import AccountExport, AccountRecords, ExportSize
from core.accounts.model import Account, Identity, TrustStats
from core.shared.ports import Page


class AccountRepository(Protocol):
    async def add(self, account: Account) -> Account:
        """Raises ``Conflict`` when the username or email is taken."""

    async def get(self, account_id: int) -> Account | None: ...
    async def get_many(self, account_ids: Sequence[int]) -> dict[int, Account]: ...
    async def update(self, account: Account) -> None:
        """Raises ``Conflict`` when the username or email is taken."""

    async def by_username(self, username: str) -> Account | None: ...
    async def by_email(self, email: str) -> Account | None: ...
    async def by_identity(self, provider: str, external_id: str) -> Account | None: ...
    async def add_identity(self, identity: Identity) -> None:
        """Raises ``Conflict`` when that identity already belongs to an account."""

    async def remove_identity(self, provider: str, external_id: str) -> None: ...
    async def set_identity_username(
        self, provider: str, external_id: str, username: str | None
    ) -> None:
        """Record the platform name of an identity; another identity of the same provider
        holding that name (a rename seen late) loses it, since a platform name is unique."""

    async def by_platform_username(self, username: str) -> list[tuple[str, Account]]:
        """(provider, account) for every identity whose platform name is ``username``."""

    async def identities(self, account_id: int) -> list[Identity]: ...
    async def identities_many(self, account_ids: Sequence[int]) -> dict[int, list[Identity]]: ...
    async def agents_of(self, supervisor_id: int) -> list[Account]: ...
    async def with_role(self, role: str) -> list[Account]: ...
    async def trust_stats(self, account_ids: Sequence[int]) -> dict[int, TrustStats]:
        """Aggregates for the trust score, in one query for all ids (no N+1)."""


class AccountsUnit(Protocol):
    """Accounts and identities, link codes, and programmatic access (API keys, email
    verification, outbound webhooks, idempotent responses)."""

    @property
    def accounts(self) -> AccountRepository: ...
    @property
    def link_codes(self) -> LinkCodeRepository: ...
    @property
    def api_keys(self) -> ApiKeyRepository: ...
    @property
    def email_tokens(self) -> EmailTokenRepository: ...
    @property
    def webhooks(self) -> WebhookRepository: ...
    @property
    def idempotency(self) -> IdempotencyRepository: ...
    @property
    def erasure(self) -> AccountEraser: ...


# ---------------------------------------------------------------- programmatic access
# (API keys, email verification, outbound webhooks, idempotency, rate limits)


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> ApiKey: ...
    async def by_hash(self, key_hash: str) -> ApiKey | None:
        """The key with that digest, revoked or not."""

    async def for_account(self, account_id: int) -> list[ApiKey]: ...
    async def revoke(self, key_id: int, now: datetime) -> None: ...
    async def revoke_all(self, account_id: int, now: datetime) -> int:
        """Revoke every active key of the account; returns how many."""

    async def touch(self, key_id: int, now: datetime) -> None:
        """Record the last use (callers may throttle this)."""


class EmailTokenRepository(Protocol):
    async def add(self, token: EmailToken) -> EmailToken: ...
    async def by_hash(self, token_hash: str) -> EmailToken | None: ...
    async def mark_used(self, token_id: int, now: datetime) -> bool:
        """Mark an unused token used; False when it was used already (even by a racing
        request: only one caller gets True)."""


class WebhookRepository(Protocol):
    async def add(self, endpoint: WebhookEndpoint) -> WebhookEndpoint: ...
    async def get(self, endpoint_id: int) -> WebhookEndpoint | None: ...
    async def for_account(self, account_id: int) -> list[WebhookEndpoint]: ...
    async def enabled_for(self, account_ids: Sequence[int]) -> list[WebhookEndpoint]: ...
    async def update(self, endpoint: WebhookEndpoint) -> None: ...
    async def delete(self, endpoint_id: int) -> None:
        """Delete the endpoint with its delivery log."""

    async def add_delivery(self, delivery: WebhookDelivery) -> bool:
        """Queue an event for an endpoint; False (nothing changes) when that endpoint has
        that event already — the dispatcher may hand the same event over twice."""

    async def deliveries(
        self, endpoint_id: int, *, limit: int = 20, starting_after: int | None = None
    ) -> Page[WebhookDelivery]:
        """The delivery log, newest first, keyset-paged by delivery id."""

    async def claim_due(
        self, now: datetime, *, limit: int, lease_until: datetime
    ) -> list[WebhookDelivery]:
        """Pending deliveries of enabled endpoints due by ``now``, leased until
        ``lease_until`` so another sender process skips them (``SKIP LOCKED`` on
        PostgreSQL)."""

    async def update_delivery(self, delivery: WebhookDelivery) -> None:
        """Store the outcome of an attempt (and release the lease)."""

    async def fail_pending(self, endpoint_id: int, reason: str, now: datetime) -> int:
        """Give up the pending deliveries of an endpoint (disabled or deleted)."""


class IdempotencyRepository(Protocol):
    async def get(self, scope: str, key_hash: str, now: datetime) -> StoredResponse | None:
        """The unexpired stored answer, if any."""

    async def put(self, response: StoredResponse) -> bool:
        """Store an answer (or a placeholder with ``status_code`` 0 while the request runs);
        False when an unexpired one is stored for that scope and key already (a racing
        request won): the caller should read and replay that one."""

    async def finish(self, scope: str, key_hash: str, status_code: int, body: bytes) -> None:
        """Fill in the answer of a placeholder."""

    async def release(self, scope: str, key_hash: str) -> None:
        """Drop a placeholder (the request failed in a way a retry should redo)."""


class HostResolver(Protocol):
    """DNS as the webhook rules need it: the IP addresses a host name resolves to."""

    async def resolve(self, host: str) -> list[str]: ...


class Mailer(Protocol):
    """Outbound email (SMTP in production; the log when none is configured)."""

    async def send(self, *, to: str, subject: str, body: str) -> None: ...


# -- one account on several chat platforms (core.accounts.linking) -----------------------------


@dataclass(frozen=True)
class LinkCode:
    """A one-time code that links a second chat platform to ``account_id``.

    Only the SHA-256 digest of the code is stored; ``platform`` is where it was shown.
    """

    id: int
    account_id: int
    code_hash: str
    platform: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


class LinkCodeRepository(Protocol):
    async def add(self, code: LinkCode) -> LinkCode: ...
    async def by_hash(self, code_hash: str) -> LinkCode | None:
        """The code with that digest, used, expired or not."""

    async def mark_used(self, code_id: int, now: datetime) -> bool:
        """Mark an unused code used; False when it was used already (a racing redemption:
        only one caller gets True)."""

    async def delete_unused(self, account_id: int) -> int:
        """Drop the account's codes that were never used (a new code replaces them)."""


# -- closing an account (core.accounts.closing) ------------------------------------------------


class AccountEraser(Protocol):
    """Erases what only identified a closed account, in the caller's transaction. The
    account row itself becomes a tombstone through ``AccountRepository.update``; the records
    other people and the law need (orders, messages, reviews, ledgers, audit) stay."""

    async def erase_account(self, account_id: int, *, personal: Sequence[str]) -> None:
        """Delete the account's identities, API keys (and the responses stored for them),
        webhooks with their deliveries, link codes, email tokens, proofer profile, payout
        account and chat state; zero the Telegram payer id of its Stars payments; and
        replace every string of ``personal`` (its old name, username, email, platform ids)
        in the texts it wrote, its ledger memos and queued event payloads."""


# -- the data export (core.accounts.export) --------------------------------------------------


class AccountExportReader(Protocol):
    """Reads everything stored about one account for its data export, a bounded number of
    queries whatever the account's size (IN-lists by account and by its orders, no N+1)."""

    async def size(self, account_id: int) -> ExportSize:
        """How many orders and order messages the account has (the background threshold)."""

    async def load(self, account_id: int) -> AccountRecords | None:
        """The account's records; None when there is no such account."""


class AccountExportRepository(Protocol):
    """Exports prepared in the background, with their archive until it expires."""

    async def add(self, export: AccountExport) -> AccountExport: ...
    async def get(self, export_id: int) -> AccountExport | None: ...
    async def update(self, export: AccountExport) -> None: ...
    async def pending_for(self, account_id: int) -> AccountExport | None:
        """The account's export still being prepared, if any (without an archive)."""


class FileContents(Protocol):
    """The bytes of files uploaded through the API (``file:`` attachment refs)."""

    def read(self, ref: str, max_bytes: int) -> bytes | None:
        """The file's bytes when it is stored here and at most ``max_bytes`` long; None
        otherwise (another platform's file id, missing on disk, too large)."""


class FileKeeper(Protocol):
    """BotGig's own file store, written by the chat front ends: a file delivered (or sent in
    an order) on one chat platform is copied here so every platform and the API can hand it
    out (``file:`` refs, read back through ``FileContents``)."""

    @property
    def max_bytes(self) -> int:
        """The largest file the store keeps (the API's upload limit)."""

    def keep(self, order_id: int, name: str, data: bytes) -> str | None:
        """Store ``data`` under the order; its ``file:`` reference, or None when it is larger
        than ``max_bytes`` (nothing is kept)."""


class ExportUnit(Protocol):
    @property
    def export_reader(self) -> AccountExportReader: ...
    @property
    def exports(self) -> AccountExportRepository: ...
