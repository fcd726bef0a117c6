"""Credits: the welcome grant, top-ups, moderator adjustments, balance and history, and the
ledger's structural rules (balanced, idempotent, never between users, never negative)."""

from __future__ import annotations

import pytest

from core.credits import credits
from core.shared import events as ev
from core.shared import ledger
from core.shared.context import Context
from core.shared.errors import InsufficientCredits, PermissionDenied, ValidationFailed
from core.shared.ledger import CREDITS, Entry, LedgerTransaction, TxType
from tests.fakes import FakeStore
from tests.unit.builders import balance, human, moderator


async def test_a_top_up_is_credited_once_per_key(ctx: Context, store: FakeStore) -> None:
    """Idempotency: a top-up reported twice (a watcher retry) credits once."""
    alice = await human(ctx, "alice")
    start = await balance(ctx, alice)
    applied = await credits.top_up_credits(
        ctx,
        account_id=alice.id,
        amount=250,
        source=TxType.TOPUP_CRYPTO,
        idempotency_key="0xabc:3",
        reference="0xabc",
    )
    again = await credits.top_up_credits(
        ctx,
        account_id=alice.id,
        amount=250,
        source=TxType.TOPUP_CRYPTO,
        idempotency_key="0xabc:3",
        reference="0xabc",
    )
    assert (applied, again) == (True, False)
    assert await balance(ctx, alice) == start + 250
    topped = [e for e in store.outbox if e.type == ev.CREDITS_TOPPED_UP]
    assert len(topped) == 1 and topped[0].payload["balance"] == start + 250


