"""Proofers in chat: /proofer on|off with its refusals, /proofs and the assignment card, the
scorecard wizard with its bad answers, the consensus on the buyer's order card, the offer
wizard's proofers step and the scorecards in the admin channel's evidence pack."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts
from core.accounts.model import Account, AccountStatus
from core.orders import disputes, orders
from core.orders.model import Attachment, OrderStatus
from core.proofing import queries
from core.proofing.model import AssignmentStatus, ProofingRules
from core.shared.context import Context, MarketRules
from handlers.admin.app import AdminApp
from handlers.app import ChatApp
from handlers.types import Incoming, Platform
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import (
    Chat,
    Press,
    Tap,
    make_user,
    plain,
    publish_offer,
    verify_dialog,
)

EVIDENCE = "Checked 20 of the 500 rows against the live pages."


@pytest.fixture
def pctx(store: FakeStore, clock: FakeClock) -> Context:
    rules = MarketRules(proofing=ProofingRules(window=timedelta(hours=24)))
    return Context(uow=store, clock=clock, rules=rules)


@pytest.fixture
def papp(pctx: Context) -> ChatApp:
    return ChatApp(pctx)


async def _proofer(ctx: Context, app: ChatApp, n: int, name: str) -> Chat:
    account = await make_user(ctx, str(100 + n), name.capitalize(), name)
    chat = Chat(app, account)
    await verify_dialog(chat, [("/proofer on", "You are a proofer now")])
    return chat


async def _proofed_order(ctx: Context, buyer: Account, seller: Account, wanted: int) -> int:
    offer_id = await publish_offer(ctx, seller, proofers_wanted=wanted)
    order = await orders.order_offer(ctx, buyer_id=buyer.id, offer_id=offer_id)
    await orders.deliver_order(
        ctx,
        actor_id=seller.id,
        order_id=order.id,
        note="CSV attached",
        url="https://example.com/out.csv",
        attachment=Attachment(name="out.csv", ref="file-out", size=10),
    )
    return order.id


async def _assignment_of(ctx: Context, chat: Chat) -> int:
    [card] = await queries.list_assignments(ctx, proofer_id=chat.account.id)
    return card.assignment.id


async def _score(chat: Chat, verdict: str, score: str = "4") -> None:
    await verify_dialog(
        chat,
        [
            ("/proofs", "Your proofing assignment"),
            (Press("#"), ("What was asked", "out.csv", "https://example.com/out.csv", "due")),
            (Press("Submit scorecard"), ("Scorecard", "1/7", "Completeness")),
            (score, "Accuracy"),
            (score, "Methodology"),
            (score, "Quality"),
            (score, "Your verdict"),
            (Press(verdict), "Your evidence"),
            (EVIDENCE, "A file backing your evidence"),
            (Press("Skip"), ("check and confirm", "Completeness: " + score, EVIDENCE)),
            (Press("Submit scorecard"), ("Scorecard of assignment", "scorecard sent")),
        ],
    )


async def test_proofer_on_off_and_status(buyer: Chat) -> None:
    await verify_dialog(
        buyer,
        [
            ("/proofer maybe", "Usage: /proofer [on|off]"),
            ("/proofer", "You are not a proofer"),
            (Press("Become a proofer"), "You are a proofer now"),
            ("/proofer", ("You are a proofer", "/proofer off")),
            ("/proofer off", "You are no longer a proofer"),
            ("/proofs", "You have no proofing assignments"),
        ],
    )


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (ProofingRules(min_completed=3), "Proofers need 3 completed orders; you have 0"),
        (ProofingRules(min_rating_x100=450), "mean rating of at least 4.50; yours is none yet"),
        (ProofingRules(min_account_age=timedelta(days=30)), "at least 30 day(s) old"),
    ],
)
async def test_each_eligibility_rule_is_refused_with_its_own_text(
    store: FakeStore, clock: FakeClock, rules: ProofingRules, expected: str
) -> None:
    ctx = Context(uow=store, clock=clock, rules=MarketRules(proofing=rules))
    account = await make_user(ctx, "9", "Nia", "nia")
    chat = Chat(ChatApp(ctx), account)
    await verify_dialog(chat, [("/proofer on", ("⚠️", expected)), ("/proofer", "not a proofer")])


async def test_a_banned_account_cannot_opt_in(ctx: Context, buyer: Chat, alice: Account) -> None:
    store = ctx.uow
    assert isinstance(store, FakeStore)
    store.state.accounts[alice.id].status = AccountStatus.BANNED
    await verify_dialog(buyer, [("/proofer on", "⚠️")])
    assert "proofer now" not in plain(buyer.last)


async def test_spanish_proofer_is_answered_in_spanish(ctx: Context, alice: Account) -> None:
    chat = Chat(ChatApp(ctx), alice, language="es")
    await verify_dialog(chat, [("/proofer on", "Ya eres revisor"), ("/proofs", "No tienes")])


async def test_two_proofers_score_and_the_buyer_sees_the_consensus(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    ann = await _proofer(pctx, papp, 1, "ann")
    cid = await _proofer(pctx, papp, 2, "cid")
    order_id = await _proofed_order(pctx, alice, bob, 2)
    buyer = Chat(papp, alice)
    await verify_dialog(
        buyer,
        [(f"/order {order_id}", ("being proofed", "Independent proofing", "0 of 2 scorecard"))],
    )
    await _score(ann, "pass", "4")
    await verify_dialog(buyer, [(f"/order {order_id}", ("1 of 2", "Proofer 1: ✅ pass"))])
    await _score(cid, "pass", "5")
    card = plain(await buyer.send(f"/order {order_id}"))
    assert "Consensus: ✅ pass" in card and "quality 4.50" in card and "(2 scorecards)" in card
    # The parties see the scorecards without the proofers' names.
    assert "Proofer 2: ✅ pass" in card and "@ann" not in card and "@cid" not in card
    assert store.state.orders[order_id].status is OrderStatus.DELIVERED
    # The card says the scorecard is in; its button is gone.
    replies = await ann.send(f"/proofs {await _assignment_of(pctx, ann)}")
    assert "Your scorecard: ✅ pass" in plain(replies)
    assert not any("Submit scorecard" in b.label for r in replies for row in r.buttons for b in row)
    # Both agreed with the consensus: their profiles say so; a non-proofer's says nothing.
    await verify_dialog(
        buyer, [("/profile @ann", "Proofer: 1 scorecard, agreement with the consensus 100%")]
    )
    assert "Proofer:" not in plain(await buyer.send("/profile @bob"))


async def test_scorecard_wizard_rejects_bad_answers_in_the_users_language(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account
) -> None:
    account = await make_user(pctx, "101", "Eva", "eva")
    eva = Chat(papp, account, language="ru")
    await verify_dialog(eva, [("/proofer on", "Теперь вы проверяющий")])
    await _proofed_order(pctx, alice, bob, 1)
    assignment_id = await _assignment_of(pctx, eva)
    await verify_dialog(
        eva,
        [
            (Tap(f"prf:score:{assignment_id}"), "Полнота"),
            ("7", ("⚠️", "1", "5")),
            ("four", "⚠️"),
            ("4", "Точность"),
            ("4", "Методика"),
            ("4", "Качество"),
            ("4", "вердикт"),
            ("maybe", "⚠️"),
            ("2", "Обоснование"),
            ("short", "⚠️"),
            (EVIDENCE, "Файл"),
            ("not a file", ("⚠️", "нужен файл")),
            (Press("Пропустить"), "проверьте и подтвердите"),
        ],
    )
    assert "❌" in plain(eva.last)
    await verify_dialog(eva, [(Press("Отправить оценку"), "отправлена")])


async def test_someone_elses_assignment_and_a_closed_one(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account, clock: FakeClock
) -> None:
    ann = await _proofer(pctx, papp, 1, "ann")
    await _proofed_order(pctx, alice, bob, 1)
    assignment_id = await _assignment_of(pctx, ann)
    outsider = Chat(papp, alice)
    for said in (f"/proofs {assignment_id}", Tap(f"prf:score:{assignment_id}"),
                 Tap(f"prf:file:{assignment_id}:1")):
        await verify_dialog(outsider, [(said, f"Assignment {assignment_id} is not yours")])
    await verify_dialog(outsider, [("/proofs x", "Usage: /proofs")])
    # The form opened in time, but the window ends before the confirmation.
    await verify_dialog(ann, [(Tap(f"prf:score:{assignment_id}"), "Completeness")])
    for answer in ("3", "3", "3", "3", "1", EVIDENCE):
        await ann.send(answer)
    await ann.press("Skip")
    clock.advance(timedelta(hours=25))
    await verify_dialog(ann, [(Press("Submit scorecard"), "no longer accepted")])
    await verify_dialog(ann, [(Tap(f"prf:score:{assignment_id}"), "takes no scorecard")])


async def test_the_deliverys_file_goes_to_the_assigned_proofer(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account
) -> None:
    ann = await _proofer(pctx, papp, 1, "ann")
    await _proofed_order(pctx, alice, bob, 1)
    await ann.send(f"/proofs {await _assignment_of(pctx, ann)}")
    replies = await ann.press("File of delivery")
    assert [a.name for r in replies for a in r.attachments] == ["out.csv"]


async def test_an_evidence_file_is_kept_with_the_scorecard(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account, store: FakeStore
) -> None:
    ann = await _proofer(pctx, papp, 1, "ann")
    await _proofed_order(pctx, alice, bob, 1)
    assignment_id = await _assignment_of(pctx, ann)
    await ann.tap(f"prf:score:{assignment_id}")
    for answer in ("5", "5", "5", "5", "1", EVIDENCE):
        await ann.send(answer)
    await ann.upload("diff.png")
    await verify_dialog(ann, [(Press("Submit scorecard"), "Scorecard of assignment")])
    stored = store.state.proofing["assignments"][assignment_id]
    assert stored.status is AssignmentStatus.SUBMITTED
    assert stored.scorecard is not None and stored.scorecard.evidence_file is not None
    assert stored.scorecard.evidence_file.name == "diff.png"


async def test_offer_wizard_asks_for_proofers(
    ctx: Context, seller: Chat, store: FakeStore
) -> None:
    await seller.send("/newoffer")
    for answer in (
        "Support inbox triage",
        "1",
        "I triage your support inbox with an agent and review every draft.",
        "Read access to the inbox",
        "Drafts in your helpdesk",
        "3",
        "80",
        "150",
        "1",
    ):
        await seller.send(answer)
    await verify_dialog(
        seller,
        [("4", ("⚠️", "0", "3")), ("2", ("Proofers", "Publish")), ("yes", "is live")],
    )
    [offer] = store.state.offers.values()
    assert offer.proofers_wanted == 2


async def test_the_evidence_pack_holds_the_scorecards_with_their_proofers(
    pctx: Context, papp: ChatApp, alice: Account, bob: Account
) -> None:
    ann = await _proofer(pctx, papp, 1, "ann")
    order_id = await _proofed_order(pctx, alice, bob, 1)
    await _score(ann, "fail", "2")
    dispute = await disputes.open_dispute(
        pctx, actor_id=alice.id, order_id=order_id, reason="The proofer found the CSV wrong."
    )
    mod = await make_user(pctx, "77", "Moe", "moe")
    await accounts.set_role(pctx, granted_by=None, account_id=mod.id)
    admin = AdminApp(pctx, admin_chats=["telegram:-500"])
    replies = await admin.handle(
        Incoming(
            actor_id=mod.id,
            platform=Platform.TELEGRAM,
            chat_key="telegram:-500",
            text=f"/case {dispute.id}",
            is_private_chat=False,
        )
    )
    text = plain(replies)
    assert "Independent proofing" in text and "Consensus: ❌ fail" in text
    assert "@ann" in text and EVIDENCE in text
