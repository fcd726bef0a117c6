"""The export archive: one zip of JSON files, one per section, with a manifest and a README.

What goes in is decided here, from ``AccountRecords``: the account's own data in full, and of
other people only what the account saw in its orders (public names, messages and deliveries
on its orders, revealed reviews about it). Secrets never appear: key and token digests,
webhook secrets, link codes and payment-processor data are not loaded or not written, and
moderators are named by their role, not their account.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, is_dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from core.accounts.export_model import AccountRecords, Archive, ExportRules
from core.accounts.model import Account
from core.accounts.ports import FileContents
from core.orders.model import Attachment, Order, Provenance
from core.shared.ledger import CREDITS, LedgerTransaction, user_account

FORMAT_VERSION = 1
BOTGIG_VERSION = "0.1.0"
API_FILE_PREFIX = "file:"

YOU = "you"
COUNTERPART = "counterpart"
MODERATOR = "moderator"
SYSTEM = "system"
SOMEONE_ELSE = "someone_else"

README = """BotGig data export
==================

This archive holds what BotGig stores about account #{account_id}, generated at
{generated_at} (UTC). Every file is JSON (UTF-8); times are ISO 8601 in UTC; money is an
integer number of cents with its currency; credits are whole numbers.

manifest.json   the account, the generation time, the BotGig version and the files with counts
profile.json    the account
identities.json linked chat identities and email; API keys by prefix (never the key itself)
offers.json     your offers
requests.json   your requests (jobs)
proposals.json  proposals you sent, and those others sent on your requests
orders.json     your orders, each with its timeline, messages, deliveries and disputes
reviews.json    reviews you gave, and revealed reviews you received
credits.json    your credit balance and ledger, deposit address, crypto deposits, Stars payments
money.json      the money ledger lines of your orders, wallet and payouts
proofing.json   your proofer record and assignments; proofing rounds on your orders
webhooks.json   your webhook endpoints (their signing secrets are not exported)
audit.json      audit-log entries about your account and what you own
files/          files uploaded through the API, up to the size limits; larger ones are listed
                in orders.json with the endpoint that downloads them

Secrets are never exported: API keys, their digests, webhook secrets, email and link codes.
Moderators appear as "moderator", not by name.
"""


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def plain(value: Any) -> Any:
    """A model value as JSON: times ISO 8601, enums by value, sets sorted."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, bytes):
        return None
    if is_dataclass(value) and not isinstance(value, type):
        return fields_of(value)
    return value


def fields_of(obj: Any, *, drop: Iterable[str] = ()) -> dict[str, Any]:
    dropped = set(drop)
    return {
        name: plain(getattr(obj, name))
        for name in obj.__dataclass_fields__
        if name not in dropped
    }


def public_person(account: Account | None, account_id: int) -> dict[str, Any]:
    """What anyone on the marketplace sees of another account: never its email, identities
    or moderation state."""
    if account is None:
        return {"id": account_id}
    return {
        "id": account.id,
        "display_name": account.display_name,
        "username": account.username,
        "kind": account.kind.value,
    }


@dataclass
class _Files:
    """Uploaded files copied into ``files/`` within the limits, the rest linked."""

    rules: ExportRules
    contents: FileContents | None
    total: int = 0
    stored: dict[str, bytes] = field(default_factory=dict)
    linked: int = 0

    def describe(self, attachment: Attachment | None, folder: str, fetch: str) -> Any:
        if attachment is None:
            return None
        info: dict[str, Any] = {
            "name": attachment.name,
            "size": attachment.size,
            "content_type": attachment.content_type,
        }
        ref = attachment.ref
        if not ref.startswith(API_FILE_PREFIX):
            # Files sent in chat stay on the platform: Discord keeps a URL, Telegram a file id.
            if ref.startswith(("https://", "http://")):
                return info | {"stored_on": "discord", "url": ref}
            return info | {"stored_on": "telegram", "file_id": ref}
        room = min(self.rules.max_file_bytes, self.rules.max_total_file_bytes - self.total)
        data = (
            self.contents.read(ref, room)
            if self.contents is not None and 0 <= attachment.size <= room
            else None
        )
        if data is None:
            self.linked += 1
            return info | {"stored_on": "botgig", "download": fetch}
        path = f"files/{folder}/{attachment.name}"
        self.stored[path] = data
        self.total += len(data)
        return info | {"stored_on": "botgig", "path": path, "download": fetch}


