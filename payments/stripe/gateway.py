"""The Stripe adapter: Connect Express accounts and Account Links, Checkout Sessions, Transfers
with ``source_transaction``, transfer reversals, refunds, per-order totals and webhook
verification.

Every call goes through the SDK's async methods on an httpx client, so the event loop never
blocks. Calls that move money carry the idempotency key the core chose (``release:<order>``,
``refund:<order>``...), so Stripe applies a repeated call once. ``api_base`` points the SDK at
a local fake server in tests (``BOTGIG_STRIPE_API_BASE``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import stripe

from core.accounts.model import Account
from core.escrow import payouts
from core.escrow.errors import GatewayError, InvalidSignature
from core.escrow.model import (
    CheckoutLink,
    CheckoutPurpose,
    CheckoutRequest,
    PayoutCapability,
    ProcessingFee,
    ProcessorTotals,
)
from core.shared.uow import UnitOfWork
from payments.stripe.events import Event, id_of, payout_capability, transfer_group

log = logging.getLogger(__name__)

#: Seconds a webhook's signed timestamp may lag: an older (replayed) delivery is refused.
WEBHOOK_TOLERANCE = 300
#: Stripe's dispute statuses before the bank's decision (inquiries included).
_OPEN_DISPUTES = frozenset(
    {"needs_response", "under_review", "warning_needs_response", "warning_under_review"}
)
_RETRYABLE_CODES = frozenset({"balance_insufficient", "rate_limit", "lock_timeout"})


def _error(exc: stripe.StripeError) -> GatewayError:
    code = getattr(exc, "code", None)
    retryable = isinstance(
        exc, (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError)
    ) or code in _RETRYABLE_CODES
    message = getattr(exc, "user_message", None) or str(exc) or type(exc).__name__
    return GatewayError(
        f"Stripe: {message}",
        code=f"stripe.{code}" if code else None,
        retryable=retryable,
        declined=isinstance(exc, stripe.CardError),
    )


def _as_dict(obj: Any) -> dict[str, Any]:
    if hasattr(obj, "to_dict"):
        result: dict[str, Any] = obj.to_dict()
        return result
    return dict(obj)


class StripeGateway:
    """``core.escrow.ports.PaymentProcessor`` on Stripe: payout accounts are Connect Express
    accounts, payouts are Transfers with the order's ``transfer_group`` and
    ``source_transaction``. ``public_url`` is where Checkout and onboarding return."""

    def __init__(
        self,
        *,
        secret_key: str,
        webhook_secret: str,
        public_url: str,
        api_base: str | None = None,
        max_network_retries: int = 2,
        timeout: float = 30.0,
    ) -> None:
        self._http = stripe.HTTPXClient(timeout=timeout)
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_network_retries,
            http_client=self._http,
        )
        self._webhook_secret = webhook_secret
        self._secret_key = secret_key
        self._public_url = public_url.rstrip("/")

    async def aclose(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]

    # -- PaymentProcessor ------------------------------------------------------------------------

    async def seller_can_receive(self, seller: Account, uow: UnitOfWork | None = None) -> bool:
        # The status kept fresh by account.updated, not a call to Stripe: this runs inside
        # the caller's transaction.
        return await payouts.seller_can_receive(uow, seller)

    # -- Connect -------------------------------------------------------------------------------

    async def open_payout_account(
        self, *, account_id: int, email: str | None, idempotency_key: str
    ) -> PayoutCapability:
        params: dict[str, Any] = {
            "type": "express",
            "capabilities": {"transfers": {"requested": True}},
            "metadata": {"botgig_account_id": str(account_id)},
        }
        if email:
            params["email"] = email
        try:
            account = await self._client.v1.accounts.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return payout_capability(_as_dict(account))

    async def payout_setup_link(self, *, processor_account_id: str) -> str:
        try:
            link = await self._client.v1.account_links.create_async(
                {
                    "account": processor_account_id,
                    "refresh_url": f"{self._public_url}/payouts/refresh",
                    "return_url": f"{self._public_url}/payouts/done",
                    "type": "account_onboarding",
                }
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(link.url)

    # -- funding -------------------------------------------------------------------------------

    async def create_checkout(self, request: CheckoutRequest) -> CheckoutLink:
        metadata = {"purpose": request.purpose.value, "account_id": str(request.account_id)}
        intent: dict[str, Any] = {"description": request.title}
        if request.order_id is not None:
            metadata["order_id"] = str(request.order_id)
        if request.purpose is CheckoutPurpose.ORDER and request.order_id is not None:
            intent["transfer_group"] = transfer_group(request.order_id)
        intent["metadata"] = metadata
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": request.currency,
                        "unit_amount": request.amount_cents,
                        "product_data": {
                            "name": request.title,
                            "description": request.description,
                        },
                    },
                }
            ],
            "payment_intent_data": intent,
            "metadata": metadata,
            "client_reference_id": str(request.account_id),
            "success_url": f"{self._public_url}/payments/done?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": f"{self._public_url}/payments/cancelled",
        }
        if request.email:
            params["customer_email"] = request.email
        try:
            session = await self._client.v1.checkout.sessions.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": request.idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        data = _as_dict(session)
        expires = data.get("expires_at")
        return CheckoutLink(
            id=str(data["id"]),
            url=str(data.get("url") or ""),
            expires_at=datetime.fromtimestamp(int(expires), UTC)
            if expires
            else datetime.now(UTC),
            payment_ref=id_of(data.get("payment_intent")),
        )

    async def _charge_of(self, payment: str) -> str | None:
        """The Charge a Transfer's ``source_transaction`` names: the payment's latest one
        (a PaymentIntent), or the payment itself when it is a Charge already."""
        if not payment.startswith("pi_"):
            return payment
        try:
            intent = await self._client.v1.payment_intents.retrieve_async(payment)
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return id_of(_as_dict(intent).get("latest_charge"))

    async def processing_fee(self, *, payment_ref: str) -> ProcessingFee:
        """Stripe's fee on the payment: its charge's balance transaction (``fee`` and
        ``fee_details``), read in one call by expanding it."""
        try:
            if payment_ref.startswith("pi_"):
                intent = _as_dict(
                    await self._client.v1.payment_intents.retrieve_async(
                        payment_ref, {"expand": ["latest_charge.balance_transaction"]}
                    )
                )
                charge = intent.get("latest_charge")
            else:
                charge = _as_dict(
                    await self._client.v1.charges.retrieve_async(
                        payment_ref, {"expand": ["balance_transaction"]}
                    )
                )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        balance = charge.get("balance_transaction") if isinstance(charge, dict) else None
        if not isinstance(balance, dict):
            # Not settled yet (an asynchronous payment method): asked again later.
            raise GatewayError(
                f"Stripe: the payment {payment_ref} has no balance transaction yet",
                retryable=True,
            )
        details = tuple(
            (str(d.get("type") or "fee"), int(d.get("amount") or 0))
            for d in balance.get("fee_details") or ()
        )
        return ProcessingFee(
            amount_cents=int(balance.get("fee") or 0),
            currency=str(balance.get("currency") or ""),
            ref=str(balance.get("id") or ""),
            details=details,
        )

    # -- money out -----------------------------------------------------------------------------

    async def pay_out(
        self,
        *,
        order_id: int,
        amount_cents: int,
        currency: str,
        processor_account_id: str,
        from_payment: str | None,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        params: dict[str, Any] = {
            "amount": amount_cents,
            "currency": currency,
            "destination": processor_account_id,
            "transfer_group": transfer_group(order_id),
            "metadata": metadata,
        }
        source = await self._charge_of(from_payment) if from_payment else None
        if source:
            # The transfer waits for the charge's funds instead of failing on an empty
            # available balance.
            params["source_transaction"] = source
        try:
            transfer = await self._client.v1.transfers.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(transfer.id)

    async def reverse_payout(
        self, *, payout_ref: str, amount_cents: int, idempotency_key: str
    ) -> str:
        try:
            reversal = await self._client.v1.transfers.reversals.create_async(
                payout_ref,
                {"amount": amount_cents},
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(reversal.id)

    async def refund(
        self,
        *,
        payment_ref: str,
        amount_cents: int,
        idempotency_key: str,
        metadata: dict[str, str],
    ) -> str:
        try:
            refund = await self._client.v1.refunds.create_async(
                {"payment_intent": payment_ref, "amount": amount_cents, "metadata": metadata},
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return str(refund.id)

    # -- reconciliation ------------------------------------------------------------------------

    async def order_totals(self, order_id: int) -> ProcessorTotals:
        group = transfer_group(order_id)
        charged = refunded = transferred = reversed_ = disputed_open = disputed_lost = 0
        fees = 0
        try:
            charges = await self._client.v1.charges.list_async(
                {"transfer_group": group, "limit": 100,
                 "expand": ["data.balance_transaction"]}
            )
            charge_ids: list[str] = []
            async for charge in charges.auto_paging_iter():
                data = _as_dict(charge)
                if data.get("status") == "succeeded" and data.get("captured", True):
                    charged += int(data.get("amount_captured") or data.get("amount") or 0)
                    refunded += int(data.get("amount_refunded") or 0)
                    charge_ids.append(str(data["id"]))
                    balance = data.get("balance_transaction")
                    if isinstance(balance, dict):
                        fees += int(balance.get("fee") or 0)
            for charge_id in charge_ids:
                disputes = await self._client.v1.disputes.list_async(
                    {"charge": charge_id, "limit": 100}
                )
                async for dispute in disputes.auto_paging_iter():
                    data = _as_dict(dispute)
                    status = str(data.get("status") or "")
                    if status == "lost":
                        disputed_lost += int(data.get("amount") or 0)
                    elif status in _OPEN_DISPUTES:
                        disputed_open += int(data.get("amount") or 0)
            transfers = await self._client.v1.transfers.list_async(
                {"transfer_group": group, "limit": 100}
            )
            async for transfer in transfers.auto_paging_iter():
                data = _as_dict(transfer)
                transferred += int(data.get("amount") or 0)
                reversed_ += int(data.get("amount_reversed") or 0)
        except stripe.StripeError as exc:
            raise _error(exc) from exc
        return ProcessorTotals(
            charged, refunded, transferred, reversed_, disputed_open, disputed_lost, fees
        )

    # -- webhooks ------------------------------------------------------------------------------

    def verify_event(self, payload: bytes, signature: str | None) -> Event:
        """Check a webhook's signature (with a replay tolerance) and parse it; raises
        ``InvalidSignature``. ``payments.stripe.events.notice_of`` translates the event."""
        if not signature:
            raise InvalidSignature("the Stripe-Signature header is missing")
        try:
            event = stripe.Webhook.construct_event(
                payload,
                signature,
                self._webhook_secret,
                tolerance=WEBHOOK_TOLERANCE,
                api_key=self._secret_key,
            )
        except stripe.SignatureVerificationError as exc:
            raise InvalidSignature(f"the Stripe signature does not verify: {exc}") from exc
        except ValueError as exc:
            raise InvalidSignature("the webhook body is not a Stripe event") from exc
        return _as_dict(event)
