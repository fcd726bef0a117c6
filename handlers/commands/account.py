"""The account: /balance, /history, /profile, /username, /verify, /agents, /report, and the
API keys (/apikey). /payouts lives in handlers.commands.payouts."""

from __future__ import annotations

from core.accounts import accounts, api_access
from core.accounts.model import AccountKind, VerificationStatus
from core.credits import credits
from core.moderation import reports as moderation
from core.orders import reviews
from core.proofing.queries import proofer_record
from core.shared import validation
from core.shared.errors import NotFound
from handlers import fmt
from handlers.actions import Action, encode
from handlers.commands.proofs import agreement_text
from handlers.commands.topup import history_reference
from handlers.forms import Invalid, start_form
from handlers.markup import bold, escape, italic
from handlers.turn import Notice, Router, Turn, Usage
from handlers.types import Reply
from handlers.wizards import agent_key_reply, resolve_subject

router = Router()

HISTORY_LIMIT = 15
PROFILE_REVIEWS = 3


@router.command("balance")
async def balance(turn: Turn) -> list[Reply]:
    amount = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    prices = turn.ctx.prices
    text = turn.tr(
        "balance.text",
        balance=amount.credits,
        publish=prices.publish_offer,
        days=turn.ctx.rules.listing_days,
        renew=prices.renew_offer,
        boost=prices.boost_per_day,
        request=prices.post_request,
        verification=prices.verification,
        username=prices.username_change,
    )
    buttons = (
        (
            turn.button("btn.history", encode("cmd", "history")),
            turn.button("btn.topup", encode("cmd", "topup")),
        ),
    )
    return [Reply(text, buttons=buttons)]


@router.command("history")
async def history(turn: Turn) -> list[Reply]:
    entries = await credits.get_history(turn.ctx, account_id=turn.actor_id, limit=HISTORY_LIMIT)
    if not entries:
        return turn.say("history.none")
    lines = [turn.tr("history.header")]
    for entry in entries:
        lines.append(
            turn.tr(
                "history.line",
                amount=f"{entry.amount:+d}",
                memo=escape(fmt.shorten(entry.memo, 80)),
                when=fmt.day(entry.created_at),
            )
            + history_reference(turn, entry)
        )
    return [Reply("\n".join(lines))]


async def _profile(turn: Turn, account_id: int) -> list[Reply]:
    tr = turn.tr
    profile = await accounts.get_profile(turn.ctx, account_id=account_id)
    account, trust = profile.account, profile.trust
    own = account.id == turn.actor_id
    lines = [
        tr("profile.title", name=escape(account.display_name), id=account.id),
        fmt.author_label(tr, account, profile.supervisor),
        tr("profile.trust", score=account.trust_score),
    ]
    if trust.rating is not None:
        lines.append(tr("profile.rating", rating=f"{trust.rating:.2f}"))
    lines.append(
        tr("profile.completed", seller=trust.completed, buyer=profile.completed_as_buyer)
    )
    if trust.completion_rate is not None:
        lines.append(tr("profile.completion", pct=round(trust.completion_rate * 100)))
    if trust.dispute_rate is not None:
        lines.append(tr("profile.disputes", pct=round(trust.dispute_rate * 100)))
    lines.append(tr(f"profile.verification.{account.verification.value}"))
    lines.append(tr("profile.since", when=account.created_at.strftime("%Y-%m-%d")))
    if account.is_banned:
        lines.append(tr("profile.banned"))
    if account.is_deleted:
        lines.append(tr("profile.deleted"))
    record = await proofer_record(turn.ctx, account_id=account.id)
    if record is not None:
        lines.append(agreement_text(turn, record.scorecards, record.agreement_pct))
    about = await reviews.reviews_about(turn.ctx, account_id=account.id, limit=PROFILE_REVIEWS)
    if about:
        lines += ["", bold(tr("profile.reviews"))]
        for review, author in about:
            text = f" — {italic(escape(fmt.shorten(review.text, 160)))}" if review.text else ""
            lines.append(f"{'⭐' * review.rating} {fmt.handle(author)}{text}")
    if own:
        lines += ["", tr("profile.own_hint")]
    return [Reply("\n".join(lines))]


@router.command("profile")
async def profile(turn: Turn) -> list[Reply]:
    if not turn.args:
        return await _profile(turn, turn.actor_id)
    target = await accounts.find_person(
        turn.ctx, reference=turn.args.split()[0], platform=turn.incoming.platform.value
    )
    return await _profile(turn, target.id)


@router.action("acc", "profile")
async def profile_button(turn: Turn, action: Action) -> list[Reply]:
    account_id = action.int_arg(0)
    if account_id is None:
        raise Notice("button.invalid")
    return await _profile(turn, account_id)


async def _change_username(turn: Turn, name: str) -> list[Reply]:
    account = await accounts.change_username(turn.ctx, account_id=turn.actor_id, username=name)
    return turn.say("username.done", name=fmt.handle(account))


