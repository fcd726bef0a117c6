"""One account on Telegram and Discord (core.accounts.linking), through the use cases and
through the chat on both platforms: expired, reused and wrong codes, both accounts active,
the merge of a fresh account (its welcome grant not carried over), unlinking, and the one
platform each notification goes to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.accounts import accounts, linking
from core.accounts.model import Account, AccountKind, Identity
from core.credits import credits
from core.shared.context import Context
from core.shared.errors import (
    AccountBanned,
    Conflict,
    NotFound,
    PermissionDenied,
    RateLimited,
    ValidationFailed,
)
from handlers.app import ChatApp
from handlers.markup import to_plain
from handlers.types import Platform
from tests.fakes import FakeClock, FakeStore
from tests.unit.handlers.conftest import Chat, publish_offer


async def chat_user(ctx: Context, platform: str, external_id: str, name: str) -> Account:
    account, _ = await accounts.ensure_chat_account(
        ctx, provider=platform, external_id=external_id, display_name=name
    )
    return account


def code_in(text: str) -> str:
    plain = to_plain(text)
    return plain.split("link code: ", 1)[1].split()[0]


async def test_a_fresh_account_is_merged_and_its_grant_dropped(
    ctx: Context, store: FakeStore
) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    await publish_offer(ctx, tg)  # the Telegram account has activity
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    issued = await linking.issue_link_code(ctx, account_id=dc.id, platform="discord")
    assert len(issued.code) == 9 and issued.code[4] == "-"
    # The code is stored only as its digest.
    [stored] = store.state.link_codes.values()
    assert stored.code_hash == linking.hash_code(issued.code)
    assert issued.code.replace("-", "") not in repr(store.state.link_codes)

    result = await linking.redeem_link_code(
        ctx, account_id=tg.id, platform="telegram", code=issued.code.lower()
    )
    # The active Telegram account survives although the Discord one issued the code.
    assert result.account_id == tg.id and result.absorbed_id == dc.id
    assert result.dropped_credits == 100
    assert {(i.provider, i.external_id) for i in result.identities} == {
        ("telegram", "1"), ("discord", "9")}
    assert store.state.identities[("discord", "9")].account_id == tg.id
    # No second welcome grant: the survivor's balance is its own (100 - 10 to publish).
    assert (await credits.get_balance(ctx, account_id=tg.id)).credits == 90
    assert [e.action for e in store.state.audit][-2:] == ["account.linked", "account.merged"]
    # Discord now reaches the same account.
    again, created = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id="9", display_name="Alice D"
    )
    assert again.id == tg.id and not created


async def test_the_issuer_survives_when_neither_is_active_and_username_moves(
    ctx: Context,
) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    await accounts.change_username(ctx, account_id=dc.id, username="alice_d")
    issued = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    result = await linking.redeem_link_code(
        ctx, account_id=dc.id, platform="discord", code=issued.code
    )
    assert result.account_id == tg.id
    survivor = await accounts.find_account(ctx, reference="@alice_d")
    assert survivor.id == tg.id and survivor.last_platform == "discord"


async def test_expired_reused_wrong_and_malformed_codes(ctx: Context, clock: FakeClock) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    other = await chat_user(ctx, "discord", "8", "Someone")

    issued = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    clock.advance(linking.LINK_CODE_TTL + timedelta(seconds=1))
    with pytest.raises(ValidationFailed) as expired:
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code=issued.code)
    assert expired.value.code == "link.code_expired" and "expired" in expired.value.message

    with pytest.raises(ValidationFailed) as wrong:
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code="ABCD-EFGH")
    assert wrong.value.code == "link.code_unknown"
    with pytest.raises(ValidationFailed) as malformed:
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord", code="hello")
    assert malformed.value.code == "link.code_malformed"

    fresh = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord", code=fresh.code)
    with pytest.raises(Conflict) as reused:
        await linking.redeem_link_code(ctx, account_id=other.id, platform="discord",
                                       code=fresh.code)
    assert reused.value.code == "link.code_used"
    # Nothing changed for the third account.
    assert await linking.linked_identities(ctx, account_id=other.id) == [
        Identity("discord", "8", other.id)]


async def test_a_new_code_replaces_the_old_and_own_or_same_platform_codes_are_refused(
    ctx: Context,
) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    tg2 = await chat_user(ctx, "telegram", "2", "Alice again")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    first = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    second = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    with pytest.raises(ValidationFailed):
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code=first.code)
    with pytest.raises(ValidationFailed) as own:
        await linking.redeem_link_code(ctx, account_id=tg.id, platform="discord",
                                       code=second.code)
    assert own.value.code == "link.own_code"
    with pytest.raises(ValidationFailed) as same:
        await linking.redeem_link_code(ctx, account_id=tg2.id, platform="telegram",
                                       code=second.code)
    assert same.value.code == "link.same_platform"


async def test_two_active_accounts_are_not_merged(ctx: Context, store: FakeStore) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    await publish_offer(ctx, tg)
    await publish_offer(ctx, dc, title="Price tracking for shops")
    issued = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    with pytest.raises(Conflict) as refused:
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code=issued.code)
    assert refused.value.code == "link.both_active"
    assert "Both accounts have activity" in refused.value.message
    assert "offers" in refused.value.message
    # Nothing moved and the code is still unused (the user may unlink and retry).
    assert store.state.identities[("discord", "9")].account_id == dc.id
    assert all(c.used_at is None for c in store.state.link_codes.values())


async def test_a_platform_cannot_be_linked_twice(ctx: Context) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    code = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord", code=code.code)
    dc2 = await chat_user(ctx, "discord", "7", "Alice alt")
    again = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    with pytest.raises(Conflict) as taken:
        await linking.redeem_link_code(ctx, account_id=dc2.id, platform="discord",
                                       code=again.code)
    assert taken.value.code == "link.platform_taken"


async def test_banned_accounts_cannot_link_and_attempts_are_limited(
    ctx: Context, store: FakeStore
) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    issued = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    banned = await accounts.find_account(ctx, reference=f"#{tg.id}")
    from core.accounts.model import AccountStatus

    store.state.accounts[tg.id].status = AccountStatus.BANNED
    with pytest.raises(AccountBanned):
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code=issued.code)
    store.state.accounts[tg.id].status = banned.status
    for _ in range(linking.MAX_ATTEMPTS_PER_HOUR - 1):
        with pytest.raises(ValidationFailed):
            await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                           code="ZZZZ-ZZZZ")
    with pytest.raises(RateLimited):
        await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord",
                                       code=issued.code)


async def test_unlink_never_removes_the_last_identity(ctx: Context, store: FakeStore) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    with pytest.raises(PermissionDenied) as last:
        await linking.unlink_platform(ctx, account_id=tg.id, platform="telegram")
    assert last.value.code == "link.last_identity"
    with pytest.raises(NotFound):
        await linking.unlink_platform(ctx, account_id=tg.id, platform="discord")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    code = await linking.issue_link_code(ctx, account_id=tg.id, platform="telegram")
    await linking.redeem_link_code(ctx, account_id=dc.id, platform="discord", code=code.code)
    await linking.set_notify_platform(ctx, account_id=tg.id, platform="discord")
    account = await linking.unlink_platform(ctx, account_id=tg.id, platform="discord")
    assert account.notify_platform is None
    assert ("discord", "9") not in store.state.identities
    # The next Discord contact starts a separate account.
    fresh, created = await accounts.ensure_chat_account(
        ctx, provider="discord", external_id="9", display_name="Alice D"
    )
    assert created and fresh.id != tg.id


async def test_notify_platform_must_be_linked(ctx: Context) -> None:
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    with pytest.raises(ValidationFailed):
        await linking.set_notify_platform(ctx, account_id=tg.id, platform="discord")
    chosen = await linking.set_notify_platform(ctx, account_id=tg.id, platform="telegram")
    assert chosen.notify_platform == "telegram"


def test_one_platform_per_notification() -> None:
    from datetime import UTC, datetime

    def account(**kw: object) -> Account:
        return Account(id=1, display_name="A", kind=AccountKind.HUMAN,
                       created_at=datetime(2026, 1, 1, tzinfo=UTC), **kw)  # type: ignore[arg-type]

    both = [Identity("telegram", "1", 1), Identity("discord", "2", 1)]
    rule = linking.notification_platform
    assert rule(account(notify_platform="discord", last_platform="telegram"), both) == "discord"
    assert rule(account(last_platform="discord"), both) == "discord"
    assert rule(account(), both) == "telegram"
    # A choice the account cannot be reached on falls back instead of losing the message.
    assert rule(account(notify_platform="discord"), both[:1]) == "telegram"
    # Only running front ends count.
    assert rule(account(notify_platform="discord"), both, {"telegram"}) == "telegram"
    assert rule(account(), [], {"telegram", "discord"}) is None
    # Each front end's notifier routes by this one rule (handlers.notifications).
    assert rule(account(notify_platform="discord"), both, {"telegram", "discord"}) != "telegram"
    assert rule(account(last_platform="telegram"), both, {"telegram", "discord"}) == "telegram"


async def test_link_through_the_chat_on_both_platforms(ctx: Context, store: FakeStore) -> None:
    app = ChatApp(ctx)
    tg = await chat_user(ctx, "telegram", "1", "Alice")
    dc = await chat_user(ctx, "discord", "9", "Alice D")
    on_tg = Chat(app, tg)
    on_dc = Chat(app, dc, platform=Platform.DISCORD)

    shown = await on_tg.send("/link")
    assert shown[0].ephemeral and "/link code:" in to_plain(shown[0].text)
    code = code_in(shown[0].text)
    wrong = await on_dc.send("/link WXYZ-2345")
    assert "not valid" in to_plain(wrong[0].text)
    done = await on_dc.send(f"/link {code}")
    text = to_plain(done[0].text)
    assert "Linked" in text and "Telegram, Discord" in text and "merged" in text
    assert "100 welcome credits" in text
    reused = await on_dc.send(f"/link {code}")
    assert "used already" in to_plain(reused[0].text)

    # Settings: notifications go to one platform; buttons change it.
    on_tg.account = await accounts.find_account(ctx, reference=f"#{tg.id}")
    card = await on_tg.send("/settings")
    assert "Notifications go to" in to_plain(card[0].text)
    chosen = await on_tg.press("On Discord")
    assert "Discord" in to_plain(chosen[0].text) and chosen[0].edit
    assert store.state.accounts[tg.id].notify_platform == "discord"
    usage = await on_tg.send("/settings notify pigeon")
    assert "Usage:" in to_plain(usage[0].text)
    await on_tg.send("/settings notify auto")
    assert store.state.accounts[tg.id].notify_platform is None

    removed = await on_tg.send("/link remove discord")
    assert "unlinked" in to_plain(removed[0].text)
    last = await on_tg.send("/link remove telegram")
    assert "cannot be unlinked" in to_plain(last[0].text)
    bad = await on_tg.send("/link remove pigeon")
    assert "Usage:" in to_plain(bad[0].text)
