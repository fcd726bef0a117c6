"""The ``AccountEraser`` port in memory, over the state of tests/fakes.py: what the SQL
eraser (storage/erasure.py) deletes and scrubs, on the fakes' dicts and lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from core.shared.ledger import TxType
from tests.fakes_access import AccessState

ERASED = "[deleted]"


def _scrub(text: str, personal: Sequence[str]) -> str:
    for word in sorted(personal, key=len, reverse=True):
        text = text.replace(word, ERASED)
    return text


class FakeEraser:
    def __init__(self, uow: Any) -> None:
        self.uow = uow

    async def erase_account(self, account_id: int, *, personal: Sequence[str]) -> None:
        s = self.uow.state
        telegram = [
            i.external_id
            for i in s.identities.values()
            if i.account_id == account_id and i.provider == "telegram"
        ]
        s.identities = {k: i for k, i in s.identities.items() if i.account_id != account_id}
        access = AccessState(s.access)
        scopes = {"key:" + k.key_hash[:40] for k in access.api_keys.values()
                  if k.account_id == account_id}
        for key_id in [k for k, v in access.api_keys.items() if v.account_id == account_id]:
            del access.api_keys[key_id]
        for scope_key in [k for k in access.idempotency if k[0] in scopes]:
            del access.idempotency[scope_key]
        endpoints = {e for e, v in access.endpoints.items() if v.account_id == account_id}
        for endpoint_id in endpoints:
            del access.endpoints[endpoint_id]
        for delivery_id in [d for d, v in access.deliveries.items() if v.endpoint_id in endpoints]:
            del access.deliveries[delivery_id]
        for token_id in [k for k, v in access.email_tokens.items() if v.account_id == account_id]:
            del access.email_tokens[token_id]
        s.link_codes = {k: c for k, c in s.link_codes.items() if c.account_id != account_id}
        s.proofing["proofers"].pop(account_id, None)
        s.payments["accounts"].pop(account_id, None)
        s.exports = {k: e for k, e in s.exports.items() if e.account_id != account_id}
        s.conversations = {
            key: state
            for key, state in s.conversations.items()
            if state.get("actor_id") != account_id
            and not any(
                key == f"telegram:{t}" or key.startswith(f"relay:telegram:{t}:") for t in telegram
            )
        }
        for charge, payment in list(s.stars_payments.items()):
            if payment.account_id == account_id:
                s.stars_payments[charge] = replace(payment, telegram_user_id=0)
        s.transactions = [
            replace(tx, memo="Username change")
            if tx.account_id == account_id and tx.type is TxType.SPEND_USERNAME
            else tx
            for tx in s.transactions
        ]
        if not personal:
            return
        s.transactions = [
            replace(tx, memo=_scrub(tx.memo, personal)) if tx.account_id == account_id else tx
            for tx in s.transactions
        ]
        s.messages = [
            replace(m, text=_scrub(m.text, personal)) if m.author_id == account_id else m
            for m in s.messages
        ]
        for review_id, review in s.reviews.items():
            if review.author_id == account_id:
                s.reviews[review_id] = replace(review, text=_scrub(review.text, personal))
        for proposal_id, proposal in s.proposals.items():
            if proposal.seller_id == account_id:
                s.proposals[proposal_id] = replace(
                    proposal, message=_scrub(proposal.message, personal)
                )
