"""A stateful fake of the parts of Stripe's API that BotGig uses, speaking Stripe's wire
format: form-encoded requests with bracketed nesting (``metadata[order_id]=7``), JSON objects
with ``id`` and ``object``, list envelopes, Stripe's error body, and ``Idempotency-Key``
(a repeated key replays the first answer). localstripe has no Connect, so this covers
accounts, account links, checkout sessions, payment intents, charges, refunds, transfers and
transfer reversals; the real stripe-python SDK talks to it over HTTP.

Test helpers drive what a buyer or Stripe would do (``complete_checkout``,
``enable_account``, ``fail_next``) and build signed webhook deliveries (``signed_event``).
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

import stripe
from aiohttp import web
from aiohttp.typedefs import Handler

FORM = web.RequestKey("form", dict)
_INDEX = re.compile(r"([^\[\]]+)|\[([^\[\]]*)\]")


def parse_form(pairs: Iterable[tuple[str, object]]) -> dict[str, Any]:
    """``a[b][0][c]=v`` pairs into nested dicts; numeric keys make lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = [m.group(1) or m.group(2) for m in _INDEX.finditer(key)]
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})
    return cast(dict[str, Any], _listify(root))


def _listify(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(k.isdigit() for k in node):
            return [_listify(node[k]) for k in sorted(node, key=int)]
        return {k: _listify(v) for k, v in node.items()}
    return node


@dataclass
class Failure:
    prefix: str
    times: int
    status: int
    code: str
    message: str
    type: str = "invalid_request_error"


#: Stripe's card pricing the fake applies: a percentage (basis points) plus a fixed part in
#: minor units (US cards: 2.9 % + 30 cents; zero-decimal currencies have no fixed part).
CARD_FEE_BPS = 290
CARD_FEE_FIXED = {"usd": 30, "eur": 25, "gbp": 20, "jpy": 0, "kwd": 0}


def card_fee(amount: int, currency: str) -> int:
    return amount * CARD_FEE_BPS // 10_000 + CARD_FEE_FIXED.get(currency, 30)


#: Stripe's smallest charge per currency (minor units), as its docs list them.
MINIMUM_CHARGE = {"usd": 50, "eur": 50, "gbp": 30, "jpy": 50}


@dataclass
class FakeStripe:
    """The server's state; ``url`` once started."""

    api_key: str = "sk_test_botgig_fake"
    url: str = ""
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_links: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    transfers: dict[str, dict[str, Any]] = field(default_factory=dict)
    disputes: dict[str, dict[str, Any]] = field(default_factory=dict)
    balance_transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: False: new charges have no balance transaction until ``settle`` (async payments).
    settles_at_once: bool = True
    requests: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    idempotent: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    #: Every ``Idempotency-Key`` sent with a POST, in order, with its path (retries too).
    keys_sent: list[tuple[str, str]] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    #: Unix time of the fake (tests set it to their clock).
    clock: Any = field(default=time.time)

    def ts(self) -> int:
        return int(self.clock())

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_fake{next(self._ids):06d}{secrets.token_hex(3)}"

    # -- helpers for the tests -------------------------------------------------------------

    def fail_next(
        self,
        prefix: str,
        times: int = 1,
        *,
        status: int = 400,
        code: str = "balance_insufficient",
        message: str = "Insufficient funds in the platform's available balance.",
        type: str = "invalid_request_error",
    ) -> None:
        """The next ``times`` POSTs whose path starts with ``prefix`` fail like Stripe
        (``type="card_error"`` with status 402 is a declined card)."""
        self.failures.append(Failure(prefix, times, status, code, message, type))

    def enable_account(self, account_id: str) -> dict[str, Any]:
        """The seller finished onboarding: charges and payouts enabled, nothing due."""
        account = self.accounts[account_id]
        account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True)
        account["requirements"] = {"currently_due": [], "past_due": [], "disabled_reason": None}
        account["capabilities"] = {"transfers": "active"}
        return dict(account)

    def open_dispute(self, charge_id: str, amount: int | None = None) -> dict[str, Any]:
        """The card holder disputes a charge with their bank: the dispute object."""
        charge = self.charges[charge_id]
        dispute_id = self.new_id("dp")
        self.disputes[dispute_id] = {
            "id": dispute_id, "object": "dispute", "charge": charge_id,
            "payment_intent": charge["payment_intent"], "currency": charge["currency"],
            "amount": charge["amount_captured"] if amount is None else amount,
            "reason": "fraudulent", "status": "needs_response", "created": self.ts(),
            # A chargeback (not an inquiry): the money is withdrawn and the charge can no
            # longer be refunded.
            "is_charge_refundable": False,
        }
        return dict(self.disputes[dispute_id])

    def close_dispute(self, dispute_id: str, status: str) -> dict[str, Any]:
        """The bank decided: ``won`` or ``lost``."""
        self.disputes[dispute_id]["status"] = status
        return dict(self.disputes[dispute_id])

    def disconnect(self, account_id: str) -> dict[str, Any]:
        """The seller disconnected the platform: the application object of the event."""
        self.accounts[account_id]["_disconnected"] = True
        return {"id": "ca_botgig", "object": "application", "name": "BotGig"}

    def set_transfers(self, account_id: str, status: str) -> dict[str, Any]:
        """Stripe changed the account's ``transfers`` capability; the capability object."""
        self.accounts[account_id]["capabilities"] = {"transfers": status}
        return {"id": "transfers", "object": "capability", "account": account_id,
                "status": status, "requested": True}

    def fail_refund(self, refund_id: str, reason: str = "expired_or_canceled_card"
                    ) -> dict[str, Any]:
        """The card holder's bank refused a refund: Stripe puts the money back."""
        refund = self.refunds[refund_id]
        charge = self.charges[refund["charge"]]
        charge["amount_refunded"] -= refund["amount"]
        charge["refunded"] = False
        refund.update(status="failed", failure_reason=reason)
        return dict(refund)

    def settle(self, charge_id: str) -> dict[str, Any]:
        """The charge's balance transaction appears: Stripe's fee is known."""
        charge = self.charges[charge_id]
        if charge.get("balance_transaction"):
            return self.balance_transactions[charge["balance_transaction"]]
        amount, currency = charge["amount_captured"], charge["currency"]
        fee = card_fee(amount, currency)
        txn_id = self.new_id("txn")
        self.balance_transactions[txn_id] = {
            "id": txn_id,
            "object": "balance_transaction",
            "amount": amount,
            "currency": currency,
            "fee": fee,
            "fee_details": [
                {"amount": fee, "application": None, "currency": currency,
                 "description": "Stripe processing fees", "type": "stripe_fee"}
            ],
            "net": amount - fee,
            "source": charge_id,
            "status": "pending",
            "type": "charge",
            "reporting_category": "charge",
            "available_on": self.ts() + 2 * 86_400,
            "created": self.ts(),
        }
        charge["balance_transaction"] = txn_id
        return self.balance_transactions[txn_id]

    def complete_checkout(self, session_id: str, *, amount: int | None = None) -> None:
        """The buyer paid on the hosted page: a PaymentIntent and a Charge appear."""
        session = self.sessions[session_id]
        data = session["_intent_data"]
        amount = session["amount_total"] if amount is None else amount
        intent_id = self.new_id("pi")
        charge_id = self.new_id("ch")
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": amount,
            "amount_captured": amount,
            "amount_refunded": 0,
            "captured": True,
            "refunded": False,
            "currency": session["currency"],
            "payment_intent": intent_id,
            "status": "succeeded",
            "transfer_group": data.get("transfer_group"),
            "metadata": dict(data.get("metadata") or {}),
            "balance_transaction": None,
            "created": self.ts(),
        }
        if self.settles_at_once:
            self.settle(charge_id)
        self.intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount,
            "currency": session["currency"],
            "status": "succeeded",
            "latest_charge": charge_id,
            "transfer_group": data.get("transfer_group"),
            "metadata": dict(data.get("metadata") or {}),
            "created": self.ts(),
        }
        session.update(status="complete", payment_status="paid", payment_intent=intent_id)

    def public(self, obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def transfers_in_group(self, group: str) -> list[dict[str, Any]]:
        return [t for t in self.transfers.values() if t["transfer_group"] == group]

    def charge_of_intent(self, intent_id: str) -> dict[str, Any]:
        return self.charges[self.intents[intent_id]["latest_charge"]]

    def event(
        self, type: str, obj: dict[str, Any], *, account: str | None = None,
        created: int | None = None,
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": self.new_id("evt"),
            "object": "event",
            "api_version": "2025-01-27.acacia",
            "created": created if created is not None else self.ts(),
            "livemode": False,
            "pending_webhooks": 1,
            "type": type,
            "data": {"object": self.public(obj)},
        }
        if account:
            payload["account"] = account
        return payload


def signed(payload: dict[str, Any], secret: str, *, timestamp: int | None = None
           ) -> tuple[bytes, str]:
    """A webhook delivery as Stripe sends it: the body and its ``Stripe-Signature``."""
    body = json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(
        body, secret, timestamp=timestamp or int(time.time())
    )
    return body.encode(), header


def _error(status: int, code: str, message: str, type_: str = "invalid_request_error"
           ) -> web.Response:
    return web.json_response(
        {"error": {"type": type_, "code": code, "message": message}}, status=status
    )


def _list(url: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "list", "url": url, "has_more": False, "data": items}


def build_app(state: FakeStripe) -> web.Application:
    routes = web.RouteTableDef()

    @web.middleware
    async def stripe_like(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.headers.get("Authorization") != f"Bearer {state.api_key}":
            return _error(401, "api_key_invalid", "Invalid API Key provided.",
                          "authentication_error")
        form = parse_form(list((await request.post()).items())) if request.method == "POST" \
            else parse_form(list(request.query.items()))
        request[FORM] = form
        state.requests.append((request.method, request.path, form))
        key = request.headers.get("Idempotency-Key")
        if request.method == "POST" and key:
            state.keys_sent.append((request.path, key))
        if request.method == "POST" and key and (request.path, key) in state.idempotent:
            status, body = state.idempotent[(request.path, key)]
            return web.json_response(body, status=status, headers={"Idempotent-Replayed": "true"})
        if request.method == "POST":
            for failure in state.failures:
                if failure.times > 0 and request.path.startswith(failure.prefix):
                    failure.times -= 1
                    return _error(failure.status, failure.code, failure.message, failure.type)
        response = await handler(request)
        if request.method == "POST" and key and isinstance(response, web.Response) \
                and response.status < 500:
            assert response.text is not None
            state.idempotent[(request.path, key)] = (response.status, json.loads(response.text))
        return response

    @routes.post("/v1/accounts")
    async def create_account(request: web.Request) -> web.Response:
        form = request[FORM]
        account_id = state.new_id("acct")
        state.accounts[account_id] = {
            "id": account_id,
            "object": "account",
            "type": form.get("type", "express"),
            "email": form.get("email"),
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "metadata": form.get("metadata") or {},
            "requirements": {
                "currently_due": ["external_account", "individual.dob.day", "tos_acceptance.date"],
                "past_due": [],
                "disabled_reason": "requirements.past_due",
            },
            "capabilities": {"transfers": "inactive"},
            "created": state.ts(),
        }
        return web.json_response(state.accounts[account_id])

    @routes.get("/v1/accounts/{id}")
    async def get_account(request: web.Request) -> web.Response:
        account = state.accounts.get(request.match_info["id"])
        if account is None:
            return _error(404, "resource_missing", "No such account.")
        return web.json_response(account)

    @routes.post("/v1/account_links")
    async def create_account_link(request: web.Request) -> web.Response:
        form = request[FORM]
        if form.get("account") not in state.accounts:
            return _error(400, "resource_missing", "No such account.")
        for name in ("refresh_url", "return_url", "type"):
            if not form.get(name):
                return _error(400, "parameter_missing", f"Missing required param: {name}.")
        link = {
            "object": "account_link",
            "created": state.ts(),
            "expires_at": state.ts() + 300,
            "url": f"https://connect.stripe.test/setup/e/{form['account']}/"
                   f"{secrets.token_urlsafe(8)}",
        }
        state.account_links.append(link | {"account": form["account"]})
        return web.json_response(link)

    @routes.post("/v1/checkout/sessions")
    async def create_session(request: web.Request) -> web.Response:
        form = request[FORM]
        items = form.get("line_items") or []
        if not items:
            return _error(400, "parameter_missing", "Missing required param: line_items.")
        price = items[0]["price_data"]
        amount = int(price["unit_amount"]) * int(items[0].get("quantity", 1))
        if amount < MINIMUM_CHARGE.get(price["currency"], 1):
            return _error(400, "amount_too_small",
                          f"Amount must convert to at least {MINIMUM_CHARGE[price['currency']]} "
                          f"{price['currency']}.")
        session_id = state.new_id("cs_test")
        intent_data = form.get("payment_intent_data") or {}
        state.sessions[session_id] = {
            "id": session_id,
            "object": "checkout.session",
            "mode": form.get("mode"),
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "currency": price["currency"],
            "metadata": form.get("metadata") or {},
            "client_reference_id": form.get("client_reference_id"),
            "payment_intent": None,
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            "expires_at": state.ts() + 24 * 3600,
            "created": state.ts(),
            "_intent_data": intent_data,
        }
        return web.json_response(state.public(state.sessions[session_id]))

    @routes.get("/v1/checkout/sessions/{id}")
    async def get_session(request: web.Request) -> web.Response:
        session = state.sessions.get(request.match_info["id"])
        if session is None:
            return _error(404, "resource_missing", "No such checkout.session.")
        return web.json_response(state.public(session))

    def _expanded(obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        """Stripe's ``expand[]``: ids replaced by their objects, dotted paths nested."""
        out = dict(obj)
        tables = {"latest_charge": state.charges, "balance_transaction":
                  state.balance_transactions, "charge": state.charges}
        for path in paths:
            head, _, rest = path.partition(".")
            ref = out.get(head)
            if isinstance(ref, str) and head in tables and ref in tables[head]:
                out[head] = tables[head][ref]
            if rest and isinstance(out.get(head), dict):
                out[head] = _expanded(out[head], [rest])
        return out

    def _expand_of(request: web.Request) -> list[str]:
        expand = request[FORM].get("expand") or []
        return [expand] if isinstance(expand, str) else list(expand)

    @routes.get("/v1/payment_intents/{id}")
    async def get_intent(request: web.Request) -> web.Response:
        intent = state.intents.get(request.match_info["id"])
        if intent is None:
            return _error(404, "resource_missing", "No such payment_intent.")
        return web.json_response(_expanded(intent, _expand_of(request)))

    @routes.get("/v1/charges/{id}")
    async def get_charge(request: web.Request) -> web.Response:
        charge = state.charges.get(request.match_info["id"])
        if charge is None:
            return _error(404, "resource_missing", "No such charge.")
        return web.json_response(_expanded(charge, _expand_of(request)))

    @routes.get("/v1/balance_transactions/{id}")
    async def get_balance_transaction(request: web.Request) -> web.Response:
        txn = state.balance_transactions.get(request.match_info["id"])
        if txn is None:
            return _error(404, "resource_missing", "No such balance_transaction.")
        return web.json_response(txn)

    @routes.post("/v1/refunds")
    async def create_refund(request: web.Request) -> web.Response:
        form = request[FORM]
        intent = state.intents.get(form.get("payment_intent", ""))
        if intent is None:
            return _error(400, "resource_missing", "No such payment_intent.")
        charge = state.charges[intent["latest_charge"]]
        if any(d["charge"] == charge["id"] and not d["is_charge_refundable"]
               and d["status"] != "won" for d in state.disputes.values()):
            return _error(400, "charge_disputed",
                          f"Charge {charge['id']} has been charged back; cannot issue a refund.")
        left = charge["amount_captured"] - charge["amount_refunded"]
        amount = int(form.get("amount", left))
        if amount <= 0 or amount > left:
            return _error(400, "amount_too_large",
                          f"Refund amount ({amount}) is greater than unrefunded amount ({left}).")
        refund_id = state.new_id("re")
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount_captured"]
        state.refunds[refund_id] = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "currency": charge["currency"],
            "status": "succeeded",
            "metadata": form.get("metadata") or {},
            "created": state.ts(),
        }
        return web.json_response(state.refunds[refund_id])

    @routes.post("/v1/transfers")
    async def create_transfer(request: web.Request) -> web.Response:
        form = request[FORM]
        destination = state.accounts.get(form.get("destination", ""))
        if destination is None:
            return _error(400, "resource_missing", "No such destination.")
        if not destination["payouts_enabled"] or destination.get("_disconnected") or \
                destination.get("capabilities", {}).get("transfers") != "active":
            return _error(400, "account_invalid",
                          "The destination account needs to have the transfers capability.")
        amount = int(form["amount"])
        source = form.get("source_transaction")
        if source is not None:
            charge = state.charges.get(source)
            if charge is None:
                return _error(400, "resource_missing", "No such charge.")
            already = sum(t["amount"] for t in state.transfers.values()
                          if t.get("source_transaction") == source)
            if already + amount > charge["amount_captured"]:
                return _error(400, "transfer_source_balance_parameters_mismatch",
                              "Transfers would exceed the source transaction's amount.")
        transfer_id = state.new_id("tr")
        state.transfers[transfer_id] = {
            "id": transfer_id,
            "object": "transfer",
            "amount": amount,
            "amount_reversed": 0,
            "reversed": False,
            "currency": form["currency"],
            "destination": form["destination"],
            "transfer_group": form.get("transfer_group"),
            "source_transaction": source,
            "metadata": form.get("metadata") or {},
            "reversals": _list(f"/v1/transfers/{transfer_id}/reversals", []),
            "created": state.ts(),
        }
        return web.json_response(state.transfers[transfer_id])

    @routes.post("/v1/transfers/{id}/reversals")
    async def reverse(request: web.Request) -> web.Response:
        transfer = state.transfers.get(request.match_info["id"])
        if transfer is None:
            return _error(404, "resource_missing", "No such transfer.")
        left = transfer["amount"] - transfer["amount_reversed"]
        amount = int(request[FORM].get("amount", left))
        if amount <= 0 or amount > left:
            return _error(400, "amount_too_large", "The reversal exceeds the transfer.")
        transfer["amount_reversed"] += amount
        transfer["reversed"] = transfer["amount_reversed"] == transfer["amount"]
        reversal = {
            "id": state.new_id("trr"),
            "object": "transfer_reversal",
            "amount": amount,
            "currency": transfer["currency"],
            "transfer": transfer["id"],
            "created": state.ts(),
        }
        transfer["reversals"]["data"].append(reversal)
        return web.json_response(reversal)

    def _in_group(items: dict[str, dict[str, Any]], request: web.Request) -> list[dict[str, Any]]:
        group = request[FORM].get("transfer_group")
        return [i for i in items.values() if group is None or i.get("transfer_group") == group]

    @routes.get("/v1/charges")
    async def list_charges(request: web.Request) -> web.Response:
        inner = [p.removeprefix("data.") for p in _expand_of(request) if p.startswith("data.")]
        found = [_expanded(c, inner) for c in _in_group(state.charges, request)]
        return web.json_response(_list("/v1/charges", found))

    @routes.get("/v1/disputes")
    async def list_disputes(request: web.Request) -> web.Response:
        charge = request[FORM].get("charge")
        found = [d for d in state.disputes.values() if charge is None or d["charge"] == charge]
        return web.json_response(_list("/v1/disputes", found))

    @routes.get("/v1/transfers")
    async def list_transfers(request: web.Request) -> web.Response:
        return web.json_response(_list("/v1/transfers", _in_group(state.transfers, request)))

    app = web.Application(middlewares=[stripe_like])
    app.add_routes(routes)
    return app


class FakeStripeServer:
    """Runs ``FakeStripe`` on 127.0.0.1 (a free port)."""

    def __init__(self, state: FakeStripe | None = None) -> None:
        self.state = state or FakeStripe()
        self._runner: web.AppRunner | None = None

    async def start(self) -> FakeStripe:
        self._runner = web.AppRunner(build_app(self.state))
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self.state.url = f"http://127.0.0.1:{port}"
        return self.state

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


__all__ = ["FakeStripe", "FakeStripeServer", "parse_form", "signed"]
