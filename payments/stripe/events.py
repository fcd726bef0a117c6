"""Stripe's webhook events translated into escrow's notices (``core.escrow.notices``): every
reading of Stripe's objects and event names lives here. An event escrow has no use for
translates to None."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from core.escrow.model import TRANSFERS_INACTIVE, CheckoutPurpose, PayoutCapability
from core.escrow.notices import (
    Chargeback,
    ChargebackClosed,
    ChargebackFunds,
    CheckoutExpired,
    FundsReceived,
    Notice,
    PaymentFailed,
    PayoutAccountChanged,
    PayoutAccountDisconnected,
    PayoutCapabilityChanged,
    PayoutReversed,
    RefundConfirmed,
    RefundFailed,
)

Event = dict[str, Any]


def transfer_group(order_id: int) -> str:
    """What ties an order's charges and transfers together at Stripe."""
    return f"order_{order_id}"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def id_of(value: Any) -> str | None:
    """An expandable field: an id, an expanded object, or nothing."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    return None


def _metadata(obj: dict[str, Any]) -> dict[str, Any]:
    meta = obj.get("metadata")
    return meta if isinstance(meta, dict) else {}


def _object(event: Event) -> dict[str, Any]:
    obj = event.get("data", {}).get("object", {})
    return obj if isinstance(obj, dict) else {}


def _refs(obj: dict[str, Any]) -> tuple[str, ...]:
    """The references a payment may be known by in BotGig: its PaymentIntent, its Charge."""
    found = (id_of(obj.get(key)) for key in ("payment_intent", "charge", "id"))
    return tuple(ref for ref in found if ref is not None)


def _funds(
    event: Event,
    obj: dict[str, Any],
    *,
    amount: int | None,
    payment_ref: str | None,
    charge_ref: str | None = None,
    checkout_id: str | None = None,
) -> FundsReceived | None:
    meta = _metadata(obj)
    try:
        purpose = CheckoutPurpose(str(meta.get("purpose")))
    except ValueError:
        purpose = None
    if payment_ref is None or purpose is None:
        return None
    return FundsReceived(
        event_id=str(event["id"]),
        purpose=purpose,
        account_id=_int(meta.get("account_id")),
        order_id=_int(meta.get("order_id")),
        amount_cents=amount or 0,
        currency=str(obj.get("currency") or ""),
        payment_ref=payment_ref,
        charge_ref=charge_ref,
        checkout_id=checkout_id,
    )


def _checkout_completed(event: Event, obj: dict[str, Any]) -> Notice | None:
    if obj.get("payment_status") not in ("paid", "no_payment_required"):
        return None
    return _funds(
        event,
        obj,
        amount=_int(obj.get("amount_total")),
        payment_ref=id_of(obj.get("payment_intent")),
        checkout_id=str(obj.get("id")),
    )


def _checkout_expired(event: Event, obj: dict[str, Any]) -> Notice | None:
    return CheckoutExpired(str(event["id"]), str(obj.get("id")))


def _intent_succeeded(event: Event, obj: dict[str, Any]) -> Notice | None:
    return _funds(
        event,
        obj,
        amount=_int(obj.get("amount_received")) or _int(obj.get("amount")),
        payment_ref=id_of(obj.get("id")),
        charge_ref=id_of(obj.get("latest_charge")),
    )


def _intent_failed(event: Event, obj: dict[str, Any]) -> Notice | None:
    order_id = _int(_metadata(obj).get("order_id"))
    if order_id is None:
        return None
    error = obj.get("last_payment_error")
    reason = error.get("message") if isinstance(error, dict) else None
    return PaymentFailed(str(event["id"]), order_id, str(reason) if reason else None)


def payout_capability(obj: dict[str, Any]) -> PayoutCapability:
    """A Connect account as escrow sees it; the outstanding requirements are Stripe's
    ``past_due`` and ``currently_due``."""
    req = obj.get("requirements")
    req = req if isinstance(req, dict) else {}
    items: list[str] = []
    for key in ("past_due", "currently_due"):
        value = req.get(key)
        if isinstance(value, list):
            items += [str(x) for x in value]
    disabled = req.get("disabled_reason")
    capabilities = obj.get("capabilities")
    transfers = capabilities.get("transfers") if isinstance(capabilities, dict) else None
    if not disabled and transfers is not None and transfers != "active":
        # Payouts are Transfers: without the capability every one fails.
        disabled = TRANSFERS_INACTIVE
    return PayoutCapability(
        id=str(obj.get("id")),
        charges_enabled=bool(obj.get("charges_enabled")),
        payouts_enabled=bool(obj.get("payouts_enabled")),
        details_submitted=bool(obj.get("details_submitted")),
        requirements=tuple(dict.fromkeys(items)),
        disabled_reason=str(disabled) if disabled else None,
    )


def _checkout_payment_failed(event: Event, obj: dict[str, Any]) -> Notice | None:
    order_id = _int(_metadata(obj).get("order_id"))
    if order_id is None:
        return None
    return PaymentFailed(
        str(event["id"]),
        order_id,
        "the delayed payment (bank debit or transfer) did not go through",
        checkout_id=str(obj.get("id")),
    )


def _refund_updated(event: Event, obj: dict[str, Any]) -> Notice | None:
    if obj.get("status") != "failed":
        return None
    reason = obj.get("failure_reason")
    return RefundFailed(
        event_id=str(event["id"]),
        refund_ref=str(obj.get("id")),
        payment_refs=tuple(
            r for r in (id_of(obj.get("payment_intent")), id_of(obj.get("charge"))) if r
        ),
        amount_cents=_int(obj.get("amount")) or 0,
        reason=str(reason).replace("_", " ") if reason else None,
    )


def _deauthorized(event: Event, obj: dict[str, Any]) -> Notice | None:
    account = event.get("account")
    if not isinstance(account, str) or not account:
        return None
    return PayoutAccountDisconnected(str(event["id"]), account)


def _capability_updated(event: Event, obj: dict[str, Any]) -> Notice | None:
    account = id_of(obj.get("account")) or event.get("account")
    if obj.get("id") != "transfers" or not isinstance(account, str):
        return None
    status = str(obj.get("status") or "inactive")
    return PayoutCapabilityChanged(
        str(event["id"]),
        account,
        active=status == "active",
        status=status,
        changed_at=datetime.fromtimestamp(int(event.get("created") or 0), UTC),
    )


def _account_updated(event: Event, obj: dict[str, Any]) -> Notice | None:
    changed_at = datetime.fromtimestamp(int(event.get("created") or 0), UTC)
    return PayoutAccountChanged(str(event["id"]), payout_capability(obj), changed_at)


def _charge_refunded(event: Event, obj: dict[str, Any]) -> Notice | None:
    return RefundConfirmed(str(event["id"]), _refs(obj), _int(obj.get("amount_refunded")) or 0)


def _transfer_reversed(event: Event, obj: dict[str, Any]) -> Notice | None:
    group = str(obj.get("transfer_group") or "")
    order_id = _int(group.removeprefix("order_")) if group.startswith("order_") else None
    if order_id is None:
        order_id = _int(_metadata(obj).get("order_id"))
    if order_id is None:
        return None
    return PayoutReversed(str(event["id"]), order_id, _int(obj.get("amount_reversed")) or 0)


def _dispute_created(event: Event, obj: dict[str, Any]) -> Notice | None:
    return Chargeback(
        event_id=str(event["id"]),
        chargeback_ref=str(obj.get("id")),
        payment_refs=_refs(obj),
        amount_cents=_int(obj.get("amount")) or 0,
        reason=str(obj["reason"]) if obj.get("reason") else None,
    )


def _dispute_closed(event: Event, obj: dict[str, Any]) -> Notice | None:
    status = str(obj.get("status") or "")
    if status not in ("won", "lost", "warning_closed"):
        return None
    return ChargebackClosed(
        event_id=str(event["id"]),
        chargeback_ref=str(obj.get("id")),
        payment_refs=_refs(obj),
        amount_cents=_int(obj.get("amount")) or 0,
        # An inquiry closed without a chargeback ("warning_closed") took no money.
        won=status != "lost",
        status=status,
    )


def _dispute_funds(withdrawn: bool) -> Callable[[Event, dict[str, Any]], Notice | None]:
    def translate(event: Event, obj: dict[str, Any]) -> Notice | None:
        return ChargebackFunds(
            event_id=str(event["id"]),
            chargeback_ref=str(obj.get("id")),
            payment_refs=_refs(obj),
            amount_cents=_int(obj.get("amount")) or 0,
            withdrawn=withdrawn,
        )

    return translate


_TRANSLATORS: dict[str, Callable[[Event, dict[str, Any]], Notice | None]] = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "checkout.session.async_payment_failed": _checkout_payment_failed,
    "charge.refund.updated": _refund_updated,
    "refund.updated": _refund_updated,
    "refund.failed": _refund_updated,
    "account.application.deauthorized": _deauthorized,
    "capability.updated": _capability_updated,
    "payment_intent.succeeded": _intent_succeeded,
    "payment_intent.payment_failed": _intent_failed,
    "account.updated": _account_updated,
    "charge.refunded": _charge_refunded,
    "transfer.reversed": _transfer_reversed,
    "charge.dispute.created": _dispute_created,
    "charge.dispute.closed": _dispute_closed,
    "charge.dispute.funds_withdrawn": _dispute_funds(True),
    "charge.dispute.funds_reinstated": _dispute_funds(False),
}


def notice_of(event: Event) -> Notice | None:
    """The notice a verified Stripe event carries for escrow, or None."""
    translate = _TRANSLATORS.get(str(event.get("type")))
    return translate(event, _object(event)) if translate else None
