"""Offers, requests and proposals: CRUD, browse filters, ranking, word search and keyset
pagination, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.accounts.model import Account
from core.listings.model import OfferStatus, ProposalStatus, RequestStatus
from core.listings.ports import BrowseQuery
from core.shared.errors import Conflict
from core.shared.uow import UnitOfWorkFactory
from tests.integration import builders as b
from tests.integration.conftest import T0

NOW = T0 + timedelta(hours=1)


async def _sellers(uow_factory: UnitOfWorkFactory, *trust: int) -> list[Account]:
    async with uow_factory() as uow:
        accounts = [await uow.accounts.add(b.account(T0, display_name=f"S{i}", trust_score=s))
                    for i, s in enumerate(trust)]
        await uow.commit()
    return accounts


async def test_offer_round_trip_and_by_seller(uow_factory: UnitOfWorkFactory) -> None:
    (seller,) = await _sellers(uow_factory, 0)
    async with uow_factory() as uow:
        first = await uow.offers.add(b.offer(T0, seller.id, boosted_until=T0 + timedelta(days=1),
                                             requires_signoff=True))
        second = await uow.offers.add(b.offer(T0 + timedelta(seconds=1), seller.id))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.offers.get(first.id) == first
        hidden = replace(first, status=OfferStatus.HIDDEN, hidden_reason="spam",
                         status_before_hidden=OfferStatus.ACTIVE, title="Renamed offer")
        await uow.offers.update(hidden)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.offers.get(first.id) == hidden
        assert [o.id for o in await uow.offers.by_seller(seller.id)] == [first.id, second.id]
        assert await uow.offers.get(999) is None


async def test_offer_browse_ranks_boosted_then_trust_then_newest(
    uow_factory: UnitOfWorkFactory,
) -> None:
    low, high = await _sellers(uow_factory, 10, 90)
    async with uow_factory() as uow:
        old_low = await uow.offers.add(b.offer(T0, low.id))
        new_low = await uow.offers.add(b.offer(T0 + timedelta(minutes=5), low.id))
        high_offer = await uow.offers.add(b.offer(T0, high.id))
        boosted_low = await uow.offers.add(b.offer(
            T0 - timedelta(days=1), low.id, boosted_until=NOW + timedelta(hours=1)))
        await uow.offers.add(b.offer(  # boost ran out: ranks as unboosted
            T0 - timedelta(days=2), low.id, boosted_until=NOW - timedelta(seconds=1)))
        await uow.offers.add(b.offer(T0, high.id, status=OfferStatus.PAUSED))
        await uow.offers.add(b.offer(T0, high.id, expires_at=NOW))  # expired just now
        await uow.commit()

    async with uow_factory() as uow:
        page = await uow.offers.browse(BrowseQuery(now=NOW, limit=4))
    assert [o.id for o in page.items] == [boosted_low.id, high_offer.id, new_low.id, old_low.id]
    assert page.has_more is True


async def test_offer_browse_filters(uow_factory: UnitOfWorkFactory) -> None:
    ada, bob = await _sellers(uow_factory, 0, 0)
    async with uow_factory() as uow:
        cheap = await uow.offers.add(b.offer(T0, ada.id, price_cents=1000, category="seo"))
        mid = await uow.offers.add(b.offer(T0, ada.id, price_cents=5000))
        dear = await uow.offers.add(b.offer(T0, bob.id, price_cents=9000))
        await uow.commit()

    async def ids(**kw: object) -> list[int]:
        async with uow_factory() as uow:
            page = await uow.offers.browse(BrowseQuery(now=NOW, **kw))  # type: ignore[arg-type]
            return sorted(o.id for o in page.items)

    assert await ids(category="seo") == [cheap.id]
    assert await ids(min_cents=5000) == [mid.id, dear.id]
    assert await ids(max_cents=5000) == [cheap.id, mid.id]
    assert await ids(min_cents=2000, max_cents=6000) == [mid.id]
    assert await ids(exclude_owner_id=ada.id) == [dear.id]
    assert await ids(owner_id=ada.id) == [cheap.id, mid.id]
    assert await ids(statuses=("paused",)) == []


async def test_word_search_uses_whole_and_prefix_words(uow_factory: UnitOfWorkFactory) -> None:
    (seller,) = await _sellers(uow_factory, 0)
    async with uow_factory() as uow:
        scraper = await uow.offers.add(b.offer(T0, seller.id, title="Price scraping bot",
                                               description="Competitor prices, every day.",
                                               inputs="shop URLs"))
        writer = await uow.offers.add(b.offer(T0, seller.id, title="Blog posts in German",
                                              description="Localized content for SaaS blogs.",
                                              inputs="topics"))
        await uow.commit()

    async def search(words: str) -> list[int]:
        async with uow_factory() as uow:
            page = await uow.offers.browse(BrowseQuery(now=NOW, words=words))
            return sorted(o.id for o in page.items)

    assert await search("scraping") == [scraper.id]
    assert await search("SCRAPING competitor") == [scraper.id]
    assert await search("scrap") == [scraper.id]  # a prefix finds the word
    assert await search("urls") == [scraper.id]  # inputs are searched
    assert await search("german blogs") == [writer.id]
    assert await search("scraping german") == []  # every word must match
    assert await search("nothing-like-this") == []
    # Operators and quotes are plain text, never query syntax errors.
    for nasty in ['"foo AND (', '"', "AND(", "NEAR/2 OR NOT", "*", "price:*", "'; DROP TABLE",
                  "scraping)", "\\", "%_", "ü"]:
        await search(nasty)
    assert await search('"scraping" (price') == [scraper.id]
    # Only punctuation: no word filter at all.
    assert await search('" ( )') == [scraper.id, writer.id]

    async with uow_factory() as uow:  # the index follows edits
        await uow.offers.update(replace(writer, title="Scraping in German"))
        await uow.commit()
    assert await search("scraping") == [scraper.id, writer.id]


async def test_keyset_pages_are_stable_while_new_offers_arrive(
    uow_factory: UnitOfWorkFactory,
) -> None:
    sellers = await _sellers(uow_factory, 50, 50, 20)
    async with uow_factory() as uow:
        created = []
        for i in range(7):
            offer = b.offer(T0 + timedelta(minutes=i % 3), sellers[i % 3].id,
                            boosted_until=NOW + timedelta(days=1) if i == 5 else None)
            created.append(await uow.offers.add(offer))
        await uow.commit()
    async with uow_factory() as uow:
        everything = [o.id for o in (await uow.offers.browse(BrowseQuery(now=NOW, limit=50))).items]
    assert len(everything) == 7

    seen: list[int] = []
    after = None
    while True:
        async with uow_factory() as uow:
            page = await uow.offers.browse(BrowseQuery(now=NOW, limit=3, starting_after=after))
        seen += [o.id for o in page.items]
        async with uow_factory() as uow:  # a newer, higher-ranked offer arrives between pages
            await uow.offers.add(b.offer(NOW, sellers[0].id))
            await uow.commit()
        if not page.has_more:
            break
        after = page.last_id
    assert seen == everything

    async with uow_factory() as uow:
        assert (await uow.offers.browse(BrowseQuery(now=NOW, starting_after=99_999))).items == []


async def test_request_round_trip_and_browse(uow_factory: UnitOfWorkFactory) -> None:
    buyer, other, seller = await _sellers(uow_factory, 0, 0, 0)
    async with uow_factory() as uow:
        old = await uow.requests.add(b.request(T0, buyer.id, budget_min_cents=100,
                                               budget_max_cents=500))
        new = await uow.requests.add(b.request(T0 + timedelta(minutes=1), other.id,
                                               title="Monitor my uptime",
                                               category="monitoring"))
        await uow.requests.add(b.request(T0, buyer.id, status=RequestStatus.CLOSED))
        await uow.requests.add(b.request(T0, buyer.id, deadline=NOW))  # deadline passed
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.requests.get(old.id) == old
        awarded = replace(old, status=RequestStatus.HIDDEN, hidden_reason="x",
                          status_before_hidden=RequestStatus.OPEN)
        await uow.requests.update(awarded)
        assert await uow.requests.get(old.id) == awarded
        assert (await uow.requests.by_buyer(buyer.id))[0].id == old.id
        # Rolled back: old stays open.

    async def ids(**kw: object) -> list[int]:
        async with uow_factory() as uow:
            page = await uow.requests.browse(BrowseQuery(now=NOW, **kw))  # type: ignore[arg-type]
            return [r.id for r in page.items]

    assert await ids() == [new.id, old.id]
    assert await ids(category="monitoring") == [new.id]
    assert await ids(words="uptime") == [new.id]
    assert await ids(words='uptime" (') == [new.id]
    assert await ids(min_cents=600) == [new.id]  # old's budget tops out at 500
    assert await ids(max_cents=99) == []
    assert await ids(min_cents=400, max_cents=450) == [old.id, ]
    assert await ids(exclude_owner_id=buyer.id) == [new.id]
    assert await ids(owner_id=buyer.id) == [old.id]

    async with uow_factory() as uow:
        withdrawn = await uow.proposals.add(b.proposal(T0, new.id, seller.id,
                                                       status=ProposalStatus.WITHDRAWN))
        assert withdrawn.id
        await uow.commit()
    # Any proposal, even a withdrawn one, counts as applied.
    assert await ids(exclude_applied_by=seller.id) == [old.id]

    first = await ids(limit=1)
    async with uow_factory() as uow:
        page = await uow.requests.browse(BrowseQuery(now=NOW, limit=1, starting_after=first[0]))
    assert [r.id for r in page.items] == [old.id] and page.has_more is False


async def test_one_pending_proposal_per_seller_and_request(
    uow_factory: UnitOfWorkFactory,
) -> None:
    buyer, seller, rival = await _sellers(uow_factory, 0, 0, 0)
    async with uow_factory() as uow:
        request = await uow.requests.add(b.request(T0, buyer.id))
        other_request = await uow.requests.add(b.request(T0, buyer.id))
        first = await uow.proposals.add(b.proposal(T0, request.id, seller.id))
        with pytest.raises(Conflict) as duplicate:
            await uow.proposals.add(b.proposal(T0, request.id, seller.id))
        assert duplicate.value.code == "proposal.duplicate"
        # Other sellers and other requests are fine; so is a new bid once withdrawn.
        await uow.proposals.add(b.proposal(T0, request.id, rival.id))
        await uow.proposals.add(b.proposal(T0, other_request.id, seller.id))
        await uow.proposals.update(replace(first, status=ProposalStatus.WITHDRAWN))
        second = await uow.proposals.add(b.proposal(T0 + timedelta(seconds=1), request.id,
                                                    seller.id))
        await uow.commit()

    async with uow_factory() as uow:
        assert await uow.proposals.get(second.id) == second
        assert (await uow.proposals.for_request(request.id))[0].id == first.id
        assert len(await uow.proposals.for_request(request.id)) == 3
        assert [p.id for p in await uow.proposals.by_seller(seller.id)][-1] == second.id
        assert await uow.proposals.count_for_requests([request.id, other_request.id, 404]) == {
            request.id: 3, other_request.id: 1}
        assert await uow.proposals.count_for_requests([]) == {}


async def test_word_search_is_served_by_the_full_text_index(engine: AsyncEngine) -> None:
    from sqlalchemy import select, text

    from storage import tables
    from storage.listings import word_match

    for table in (tables.offer, tables.request):
        stmt = select(table.c.id).where(word_match(engine.dialect.name, table, ["scraping"]))
        compiled = stmt.compile(engine.sync_engine, compile_kwargs={"literal_binds": True})
        async with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                # An empty table would be scanned anyway; forbid that to see the index used.
                await conn.execute(text("SET LOCAL enable_seqscan = off"))
                plan = (await conn.execute(text(f"EXPLAIN {compiled}"))).scalars().all()
                assert any(f"ix_{table.name}_search" in line for line in plan), plan
            else:
                rows = (await conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))).all()
                plan = [str(r[-1]) for r in rows]
                assert any("VIRTUAL TABLE INDEX" in line for line in plan), plan
