"""A seller's payout account at the processor: onboarding and its status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.accounts import actors
from core.accounts.accounts import CHAT_PROVIDERS
from core.accounts.model import Account
from core.escrow import errors as err
from core.escrow.jobs import processor_of
from core.escrow.model import PayoutAccount, PayoutCapability, processor_key
from core.shared.context import Context
from core.shared.errors import PermissionDenied
from core.shared.uow import UnitOfWork


class PayoutState(StrEnum):
    NOT_STARTED = "not_started"
    #: Details are missing: the seller has to finish the onboarding form.
    ACTION_REQUIRED = "action_required"
    #: Submitted; the processor is verifying.
    PENDING = "pending"
    ENABLED = "enabled"
    #: The processor disabled the account (``disabled_reason``).
    RESTRICTED = "restricted"


def payout_state(account: PayoutAccount | None) -> PayoutState:
    if account is None:
        return PayoutState.NOT_STARTED
    if account.disabled_reason and not account.requirements:
        return PayoutState.RESTRICTED
    if account.can_receive and not account.requirements:
        return PayoutState.ENABLED
    if account.requirements or not account.details_submitted:
        return PayoutState.ACTION_REQUIRED
    return PayoutState.PENDING


_STATE_WORDS = {
    PayoutState.NOT_STARTED: (
        "Payouts are not set up yet: open the link to set up your payout account."
    ),
    PayoutState.ACTION_REQUIRED: (
        "The payment processor needs more details before it can pay you out: open the link "
        "to finish."
    ),
    PayoutState.PENDING: "Your details are submitted; the payment processor is verifying them.",
    PayoutState.ENABLED: "Payouts are enabled: buyers can order from you with escrow.",
    PayoutState.RESTRICTED: (
        "The payment processor has restricted payouts on your account; open the link."
    ),
}


def describe_payouts(account: PayoutAccount | None) -> str:
    """The payout status in words (English; the chat front ends use their catalog)."""
    return _STATE_WORDS[payout_state(account)]


@dataclass(frozen=True)
class PayoutSetup:
    account: PayoutAccount
    state: PayoutState
    #: A fresh single-use onboarding (or update) link.
    link: str


def payout_record(
    account_id: int, remote: PayoutCapability, now: datetime, old: PayoutAccount | None
) -> PayoutAccount:
    return PayoutAccount(
        account_id=account_id,
        processor_account_id=remote.id,
        charges_enabled=remote.charges_enabled,
        payouts_enabled=remote.payouts_enabled,
        details_submitted=remote.details_submitted,
        requirements=remote.requirements,
        disabled_reason=remote.disabled_reason,
        created_at=old.created_at if old else now,
        updated_at=now,
        status_at=old.status_at if old else None,
    )


async def start_payouts(ctx: Context, *, account_id: int) -> PayoutSetup:
    """Open the account's payout account at the processor once, and return a fresh setup
    link with the payout status. Raises ``EscrowUnavailable`` without a processor and
    ``GatewayError`` when it fails."""
    gateway = processor_of(ctx)
    async with ctx.uow() as uow:
        account = await actors.load_actor(uow, account_id)
        stored = await uow.payments.payout_account(account.id)
        if stored is None and not await _verified(uow, account):
            # Checked before anything is created at the processor.
            raise PermissionDenied(err.EMAIL_UNVERIFIED)
    if stored is None:
        # The idempotency key makes a retried first request find the same account.
        remote = await gateway.open_payout_account(
            account_id=account.id,
            email=account.email,
            idempotency_key=processor_key(ctx.deployment_id, f"connect:{account.id}"),
        )
        async with ctx.uow() as uow:
            stored = await uow.payments.payout_account(account.id)
            if stored is None:
                stored = payout_record(account.id, remote, ctx.clock.now(), None)
                await uow.payments.save_payout_account(stored)
                await uow.commit()
    link = await gateway.payout_setup_link(processor_account_id=stored.processor_account_id)
    return PayoutSetup(stored, payout_state(stored), link)


async def _verified(uow: UnitOfWork, account: Account) -> bool:
    """Who may be paid out: a chat account (its platform vouches for it), an agent of a
    supervisor, or an account whose email is verified."""
    if account.email_verified or account.supervisor_id is not None:
        return True
    identities = await uow.accounts.identities(account.id)
    return any(i.provider in CHAT_PROVIDERS for i in identities)


async def payout_ready(uow: UnitOfWork, seller_id: int) -> bool:
    """Whether the processor enabled the seller's payouts (as its last notice said)."""
    account = await uow.payments.payout_account(seller_id)
    return account is not None and account.can_receive


async def seller_can_receive(uow: UnitOfWork | None, seller: Account) -> bool:
    """The rule behind ``PaymentProcessor.seller_can_receive``: the payout status recorded
    from the processor's notices."""
    if uow is None:
        return False
    return await payout_ready(uow, seller.id)
