"""handlers.suggestions: the ids a user can act on, as a front end suggests them while the
user types (issue 16, Discord's autocomplete)."""

from __future__ import annotations

from core.accounts.model import Account
from core.listings import requests
from core.orders import orders
from core.shared.context import Context
from handlers.i18n import Translator
from handlers.suggestions import LIMIT, IdKind, suggest_ids
from tests.unit.handlers.conftest import make_user, place_order, post_request

EN = Translator("en", "discord")


async def ids(ctx: Context, who: Account, kind: IdKind, typed: str = "") -> list[int]:
    found = await suggest_ids(ctx, account_id=who.id, kind=kind, typed=typed, tr=EN)
    return [s.id for s in found]


async def test_orders_of_both_parties_and_nobody_else(
    ctx: Context, alice: Account, bob: Account
) -> None:
    carol = await make_user(ctx, "303", "Carol", "carol")
    first = await place_order(ctx, alice, bob)
    second = await place_order(ctx, alice, bob)
    await orders.cancel_order(ctx, actor_id=alice.id, order_id=first)
    assert set(await ids(ctx, alice, IdKind.ORDER)) == {first, second}
    assert set(await ids(ctx, bob, IdKind.ORDER)) == {first, second}
    assert await ids(ctx, carol, IdKind.ORDER) == []
    [label] = await suggest_ids(
        ctx, account_id=alice.id, kind=IdKind.ORDER, typed=str(second), tr=EN
    )
    assert label.label == f"#{second} · Support inbox triage · 🛠 in progress"
    spanish = await suggest_ids(
        ctx, account_id=alice.id, kind=IdKind.ORDER, typed=f"#{second}",
        tr=Translator("es", "discord"),
    )
    assert [s.id for s in spanish] == [second] and "en curso" in spanish[0].label


async def test_requests_mine_for_proposals_and_others_open_ones_for_bids(
    ctx: Context, alice: Account, bob: Account
) -> None:
    scrape = await post_request(ctx, alice)
    logo = await post_request(ctx, alice, title="Design a logo for a bakery")
    await requests.close_request(ctx, buyer_id=alice.id, request_id=logo)
    assert set(await ids(ctx, alice, IdKind.MY_REQUEST)) == {scrape, logo}
    assert await ids(ctx, alice, IdKind.MY_REQUEST, "bakery logo") == [logo]
    # Bob may bid on Alice's open request only; Alice on none of her own.
    assert await ids(ctx, bob, IdKind.OPEN_REQUEST) == [scrape]
    assert await ids(ctx, alice, IdKind.OPEN_REQUEST) == []
    assert await ids(ctx, bob, IdKind.OPEN_REQUEST, "9999") == []


async def test_at_most_what_discord_lists(ctx: Context, alice: Account, bob: Account) -> None:
    for _ in range(LIMIT + 3):
        await post_request(ctx, alice)
    found = await suggest_ids(ctx, account_id=bob.id, kind=IdKind.OPEN_REQUEST, typed="", tr=EN)
    assert len(found) == LIMIT and all(len(s.label) <= 100 for s in found)
