"""Orders: creation (from an offer or an accepted proposal), funding, delivery, supervisor
sign-off, approval, revisions, cancellation, messages and the order's record."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from core.accounts import actors
from core.accounts.model import Account, AccountKind, Authorship
from core.escrow import errors as escrow_errors
from core.escrow.fees import escrow_minimum
from core.listings.model import Offer, OfferStatus
from core.moderation import safety as guard
from core.moderation.redaction import redact_secrets
from core.orders import errors as E
from core.orders import parties, workflow
from core.orders.machine import BUYER, SELLER, SUPERVISOR
from core.orders.model import (
    UNDECLARED,
    Attachment,
    Delivery,
    Dispute,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
    PaymentMode,
    Provenance,
)
from core.proofing import proofing
from core.shared import events as ev
from core.shared import validation as v
from core.shared.characters import TextRule
from core.shared.context import Context
from core.shared.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from core.shared.events import DomainEvent
from core.shared.money import plain_amount
from core.shared.uow import UnitOfWork


@dataclass(frozen=True)
class OrderRecord:
    """Everything a party sees about an order: the card, timeline, messages, deliveries."""

    order: Order
    buyer: Account
    seller: Account
    supervisor: Account | None
    events: list[OrderEvent]
    messages: list[OrderMessage]
    deliveries: list[Delivery]
    dispute: Dispute | None
    viewer_roles: frozenset[str]
    actions: list[str]


@dataclass(frozen=True)
class SentMessage:
    message: OrderMessage
    #: What the scanner removed, so the sender can be warned.
    redacted_kinds: tuple[str, ...]


def authorship_of(actor: Account) -> Authorship:
    return Authorship.AGENT if actor.kind is AccountKind.AGENT else Authorship.HUMAN


async def choose_payment_mode(
    ctx: Context,
    seller: Account,
    wanted: PaymentMode | None,
    uow: UnitOfWork | None = None,
    *,
    price_cents: int,
) -> PaymentMode:
    if wanted is None or wanted is PaymentMode.OFF_PLATFORM:
        return PaymentMode.OFF_PLATFORM
    minimum = escrow_minimum(ctx.rules, ctx.rules.currency)
    if price_cents < minimum:
        # Checked before the order exists: the processor would refuse the card payment.
        raise ValidationFailed(
            escrow_errors.BELOW_MINIMUM,
            field="payment_mode",
            minimum=plain_amount(minimum, ctx.rules.currency),
            amount=plain_amount(price_cents, ctx.rules.currency),
        )
    if ctx.escrow is None:
        raise ValidationFailed(
            E.ESCROW_OFF,
            field="payment_mode",
            code="payment.escrow_unavailable",
        )
    if not await ctx.escrow.seller_can_receive(seller, uow):
        raise ValidationFailed(
            E.SELLER_CANNOT_RECEIVE,
            field="payment_mode",
            code="payment.seller_cannot_receive",
            seller=seller.handle,
        )
    return PaymentMode.ESCROW


async def create_order(
    ctx: Context,
    uow: UnitOfWork,
    *,
    buyer: Account,
    seller: Account,
    title: str,
    price_cents: int,
    delivery_days: int,
    revisions_included: int,
    payment_mode: PaymentMode,
    offer_id: int | None = None,
    request_id: int | None = None,
    proposal_id: int | None = None,
    requires_signoff: bool = False,
    proofers_wanted: int = 0,
    confirm_to_buyer: bool = False,
) -> Order:
    """``confirm_to_buyer``: the buyer is told too (``order.created`` names them among its
    recipients), for a front end that is not the buyer's chat, such as the Mini App."""
    now = ctx.clock.now()
    status = (
        OrderStatus.AWAITING_FUNDING
        if payment_mode is PaymentMode.ESCROW
        else OrderStatus.IN_PROGRESS
    )
    order = await uow.orders.add(
        Order(
            id=0,
            buyer_id=buyer.id,
            seller_id=seller.id,
            title=title,
            price_cents=price_cents,
            currency=ctx.rules.currency,
            payment_mode=payment_mode,
            status=status,
            revisions_included=revisions_included,
            delivery_days=delivery_days,
            due_at=now + timedelta(days=delivery_days),
            created_at=now,
            updated_at=now,
            offer_id=offer_id,
            request_id=request_id,
            proposal_id=proposal_id,
            # Only a supervised agent's work can be signed off; an agent answering for itself
            # would leave its orders waiting for nobody.
            requires_signoff=requires_signoff
            and seller.kind is AccountKind.AGENT
            and seller.supervisor_id is not None,
            proofers_wanted=proofers_wanted,
        )
    )
    await uow.orders.add_event(
        OrderEvent(
            id=0,
            order_id=order.id,
            action="create",
            from_status=None,
            to_status=status,
            actor_id=buyer.id,
            actor_role=BUYER,
            created_at=now,
        )
    )
    await workflow.sync_timers(ctx, uow, order, status, status)
    uow.publish(
        DomainEvent(
            type=ev.ORDER_CREATED,
            payload=parties.order_payload(order),
            recipients=await parties.order_recipients(
                uow, order, exclude=None if confirm_to_buyer else buyer.id
            ),
            occurred_at=now,
        )
    )
    return order


