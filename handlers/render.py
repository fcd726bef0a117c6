"""Domain events rendered as notifications: one per recipient, in the recipient's language,
with the buttons that act on it; and posts for the admin and feed channels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.accounts.model import Account, Authorship
from core.credits.deposits import DEPOSIT_BELOW_MINIMUM, DEPOSIT_HELD, DEPOSIT_REORGED, DEPOSIT_SEEN
from core.credits.stars import STARS_REFUNDED
from core.moderation.admin import ACCOUNT_WARNED
from core.moderation.reports import REPORT_FILED
from core.moderation.safety import SECRET_REDACTED
from core.shared import events as ev
from core.shared.context import Context
from core.shared.events import DomainEvent
from handlers import fmt
from handlers.actions import encode
from handlers.i18n import Translator, language_for
from handlers.markup import escape, italic
from handlers.types import Button, Notification, OutgoingAttachment

Buttons = tuple[tuple[Button, ...], ...]

#: Payload keys that name accounts (loaded once per event, with their supervisors).
PEOPLE_KEYS = (
    "buyer_id",
    "seller_id",
    "author_id",
    "actor_id",
    "account_id",
    "subject_id",
    "moderator_id",
    "reporter_id",
)


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: Buttons = ()
    attachments: tuple[OutgoingAttachment, ...] = ()


class EventView:
    """What a renderer needs: the event, the recipient, the accounts it names, the catalog."""

    def __init__(
        self,
        ctx: Context,
        event: DomainEvent,
        recipient: Account | None,
        people: dict[int, Account],
        tr: Translator,
    ) -> None:
        self.ctx = ctx
        self.event = event
        self.p: dict[str, Any] = event.payload
        self.recipient = recipient
        self.people = people
        self.tr = tr

    @property
    def now(self) -> datetime:
        return self.event.occurred_at or self.ctx.clock.now()

    @property
    def order_id(self) -> int | None:
        value = self.p.get("order_id")
        return value if isinstance(value, int) else None

    def num(self, key: str) -> int:
        value = self.p.get(key)
        return value if isinstance(value, int) else 0

    def text(self, key: str, limit: int = 500) -> str:
        return escape(fmt.shorten(str(self.p.get(key) or ""), limit))

    def is_recipient(self, key: str) -> bool:
        return self.recipient is not None and self.p.get(key) == self.recipient.id

    def name(self, account_id: object) -> str:
        if not isinstance(account_id, int):
            return self.tr("role.system")
        account = self.people.get(account_id)
        return fmt.handle(account) if account else f"#{account_id}"

    def label(self, account_id: object, authorship: Authorship | None = None) -> str:
        account = self.people.get(account_id) if isinstance(account_id, int) else None
        if account is None:
            return self.name(account_id)
        supervisor = self.people.get(account.supervisor_id) if account.supervisor_id else None
        return fmt.author_label(self.tr, account, supervisor, authorship)

    def money(self, key: str) -> str:
        return fmt.money(self.num(key), str(self.p.get("currency") or self.ctx.rules.currency))

    def order(self) -> str:
        title = self.p.get("title")
        if title:
            return self.tr("n.order_ref", id=self.order_id, title=escape(str(title)))
        return self.tr("n.order_ref_bare", id=self.order_id)

    def note(self, key: str = "note") -> str:
        value = self.p.get(key)
        return "\n" + italic(escape(fmt.shorten(str(value), 600))) if value else ""

    def due(self) -> str:
        raw = self.p.get("due_at") or self.p.get("deadline")
        if not raw:
            return ""
        return fmt.countdown(self.tr, datetime.fromisoformat(str(raw)), self.now)

    def button(self, key: str, action: str, **values: object) -> Button:
        return Button(self.tr(key, **values), action=action)

    def open_button(self) -> Button:
        return self.button("btn.open_order", encode("ord", "open", self.order_id or 0))

    def say(self, key: str, *rows: tuple[Button, ...], **values: object) -> Rendered:
        return Rendered(self.tr(key, **values), buttons=tuple(r for r in rows if r))


Renderer = Callable[[EventView], Rendered | None]
RENDERERS: dict[str, Renderer] = {}


def renders(*types: str) -> Callable[[Renderer], Renderer]:
    def register(renderer: Renderer) -> Renderer:
        for event_type in types:
            RENDERERS[event_type] = renderer
        return renderer

    return register


# -- orders ------------------------------------------------------------------------------------


@renders(ev.ORDER_CREATED)
def _order_created(v: EventView) -> Rendered:
    key = (
        "n.order_created_unfunded"
        if v.p.get("status") == "awaiting_funding"
        else ("n.order_created")
    )
    oid = v.order_id or 0
    return v.say(
        key,
        (v.open_button(), v.button("btn.message", encode("ord", "msg", oid))),
        order=v.order(),
        buyer=v.label(v.p.get("buyer_id")),
        price=v.money("price_cents"),
        due=v.due(),
    )


@renders(ev.ORDER_FUNDED)
def _order_funded(v: EventView) -> Rendered:
    return v.say("n.order_funded", (v.open_button(),), order=v.order(), due=v.due())


@renders(ev.ORDER_DELIVERED)
def _order_delivered(v: EventView) -> Rendered:
    oid = v.order_id or 0
    who = v.label(v.p.get("actor_id"))
    if v.is_recipient("buyer_id"):
        return v.say(
            "n.order_delivered_buyer",
            (
                v.button("btn.approve", encode("ord", "approve", oid)),
                v.button("btn.revise", encode("ord", "revise", oid)),
            ),
            (v.open_button(),),
            order=v.order(),
            who=who,
            days=v.ctx.rules.auto_approve_days,
        )
    return v.say("n.order_delivered", (v.open_button(),), order=v.order(), who=who)


@renders(ev.ORDER_AWAITING_SUPERVISOR)
def _order_awaiting_supervisor(v: EventView) -> Rendered:
    oid = v.order_id or 0
    if v.is_recipient("buyer_id"):
        return v.say("n.order_signoff_buyer", (v.open_button(),), order=v.order())
    return v.say(
        "n.order_signoff_supervisor",
        (
            v.button("btn.sign_off", encode("ord", "signoff", oid)),
            v.button("btn.send_back", encode("ord", "sendback", oid)),
        ),
        (v.open_button(),),
        order=v.order(),
        agent=v.label(v.p.get("seller_id")),
    )


@renders(ev.ORDER_SENT_BACK)
def _order_sent_back(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.order_sent_back",
        (v.button("btn.deliver", encode("ord", "deliver", oid)), v.open_button()),
        order=v.order(),
        who=v.name(v.p.get("actor_id")),
        note=v.note(),
    )


@renders(ev.ORDER_REVISION_REQUESTED)
def _order_revision(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.order_revision",
        (
            v.button("btn.deliver", encode("ord", "deliver", oid)),
            v.button("btn.message", encode("ord", "msg", oid)),
        ),
        (v.open_button(),),
        order=v.order(),
        who=v.name(v.p.get("actor_id")),
        note=v.note(),
        due=v.due(),
    )


@renders(ev.ORDER_APPROVED)
def _order_approved(v: EventView) -> Rendered:
    auto = v.p.get("action") == "auto_approve"
    key = "n.order_auto_approved" if auto else "n.order_approved"
    if v.p.get("to_status") == "release_pending":
        key += "_release"
    return v.say(
        key,
        (v.open_button(),),
        order=v.order(),
        who=v.name(v.p.get("actor_id")),
        days=v.ctx.rules.auto_approve_days,
    )


@renders(ev.ORDER_COMPLETED)
def _order_completed(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.order_completed",
        (v.button("btn.review", encode("ord", "review", oid)), v.open_button()),
        order=v.order(),
    )


@renders(ev.ORDER_CANCELLED)
def _order_cancelled(v: EventView) -> Rendered:
    action = str(v.p.get("action") or "cancel")
    reason = v.tr.get(f"n.cancel_reason.{action}", v.tr("n.cancel_reason.cancel"))
    return v.say(
        "n.order_cancelled",
        (v.open_button(),),
        order=v.order(),
        reason=reason,
        who=v.name(v.p.get("actor_id")),
        note=v.note(),
    )


@renders(ev.ORDER_CANCEL_REQUESTED)
def _order_cancel_requested(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.order_cancel_requested",
        (
            v.button("btn.agree_cancel", encode("ord", "cancelok", oid)),
            v.button("btn.message", encode("ord", "msg", oid)),
        ),
        (v.open_button(),),
        order=v.order(),
        who=v.name(v.p.get("actor_id")),
        note=v.note(),
        id=oid,
    )


@renders(ev.ORDER_DISPUTED)
def _order_disputed(v: EventView) -> Rendered:
    return v.say(
        "n.order_disputed",
        (v.open_button(),),
        order=v.order(),
        who=v.name(v.p.get("actor_id")),
        note=v.note(),
    )


@renders(ev.ORDER_HELD)
def _order_held(v: EventView) -> Rendered:
    return v.say("n.order_held", (v.open_button(),), order=v.order(), note=v.note())


@renders(ev.ORDER_UNHELD)
def _order_unheld(v: EventView) -> Rendered:
    status = v.tr(f"status.{v.p.get('to_status') or v.p.get('status')}")
    return v.say("n.order_unheld", (v.open_button(),), order=v.order(), status=status)


@renders(ev.ORDER_APPROVAL_REVERSED)
def _order_reversed(v: EventView) -> Rendered:
    return v.say("n.order_reversed", (v.open_button(),), order=v.order(), note=v.note())


@renders(ev.ORDER_PROOFING_STARTED)
def _order_proofing_started(v: EventView) -> Rendered:
    return v.say("n.order_proofing_started", (v.open_button(),), order=v.order())


@renders(ev.ORDER_PROOFING_FINISHED)
def _order_proofing_finished(v: EventView) -> Rendered:
    return v.say("n.order_proofing_finished", (v.open_button(),), order=v.order())


@renders(ev.ORDER_REMINDER)
def _order_reminder(v: EventView) -> Rendered:
    oid = v.order_id or 0
    deadline = v.p.get("deadline")
    when = fmt.time_left(v.tr, datetime.fromisoformat(str(deadline)), v.now) if deadline else ""
    if v.p.get("reminder") == "reminder_buyer":
        return v.say(
            "n.reminder_buyer",
            (
                v.button("btn.approve", encode("ord", "approve", oid)),
                v.button("btn.revise", encode("ord", "revise", oid)),
            ),
            (v.open_button(),),
            order=v.order(),
            when=when,
        )
    return v.say(
        "n.reminder_seller",
        (v.button("btn.deliver", encode("ord", "deliver", oid)), v.open_button()),
        order=v.order(),
        due=fmt.countdown(v.tr, datetime.fromisoformat(str(deadline)), v.now) if deadline else "",
    )


@renders(ev.DISPUTE_RESOLVED)
def _dispute_resolved(v: EventView) -> Rendered:
    ruling = str(v.p.get("ruling") or "")
    outcome = v.tr(f"n.ruling.{ruling}", pct=v.p.get("split_pct") or 0) if ruling else ""
    return v.say(
        "n.dispute_resolved", (v.open_button(),), order=v.order(), outcome=outcome, note=v.note()
    )


@renders(ev.DISPUTE_CLAIMED)
def _dispute_claimed(v: EventView) -> Rendered:
    return v.say("n.dispute_claimed", (v.open_button(),), order=v.order())


@renders(ev.PAYMENT_RELEASED)
def _payment_released(v: EventView) -> Rendered:
    return v.say(
        "n.payment_released", (v.open_button(),), order=v.order(), amount=v.money("amount_cents")
    )


@renders(ev.PAYMENT_REFUNDED)
def _payment_refunded(v: EventView) -> Rendered:
    return v.say(
        "n.payment_refunded", (v.open_button(),), order=v.order(), amount=v.money("amount_cents")
    )


@renders(ev.MESSAGE_RECEIVED)
def _message_received(v: EventView) -> Rendered:
    oid = v.order_id or 0
    authorship = Authorship(str(v.p.get("authorship") or "human"))
    attachments: tuple[OutgoingAttachment, ...] = ()
    extra = ""
    if v.p.get("attachment"):
        extra = "\n📎 " + v.text("attachment", 200)
        if v.p.get("attachment_ref"):
            attachments = (OutgoingAttachment(str(v.p["attachment_ref"]), str(v.p["attachment"])),)
    text = v.tr(
        "n.message",
        id=oid,
        who=v.label(v.p.get("author_id"), authorship),
        text=v.text("text", 3500),
        extra=extra,
    )
    buttons = ((v.button("btn.reply", encode("ord", "msg", oid)), v.open_button()),)
    return Rendered(text, buttons=buttons, attachments=attachments)


# -- reviews -----------------------------------------------------------------------------------


@renders(ev.REVIEW_RECEIVED)
def _review_received(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.review_received",
        (v.button("btn.review", encode("ord", "review", oid)),),
        order=v.order(),
        who=v.name(v.p.get("author_id")),
        days=v.ctx.rules.review_reveal_days,
    )


@renders(ev.REVIEWS_REVEALED)
def _reviews_revealed(v: EventView) -> Rendered:
    lines = []
    for review in v.p.get("reviews") or []:
        if not isinstance(review, dict):
            continue
        text = review.get("text") or ""
        lines.append(
            v.tr(
                "n.review_line",
                who=v.name(review.get("author_id")),
                subject=v.name(review.get("subject_id")),
                stars="⭐" * int(review.get("rating") or 0),
                text=" — " + italic(escape(fmt.shorten(str(text), 300))) if text else "",
            )
        )
    return v.say(
        "n.reviews_revealed", (v.open_button(),), order=v.order(), reviews="\n".join(lines)
    )


# -- requests and proposals --------------------------------------------------------------------


@renders(ev.APPLICATION_RECEIVED)
def _application_received(v: EventView) -> Rendered:
    request_id = v.num("request_id")
    seller = v.people.get(v.num("seller_id"))
    return v.say(
        "n.application_received",
        (v.button("btn.view_proposals", encode("req", "props", request_id)),),
        title=v.text("title", 120),
        id=request_id,
        seller=v.label(v.p.get("seller_id")),
        trust=seller.trust_score if seller else 0,
        price=v.money("price_cents"),
        days=v.tr("unit.days", count=v.num("timeline_days")),
    )


@renders(ev.APPLICATION_ACCEPTED)
def _application_accepted(v: EventView) -> Rendered:
    oid = v.order_id or 0
    return v.say(
        "n.application_accepted",
        (v.open_button(), v.button("btn.message", encode("ord", "msg", oid))),
        title=v.text("title", 120),
        id=oid,
    )


@renders(ev.APPLICATION_REJECTED)
def _application_rejected(v: EventView) -> Rendered:
    return v.say(
        "n.application_rejected",
        (v.button("menu.requests", encode("cmd", "requests")),),
        title=v.text("title", 120),
    )


@renders(ev.APPLICATION_WITHDRAWN)
def _application_withdrawn(v: EventView) -> Rendered:
    request_id = v.num("request_id")
    return v.say(
        "n.application_withdrawn",
        (v.button("btn.view_proposals", encode("req", "props", request_id)),),
        title=v.text("title", 120),
        who=v.name(v.p.get("seller_id")),
    )


@renders(ev.OFFER_PUBLISHED)
def _offer_published(v: EventView) -> Rendered:
    offer_id = v.num("offer_id")
    return v.say(
        "n.offer_published",
        (v.button("btn.view_offer", encode("off", "view", offer_id)),),
        title=v.text("title", 120),
        id=offer_id,
    )


@renders(ev.OFFER_EXPIRED)
def _offer_expired(v: EventView) -> Rendered:
    offer_id = v.num("offer_id")
    cost = v.ctx.prices.renew_offer
    return v.say(
        "n.offer_expired",
        (v.button("btn.renew", encode("off", "renew", offer_id), cost=cost),),
        title=v.text("title", 120),
        id=offer_id,
        cost=cost,
    )


@renders(ev.REQUEST_POSTED)
def _request_posted(v: EventView) -> Rendered:
    request_id = v.num("request_id")
    return v.say(
        "n.request_posted",
        (v.button("btn.view_request", encode("req", "view", request_id)),),
        title=v.text("title", 120),
        id=request_id,
    )


@renders(ev.REQUEST_EXPIRED)
def _request_expired(v: EventView) -> Rendered:
    return v.say(
        "n.request_expired",
        (v.button("menu.newrequest", encode("cmd", "newrequest")),),
        title=v.text("title", 120),
        id=v.num("request_id"),
    )


# -- account -----------------------------------------------------------------------------------


@renders(ev.CREDITS_TOPPED_UP)
def _credits_topped_up(v: EventView) -> Rendered:
    source = str(v.p.get("source") or "")
    rendered = v.say(
        "n.credits_topped_up",
        amount=v.num("amount"),
        balance=v.num("balance"),
        source=v.tr.get(f"n.topup_source.{source}", escape(source)),
    )
    if v.p.get("reference"):
        ref = f"<code>{v.text('reference', 100)}</code>"
        note = v.tr.get(f"n.topup_ref.{source}", "", ref=ref)
        rendered = Rendered(rendered.text + note, rendered.buttons)
    return rendered


def _deposit_values(v: EventView) -> dict[str, object]:
    return {
        "amount": v.text("amount", 80),
        "symbol": v.text("symbol", 20),
        "network": v.text("network", 60),
        "credits": v.num("credits"),
        "minimum": v.num("min_credits"),
        "tx": f"<code>{v.text('tx_hash', 100)}</code>",
    }


@renders(DEPOSIT_SEEN)
def _deposit_seen(v: EventView) -> Rendered:
    values = _deposit_values(v)
    text = v.tr(
        "n.deposit_seen",
        amount=values["amount"],
        symbol=values["symbol"],
        network=values["network"],
        credits=values["credits"],
        confirmations=v.num("confirmations"),
        needed=v.num("confirmations_needed"),
        tx=values["tx"],
    )
    if v.p.get("below_minimum"):
        text += v.tr("n.deposit_seen_below", minimum=values["minimum"])
    return Rendered(text)


@renders(DEPOSIT_BELOW_MINIMUM)
def _deposit_below_minimum(v: EventView) -> Rendered:
    values = _deposit_values(v)
    return v.say(
        "n.deposit_below_minimum",
        amount=values["amount"],
        symbol=values["symbol"],
        credits=values["credits"],
        minimum=values["minimum"],
        tx=values["tx"],
    )


@renders(DEPOSIT_HELD)
def _deposit_held(v: EventView) -> Rendered:
    values = _deposit_values(v)
    return v.say(
        "n.deposit_held",
        amount=values["amount"],
        symbol=values["symbol"],
        credits=values["credits"],
        tx=values["tx"],
    )


@renders(DEPOSIT_REORGED)
def _deposit_reorged(v: EventView) -> Rendered:
    values = _deposit_values(v)
    return v.say(
        "n.deposit_reorged", amount=values["amount"], symbol=values["symbol"], tx=values["tx"]
    )


@renders(STARS_REFUNDED)
def _stars_refunded(v: EventView) -> Rendered:
    return v.say(
        "n.stars_refunded",
        stars=v.num("stars"),
        credits=v.num("credits"),
        balance=v.num("balance"),
    )


@renders(ev.CREDITS_ADJUSTED)
def _credits_adjusted(v: EventView) -> Rendered:
    return v.say(
        "n.credits_adjusted",
        delta=f"{v.num('delta'):+d}",
        balance=v.num("balance"),
        note=v.note("reason"),
    )


@renders(ev.ACCOUNT_BANNED)
def _account_banned(v: EventView) -> Rendered:
    return v.say("n.account_banned", note=v.note("reason"))


@renders(ev.ACCOUNT_UNBANNED)
def _account_unbanned(v: EventView) -> Rendered:
    return v.say("n.account_unbanned")


@renders(ev.VERIFICATION_REQUESTED)
def _verification_requested(v: EventView) -> Rendered:
    return v.say("n.verification_requested")


@renders(ev.VERIFICATION_DECIDED)
def _verification_decided(v: EventView) -> Rendered:
    if v.p.get("approved"):
        return v.say("n.verification_approved")
    return v.say(
        "n.verification_declined",
        (v.button("btn.verify_again", encode("cmd", "verify")),),
        note=v.note("reason"),
    )


@renders(ev.LISTING_HIDDEN)
def _listing_hidden(v: EventView) -> Rendered:
    listing = str(v.p.get("listing") or "")
    kind, _, ident = listing.partition(":")
    return v.say(
        "n.listing_hidden",
        kind=v.tr.get(f"n.listing_kind.{kind}", escape(kind)),
        id=escape(ident),
        title=v.text("title", 120),
        note=v.note("reason"),
    )


@renders(ev.PROOF_SUBMITTED)
def _proof_submitted(v: EventView) -> Rendered:
    return v.say("n.proof_submitted", (v.open_button(),), order=v.order())


@renders(REPORT_FILED)
def _report_filed(v: EventView) -> Rendered:
    return v.say("n.report_filed", subject=v.text("subject", 60))


@renders(SECRET_REDACTED)
def _secret_redacted(v: EventView) -> Rendered:
    kinds = " and ".join(escape(str(k)) for k in v.p.get("kinds") or ()) or "a secret"
    subject = str(v.p.get("subject") or "").replace(":", " #")
    return v.say("n.secret_redacted", kinds=kinds, subject=escape(subject))


@renders(ACCOUNT_WARNED)
def _account_warned(v: EventView) -> Rendered:
    return v.say("n.account_warned", reason=v.text("reason", 500))


def _fallback(v: EventView) -> Rendered | None:
    if v.order_id is None:
        return None
    status = v.p.get("status")
    status_text = v.tr(f"status.{status}") if status else ""
    return v.say("n.order_update", (v.open_button(),), order=v.order(), status=status_text)


# -- channels ----------------------------------------------------------------------------------


def translator_for(account: Account | None) -> Translator:
    """The language a notification or admin reply is written in for ``account`` (None: a
    shared channel). Every notification and admin reply takes its ``Translator`` from here."""
    if account is None:
        return Translator(None)
    return Translator(language_for(account, account.client_language))


def deep_link_payload(kind: str, ident: int) -> str:
    """The /start payload that opens a card: ``offer_12``, ``request_7``, ``order_5``."""
    return f"{kind}_{ident}"


def _feed_card(ctx: Context, event: DomainEvent, tr: Translator) -> Notification | None:
    p = event.payload
    currency = str(p.get("currency") or ctx.rules.currency)
    if event.type == ev.OFFER_PUBLISHED:
        offer_id = int(p.get("offer_id") or 0)
        text = tr(
            "feed.offer",
            title=escape(fmt.shorten(str(p.get("title") or ""), 120)),
            category=fmt.category_label(tr, ctx, str(p.get("category") or "")),
            price=fmt.money(int(p.get("price_cents") or 0), currency),
            id=offer_id,
        )
        button = Button(tr("btn.feed_offer"), action=encode("off", "view", offer_id))
        link = deep_link_payload("offer", offer_id)
    elif event.type == ev.REQUEST_POSTED:
        request_id = int(p.get("request_id") or 0)
        low = fmt.money(int(p.get("budget_min_cents") or 0), currency)
        high = fmt.money(int(p.get("budget_max_cents") or 0), currency)
        deadline = p.get("deadline")
        text = tr(
            "feed.request",
            title=escape(fmt.shorten(str(p.get("title") or ""), 120)),
            category=fmt.category_label(tr, ctx, str(p.get("category") or "")),
            budget=low if low == high else f"{low}–{high}",
            deadline=fmt.moment(datetime.fromisoformat(str(deadline))) if deadline else "—",
            id=request_id,
        )
        button = Button(tr("btn.feed_request"), action=encode("req", "view", request_id))
        link = deep_link_payload("request", request_id)
    else:
        return None
    return Notification(
        account_id=0,
        text=text,
        buttons=((button,),),
        event_id=event.id,
        extra={"channel": "feed", "deep_link": link},
    )


ADMIN_KEYS: dict[str, str] = {
    ev.ORDER_DISPUTED: "admin.order_disputed",
    ev.DISPUTE_RESOLVED: "admin.dispute_resolved",
    ev.DISPUTE_CLAIMED: "admin.dispute_claimed",
    ev.ORDER_HELD: "admin.order_held",
    ev.ORDER_UNHELD: "admin.order_unheld",
    ev.ORDER_APPROVAL_REVERSED: "admin.order_reversed",
    ev.ACCOUNT_BANNED: "admin.account_banned",
    ev.VERIFICATION_REQUESTED: "admin.verification_requested",
    REPORT_FILED: "admin.report_filed",
    DEPOSIT_HELD: "admin.deposit_held",
}


def _admin_post(ctx: Context, event: DomainEvent, tr: Translator) -> Notification:
    p = event.payload

    def ref(key: str) -> str:
        value = p.get(key)
        return f"#{value}" if isinstance(value, int) else "—"

    values = {
        "order": ref("order_id"),
        "title": escape(fmt.shorten(str(p.get("title") or ""), 120)),
        "actor": ref("actor_id"),
        "moderator": ref("moderator_id"),
        "account": ref("account_id"),
        "reporter": ref("reporter_id"),
        "dispute": ref("dispute_id"),
        "report": ref("report_id"),
        "subject": escape(str(p.get("subject") or "")),
        "ruling": escape(str(p.get("ruling") or "")),
        "note": escape(fmt.shorten(str(p.get("note") or p.get("reason") or ""), 600)),
    }
    key = ADMIN_KEYS.get(event.type)
    text = tr(key, **values) if key else tr("admin.generic", type=escape(event.type), **values)
    return Notification(account_id=0, text=text, event_id=event.id, extra={"channel": "admin"})


def render_feed(ctx: Context, event: DomainEvent, language: str = "en") -> Notification | None:
    """The post for the feed channel (a card with a deep-link button; the front end builds
    the link from ``extra["deep_link"]``) or the admin channel, else None."""
    tr = Translator(language)
    if "feed" in event.channels:
        return _feed_card(ctx, event, tr)
    if "admin" in event.channels:
        return _admin_post(ctx, event, tr)
    return None


async def render_event(ctx: Context, event: DomainEvent) -> list[Notification]:
    out: list[Notification] = []
    recipients = list(dict.fromkeys(event.recipients))
    if recipients:
        ids = set(recipients)
        for key in PEOPLE_KEYS:
            value = event.payload.get(key)
            if isinstance(value, int):
                ids.add(value)
        for review in event.payload.get("reviews") or []:
            if isinstance(review, dict):
                ids.update(v for v in review.values() if isinstance(v, int))
        async with ctx.uow() as uow:
            people = await uow.accounts.get_many(sorted(ids))
            supervisors = {
                a.supervisor_id
                for a in people.values()
                if a.supervisor_id and a.supervisor_id not in people
            }
            if supervisors:
                people.update(await uow.accounts.get_many(sorted(supervisors)))
        renderer = RENDERERS.get(event.type, _fallback)
        for account_id in recipients:
            recipient = people.get(account_id)
            if recipient is None:
                continue
            view = EventView(ctx, event, recipient, people, translator_for(recipient))
            rendered = renderer(view)
            if rendered is None:
                continue
            out.append(
                Notification(
                    account_id=account_id,
                    text=rendered.text,
                    buttons=rendered.buttons,
                    attachments=rendered.attachments,
                    order_id=view.order_id if event.type == ev.MESSAGE_RECEIVED else None,
                    event_id=event.id,
                )
            )
    if event.channels:
        post = render_feed(ctx, event)
        if post is not None:
            out.append(post)
    return out


from handlers import render_payments as _render_payments  # noqa: E402,F401  (registers renderers)
from handlers import render_proofing as _render_proofing  # noqa: E402,F401  (registers renderers)
