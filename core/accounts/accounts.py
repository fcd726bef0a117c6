"""Accounts: first contact from a chat platform, registration, agents and their supervisors,
usernames, verification, bans and API access."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from core.accounts import actors
from core.accounts import errors as E
from core.accounts.model import (
    MODERATOR,
    Account,
    AccountKind,
    AccountStatus,
    Identity,
    TrustStats,
    VerificationStatus,
)
from core.credits import spending
from core.listings.model import OfferStatus, RequestStatus
from core.moderation.model import AuditEntry
from core.orders import trust
from core.orders.model import OrderStatus
from core.orders.trust import TrustBreakdown, compute_trust
from core.shared import events as ev
from core.shared import ledger
from core.shared import validation as v
from core.shared.context import Context
from core.shared.errors import (
    AccountBanned,
    ApiAccessUnpaid,
    Conflict,
    InsufficientCredits,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from core.shared.events import DomainEvent
from core.shared.ledger import CREDITS, TxType
from core.shared.uow import UnitOfWork

CHAT_PROVIDERS = frozenset({"telegram", "discord"})
BANNED_HIDE_REASON = "account banned"
MAX_AGENTS = 20


@dataclass(frozen=True)
class Profile:
    account: Account
    trust: TrustBreakdown
    supervisor: Account | None
    identities: tuple[Identity, ...]
    #: Orders completed as the buyer (``trust.completed`` counts those delivered as seller).
    completed_as_buyer: int = 0


async def create_account_in(
    ctx: Context,
    uow: UnitOfWork,
    *,
    display_name: str,
    kind: AccountKind,
    supervisor_id: int | None = None,
    email: str | None = None,
    language: str | None = None,
    platform: str | None = None,
    client_language: str | None = None,
) -> Account:
    """Create an account with the welcome grant and its first API-access period inside the
    caller's unit of work (registration adds identities and keys in the same transaction)."""
    now = ctx.clock.now()
    account = await uow.accounts.add(
        Account(
            id=0,
            display_name=v.name("display_name", display_name, max_len=64),
            kind=kind,
            created_at=now,
            supervisor_id=supervisor_id,
            email=email,
            language=language,
            last_platform=platform,
            client_language=client_language,
            # The first API-access period comes with the account (DESIGN §2).
            api_access_until=now + timedelta(days=ctx.rules.api_access_days),
        )
    )
    grant = ctx.prices.welcome_grant
    if grant > 0:
        await uow.ledger.post(
            ledger.transfer(
                type=TxType.WELCOME_GRANT,
                asset=CREDITS,
                source=ledger.WORLD_GRANTS,
                destination=ledger.user_account(account.id),
                amount=grant,
                idempotency_key=f"welcome:{account.id}",
                memo="Welcome grant",
                account_id=account.id,
            )
        )
    await trust.refresh_trust(ctx, uow, [account.id])
    return await actors.load_account(uow, account.id)


async def ensure_chat_account(
    ctx: Context,
    *,
    provider: str,
    external_id: str,
    display_name: str,
    client_language: str | None = None,
    username: str | None = None,
) -> tuple[Account, bool]:
    """The account behind a chat user, created on first contact with the welcome grant.
    Returns (account, created). Also records the platform, the client's language and the
    user's platform ``username`` as the last ones seen (written only when they change: most
    updates write nothing)."""
    if provider not in CHAT_PROVIDERS:
        raise ValueError(f"unknown chat provider {provider!r}")
    name = platform_username(username)

    async def known_username(uow: UnitOfWork, account: Account) -> str | None:
        return next(
            (
                i.username
                for i in await uow.accounts.identities(account.id)
                if (i.provider, i.external_id) == (provider, external_id)
            ),
            None,
        )

    # Nearly every chat update comes from a known user with nothing new: read it without
    # the write lock, and take a writing unit only when something is to be written.
    async with ctx.uow(read_only=True) as uow:
        account = await uow.accounts.by_identity(provider, external_id)
        if (
            account is not None
            and account.last_platform == provider
            and account.client_language == (client_language or account.client_language)
            and (username is None or await known_username(uow, account) == name)
        ):
            return account, False
    async with ctx.uow() as uow:
        account = await uow.accounts.by_identity(provider, external_id)
        if account is not None:
            changed = False
            language = client_language or account.client_language
            if account.last_platform != provider or account.client_language != language:
                account = replace(account, last_platform=provider, client_language=language)
                await uow.accounts.update(account)
                changed = True
            if username is not None and await known_username(uow, account) != name:
                await uow.accounts.set_identity_username(provider, external_id, name)
                changed = True
            if changed:
                await uow.commit()
            return account, False
        account = await create_account_in(
            ctx,
            uow,
            display_name=v.platform_name(display_name),
            kind=AccountKind.HUMAN,
            platform=provider,
            client_language=client_language,
        )
        await uow.accounts.add_identity(Identity(provider, external_id, account.id))
        if name is not None:
            await uow.accounts.set_identity_username(provider, external_id, name)
        await uow.commit()
        return account, True