async def order_offer(
    ctx: Context,
    *,
    buyer_id: int,
    offer_id: int,
    payment_mode: PaymentMode | None = None,
    confirm_to_buyer: bool = False,
) -> Order:
    """Order an active offer at its price and terms (``confirm_to_buyer``: see
    ``create_order``).
    Raises ``PermissionDenied`` for one's own offer, ``Conflict`` for an inactive one."""
    async with ctx.uow() as uow:
        buyer = await actors.load_actor(uow, buyer_id)
        offer: Offer | None = await uow.offers.get(offer_id)
        if offer is None or offer.status is OfferStatus.HIDDEN:
            raise NotFound("offer", offer_id)
        seller = await actors.load_account(uow, offer.seller_id)
        if actors.same_party(seller, buyer):
            raise PermissionDenied(E.OWN_OFFER, code=PermissionDenied.code)
        expired = offer.expires_at is not None and offer.expires_at <= ctx.clock.now()
        # The expiry timer may not have run yet: the time decides, not the job.
        if offer.status is not OfferStatus.ACTIVE or expired:
            status = OfferStatus.EXPIRED if expired else offer.status
            raise Conflict(
                E.OFFER_NOT_ORDERABLE,
                code="offer.not_active",
                offer_id=offer.id,
                offer_status=status.value,
            )
        if seller.is_banned:
            raise Conflict(E.SELLER_UNAVAILABLE, code="offer.not_active")
        mode = await choose_payment_mode(
            ctx, seller, payment_mode, uow, price_cents=offer.price_cents
        )
        order = await create_order(
            ctx,
            uow,
            buyer=buyer,
            seller=seller,
            title=offer.title,
            price_cents=offer.price_cents,
            delivery_days=offer.delivery_days,
            revisions_included=offer.revisions_included,
            payment_mode=mode,
            offer_id=offer.id,
            requires_signoff=offer.requires_signoff,
            proofers_wanted=offer.proofers_wanted,
            confirm_to_buyer=confirm_to_buyer,
        )
        await uow.commit()
        return order


async def get_order(ctx: Context, *, order_id: int, viewer_id: int) -> OrderRecord:
    async with ctx.uow(read_only=True) as uow:
        viewer = await actors.load_account(uow, viewer_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, viewer)
        people = await uow.accounts.get_many([order.buyer_id, order.seller_id])
        seller = people[order.seller_id]
        supervisor = await uow.accounts.get(seller.supervisor_id) if seller.supervisor_id else None
        return OrderRecord(
            order=order,
            buyer=people[order.buyer_id],
            seller=seller,
            supervisor=supervisor,
            events=await uow.orders.events(order.id),
            messages=await uow.orders.messages(order.id),
            deliveries=await uow.orders.deliveries(order.id),
            dispute=await uow.disputes.open_for_order(order.id),
            viewer_roles=roles,
            actions=[] if viewer.is_banned else workflow.allowed_actions(order, roles),
        )


async def list_orders(
    ctx: Context, *, account_id: int, statuses: tuple[OrderStatus, ...] = (), limit: int = 50
) -> list[Order]:
    async with ctx.uow(read_only=True) as uow:
        await actors.load_account(uow, account_id)
        return await uow.orders.for_account(account_id, statuses=statuses, limit=limit)


