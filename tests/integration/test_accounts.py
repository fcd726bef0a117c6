"""AccountRepository on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.accounts.model import AccountKind, AccountStatus, Identity, TrustStats, VerificationStatus
from core.orders.model import Dispute, DisputeStatus, OrderStatus, Review
from core.shared.errors import Conflict
from core.shared.uow import UnitOfWorkFactory
from tests.integration import builders as b
from tests.integration.conftest import T0


async def test_add_get_update_round_trip(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        boss = await uow.accounts.add(b.account(T0, display_name="Boss"))
        added = await uow.accounts.add(b.account(
            T0, display_name="Bot", kind=AccountKind.AGENT, supervisor_id=boss.id,
            username="bot1", email="bot@example.com", roles=frozenset({"moderator", "beta"}),
            api_access_until=T0 + timedelta(days=30), language="de", last_platform="discord",
        ))
        await uow.commit()
    assert added.id > boss.id > 0

    async with uow_factory() as uow:
        got = await uow.accounts.get(added.id)
        assert got == added
        assert got is not None
        assert got.created_at == T0 and got.created_at.tzinfo is not None
        assert got.roles == frozenset({"moderator", "beta"})
        changed = replace(got, status=AccountStatus.BANNED, ban_reason="spam", trust_score=42,
                          verification=VerificationStatus.VERIFIED, username_changes=2)
        await uow.accounts.update(changed)
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.accounts.get(added.id) == changed
        assert await uow.accounts.by_username("bot1") == changed
        assert await uow.accounts.by_email("bot@example.com") == changed
        assert await uow.accounts.get(999) is None
        assert await uow.accounts.by_username("nobody") is None
        many = await uow.accounts.get_many([added.id, boss.id, 999, boss.id])
        assert set(many) == {added.id, boss.id}
        assert await uow.accounts.get_many([]) == {}
        assert [a.id for a in await uow.accounts.agents_of(boss.id)] == [added.id]


async def test_unique_username_and_email_raise_conflict(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        first = await uow.accounts.add(b.account(T0, username="ada", email="ada@example.com"))
        other = await uow.accounts.add(b.account(T0, display_name="Bob"))
        with pytest.raises(Conflict, match="username") as taken:
            await uow.accounts.add(b.account(T0, username="ada"))
        assert taken.value.code == "account.username_taken"
        with pytest.raises(Conflict, match="email"):
            await uow.accounts.add(b.account(T0, email="ada@example.com"))
        with pytest.raises(Conflict, match="username"):
            await uow.accounts.update(replace(other, username="ada"))
        # The transaction survives a conflict (savepoint), on PostgreSQL too.
        await uow.accounts.update(replace(other, username="bob"))
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.accounts.by_username("bob")) is not None
        assert (await uow.accounts.by_username("ada")) == first


async def test_identities(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        ada, bob = await b.add_accounts(uow, T0, "Ada", "Bob")
        await uow.accounts.add_identity(Identity("telegram", "42", ada.id))
        await uow.accounts.add_identity(Identity("discord", "7", ada.id))
        await uow.accounts.add_identity(Identity("telegram", "43", bob.id))
        with pytest.raises(Conflict) as taken:
            await uow.accounts.add_identity(Identity("telegram", "42", bob.id))
        assert taken.value.code == "identity.taken"
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.accounts.by_identity("telegram", "42") == ada
        assert await uow.accounts.by_identity("discord", "42") is None
        assert await uow.accounts.identities(ada.id) == [
            Identity("telegram", "42", ada.id), Identity("discord", "7", ada.id)]
        many = await uow.accounts.identities_many([ada.id, bob.id, 12345])
        assert many[bob.id] == [Identity("telegram", "43", bob.id)]
        assert 12345 not in many
        await uow.accounts.remove_identity("telegram", "42")
        assert await uow.accounts.by_identity("telegram", "42") is None
        await uow.commit()


async def test_with_role_matches_whole_role_names(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        mod = await uow.accounts.add(b.account(T0, roles=frozenset({"moderator"})))
        await uow.accounts.add(b.account(T0, roles=frozenset({"moderator_trainee"})))
        await uow.accounts.add(b.account(T0))
        both = await uow.accounts.add(b.account(T0, roles=frozenset({"admin", "moderator"})))
        assert [a.id for a in await uow.accounts.with_role("moderator")] == [mod.id, both.id]
        assert await uow.accounts.with_role("moder%") == []


async def test_trust_stats_aggregates_in_one_call(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        seller, buyer, buyer2, idle = await b.add_accounts(uow, T0, "S", "B", "B2", "Idle")
        statuses = [OrderStatus.COMPLETED, OrderStatus.COMPLETED, OrderStatus.CANCELLED,
                    OrderStatus.REFUNDED, OrderStatus.IN_PROGRESS]
        orders = [await uow.orders.add(b.order(T0, buyer.id, seller.id, status=s))
                  for s in statuses]
        # buyer2 hired the seller once; buyer twice to completion: one repeat hire.
        await uow.orders.add(b.order(T0, buyer2.id, seller.id, status=OrderStatus.COMPLETED))
        # The seller bought from buyer2 once, and it was disputed.
        reverse = await uow.orders.add(b.order(T0, seller.id, buyer2.id))
        for o in (orders[3], reverse):
            await uow.disputes.add(Dispute(id=0, order_id=o.id, opened_by=buyer.id,
                                           reason="late", status=DisputeStatus.OPEN,
                                           created_at=T0))
        # Two disputes on one order count once.
        await uow.disputes.add(Dispute(id=0, order_id=orders[3].id, opened_by=seller.id,
                                       reason="again", status=DisputeStatus.RESOLVED,
                                       created_at=T0))
        for rating, revealed in ((5, True), (4, True), (1, False)):
            order = await uow.orders.add(b.order(T0, buyer.id, seller.id,
                                                 status=OrderStatus.CANCELLED))
            await uow.reviews.add(Review(
                id=0, order_id=order.id, author_id=buyer.id, subject_id=seller.id,
                rating=rating, text="ok", created_at=T0,
                revealed_at=T0 if revealed else None))
        stats = await uow.accounts.trust_stats([seller.id, buyer.id, idle.id, seller.id])

    assert stats[seller.id] == TrustStats(
        account_id=seller.id, rating_count=2, rating_sum=9, completed=3, finished=8,
        disputed=2, repeat_hires=1,
    )
    assert stats[buyer.id] == TrustStats(account_id=buyer.id, disputed=1, completed_as_buyer=2)
    assert stats[idle.id] == TrustStats(account_id=idle.id)
    async with uow_factory() as uow:
        assert await uow.accounts.trust_stats([]) == {}


async def test_platform_usernames_are_recorded_and_found(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        alice, carol, dana = await b.add_accounts(uow, T0, "Alice", "Carol", "Dana")
        await uow.accounts.add_identity(Identity("telegram", "11", alice.id))
        await uow.accounts.add_identity(Identity("telegram", "33", carol.id))
        await uow.accounts.add_identity(Identity("discord", "44", dana.id))
        await uow.accounts.set_identity_username("telegram", "11", "alice")
        await uow.accounts.set_identity_username("discord", "44", "alice")
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.accounts.by_platform_username("alice")
        assert [(p, a.id) for p, a in found] == [("telegram", alice.id), ("discord", dana.id)]
        assert found[0][1].display_name == alice.display_name
        assert await uow.accounts.by_platform_username("nobody") == []
        # Carol takes the Telegram name alice released: it moves, Dana's Discord name stays.
        await uow.accounts.set_identity_username("telegram", "33", "alice")
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.accounts.by_platform_username("alice")
        # In the order the identities were linked.
        assert [(p, a.id) for p, a in found] == [("telegram", carol.id), ("discord", dana.id)]
        names = {i.external_id: i.username for i in await uow.accounts.identities(alice.id)}
        assert names == {"11": None}
        await uow.accounts.set_identity_username("telegram", "33", None)
        await uow.commit()
    async with uow_factory() as uow:
        assert [a.id for _, a in await uow.accounts.by_platform_username("alice")] == [dana.id]