class _Sections:
    def __init__(self, records: AccountRecords, files: _Files) -> None:
        self.r = records
        self.me = records.account.id
        self.files = files

    def who(self, account_id: int | None, order: Order | None = None) -> str:
        if account_id is None:
            return SYSTEM
        if account_id == self.me:
            return YOU
        if order is not None and account_id in (order.buyer_id, order.seller_id):
            return COUNTERPART
        return MODERATOR

    def profile(self) -> dict[str, Any]:
        account = self.r.account
        supervisor = self.r.people.get(account.supervisor_id) if account.supervisor_id else None
        return fields_of(account) | {
            "supervisor": public_person(supervisor, account.supervisor_id)
            if account.supervisor_id
            else None
        }

    def identities(self) -> dict[str, Any]:
        return {
            "identities": [
                {"provider": i.provider, "external_id": i.external_id} for i in self.r.identities
            ],
            "email": self.r.account.email,
            "email_verified": self.r.account.email_verified,
            "api_keys": [fields_of(k, drop=("key_hash", "account_id")) for k in self.r.api_keys],
        }

    def proposals(self) -> dict[str, Any]:
        mine = {q.id for q in self.r.requests}
        sent = [fields_of(p) for p in self.r.proposals if p.seller_id == self.me]
        received = [
            fields_of(p, drop=("seller_id",))
            | {"seller": public_person(self.r.people.get(p.seller_id), p.seller_id)}
            for p in self.r.proposals
            if p.seller_id != self.me and p.request_id in mine
        ]
        return {"sent": sent, "received": received}

    def orders(self) -> list[dict[str, Any]]:
        events, messages, deliveries, disputes = (
            _by_order(self.r.order_events),
            _by_order(self.r.messages),
            _by_order(self.r.deliveries),
            _by_order(self.r.disputes),
        )
        out = []
        for order in self.r.orders:
            other = order.other_party(self.me)
            out.append(
                fields_of(order, drop=("version", "cancel_requested_by"))
                | {
                    "your_role": order.party_role(self.me),
                    "counterpart": public_person(self.r.people.get(other), other),
                    "cancel_requested_by": self.who(order.cancel_requested_by, order)
                    if order.cancel_requested_by
                    else None,
                    "timeline": [
                        fields_of(e, drop=("actor_id", "order_id"))
                        | {"actor": self.who(e.actor_id, order)}
                        for e in events.get(order.id, [])
                    ],
                    "messages": [
                        fields_of(m, drop=("attachment", "order_id"))
                        | {
                            "author": self.who(m.author_id, order),
                            "attachment": self.files.describe(
                                m.attachment,
                                f"order-{order.id}/message-{m.id}",
                                f"/api/orders/{order.id}/messages/{m.id}/file",
                            ),
                        }
                        for m in messages.get(order.id, [])
                    ],
                    "deliveries": [
                        fields_of(d, drop=("attachment", "provenance", "order_id"))
                        | {
                            "author": self.who(d.author_id, order),
                            "provenance": _provenance(d.provenance),
                            "attachment": self.files.describe(
                                d.attachment,
                                f"order-{order.id}/delivery-{d.id}",
                                f"/api/orders/{order.id}/deliveries/{d.id}/file",
                            ),
                        }
                        for d in deliveries.get(order.id, [])
                    ],
                    "disputes": [
                        fields_of(
                            d, drop=("order_id", "opened_by", "claimed_by", "resolved_by")
                        )
                        | {"opened_by": self.who(d.opened_by, order)}
                        for d in disputes.get(order.id, [])
                    ],
                }
            )
        return out

    def reviews(self) -> dict[str, Any]:
        orders = {o.id: o for o in self.r.orders}
        given = [
            fields_of(v, drop=("subject_id",))
            | {"subject": public_person(self.r.people.get(v.subject_id), v.subject_id)}
            for v in self.r.reviews
            if v.author_id == self.me
        ]
        # Double-blind: a review about the account shows only once it is revealed.
        received = [
            fields_of(v, drop=("author_id",))
            | {"author": public_person(self.r.people.get(v.author_id), v.author_id)}
            for v in self.r.reviews
            if v.subject_id == self.me and v.revealed_at is not None and v.order_id in orders
        ]
        return {"given": given, "received": received}

    def credits(self) -> dict[str, Any]:
        mine = user_account(self.me)
        return {
            "asset": CREDITS,
            "balance": self.r.credits_balance,
            "transactions": [
                {
                    "id": tx.id,
                    "type": tx.type.value,
                    "amount": tx.delta_for(mine),
                    "memo": tx.memo,
                    "reference": tx.reference,
                    "created_at": iso(tx.created_at),
                }
                for tx in self.r.credit_transactions
            ],
        }

    def top_ups(self) -> dict[str, Any]:
        address = self.r.deposit_address
        return {
            # The address only: how it is derived (the xpub, the index) stays the platform's.
            "deposit_address": {"address": address.address, "created_at": iso(address.created_at)}
            if address
            else None,
            "crypto_deposits": [fields_of(d, drop=("account_id",)) for d in self.r.deposits],
            "stars_payments": [
                fields_of(p, drop=("account_id", "refunded_by")) for p in self.r.stars_payments
            ],
        }

    def proofing(self) -> dict[str, Any]:
        proofer = self.r.proofer
        return {
            "proofer": fields_of(proofer, drop=("account_id",)) if proofer else None,
            "assignments": [
                fields_of(a, drop=("proofer_id",))
                for a in self.r.proof_assignments
                if a.proofer_id == self.me
            ],
            # On the account's own orders: the consensus only, the proofers stay anonymous.
            "rounds_on_your_orders": [fields_of(r) for r in self.r.proof_rounds],
        }

    def money(self) -> dict[str, Any]:
        return {"transactions": [_money_line(tx) for tx in self.r.money_transactions]}

    def webhooks(self) -> list[dict[str, Any]]:
        return [fields_of(w, drop=("secret", "account_id")) for w in self.r.webhooks]

    def audit(self) -> list[dict[str, Any]]:
        out = []
        for entry in self.r.audit:
            by = self.who(entry.actor_id)
            if by == MODERATOR:
                actor = self.r.people.get(entry.actor_id or 0)
                by = MODERATOR if actor is None or actor.is_moderator else SOMEONE_ELSE
            line: dict[str, Any] = {
                "id": entry.id,
                "action": entry.action,
                "subject": entry.subject,
                "created_at": iso(entry.created_at),
                "by": by,
            }
            # What another user wrote about the account (a report) stays theirs; moderators'
            # notes are the reasons the account was told, and system data is about its own.
            if by != SOMEONE_ELSE:
                line["note"] = entry.note
            if by in (YOU, SYSTEM):
                line["data"] = plain(entry.data)
            out.append(line)
        return out


