"""Escrow and Connect payouts on Stripe: the adapter behind
``core.escrow.ports.PaymentProcessor`` (stripe-python's async ``StripeClient``) and the
translation of Stripe's webhook events into escrow's notices (``events``)."""

from payments.stripe.events import notice_of
from payments.stripe.gateway import StripeGateway

__all__ = ["StripeGateway", "notice_of"]
