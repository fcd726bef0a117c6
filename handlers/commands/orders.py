"""Orders: /orders, /order, /msg, /deliver, /approve, /revise, /dispute, /cancelorder,
/review, the buttons on order cards, and the relay of plain text to the other party."""

from __future__ import annotations

import re

from core.orders import orders, reviews
from core.orders.machine import BUYER, SELLER
from core.orders.model import Attachment, OrderStatus
from core.orders.orders import OrderRecord
from handlers import cards, files, fmt
from handlers.actions import Action, encode
from handlers.forms import start_form
from handlers.markup import escape
from handlers.turn import Notice, Router, Turn, Usage, parse_id
from handlers.types import Busy, IncomingAttachment, OutgoingAttachment, Reply
from handlers.wizards import submit_note

router = Router()

ACTIVE_LIMIT = 15
FINISHED_LIMIT = 5


def _id(action: Action) -> int:
    ident = action.int_arg(0)
    if ident is None:
        raise Notice("button.invalid")
    return ident


def _split_id(turn: Turn, command: str) -> tuple[int, str]:
    """``<order> [text]`` from the arguments, or the command's usage."""
    parts = turn.args.split(maxsplit=1)
    order_id = parse_id(parts[0]) if parts else None
    if order_id is None:
        raise Usage(command)
    return order_id, parts[1].strip() if len(parts) > 1 else ""


async def load(turn: Turn, order_id: int) -> OrderRecord:
    return await orders.get_order(turn.ctx, order_id=order_id, viewer_id=turn.actor_id)


async def require_action(turn: Turn, order_id: int, *names: str) -> OrderRecord:
    """The order, when one of ``names`` is possible for this user now. Checked again by the
    use case at submit time; here it stops a stale or foreign button before a form opens."""
    await turn.require_active()
    record = await load(turn, order_id)
    if not set(names) & set(record.actions):
        raise Notice(
            "order.stale", id=order_id, status=turn.tr(f"status.{record.order.status.value}")
        )
    return record


# -- lists and cards ---------------------------------------------------------------------------


@router.command("orders")
async def list_orders(turn: Turn) -> list[Reply]:
    found = await orders.list_orders(turn.ctx, account_id=turn.actor_id, limit=100)
    if not found:
        return turn.say("orders.none")
    now = turn.now()
    active = [o for o in found if not o.status.is_terminal]
    finished = [o for o in found if o.status.is_terminal]
    lines = [turn.tr("orders.header", active=len(active), finished=len(finished))]
    buttons = []
    for order in active[:ACTIVE_LIMIT]:
        extra = ""
        if order.status in (OrderStatus.IN_PROGRESS, OrderStatus.AWAITING_SUPERVISOR):
            extra = " · " + fmt.countdown(turn.tr, order.due_at, now)
        role = order.party_role(turn.actor_id) or "supervisor"
        lines.append(cards.order_line(turn, order.id, order.title, order.status, role, extra))
        buttons.append(turn.button("btn.open_id", encode("ord", "open", order.id), id=order.id))
    if finished:
        lines += ["", turn.tr("orders.finished")]
        for order in finished[:FINISHED_LIMIT]:
            role = order.party_role(turn.actor_id) or "supervisor"
            lines.append(cards.order_line(turn, order.id, order.title, order.status, role, ""))
            buttons.append(turn.button("btn.open_id", encode("ord", "open", order.id), id=order.id))
    return [Reply("\n".join(lines), buttons=cards.rows(buttons, 3))]


@router.command("order")
async def show_order(turn: Turn) -> list[Reply]:
    replies: list[Reply] = []
    if turn.state.in_order is not None:
        replies.append(Reply(turn.tr("relay.left", id=turn.state.in_order)))
        turn.state.in_order = None
        await turn.save_state()
    if not turn.args:
        if replies:
            return replies
        raise Usage("order")
    order_id = parse_id(turn.args)
    if order_id is None:
        raise Usage("order")
    replies.append(await cards.order_card(turn, await load(turn, order_id)))
    return replies


@router.action("ord", "open")
async def open_order(turn: Turn, action: Action) -> list[Reply]:
    return [await cards.order_card(turn, await load(turn, _id(action)))]


@router.action("ord", "timeline")
async def order_timeline(turn: Turn, action: Action) -> list[Reply]:
    return [await cards.order_timeline(turn, await load(turn, _id(action)))]


