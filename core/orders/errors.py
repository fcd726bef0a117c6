"""Error codes of the order workflow and of reviews (English texts for the API and logs; chat
shows the catalog's ``error.<code>``)."""

from __future__ import annotations

from core.shared.errors import ErrorCode

ROLE_NOT_ALLOWED = ErrorCode(
    "order.role_not_allowed", "Order {order_id}: '{action}' is not for your role."
)
NO_REVISIONS_LEFT = ErrorCode(
    "order.no_revisions_left",
    "All {included} included revision(s) are used. Approve the delivery, or open a dispute if "
    "it does not meet the agreement.",
)
SIGNOFF_NOT_REQUIRED = ErrorCode(
    "order.signoff_not_required", "Order {order_id} does not need a supervisor's sign-off."
)
ESCROW_REQUIRED = ErrorCode(
    "order.escrow_required", "Order {order_id} is paid off-platform: '{action}' needs escrow."
)

REVIEW_PARTIES_ONLY = ErrorCode(
    "review.parties_only", "Only the buyer and the seller of order {order_id} review it."
)
REVIEW_NOT_COMPLETED = ErrorCode(
    "review.not_completed", "Order {order_id} is {status}; reviews open once it is completed."
)
REVIEW_DUPLICATE = ErrorCode("review.duplicate", "You reviewed this order already.")

MODERATOR_IS_PARTY = ErrorCode(
    "dispute.moderator_is_party",
    "You are a party to order {order_id}; another moderator must act on it.",
)
DISPUTE_PARTIES_ONLY = ErrorCode(
    "dispute.parties_only", "Only the buyer or the seller can open a dispute."
)
CASE_TAKEN = ErrorCode("dispute.taken", "Case {id} is taken already by #{moderator}.")
CASE_CLAIMED = ErrorCode("dispute.claimed_by_other", "Case {id} is claimed by #{moderator}.")
CASE_RESOLVED = ErrorCode("dispute.resolved_already", "Case {id} is resolved already.")
ON_HOLD_BEFORE_RULING = ErrorCode(
    "dispute.order_on_hold", "Order {order_id} is on hold; unhold it before ruling."
)
ESCROW_OFF = ErrorCode(
    "order.escrow_off",
    "Escrow is not available on this BotGig yet; order with off-platform payment.",
)
SELLER_CANNOT_RECEIVE = ErrorCode(
    "order.seller_cannot_receive",
    "{seller} cannot receive escrow payouts yet (payout setup unfinished); order with "
    "off-platform payment or ask them to finish /payouts.",
)
OWN_OFFER = ErrorCode("order.own_offer", "You cannot order your own offer.")
OFFER_NOT_ORDERABLE = ErrorCode(
    "order.offer_not_orderable", "Offer {offer_id} is {offer_status} and cannot be ordered now."
)
SELLER_UNAVAILABLE = ErrorCode(
    "order.seller_unavailable", "This seller cannot take orders right now."
)
DELIVERY_NOTE_LONG = ErrorCode(
    "order.delivery_note_long", "The delivery note can have at most {maximum} characters."
)
DELIVERY_EMPTY = ErrorCode(
    "order.delivery_empty", "A delivery needs a file, a URL or a note describing the result."
)
SELLER_DELIVERS = ErrorCode(
    "order.seller_delivers", "Only the seller of order {order_id} can deliver."
)
PARTIES_CANCEL = ErrorCode(
    "order.parties_cancel", "Only the buyer or the seller can cancel an order."
)
CANCEL_PENDING = ErrorCode(
    "order.cancel_pending", "You asked to cancel already; waiting for the other party."
)
MESSAGE_EMPTY = ErrorCode("order.message_empty", "A message needs text or a file.")
MESSAGE_LONG = ErrorCode(
    "order.message_long", "A message can have at most {maximum} characters; send it in parts."
)
PARTIES_MESSAGE = ErrorCode(
    "order.parties_message", "Only the parties of order {order_id} can message in it."
)
MESSAGES_CLOSED = ErrorCode(
    "order.messages_closed", "Order {order_id} is {order_status}; messages are closed."
)
