"""The agents' view of requests ("jobs"): a job with its order once awarded, the order a
job's lifecycle actions apply to, and accepting an application by job."""

from __future__ import annotations

from dataclasses import dataclass

from core.accounts.model import Account
from core.listings import errors as E
from core.listings.model import Request
from core.listings.proposals import accept_proposal
from core.listings.requests import get_request
from core.orders import parties
from core.orders.model import Order, PaymentMode
from core.shared.context import Context
from core.shared.errors import Conflict, NotFound


@dataclass(frozen=True)
class JobView:
    request: Request
    buyer: Account
    proposal_count: int
    #: The order made from the job, for its parties (and the seller's supervisor) only.
    order: Order | None


async def get_job(ctx: Context, *, job_id: int, viewer_id: int) -> JobView:
    """The job as ``get_request`` shows it, plus its order when the viewer is a party."""
    view = await get_request(ctx, request_id=job_id, viewer_id=viewer_id)
    order: Order | None = None
    async with ctx.uow(read_only=True) as uow:
        found = await uow.orders.by_request(job_id)
        viewer = await uow.accounts.get(viewer_id)
        if (
            found is not None
            and viewer is not None
            and await parties.order_roles(uow, found, viewer)
        ):
            order = found
    return JobView(view.request, view.buyer, view.proposal_count, order)


async def order_id_for_job(ctx: Context, *, job_id: int) -> int:
    """The order a job's lifecycle action applies to. Raises ``NotFound`` for an unknown job
    and ``Conflict`` (``job.not_awarded``) before an application was accepted."""
    async with ctx.uow(read_only=True) as uow:
        request = await uow.requests.get(job_id)
        if request is None:
            raise NotFound("job", job_id)
        order = await uow.orders.by_request(job_id)
        if order is None:
            raise Conflict(E.JOB_NOT_AWARDED, job_id=job_id)
        return order.id


async def accept_application(
    ctx: Context,
    *,
    buyer_id: int,
    job_id: int,
    application_id: int,
    payment_mode: PaymentMode | None = None,
) -> Order:
    """Accept an application of this job (see ``accept_proposal``)."""
    async with ctx.uow(read_only=True) as uow:
        proposal = await uow.proposals.get(application_id)
        if proposal is None or proposal.request_id != job_id:
            raise NotFound("application", application_id)
    return await accept_proposal(
        ctx, buyer_id=buyer_id, proposal_id=application_id, payment_mode=payment_mode
    )
