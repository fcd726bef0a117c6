"""The data export at the service layer (issue 18, part 1): every section with the right
counts, nothing private of other people, hidden reviews only once revealed, no secret in the
bytes, the rate limit, and the background path whose notice carries the archive."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from core.accounts import api_access, linking, webhooks
from core.accounts.access import digest
from core.accounts.export import (
    EXPORT_READY,
    ExportExpired,
    ExportTooOften,
    get_export,
    request_export,
)
from core.accounts.export_model import ExportRules, ExportStatus
from core.credits import deposits, stars
from core.credits.deposit_model import CryptoTopUps, DepositRules
from core.credits.stars_model import StarsPack, StarsPurchase, parse_packs
from core.listings import proposals
from core.moderation import admin
from core.orders import orders, reviews
from core.orders.model import Attachment, PaymentMode
from core.orders.timers import run_due_timers
from core.proofing import proofing
from core.shared.context import Context
from core.shared.errors import NotFound
from tests.fakes import FakeClock, FakeStore
from tests.fakes_deposits import HashDeriver
from tests.unit.builders import FakeEscrow, deal, delivered, human, post

SECTIONS = {
    "manifest.json", "README.txt", "profile.json", "identities.json", "offers.json",
    "requests.json", "proposals.json", "orders.json", "reviews.json", "credits.json",
    "money.json", "proofing.json", "webhooks.json", "audit.json",
}
DEPOSIT_RULES = DepositRules(
    chain_id=8453, confirmations=12, credits_per_token=100, min_credits=100,
    token_address="0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", token_symbol="USDC",
)


class Files:
    """``FileContents`` over a dict: what the API stored under ``file:`` refs."""

    def __init__(self, stored: dict[str, bytes]) -> None:
        self.stored = stored

    def read(self, ref: str, max_bytes: int) -> bytes | None:
        data = self.stored.get(ref)
        return data if data is not None and len(data) <= max_bytes else None


class Resolver:
    async def resolve(self, host: str) -> list[str]:
        return ["93.184.216.34"]


def unzip(data: bytes) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: archive.read(name) if not name.endswith(".json") else json.loads(
                archive.read(name)
            )
            for name in archive.namelist()
        }


@pytest.fixture
def ectx(ctx: Context) -> Context:
    return replace(
        ctx,
        files=Files({"file:order-1/big.bin": b"x" * 2000, "file:order-1/small.txt": b"hello"}),
        export=ExportRules(max_file_bytes=1000),
    )


async def busy_seller(ctx: Context, clock: FakeClock) -> dict[str, Any]:
    """A seller with something in every section, and the secrets that must stay out."""
    d = await deal(ctx)
    seller, buyer = d.seller, d.buyer
    secrets: dict[str, str] = {}
    key = await api_access.issue_api_key(ctx, account_id=seller.id)
    secrets["api key"] = key.plaintext
    secrets["api key hash"] = key.key.key_hash
    hook = await webhooks.register_webhook(
        ctx, account_id=seller.id, url="https://hooks.example/botgig", events=None,
        resolver=Resolver(),
    )
    secrets["webhook secret"] = hook.secret
    code = await linking.issue_link_code(ctx, account_id=seller.id, platform="telegram")
    secrets["link code"] = code.code
    secrets["link code hash"] = digest(code.code)
    await orders.send_message(
        ctx, actor_id=buyer.id, order_id=d.order.id, text="Here is the brief",
        attachment=Attachment("small.txt", "file:order-1/small.txt", 5, "text/plain"),
    )
    await orders.send_message(
        ctx, actor_id=seller.id, order_id=d.order.id, text="Got it",
        attachment=Attachment("photo.jpg", "AgACAgIAAxkBAAIB", 900, "image/jpeg"),
    )
    await orders.deliver_order(
        ctx, actor_id=seller.id, order_id=d.order.id, note="Done",
        attachment=Attachment("big.bin", "file:order-1/big.bin", 2000, None),
    )
    await orders.approve_order(ctx, buyer_id=buyer.id, order_id=d.order.id)
    # The buyer's review of the seller stays hidden until the seller reviews too.
    await reviews.leave_review(ctx, author_id=buyer.id, order_id=d.order.id, rating=5,
                               text="Great seller")
    # A request of the seller's own, with a stranger's proposal on it.
    request = await post(ctx, seller)
    await proposals.submit_proposal(
        ctx, seller_id=d.stranger.id, request_id=request.id,
        message="I can do this job well", price_cents=5000, timeline_days=3,
    )
    await admin.warn_account(ctx, moderator_id=d.mod.id, account_id=seller.id,
                             reason="Please keep it polite")
    # Top-ups and proofing: a Stars payment, a crypto deposit address, the proofer opt-in.
    top_ups = replace(
        ctx, stars_packs=parse_packs("100:50"),
        crypto=CryptoTopUps(rules=DEPOSIT_RULES, deriver=HashDeriver()),
    )
    await stars.record_stars_payment(
        top_ups, charge_id="stxExportCharge1",
        payload=StarsPurchase(seller.id, StarsPack(100, 50)).payload, currency="XTR",
        total_amount=50, telegram_user_id=4242,
    )
    await deposits.get_deposit_address(top_ups, account_id=seller.id)
    await proofing.set_proofer(ctx, account_id=seller.id, enabled=True)
    return {"deal": d, "secrets": secrets, "request": request}


async def test_the_archive_has_every_section_with_the_right_counts(
    ectx: Context, clock: FakeClock
) -> None:
    story = await busy_seller(ectx, clock)
    d = story["deal"]
    outcome = await request_export(ectx, account_id=d.seller.id, platform="telegram")
    assert outcome.pending is None and outcome.archive is not None
    files = unzip(outcome.archive.data)
    assert set(files) >= SECTIONS
    manifest = files["manifest.json"]
    assert manifest["account_id"] == d.seller.id
    assert manifest["generated_at"] == clock.now().isoformat()
    assert manifest["botgig_version"]
    counts = {f["name"]: f["count"] for f in manifest["files"]}
    assert counts["orders.json"] == 1 and counts["offers.json"] == 1
    assert counts["requests.json"] == 1 and counts["webhooks.json"] == 1
    assert files["profile.json"]["id"] == d.seller.id
    assert files["identities.json"]["identities"] == [
        {"provider": "telegram", "external_id": "tg-seller"}
    ]
    assert [k["prefix"] for k in files["identities.json"]["api_keys"]]
    [order] = files["orders.json"]
    assert order["your_role"] == "seller"
    assert order["counterpart"] == {
        "id": d.buyer.id, "display_name": "Buyer", "username": None, "kind": "human",
    }
    assert [e["action"] for e in order["timeline"]][:2] == ["create", "deliver"]
    assert [m["author"] for m in order["messages"]] == ["counterpart", "you"]
    small, photo = (m["attachment"] for m in order["messages"])
    # The small upload is in the archive; the big one is beyond the per-file limit: linked.
    first_id = order["messages"][0]["id"]
    assert small["path"] == f"files/order-{d.order.id}/message-{first_id}/small.txt"
    assert files[small["path"]] == b"hello"
    assert photo == {"name": "photo.jpg", "size": 900, "content_type": "image/jpeg",
                     "stored_on": "telegram", "file_id": "AgACAgIAAxkBAAIB"}
    [delivery] = order["deliveries"]
    assert delivery["attachment"]["download"] == (
        f"/api/orders/{d.order.id}/deliveries/{delivery['id']}/file"
    )
    assert "path" not in delivery["attachment"]
    assert manifest["counts"]["files_included"] == 1 and manifest["counts"]["files_linked"] == 1
    received = files["proposals.json"]["received"]
    assert [p["seller"]["display_name"] for p in received] == ["Stranger"]
    credits = files["credits.json"]
    assert credits["balance"] == sum(t["amount"] for t in credits["transactions"])
    assert {t["type"] for t in credits["transactions"]} >= {
        "welcome_grant", "spend_publish", "topup_stars",
    }
    [paid] = credits["stars_payments"]
    assert (paid["charge_id"], paid["credits"], paid["stars"]) == ("stxExportCharge1", 100, 50)
    assert credits["deposit_address"]["address"].startswith("0x")
    assert "derivation_index" not in credits["deposit_address"]
    assert files["proofing.json"]["proofer"]["enabled"] is True
    assert files["webhooks.json"][0]["url"] == "https://hooks.example/botgig"
    assert "secret" not in files["webhooks.json"][0]
    warn = next(e for e in files["audit.json"] if e["action"] == "warn")
    # The moderator's reason is what the seller was told; the moderator is not named.
    assert warn["by"] == "moderator" and warn["note"] == "Please keep it polite"
    assert str(d.mod.id) not in json.dumps(files["audit.json"])


async def test_no_secret_and_nothing_private_of_others_is_in_the_bytes(
    ectx: Context, clock: FakeClock, store: FakeStore
) -> None:
    story = await busy_seller(ectx, clock)
    d = story["deal"]
    registration = await api_access.register_via_api(
        ectx, email="agent@example.com", display_name="Agent"
    )
    outcome = await request_export(ectx, account_id=d.seller.id, platform="api")
    assert outcome.archive is not None
    raw = _all_bytes(outcome.archive.data)
    for what, secret in story["secrets"].items():
        assert secret.encode() not in raw, what
    for stored in store.state.access["api_keys"].values():
        assert stored.key_hash.encode() not in raw
    assert registration.email_token is not None
    mine = await request_export(ectx, account_id=registration.account.id, platform="api")
    assert mine.archive is not None
    raw = _all_bytes(mine.archive.data)
    assert registration.email_token.encode() not in raw
    assert digest(registration.email_token).encode() not in raw
    assert registration.api_key.plaintext.encode() not in raw
    assert registration.api_key.key.key_hash.encode() not in raw
    # The agent's own email is its data; nobody else's identities are.
    assert b"agent@example.com" in raw
    seller_raw = _all_bytes(outcome.archive.data)
    assert b"tg-buyer" not in seller_raw and b"tg-stranger" not in seller_raw


def _all_bytes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


async def test_a_received_review_shows_only_once_revealed(
    ectx: Context, clock: FakeClock
) -> None:
    story = await busy_seller(ectx, clock)
    d = story["deal"]
    first = await request_export(ectx, account_id=d.seller.id, platform="api")
    assert first.archive is not None
    hidden = unzip(first.archive.data)["reviews.json"]
    assert hidden == {"given": [], "received": []}
    assert b"Great seller" not in _all_bytes(first.archive.data)
    # The buyer exports its own review, blind or not.
    theirs = await request_export(ectx, account_id=d.buyer.id, platform="api")
    assert theirs.archive is not None
    assert [r["text"] for r in unzip(theirs.archive.data)["reviews.json"]["given"]] == [
        "Great seller"
    ]
    await reviews.leave_review(ectx, author_id=d.seller.id, order_id=d.order.id, rating=4,
                               text="Clear brief")
    second = await request_export(ectx, account_id=d.seller.id, platform="api")
    assert second.archive is not None
    shown = unzip(second.archive.data)["reviews.json"]
    assert [r["text"] for r in shown["received"]] == ["Great seller"]
    assert shown["received"][0]["author"]["display_name"] == "Buyer"
    assert [r["text"] for r in shown["given"]] == ["Clear brief"]


async def test_the_fourth_export_in_a_day_is_refused_with_when_to_retry(
    ctx: Context, clock: FakeClock
) -> None:
    someone = await human(ctx, "someone")
    for _ in range(3):
        assert (await request_export(ctx, account_id=someone.id, platform="telegram")).archive
    with pytest.raises(ExportTooOften) as refused:
        await request_export(ctx, account_id=someone.id, platform="telegram")
    assert refused.value.code == "export.rate_limited"
    assert refused.value.retry_after > 0
    assert "3 times per 24 h" in refused.value.message
    clock.advance(timedelta(hours=24))
    assert (await request_export(ctx, account_id=someone.id, platform="telegram")).archive


async def test_an_unknown_account_is_not_found(ctx: Context) -> None:
    with pytest.raises(NotFound):
        await request_export(ctx, account_id=999, platform="api")


async def test_a_large_account_is_exported_in_the_background_with_a_notice(
    ctx: Context, clock: FakeClock, store: FakeStore
) -> None:
    ctx = replace(ctx, export=ExportRules(background_orders=0, keep=timedelta(days=2)))
    d = await deal(ctx, PaymentMode.OFF_PLATFORM)
    await delivered(ctx, d)
    outcome = await request_export(ctx, account_id=d.buyer.id, platform="discord")
    pending = outcome.pending
    assert outcome.archive is None and pending is not None
    assert pending.status is ExportStatus.PENDING
    # Only the account itself sees it, and nothing is ready before the scheduler runs.
    with pytest.raises(NotFound):
        await get_export(ctx, account_id=d.seller.id, export_id=pending.id)
    assert (await get_export(ctx, account_id=d.buyer.id, export_id=pending.id)).archive is None
    # Asking again while it is prepared returns the same export, without counting.
    for _ in range(5):
        again = await request_export(ctx, account_id=d.buyer.id, platform="telegram")
        assert again.pending is not None and again.pending.id == pending.id
    run = await run_due_timers(ctx)
    assert run.failed == 0
    ready = await get_export(ctx, account_id=d.buyer.id, export_id=pending.id)
    assert ready.status is ExportStatus.READY and ready.archive is not None
    assert ready.size == len(ready.archive)
    assert unzip(ready.archive)["manifest.json"]["account_id"] == d.buyer.id
    [notice] = [e for e in store.outbox if e.type == EXPORT_READY]
    assert notice.recipients == (d.buyer.id,)
    assert notice.payload["export_id"] == pending.id
    assert notice.payload["platform"] == "discord"
    # A second run does not build it again; after ``keep`` the archive is dropped.
    await run_due_timers(ctx)
    assert len([e for e in store.outbox if e.type == EXPORT_READY]) == 1
    clock.advance(timedelta(days=2, seconds=1))
    await run_due_timers(ctx)
    with pytest.raises(ExportExpired):
        await get_export(ctx, account_id=d.buyer.id, export_id=pending.id)
    assert store.state.exports[pending.id].archive is None


async def test_the_money_lines_of_an_escrow_order_are_in_money_json(ctx: Context) -> None:
    ectx = replace(ctx, escrow=FakeEscrow())
    d = await deal(ectx, PaymentMode.ESCROW, funded=True)
    for party in (d.buyer, d.seller):
        outcome = await request_export(ectx, account_id=party.id, platform="api")
        assert outcome.archive is not None
        lines = unzip(outcome.archive.data)["money.json"]["transactions"]
        [fund] = [t for t in lines if t["type"] == "escrow_fund"]
        assert fund["currency"] == d.order.currency
        assert {"ledger_account": f"escrow:{d.order.id}", "amount": d.order.price_cents} in (
            fund["entries"]
        )
        assert sum(e["amount"] for e in fund["entries"]) == 0
    outsider = await request_export(ectx, account_id=d.stranger.id, platform="api")
    assert outsider.archive is not None
    assert unzip(outsider.archive.data)["money.json"]["transactions"] == []
