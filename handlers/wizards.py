"""The forms of the chat: new offer, new request, bid, deliver, review, revise, dispute,
send back (supervisor), report, new agent and a proofer's scorecard. Field names match the
core's validation fields, so a rule the core enforces at submit time re-asks the right
question."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from core.accounts import accounts, api_access
from core.accounts.model import Account
from core.credits import credits
from core.listings import offers, proposals, requests
from core.listings.offers import OfferDraft
from core.listings.requests import RequestDraft
from core.moderation import reports as moderation
from core.orders import disputes, orders
from core.orders import reviews as review_service
from core.orders.model import Attachment
from core.proofing import proofing
from core.proofing import queries as proofing_queries
from core.proofing.model import SCORE_MAX, SCORE_MIN, Verdict
from core.shared.characters import TextRule
from core.shared.errors import NotFound
from handlers import cards, files, fmt
from handlers.forms import Choice, Field, FormSpec, Invalid, Kind, Values, register
from handlers.markup import escape
from handlers.turn import Turn
from handlers.types import Reply


def category_choices(turn: Turn) -> list[Choice]:
    return [
        Choice(c.slug, fmt.category_label(turn.tr, turn.ctx, c.slug))
        for c in turn.ctx.rules.categories
    ]


def rating_choices(turn: Turn) -> list[Choice]:
    return [Choice(str(n), "⭐" * n) for n in range(1, 6)]


# -- new offer ---------------------------------------------------------------------------------


async def _submit_offer(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    draft = OfferDraft(
        title=values["title"],
        category=values["category"],
        description=values["description"],
        inputs=values["inputs"],
        output_format=values["output_format"],
        delivery_days=values["delivery_days"],
        bot_pct=values["bot_pct"],
        price_cents=values["price"],
        revisions_included=values["revisions_included"],
        proofers_wanted=values.get("proofers") or 0,
    )
    offer = await offers.publish_offer(turn.ctx, seller_id=turn.actor_id, draft=draft)
    balance = await credits.get_balance(turn.ctx, account_id=turn.actor_id)
    done = turn.tr(
        "form.offer.done",
        id=offer.id,
        cost=turn.ctx.prices.publish_offer,
        balance=balance.credits,
        days=turn.ctx.rules.listing_days,
    )
    return [Reply(done), await cards.open_offer(turn, offer.id)]


OFFER_FORM = register(
    FormSpec(
        name="offer",
        fields=(
            Field("title", Kind.TEXT, min_len=5, max_len=120, rule=TextRule.LINE),
            Field("category", Kind.CHOICE, options=category_choices),
            Field("description", Kind.TEXT, min_len=20, max_len=4000),
            Field("inputs", Kind.TEXT, max_len=2000),
            Field("output_format", Kind.TEXT, max_len=500),
            Field(
                "delivery_days",
                Kind.INT,
                minimum=1,
                maximum=90,
                presets=("1", "3", "7", "14"),
                columns=4,
            ),
            Field(
                "bot_pct",
                Kind.INT,
                minimum=0,
                maximum=100,
                presets=("0", "50", "80", "100"),
                columns=4,
            ),
            Field("price", Kind.MONEY, maximum=10_000_000),
            Field(
                "revisions_included",
                Kind.INT,
                minimum=0,
                maximum=10,
                presets=("0", "1", "2", "3"),
                columns=4,
            ),
            # Skipped means none: most offers are not proofed.
            Field(
                "proofers",
                Kind.INT,
                minimum=0,
                maximum=3,
                optional=True,
                presets=("0", "1", "2", "3"),
                columns=4,
            ),
        ),
        submit=_submit_offer,
        cost=lambda ctx: ctx.prices.publish_offer,
    )
)


# -- new request -------------------------------------------------------------------------------


async def _budget_max(turn: Turn, values: Values, value: Any) -> Any:
    low = values.get("budget_min")
    if isinstance(low, int) and int(value) < low:
        minimum = fmt.money(low, turn.ctx.rules.currency, turn.tr.language)
        raise Invalid("form.error.budget_order", minimum=minimum)
    return value


async def _submit_request(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    draft = RequestDraft(
        title=values["title"],
        category=values["category"],
        description=values["description"],
        inputs=values.get("inputs") or "",
        budget_min_cents=values["budget_min"],
        budget_max_cents=values["budget_max"],
        deadline=datetime.fromisoformat(values["deadline"]),
        proofers_wanted=values["proofers"],
    )
    request = await requests.post_request(turn.ctx, buyer_id=turn.actor_id, draft=draft)
    view = await requests.get_request(turn.ctx, request_id=request.id, viewer_id=turn.actor_id)
    return [
        Reply(turn.tr("form.request.done", id=request.id)),
        await cards.request_card(turn, view),
    ]


REQUEST_FORM = register(
    FormSpec(
        name="request",
        fields=(
            Field("title", Kind.TEXT, min_len=5, max_len=120, rule=TextRule.LINE),
            Field("category", Kind.CHOICE, options=category_choices),
            Field("description", Kind.TEXT, min_len=20, max_len=4000),
            Field("inputs", Kind.TEXT, max_len=2000, optional=True),
            Field("budget_min", Kind.MONEY, maximum=10_000_000),
            Field("budget_max", Kind.MONEY, maximum=10_000_000, normalize=_budget_max),
            Field("deadline", Kind.DATE, presets=("3d", "7d", "14d")),
            Field(
                "proofers", Kind.INT, minimum=0, maximum=3, presets=("0", "1", "2", "3"), columns=4
            ),
        ),
        submit=_submit_request,
        cost=lambda ctx: ctx.prices.post_request,
        error_fields={"budget": "budget_max"},
    )
)


# -- bid (proposal) ----------------------------------------------------------------------------


async def _submit_bid(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    proposal = await proposals.submit_proposal(
        turn.ctx,
        seller_id=turn.actor_id,
        request_id=int(params["request_id"]),
        message=values["message"],
        price_cents=values["price"],
        timeline_days=values["timeline_days"],
    )
    return turn.say("form.bid.done", id=proposal.id, request=proposal.request_id)


BID_FORM = register(
    FormSpec(
        name="bid",
        fields=(
            Field("message", Kind.TEXT, min_len=10, max_len=4000),
            Field("price", Kind.MONEY, maximum=10_000_000),
            Field(
                "timeline_days",
                Kind.INT,
                minimum=1,
                maximum=365,
                presets=("1", "3", "7", "14"),
                columns=4,
            ),
        ),
        submit=_submit_bid,
    )
)


# -- deliver -----------------------------------------------------------------------------------


async def _submit_delivery(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    work = dict(values["work"])
    extra = values.get("note") or ""
    attachment = None
    url = None
    note = extra
    if work["kind"] == "file":
        attachment = Attachment(
            name=str(work["name"]),
            ref=str(work["ref"]),
            size=int(work.get("size") or 0),
            content_type=work.get("content_type"),
        )
        note = "\n".join(p for p in (str(work.get("note") or ""), extra) if p)
    elif work["kind"] == "url":
        url = str(work["url"])
    else:
        note = str(work["note"])
    order_id = int(params["order_id"])
    if attachment is not None:
        # Copied into BotGig's store first, so the buyer gets it on any platform.
        attachment = await files.keep_copy(turn, order_id, attachment)
    await orders.deliver_order(
        turn.ctx,
        actor_id=turn.actor_id,
        order_id=order_id,
        note=note,
        url=url,
        attachment=attachment,
    )
    return await cards.order_reply(turn, "form.deliver.done", order_id)


DELIVER_FORM = register(
    FormSpec(
        name="deliver",
        fields=(
            Field("work", Kind.WORK),
            Field(
                "note",
                Kind.TEXT,
                max_len=4000,
                optional=True,
                when=lambda values: dict(values.get("work") or {}).get("kind") != "note",
            ),
        ),
        submit=_submit_delivery,
        error_fields={"url": "work", "delivery": "work"},
    )
)


# -- review ------------------------------------------------------------------------------------


async def _submit_review(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    order_id = int(params["order_id"])
    await review_service.leave_review(
        turn.ctx,
        author_id=turn.actor_id,
        order_id=order_id,
        rating=int(values["rating"]),
        text=values.get("text") or "",
    )
    return turn.say("form.review.done", id=order_id)


REVIEW_FORM = register(
    FormSpec(
        name="review",
        fields=(
            Field("rating", Kind.CHOICE, options=rating_choices, columns=5),
            Field("text", Kind.TEXT, max_len=2000, optional=True),
        ),
        submit=_submit_review,
    )
)


# -- revise, dispute, send back: one note on an order --------------------------------------

NoteAction = Callable[[Turn, int, str], Awaitable[object]]


async def _revise(turn: Turn, order_id: int, note: str) -> None:
    await orders.request_revision(turn.ctx, buyer_id=turn.actor_id, order_id=order_id, note=note)


async def _dispute(turn: Turn, order_id: int, reason: str) -> None:
    await disputes.open_dispute(turn.ctx, actor_id=turn.actor_id, order_id=order_id, reason=reason)


async def _send_back(turn: Turn, order_id: int, note: str) -> None:
    await orders.review_agent_delivery(
        turn.ctx, supervisor_id=turn.actor_id, order_id=order_id, approve=False, note=note
    )


#: The order actions that take one text, by form name; ``/revise 5 <what>`` runs the same.
NOTE_ACTIONS: dict[str, NoteAction] = {
    "revise": _revise,
    "dispute": _dispute,
    "sendback": _send_back,
}


async def submit_note(turn: Turn, form: str, order_id: int, note: str) -> list[Reply]:
    """Run the order action ``form`` with ``note``; its done text and the fresh card."""
    await NOTE_ACTIONS[form](turn, order_id, note)
    return await cards.order_reply(turn, f"form.{form}.done", order_id)


def _note_form(name: str, field: str, min_len: int) -> FormSpec:
    async def submit(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
        return await submit_note(turn, name, int(params["order_id"]), values[field])

    return register(
        FormSpec(
            name=name,
            fields=(Field(field, Kind.TEXT, min_len=min_len, max_len=2000),),
            submit=submit,
        )
    )


REVISE_FORM = _note_form("revise", "note", 3)
DISPUTE_FORM = _note_form("dispute", "reason", 10)
SEND_BACK_FORM = _note_form("sendback", "note", 3)


# -- report ------------------------------------------------------------------------------------

_SUBJECT = re.compile(
    r"(?P<kind>offer|request|proposal|order|message|user|account)\s*[:_#\s]?\s*#?(?P<id>[0-9]{1,18})",
)


async def resolve_subject(turn: Turn, text: str) -> str:
    """``offer 12``, ``offer_12``, ``order:5``, ``@bob`` or ``user 3`` → ``offer:12`` etc."""
    raw = text.strip().lower()
    if raw.startswith("@"):
        try:
            account = await accounts.find_account(turn.ctx, reference=raw)
        except NotFound:
            raise Invalid("report.unknown_user", name=escape(raw)) from None
        return f"account:{account.id}"
    match = _SUBJECT.fullmatch(raw)
    if match is None:
        raise Invalid("report.bad_subject")
    kind = match.group("kind")
    kind = "account" if kind == "user" else kind
    return f"{kind}:{int(match.group('id'))}"


async def _subject(turn: Turn, values: Values, value: Any) -> Any:
    return await resolve_subject(turn, str(value))


async def _submit_report(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    await moderation.report(
        turn.ctx, reporter_id=turn.actor_id, subject=values["subject"], reason=values["reason"]
    )
    return turn.say("report.done", subject=escape(values["subject"]))


REPORT_FORM = register(
    FormSpec(
        name="report",
        fields=(
            Field("subject", Kind.TEXT, max_len=100, normalize=_subject, rule=TextRule.LINE),
            Field("reason", Kind.TEXT, min_len=5, max_len=1000),
        ),
        submit=_submit_report,
    )
)


# -- new agent ---------------------------------------------------------------------------------


async def _submit_agent(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    agent = await accounts.create_agent(
        turn.ctx, supervisor_id=turn.actor_id, display_name=values["display_name"]
    )
    return await agent_key_reply(turn, agent, "agents.created")


async def agent_key_reply(turn: Turn, agent: Account, key: str) -> list[Reply]:
    """Issue the agent's API key (replacing older ones) and show it once — only in a private
    chat; elsewhere the supervisor is pointed to ``/agents key <id>`` in private."""
    name = escape(agent.display_name)
    if not turn.incoming.is_private_chat:
        return turn.say(key, name=name, id=agent.id) + turn.say("agents.key_private", id=agent.id)
    issued = await api_access.issue_api_key(turn.ctx, account_id=agent.id)
    text = turn.tr(key, name=name, id=agent.id) + "\n" + turn.tr(
        "agents.key", key=escape(issued.plaintext)
    )
    return [Reply(text, ephemeral=True)]


AGENT_FORM = register(
    FormSpec(
        name="agent",
        fields=(Field("display_name", Kind.TEXT, max_len=64, rule=TextRule.NAME),),
        submit=_submit_agent,
    )
)


# -- a proofer's scorecard ---------------------------------------------------------------------


def verdict_choices(turn: Turn) -> list[Choice]:
    return [Choice(v.value, turn.tr(f"proof.verdict.{v.value}")) for v in Verdict]


async def _file_only(turn: Turn, values: Values, value: Any) -> Any:
    if dict(value).get("kind") != "file":
        raise Invalid("form.scorecard.file_only")
    return value


async def _submit_scorecard(turn: Turn, values: Values, params: dict[str, Any]) -> list[Reply]:
    assignment_id = int(params["assignment_id"])
    evidence_file = None
    work = values.get("evidence_file")
    if work:
        work = dict(work)
        evidence_file = Attachment(
            name=str(work["name"]),
            ref=str(work["ref"]),
            size=int(work.get("size") or 0),
            content_type=work.get("content_type"),
        )
        # Copied like a delivery, so the parties and moderators get it on any platform.
        detail = await proofing_queries.get_assignment(
            turn.ctx, proofer_id=turn.actor_id, assignment_id=assignment_id
        )
        evidence_file = await files.keep_copy(turn, detail.order.id, evidence_file)
    await proofing.submit_scorecard(
        turn.ctx,
        proofer_id=turn.actor_id,
        assignment_id=assignment_id,
        card=proofing.ScorecardInput(
            completeness=values["completeness"],
            accuracy=values["accuracy"],
            methodology=values["methodology"],
            quality=values["quality"],
            verdict=values["verdict"],
            evidence=values["evidence"],
            evidence_file=evidence_file,
        ),
    )
    return [
        Reply(turn.tr("form.scorecard.done", id=assignment_id)),
        await cards.open_assignment(turn, assignment_id),
    ]


def _score(name: str) -> Field:
    presets = tuple(str(n) for n in range(SCORE_MIN, SCORE_MAX + 1))
    return Field(
        name, Kind.INT, minimum=SCORE_MIN, maximum=SCORE_MAX, presets=presets, columns=5
    )


SCORECARD_FORM = register(
    FormSpec(
        name="scorecard",
        fields=(
            _score("completeness"),
            _score("accuracy"),
            _score("methodology"),
            _score("quality"),
            Field("verdict", Kind.CHOICE, options=verdict_choices),
            Field("evidence", Kind.TEXT, min_len=10, max_len=4000),
            Field("evidence_file", Kind.WORK, optional=True, normalize=_file_only),
        ),
        submit=_submit_scorecard,
    )
)
