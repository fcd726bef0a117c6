"""Cards: offers, requests, proposals and orders as replies with their action buttons.

Every card shows what a decision needs: the price from cents, deadlines as countdowns, the
trust score of the other side, and which part is automated and which is human."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from core.accounts import accounts
from core.accounts.model import Account, Authorship
from core.escrow import funding
from core.escrow.record import PaymentRecord, PayoutState
from core.listings import offers
from core.listings.model import OfferStatus, ProposalStatus, Request, RequestStatus
from core.listings.offers import OfferView
from core.listings.proposals import ProposalView
from core.listings.requests import RequestView
from core.orders import orders, reviews
from core.orders.machine import BUYER, SELLER
from core.orders.model import Delivery, OrderStatus, PaymentMode
from core.orders.orders import OrderRecord
from core.proofing import queries as proofing_queries
from core.proofing.model import AssignmentStatus, Consensus, ProofAssignment, RoundStatus, Scorecard
from core.proofing.queries import AssignmentCard, AssignmentDetail, OrderProofing
from core.shared.errors import MarketplaceError
from handlers import fmt
from handlers.actions import encode
from handlers.i18n import DEFAULT_LANGUAGE, Translator
from handlers.markup import bold, escape, italic, link
from handlers.render.provenance import provenance_lines
from handlers.turn import Turn
from handlers.types import Button, Reply

DESCRIPTION_LIMIT = 700
# The card keeps a fixed size: the last few entries, the rest behind "Full timeline".
TIMELINE_LIMIT = 3
RECENT_MESSAGES = 3

#: allowed_actions → (button label key, action verb); moderator actions live in handlers.admin.
ORDER_BUTTONS: dict[str, tuple[str, str]] = {
    "deliver": ("btn.deliver", "deliver"),
    "submit_for_signoff": ("btn.deliver", "deliver"),
    "approve": ("btn.approve", "approve"),
    "request_revision": ("btn.revise", "revise"),
    "sign_off": ("btn.sign_off", "signoff"),
    "send_back": ("btn.send_back", "sendback"),
    "cancel": ("btn.cancel_order", "cancel"),
    "cancel_unfunded": ("btn.cancel_order", "cancel"),
    "open_dispute": ("btn.dispute", "dispute"),
}


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))


async def supervisor_of(turn: Turn, account: Account) -> Account | None:
    if account.supervisor_id is None:
        return None
    try:
        return await accounts.find_account(turn.ctx, reference=f"#{account.supervisor_id}")
    except MarketplaceError:
        return None


async def is_owner(turn: Turn, owner: Account) -> bool:
    return owner.id == turn.actor_id or owner.supervisor_id == turn.actor_id


# -- offers ------------------------------------------------------------------------------------


async def offer_card(turn: Turn, view: OfferView, *, edit: bool = False) -> Reply:
    tr, offer, seller = turn.tr, view.offer, view.seller
    now = turn.now()
    mine = await is_owner(turn, seller)
    lines = [
        tr("card.offer.title", title=escape(offer.title), id=offer.id),
        fmt.category_label(tr, turn.ctx, offer.category),
        tr(
            "card.offer.terms",
            price=fmt.money(offer.price_cents, offer.currency, turn.tr.language),
            days=tr("unit.days", count=offer.delivery_days),
            revisions=tr("unit.revisions", count=offer.revisions_included),
        ),
        fmt.split(tr, offer.bot_pct),
        tr("card.seller", who=fmt.person(tr, seller, await supervisor_of(turn, seller))),
        "",
        escape(fmt.shorten(offer.description, DESCRIPTION_LIMIT)),
        "",
        tr("card.offer.inputs", inputs=escape(fmt.shorten(offer.inputs, 300))),
        tr("card.offer.output", output=escape(fmt.shorten(offer.output_format, 300))),
    ]
    if offer.requires_signoff:
        lines.append(tr("card.offer.signoff"))
    if offer.is_boosted(now):
        lines.append(tr("card.offer.boosted"))
    buttons: list[Button] = []
    if mine:
        lines.append(tr("card.offer.status", status=tr(f"offer_status.{offer.status.value}")))
        if offer.expires_at is not None:
            lines.append(tr("card.offer.expires", when=fmt.time_left(tr, offer.expires_at, now)))
        if offer.boosted_until is not None and offer.is_boosted(now):
            lines.append(
                tr("card.offer.boost_until", when=fmt.time_left(tr, offer.boosted_until, now))
            )
        if offer.status is OfferStatus.HIDDEN and offer.hidden_reason:
            lines.append(tr("card.offer.hidden", reason=escape(offer.hidden_reason)))
        buttons += my_offer_buttons(turn, view)
    elif offer.status is OfferStatus.ACTIVE:
        buttons.append(
            turn.button(
                "btn.order_offer",
                encode("off", "order", offer.id),
                price=fmt.money(offer.price_cents, offer.currency, turn.tr.language),
            )
        )
    buttons.append(turn.button("btn.profile", encode("acc", "profile", seller.id)))
    return Reply("\n".join(lines), buttons=rows(buttons), edit=edit)


def my_offer_buttons(turn: Turn, view: OfferView) -> list[Button]:
    offer = view.offer
    prices = turn.ctx.prices
    out: list[Button] = []
    if offer.status is OfferStatus.ACTIVE:
        out.append(turn.button("btn.pause", encode("off", "pause", offer.id)))
        out.append(
            turn.button("btn.boost", encode("off", "boost", offer.id), cost=prices.boost_per_day)
        )
    if offer.status is OfferStatus.PAUSED:
        out.append(turn.button("btn.resume", encode("off", "resume", offer.id)))
    if offer.status in (OfferStatus.ACTIVE, OfferStatus.PAUSED, OfferStatus.EXPIRED):
        out.append(
            turn.button("btn.renew", encode("off", "renew", offer.id), cost=prices.renew_offer)
        )
    return out


async def open_offer(turn: Turn, offer_id: int, *, edit: bool = False) -> Reply:
    view = await offers.get_offer(turn.ctx, offer_id=offer_id, viewer_id=turn.actor_id)
    return await offer_card(turn, view, edit=edit)


def offer_line(turn: Turn, view: OfferView, index: int) -> str:
    offer = view.offer
    boosted = "🚀 " if offer.is_boosted(turn.now()) else ""
    return turn.tr(
        "list.offer",
        n=index,
        boosted=boosted,
        title=escape(fmt.shorten(offer.title, 60)),
        id=offer.id,
        price=fmt.money(offer.price_cents, offer.currency, turn.tr.language),
        days=offer.delivery_days,
        bot=offer.bot_pct,
        seller=fmt.handle(view.seller),
        trust=view.seller.trust_score,
    )


# -- requests ----------------------------------------------------------------------------------


def budget(request: Request, language: str = DEFAULT_LANGUAGE) -> str:
    low = fmt.money(request.budget_min_cents, request.currency, language)
    if request.budget_min_cents == request.budget_max_cents:
        return low
    return f"{low}–{fmt.money(request.budget_max_cents, request.currency, language)}"


async def request_card(turn: Turn, view: RequestView, *, edit: bool = False) -> Reply:
    tr, request, buyer = turn.tr, view.request, view.buyer
    now = turn.now()
    mine = await is_owner(turn, buyer)
    lines = [
        tr("card.request.title", title=escape(request.title), id=request.id),
        fmt.category_label(tr, turn.ctx, request.category),
        tr(
            "card.request.terms",
            budget=budget(request, turn.tr.language),
            deadline=fmt.proposals_close(tr, request.deadline, now),
            when=fmt.moment(request.deadline),
        ),
        tr("card.buyer", who=fmt.person(tr, buyer, await supervisor_of(turn, buyer))),
        tr("card.request.proposals", count=view.proposal_count),
        "",
        escape(fmt.shorten(request.description, DESCRIPTION_LIMIT)),
    ]
    if request.inputs:
        lines += ["", tr("card.request.inputs", inputs=escape(fmt.shorten(request.inputs, 300)))]
    if request.proofers_wanted:
        lines.append(tr("card.request.proofers", count=request.proofers_wanted))
    if request.status is not RequestStatus.OPEN:
        lines.append(tr("card.request.status", status=tr(f"request_status.{request.status.value}")))
    buttons: list[Button] = []
    if mine:
        buttons.append(
            turn.button(
                "btn.proposals", encode("req", "props", request.id), count=view.proposal_count
            )
        )
        if request.status is RequestStatus.OPEN:
            buttons.append(turn.button("btn.close_request", encode("req", "close", request.id)))
    elif request.status is RequestStatus.OPEN:
        buttons.append(turn.button("btn.bid", encode("req", "bid", request.id)))
        buttons.append(turn.button("btn.profile", encode("acc", "profile", buyer.id)))
    return Reply("\n".join(lines), buttons=rows(buttons), edit=edit)


def request_line(turn: Turn, view: RequestView, index: int) -> str:
    request = view.request
    return turn.tr(
        "list.request",
        n=index,
        title=escape(fmt.shorten(request.title, 60)),
        id=request.id,
        budget=budget(request, turn.tr.language),
        deadline=fmt.proposals_close(turn.tr, request.deadline, turn.now()),
        count=view.proposal_count,
        buyer=fmt.handle(view.buyer),
        trust=view.buyer.trust_score,
    )


# -- proposals ---------------------------------------------------------------------------------


async def proposal_card(turn: Turn, view: ProposalView, request: Request) -> Reply:
    tr, proposal, seller = turn.tr, view.proposal, view.seller
    lines = [
        tr("card.proposal.title", id=proposal.id, request=request.id, title=escape(request.title)),
        tr("card.seller", who=fmt.person(tr, seller, await supervisor_of(turn, seller))),
        tr(
            "card.proposal.terms",
            price=fmt.money(proposal.price_cents, request.currency, turn.tr.language),
            days=tr("unit.days", count=proposal.timeline_days),
        ),
        "",
        escape(fmt.shorten(proposal.message, DESCRIPTION_LIMIT)),
    ]
    if proposal.status is not ProposalStatus.PENDING:
        lines.append(
            tr("card.proposal.status", status=tr(f"proposal_status.{proposal.status.value}"))
        )
    buttons: list[Button] = []
    pending = proposal.status is ProposalStatus.PENDING
    if pending and request.buyer_id == turn.actor_id and request.status is RequestStatus.OPEN:
        # The escrow choice is on the confirmation, as for an offer.
        buttons.append(turn.button("btn.accept", encode("prop", "accept", proposal.id)))
        buttons.append(turn.button("btn.reject", encode("prop", "reject", proposal.id)))
    if pending and proposal.seller_id == turn.actor_id:
        buttons.append(turn.button("btn.withdraw", encode("prop", "withdraw", proposal.id)))
    if request.buyer_id == turn.actor_id:
        buttons.append(turn.button("btn.profile", encode("acc", "profile", seller.id)))
    return Reply("\n".join(lines), buttons=rows(buttons))


# -- orders ------------------------------------------------------------------------------------


async def order_reply(turn: Turn, key: str, order_id: int) -> list[Reply]:
    """What an action on an order answers: its text (``key`` with the order's id) and the
    order's card as it is now."""
    record = await orders.get_order(turn.ctx, order_id=order_id, viewer_id=turn.actor_id)
    return [Reply(turn.tr(key, id=order_id)), await order_card(turn, record)]


def delivery_text(turn: Turn, delivery: Delivery, author: str) -> str:
    tr = turn.tr
    parts = [tr("card.order.delivery", who=author, when=fmt.day(delivery.created_at))]
    if delivery.url:
        parts.append("🔗 " + link(delivery.url, escape(fmt.shorten(delivery.url, 80))))
    if delivery.attachment is not None:
        parts.append("📎 " + escape(delivery.attachment.name))
    if delivery.note:
        parts.append(escape(fmt.shorten(delivery.note, 600)))
    parts += provenance_lines(tr, delivery)
    return "\n".join(parts)


class _OrderPeople:
    """The accounts an order card names, and how it names them."""

    def __init__(self, turn: Turn, record: OrderRecord, buyer_supervisor: Account | None):
        self.tr, self.record, self.buyer_supervisor = turn.tr, record, buyer_supervisor
        self.accounts = {record.buyer.id: record.buyer, record.seller.id: record.seller}
        if record.supervisor is not None:
            self.accounts[record.supervisor.id] = record.supervisor

    def who(self, account_id: int | None) -> str:
        if account_id is None:
            return self.tr("role.system")
        account = self.accounts.get(account_id)
        return fmt.handle(account) if account else f"#{account_id}"

    def label(self, account_id: int, authorship: Authorship | None = None) -> str:
        """The author label; the seller's supervisor answers for the seller's agent, the
        buyer's for the buyer's (a message's authorship says who wrote it)."""
        account = self.accounts.get(account_id)
        if account is None:
            return f"#{account_id}"
        seller = account_id == self.record.order.seller_id
        if authorship is not None:
            supervisor = self.record.supervisor if seller else None
        else:
            supervisor = self.record.supervisor if seller else self.buyer_supervisor
        return fmt.author_label(self.tr, account, supervisor, authorship)


def _order_head(turn: Turn, record: OrderRecord) -> list[str]:
    """Title, state, terms and what the clock says."""
    tr, order, now = turn.tr, record.order, turn.now()
    lines = [
        tr("card.order.title", title=escape(order.title), id=order.id),
        tr("card.order.status", status=tr(f"status.{order.status.value}")),
        tr(
            "card.order.terms",
            price=fmt.money(order.price_cents, order.currency, tr.language),
            mode=tr(f"payment.{order.payment_mode.value}"),
        ),
    ]
    if order.status in (OrderStatus.IN_PROGRESS, OrderStatus.AWAITING_SUPERVISOR):
        lines.append("⏰ " + fmt.countdown(tr, order.due_at, now))
    elif order.status is OrderStatus.DELIVERED and order.delivered_at is not None:
        auto = order.delivered_at + timedelta(days=turn.ctx.rules.auto_approve_days)
        lines.append(tr("card.order.auto_approve", when=fmt.time_left(tr, auto, now)))
    elif order.status.is_frozen:
        lines.append(tr("card.order.frozen"))
    return lines


async def _order_parties(turn: Turn, record: OrderRecord, people: _OrderPeople) -> list[str]:
    """Both parties, the offer's bot/human split, revisions, a pending cancel or dispute."""
    tr, order = turn.tr, record.order
    lines = [
        tr("card.buyer", who=fmt.person(tr, record.buyer, people.buyer_supervisor)),
        tr("card.seller", who=fmt.person(tr, record.seller, record.supervisor)),
    ]
    if order.offer_id is not None:
        try:
            view = await offers.get_offer(
                turn.ctx, offer_id=order.offer_id, viewer_id=turn.actor_id
            )
            lines.append(fmt.split(tr, view.offer.bot_pct))
        except MarketplaceError:
            pass
    # An offer's seller sets its revisions; a request's buyer never chose a number, so the
    # card says the limit is the marketplace's default rather than something agreed.
    revisions = "card.order.revisions_default" if order.request_id else "card.order.revisions"
    lines.append(tr(revisions, used=order.revisions_used, included=order.revisions_included))
    if order.cancel_requested_by is not None:
        lines.append(tr("card.order.cancel_requested", who=people.who(order.cancel_requested_by)))
    if record.dispute is not None:
        lines.append(
            tr(
                "card.order.dispute",
                who=people.who(record.dispute.opened_by),
                reason=escape(fmt.shorten(record.dispute.reason, 300)),
            )
        )
    return lines


def _message_lines(
    record: OrderRecord, people: _OrderPeople, count: int | None, limit: int
) -> list[str]:
    lines = []
    for message in record.messages[-count:] if count else record.messages:
        body = escape(fmt.shorten(message.text, limit)) if message.text else ""
        if message.attachment is not None:
            body = f"📎 {escape(message.attachment.name)} {body}".strip()
        lines.append(f"{people.label(message.author_id, message.authorship)}: {body}")
    return lines


def _event_lines(
    turn: Turn, record: OrderRecord, people: _OrderPeople, count: int | None, limit: int
) -> list[str]:
    tr = turn.tr
    lines = []
    for event in record.events[-count:] if count else record.events:
        line = tr(
            "card.order.event",
            when=fmt.day(event.created_at),
            action=tr.word("timeline", event.action),
            who=people.who(event.actor_id),
        )
        if event.note:
            line += " — " + italic(escape(fmt.shorten(event.note, limit)))
        lines.append(line)
    return lines


def _order_history(turn: Turn, record: OrderRecord, people: _OrderPeople) -> list[str]:
    """The latest delivery, the last few messages and the end of the timeline."""
    tr = turn.tr
    lines: list[str] = []
    if record.deliveries:
        latest = record.deliveries[-1]
        lines += ["", delivery_text(turn, latest, people.label(latest.author_id))]
    if record.messages:
        lines += ["", bold(tr("card.order.messages"))]
        lines += _message_lines(record, people, RECENT_MESSAGES, 200)
    if record.events:
        lines += ["", bold(tr("card.order.timeline"))]
        lines += _event_lines(turn, record, people, TIMELINE_LIMIT, 120)
    return lines


def has_more_history(record: OrderRecord) -> bool:
    return len(record.events) > TIMELINE_LIMIT or len(record.messages) > RECENT_MESSAGES


async def order_timeline(turn: Turn, record: OrderRecord) -> Reply:
    """Every event and message of the order, oldest first (front ends split a long text)."""
    people = _OrderPeople(turn, record, await supervisor_of(turn, record.buyer))
    tr = turn.tr
    lines = [tr("card.order.full_title", id=record.order.id, title=escape(record.order.title))]
    lines += ["", bold(tr("card.order.timeline"))]
    lines += _event_lines(turn, record, people, None, 1000)
    if record.messages:
        lines += ["", bold(tr("card.order.all_messages", count=len(record.messages)))]
        lines += _message_lines(record, people, None, 1000)
    back = turn.button("btn.back_to_order", encode("ord", "open", record.order.id))
    return Reply("\n".join(lines), buttons=((back,),))


async def _order_proofing(turn: Turn, record: OrderRecord) -> list[str]:
    """The consensus the buyer sees before approving (and the scorecards, unnamed)."""
    if not record.order.proofers_wanted:
        return []
    found = await proofing_queries.order_proofing(
        turn.ctx, order_id=record.order.id, viewer_id=turn.actor_id
    )
    if found is None:
        return []
    return proofing_lines(turn.tr, found, turn.now())


async def _order_buttons(turn: Turn, record: OrderRecord) -> list[Button]:
    """The latest file, the actions the engine allows this viewer, review, message, refresh."""
    order = record.order
    buttons: list[Button] = []
    latest = record.deliveries[-1] if record.deliveries else None
    if latest is not None and latest.attachment is not None:
        buttons.append(turn.button("btn.get_file", encode("ord", "file", order.id, latest.id)))
    seen: set[str] = set()
    for name in record.actions:
        entry = ORDER_BUTTONS.get(name)
        if entry is None or entry[1] in seen:
            continue
        seen.add(entry[1])
        buttons.append(turn.button(entry[0], encode("ord", entry[1], order.id)))
    if order.status is OrderStatus.COMPLETED and record.viewer_roles & {BUYER, SELLER}:
        mine = await reviews.order_reviews(turn.ctx, order_id=order.id, viewer_id=turn.actor_id)
        if not any(r.author_id == turn.actor_id for r in mine):
            buttons.append(turn.button("btn.review", encode("ord", "review", order.id)))
    if order.status not in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        buttons.append(turn.button("btn.message", encode("ord", "msg", order.id)))
    if has_more_history(record):
        buttons.append(
            turn.button(
                "btn.full_timeline",
                encode("ord", "timeline", order.id),
                count=len(record.events) + len(record.messages),
            )
        )
    buttons.append(turn.button("btn.refresh", encode("ord", "open", order.id)))
    return buttons


def payment_lines(tr: Translator, record: PaymentRecord) -> list[str]:
    """An escrow order's payment record in one or two lines: where the money is, then the
    payout's state and Stripe's fee (the same record as the API's ``payment``)."""

    def money(cents: int, currency: str | None = None) -> str:
        return fmt.money(cents, currency or record.currency, tr.language)

    first = tr(
        f"card.pay.{record.status.value}",
        amount=money(record.amount_cents),
        held=money(record.held_cents),
        seller=money(record.seller_cents),
        fee=money(record.platform_fee_cents),
        refunded=money(record.refunded_cents),
        chargeback=money(record.chargeback_cents),
    )
    second: list[str] = []
    payout = record.payout
    if payout.state is PayoutState.FAILING:
        second.append(tr("card.pay.payout_failing", attempts=payout.attempts,
                         error=escape(fmt.shorten(payout.last_error or "?", 120))))
    elif payout.state is not PayoutState.NONE:
        second.append(tr("card.pay.payout", state=tr(f"payout.state.{payout.state.value}")))
    if record.processing_fee_cents:
        second.append(tr("card.pay.processing", fee=money(
            record.processing_fee_cents, record.processing_fee_currency)))
    return [first] + (["   " + " · ".join(second)] if second else [])


async def _order_payment(turn: Turn, record: OrderRecord) -> list[str]:
    if record.order.payment_mode is not PaymentMode.ESCROW:
        return []  # off-platform: the terms line says the payment is settled directly
    try:
        details = await funding.payment_details(
            turn.ctx, viewer_id=turn.actor_id, order_id=record.order.id
        )
    except MarketplaceError:
        return []
    return payment_lines(turn.tr, details.record) if details and details.record else []


async def order_card(turn: Turn, record: OrderRecord, *, edit: bool = False) -> Reply:
    people = _OrderPeople(turn, record, await supervisor_of(turn, record.buyer))
    lines = _order_head(turn, record)
    lines += await _order_payment(turn, record)
    lines += await _order_parties(turn, record, people)
    lines += await _order_proofing(turn, record)
    lines += _order_history(turn, record, people)
    buttons = await _order_buttons(turn, record)
    return Reply("\n".join(lines), buttons=rows(buttons), edit=edit)


def order_line(
    turn: Turn, order_id: int, title: str, status: OrderStatus, role: str, extra: str
) -> str:
    return turn.tr(
        "list.order",
        id=order_id,
        title=escape(fmt.shorten(title, 60)),
        status=turn.tr(f"status.{status.value}"),
        role=turn.tr(f"role.{role}"),
        extra=extra,
    )


# -- proofing ----------------------------------------------------------------------------------


def _hundredths(value: int) -> str:
    return f"{value / 100:.2f}"


def scores_text(tr: Translator, card: Scorecard) -> str:
    return tr(
        "proof.scores",
        completeness=card.completeness,
        accuracy=card.accuracy,
        methodology=card.methodology,
        quality=card.quality,
    )


def consensus_text(tr: Translator, consensus: Consensus) -> str:
    return tr(
        "proof.consensus",
        verdict=tr(f"proof.verdict.{consensus.verdict.value}"),
        count=consensus.scorecards,
        scores=tr(
            "proof.scores",
            completeness=_hundredths(consensus.completeness),
            accuracy=_hundredths(consensus.accuracy),
            methodology=_hundredths(consensus.methodology),
            quality=_hundredths(consensus.quality),
        ),
    )


def scorecard_line(tr: Translator, assignment: ProofAssignment, who: str) -> str:
    card = assignment.scorecard
    if card is None:
        return tr(
            "proof.card_missing", who=who, status=tr(f"proof_status.{assignment.status.value}")
        )
    line = tr(
        "proof.card_line",
        who=who,
        verdict=tr(f"proof.verdict.{card.verdict.value}"),
        scores=scores_text(tr, card),
        evidence=italic(escape(fmt.shorten(card.evidence, 300))),
    )
    if card.evidence_file is not None:
        line += " 📎" + escape(card.evidence_file.name)
    return line


def proofing_lines(
    tr: Translator,
    proofing: OrderProofing,
    now: datetime,
    *,
    names: Callable[[ProofAssignment], str] | None = None,
) -> list[str]:
    """The latest round: its progress while open, then the consensus and the scorecards.
    The parties see the proofers numbered (``names`` None); moderators see who they are."""
    proof_round, assignments = proofing.round, proofing.assignments
    lines = ["", bold(tr("proof.heading"))]
    submitted = [a for a in assignments if a.scorecard is not None]
    if proof_round.status is RoundStatus.OPEN:
        lines.append(
            tr(
                "proof.progress",
                done=len(submitted),
                wanted=proof_round.wanted,
                when=fmt.time_left(tr, proof_round.closes_at, now),
            )
        )
    elif proof_round.consensus is not None:
        lines.append(consensus_text(tr, proof_round.consensus))
    shown = assignments if names is not None else submitted
    for number, assignment in enumerate(shown, start=1):
        who = names(assignment) if names else tr("proof.anonymous", n=number)
        lines.append(scorecard_line(tr, assignment, who))
    return lines


def assignment_line(turn: Turn, card: AssignmentCard) -> str:
    a, order = card.assignment, card.order
    return turn.tr(
        "proofs.line",
        id=a.id,
        order=order.id,
        title=escape(fmt.shorten(order.title, 60)),
        status=turn.tr(f"proof_status.{a.status.value}"),
        due=fmt.time_left(turn.tr, a.due_at, turn.now()),
    )


def scorecard_open(detail: AssignmentDetail, now: datetime) -> bool:
    """Whether the proofer can still send the scorecard (checked again on submit)."""
    return (
        detail.assignment.status is AssignmentStatus.ASSIGNED
        and now < detail.assignment.due_at
        and detail.order.status is OrderStatus.PROOFING
    )


def assignment_card(turn: Turn, detail: AssignmentDetail, *, edit: bool = False) -> Reply:
    """What an assigned proofer checks: the requirements, the deliveries (links and files)
    and the due time; the scorecard once sent. The parties' messages are not shown."""
    tr, a, order, now = turn.tr, detail.assignment, detail.order, turn.now()
    lines = [
        tr("proofs.card.title", id=a.id, order=order.id, title=escape(order.title)),
        tr("proofs.card.status", status=tr(f"proof_status.{a.status.value}")),
    ]
    if a.status is AssignmentStatus.ASSIGNED:
        lines.append(
            tr("proofs.card.due", when=fmt.moment(a.due_at), left=fmt.time_left(tr, a.due_at, now))
        )
    lines += ["", bold(tr("proofs.card.requirements"))]
    if detail.request is not None:
        lines.append(escape(fmt.shorten(detail.request.description, DESCRIPTION_LIMIT)))
        if detail.request.inputs:
            lines.append(
                tr("card.request.inputs", inputs=escape(fmt.shorten(detail.request.inputs, 300)))
            )
    elif detail.offer is not None:
        offer = detail.offer
        lines += [
            escape(fmt.shorten(offer.description, DESCRIPTION_LIMIT)),
            tr("card.offer.inputs", inputs=escape(fmt.shorten(offer.inputs, 300))),
            tr("card.offer.output", output=escape(fmt.shorten(offer.output_format, 300))),
        ]
    else:
        lines.append(escape(order.title))
    lines += ["", bold(tr("proofs.card.deliveries", count=len(detail.deliveries)))]
    buttons: list[Button] = []
    for delivery in detail.deliveries:
        parts = [f"• #{delivery.id} {fmt.day(delivery.created_at)}"]
        if delivery.url:
            parts.append("🔗 " + link(delivery.url, escape(fmt.shorten(delivery.url, 80))))
        if delivery.attachment is not None:
            parts.append("📎 " + escape(delivery.attachment.name))
            buttons.append(
                turn.button(
                    "btn.get_file_id", encode("prf", "file", a.id, delivery.id), id=delivery.id
                )
            )
        if delivery.note:
            parts.append(escape(fmt.shorten(delivery.note, 600)))
        lines.append(" ".join(parts))
    if a.scorecard is not None:
        lines += ["", scorecard_line(tr, a, tr("proofs.card.yours"))]
    if scorecard_open(detail, now):
        buttons.insert(0, turn.button("btn.submit_scorecard", encode("prf", "score", a.id)))
    buttons.append(turn.button("btn.my_proofs", encode("prf", "list")))
    return Reply("\n".join(lines), buttons=rows(buttons), edit=edit)


async def open_assignment(turn: Turn, assignment_id: int, *, edit: bool = False) -> Reply:
    detail = await proofing_queries.get_assignment(
        turn.ctx, proofer_id=turn.actor_id, assignment_id=assignment_id
    )
    return assignment_card(turn, detail, edit=edit)
