"""The secret scanner's table: true positives of every kind the issue names are removed and
named; look-alikes pass untouched. Then the scanner at work on deliveries, listings and
proposals: redacted before anyone sees them, the redaction on the record, the author warned."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from core.listings import offers, proposals, requests
from core.listings.requests import RequestDraft
from core.moderation.redaction import find_contact_details, redact_secrets
from core.moderation.safety import CONTACT_FLAGGED, SECRET_REDACTED
from core.orders import orders
from core.shared.context import Context
from core.shared.errors import RateLimited
from handlers.render import render_event
from tests.admin.conftest import World, draft, person
from tests.fakes import FakeStore

# BIP-39 test vectors (valid checksums): 12 and 24 words.
SEED_12 = "legal winner thank year wave sausage worth useful legal winner thank yellow"
SEED_24 = (
    "letter advice cage absurd amount doctor acoustic avoid letter advice cage absurd amount "
    "doctor acoustic avoid letter advice cage absurd amount doctor acoustic bless"
)

TRUE_POSITIVES = [
    ("AWS access key", "AKIA" + "IOSFODNN7EXAMPLE", "access key"),
    ("AWS secret", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "password"),
    ("Stripe live key", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc", "API key"),
    ("Stripe restricted key", "rk_test_" + "51H8abcdefghijKLMN", "API key"),
    ("Stripe webhook secret", "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "API key"),
    ("GitHub token", "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a", "access token"),
    ("GitHub fine-grained", "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop", "access token"),
    ("OpenAI key", "sk-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCD", "API key"),
    ("OpenAI project key", "sk-proj-" + "abcdefghijklmnopqrstuvwxyz012345", "API key"),
    ("Anthropic key", "sk-ant-" + "api03-abcdefghijklmnopqrstuv", "API key"),
    ("Google API key", "AIza" + "SyA-1234567890abcdefghijklmnopqrstu", "access key"),
    (
        "PEM private key",
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----",
        "private key",
    ),
    (
        "OpenSSH private key",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n"
        "-----END OPENSSH PRIVATE KEY-----",
        "private key",
    ),
    ("12-word seed phrase", SEED_12, "seed phrase"),
    ("24-word seed phrase", SEED_24, "seed phrase"),
    ("numbered seed phrase", " ".join(f"{i}. {w}" for i, w in enumerate(SEED_12.split(), 1)),
     "seed phrase"),
    ("postgres URL", "postgres://app:s3cr3t-Pa55@db.example.com:5432/shop", "connection string"),
    ("postgresql+asyncpg URL", "postgresql+asyncpg://postgres:hunter2@10.0.0.5/test",
     "connection string"),
    ("redis URL", "redis://default:Zq8xW2@cache.example.com:6379/0", "connection string"),
    ("bearer token", "Authorization: Bearer " + "abcDEF123456ghiJKL789mno", "access token"),
    ("password", "password: hunter2!", "password"),
]

LOOK_ALIKES = [
    "We use scikit-learn (sk-learn) and task-proj-2026 for the models.",
    "The AKIA prefix marks AWS access keys; never paste one here.",
    "Connect to postgres://localhost:5432/shop with your own account.",
    "The dashboard is at https://user@example.com/reports and https://example.com:8443/x",
    "Bearer of bad news: the scraper broke again.",
    "Our password policy needs 12 characters; I'll set it up.",
    "Use the Stripe test card 4242 4242 4242 4242 in the sandbox.",
    # 11 BIP-39 words: one short of a seed phrase.
    "legal winner thank year wave sausage worth useful legal winner thank",
    "Please review the final report and approve the delivery once you are happy with it.",
    "ghp_ and sk_live_ are prefixes of GitHub and Stripe keys.",
    "Order #1234 is due on 2026-01-05 at 12:00 UTC; commit 1f3c2b9d7e8a6f5c fixed it.",
]


@pytest.mark.parametrize(
    ("name", "secret", "kind"), TRUE_POSITIVES, ids=[t[0] for t in TRUE_POSITIVES]
)
def test_true_positives_are_removed_and_named(name: str, secret: str, kind: str) -> None:
    result = redact_secrets(f"Here is the access: {secret} — thanks!")
    assert kind in result.found
    hidden = secret.split("@", 1)[0] if "://" in secret else secret
    assert hidden not in result.text
    assert result.text.startswith("Here is the access:") and result.text.endswith("thanks!")
    if "://" in secret:  # the host stays readable
        assert secret.split("@", 1)[1] in result.text


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_pass_untouched(text: str) -> None:
    assert redact_secrets(text).text == text
    assert redact_secrets(text).found == ()


def test_contact_details_are_recognised_but_not_removed() -> None:
    assert find_contact_details("mail me at bob@example.com or +1 415 555 0100") == (
        "email address", "phone number")
    assert find_contact_details("let's settle via PayPal, outside the platform") == (
        "payment outside BotGig",)
    assert find_contact_details("Due 2026-01-05, budget $300, order #1234") == ()


def events_of(store: FakeStore, kind: str) -> list[object]:
    return [e for e in store.outbox if e.type == kind]


async def test_a_delivery_note_is_redacted_recorded_and_its_author_warned(world: World) -> None:
    order = await orders.order_offer(
        world.ctx, buyer_id=world.buyer.id, offer_id=world.order.offer_id or 0
    )
    delivery = await orders.deliver_order(
        world.ctx, actor_id=world.seller.id, order_id=order.id,
        note=f"Done. The DB is postgres://app:hunter2@db.example.com/shop and key {SEED_12}",
    )
    stored = world.store.state.deliveries[delivery.id]
    assert "hunter2" not in stored.note and "sausage" not in stored.note
    assert "db.example.com/shop" in stored.note
    [entry] = [e for e in world.store.state.audit if e.subject == f"delivery:{delivery.id}"]
    assert entry.action == "safety.redacted" and entry.actor_id == world.seller.id
    assert entry.data == {"kinds": ["connection string", "seed phrase"]}
    [warning] = events_of(world.store, SECRET_REDACTED)
    assert warning.recipients == (world.seller.id,)  # type: ignore[attr-defined]
    [dm] = await render_event(world.ctx, warning)  # type: ignore[arg-type]
    assert "connection string and seed phrase" in dm.text and "revoke" in dm.text


async def test_listings_and_proposals_are_redacted_before_anyone_sees_them(
    world: World, ctx: Context
) -> None:
    secret = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    offer = await offers.publish_offer(
        ctx, seller_id=world.seller.id,
        draft=draft(description=f"I use our Stripe account {secret} to charge you directly."),
    )
    assert secret not in world.store.state.offers[offer.id].description
    request = await requests.post_request(
        ctx, buyer_id=world.buyer.id,
        draft=RequestDraft(
            title="Scrape 500 product pages", category="data-extraction",
            description=f"Log in with password: hunter2 and export {SEED_24} to CSV please.",
            budget_min_cents=10_000, budget_max_cents=30_000,
            deadline=ctx.clock.now() + timedelta(days=10),
        ),
    )
    stored = world.store.state.requests[request.id].description
    assert "hunter2" not in stored and "bless" not in stored
    proposal = await proposals.submit_proposal(
        ctx, seller_id=world.seller.id, request_id=request.id,
        message="Send the key ghp_16C7e42F292c6912E7710c838347Ae178B4a and I start.",
        price_cents=20_000, timeline_days=2,
    )
    assert "ghp_" not in world.store.state.proposals[proposal.id].message
    subjects = {e.subject for e in world.store.state.audit if e.action == "safety.redacted"}
    assert {f"offer:{offer.id}", f"request:{request.id}", f"proposal:{proposal.id}"} <= subjects
    assert {e.recipients for e in events_of(world.store, SECRET_REDACTED)} == {  # type: ignore[attr-defined]
        (world.seller.id,), (world.buyer.id,)}


async def test_contact_details_are_flagged_to_moderators_only_when_the_setting_asks(
    world: World, ctx: Context
) -> None:
    text = "Ping me at bob@example.com and pay me directly via PayPal."
    await orders.send_message(ctx, actor_id=world.seller.id, order_id=world.order.id, text=text)
    assert events_of(world.store, CONTACT_FLAGGED) == []
    flagging = replace(ctx, rules=replace(ctx.rules, flag_contact_details=True))
    sent = await orders.send_message(
        flagging, actor_id=world.seller.id, order_id=world.order.id, text=text
    )
    assert sent.message.text == text  # flagged, not removed
    [flag] = events_of(world.store, CONTACT_FLAGGED)
    assert flag.channels == ("admin",)  # type: ignore[attr-defined]
    assert flag.payload["kinds"] == ["email address", "payment outside BotGig"]  # type: ignore[attr-defined]
    [post] = await world.app.render(flag)  # type: ignore[arg-type]
    assert "off-platform contact" in post.text and "bob@example.com" in post.text


async def test_rate_limits_stop_spam_with_a_clear_notice(world: World, ctx: Context) -> None:
    limited = replace(
        ctx, rules=replace(ctx.rules, messages_per_minute=3, listings_per_hour=2,
                           proposals_per_hour=1),
    )
    for n in range(3):
        await orders.send_message(
            limited, actor_id=world.seller.id, order_id=world.order.id, text=f"update {n}"
        )
    with pytest.raises(RateLimited) as caught:
        await orders.send_message(
            limited, actor_id=world.seller.id, order_id=world.order.id, text="one more"
        )
    assert "at most 3 messages per minute" in caught.value.message
    assert "Try again in" in caught.value.message and caught.value.retry_after <= 60
    # The other party is not held back by the seller's count; a new window starts afresh.
    await orders.send_message(limited, actor_id=world.buyer.id, order_id=world.order.id,
                              text="fine by me")
    world.clock.advance(timedelta(minutes=1))
    await orders.send_message(limited, actor_id=world.seller.id, order_id=world.order.id,
                              text="next minute")

    for title in ("Listing one here", "Listing two here"):
        await offers.publish_offer(limited, seller_id=world.seller.id, draft=draft(title=title))
    with pytest.raises(RateLimited, match="at most 2 listings per hour"):
        await offers.publish_offer(limited, seller_id=world.seller.id, draft=draft())
    stranger = await person(ctx, "4004", "Carol")
    request = await requests.post_request(
        ctx, buyer_id=stranger.id,
        draft=RequestDraft(
            title="Monitor my site", category="monitoring",
            description="Alert me when the checkout page is down for more than a minute.",
            budget_min_cents=5_000, budget_max_cents=9_000,
            deadline=ctx.clock.now() + timedelta(days=5),
        ),
    )
    await proposals.submit_proposal(limited, seller_id=world.seller.id, request_id=request.id,
                                   message="I can watch it with an uptime agent.",
                                   price_cents=6_000, timeline_days=1)
    other = await requests.post_request(
        ctx, buyer_id=stranger.id,
        draft=RequestDraft(
            title="Monitor my other site", category="monitoring",
            description="Alert me when the login page is down for more than a minute.",
            budget_min_cents=5_000, budget_max_cents=9_000,
            deadline=ctx.clock.now() + timedelta(days=5),
        ),
    )
    with pytest.raises(RateLimited, match="at most 1 proposals per hour"):
        await proposals.submit_proposal(limited, seller_id=world.seller.id, request_id=other.id,
                                       message="Same setup for this one as well.",
                                       price_cents=6_000, timeline_days=1)
