"""Notifications of the order workflow: each move of an order, disputes, escrow releases and
refunds, relayed messages, reviews and proofing, and a fallback for any other order event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core.accounts.model import Authorship
from core.shared import events as ev
from handlers import fmt
from handlers.actions import encode
from handlers.markup import escape, italic
from handlers.render.base import EventView, Rendered, renders
from handlers.types import OutgoingAttachment


@renders(ev.ORDER_CREATED)
def _order_created(v: EventView) -> Rendered:
    if v.is_recipient("buyer_id"):
        # Only an order placed outside the buyer's chat (the Mini App) tells the buyer: the
        # chat has already answered them.
        return v.say("offer.ordered", (v.open_button(),), id=v.order_id or 0)
    unfunded = v.p.get("status") == "awaiting_funding"
    return v.about_order(
        "n.order_created_unfunded" if unfunded else "n.order_created",
        (v.open_button(), v.act("btn.message", "msg")),
        buyer=v.label(v.p.get("buyer_id")),
        price=v.money("price_cents"),
        due=v.due(),
    )


@renders(ev.ORDER_FUNDED)
def _order_funded(v: EventView) -> Rendered:
    return v.about_order("n.order_funded", due=v.due())


@renders(ev.ORDER_DELIVERED)
def _order_delivered(v: EventView) -> Rendered:
    who = v.label(v.p.get("actor_id"))
    if not v.is_recipient("buyer_id"):
        return v.about_order("n.order_delivered", who=who)
    rendered = v.about_order(
        "n.order_delivered_buyer",
        (v.act("btn.approve", "approve"), v.act("btn.revise", "revise")),
        (v.open_button(),),
        who=who,
        days=v.ctx.rules.auto_approve_days,
    )
    delivery_id = v.p.get("delivery_id")
    if not v.p.get("attachment") or not isinstance(delivery_id, int):
        return rendered
    # The file is one tap away: the button re-checks that the presser is a party, then sends
    # it (``ord:file``), as the order card's file button does.
    label = fmt.shorten(str(v.p["attachment"]), 40)
    action = encode("ord", "file", v.order_id or 0, delivery_id)
    fetch = v.button("btn.get_named_file", action, name=label)
    name = v.text("attachment", 200)
    return replace(
        rendered,
        text=rendered.text + "\n" + v.tr("n.order_delivered_file", name=name),
        buttons=((fetch,), *rendered.buttons),
    )


@renders(ev.ORDER_AWAITING_SUPERVISOR)
def _order_awaiting_supervisor(v: EventView) -> Rendered:
    if v.is_recipient("buyer_id"):
        return v.about_order("n.order_signoff_buyer")
    return v.about_order(
        "n.order_signoff_supervisor",
        (v.act("btn.sign_off", "signoff"), v.act("btn.send_back", "sendback")),
        (v.open_button(),),
        agent=v.label(v.p.get("seller_id")),
    )


@renders(ev.ORDER_SENT_BACK)
def _order_sent_back(v: EventView) -> Rendered:
    return v.about_order(
        "n.order_sent_back",
        (v.act("btn.deliver", "deliver"), v.open_button()),
        who=v.actor(),
        note=v.note(),
    )


@renders(ev.ORDER_REVISION_REQUESTED)
def _order_revision(v: EventView) -> Rendered:
    return v.about_order(
        "n.order_revision",
        (v.act("btn.deliver", "deliver"), v.act("btn.message", "msg")),
        (v.open_button(),),
        who=v.actor(),
        note=v.note(),
        due=v.due(),
    )


@renders(ev.ORDER_APPROVED)
def _order_approved(v: EventView) -> Rendered:
    key = "n.order_auto_approved" if v.p.get("action") == "auto_approve" else "n.order_approved"
    if v.p.get("to_status") == "release_pending":
        key += "_release"
    return v.about_order(key, who=v.actor(), days=v.ctx.rules.auto_approve_days)


@renders(ev.ORDER_COMPLETED)
def _order_completed(v: EventView) -> Rendered:
    return v.about_order("n.order_completed", (v.act("btn.review", "review"), v.open_button()))


@renders(ev.ORDER_CANCELLED)
def _order_cancelled(v: EventView) -> Rendered:
    action = str(v.p.get("action") or "cancel")
    reason = v.tr.get(f"n.cancel_reason.{action}", v.tr("n.cancel_reason.cancel"))
    return v.about_order("n.order_cancelled", reason=reason, who=v.actor(), note=v.note())


@renders(ev.ORDER_CANCEL_REQUESTED)
def _order_cancel_requested(v: EventView) -> Rendered:
    return v.about_order(
        "n.order_cancel_requested",
        (v.act("btn.agree_cancel", "cancelok"), v.act("btn.message", "msg")),
        (v.open_button(),),
        who=v.actor(),
        note=v.note(),
        id=v.order_id or 0,
    )


@renders(ev.ORDER_DISPUTED)
def _order_disputed(v: EventView) -> Rendered:
    return v.about_order("n.order_disputed", who=v.actor(), note=v.note())


@renders(ev.ORDER_HELD)
def _order_held(v: EventView) -> Rendered:
    return v.about_order("n.order_held", note=v.note())


@renders(ev.ORDER_UNHELD)
def _order_unheld(v: EventView) -> Rendered:
    status = v.tr(f"status.{v.p.get('to_status') or v.p.get('status')}")
    return v.about_order("n.order_unheld", status=status)


@renders(ev.ORDER_APPROVAL_REVERSED)
def _order_reversed(v: EventView) -> Rendered:
    return v.about_order("n.order_reversed", note=v.note())


#: Order events whose notice is the order's reference and a button to open it.
_PLAIN = {
    ev.ORDER_PROOFING_STARTED: "n.order_proofing_started",
    ev.ORDER_PROOFING_FINISHED: "n.order_proofing_finished",
    ev.DISPUTE_CLAIMED: "n.dispute_claimed",
    ev.PROOF_SUBMITTED: "n.proof_submitted",
}


@renders(*_PLAIN)
def _plain(v: EventView) -> Rendered:
    return v.about_order(_PLAIN[v.event.type])


@renders(ev.ORDER_REMINDER)
def _order_reminder(v: EventView) -> Rendered:
    raw = v.p.get("deadline")
    deadline = datetime.fromisoformat(str(raw)) if raw else None
    if v.p.get("reminder") == "reminder_buyer":
        return v.about_order(
            "n.reminder_buyer",
            (v.act("btn.approve", "approve"), v.act("btn.revise", "revise")),
            (v.open_button(),),
            when=fmt.time_left(v.tr, deadline, v.now) if deadline else "",
        )
    return v.about_order(
        "n.reminder_seller",
        (v.act("btn.deliver", "deliver"), v.open_button()),
        due=fmt.countdown(v.tr, deadline, v.now) if deadline else "",
    )


@renders(ev.DISPUTE_RESOLVED)
def _dispute_resolved(v: EventView) -> Rendered:
    ruling = str(v.p.get("ruling") or "")
    outcome = v.tr(f"n.ruling.{ruling}", pct=v.p.get("split_pct") or 0) if ruling else ""
    return v.about_order("n.dispute_resolved", outcome=outcome, note=v.note())


@renders(ev.PAYMENT_RELEASED, ev.PAYMENT_REFUNDED)
def _payment_moved(v: EventView) -> Rendered:
    released = v.event.type == ev.PAYMENT_RELEASED
    key = "n.payment_released" if released else "n.payment_refunded"
    return v.about_order(key, amount=v.money("amount_cents"))


@renders(ev.MESSAGE_RECEIVED)
def _message_received(v: EventView) -> Rendered:
    authorship = Authorship(str(v.p.get("authorship") or "human"))
    attachments: tuple[OutgoingAttachment, ...] = ()
    extra = ""
    if v.p.get("attachment"):
        extra = "\n📎 " + v.text("attachment", 200)
        if v.p.get("attachment_ref"):
            attachments = (OutgoingAttachment(str(v.p["attachment_ref"]), str(v.p["attachment"])),)
    text = v.tr(
        "n.message",
        id=v.order_id or 0,
        who=v.label(v.p.get("author_id"), authorship),
        text=v.text("text", 3500),
        extra=extra,
    )
    buttons = ((v.act("btn.reply", "msg"), v.open_button()),)
    return Rendered(text, buttons=buttons, attachments=attachments)


@renders(ev.REVIEW_RECEIVED)
def _review_received(v: EventView) -> Rendered:
    return v.about_order(
        "n.review_received",
        (v.act("btn.review", "review"),),
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
    return v.about_order("n.reviews_revealed", reviews="\n".join(lines))


def order_update(v: EventView) -> Rendered | None:
    """Any other event about an order: its new state, with the button to open it."""
    if v.order_id is None:
        return None
    status = v.p.get("status")
    return v.about_order("n.order_update", status=v.tr(f"status.{status}") if status else "")