async def deliver_order(
    ctx: Context,
    *,
    actor_id: int,
    order_id: int,
    note: str = "",
    url: str | None = None,
    attachment: Attachment | None = None,
    provenance: Provenance | None = None,
) -> Delivery:
    """Deliver work. An agent's delivery on an order that requires sign-off waits for its
    supervisor; otherwise the buyer is asked to approve. A delivery needs a note, URL or file.
    ``provenance`` is what the author declares (the edge bounds its lengths); an agent that
    declares nothing is recorded as ``UNDECLARED``, a human's delivery only when declared."""
    note = v.characters("note", (note or "").strip())
    if len(note) > 4000:
        raise ValidationFailed(
            E.DELIVERY_NOTE_LONG, field="note", code="validation.note", maximum=4000
        )
    if url:
        url = v.http_url("url", url)
    if not (note or url or attachment):
        raise ValidationFailed(E.DELIVERY_EMPTY, field="delivery", code="validation.delivery")
    scan = redact_secrets(note)
    note = scan.text
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        if not roles & {SELLER, SUPERVISOR}:
            raise PermissionDenied(E.SELLER_DELIVERS, code=PermissionDenied.code, order_id=order.id)
        authorship = authorship_of(actor)
        if provenance is not None:
            provenance = replace(
                provenance,
                automated=redact_secrets(
                    v.characters("automated", provenance.automated, TextRule.LINE)
                ).text,
                tools=tuple(v.characters("tools", t, TextRule.LINE) for t in provenance.tools),
            )
        elif authorship is Authorship.AGENT:
            provenance = UNDECLARED
        now = ctx.clock.now()
        action = (
            "submit_for_signoff"
            if authorship is Authorship.AGENT and order.requires_signoff
            else "deliver"
        )
        delivery = await uow.orders.add_delivery(
            Delivery(
                id=0,
                order_id=order.id,
                author_id=actor.id,
                authorship=authorship,
                note=note,
                created_at=now,
                url=url,
                attachment=attachment,
                provenance=provenance,
            )
        )
        await guard.screen(
            ctx,
            uow,
            actor_id=actor.id,
            subject=f"delivery:{delivery.id}",
            redacted=scan.found,
            texts=(note,),
        )
        await workflow.move_order(
            ctx,
            uow,
            order,
            action,
            actor_id=actor.id,
            roles=roles & {SELLER, SUPERVISOR},
            extra=_delivery_payload(delivery) | {"authorship": authorship.value},
        )
        if order.status is OrderStatus.DELIVERED:
            await _start_proofing_if_wanted(ctx, uow, order)
        await uow.commit()
        return delivery


def _delivery_payload(delivery: Delivery) -> dict[str, object]:
    """What the buyer's delivery notice needs to name the file and fetch it in one tap; the
    file's reference stays out, since the event also goes to webhooks."""
    payload: dict[str, object] = {"delivery_id": delivery.id}
    if delivery.attachment is not None:
        payload["attachment"] = delivery.attachment.name
    return payload


async def _start_proofing_if_wanted(ctx: Context, uow: UnitOfWork, order: Order) -> None:
    await proofing.start_proofing(ctx, uow, order)


async def review_agent_delivery(
    ctx: Context, *, supervisor_id: int, order_id: int, approve: bool, note: str = ""
) -> Order:
    """The supervisor signs off an agent's delivery (the buyer then sees it) or sends it back."""
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, supervisor_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        if approve:
            deliveries = await uow.orders.deliveries(order.id)
            signed = _delivery_payload(deliveries[-1]) if deliveries else {}
            if deliveries and deliveries[-1].provenance is not None:
                latest = deliveries[-1]
                assert latest.provenance is not None
                latest.provenance = replace(
                    latest.provenance, reviewed_by=actor.id, reviewed_at=ctx.clock.now()
                )
                await uow.orders.update_delivery(latest)
            await workflow.move_order(
                ctx,
                uow,
                order,
                "sign_off",
                actor_id=actor.id,
                roles=roles,
                note=note or None,
                extra=signed,
            )
            await _start_proofing_if_wanted(ctx, uow, order)
        else:
            note = v.paragraphs("note", note, min_len=3, max_len=2000)
            await workflow.move_order(
                ctx, uow, order, "send_back", actor_id=actor.id, roles=roles, note=note
            )
        await uow.commit()
        return order


async def approve_order(ctx: Context, *, buyer_id: int, order_id: int) -> Order:
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, buyer_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        await workflow.move_order(ctx, uow, order, "approve", actor_id=actor.id, roles=roles)
        await uow.commit()
        return order


async def request_revision(ctx: Context, *, buyer_id: int, order_id: int, note: str) -> Order:
    """Send the delivery back for another iteration while revisions remain; the seller gets
    the order's delivery time again."""
    note = v.paragraphs("note", note, min_len=3, max_len=2000)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, buyer_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        await workflow.move_order(
            ctx, uow, order, "request_revision", actor_id=actor.id, roles=roles, note=note
        )
        await uow.commit()
        return order


