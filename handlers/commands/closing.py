"""/deleteaccount: what closing the account does (or what stops it), then Confirm/Cancel
buttons that re-check who presses and every blocking state. The rules live in
core.accounts.closing."""

from __future__ import annotations

from collections.abc import Sequence

from core.accounts import closing
from handlers.actions import Action, encode
from handlers.turn import Notice, Router, Turn
from handlers.types import Reply

router = Router()

DOMAIN = "clo"


def _reason(turn: Turn, blocker: closing.DeletionBlocker) -> str:
    if blocker.agent_reason is not None:
        work = turn.tr(f"error.{blocker.agent_reason.code}", **blocker.own_params)
        return turn.tr(f"error.{blocker.code}", agent_id=blocker.agent_id, work=work)
    return turn.tr(f"error.{blocker.code}", **blocker.own_params)


def _blocked(
    turn: Turn, blockers: Sequence[closing.DeletionBlocker], *, edit: bool = False
) -> list[Reply]:
    lines = [turn.tr("deleteaccount.blocked")]
    lines += ["• " + _reason(turn, b) for b in blockers]
    return [Reply("\n".join(lines), ephemeral=True, edit=edit)]


def _platforms(turn: Turn, providers: Sequence[str]) -> str:
    names = [turn.tr(f"platform.{p}") if p in ("telegram", "discord") else p for p in providers]
    return ", ".join(names) or "—"


@router.command("deleteaccount")
async def delete_account(turn: Turn) -> list[Reply]:
    if not turn.incoming.is_private_chat:
        return turn.say("deleteaccount.private_only")
    check = await closing.check_deletion(turn.ctx, account_id=turn.actor_id)
    if check.blockers:
        return _blocked(turn, check.blockers)
    lines = [
        turn.tr(
            "deleteaccount.confirm",
            id=check.account.id,
            listings=check.listings,
            proposals=check.proposals,
            credits=check.credits,
            platforms=_platforms(turn, check.providers),
        )
    ]
    if check.agents:
        agents = ", ".join(f"#{a.id}" for a in check.agents)
        lines.append(turn.tr("deleteaccount.agents", agents=agents))
    lines.append(turn.tr("deleteaccount.stays"))
    buttons = (
        (
            turn.button("btn.deleteaccount_yes", encode(DOMAIN, "yes", check.account.id)),
            turn.button("btn.deleteaccount_no", encode(DOMAIN, "no", check.account.id)),
        ),
    )
    return [Reply("\n".join(lines), buttons=buttons, ephemeral=True)]


def _own_button(turn: Turn, action: Action) -> int:
    """The account named on the button, which must be the one pressing it: the id in a
    button is user-controlled, and a confirmation may be forwarded."""
    account_id = action.int_arg(0)
    if account_id is None:
        raise Notice("button.invalid")
    if account_id != turn.actor_id:
        raise Notice("deleteaccount.not_yours")
    return account_id


@router.action(DOMAIN, "yes")
async def confirm(turn: Turn, action: Action) -> list[Reply]:
    account_id = _own_button(turn, action)
    try:
        result = await closing.delete_account(turn.ctx, account_id=account_id)
    except closing.DeletionBlocked as blocked:
        return _blocked(turn, blocked.blockers, edit=True)
    return [
        Reply(
            turn.tr("deleteaccount.done", id=result.account_id, credits=result.forfeited),
            edit=True,
        )
    ]


@router.action(DOMAIN, "no")
async def keep(turn: Turn, action: Action) -> list[Reply]:
    _own_button(turn, action)
    return [Reply(turn.tr("deleteaccount.kept"), edit=True)]