@router.command("username")
async def username(turn: Turn) -> list[Reply]:
    parts = turn.args.split()
    if len(parts) != 1:
        raise Usage("username")
    account = await turn.require_active()
    name = validation.username(parts[0])
    if account.username == name:
        return turn.say("username.same", name=escape("@" + name))
    if account.username_changes == 0:
        return await _change_username(turn, name)
    try:
        await accounts.find_account(turn.ctx, reference="@" + name)
    except NotFound:
        pass
    else:
        raise Notice("username.taken", name=escape("@" + name))
    cost = turn.ctx.prices.username_change
    return turn.say(
        "username.confirm",
        name=escape("@" + name),
        cost=cost,
        buttons=((turn.button("btn.confirm_cost", encode("acc", "uname", name), cost=cost),),),
    )


@router.action("acc", "uname")
async def username_button(turn: Turn, action: Action) -> list[Reply]:
    name = action.arg(0)
    if not name:
        raise Notice("button.invalid")
    return await _change_username(turn, name)


@router.command("verify")
async def verify(turn: Turn) -> list[Reply]:
    account = await turn.require_active()
    if account.verification is VerificationStatus.VERIFIED:
        return turn.say("verify.already")
    if account.verification is VerificationStatus.PENDING:
        return turn.say("verify.pending")
    cost = turn.ctx.prices.verification
    return turn.say(
        "verify.confirm",
        cost=cost,
        buttons=((turn.button("btn.confirm_cost", encode("acc", "verify"), cost=cost),),),
    )


@router.action("acc", "verify")
async def verify_button(turn: Turn, action: Action) -> list[Reply]:
    await accounts.request_verification(turn.ctx, account_id=turn.actor_id)
    amount = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    return turn.say(
        "verify.requested", cost=turn.ctx.prices.verification, balance=amount.credits, edit=True
    )


@router.command("agents")
async def agents(turn: Turn) -> list[Reply]:
    parts = turn.args.split(maxsplit=1)
    if parts and parts[0].lower() in ("new", "add", "create"):
        if len(parts) < 2:
            raise Usage("agents")
        await turn.require_active()
        agent = await accounts.create_agent(
            turn.ctx, supervisor_id=turn.actor_id, display_name=parts[1]
        )
        return await agent_key_reply(turn, agent, "agents.created")
    if parts and parts[0].lower() == "key":
        if len(parts) < 2 or not parts[1].strip().lstrip("#").isdigit():
            raise Usage("agents")
        await turn.require_active()
        agent_id = int(parts[1].strip().lstrip("#"))
        supervised = await accounts.list_agents(turn.ctx, supervisor_id=turn.actor_id)
        chosen = next((a for a in supervised if a.id == agent_id), None)
        if chosen is None:
            raise NotFound("agent", agent_id)
        return await agent_key_reply(turn, chosen, "agents.key_rotated")
    if parts:
        raise Usage("agents")
    account = await turn.account()
    if account.kind is AccountKind.AGENT:
        return turn.say("agents.agent_itself")
    mine = await accounts.list_agents(turn.ctx, supervisor_id=turn.actor_id)
    buttons = ((turn.button("btn.new_agent", encode("agt", "new")),),)
    if not mine:
        return turn.say("agents.none", buttons=buttons)
    lines = [turn.tr("agents.header", count=len(mine))]
    for agent in mine:
        lines.append(
            turn.tr(
                "agents.line",
                name=escape(agent.display_name),
                id=agent.id,
                trust=agent.trust_score,
                status=turn.tr(f"account_status.{agent.status.value}"),
            )
        )
    lines += ["", turn.tr("agents.keys_hint")]
    return [Reply("\n".join(lines), buttons=buttons)]


@router.action("agt", "new")
async def new_agent(turn: Turn, action: Action) -> list[Reply]:
    return await start_form(turn, "agent")


@router.command("report")
async def report(turn: Turn) -> list[Reply]:
    parts = turn.args.split(maxsplit=1)
    if not parts:
        return await start_form(turn, "report")
    # "offer 12 reason" and "offer:12 reason" both name the subject.
    words = turn.args.split()
    subject = None
    reason = ""
    for take in (2, 1):
        if len(words) >= take:
            try:
                subject = await resolve_subject(turn, " ".join(words[:take]))
            except Invalid:
                continue
            reason = " ".join(words[take:])
            break
    if subject is None:
        raise Usage("report")
    if not reason:
        return await start_form(turn, "report", values={"subject": subject})
    await turn.require_active()
    await moderation.report(turn.ctx, reporter_id=turn.actor_id, subject=subject, reason=reason)
    return turn.say("report.done", subject=escape(subject))


# /link lives in handlers.commands.linking (core.accounts.linking).
# /topup lives in handlers.commands.topup.
@router.command("apikey")
async def apikey(turn: Turn) -> list[Reply]:
    """A new API key for the agent API, shown once, in a private chat only. API access is
    what costs (the first period comes with the account, then it renews from the balance);
    a new key replaces the old ones."""
    account = await turn.require_active()
    if not turn.incoming.is_private_chat:
        return turn.say("apikey.private_only")
    account = await accounts.ensure_api_access(turn.ctx, account_id=account.id)
    issued = await api_access.issue_api_key(turn.ctx, account_id=account.id)
    until = account.api_access_until
    return [
        Reply(
            turn.tr(
                "apikey.issued",
                key=escape(issued.plaintext),
                until=until.date().isoformat() if until else "",
            ),
            ephemeral=True,
        )
    ]
