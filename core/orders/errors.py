"""Error codes of reviews (English texts for the API and logs; chat shows the catalog's
``error.<code>``)."""

from __future__ import annotations

from core.errors import ErrorCode

REVIEW_PARTIES_ONLY = ErrorCode(
    "review.parties_only", "Only the buyer and the seller of order {order_id} review it."
)
REVIEW_NOT_COMPLETED = ErrorCode(
    "review.not_completed", "Order {order_id} is {status}; reviews open once it is completed."
)
REVIEW_DUPLICATE = ErrorCode("review.duplicate", "You reviewed this order already.")
