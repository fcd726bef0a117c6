"""One account on Telegram and Discord: one-time link codes, merging a fresh account into
an established one, unlinking, and where notifications go.

The rules (docs/discord.md explains them for users):

* ``/link`` on one platform issues a code: 8 characters from an alphabet without look-alikes,
  valid ``LINK_CODE_TTL``, single use. Only its SHA-256 digest is stored; a new code
  replaces the account's unused ones.
* Entering it on the other platform links the two chat identities to one account. Unless
  they are one account already, one of the two accounts is *absorbed*: its identities move
  to the survivor. That is only allowed when the absorbed account has no activity (no
  listings, proposals, orders, agents, API keys, webhooks, deposit address, roles,
  verification, and no ledger entry but its welcome grant); when both have activity the link
  is refused, since merging order histories, ratings and balances cannot be made lossless.
* The survivor is the account that issued the code, unless only the redeeming one has
  activity. The absorbed account stays in the database, without identities (so it can no
  longer act), with an audit entry naming the survivor. Its welcome grant is not carried
  over (a second grant would let anyone mint credits by linking fresh accounts); its free
  @username moves over when the survivor has none.
* Unlinking removes one chat identity; never the account's last identity. The next message
  from the unlinked platform starts a new account there.
* Notifications go to one platform per account: the one chosen with ``/settings``, else the
  one used last, else any platform the account can be reached on (``notification_platform``).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.accounts import actors
from core.accounts import errors as E
from core.accounts.model import Account, Identity, VerificationStatus
from core.accounts.ports import LinkCode
from core.moderation.model import AuditEntry
from core.shared import ratelimit
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, RateLimited, ValidationFailed
from core.shared.ledger import CREDITS, TxType, user_account
from core.shared.uow import UnitOfWork

CHAT_PLATFORMS: tuple[str, ...] = ("telegram", "discord")
LINK_CODE_TTL = timedelta(minutes=10)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
#: Redemption attempts per account and hour (a code has 31^8 ≈ 8.5e11 values).
MAX_ATTEMPTS_PER_HOUR = 10

PLATFORM_LABELS = {"telegram": "Telegram", "discord": "Discord"}


@dataclass(frozen=True)
class IssuedCode:
    """The code to show (``ABCD-EFGH``); it is not stored anywhere in clear."""

    code: str
    platform: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkResult:
    #: The account both identities belong to now.
    account_id: int
    #: The account that was absorbed (its identities moved), or None when nothing merged.
    absorbed_id: int | None
    #: Welcome credits of the absorbed account that were not carried over.
    dropped_credits: int
    identities: tuple[Identity, ...]


def _label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform)


def _check_platform(platform: str) -> str:
    value = (platform or "").strip().lower()
    if value not in CHAT_PLATFORMS:
        raise ValidationFailed(
            E.PLATFORM_UNKNOWN,
            field="platform",
            code="validation.platform",
            platforms=" | ".join(CHAT_PLATFORMS),
        )
    return value


def normalize_code(code: str) -> str:
    """``abcd-efgh`` / ``ABCD EFGH`` → ``ABCDEFGH``; raises ``ValidationFailed`` for anything
    that cannot be a code."""
    raw = "".join(ch for ch in (code or "").upper() if ch not in " -_")
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        raise ValidationFailed(E.CODE_MALFORMED, field="code")
    return raw


def hash_code(code: str) -> str:
    return hashlib.sha256(normalize_code(code).encode()).hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


async def issue_link_code(ctx: Context, *, account_id: int, platform: str) -> IssuedCode:
    """A fresh one-time code for ``account_id``, shown on ``platform``; the account's unused
    codes stop working. Raises ``AccountBanned``."""
    platform = _check_platform(platform)
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        await actors.load_actor(uow, account_id)
        await uow.link_codes.delete_unused(account_id)
        code = _new_code()
        expires_at = now + LINK_CODE_TTL
        await uow.link_codes.add(
            LinkCode(
                id=0,
                account_id=account_id,
                code_hash=hash_code(code),
                platform=platform,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await uow.commit()
    return IssuedCode(code=_display(code), platform=platform, expires_at=expires_at)


async def account_activity(uow: UnitOfWork, account: Account) -> list[str]:
    """What an account has done that a merge would have to carry over, as short names
    (``offers``, ``orders``, ...); empty for a fresh account."""
    found: list[str] = []
    aid = account.id
    if await uow.offers.by_seller(aid):
        found.append("offers")
    if await uow.requests.by_buyer(aid):
        found.append("requests")
    if await uow.proposals.by_seller(aid):
        found.append("proposals")
    if await uow.orders.for_account(aid, limit=1):
        found.append("orders")
    history = await uow.ledger.history(aid, CREDITS, limit=20)
    if any(tx.type is not TxType.WELCOME_GRANT for tx in history):
        found.append("credit history")
    if await uow.accounts.agents_of(aid):
        found.append("agents")
    if any(key.revoked_at is None for key in await uow.api_keys.for_account(aid)):
        found.append("API keys")
    if await uow.webhooks.for_account(aid):
        found.append("webhooks")
    if await uow.deposits.address_for(aid) is not None:
        found.append("a deposit address")
    if account.roles:
        found.append("roles")
    if account.verification is not VerificationStatus.NONE:
        found.append("verification")
    if account.email:
        found.append("an email login")
    return found


def _chat_providers(identities: Sequence[Identity]) -> set[str]:
    return {i.provider for i in identities if i.provider in CHAT_PLATFORMS}


async def redeem_link_code(
    ctx: Context, *, account_id: int, platform: str, code: str
) -> LinkResult:
    """Link the account that issued ``code`` with ``account_id`` (the user entering it on
    ``platform``).

    Raises ``ValidationFailed`` (malformed, unknown or expired code, or entered on the
    platform that showed it), ``Conflict`` (used already, both accounts active, a platform
    linked twice), ``AccountBanned``, ``RateLimited`` (too many attempts).
    """
    platform = _check_platform(platform)
    digest = hash_code(code)
    now = ctx.clock.now()
    # Counted in its own transaction, so failed attempts count too.
    async with ctx.uow() as uow:
        attempts = await ratelimit.hit(
            uow.rate_limits, f"link:{account_id}",
            ratelimit.Limit(MAX_ATTEMPTS_PER_HOUR, timedelta(hours=1)), now,
        )
        await uow.commit()
    if not attempts.allowed:
        raise RateLimited(attempts.retry_after)
    async with ctx.uow() as uow:
        redeemer = await actors.load_actor(uow, account_id)
        stored = await uow.link_codes.by_hash(digest)
        if stored is None:
            raise ValidationFailed(E.CODE_UNKNOWN, field="code")
        if stored.used_at is not None:
            raise Conflict(E.CODE_USED)
        if stored.expires_at <= now:
            raise ValidationFailed(
                E.CODE_EXPIRED,
                field="code",
                minutes=int(LINK_CODE_TTL.total_seconds() // 60),
                platform=_label(stored.platform),
            )
        if stored.account_id == redeemer.id:
            raise ValidationFailed(E.OWN_CODE, field="code")
        if stored.platform == platform:
            raise ValidationFailed(E.SAME_PLATFORM, field="code", platform=_label(platform))
        issuer = await actors.load_actor(uow, stored.account_id)
        mine = await uow.accounts.identities(issuer.id)
        theirs = await uow.accounts.identities(redeemer.id)
        overlap = _chat_providers(mine) & _chat_providers(theirs)
        if overlap:
            names = " + ".join(_label(p) for p in sorted(overlap))
            raise Conflict(E.PLATFORM_TAKEN, platforms=names)
        issuer_activity = await account_activity(uow, issuer)
        redeemer_activity = await account_activity(uow, redeemer)
        if issuer_activity and redeemer_activity:
            raise Conflict(
                E.BOTH_ACTIVE,
                issuer_platform=_label(stored.platform),
                issuer_activity=", ".join(issuer_activity),
                redeemer_platform=_label(platform),
                redeemer_activity=", ".join(redeemer_activity),
            )
        if not await uow.link_codes.mark_used(stored.id, now):
            raise Conflict(E.CODE_USED)
        if redeemer_activity and not issuer_activity:
            survivor, absorbed = redeemer, issuer
        else:
            survivor, absorbed = issuer, redeemer
        moved = await uow.accounts.identities(absorbed.id)
        for identity in moved:
            await uow.accounts.remove_identity(identity.provider, identity.external_id)
        for identity in moved:
            await uow.accounts.add_identity(
                Identity(identity.provider, identity.external_id, survivor.id)
            )
        dropped = await uow.ledger.balance(user_account(absorbed.id), CREDITS)
        if absorbed.username and not survivor.username:
            name = absorbed.username
            absorbed = replace(absorbed, username=None)
            await uow.accounts.update(absorbed)
            survivor = replace(survivor, username=name, username_changes=absorbed.username_changes)
        else:
            await uow.accounts.update(absorbed)
        survivor = replace(survivor, last_platform=platform)
        await uow.accounts.update(survivor)
        await uow.link_codes.delete_unused(absorbed.id)
        note = f"linked {', '.join(f'{i.provider}:{i.external_id}' for i in moved)}"
        for subject, action in ((survivor.id, "account.linked"), (absorbed.id, "account.merged")):
            await uow.audit.add(
                AuditEntry(
                    id=0,
                    actor_id=redeemer.id,
                    action=action,
                    subject=f"account:{subject}",
                    created_at=now,
                    note=note,
                    data={"survivor_id": survivor.id, "absorbed_id": absorbed.id,
                          "dropped_credits": dropped},
                )
            )
        identities = tuple(await uow.accounts.identities(survivor.id))
        await uow.commit()
    return LinkResult(
        account_id=survivor.id,
        absorbed_id=absorbed.id,
        dropped_credits=dropped,
        identities=identities,
    )


async def unlink_platform(ctx: Context, *, account_id: int, platform: str) -> Account:
    """Remove the account's identity on ``platform``. Raises ``NotFound`` (not linked there)
    and ``PermissionDenied`` (it is the account's last identity)."""
    platform = _check_platform(platform)
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        identities = await uow.accounts.identities(account.id)
        target = [i for i in identities if i.provider == platform]
        if not target:
            raise NotFound("identity", _label(platform))
        if len(identities) <= len(target):
            raise PermissionDenied(E.LAST_IDENTITY, platform=_label(platform))
        for identity in target:
            await uow.accounts.remove_identity(identity.provider, identity.external_id)
        if account.notify_platform == platform or account.last_platform == platform:
            account = replace(
                account,
                notify_platform=None if account.notify_platform == platform
                else account.notify_platform,
                last_platform=None if account.last_platform == platform
                else account.last_platform,
            )
            await uow.accounts.update(account)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=account.id,
                action="account.unlinked",
                subject=f"account:{account.id}",
                created_at=ctx.clock.now(),
                note=", ".join(f"{i.provider}:{i.external_id}" for i in target),
            )
        )
        await uow.commit()
        return account


