"""Issue 16's rough edges in the chat layer: the confirm step names its real button, a press
on someone else's form says so, a request's deadline has one meaning and one wording, and one
duration rounding rule makes a notice and a card read the same."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts
from core.accounts.model import Account
from core.listings import proposals
from core.orders import orders
from core.orders.model import Attachment
from core.shared.context import Context
from core.shared.errors import Conflict
from handlers.app import ChatApp
from handlers.fmt import duration
from handlers.i18n import Translator
from handlers.types import Busy, OutgoingAttachment, Platform
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import (
    Chat,
    Press,
    Tap,
    Upload,
    make_user,
    place_order,
    plain,
    post_request,
    verify_dialog,
)
from tests.unit.handlers.test_forms import OFFER_ANSWERS


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (3 * 86400, "3d"),
        (3 * 86400 - 5, "3d"),
        (3 * 86400 - 29 * 60, "3d"),
        (3 * 86400 - 31 * 60, "2d 23h"),
        (2 * 86400 + 4 * 3600, "2d 4h"),
        (5 * 3600 + 10 * 60 + 20, "5h 10m"),
        (3600 - 10, "1h"),
        (7 * 60 + 40, "8m"),
        (5, "1m"),
    ],
)
def test_one_rounding_rule_to_the_smallest_unit_shown(seconds: int, shown: str) -> None:
    assert duration(Translator("en"), seconds) == shown


async def test_confirm_hint_names_the_buttons_that_are_there(seller: Chat) -> None:
    await seller.send("/newoffer")
    for answer in OFFER_ANSWERS:
        await seller.send(answer)
    labels = [b.label for row in seller.last[-1].buttons for b in row]
    assert "✅ Publish" in labels and "◀ Back" in labels and "✖ Cancel" in labels
    await verify_dialog(
        seller,
        [("maybe", "Press ✅ Publish (or type yes), ◀ Back to change an answer, or ✖ Cancel.")],
    )
    assert "Press Confirm" not in plain(seller.last)


async def test_confirm_hint_on_the_bid_form(ctx: Context, seller: Chat, alice: Account) -> None:
    request_id = await post_request(ctx, alice)
    await seller.tap(f"req:bid:{request_id}")
    for answer in ("I have scraped shops like these for years, CSV in two days.", "$200", "4"):
        await seller.send(answer)
    assert "check and confirm" in plain(seller.last)
    await verify_dialog(seller, [("hmm", "Press ✅ Send proposal (or type yes)")])


async def test_someone_elses_form_button_is_not_yours(
    app: ChatApp, alice: Account, bob: Account
) -> None:
    # One group chat, two members, each with their own form state.
    bob_chat = Chat(app, bob, chat_ref="-500")
    alice_chat = Chat(app, alice, chat_ref="-500")
    await bob_chat.send("/newoffer", is_private_chat=False)
    await bob_chat.send("Support inbox triage", is_private_chat=False)
    category = bob_chat.button("Monitoring").action
    assert category is not None
    replies = await alice_chat.app.handle(
        alice_chat.incoming(action=category, is_private_chat=False)
    )
    assert replies[0].alert
    assert "belongs to someone else" in plain(replies)
    assert "no longer open" not in plain(replies)
    # Bob's form is untouched: his own press still answers the question.
    replies = await bob_chat.app.handle(bob_chat.incoming(action=category, is_private_chat=False))
    assert "3/10" in plain(replies)


async def test_a_closed_form_of_ones_own_is_still_no_longer_open(seller: Chat) -> None:
    await seller.send("/newoffer")
    await seller.send("Support inbox triage")
    category = seller.button("Monitoring").action
    assert category is not None
    await seller.press("Cancel")
    await verify_dialog(seller, [(Tap(category), "no longer open")])


async def test_request_deadline_has_one_wording(
    ctx: Context, buyer: Chat, seller: Chat, alice: Account
) -> None:
    await buyer.send("/newrequest")
    for answer in (
        "Scrape 500 product pages",
        "data-extraction",
        "Extract price and stock from 500 public product pages to CSV.",
        "skip",
        "$100",
    ):
        await buyer.send(answer)
    await verify_dialog(buyer, [("$300", "When should proposals close?")])
    assert "By when" not in plain(buyer.last)
    await verify_dialog(buyer, [("14d", "8/8"), ("0", "check and confirm")])
    assert "Proposals close: " in plain(buyer.last)
    assert "Deadline" not in plain(buyer.last)
    request_id = await post_request(ctx, alice, deadline=ctx.clock.now() + timedelta(days=14))
    await verify_dialog(seller, [(Tap(f"req:view:{request_id}"), "proposals close in 14d")])
    assert "due in" not in plain(seller.last)
    await verify_dialog(seller, [(Tap(f"req:bid:{request_id}"), "proposals close in 14d")])


async def test_the_notice_and_the_card_show_the_same_deadline(
    ctx: Context, store: FakeStore, clock: FakeClock, alice: Account, bob: Account
) -> None:
    app = ChatApp(ctx)
    order_id = await place_order(ctx, alice, bob)
    notices = [n for e in store.outbox for n in await app.render(e) if n.account_id == bob.id]
    assert any("due in 3d" in n.text for n in notices), [n.text for n in notices]
    clock.advance(timedelta(seconds=40))
    seller = Chat(app, bob)
    await verify_dialog(seller, [(Tap(f"ord:open:{order_id}"), "due in 3d")])
    assert "2d 23h" not in plain(seller.last)
    # An offer's order: the seller set its revisions, no note about a default.
    assert "Revisions used: 0 of 1" in plain(seller.last)
    assert "marketplace default" not in plain(seller.last)


async def test_the_delivered_file_is_one_tap_from_the_buyers_notice(
    ctx: Context, store: FakeStore, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    before = len(store.outbox)
    await orders.deliver_order(
        ctx,
        actor_id=bob.id,
        order_id=order_id,
        note="Here it is",
        attachment=Attachment(name="prices <final>.csv", ref="tg-file-77", size=2048),
    )
    rendered = [n for e in store.outbox[before:] for n in await app.render(e)]
    notice = next(n for n in rendered if n.account_id == alice.id)
    assert "Delivered file: <b>prices &lt;final&gt;.csv</b>" in notice.text
    labels = [b.label for row in notice.buttons for b in row]
    assert labels[0] == "📎 Get prices <final>.csv"
    assert {"✅ Approve", "🔁 Request revision"} <= {label.split(" (")[0] for label in labels}
    others = [n for n in rendered if n.account_id != alice.id]
    assert all("ord:file" not in str(n.buttons) for n in others)
    fetch = notice.buttons[0][0].action
    assert fetch is not None
    replies = await Chat(app, alice).tap(fetch)
    assert replies[0].attachments == (OutgoingAttachment("tg-file-77", "prices <final>.csv"),)
    mallory = Chat(app, await make_user(ctx, "66", "Mallory", "mallory"))
    replies = await mallory.tap(fetch)
    assert replies[0].alert and not replies[0].attachments


async def test_a_delivery_without_a_file_offers_no_file_button(
    ctx: Context, store: FakeStore, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    before = len(store.outbox)
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="Done, see notes")
    rendered = [n for e in store.outbox[before:] for n in await app.render(e)]
    notice = next(n for n in rendered if n.account_id == alice.id)
    assert "Delivered file" not in notice.text
    assert all("ord:file" not in str(b.action) for row in notice.buttons for b in row)


async def test_accepting_a_proposal_asks_first_naming_the_others(
    ctx: Context, store: FakeStore, app: ChatApp, alice: Account, bob: Account
) -> None:
    request_id = await post_request(ctx, alice)
    carol = await make_user(ctx, "3", "Carol", "carol")
    chosen = await proposals.submit_proposal(
        ctx,
        seller_id=bob.id,
        request_id=request_id,
        message="I will scrape it in two days.",
        price_cents=20_000,
        timeline_days=2,
    )
    other = await proposals.submit_proposal(
        ctx,
        seller_id=carol.id,
        request_id=request_id,
        message="Three days, CSV and JSON.",
        price_cents=25_000,
        timeline_days=3,
    )
    buyer = Chat(app, alice)
    await verify_dialog(
        buyer,
        [
            (
                Tap(f"prop:accept:{chosen.id}"),
                (
                    f"Accept proposal #{chosen.id} from @bob: $200.00, delivered in 2 days?",
                    f"request #{request_id} Scrape 500 product pages, which closes",
                    "The 1 other pending proposal on it is declined",
                ),
            )
        ],
    )
    assert not store.state.orders
    assert store.state.proposals[other.id].status.value == "pending"
    # A stranger's forged press is refused and shows nothing of the proposal.
    mallory = Chat(app, await make_user(ctx, "66", "Mallory", "mallory"))
    refused = await mallory.tap(f"prop:accept:{chosen.id}")
    assert refused[0].alert and "$200.00" not in plain(refused)
    assert (await mallory.tap(f"prop:acceptok:{chosen.id}"))[0].alert
    assert not store.state.orders
    # "Not now" goes back to the proposals and changes nothing.
    await verify_dialog(buyer, [(Press("Not now"), "2 proposals on request")])
    await buyer.tap(f"prop:accept:{chosen.id}")
    await verify_dialog(
        buyer,
        [
            (
                Press("Yes, accept"),
                (
                    "Accepted: order #",
                    "Revisions used: 0 of 1 (the marketplace default for orders from a request)",
                ),
            )
        ],
    )
    assert store.state.proposals[other.id].status.value == "rejected"
    assert store.state.proposals[chosen.id].status.value == "accepted"


async def test_with_escrow_the_confirmation_offers_both_ways_to_pay(
    ectx: Context, alice: Account, bob: Account
) -> None:
    request_id = await post_request(ectx, alice)
    chosen = await proposals.submit_proposal(
        ectx,
        seller_id=bob.id,
        request_id=request_id,
        message="I will scrape it in two days.",
        price_cents=20_000,
        timeline_days=2,
    )
    buyer = Chat(ChatApp(ectx), alice)
    await buyer.send(f"/proposals {request_id}")
    labels = [b.label for row in buyer.last[-1].buttons for b in row]
    assert "✅ Accept" in labels and not any("escrow" in label for label in labels)
    await verify_dialog(buyer, [(Press("Accept"), ("pay into escrow", "Platform fee"))])
    assert buyer.button("Accept with escrow").action == f"prop:acceptx:{chosen.id}"
    assert buyer.button("Yes, accept").action == f"prop:acceptok:{chosen.id}"


async def test_a_buyers_profile_counts_orders_completed_as_buyer(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="Done")
    await orders.approve_order(ctx, buyer_id=alice.id, order_id=order_id)
    viewer = Chat(app, bob)
    await verify_dialog(
        viewer,
        [
            ("/profile @alice", "Completed orders: 0 as seller, 1 as buyer"),
            ("/profile @bob", "Completed orders: 1 as seller, 0 as buyer"),
        ],
    )


async def test_profile_finds_a_user_by_their_platform_username(
    ctx: Context, app: ChatApp, bob: Account
) -> None:
    tg_alice, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="501", display_name="Alice T", username="Alice"
    )
    viewer = Chat(app, bob)
    await verify_dialog(
        viewer,
        [
            ("/profile @alice", f"Alice T · #{tg_alice.id}"),
            ("/profile @ALICE", f"#{tg_alice.id}"),
            ("/profile @nobody_here", "Account @nobody_here was not found"),
        ],
    )
    # A BotGig username wins over someone else's platform name.
    await make_user(ctx, "502", "Other Alice", "alice")
    await verify_dialog(viewer, [("/profile @alice", "Other Alice")])


async def test_a_platform_username_follows_renames(
    ctx: Context, app: ChatApp, bob: Account
) -> None:
    first, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="601", display_name="Erin", username="erin_old"
    )
    await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="601", display_name="Erin", username="erin_new"
    )
    viewer = Chat(app, bob)
    await verify_dialog(
        viewer,
        [
            ("/profile @erin_new", f"#{first.id}"),
            ("/profile @erin_old", "was not found"),
        ],
    )
    # Removing one's Telegram username ("" at the edge) clears it.
    await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="601", display_name="Erin", username=""
    )
    await verify_dialog(viewer, [("/profile @erin_new", "was not found")])


async def test_a_name_used_by_different_people_on_two_platforms(
    ctx: Context, app: ChatApp, bob: Account
) -> None:
    tg, _ = await accounts.ensure_chat_account(
        ctx, provider="telegram", external_id="701", display_name="Sam T", username="sam"
    )
    dc, _ = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id="702", display_name="Sam D", username="sam"
    )
    # Asked on a platform, its own user is meant.
    await verify_dialog(Chat(app, bob), [("/profile @sam", "Sam T")])
    await verify_dialog(Chat(app, bob, platform=Platform.DISCORD), [("/profile @sam", "Sam D")])
    with pytest.raises(Conflict) as ambiguous:
        await accounts.find_person(ctx, reference="@sam", platform="web")
    assert "different people on discord, telegram" in ambiguous.value.message
    assert (await accounts.find_person(ctx, reference=f"#{dc.id}")).id == dc.id
    assert tg.id != dc.id


async def test_usernames_no_platform_issues_are_not_recorded(ctx: Context) -> None:
    assert accounts.platform_username("@Alice_1") == "alice_1"
    assert accounts.platform_username("jo.doe") == "jo.doe"
    assert accounts.platform_username("") is None
    assert accounts.platform_username("two words") is None
    assert accounts.platform_username("x" * 65) is None


async def test_delivery_back_on_step_one_keeps_the_attached_file(
    ctx: Context, store: FakeStore, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    seller = Chat(app, bob)
    await verify_dialog(
        seller,
        [
            (f"/deliver {order_id}", "Delivery · 1/"),
            (Upload("report.pdf"), "Add a note"),
            (Press("Back"), ("Delivery · 1/", "Now: ", "report.pdf")),
        ],
    )
    labels = [b.label for row in seller.last[-1].buttons for b in row]
    assert "✔ Keep it and go on" in labels and "✖ Cancel" in labels
    await verify_dialog(
        seller,
        [(Press("Keep it and go on"), "Add a note"), ("skip", "check and confirm")],
    )
    assert "report.pdf" in plain(seller.last)
    await verify_dialog(seller, [(Press("Deliver"), "Delivered")])
    [delivery] = [d for d in store.state.deliveries.values() if d.order_id == order_id]
    assert delivery.attachment is not None and delivery.attachment.name == "report.pdf"


async def test_keep_is_offered_only_for_an_answered_question(seller: Chat) -> None:
    await seller.send("/newoffer")
    assert not any("Keep" in b.label for row in seller.last[-1].buttons for b in row)
    await seller.send("Support inbox triage")
    await verify_dialog(seller, [(Press("Back"), "Now: Support inbox triage")])
    await verify_dialog(seller, [(Press("Keep it and go on"), "2/10")])
    # A forged keep on an unanswered question changes nothing.
    token = seller.button("Cancel").action
    assert token is not None
    await verify_dialog(seller, [(Tap(token.replace(":cancel:", ":keep:")), "no longer open")])


async def test_order_card_keeps_a_fixed_size_with_a_full_timeline_button(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    for n in range(1, 8):
        await orders.send_message(
            ctx, actor_id=alice.id if n % 2 else bob.id, order_id=order_id, text=f"message {n}"
        )
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="First pass")
    await orders.request_revision(ctx, buyer_id=alice.id, order_id=order_id, note="Add stock")
    await orders.deliver_order(ctx, actor_id=bob.id, order_id=order_id, note="Second pass")
    buyer = Chat(app, alice)
    card = plain(await buyer.send(f"/order {order_id}"))
    assert "message 7" in card and "message 5" in card
    assert "message 4" not in card and "message 1" not in card
    # The first event (the order being placed) is behind the button, the last ones shown.
    assert "· ordered ·" not in card and "· revision requested · @alice" in card
    timeline = buyer.button("Full timeline")
    assert timeline.action == f"ord:timeline:{order_id}"
    full = plain(await buyer.press("Full timeline"))
    assert f"Order #{order_id}" in full and "full timeline" in full
    for n in range(1, 8):
        assert f"message {n}" in full
    assert "Messages (7)" in full and "Add stock" in full
    assert "· ordered ·" in full and "· delivered · @bob" in full
    await verify_dialog(buyer, [(Press("Back to the order"), f"#{order_id}")])
    mallory = Chat(app, await make_user(ctx, "66", "Mallory", "mallory"))
    refused = await mallory.tap(f"ord:timeline:{order_id}")
    assert refused[0].alert and "message 1" not in plain(refused)


async def test_a_short_order_history_has_no_timeline_button(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    buyer = Chat(app, alice)
    await buyer.send(f"/order {order_id}")
    assert not any("Full timeline" in b.label for row in buyer.last[-1].buttons for b in row)


class RecordingActions:
    def __init__(self) -> None:
        self.shown: list[Busy] = []

    async def busy(self, kind: Busy) -> None:
        self.shown.append(kind)


async def test_a_file_reply_shows_the_busy_indicator_first(
    ctx: Context, app: ChatApp, alice: Account, bob: Account
) -> None:
    order_id = await place_order(ctx, alice, bob)
    delivery = await orders.deliver_order(
        ctx,
        actor_id=bob.id,
        order_id=order_id,
        note="Here",
        attachment=Attachment(name="prices.csv", ref="tg-file-1", size=10),
    )
    buyer = Chat(app, alice)
    actions = RecordingActions()
    replies = await app.handle(buyer.incoming(action=f"ord:file:{order_id}:{delivery.id}"), actions)
    assert replies[0].attachments and actions.shown == [Busy.UPLOAD_DOCUMENT]
    # A quick reply shows nothing; a refused file press shows nothing either.
    quiet = RecordingActions()
    await app.handle(buyer.incoming(command="order", args=str(order_id)), quiet)
    mallory = Chat(app, await make_user(ctx, "66", "Mallory", "mallory"))
    await app.handle(mallory.incoming(action=f"ord:file:{order_id}:{delivery.id}"), quiet)
    assert quiet.shown == []
