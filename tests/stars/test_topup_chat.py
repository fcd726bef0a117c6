"""/topup in chat: the deposit address with its network, token, rate, minimum and
confirmations, a QR code image of the address, and the Stars packs on Telegram; the
notifications of deposits, top-ups and Stars refunds; /history with the top-ups' sources."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
import segno

from core.accounts import accounts
from core.accounts.model import Account
from core.credits import deposits, stars
from core.credits.credits import top_up_credits
from core.shared import events as ev
from core.shared.context import Context
from core.shared.events import DomainEvent
from core.shared.ledger import TxType
from handlers.actions import parse
from handlers.app import ChatApp
from handlers.commands.topup import QR_BORDER, QR_SCALE, qr_png
from handlers.markup import to_plain
from handlers.types import Platform, Reply
from tests.stars.conftest import TOKEN, telegram_account
from tests.unit.handlers.conftest import Chat, buttons, plain

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    length, kind = struct.unpack(">I4s", data[8:16])
    assert (length, kind) == (13, b"IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _unfilter(kind: int, line: bytearray, prior: bytearray) -> bytearray:
    """Undo one PNG scanline filter (1 byte per pixel group at bit depth 1)."""
    out = bytearray(len(line))
    for i, byte in enumerate(line):
        left = out[i - 1] if i else 0
        up = prior[i]
        corner = prior[i - 1] if i else 0
        if kind == 0:
            value = byte
        elif kind == 1:
            value = byte + left
        elif kind == 2:
            value = byte + up
        elif kind == 3:
            value = byte + (left + up) // 2
        elif kind == 4:
            p = left + up - corner
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
            value = byte + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
        else:
            raise AssertionError(f"PNG filter {kind}")
        out[i] = value & 0xFF
    return out


def png_modules(data: bytes, scale: int, border: int) -> list[list[bool]]:
    """The dark modules of a 1-bit greyscale PNG as segno writes it, read back pixel by
    pixel (a tiny PNG decoder: no image library needed)."""
    width, height = png_size(data)
    chunks = []
    pos = 8
    bit_depth = data[24]
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    assert (bit_depth, data[25]) == (1, 0), "segno writes 1-bit greyscale"
    stride = (width + 7) // 8
    rows = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        current = _unfilter(line[0], bytearray(line[1:]), previous)
        bits = "".join(f"{b:08b}" for b in current)[:width]
        rows.append([bit == "0" for bit in bits])  # 0 = black (dark) in a 1-bit image
        previous = current
    size = width // scale
    return [
        [rows[y * scale][x * scale] for x in range(border, size - border)]
        for y in range(border, size - border)
    ]


def qr_reply(replies: list[Reply]) -> Reply:
    found = [r for r in replies if r.attachments]
    assert len(found) == 1, [r.text for r in replies]
    return found[0]


@pytest.fixture
async def ada(cctx: Context) -> Account:
    return await telegram_account(cctx, 1001, "Ada")


async def test_topup_shows_the_deposit_address_with_a_qr_code_and_the_stars_packs(
    cctx: Context, ada: Account
) -> None:
    chat = Chat(ChatApp(cctx), ada)
    replies = await chat.send("/topup")
    address = (await deposits.get_deposit_address(cctx, account_id=ada.id)).address
    text = plain(replies)
    for part in [
        "your balance is 100 credits",
        address,
        "USDC on Base (chain id 8453)",
        "1 USDC = 100 credits · minimum 1 USDC",
        f"token contract {TOKEN}",
        "Credited after 12 confirmations",
        "under 100 credits",
        "Telegram Stars",
    ]:
        assert part in text, part

    reply = qr_reply(replies)
    (qr,) = reply.attachments
    assert qr.kind == "photo" and qr.data is not None and qr.name.endswith(".png")
    assert address in to_plain(reply.text)
    # The image is the QR code of the address: same size and the same modules as segno's.
    expected = segno.make(address, error="m")
    side = (expected.symbol_size(scale=1, border=0)[0] + 2 * QR_BORDER) * QR_SCALE
    assert png_size(qr.data) == (side, side)
    matrix = [[bool(m) for m in row] for row in expected.matrix]
    assert png_modules(qr.data, QR_SCALE, QR_BORDER) == matrix

    labels = [b.label for b in buttons(replies)]
    assert labels == ["100 credits · ⭐ 50", "500 credits · ⭐ 225", "1000 credits · ⭐ 400"]
    actions = [parse(b.action) for b in buttons(replies)]
    assert [(a.domain, a.verb, a.args) for a in actions if a] == [
        ("stars", "buy", ("100", "50")),
        ("stars", "buy", ("500", "225")),
        ("stars", "buy", ("1000", "400")),
    ]


def test_the_qr_code_decodes_to_the_address() -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    image = pytest.importorskip("PIL.Image")
    address = "0x52908400098527886E0F7030069857D2E4169EE7"
    found = zxingcpp.read_barcodes(image.open(io.BytesIO(qr_png(address))))
    assert [r.text for r in found] == [address]


async def test_topup_asks_for_the_same_address_every_time(cctx: Context, ada: Account) -> None:
    chat = Chat(ChatApp(cctx), ada)
    first = qr_reply(await chat.send("/topup")).attachments[0].data
    second = qr_reply(await chat.send("/topup")).attachments[0].data
    assert first == second


async def test_no_stars_packs_on_discord(cctx: Context, ada: Account) -> None:
    chat = Chat(ChatApp(cctx), ada, platform=Platform.DISCORD)
    replies = await chat.send("/topup")
    assert buttons(replies) == []
    assert "Telegram Stars" not in plain(replies)
    assert qr_reply(replies).attachments[0].data
    # A forged Stars button where no front end sends invoices is answered, not crashed on.
    pressed = await chat.tap("stars:buy:100:50")
    assert pressed[0].alert and "only be bought in the Telegram bot" in pressed[0].text


async def test_stars_only_when_crypto_is_off(sctx: Context) -> None:
    ada = await telegram_account(sctx, 1001, "Ada")
    replies = await Chat(ChatApp(sctx), ada).send("/topup")
    assert all(not r.attachments for r in replies)
    assert len(buttons(replies)) == 3


async def test_topup_says_so_when_nothing_is_configured(ctx: Context) -> None:
    ada = await telegram_account(ctx, 1001, "Ada")
    text = plain(await Chat(ChatApp(ctx), ada).send("/topup"))
    assert "not available" in text and "100 credits" in text


async def test_a_banned_account_gets_no_address(cctx: Context, ada: Account) -> None:
    mod = await telegram_account(cctx, 9009, "Mod")
    await accounts.set_role(cctx, granted_by=None, account_id=mod.id)
    await accounts.ban_account(cctx, moderator_id=mod.id, account_id=ada.id, reason="spam")
    replies = await Chat(ChatApp(cctx), ada).send("/topup")
    assert "banned" in plain(replies)
    assert all(not r.attachments for r in replies)


async def test_history_shows_where_top_ups_came_from(cctx: Context, ada: Account) -> None:
    tx = "0x" + "ab" * 32
    await top_up_credits(
        cctx, account_id=ada.id, amount=250, source=TxType.TOPUP_CRYPTO,
        idempotency_key=f"crypto:8453:{tx}:0", reference=tx,
    )
    await stars.record_stars_payment(
        cctx, charge_id="stxHist", payload=f"bgs1:{ada.id}:100:50", currency="XTR",
        total_amount=50, telegram_user_id=1001,
    )
    lines = plain(await Chat(ChatApp(cctx), ada).send("/history")).splitlines()
    assert lines[1].startswith("+100 · Top-up (stars) · ")
    assert lines[1].endswith(" · Stars charge stxHist")
    assert lines[2].startswith("+250 · Top-up (crypto) · ")
    assert lines[2].endswith(f" · tx {tx}")
    assert lines[3].startswith("+100 · Welcome grant · ")
    assert "tx" not in lines[3] and "charge" not in lines[3]


# -- notifications -----------------------------------------------------------------------------


def deposit_payload(account: Account, **extra: Any) -> dict[str, Any]:
    return {
        "deposit_id": 7,
        "account_id": account.id,
        "chain_id": 8453,
        "network": "Base",
        "tx_hash": "0x" + "cd" * 32,
        "log_index": 3,
        "symbol": "USDC",
        "token_address": TOKEN,
        "amount": "12.5",
        "credits": 1250,
        "min_credits": 100,
        "below_minimum": False,
        "confirmations": 0,
        "confirmations_needed": 12,
        "status": "seen",
        **extra,
    }


@pytest.mark.parametrize(
    ("event_type", "extra", "expected"),
    [
        (
            deposits.DEPOSIT_SEEN,
            {},
            "⏳ Deposit seen: 12.5 USDC on Base, worth 1250 credits. 0/12 confirmations",
        ),
        (
            deposits.DEPOSIT_SEEN,
            {"amount": "0.5", "credits": 50, "below_minimum": True},
            "below the minimum of 100 credits: it will be recorded, not credited",
        ),
        (
            deposits.DEPOSIT_BELOW_MINIMUM,
            {"amount": "0.5", "credits": 50, "status": "below_minimum"},
            "deposit of 0.5 USDC is worth 50 credits, below the minimum of 100",
        ),
        (deposits.DEPOSIT_HELD, {"status": "held"}, "held for the moderators"),
        (deposits.DEPOSIT_REORGED, {"status": "reorged"}, "dropped by a chain reorganisation"),
    ],
)
async def test_deposit_events_render(
    cctx: Context, ada: Account, event_type: str, extra: dict[str, Any], expected: str
) -> None:
    event = DomainEvent(
        type=event_type,
        payload=deposit_payload(ada, **extra),
        recipients=(ada.id,),
        channels=("admin",) if event_type == deposits.DEPOSIT_HELD else (),
    )
    notes = await ChatApp(cctx).render(event)
    mine = [n for n in notes if n.account_id == ada.id]
    assert len(mine) == 1
    text = to_plain(mine[0].text)
    assert expected in text
    assert "0x" + "cd" * 32 in text
    if event_type == deposits.DEPOSIT_HELD:
        admin = [n for n in notes if n.extra.get("channel") == "admin"]
        assert admin and f"#{ada.id}" in admin[0].text and "held for review" in admin[0].text


@pytest.mark.parametrize(
    ("source", "reference", "expected"),
    [
        (
            "topup_crypto",
            "0x" + "ef" * 32,
            "+1250 credits (crypto). Balance: 1350.\nTransaction: 0xefef",
        ),
        ("topup_stars", "stxCharge9", "(Telegram Stars). Balance: 1350.\nStars charge: stxCharge9"),
    ],
)
async def test_topped_up_names_its_source(
    cctx: Context, ada: Account, source: str, reference: str, expected: str
) -> None:
    event = DomainEvent(
        type=ev.CREDITS_TOPPED_UP,
        payload={"account_id": ada.id, "amount": 1250, "balance": 1350, "source": source,
                 "reference": reference},
        recipients=(ada.id,),
    )
    (note,) = await ChatApp(cctx).render(event)
    assert expected in to_plain(note.text)


async def test_stars_refund_renders(cctx: Context, ada: Account) -> None:
    event = DomainEvent(
        type=stars.STARS_REFUNDED,
        payload={"account_id": ada.id, "moderator_id": 1, "charge_id": "stx", "credits": 100,
                 "stars": 50, "balance": 100},
        recipients=(ada.id,),
    )
    (note,) = await ChatApp(cctx).render(event)
    assert "⭐ 50 back to you, 100 credits removed. Balance: 100." in to_plain(note.text)
