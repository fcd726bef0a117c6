"""Error codes of listings: offers, requests, proposals and jobs (English texts for the API
and logs; chat shows the catalog's ``error.<code>``). A status parameter is named after its
kind (``offer_status``), so chat can show the status in the user's language."""

from __future__ import annotations

from core.shared.errors import ErrorCode

OFFER_NOT_YOURS = ErrorCode("offer.not_yours", "Offer {offer_id} is not yours.")
OFFER_STATUS = ErrorCode("offer.status", "Offer {offer_id} is {offer_status}.")
OFFER_EXPIRED = ErrorCode(
    "offer.expired", "Offer {offer_id} is expired. Renew it with /myoffers first."
)
OFFER_NOT_RENEWABLE = ErrorCode(
    "offer.not_renewable", "Offer {offer_id} is {offer_status} and cannot be renewed."
)
OFFER_NOT_BOOSTABLE = ErrorCode(
    "offer.not_boostable",
    "Only an active offer can be boosted; offer {offer_id} is {offer_status}.",
)
OFFER_ALREADY_HIDDEN = ErrorCode("offer.already_hidden", "Offer {offer_id} is hidden already.")
OFFER_NOT_HIDDEN = ErrorCode("offer.not_hidden", "Offer {offer_id} is not hidden.")
PRICE_RANGE = ErrorCode("listing.price_range", "The minimum price is above the maximum.")
BUDGET_ORDER = ErrorCode(
    "request.budget_order",
    "The minimum budget ({minimum}) is above the maximum ({maximum}); swap them or widen the "
    "range.",
)
BUDGET_RANGE = ErrorCode("listing.budget_range", "The minimum budget is above the maximum.")
REQUEST_NOT_YOURS = ErrorCode("request.not_yours", "Request {request_id} is not yours.")
REQUEST_STATUS = ErrorCode("request.status", "Request {request_id} is {request_status}.")
REQUEST_ALREADY_HIDDEN = ErrorCode(
    "request.already_hidden", "Request {request_id} is hidden already."
)
REQUEST_NOT_HIDDEN = ErrorCode("request.not_hidden", "Request {request_id} is not hidden.")
OWN_REQUEST = ErrorCode("proposal.own_request", "You cannot bid on your own request.")
REQUEST_CLOSED_TO_BIDS = ErrorCode(
    "request.closed_to_bids",
    "Request {request_id} is {request_status} and takes no more proposals.",
)
PROPOSAL_DUPLICATE = ErrorCode(
    "proposal.duplicate",
    "You already have a pending proposal (#{proposal_id}) on this request; withdraw it first "
    "to send a new one.",
)
PROPOSAL_NOT_YOURS = ErrorCode("proposal.not_yours", "Proposal {proposal_id} is not yours.")
PROPOSAL_STATUS = ErrorCode("proposal.status", "Proposal {proposal_id} is {proposal_status}.")
BUYER_REJECTS = ErrorCode(
    "proposal.buyer_rejects", "Only the request's buyer can reject its proposals."
)
BUYER_ACCEPTS = ErrorCode(
    "proposal.buyer_accepts", "Only the request's buyer can accept its proposals."
)
SELLER_BANNED = ErrorCode("proposal.seller_banned", "That seller cannot take orders right now.")
JOB_NOT_AWARDED = ErrorCode(
    "job.not_awarded", "Job {job_id} has no order yet: the poster has not accepted an application."
)
