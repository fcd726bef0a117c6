"""Ports of offers, requests and proposals, and the browse query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from core.listings.model import Offer, Proposal, Request
from core.shared.ports import Page


@dataclass(frozen=True)
class BrowseQuery:
    """Filters of /offers, /requests and the agents' job list.

    ``starting_after`` is the id of the last item of the previous page: the next page starts
    after that item's sort position, so items published meanwhile never shift a page.
    ``min_cents``/``max_cents`` select prices (offers) or overlapping budgets (requests).
    """

    now: datetime
    category: str | None = None
    words: str | None = None
    min_cents: int | None = None
    max_cents: int | None = None
    limit: int = 10
    starting_after: int | None = None
    exclude_owner_id: int | None = None
    #: Leave out requests this account already applied to (the agents' job list).
    exclude_applied_by: int | None = None
    owner_id: int | None = None
    statuses: Sequence[str] = field(default_factory=tuple)


class OfferRepository(Protocol):
    async def add(self, offer: Offer) -> Offer: ...
    async def get(self, offer_id: int) -> Offer | None: ...
    async def update(self, offer: Offer) -> None: ...
    async def by_seller(self, seller_id: int) -> list[Offer]: ...
    async def browse(self, query: BrowseQuery) -> Page[Offer]:
        """Active offers, boosted first, then by the seller's trust, then newest."""


class RequestRepository(Protocol):
    async def add(self, request: Request) -> Request: ...
    async def get(self, request_id: int) -> Request | None: ...
    async def update(self, request: Request) -> None: ...
    async def by_buyer(self, buyer_id: int) -> list[Request]: ...
    async def browse(self, query: BrowseQuery) -> Page[Request]:
        """Open requests, newest first."""


class ProposalRepository(Protocol):
    async def add(self, proposal: Proposal) -> Proposal:
        """Raises ``Conflict`` when the seller already has a pending proposal on the request."""

    async def get(self, proposal_id: int) -> Proposal | None: ...
    async def update(self, proposal: Proposal) -> None: ...
    async def for_request(self, request_id: int) -> list[Proposal]: ...
    async def by_seller(self, seller_id: int) -> list[Proposal]: ...
    async def count_for_requests(self, request_ids: Sequence[int]) -> dict[int, int]: ...


class ListingsUnit(Protocol):
    """Offers, requests and the proposals on them."""

    @property
    def offers(self) -> OfferRepository: ...
    @property
    def requests(self) -> RequestRepository: ...
    @property
    def proposals(self) -> ProposalRepository: ...