def _by_order(items: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        grouped[item.order_id].append(item)
    return grouped


def _provenance(value: Provenance | None) -> dict[str, Any] | None:
    return fields_of(value) if value is not None else None


def _money_line(tx: LedgerTransaction) -> dict[str, Any]:
    return {
        "id": tx.id,
        "type": tx.type.value,
        "currency": tx.asset,
        "memo": tx.memo,
        "reference": tx.reference,
        "created_at": iso(tx.created_at),
        "entries": [{"ledger_account": e.ledger_account, "amount": e.amount} for e in tx.entries],
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False).encode()


def build_archive(
    records: AccountRecords, *, now: datetime, rules: ExportRules, files: FileContents | None
) -> Archive:
    """The zip of ``records``; pure apart from reading uploaded files through ``files``."""
    stored = _Files(rules, files)
    s = _Sections(records, stored)
    orders = s.orders()
    proposals = s.proposals()
    reviews = s.reviews()
    credits = s.credits() | s.top_ups()
    proofing = s.proofing()
    money = s.money()
    audit = s.audit()
    webhooks = s.webhooks()
    identities = s.identities()
    sections: list[tuple[str, Any, int]] = [
        ("profile.json", s.profile(), 1),
        ("identities.json", identities, len(identities["identities"])),
        ("offers.json", [fields_of(o) for o in records.offers], len(records.offers)),
        ("requests.json", [fields_of(q) for q in records.requests], len(records.requests)),
        ("proposals.json", proposals, len(proposals["sent"]) + len(proposals["received"])),
        ("orders.json", orders, len(orders)),
        ("reviews.json", reviews, len(reviews["given"]) + len(reviews["received"])),
        ("credits.json", credits, len(credits["transactions"])),
        ("money.json", money, len(money["transactions"])),
        (
            "proofing.json",
            proofing,
            len(proofing["assignments"]) + len(proofing["rounds_on_your_orders"]),
        ),
        ("webhooks.json", webhooks, len(webhooks)),
        ("audit.json", audit, len(audit)),
    ]
    account_id = records.account.id
    manifest: dict[str, Any] = {
        "format": "botgig-account-export",
        "format_version": FORMAT_VERSION,
        "botgig_version": BOTGIG_VERSION,
        "account_id": account_id,
        "generated_at": now.isoformat(),
        "files": [{"name": name, "count": count} for name, _, count in sections],
        "counts": {
            "messages": sum(len(o["messages"]) for o in orders),
            "deliveries": sum(len(o["deliveries"]) for o in orders),
            "files_included": len(stored.stored),
            "files_linked": stored.linked,
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", _json(manifest))
        archive.writestr(
            "README.txt", README.format(account_id=account_id, generated_at=now.isoformat())
        )
        for name, content, _ in sections:
            archive.writestr(name, _json(content))
        for path, data in stored.stored.items():
            archive.writestr(path, data)
    name = f"botgig-export-{account_id}-{now.strftime('%Y%m%d-%H%M%S')}.zip"
    return Archive(data=buffer.getvalue(), name=name, manifest=manifest)