_PLATFORM_NAME = re.compile(r"[a-z0-9_.]{1,64}\Z")


def platform_username(raw: str | None) -> str | None:
    """A platform's user name as stored and looked up: lower case, without ``@``; ``None``
    for none or one that no platform issues (Telegram: letters, digits, ``_``; Discord:
    also ``.``)."""
    if not raw:
        return None
    name = raw.strip().removeprefix("@").lower()
    return name if _PLATFORM_NAME.match(name) else None


async def register_account(
    ctx: Context, *, email: str, display_name: str, kind: AccountKind = AccountKind.AGENT
) -> Account:
    """An account registered through the API with its email (unverified until the link is
    opened). An agent with its own verified email answers for itself until supervised."""
    address = v.email(email)
    async with ctx.uow() as uow:
        if await uow.accounts.by_email(address) is not None:
            raise Conflict(E.EMAIL_TAKEN)
        account = await create_account_in(
            ctx, uow, display_name=display_name, kind=kind, email=address
        )
        await uow.accounts.add_identity(Identity("email", address, account.id))
        await uow.commit()
        return account


async def create_agent(ctx: Context, *, supervisor_id: int, display_name: str) -> Account:
    """An agent account answered for by ``supervisor_id`` (a human)."""
    async with ctx.uow() as uow:
        supervisor = await actors.load_actor(uow, supervisor_id)
        if supervisor.kind is not AccountKind.HUMAN:
            raise PermissionDenied(E.HUMANS_SUPERVISE, code=PermissionDenied.code)
        agents = [a for a in await uow.accounts.agents_of(supervisor.id) if not a.is_deleted]
        if len(agents) >= MAX_AGENTS:
            raise ValidationFailed(
                E.TOO_MANY_AGENTS, field="agents", code="validation.agents", limit=MAX_AGENTS
            )
        agent = await create_account_in(
            ctx,
            uow,
            display_name=display_name,
            kind=AccountKind.AGENT,
            supervisor_id=supervisor.id,
            language=supervisor.language,
        )
        # An agent answers through its supervisor's verified email.
        agent = replace(agent, email_verified=supervisor.email_verified or supervisor.email is None)
        await uow.accounts.update(agent)
        await uow.commit()
        return agent


async def list_agents(ctx: Context, *, supervisor_id: int) -> list[Account]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, supervisor_id)
        # A closed agent stays a tombstone for its orders, but is no longer one of yours.
        return [a for a in await uow.accounts.agents_of(supervisor_id) if not a.is_deleted]


async def change_username(ctx: Context, *, account_id: int, username: str) -> Account:
    """The first username is free; each later change costs the price list's fee."""
    name = v.username(username)
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        if account.username == name:
            return account
        holder = await uow.accounts.by_username(name)
        if holder is not None:
            raise Conflict(E.USERNAME_TAKEN, name=name)
        if account.username_changes > 0:
            await spending.spend_credits(
                ctx,
                uow,
                account_id=account.id,
                tx_type=TxType.SPEND_USERNAME,
                amount=ctx.prices.username_change,
                idempotency_key=f"username:{account.id}:{account.username_changes}",
                memo=f"Username change to @{name}",
            )
        account = replace(account, username=name, username_changes=account.username_changes + 1)
        await uow.accounts.update(account)
        await uow.commit()
        return account


async def get_profile(ctx: Context, *, account_id: int) -> Profile:
    async with ctx.uow(read_only=True) as uow:
        account = await actors.load_account(uow, account_id)
        stats = (await uow.accounts.trust_stats([account.id])).get(
            account.id, TrustStats(account.id)
        )
        trust = compute_trust(
            stats,
            verified=account.verification is VerificationStatus.VERIFIED,
            created_at=account.created_at,
            now=ctx.clock.now(),
        )
        supervisor = (
            await uow.accounts.get(account.supervisor_id) if account.supervisor_id else None
        )
        identities = tuple(await uow.accounts.identities(account.id))
        return Profile(account, trust, supervisor, identities, stats.completed_as_buyer)