async def cancel_order(ctx: Context, *, actor_id: int, order_id: int, reason: str = "") -> Order:
    """Cancel: an unfunded order at once; an order in progress only by mutual agreement — the
    first party's request waits for the other's. Escrowed money goes back to the buyer."""
    reason = v.characters("reason", (reason or "").strip())
    if reason:
        reason = v.paragraphs("reason", reason, max_len=2000)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        if not roles & {BUYER, SELLER}:
            raise PermissionDenied(E.PARTIES_CANCEL, code=PermissionDenied.code)
        now = ctx.clock.now()
        if order.status is OrderStatus.AWAITING_FUNDING:
            await workflow.move_order(
                ctx,
                uow,
                order,
                "cancel_unfunded",
                actor_id=actor.id,
                roles=roles,
                note=reason or None,
            )
        elif order.status is OrderStatus.IN_PROGRESS and order.cancel_requested_by not in (
            None,
            actor.id,
        ):
            order.cancel_requested_by = None
            await workflow.move_order(
                ctx,
                uow,
                order,
                "cancel",
                actor_id=actor.id,
                roles=roles,
                note=reason or "mutual agreement",
            )
        elif order.status is OrderStatus.IN_PROGRESS:
            if order.cancel_requested_by == actor.id:
                raise Conflict(E.CANCEL_PENDING, code="order.cancel_pending")
            order.cancel_requested_by = actor.id
            order.updated_at = now
            await uow.orders.update(order)
            await uow.orders.add_event(
                OrderEvent(
                    id=0,
                    order_id=order.id,
                    action="request_cancel",
                    from_status=order.status,
                    to_status=order.status,
                    actor_id=actor.id,
                    actor_role=order.party_role(actor.id) or "",
                    created_at=now,
                    note=reason or None,
                )
            )
            uow.publish(
                DomainEvent(
                    type=ev.ORDER_CANCEL_REQUESTED,
                    payload=parties.order_payload(order) | {"actor_id": actor.id, "note": reason},
                    recipients=await parties.order_recipients(uow, order, exclude=actor.id),
                    occurred_at=now,
                )
            )
        else:
            raise InvalidTransition(order.id, order.status, "cancel")
        await uow.commit()
        return order


async def send_message(
    ctx: Context,
    *,
    actor_id: int,
    order_id: int,
    text: str = "",
    attachment: Attachment | None = None,
) -> SentMessage:
    """Relay a message to the other party, stored on the order with its authorship; secrets
    are redacted before the other party sees them."""
    text = v.characters("text", (text or "").strip())
    if not text and attachment is None:
        raise ValidationFailed(E.MESSAGE_EMPTY, field="text", code="validation.text")
    if len(text) > 4000:
        raise ValidationFailed(E.MESSAGE_LONG, field="text", code="validation.text", maximum=4000)
    scan = redact_secrets(text)
    async with ctx.uow() as uow:
        actor = await actors.load_actor(uow, actor_id)
        order = await parties.load_order(uow, order_id)
        roles = await parties.require_party(uow, order, actor)
        if not roles & {BUYER, SELLER, SUPERVISOR}:
            raise PermissionDenied(E.PARTIES_MESSAGE, code=PermissionDenied.code, order_id=order.id)
        if order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
            raise Conflict(
                E.MESSAGES_CLOSED,
                code="order.closed",
                order_id=order.id,
                order_status=order.status.value,
            )
        await guard.check_rate(ctx, uow, actor_id=actor.id, action=guard.MESSAGE)
        now = ctx.clock.now()
        message = await uow.orders.add_message(
            OrderMessage(
                id=0,
                order_id=order.id,
                author_id=actor.id,
                authorship=authorship_of(actor),
                text=scan.text,
                created_at=now,
                attachment=attachment,
                redacted=scan.redacted,
            )
        )
        # The sender is warned in the reply (SentMessage.redacted_kinds), not by a notice.
        await guard.screen(
            ctx,
            uow,
            actor_id=actor.id,
            subject=f"message:{message.id}",
            redacted=scan.found,
            texts=(scan.text,),
            warn=False,
        )
        uow.publish(
            DomainEvent(
                type=ev.MESSAGE_RECEIVED,
                payload={
                    "order_id": order.id,
                    "message_id": message.id,
                    "author_id": actor.id,
                    "authorship": message.authorship.value,
                    "text": message.text,
                    "attachment": attachment.name if attachment else None,
                    "attachment_ref": attachment.ref if attachment else None,
                },
                recipients=await parties.order_recipients(uow, order, exclude=actor.id),
                occurred_at=now,
            )
        )
        await uow.commit()
        return SentMessage(message, scan.found)
