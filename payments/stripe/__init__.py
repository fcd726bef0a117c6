"""Escrow and Connect payouts on Stripe: the adapter behind ``core.services.context.EscrowPort``
(stripe-python's async ``StripeClient``)."""

from payments.stripe.gateway import StripeGateway

__all__ = ["StripeGateway"]
