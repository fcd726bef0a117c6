"""render(): every domain event type becomes a notification for each recipient (with useful
buttons), and channel events become admin notices or feed cards with a deep link."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.accounts import accounts
from core.accounts.model import Account, AccountKind
from core.listings import proposals
from core.moderation import admin
from core.moderation.reports import REPORT_FILED
from core.orders import disputes, orders, reviews, timers
from core.orders.model import Ruling
from core.shared import events as ev
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers.actions import parse
from handlers.app import ChatApp, deep_link_payload
from handlers.markup import to_plain
from handlers.types import Notification
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import make_user, place_order, post_request, publish_offer

WHEN = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
DUE = (WHEN + timedelta(days=2, hours=4)).isoformat()


def order_payload(**extra: Any) -> dict[str, Any]:
    return {
        "order_id": 12,
        "title": "Scrape <500> pages",
        "status": "in_progress",
        "buyer_id": 1,
        "seller_id": 2,
        "price_cents": 15000,
        "currency": "usd",
        "payment_mode": "off_platform",
        "request_id": None,
        "offer_id": 3,
        "due_at": DUE,
        **extra,
    }


# type → (payload, recipient that is checked, expected text, expected button label or "")
CASES: dict[str, tuple[dict[str, Any], int, str, str]] = {
    ev.ORDER_CREATED: (
        order_payload(),
        2,
        "New order #12 “Scrape <500> pages” from 👤 @ann",
        "Open order",
    ),
    ev.ORDER_FUNDED: (order_payload(), 2, "is funded; work can start (due in 2d 4h)", "Open order"),
    ev.ORDER_DELIVERED: (
        order_payload(actor_id=2, status="delivered"),
        1,
        "👤 @ben delivered order #12",
        "Approve",
    ),
    ev.ORDER_AWAITING_SUPERVISOR: (
        order_payload(actor_id=2),
        1,
        "its supervisor reviews the work",
        "Open order",
    ),
    ev.ORDER_SENT_BACK: (
        order_payload(actor_id=1, note="Fix totals"),
        2,
        "sent the delivery of order #12",
        "Deliver",
    ),
    ev.ORDER_REVISION_REQUESTED: (
        order_payload(actor_id=1, note="Add stock"),
        2,
        "asked for a revision",
        "Deliver",
    ),
    ev.ORDER_APPROVED: (
        order_payload(actor_id=1, to_status="completed", action="approve"),
        2,
        "@ann approved order #12",
        "Open order",
    ),
    ev.ORDER_COMPLETED: (order_payload(status="completed"), 1, "is completed", "Leave a review"),
    ev.ORDER_CANCELLED: (
        order_payload(action="seller_timeout"),
        1,
        "not delivered by the deadline",
        "Open order",
    ),
    ev.ORDER_CANCEL_REQUESTED: (
        order_payload(actor_id=1, note="changed plans"),
        2,
        "asks to cancel order #12",
        "Agree to cancel",
    ),
    ev.ORDER_DISPUTED: (
        order_payload(actor_id=1, note="Missing pages"),
        2,
        "opened a dispute",
        "Open order",
    ),
    ev.ORDER_HELD: (order_payload(note="Checking"), 1, "on hold", "Open order"),
    ev.ORDER_UNHELD: (
        order_payload(to_status="in_progress"),
        1,
        "is off hold: 🛠 in progress",
        "Open order",
    ),
    ev.ORDER_APPROVAL_REVERSED: (
        order_payload(note="Wrong file"),
        2,
        "reversed the approval",
        "Open order",
    ),
    ev.ORDER_PROOFING_STARTED: (order_payload(), 1, "Proofers are checking", "Open order"),
    ev.ORDER_PROOFING_FINISHED: (
        order_payload(),
        1,
        "Proofing of order #12 “Scrape <500> pages” is done",
        "Open order",
    ),
    ev.ORDER_REMINDER: (
        order_payload(reminder="reminder_seller", deadline=DUE),
        2,
        "is due in 2d 4h",
        "Deliver",
    ),
    ev.DISPUTE_RESOLVED: (
        order_payload(ruling="split", split_pct=60, note="Half done"),
        1,
        "split, 60% refunded to the buyer",
        "Open order",
    ),
    ev.DISPUTE_CLAIMED: (
        order_payload(dispute_id=4, moderator_id=9),
        1,
        "A moderator took the dispute",
        "Open order",
    ),
    ev.PAYMENT_RELEASED: (
        order_payload(amount_cents=15000, fee_cents=1500),
        2,
        "$150.00 of order #12 “Scrape <500> pages” released",
        "Open order",
    ),
    ev.PAYMENT_REFUNDED: (
        order_payload(amount_cents=5000),
        1,
        "$50.00 of order #12 “Scrape <500> pages” refunded",
        "Open order",
    ),
    ev.MESSAGE_RECEIVED: (
        {
            "order_id": 12,
            "message_id": 5,
            "author_id": 2,
            "authorship": "human",
            "text": "Hi <there>",
            "attachment": None,
            "attachment_ref": None,
        },
        1,
        "👤 @ben\nHi <there>",
        "Reply",
    ),
    ev.REVIEW_RECEIVED: (
        {"order_id": 12, "review_id": 7, "author_id": 1, "subject_id": 2},
        2,
        "@ann reviewed order #12",
        "Leave a review",
    ),
    ev.REVIEWS_REVEALED: (
        {
            "order_id": 12,
            "title": "T",
            "reviews": [
                {"review_id": 7, "author_id": 1, "subject_id": 2, "rating": 5, "text": "Great"}
            ],
        },
        2,
        "@ann → @ben: ⭐⭐⭐⭐⭐ — Great",
        "Open order",
    ),
    ev.APPLICATION_RECEIVED: (
        {
            "request_id": 8,
            "proposal_id": 9,
            "seller_id": 2,
            "title": "Scrape",
            "price_cents": 20000,
            "timeline_days": 2,
            "currency": "usd",
        },
        1,
        "New proposal on your request #8 “Scrape” from 👤 @ben",
        "View proposals",
    ),
    ev.APPLICATION_ACCEPTED: (
        {"request_id": 8, "proposal_id": 9, "seller_id": 2, "order_id": 12, "title": "Scrape"},
        2,
        "was accepted: order #12",
        "Open order",
    ),
    ev.APPLICATION_REJECTED: (
        {"request_id": 8, "proposal_id": 9, "seller_id": 2, "title": "Scrape"},
        2,
        "was declined",
        "Browse requests",
    ),
    ev.APPLICATION_WITHDRAWN: (
        {"request_id": 8, "proposal_id": 9, "seller_id": 2, "title": "Scrape"},
        1,
        "@ben withdrew their proposal",
        "View proposals",
    ),
    ev.OFFER_PUBLISHED: (
        {
            "offer_id": 3,
            "seller_id": 2,
            "title": "Triage",
            "category": "seo",
            "price_cents": 900,
            "currency": "usd",
        },
        2,
        "offer #3 “Triage” is live",
        "View offer",
    ),
    ev.OFFER_EXPIRED: (
        {"offer_id": 3, "title": "Triage"},
        2,
        "offer #3 “Triage” expired. Renew it for 5 credits",
        "Renew",
    ),
    ev.REQUEST_POSTED: (
        {
            "request_id": 8,
            "buyer_id": 1,
            "title": "Scrape",
            "category": "seo",
            "budget_min_cents": 100,
            "budget_max_cents": 200,
            "currency": "usd",
            "deadline": DUE,
        },
        1,
        "request #8 “Scrape” is posted",
        "View request",
    ),
    ev.REQUEST_EXPIRED: (
        {"request_id": 8, "title": "Scrape"},
        1,
        "reached its deadline",
        "New request",
    ),
    ev.CREDITS_TOPPED_UP: (
        {"account_id": 1, "amount": 50, "balance": 150, "source": "topup_stars", "reference": "x"},
        1,
        "+50 credits (Telegram Stars). Balance: 150",
        "",
    ),
    ev.CREDITS_ADJUSTED: (
        {"account_id": 1, "delta": -5, "balance": 95, "reason": "refund"},
        1,
        "adjusted your credits by -5",
        "",
    ),
    ev.ACCOUNT_BANNED: (
        {"account_id": 1, "reason": "spam", "open_orders": []},
        1,
        "Your account is banned.\nspam",
        "",
    ),
    ev.ACCOUNT_UNBANNED: ({"account_id": 1}, 1, "active again", ""),
    ev.VERIFICATION_REQUESTED: ({"account_id": 1}, 1, "waiting for a moderator", ""),
    ev.VERIFICATION_DECIDED: (
        {"account_id": 1, "approved": False, "reason": "blurry"},
        1,
        "Verification was declined.\nblurry",
        "Request again",
    ),
    ev.LISTING_HIDDEN: (
        {"listing": "offer:3", "title": "Triage", "reason": "misleading"},
        2,
        "hid your offer #3 “Triage”",
        "",
    ),
    ev.PROOF_SUBMITTED: (
        {"order_id": 12, "title": "Scrape"},
        1,
        "A proofer submitted a scorecard",
        "Open order",
    ),
    ev.PROOF_ASSIGNED: (
        {"order_id": 12, "title": "Scrape", "assignment_id": 5, "due_at": DUE},
        1,
        "You are asked to proof",
        "",
    ),
    ev.PROOF_CONSENSUS: (
        {
            "order_id": 12,
            "title": "Scrape",
            "verdict": "pass",
            "scorecards": 3,
            "scores": {"quality": 4.33},
        },
        1,
        "consensus on order #12",
        "Open order",
    ),
    REPORT_FILED: (
        {"report_id": 4, "reporter_id": 1, "subject": "offer:3", "reason": "scam"},
        1,
        "Your report on offer:3 was filed",
        "",
    ),
}


@pytest.fixture
def people(store: FakeStore) -> dict[int, Account]:
    """Accounts 1 and 2 (@ann buyer, @ben seller), as the payloads above name them."""
    made = {
        1: Account(1, "Ann", AccountKind.HUMAN, WHEN, username="ann", trust_score=41),
        2: Account(2, "Ben", AccountKind.HUMAN, WHEN, username="ben", trust_score=52),
    }
    store.state.accounts.update(made)
    store.state.next_id = 100
    return made


def test_every_event_type_has_a_case() -> None:
    assert set(CASES) == set(ev.ALL_EVENT_TYPES) | {REPORT_FILED}


@pytest.mark.parametrize("event_type", sorted(CASES))
async def test_render_every_event_type(
    app: ChatApp, people: dict[int, Account], event_type: str
) -> None:
    payload, recipient, expected, button = CASES[event_type]
    event = DomainEvent(type=event_type, payload=payload, recipients=(recipient,), occurred_at=WHEN)
    notes = await app.render(event)
    assert len(notes) == 1
    note = notes[0]
    assert note.account_id == recipient and note.event_id == event.id
    assert expected in to_plain(note.text), to_plain(note.text)
    labels = [b.label for row in note.buttons for b in row]
    if button:
        assert any(button in label for label in labels), labels
    for row in note.buttons:
        for b in row:
            assert b.action is not None and parse(b.action) is not None


async def test_user_text_in_notifications_is_escaped(
    app: ChatApp, people: dict[int, Account]
) -> None:
    payload, _, _, _ = CASES[ev.MESSAGE_RECEIVED]
    [note] = await app.render(
        DomainEvent(type=ev.MESSAGE_RECEIVED, payload=payload, recipients=(1,), occurred_at=WHEN)
    )
    assert "Hi &lt;there&gt;" in note.text and "<there>" not in note.text
    assert note.order_id == 12
    assert [b.action for row in note.buttons for b in row] == ["ord:msg:12", "ord:open:12"]


async def test_delivered_buttons_depend_on_the_recipient(
    app: ChatApp, people: dict[int, Account]
) -> None:
    event = DomainEvent(
        type=ev.ORDER_DELIVERED,
        payload=order_payload(actor_id=99),
        recipients=(1, 2),
        occurred_at=WHEN,
    )
    buyer, seller = await app.render(event)
    assert [b.action for row in buyer.buttons for b in row] == [
        "ord:approve:12",
        "ord:revise:12",
        "ord:open:12",
    ]
    assert [b.action for row in seller.buttons for b in row] == ["ord:open:12"]


async def test_notifications_use_the_recipients_language(
    ctx: Context, app: ChatApp, people: dict[int, Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from handlers import i18n

    monkeypatch.setitem(
        i18n.CATALOGS, "de", {"n.account_unbanned": "✅ Dein Konto ist wieder aktiv."}
    )
    async with ctx.uow() as uow:
        await uow.accounts.update(replace(people[1], language="de"))
        await uow.commit()
    event = DomainEvent(type=ev.ACCOUNT_UNBANNED, payload={}, recipients=(1, 2))
    german, english = await app.render(event)
    assert german.text == "✅ Dein Konto ist wieder aktiv."
    assert english.text == "✅ Your account is active again."


async def test_feed_cards_carry_a_deep_link(
    ctx: Context, app: ChatApp, bob: Account, store: FakeStore
) -> None:
    offer_id = await publish_offer(ctx, bob, title="Price <tracker>")
    request_id = await post_request(ctx, bob)
    offer_event = next(e for e in store.outbox if e.type == ev.OFFER_PUBLISHED)
    request_event = next(e for e in store.outbox if e.type == ev.REQUEST_POSTED)
    [offer_post] = await app.render(offer_event)
    assert offer_post.account_id == 0
    assert offer_post.extra == {
        "channel": "feed",
        "deep_link": deep_link_payload("offer", offer_id),
    }
    assert offer_post.extra["deep_link"] == f"offer_{offer_id}"
    assert "Price &lt;tracker&gt;" in offer_post.text and "$150.00" in offer_post.text
    [[view, order]] = offer_post.buttons
    assert view.url is None and view.action == f"off:view:{offer_id}"
    # One tap from the card to the order's confirmation.
    assert order.label == "🛒 Order · $150.00" and order.action == f"off:order:{offer_id}"
    [request_post] = await app.render(request_event)
    assert request_post.extra["deep_link"] == f"request_{request_id}"
    assert "$100.00–$300.00" in request_post.text
    assert app.render_feed(offer_event) == offer_post


@pytest.mark.parametrize(
    ("event_type", "payload", "expected"),
    [
        (ev.ORDER_DISPUTED, order_payload(actor_id=1, note="Missing"), "Dispute on order #12"),
        (ev.DISPUTE_RESOLVED, order_payload(actor_id=9, ruling="refund"), "ruled by #9: refund"),
        (ev.DISPUTE_CLAIMED, {"dispute_id": 4, "order_id": 12, "moderator_id": 9}, "Case #4"),
        (ev.ORDER_HELD, order_payload(actor_id=9, note="why"), "put on hold by #9"),
        (ev.ORDER_UNHELD, order_payload(actor_id=9), "taken off hold"),
        (ev.ORDER_APPROVAL_REVERSED, order_payload(actor_id=9, note="x"), "reversed by #9"),
        (ev.ACCOUNT_BANNED, {"account_id": 5, "reason": "spam"}, "Account #5 banned: spam"),
        (ev.VERIFICATION_REQUESTED, {"account_id": 5}, "Verification requested by account #5"),
        (
            REPORT_FILED,
            {"report_id": 3, "reporter_id": 1, "subject": "offer:2", "reason": "scam"},
            "Report #3 on offer:2 by #1",
        ),
        ("something.new", {"order_id": 1}, "something.new"),
    ],
)
def test_admin_channel_notices(
    app: ChatApp, event_type: str, payload: dict[str, Any], expected: str
) -> None:
    post = app.render_feed(DomainEvent(type=event_type, payload=payload, channels=("admin",)))
    assert post is not None
    assert post.account_id == 0 and post.extra == {"channel": "admin"}
    assert expected in to_plain(post.text)


async def test_unknown_event_types(app: ChatApp, people: dict[int, Account]) -> None:
    notes = await app.render(
        DomainEvent(
            type="order.teleported", payload=order_payload(status="delivered"), recipients=(1,)
        )
    )
    assert "Update on order #12" in to_plain(notes[0].text)
    assert await app.render(DomainEvent(type="x.y", payload={}, recipients=(1,))) == []
    assert app.render_feed(DomainEvent(type="x.y", payload={})) is None
    assert await app.render(DomainEvent(type=ev.ORDER_FUNDED, payload={}, recipients=(404,))) == []


async def test_every_event_of_a_real_story_renders(
    ctx: Context, app: ChatApp, store: FakeStore, clock: FakeClock, alice: Account, bob: Account
) -> None:
    mod = await make_user(ctx, "9", "Mod", "mod")
    await accounts.set_role(ctx, granted_by=None, account_id=mod.id)
    agent = await accounts.create_agent(ctx, supervisor_id=bob.id, display_name="Scout")
    request_id = await post_request(ctx, alice)
    p1 = await proposals.submit_proposal(
        ctx,
        seller_id=bob.id,
        request_id=request_id,
        message="Bot plus review.",
        price_cents=20000,
        timeline_days=2,
    )
    await proposals.submit_proposal(
        ctx,
        seller_id=agent.id,
        request_id=request_id,
        message="Fully automated run.",
        price_cents=9000,
        timeline_days=1,
    )
    order = await proposals.accept_proposal(ctx, buyer_id=alice.id, proposal_id=p1.id)
    await orders.send_message(ctx, actor_id=bob.id, order_id=order.id, text="On it")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, url="https://x.io/a.csv")
    await orders.request_revision(ctx, buyer_id=alice.id, order_id=order.id, note="Add stock")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order.id, note="With stock")
    await orders.approve_order(ctx, buyer_id=alice.id, order_id=order.id)
    await reviews.leave_review(ctx, author_id=alice.id, order_id=order.id, rating=5)
    await reviews.leave_review(ctx, author_id=bob.id, order_id=order.id, rating=4)
    second = await place_order(ctx, alice, bob)
    await orders.cancel_order(ctx, actor_id=alice.id, order_id=second)
    await disputes.open_dispute(
        ctx, actor_id=bob.id, order_id=second, reason="Buyer never sent access"
    )
    await disputes.hold_order(ctx, moderator_id=mod.id, order_id=second, reason="checking")
    await disputes.unhold_order(ctx, moderator_id=mod.id, order_id=second)
    case = (await admin.list_cases(ctx, moderator_id=mod.id))[0].dispute
    await disputes.claim_dispute(ctx, moderator_id=mod.id, dispute_id=case.id)
    await disputes.rule_dispute(
        ctx,
        moderator_id=mod.id,
        dispute_id=case.id,
        ruling=Ruling.RESUME,
        note="Go on please",
    )
    clock.advance(timedelta(days=40))
    await timers.run_due_timers(ctx)
    await accounts.ban_account(ctx, moderator_id=mod.id, account_id=agent.id, reason="spam bot")
    types = {e.type for e in store.outbox}
    assert len(types) >= 20
    for event in store.outbox:
        notes = await app.render(event)
        for note in notes:
            assert isinstance(note, Notification) and note.text.strip()
            assert "{" not in to_plain(note.text), note.text
        expected = len(set(event.recipients)) + (1 if event.channels else 0)
        assert len(notes) == expected, event.type