async def linked_identities(ctx: Context, *, account_id: int) -> list[Identity]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, account_id)
        return await uow.accounts.identities(account_id)


async def set_notify_platform(
    ctx: Context, *, account_id: int, platform: str | None
) -> Account:
    """Send notifications to ``platform`` (None: the platform used last). Raises
    ``ValidationFailed`` when the account is not linked there."""
    chosen = _check_platform(platform) if platform is not None else None
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if chosen is not None:
            identities = await uow.accounts.identities(account.id)
            if chosen not in _chat_providers(identities):
                raise ValidationFailed(E.NOT_LINKED, field="platform", platform=_label(chosen))
        if account.notify_platform != chosen:
            account = replace(account, notify_platform=chosen)
            await uow.accounts.update(account)
            await uow.commit()
        return account


def notification_platform(
    account: Account,
    identities: Sequence[Identity],
    available: Collection[str] = CHAT_PLATFORMS,
) -> str | None:
    """The one chat platform that gets the account's notifications, among the ``available``
    front ends it has an identity on: the chosen one, else the one used last, else the first
    of ``CHAT_PLATFORMS`` it can be reached on; None when it cannot be reached in chat.

    Every front end's notifier asks this same question, so a notification goes to exactly
    one platform, and never to a platform the account cannot be reached on.
    """
    reachable = [p for p in CHAT_PLATFORMS if p in available and p in _chat_providers(identities)]
    for preferred in (account.notify_platform, account.last_platform):
        if preferred in reachable:
            return preferred
    return reachable[0] if reachable else None