@router.action("ord", "file")
async def order_file(turn: Turn, action: Action) -> list[Reply]:
    record = await load(turn, _id(action))
    delivery_id = action.int_arg(1)
    for delivery in record.deliveries:
        if delivery.id == delivery_id and delivery.attachment is not None:
            attachment = await files.retry_delivery_copy(turn, record.order.id, delivery)
            # Only the other platform's bot can fetch it: say where, and why.
            api = f"/api/orders/{record.order.id}/deliveries/{delivery.id}/file"
            elsewhere = files.elsewhere_reply(turn, record.order.id, attachment, api)
            if elsewhere is not None:
                return [elsewhere]
            await turn.busy(Busy.UPLOAD_DOCUMENT)
            return [
                Reply(
                    turn.tr("order.file", id=record.order.id, name=escape(attachment.name)),
                    attachments=(OutgoingAttachment(attachment.ref, attachment.name),),
                )
            ]
    raise Notice("button.invalid")


# -- the relay ---------------------------------------------------------------------------------


def _attachment(item: IncomingAttachment) -> Attachment:
    return Attachment(name=item.name, ref=item.ref, size=item.size, content_type=item.content_type)


async def relay(
    turn: Turn, order_id: int, text: str, attachments: tuple[IncomingAttachment, ...]
) -> list[Reply]:
    """Send the user's text (and files) to the other party of ``order_id`` through the core,
    which stores it with its authorship and scans it for secrets."""
    await turn.require_active()
    if not text.strip() and not attachments:
        return []
    found: list[str] = []
    if attachments:
        for index, item in enumerate(attachments):
            sent = await orders.send_message(
                turn.ctx,
                actor_id=turn.actor_id,
                order_id=order_id,
                text=text if index == 0 else "",
                attachment=await files.keep_copy(turn, order_id, _attachment(item)),
            )
            found += sent.redacted_kinds
    else:
        sent = await orders.send_message(
            turn.ctx, actor_id=turn.actor_id, order_id=order_id, text=text
        )
        found += sent.redacted_kinds
    replies = turn.say("relay.sent", id=order_id)
    if found:
        kinds = fmt.secret_kinds(turn.tr, list(dict.fromkeys(found)))
        replies.append(Reply(turn.tr("relay.redacted", kinds=kinds)))
    return replies


@router.action("ord", "msg")
async def enter_order(turn: Turn, action: Action) -> list[Reply]:
    order_id = _id(action)
    await turn.require_active()
    record = await load(turn, order_id)
    if record.order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        raise Notice("relay.closed", id=order_id)
    turn.state.in_order = order_id
    await turn.save_state()
    other = record.seller if turn.actor_id == record.order.buyer_id else record.buyer
    return turn.say(
        "relay.entered",
        id=order_id,
        other=fmt.handle(other),
        buttons=((turn.button("btn.leave_chat", encode("ord", "leave", order_id)),),),
    )


@router.action("ord", "leave")
async def leave_order(turn: Turn, action: Action) -> list[Reply]:
    if turn.state.in_order is None:
        return turn.say("cancel.nothing")
    order_id = turn.state.in_order
    turn.state.in_order = None
    await turn.save_state()
    return turn.say("relay.left", id=order_id)


@router.command("msg")
async def message(turn: Turn) -> list[Reply]:
    order_id, text = _split_id(turn, "msg")
    if not text and not turn.incoming.attachments:
        raise Usage("msg")
    return await relay(turn, order_id, text, turn.incoming.attachments)


# -- order actions -----------------------------------------------------------------------------


async def _deliver(turn: Turn, order_id: int) -> list[Reply]:
    await require_action(turn, order_id, "deliver", "submit_for_signoff")
    return await start_form(turn, "deliver", params={"order_id": order_id})


@router.command("deliver")
async def deliver(turn: Turn) -> list[Reply]:
    order_id, _ = _split_id(turn, "deliver")
    return await _deliver(turn, order_id)


@router.action("ord", "deliver")
async def deliver_button(turn: Turn, action: Action) -> list[Reply]:
    return await _deliver(turn, _id(action))


async def _approve(turn: Turn, order_id: int) -> list[Reply]:
    order = await orders.approve_order(turn.ctx, buyer_id=turn.actor_id, order_id=order_id)
    released = order.status is OrderStatus.RELEASE_PENDING
    return await cards.order_reply(
        turn, "order.approved_release" if released else "order.approved", order_id
    )


@router.command("approve")
async def approve(turn: Turn) -> list[Reply]:
    order_id, _ = _split_id(turn, "approve")
    return await _approve(turn, order_id)


@router.action("ord", "approve")
async def approve_button(turn: Turn, action: Action) -> list[Reply]:
    return await _approve(turn, _id(action))


@router.command("revise")
async def revise(turn: Turn) -> list[Reply]:
    order_id, note = _split_id(turn, "revise")
    if note:
        return await submit_note(turn, "revise", order_id, note)
    return await _revise_form(turn, order_id)


async def _revise_form(turn: Turn, order_id: int) -> list[Reply]:
    await turn.require_active()
    record = await load(turn, order_id)
    order = record.order
    # The engine hides the action once the revisions are used; say why rather than "stale".
    if (
        BUYER in record.viewer_roles
        and order.status is OrderStatus.DELIVERED
        and order.revisions_left <= 0
    ):
        raise Notice("order.no_revisions", id=order_id, count=order.revisions_included)
    return await _note_form(turn, order_id, "revise", "request_revision")


