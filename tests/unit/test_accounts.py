"""Accounts: first contact, registration, agents, usernames, verification, bans, roles and
API access."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from core.accounts import accounts
from core.accounts.model import AccountKind, AccountStatus, VerificationStatus
from core.credits import credits
from core.listings import offers, proposals, requests
from core.listings.model import OfferStatus, RequestStatus
from core.orders import orders, reviews
from core.orders.model import OrderStatus
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import (
    AccountBanned,
    ApiAccessUnpaid,
    Conflict,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from core.shared.ledger import TxType
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import balance, deal, human, moderator, offer_draft, post, publish


async def test_first_contact_creates_an_account_with_the_welcome_grant(
    ctx: Context, store: FakeStore
) -> None:
    """Welcome grant: a new chat user gets ``welcome_grant`` credits once."""
    account, created = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="42", display_name="  Alice  "
    )
    assert created
    assert account.display_name == "Alice"
    assert account.kind is AccountKind.HUMAN
    assert account.last_platform == "telegram"
    assert await balance(ctx, account) == ctx.prices.welcome_grant
    again, created_again = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="42", display_name="Alice"
    )
    assert not created_again and again.id == account.id
    assert await balance(ctx, account) == ctx.prices.welcome_grant
    grants = [t for t in store.state.transactions if t.type is TxType.WELCOME_GRANT]
    assert len(grants) == 1


async def test_the_same_identity_on_another_platform_is_another_account(ctx: Context) -> None:
    tg, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="7", display_name="A"
    )
    dc, created = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id="7", display_name="A"
    )
    assert created and dc.id != tg.id
    with pytest.raises(ValueError):
        await accounts.ensure_chat_account(ctx, provider="irc", external_id="7", display_name="A")


async def test_first_api_period_is_included_then_renewed_from_credits(
    ctx: Context, clock: FakeClock
) -> None:
    """API access: the first period comes with the account; later periods cost credits, and
    an empty balance answers ``credits.api_access_unpaid``."""
    agent = await accounts.register_account(ctx, email="Bot@Example.com", display_name="Bot")
    assert agent.email == "bot@example.com" and not agent.email_verified
    start = await balance(ctx, agent)
    await accounts.ensure_api_access(ctx, account_id=agent.id)
    assert await balance(ctx, agent) == start
    clock.advance(timedelta(days=ctx.rules.api_access_days, seconds=1))
    renewed = await accounts.ensure_api_access(ctx, account_id=agent.id)
    assert await balance(ctx, agent) == start - ctx.prices.api_access
    assert renewed.api_access_until == clock.now() + timedelta(days=ctx.rules.api_access_days)
    # Spend the rest so the next period cannot be paid.
    mod = await moderator(ctx)
    rest = await balance(ctx, agent)
    await credits.adjust_credits(
        ctx, moderator_id=mod.id, account_id=agent.id, delta=-rest, reason="test drain"
    )
    clock.advance(timedelta(days=ctx.rules.api_access_days, seconds=1))
    with pytest.raises(ApiAccessUnpaid) as err:
        await accounts.ensure_api_access(ctx, account_id=agent.id)
    assert err.value.code == "credits.api_access_unpaid"


@pytest.mark.parametrize("email", ["", "not-an-email", "a@b", "a b@c.io"])
async def test_registration_needs_an_email_address(ctx: Context, email: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        await accounts.register_account(ctx, email=email, display_name="Bot")
    assert err.value.field == "email"


async def test_an_email_registers_once(ctx: Context) -> None:
    await accounts.register_account(ctx, email="bot@example.com", display_name="Bot")
    with pytest.raises(Conflict) as err:
        await accounts.register_account(ctx, email="BOT@example.com", display_name="Bot 2")
    assert err.value.code == "account.email_taken"


async def test_a_human_creates_agents_it_answers_for(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    agent = await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="Scraper")
    assert agent.kind is AccountKind.AGENT and agent.supervisor_id == alice.id
    assert [a.id for a in await accounts.list_agents(ctx, supervisor_id=alice.id)] == [agent.id]
    # An agent cannot supervise agents of its own.
    with pytest.raises(PermissionDenied):
        await accounts.create_agent(ctx, supervisor_id=agent.id, display_name="Sub")
    with pytest.raises(ValidationFailed):
        await accounts.create_agent(ctx, supervisor_id=alice.id, display_name="   ")


async def test_the_first_username_is_free_and_later_changes_cost(ctx: Context) -> None:
    """Usernames: the first is free, each change costs ``username_change`` credits."""
    alice = await human(ctx, "alice")
    start = await balance(ctx, alice)
    alice = await accounts.change_username(ctx, account_id=alice.id, username="@Alice_Ops")
    assert alice.username == "alice_ops"
    assert await balance(ctx, alice) == start
    # Setting the same name again is not a change.
    await accounts.change_username(ctx, account_id=alice.id, username="alice_ops")
    assert await balance(ctx, alice) == start
    alice = await accounts.change_username(ctx, account_id=alice.id, username="alice2")
    assert alice.username == "alice2"
    assert await balance(ctx, alice) == start - ctx.prices.username_change


async def test_a_taken_or_malformed_username_is_refused(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    bob = await human(ctx, "bob")
    await accounts.change_username(ctx, account_id=alice.id, username="alice")
    with pytest.raises(Conflict) as err:
        await accounts.change_username(ctx, account_id=bob.id, username="ALICE")
    assert err.value.code == "account.username_taken"
    for bad in ("ab", "1abc", "a" * 33, "al ice", "al-ice"):
        with pytest.raises(ValidationFailed):
            await accounts.change_username(ctx, account_id=bob.id, username=bad)


async def test_a_paid_username_change_without_credits_changes_nothing(
    ctx: Context, store: FakeStore
) -> None:
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    await accounts.change_username(ctx, account_id=alice.id, username="alice")
    await credits.adjust_credits(
        ctx, moderator_id=mod.id, account_id=alice.id, delta=-100, reason="drain for test"
    )
    with pytest.raises(Exception) as err:
        await accounts.change_username(ctx, account_id=alice.id, username="alicia")
    assert getattr(err.value, "code", "") == "credits.insufficient"
    assert store.state.accounts[alice.id].username == "alice"


async def test_verification_costs_credits_and_a_moderator_decides(ctx: Context) -> None:
    """Verification: requesting costs ``verification`` credits, a second request waits, only
    a moderator decides, and a verified account scores higher."""
    alice = await human(ctx, "alice")
    bob = await human(ctx, "bob")
    mod = await moderator(ctx)
    before = await accounts.get_profile(ctx, account_id=alice.id)
    pending = await accounts.request_verification(ctx, account_id=alice.id)
    assert pending.verification is VerificationStatus.PENDING
    assert await balance(ctx, alice) == ctx.prices.welcome_grant - ctx.prices.verification
    with pytest.raises(Conflict):
        await accounts.request_verification(ctx, account_id=alice.id)
    with pytest.raises(PermissionDenied) as err:
        await accounts.decide_verification(
            ctx, moderator_id=bob.id, account_id=alice.id, approve=True
        )
    assert err.value.code == "permission_denied"
    verified = await accounts.decide_verification(
        ctx, moderator_id=mod.id, account_id=alice.id, approve=True
    )
    assert verified.verification is VerificationStatus.VERIFIED
    after = await accounts.get_profile(ctx, account_id=alice.id)
    assert after.trust.score > before.trust.score
    assert after.account.trust_score == after.trust.score
    with pytest.raises(Conflict):
        await accounts.request_verification(ctx, account_id=alice.id)


async def test_a_rejected_verification_needs_a_reason(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    await accounts.request_verification(ctx, account_id=alice.id)
    with pytest.raises(ValidationFailed):
        await accounts.decide_verification(
            ctx, moderator_id=mod.id, account_id=alice.id, approve=False, reason=""
        )
    rejected = await accounts.decide_verification(
        ctx, moderator_id=mod.id, account_id=alice.id, approve=False, reason="blurry document"
    )
    assert rejected.verification is VerificationStatus.NONE


async def test_ban_hides_listings_and_unban_restores_them(ctx: Context, store: FakeStore) -> None:
    """Bans: listings of a banned account are hidden and come back as they were on unban."""
    seller = await human(ctx, "seller")
    mod = await moderator(ctx)
    active = await publish(ctx, seller)
    paused = await publish(ctx, seller, title="Another offer")
    await offers.set_offer_paused(ctx, actor_id=seller.id, offer_id=paused.id, paused=True)
    request = await post(ctx, seller)
    with pytest.raises(ValidationFailed):
        await accounts.ban_account(ctx, moderator_id=mod.id, account_id=seller.id, reason="")
    banned = await accounts.ban_account(
        ctx, moderator_id=mod.id, account_id=seller.id, reason="spam listings"
    )
    assert banned.status is AccountStatus.BANNED
    assert store.state.offers[active.id].status is OfferStatus.HIDDEN
    assert store.state.offers[paused.id].status is OfferStatus.HIDDEN
    assert store.state.requests[request.id].status is RequestStatus.HIDDEN
    assert ev.ACCOUNT_BANNED in [e.type for e in store.outbox]
    with pytest.raises(Conflict):
        await accounts.ban_account(ctx, moderator_id=mod.id, account_id=seller.id, reason="again")
    await accounts.unban_account(ctx, moderator_id=mod.id, account_id=seller.id)
    assert store.state.offers[active.id].status is OfferStatus.ACTIVE
    assert store.state.offers[paused.id].status is OfferStatus.PAUSED
    assert store.state.requests[request.id].status is RequestStatus.OPEN
    assert [a.action for a in store.state.audit if a.subject == f"account:{seller.id}"] == [
        "ban",
        "unban",
    ]


async def test_only_moderators_ban_and_never_themselves(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    bob = await human(ctx, "bob")
    mod = await moderator(ctx)
    with pytest.raises(PermissionDenied) as err:
        await accounts.ban_account(ctx, moderator_id=alice.id, account_id=bob.id, reason="nope")
    assert err.value.code == "permission_denied"
    with pytest.raises(PermissionDenied):
        await accounts.ban_account(ctx, moderator_id=mod.id, account_id=mod.id, reason="oops")
    with pytest.raises(NotFound):
        await accounts.ban_account(ctx, moderator_id=mod.id, account_id=9999, reason="ghost")


async def test_a_banned_account_can_read_its_data_but_not_act(
    ctx: Context, store: FakeStore
) -> None:
    """Bans: every action of a banned account raises ``AccountBanned``; reading its own
    balance, history, orders and profile still works."""
    d = await deal(ctx)
    agent = await accounts.create_agent(ctx, supervisor_id=d.buyer.id, display_name="Helper")
    request = await post(ctx, d.seller)
    own_request = await post(ctx, d.buyer, title="My own request")
    await orders.deliver_order(ctx, actor_id=d.seller.id, order_id=d.order.id, note="done")
    await orders.approve_order(ctx, buyer_id=d.buyer.id, order_id=d.order.id)
    await accounts.ban_account(ctx, moderator_id=d.mod.id, account_id=d.buyer.id, reason="fraud")
    offer2 = await publish(ctx, d.seller, title="Second offer here")
    before = len(store.outbox), store.commits
    buyer = d.buyer.id
    attempts: list[Callable[[], Awaitable[object]]] = [
        lambda: offers.publish_offer(ctx, seller_id=buyer, draft=offer_draft()),
        lambda: orders.order_offer(ctx, buyer_id=buyer, offer_id=offer2.id),
        lambda: orders.send_message(ctx, actor_id=buyer, order_id=d.order.id, text="hi"),
        lambda: reviews.leave_review(ctx, author_id=buyer, order_id=d.order.id, rating=5),
        lambda: proposals.submit_proposal(
            ctx,
            seller_id=buyer,
            request_id=request.id,
            message="I can do that quickly.",
            price_cents=100,
            timeline_days=1,
        ),
        lambda: accounts.change_username(ctx, account_id=buyer, username="newname"),
        lambda: accounts.request_verification(ctx, account_id=buyer),
        lambda: accounts.create_agent(ctx, supervisor_id=buyer, display_name="Another"),
        lambda: requests.close_request(ctx, buyer_id=buyer, request_id=own_request.id),
    ]
    for attempt in attempts:
        with pytest.raises(AccountBanned) as err:
            await attempt()
        assert err.value.code == "account.banned"
    assert (len(store.outbox), store.commits) == before
    # Reading one's own data still works.
    assert await balance(ctx, d.buyer) == ctx.prices.welcome_grant
    assert await credits.get_history(ctx, account_id=buyer)
    assert [o.id for o in await orders.list_orders(ctx, account_id=buyer)] == [d.order.id]
    record = await orders.get_order(ctx, order_id=d.order.id, viewer_id=buyer)
    assert record.order.status is OrderStatus.COMPLETED and record.actions == []
    assert (await accounts.get_profile(ctx, account_id=buyer)).account.is_banned
    assert [a.id for a in await accounts.list_agents(ctx, supervisor_id=buyer)] == [agent.id]


async def test_find_account_by_username_or_id(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    await accounts.change_username(ctx, account_id=alice.id, username="alice")
    assert (await accounts.find_account(ctx, reference="@Alice")).id == alice.id
    assert (await accounts.find_account(ctx, reference=f"#{alice.id}")).id == alice.id
    with pytest.raises(NotFound):
        await accounts.find_account(ctx, reference="@nobody")


async def test_roles_are_granted_and_removed_with_an_audit_entry(
    ctx: Context, store: FakeStore
) -> None:
    alice = await human(ctx, "alice")
    mod = await accounts.set_role(ctx, granted_by=None, account_id=alice.id)
    assert mod.is_moderator
    plain = await accounts.set_role(ctx, granted_by=None, account_id=alice.id, on=False)
    assert not plain.is_moderator
    assert [a.action for a in store.state.audit] == ["role.add", "role.remove"]


async def test_lapsed_api_access_is_not_renewed_for_a_banned_account(
    ctx: Context, clock: FakeClock
) -> None:
    """A banned account is refused a new API-access period instead of being charged for it."""
    mod = await moderator(ctx)
    agent = await human(ctx, "agent")
    await accounts.ban_account(ctx, moderator_id=mod.id, account_id=agent.id, reason="spam")
    clock.advance(timedelta(days=31))
    before = await balance(ctx, agent)
    with pytest.raises(AccountBanned):
        await accounts.ensure_api_access(ctx, account_id=agent.id)
    assert await balance(ctx, agent) == before