async def find_person(ctx: Context, *, reference: str, platform: str | None = None) -> Account:
    """An account by ``#id``, BotGig ``@username``, or else the name its user has on a chat
    platform (``@alice`` for Telegram's alice). When that name belongs to different people
    on different platforms, the one on ``platform`` (where the question is asked) wins;
    otherwise raises ``Conflict`` (``account.name_ambiguous``). Raises ``NotFound``."""
    try:
        return await find_account(ctx, reference=reference)
    except NotFound:
        name = platform_username(reference)
        if name is None:
            raise
    async with ctx.uow(read_only=True) as uow:
        found = await uow.accounts.by_platform_username(name)
    local = [account for provider, account in found if provider == platform]
    people = {a.id: a for a in local} or {a.id: a for _, a in found}
    if not people:
        raise NotFound("account", reference.strip())
    if len(people) > 1:
        platforms = ", ".join(sorted({provider for provider, _ in found}))
        raise Conflict(E.NAME_AMBIGUOUS, name=name, platforms=platforms)
    return next(iter(people.values()))


async def find_account(ctx: Context, *, reference: str) -> Account:
    """An account by ``@username``, ``#id`` or a plain id."""
    ref = reference.strip()
    async with ctx.uow(read_only=True) as uow:
        account: Account | None = None
        if ref.lstrip("#").isdigit():
            account = await uow.accounts.get(int(ref.lstrip("#")))
        else:
            account = await uow.accounts.by_username(ref.lstrip("@").lower())
        if account is None:
            raise NotFound("account", ref)
        return account


async def request_verification(ctx: Context, *, account_id: int) -> Account:
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        if account.verification is VerificationStatus.VERIFIED:
            raise Conflict(E.ALREADY_VERIFIED)
        if account.verification is VerificationStatus.PENDING:
            raise Conflict(E.VERIFICATION_PENDING)
        now = ctx.clock.now()
        await spending.spend_credits(
            ctx,
            uow,
            account_id=account.id,
            tx_type=TxType.SPEND_VERIFICATION,
            amount=ctx.prices.verification,
            idempotency_key=f"verification:{account.id}:{now.isoformat()}",
            memo="Verification request",
        )
        account = replace(account, verification=VerificationStatus.PENDING)
        await uow.accounts.update(account)
        uow.publish(
            DomainEvent(
                type=ev.VERIFICATION_REQUESTED,
                payload={"account_id": account.id},
                channels=("admin",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return account


async def decide_verification(
    ctx: Context, *, moderator_id: int, account_id: int, approve: bool, reason: str = ""
) -> Account:
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        account = await actors.load_account(uow, account_id)
        if account.verification is not VerificationStatus.PENDING:
            raise Conflict(E.VERIFICATION_NOT_PENDING, handle=account.handle)
        if not approve:
            reason = v.paragraphs("reason", reason, min_len=3, max_len=500)
        now = ctx.clock.now()
        account = replace(
            account,
            verification=VerificationStatus.VERIFIED if approve else VerificationStatus.NONE,
        )
        await uow.accounts.update(account)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="verify_ok" if approve else "verify_no",
                subject=f"account:{account.id}",
                created_at=now,
                note=reason or None,
            )
        )
        await trust.refresh_trust(ctx, uow, [account.id])
        uow.publish(
            DomainEvent(
                type=ev.VERIFICATION_DECIDED,
                payload={"account_id": account.id, "approved": approve, "reason": reason},
                recipients=(account.id,),
                occurred_at=now,
            )
        )
        await uow.commit()
        return account


async def ban_account(ctx: Context, *, moderator_id: int, account_id: int, reason: str) -> Account:
    """Ban: the account can only read its own data; its listings are hidden and its open
    orders are flagged to moderators."""
    reason = v.paragraphs("reason", reason, min_len=3, max_len=500)
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        account = await actors.load_open_account(uow, account_id)
        if account.id == moderator.id:
            raise PermissionDenied(E.NO_SELF_BAN, code=PermissionDenied.code)
        if account.is_banned:
            raise Conflict(E.ALREADY_BANNED, handle=account.handle)
        now = ctx.clock.now()
        account = replace(account, status=AccountStatus.BANNED, ban_reason=reason)
        await uow.accounts.update(account)
        for offer in await uow.offers.by_seller(account.id):
            if offer.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.DRAFT):
                await uow.offers.update(
                    replace(
                        offer,
                        status=OfferStatus.HIDDEN,
                        status_before_hidden=offer.status,
                        hidden_reason=BANNED_HIDE_REASON,
                        updated_at=now,
                    )
                )
        for request in await uow.requests.by_buyer(account.id):
            if request.status is RequestStatus.OPEN:
                await uow.requests.update(
                    replace(
                        request,
                        status=RequestStatus.HIDDEN,
                        status_before_hidden=request.status,
                        hidden_reason=BANNED_HIDE_REASON,
                        updated_at=now,
                    )
                )
        open_orders = [
            o.id
            for o in await uow.orders.for_account(account.id, limit=500)
            if not o.status.is_terminal
        ]
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="ban",
                subject=f"account:{account.id}",
                created_at=now,
                note=reason,
                data={"open_orders": open_orders},
            )
        )
        uow.publish(
            DomainEvent(
                type=ev.ACCOUNT_BANNED,
                payload={"account_id": account.id, "reason": reason, "open_orders": open_orders},
                recipients=(account.id,),
                channels=("admin",),
                occurred_at=now,
            )
        )
        await uow.commit()
        return account