async def test_only_top_up_types_and_positive_amounts_top_up(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    with pytest.raises(ValueError):
        await credits.top_up_credits(
            ctx,
            account_id=alice.id,
            amount=10,
            source=TxType.ADJUSTMENT,
            idempotency_key="k1",
            reference="r",
        )
    for amount in (0, -5):
        with pytest.raises(ValidationFailed):
            await credits.top_up_credits(
                ctx,
                account_id=alice.id,
                amount=amount,
                source=TxType.TOPUP_STARS,
                idempotency_key=f"k{amount}",
                reference="r",
            )
    assert await balance(ctx, alice) == ctx.prices.welcome_grant


async def test_a_moderator_adjusts_with_a_reason(ctx: Context, store: FakeStore) -> None:
    """Adjustments: a moderator's correction needs a reason, lands in the audit log and is
    announced to the account."""
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    result = await credits.adjust_credits(
        ctx, moderator_id=mod.id, account_id=alice.id, delta=+30, reason="goodwill"
    )
    assert result.credits == ctx.prices.welcome_grant + 30
    result = await credits.adjust_credits(
        ctx, moderator_id=mod.id, account_id=alice.id, delta=-5, reason="correction"
    )
    assert result.credits == ctx.prices.welcome_grant + 25
    assert [(a.action, a.note, a.data["delta"]) for a in store.state.audit[-2:]] == [
        ("credits.adjust", "goodwill", 30),
        ("credits.adjust", "correction", -5),
    ]
    adjusted = [e for e in store.outbox if e.type == ev.CREDITS_ADJUSTED]
    assert [e.recipients for e in adjusted] == [(alice.id,), (alice.id,)]
    history = await credits.get_history(ctx, account_id=alice.id)
    assert [h.amount for h in history] == [-5, 30, ctx.prices.welcome_grant]


@pytest.mark.parametrize(
    ("delta", "reason"), [(10, ""), (10, "ok"), (0, "a reason"), (True, "a reason")]
)
async def test_an_adjustment_needs_a_reason_and_a_non_zero_amount(
    ctx: Context, delta: int, reason: str
) -> None:
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    with pytest.raises(ValidationFailed):
        await credits.adjust_credits(
            ctx, moderator_id=mod.id, account_id=alice.id, delta=delta, reason=reason
        )
    assert await balance(ctx, alice) == ctx.prices.welcome_grant


async def test_only_a_moderator_adjusts(ctx: Context, store: FakeStore) -> None:
    alice = await human(ctx, "alice")
    bob = await human(ctx, "bob")
    with pytest.raises(PermissionDenied) as err:
        await credits.adjust_credits(
            ctx, moderator_id=bob.id, account_id=alice.id, delta=1000, reason="friend"
        )
    assert err.value.code == "permission_denied"
    # Not even on one's own account.
    with pytest.raises(PermissionDenied):
        await credits.adjust_credits(
            ctx, moderator_id=bob.id, account_id=bob.id, delta=1000, reason="myself"
        )
    assert await balance(ctx, alice) == await balance(ctx, bob) == ctx.prices.welcome_grant
    assert store.state.audit == []


async def test_an_adjustment_never_takes_a_balance_below_zero(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    with pytest.raises(InsufficientCredits):
        await credits.adjust_credits(
            ctx, moderator_id=mod.id, account_id=alice.id, delta=-101, reason="too much"
        )
    assert await balance(ctx, alice) == ctx.prices.welcome_grant


async def test_history_pages_backwards(ctx: Context) -> None:
    alice = await human(ctx, "alice")
    for i in range(5):
        await credits.top_up_credits(
            ctx,
            account_id=alice.id,
            amount=i + 1,
            source=TxType.TOPUP_STARS,
            idempotency_key=f"stars:{i}",
            reference=f"charge{i}",
        )
    first = await credits.get_history(ctx, account_id=alice.id, limit=3)
    assert [h.amount for h in first] == [5, 4, 3]
    rest = await credits.get_history(ctx, account_id=alice.id, limit=3, before_id=first[-1].id)
    assert [h.amount for h in rest] == [2, 1, ctx.prices.welcome_grant]


def test_credits_never_move_between_users() -> None:
    """The ledger has no shape for a user-to-user credit transfer."""
    with pytest.raises(ValueError, match="between users"):
        LedgerTransaction(
            type=TxType.ADJUSTMENT,
            asset=CREDITS,
            idempotency_key="x",
            entries=(Entry("user:1", -5), Entry("user:2", 5)),
        )


def test_a_transaction_balances_and_uses_its_assets_types() -> None:
    with pytest.raises(ValueError, match="balance"):
        LedgerTransaction(
            type=TxType.ADJUSTMENT,
            asset=CREDITS,
            idempotency_key="x",
            entries=(Entry("user:1", 5), Entry(ledger.WORLD_ADJUSTMENTS, -4)),
        )
    # Money types never carry credits, and credit types never carry money.
    with pytest.raises(ValueError):
        ledger.transfer(
            type=TxType.ESCROW_FUND,
            asset=CREDITS,
            source=ledger.WORLD_PROCESSOR,
            destination="escrow:1",
            amount=5,
            idempotency_key="y",
        )
    with pytest.raises(ValueError):
        ledger.transfer(
            type=TxType.TOPUP_CRYPTO,
            asset="usd",
            source=ledger.WORLD_TOPUPS,
            destination="user:1",
            amount=5,
            idempotency_key="z",
        )
    with pytest.raises(TypeError):
        LedgerTransaction(
            type=TxType.ADJUSTMENT,
            asset=CREDITS,
            idempotency_key="f",
            entries=(Entry("user:1", 0.5), Entry(ledger.WORLD_ADJUSTMENTS, -0.5)),  # type: ignore[arg-type]
        )


async def test_a_retried_adjustment_applies_once(ctx: Context, store: FakeStore) -> None:
    """Idempotency: the same /credit command retried with its key changes the balance, the
    audit log and the notices once."""
    alice = await human(ctx, "alice")
    mod = await moderator(ctx)
    for _ in range(2):
        result = await credits.adjust_credits(
            ctx,
            moderator_id=mod.id,
            account_id=alice.id,
            delta=15,
            reason="refund of a failed boost",
            idempotency_key="admin-msg-77",
        )
        assert result.credits == ctx.prices.welcome_grant + 15
    assert len([a for a in store.state.audit if a.action == "credits.adjust"]) == 1
    assert len([e for e in store.outbox if e.type == ev.CREDITS_ADJUSTED]) == 1