@router.action("ord", "revise")
async def revise_button(turn: Turn, action: Action) -> list[Reply]:
    return await _revise_form(turn, _id(action))


async def _note_form(turn: Turn, order_id: int, form: str, action: str) -> list[Reply]:
    await require_action(turn, order_id, action)
    return await start_form(turn, form, params={"order_id": order_id})


@router.command("dispute")
async def dispute(turn: Turn) -> list[Reply]:
    order_id, reason = _split_id(turn, "dispute")
    if reason:
        return await submit_note(turn, "dispute", order_id, reason)
    return await _note_form(turn, order_id, "dispute", "open_dispute")


@router.action("ord", "dispute")
async def dispute_button(turn: Turn, action: Action) -> list[Reply]:
    return await _note_form(turn, _id(action), "dispute", "open_dispute")


async def _cancel(turn: Turn, order_id: int, reason: str) -> list[Reply]:
    order = await orders.cancel_order(
        turn.ctx, actor_id=turn.actor_id, order_id=order_id, reason=reason
    )
    key = "order.cancelled" if order.status.is_terminal else "order.cancel_requested"
    return await cards.order_reply(turn, key, order_id)


@router.command("cancelorder")
async def cancel_order(turn: Turn) -> list[Reply]:
    order_id, reason = _split_id(turn, "cancelorder")
    return await _cancel(turn, order_id, reason)


@router.action("ord", "cancel")
async def cancel_button(turn: Turn, action: Action) -> list[Reply]:
    order_id = _id(action)
    record = await require_action(turn, order_id, "cancel", "cancel_unfunded")
    key = (
        "order.cancel_confirm_now"
        if record.order.status is OrderStatus.AWAITING_FUNDING
        or record.order.cancel_requested_by not in (None, turn.actor_id)
        else "order.cancel_confirm_ask"
    )
    buttons = (
        (
            turn.button("btn.cancel_yes", encode("ord", "cancelok", order_id)),
            turn.button("btn.keep_order", encode("ord", "open", order_id)),
        ),
    )
    return [Reply(turn.tr(key, id=order_id), buttons=buttons)]


@router.action("ord", "cancelok")
async def cancel_confirmed(turn: Turn, action: Action) -> list[Reply]:
    return await _cancel(turn, _id(action), "")


@router.action("ord", "signoff")
async def sign_off(turn: Turn, action: Action) -> list[Reply]:
    order_id = _id(action)
    await orders.review_agent_delivery(
        turn.ctx, supervisor_id=turn.actor_id, order_id=order_id, approve=True
    )
    return await cards.order_reply(turn, "order.signed_off", order_id)


@router.action("ord", "sendback")
async def send_back(turn: Turn, action: Action) -> list[Reply]:
    return await _note_form(turn, _id(action), "sendback", "send_back")


# -- reviews -----------------------------------------------------------------------------------

_QUICK_REVIEW = re.compile(r"([1-5])(?:\s+(.*))?", re.DOTALL)


async def _review(turn: Turn, order_id: int, rest: str) -> list[Reply]:
    quick = _QUICK_REVIEW.fullmatch(rest.strip()) if rest else None
    if rest and quick is None:
        raise Usage("review")
    await turn.require_active()
    record = await load(turn, order_id)
    if not record.viewer_roles & {BUYER, SELLER}:
        raise Notice("review.not_party", id=order_id)
    if record.order.status is not OrderStatus.COMPLETED:
        raise Notice(
            "review.not_completed",
            id=order_id,
            status=turn.tr(f"status.{record.order.status.value}"),
        )
    mine = await reviews.order_reviews(turn.ctx, order_id=order_id, viewer_id=turn.actor_id)
    if any(r.author_id == turn.actor_id for r in mine):
        raise Notice("review.done_already", id=order_id)
    if quick is not None:
        await reviews.leave_review(
            turn.ctx,
            author_id=turn.actor_id,
            order_id=order_id,
            rating=int(quick.group(1)),
            text=(quick.group(2) or "").strip(),
        )
        return turn.say("form.review.done", id=order_id)
    other = record.seller if turn.actor_id == record.order.buyer_id else record.buyer
    header = Reply(turn.tr("review.intro", id=order_id, other=fmt.handle(other)))
    return [header, *await start_form(turn, "review", params={"order_id": order_id})]


@router.command("review")
async def review(turn: Turn) -> list[Reply]:
    order_id, rest = _split_id(turn, "review")
    return await _review(turn, order_id, rest)


@router.action("ord", "review")
async def review_button(turn: Turn, action: Action) -> list[Reply]:
    return await _review(turn, _id(action), "")
