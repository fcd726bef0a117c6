"""Requests (jobs) and proposals (applications): posting and its rules, bidding rules,
accepting (which creates the order and rejects the rest), withdrawing, rejecting, closing,
expiry, visibility and browsing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.listings import proposals, requests
from core.listings.model import ProposalStatus, RequestStatus
from core.listings.ports import BrowseQuery
from core.orders.model import OrderStatus, PaymentMode, TimerKind
from core.orders.timers import run_due_timers
from core.shared import events as ev
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.fakes import FakeClock, FakeStore
from tests.unit.builders import FakeEscrow, balance, human, moderator, pending, post


async def bid(
    ctx: Context, seller: Account, request_id: int, price_cents: int = 20_000, days: int = 4
) -> Any:
    return await proposals.submit_proposal(
        ctx,
        seller_id=seller.id,
        request_id=request_id,
        message="I can do this with a tested scraper.",
        price_cents=price_cents,
        timeline_days=days,
    )


async def test_posting_a_request_is_free_and_announced(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    buyer = await human(ctx, "buyer")
    request = await post(ctx, buyer, inputs="  a list of URLs  ", proofers_wanted=2)
    assert request.status is RequestStatus.OPEN
    assert request.inputs == "a list of URLs" and request.proofers_wanted == 2
    assert await balance(ctx, buyer) == ctx.prices.welcome_grant - ctx.prices.post_request
    assert pending(store, "request", request.id)[TimerKind.REQUEST_EXPIRY].due_at == (
        request.deadline
    )
    posted = [e for e in store.outbox if e.type == ev.REQUEST_POSTED]
    assert [(e.payload["request_id"], e.channels) for e in posted] == [(request.id, ("feed",))]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("title", {"title": "abc"}),
        ("title", {"title": "t" * 121}),
        ("description", {"description": "short"}),
        ("category", {"category": "gambling"}),
        ("budget_min", {"budget_min_cents": 0}),
        ("budget_max", {"budget_max_cents": 10_000_001}),
        ("budget", {"budget_min_cents": 30_001, "budget_max_cents": 30_000}),
        ("proofers", {"proofers_wanted": 4}),
        ("proofers", {"proofers_wanted": -1}),
    ],
)
async def test_a_bad_request_is_refused(
    ctx: Context, store: FakeStore, field: str, overrides: dict[str, Any]
) -> None:
    """Request rules: text lengths, a known category, 0 < budget ≤ max, budget_min ≤
    budget_max, 0–3 proofers."""
    buyer = await human(ctx, "buyer")
    with pytest.raises(ValidationFailed) as err:
        await post(ctx, buyer, **overrides)
    assert err.value.field == field
    assert store.state.requests == {}


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(seconds=-1), timedelta(days=-3)])
async def test_the_deadline_must_be_in_the_future(
    ctx: Context, clock: FakeClock, offset: timedelta
) -> None:
    buyer = await human(ctx, "buyer")
    with pytest.raises(ValidationFailed) as err:
        await post(ctx, buyer, deadline=clock.now() + offset)
    assert err.value.field == "deadline"


async def test_a_deadline_without_a_timezone_is_refused(ctx: Context) -> None:
    buyer = await human(ctx, "buyer")
    with pytest.raises(ValidationFailed):
        await post(ctx, buyer, deadline=datetime(2030, 1, 1))
    await post(ctx, buyer, deadline=datetime(2030, 1, 1, tzinfo=UTC))


async def test_an_equal_budget_range_is_fine(ctx: Context) -> None:
    buyer = await human(ctx, "buyer")
    request = await post(ctx, buyer, budget_min_cents=5_000, budget_max_cents=5_000)
    assert (request.budget_min_cents, request.budget_max_cents) == (5_000, 5_000)


async def test_a_proposal_reaches_the_buyer(ctx: Context, store: FakeStore) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer)
    proposal = await bid(ctx, seller, request.id)
    assert proposal.status is ProposalStatus.PENDING
    received = [e for e in store.outbox if e.type == ev.APPLICATION_RECEIVED]
    assert [(e.recipients, e.payload["proposal_id"]) for e in received] == [
        ((buyer.id,), proposal.id)
    ]
    view = await requests.get_request(ctx, request_id=request.id, viewer_id=seller.id)
    assert view.proposal_count == 1


async def test_one_pending_proposal_per_seller_per_request(ctx: Context, store: FakeStore) -> None:
    """One pending proposal per seller per request; withdrawing frees the slot."""
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer)
    first = await bid(ctx, seller, request.id)
    with pytest.raises(Conflict) as err:
        await bid(ctx, seller, request.id, price_cents=18_000)
    assert err.value.code == "proposal.duplicate"
    assert len(store.state.proposals) == 1
    await proposals.withdraw_proposal(ctx, seller_id=seller.id, proposal_id=first.id)
    second = await bid(ctx, seller, request.id, price_cents=18_000)
    assert second.status is ProposalStatus.PENDING
    # Another seller is not limited by the first one's proposal.
    other = await human(ctx, "other")
    await bid(ctx, other, request.id)


async def test_no_proposal_on_ones_own_request(ctx: Context, store: FakeStore) -> None:
    """No proposal on one's own request — nor by one's agent, nor on one's agent's request."""
    buyer = await human(ctx, "buyer")
    agent = await accounts.create_agent(ctx, supervisor_id=buyer.id, display_name="Bot")
    own = await post(ctx, buyer)
    for bidder in (buyer, agent):
        with pytest.raises(PermissionDenied) as err:
            await bid(ctx, bidder, own.id)
        assert err.value.code == "permission_denied"
    agents_request = await post(ctx, agent, title="The agent's own job")
    with pytest.raises(PermissionDenied):
        await bid(ctx, buyer, agents_request.id)
    assert store.state.proposals == {}


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("message", {"message": "too short"}),
        ("message", {"message": "m" * 4001}),
        ("price", {"price_cents": 0}),
        ("price", {"price_cents": 10_000_001}),
        ("timeline_days", {"timeline_days": 0}),
        ("timeline_days", {"timeline_days": 366}),
    ],
)
async def test_a_bad_proposal_is_refused(
    ctx: Context, store: FakeStore, field: str, kwargs: dict[str, Any]
) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer)
    args: dict[str, Any] = {
        "message": "I can do this with a tested scraper.",
        "price_cents": 20_000,
        "timeline_days": 3,
    } | kwargs
    with pytest.raises(ValidationFailed) as err:
        await proposals.submit_proposal(ctx, seller_id=seller.id, request_id=request.id, **args)
    assert err.value.field == field
    assert store.state.proposals == {}


async def test_accepting_creates_the_order_and_rejects_the_rest(
    ctx: Context, store: FakeStore
) -> None:
    """Accepting one proposal awards the request, creates the order at the proposed price and
    timeline, and rejects every other pending proposal."""
    buyer = await human(ctx, "buyer")
    sellers = [await human(ctx, f"seller{i}") for i in range(3)]
    request = await post(ctx, buyer)
    bids = [await bid(ctx, s, request.id, 20_000 + i, 2 + i) for i, s in enumerate(sellers)]
    await proposals.withdraw_proposal(ctx, seller_id=sellers[2].id, proposal_id=bids[2].id)
    order = await proposals.accept_proposal(ctx, buyer_id=buyer.id, proposal_id=bids[1].id)
    assert order.status is OrderStatus.IN_PROGRESS
    assert (order.buyer_id, order.seller_id) == (buyer.id, sellers[1].id)
    assert (order.price_cents, order.delivery_days) == (20_001, 3)
    assert order.revisions_included == ctx.rules.default_revisions
    assert (order.request_id, order.proposal_id) == (request.id, bids[1].id)
    assert order.payment_mode is PaymentMode.OFF_PLATFORM
    statuses = [store.state.proposals[p.id].status for p in bids]
    assert statuses == [ProposalStatus.REJECTED, ProposalStatus.ACCEPTED, ProposalStatus.WITHDRAWN]
    assert store.state.requests[request.id].status is RequestStatus.AWARDED
    assert TimerKind.REQUEST_EXPIRY not in pending(store, "request", request.id)
    rejected = [e.recipients for e in store.outbox if e.type == ev.APPLICATION_REJECTED]
    accepted = [e.recipients for e in store.outbox if e.type == ev.APPLICATION_ACCEPTED]
    assert (rejected, accepted) == ([(sellers[0].id,)], [(sellers[1].id,)])
    # The request takes no more proposals, and the others cannot be accepted.
    with pytest.raises(Conflict):
        await bid(ctx, await human(ctx, "late"), request.id)
    with pytest.raises(Conflict):
        await proposals.accept_proposal(ctx, buyer_id=buyer.id, proposal_id=bids[0].id)


async def test_only_the_buyer_accepts_or_rejects(ctx: Context, store: FakeStore) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    stranger = await human(ctx, "stranger")
    request = await post(ctx, buyer)
    proposal = await bid(ctx, seller, request.id)
    for actor in (seller, stranger):
        with pytest.raises(PermissionDenied):
            await proposals.accept_proposal(ctx, buyer_id=actor.id, proposal_id=proposal.id)
        with pytest.raises(PermissionDenied):
            await proposals.reject_proposal(ctx, buyer_id=actor.id, proposal_id=proposal.id)
    with pytest.raises(PermissionDenied):
        await proposals.withdraw_proposal(ctx, seller_id=buyer.id, proposal_id=proposal.id)
    assert store.state.proposals[proposal.id].status is ProposalStatus.PENDING
    assert store.state.orders == {}
    rejected = await proposals.reject_proposal(ctx, buyer_id=buyer.id, proposal_id=proposal.id)
    assert rejected.status is ProposalStatus.REJECTED
    with pytest.raises(Conflict):
        await proposals.withdraw_proposal(ctx, seller_id=seller.id, proposal_id=proposal.id)


async def test_an_escrow_proposal_needs_a_seller_who_can_receive(
    ctx: Context, ectx: Context, escrow: FakeEscrow, store: FakeStore
) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer)
    proposal = await bid(ctx, seller, request.id)
    with pytest.raises(ValidationFailed) as err:
        await proposals.accept_proposal(
            ctx, buyer_id=buyer.id, proposal_id=proposal.id, payment_mode=PaymentMode.ESCROW
        )
    assert err.value.code == "payment.escrow_unavailable"
    escrow.can_receive = False
    with pytest.raises(ValidationFailed) as err:
        await proposals.accept_proposal(
            ectx, buyer_id=buyer.id, proposal_id=proposal.id, payment_mode=PaymentMode.ESCROW
        )
    assert err.value.code == "payment.seller_cannot_receive"
    assert store.state.proposals[proposal.id].status is ProposalStatus.PENDING
    escrow.can_receive = True
    order = await proposals.accept_proposal(
        ectx, buyer_id=buyer.id, proposal_id=proposal.id, payment_mode=PaymentMode.ESCROW
    )
    assert order.status is OrderStatus.AWAITING_FUNDING


async def test_closing_a_request_rejects_its_pending_proposals(
    ctx: Context, store: FakeStore
) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer)
    proposal = await bid(ctx, seller, request.id)
    with pytest.raises(PermissionDenied):
        await requests.close_request(ctx, buyer_id=seller.id, request_id=request.id)
    closed = await requests.close_request(ctx, buyer_id=buyer.id, request_id=request.id)
    assert closed.status is RequestStatus.CLOSED
    assert store.state.proposals[proposal.id].status is ProposalStatus.REJECTED
    assert pending(store, "request", request.id) == {}
    with pytest.raises(Conflict):
        await requests.close_request(ctx, buyer_id=buyer.id, request_id=request.id)


async def test_a_request_expires_at_its_deadline(
    ctx: Context, store: FakeStore, clock: FakeClock
) -> None:
    """Request expiry: at the deadline the request stops taking proposals, and proposals still
    pending on it are rejected so their sellers are not left waiting."""
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer, deadline=clock.now() + timedelta(days=2))
    proposal = await bid(ctx, seller, request.id)
    clock.advance(timedelta(days=2) - timedelta(seconds=1))
    await run_due_timers(ctx)
    assert store.state.requests[request.id].status is RequestStatus.OPEN
    clock.advance(timedelta(seconds=1))
    run = await run_due_timers(ctx)
    assert run.fired == 1
    assert store.state.requests[request.id].status is RequestStatus.EXPIRED
    assert [e.recipients for e in store.outbox if e.type == ev.REQUEST_EXPIRED] == [(buyer.id,)]
    assert store.state.proposals[proposal.id].status is ProposalStatus.REJECTED
    with pytest.raises(Conflict):
        await proposals.accept_proposal(ctx, buyer_id=buyer.id, proposal_id=proposal.id)


async def test_no_proposal_after_the_deadline_even_before_the_timer_runs(
    ctx: Context, clock: FakeClock
) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    request = await post(ctx, buyer, deadline=clock.now() + timedelta(days=1))
    clock.advance(timedelta(days=1, minutes=1))
    with pytest.raises(Conflict) as err:
        await bid(ctx, seller, request.id)
    assert err.value.code == "request.not_open"


async def test_a_hidden_request_is_invisible_to_others(ctx: Context) -> None:
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    mod = await moderator(ctx)
    request = await post(ctx, buyer)
    with pytest.raises(PermissionDenied):
        await requests.set_request_hidden(
            ctx, moderator_id=seller.id, request_id=request.id, hidden=True, reason="spam"
        )
    await requests.set_request_hidden(
        ctx, moderator_id=mod.id, request_id=request.id, hidden=True, reason="spam"
    )
    with pytest.raises(NotFound):
        await requests.get_request(ctx, request_id=request.id, viewer_id=seller.id)
    with pytest.raises(NotFound):
        await bid(ctx, seller, request.id)
    assert (await requests.get_request(ctx, request_id=request.id, viewer_id=buyer.id)).request
    shown = await requests.set_request_hidden(
        ctx, moderator_id=mod.id, request_id=request.id, hidden=False
    )
    assert shown.status is RequestStatus.OPEN


async def test_proposals_are_listed_to_the_buyer_and_each_seller_sees_their_own(
    ctx: Context,
) -> None:
    buyer = await human(ctx, "buyer")
    a = await human(ctx, "a")
    b = await human(ctx, "b")
    request = await post(ctx, buyer)
    pa = await bid(ctx, a, request.id)
    pb = await bid(ctx, b, request.id)
    seen_by_buyer = await proposals.list_proposals(ctx, viewer_id=buyer.id, request_id=request.id)
    assert {v.proposal.id for v in seen_by_buyer} == {pa.id, pb.id}
    seen_by_a = await proposals.list_proposals(ctx, viewer_id=a.id, request_id=request.id)
    assert [v.proposal.id for v in seen_by_a] == [pa.id]
    assert [p.id for p in await proposals.list_my_proposals(ctx, seller_id=b.id)] == [pb.id]


async def test_browsing_requests_newest_first_with_filters(ctx: Context, clock: FakeClock) -> None:
    """Browse: open requests newest first; budgets overlap the asked range; a seller can leave
    out their own requests and those they applied to."""
    buyer = await human(ctx, "buyer")
    seller = await human(ctx, "seller")
    cheap = await post(ctx, buyer, budget_min_cents=1_000, budget_max_cents=2_000)
    clock.advance(timedelta(minutes=1))
    mid = await post(ctx, buyer, budget_min_cents=5_000, budget_max_cents=9_000, category="seo")
    clock.advance(timedelta(minutes=1))
    own = await post(ctx, seller)
    page = await requests.browse_requests(ctx, query=BrowseQuery(now=clock.now()))
    assert [v.request.id for v in page.items] == [own.id, mid.id, cheap.id]
    page = await requests.browse_requests(
        ctx, query=BrowseQuery(now=clock.now(), min_cents=1_500, max_cents=4_000)
    )
    assert [v.request.id for v in page.items] == [cheap.id]
    page = await requests.browse_requests(ctx, query=BrowseQuery(now=clock.now(), category="seo"))
    assert [v.request.id for v in page.items] == [mid.id]
    await bid(ctx, seller, mid.id)
    page = await requests.browse_requests(
        ctx,
        query=BrowseQuery(
            now=clock.now(), exclude_owner_id=seller.id, exclude_applied_by=seller.id
        ),
    )
    assert [v.request.id for v in page.items] == [cheap.id]
    with pytest.raises(ValidationFailed):
        await requests.browse_requests(
            ctx, query=BrowseQuery(now=clock.now(), min_cents=5, max_cents=4)
        )
    with pytest.raises(ValidationFailed):
        await requests.browse_requests(ctx, query=BrowseQuery(now=clock.now(), category="nope"))


async def test_request_pages_follow_each_other(ctx: Context, clock: FakeClock) -> None:
    """Cursor pagination over requests: ``Page.last_id`` of one page is ``starting_after`` of
    the next, and together the pages list every open request once."""
    buyer = await human(ctx, "buyer")
    posted = []
    for i in range(5):
        clock.advance(timedelta(minutes=1))
        posted.append((await post(ctx, buyer, title=f"Request number {i}")).id)
    seen: list[int] = []
    cursor: int | None = None
    while True:
        page = await requests.browse_requests(
            ctx, query=BrowseQuery(now=clock.now(), limit=2, starting_after=cursor)
        )
        seen += [v.request.id for v in page.items]
        if not page.has_more:
            break
        cursor = page.last_id
        assert cursor == page.items[-1].request.id
    assert seen == posted[::-1]