async def unban_account(ctx: Context, *, moderator_id: int, account_id: int) -> Account:
    async with ctx.uow() as uow:
        moderator = await actors.load_moderator(uow, moderator_id)
        account = await actors.load_account(uow, account_id)
        if not account.is_banned:
            raise Conflict(E.NOT_BANNED, handle=account.handle)
        now = ctx.clock.now()
        account = replace(account, status=AccountStatus.ACTIVE, ban_reason=None)
        await uow.accounts.update(account)
        for offer in await uow.offers.by_seller(account.id):
            if offer.status is OfferStatus.HIDDEN and offer.hidden_reason == BANNED_HIDE_REASON:
                await uow.offers.update(
                    replace(
                        offer,
                        status=offer.status_before_hidden or OfferStatus.PAUSED,
                        status_before_hidden=None,
                        hidden_reason=None,
                        updated_at=now,
                    )
                )
        for request in await uow.requests.by_buyer(account.id):
            if (
                request.status is RequestStatus.HIDDEN
                and request.hidden_reason == BANNED_HIDE_REASON
            ):
                await uow.requests.update(
                    replace(
                        request,
                        status=request.status_before_hidden or RequestStatus.OPEN,
                        status_before_hidden=None,
                        hidden_reason=None,
                        updated_at=now,
                    )
                )
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=moderator.id,
                action="unban",
                subject=f"account:{account.id}",
                created_at=now,
            )
        )
        uow.publish(
            DomainEvent(
                type=ev.ACCOUNT_UNBANNED,
                payload={"account_id": account.id},
                recipients=(account.id,),
                occurred_at=now,
            )
        )
        await uow.commit()
        return account


async def set_role(
    ctx: Context, *, granted_by: int | None, account_id: int, role: str = MODERATOR, on: bool = True
) -> Account:
    """Grant or remove a role. ``granted_by`` None means an operator (settings, CLI)."""
    async with ctx.uow() as uow:
        account = await actors.load_open_account(uow, account_id)
        roles = set(account.roles) | {role} if on else set(account.roles) - {role}
        account = replace(account, roles=frozenset(roles))
        await uow.accounts.update(account)
        await uow.audit.add(
            AuditEntry(
                id=0,
                actor_id=granted_by,
                action=f"role.{'add' if on else 'remove'}",
                subject=f"account:{account.id}",
                created_at=ctx.clock.now(),
                note=role,
            )
        )
        await uow.commit()
        return account


async def ensure_api_access(ctx: Context, *, account_id: int) -> Account:
    """API access costs credits per period; renew it from the balance when it lapsed.
    Raises ``ApiAccessUnpaid`` when the balance cannot cover a new period, and
    ``AccountBanned`` instead of charging a banned account for a new period."""
    now = ctx.clock.now()
    async with ctx.uow() as uow:
        account = await actors.load_account(uow, account_id)
        if account.api_access_until is not None and account.api_access_until > now:
            return account
        if account.is_banned:
            raise AccountBanned()
        try:
            await spending.spend_credits(
                ctx,
                uow,
                account_id=account.id,
                tx_type=TxType.SPEND_API_ACCESS,
                amount=ctx.prices.api_access,
                idempotency_key=f"api_access:{account.id}:{now.date().isoformat()}",
                memo=f"API access, {ctx.rules.api_access_days} days",
            )
        except InsufficientCredits:
            raise ApiAccessUnpaid() from None
        account = replace(account, api_access_until=now + timedelta(days=ctx.rules.api_access_days))
        await uow.accounts.update(account)
        await uow.commit()
        return account


async def open_orders_of(ctx: Context, *, account_id: int) -> list[int]:
    async with ctx.uow(read_only=True) as uow:
        return [
            o.id
            for o in await uow.orders.for_account(account_id, limit=500)
            if o.status not in (OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.REFUNDED)
        ]
