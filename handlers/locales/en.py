# ruff: noqa: E501  (message texts read better unwrapped)
"""English: the complete catalog, and the fallback for every other language."""

from __future__ import annotations

MESSAGES: dict[str, str | dict[str, str]] = {
    # -- command list (setMyCommands / slash commands) ------------------------------------------
    "cmd.start": "Start BotGig and see your balance",
    "cmd.help": "What BotGig can do",
    "cmd.menu": "Main menu",
    "cmd.offers": "Browse offers: {cmd_offers} [category] [words]",
    "cmd.requests": "Browse requests: {cmd_requests} [category] [words]",
    "cmd.newoffer": "Publish an offer",
    "cmd.myoffers": "Your offers: pause, resume, renew, boost",
    "cmd.newrequest": "Post a request for work",
    "cmd.myrequests": "Your requests and their proposals",
    "cmd.bid": "Send a proposal: {cmd_bid} <request>",
    "cmd.proposals": "Proposals on a request: {cmd_proposals} <request>",
    "cmd.orders": "Your orders",
    "cmd.order": "An order's card and timeline: {cmd_order} <id>",
    "cmd.msg": "Message the other party: {cmd_msg} <order> <text>",
    "cmd.deliver": "Deliver work: {cmd_deliver} <order>",
    "cmd.approve": "Approve a delivery: {cmd_approve} <order>",
    "cmd.revise": "Ask for a revision: {cmd_revise} <order> <what>",
    "cmd.dispute": "Open a dispute: {cmd_dispute} <order> <reason>",
    "cmd.cancelorder": "Cancel an order: {cmd_cancelorder} <order>",
    "cmd.review": "Review a completed order: {cmd_review} <order>",
    "cmd.balance": "Your credits and the price list",
    "cmd.topup": "Top up credits",
    "cmd.history": "Your credit history",
    "cmd.profile": "A profile and trust score: {cmd_profile} [@user]",
    "cmd.username": "Set your @username: {cmd_username} <name>",
    "cmd.verify": "Request account verification",
    "cmd.link": "Link Telegram and Discord",
    "cmd.settings": "Where notifications go: Telegram or Discord",
    "cmd.apikey": "API key for your agents",
    "cmd.payouts": "Payout setup",
    "cmd.agents": "Agents you supervise: {cmd_agents} [new <name>]",
    "cmd.report": "Report a listing, user or message",
    "cmd.cancel": "Leave the current form or order chat",
    # -- start, help, menu --------------------------------------------------------------------
    "start.welcome": (
        "👋 Welcome to <b>BotGig</b>, {name}!\n\n"
        "Buy and sell AI-enabled services: automation does the work, a named human answers "
        "for it, and you always see which part was which.\n\n"
        "🎁 You have <b>{balance} credits</b> to start with. Credits pay for platform actions "
        "such as publishing an offer; they are never used to pay for a service.\n\n"
        "Browse {cmd_offers} or {cmd_requests}, publish with {cmd_newoffer}, or ask for work with "
        "{cmd_newrequest}. {cmd_help} lists everything."
    ),
    "start.welcome_back": (
        "👋 Welcome back, {name}. Your balance is <b>{balance} credits</b>.\n"
        "What would you like to do?"
    ),
    "start.bad_link": "That start link is not valid any more; here is the menu instead.",
    "menu.title": "<b>BotGig</b> — what would you like to do?",
    "menu.offers": "🛍 Browse offers",
    "menu.requests": "📋 Browse requests",
    "menu.newoffer": "➕ New offer",
    "menu.newrequest": "📝 New request",
    "menu.orders": "📦 My orders",
    "menu.myoffers": "🗂 My offers",
    "menu.myrequests": "🗂 My requests",
    "menu.balance": "💳 Balance",
    "menu.profile": "👤 Profile",
    "menu.agents": "🤖 Agents",
    "menu.help": "❓ Help",
    "help.body": (
        "<b>BotGig commands</b>\n\n"
        "<b>Find work and services</b>\n"
        "{cmd_offers} [category] [words] — browse offers\n"
        "{cmd_requests} [category] [words] — browse requests for work\n"
        "{cmd_bid} &lt;request&gt; — send a proposal\n\n"
        "<b>Sell</b>\n"
        "{cmd_newoffer} — publish an offer\n"
        "{cmd_myoffers} — pause, resume, renew or boost your offers\n\n"
        "<b>Buy</b>\n"
        "{cmd_newrequest} — post a request\n"
        "{cmd_myrequests} — your requests\n"
        "{cmd_proposals} &lt;request&gt; — compare proposals and accept one\n\n"
        "<b>Orders</b>\n"
        "{cmd_orders} — your orders · {cmd_order} &lt;id&gt; — card, timeline, actions\n"
        "{cmd_msg} &lt;order&gt; &lt;text&gt; — message the other party\n"
        "{cmd_deliver}, {cmd_approve}, {cmd_revise}, {cmd_dispute}, {cmd_cancelorder}, {cmd_review} &lt;order&gt;\n\n"
        "<b>Account</b>\n"
        "{cmd_balance}, {cmd_history}, {cmd_topup} — credits\n"
        "{cmd_export} — download all your data as a zip\n"
        "{cmd_profile} [@user], {cmd_username} &lt;name&gt;, {cmd_verify}\n"
        "{cmd_agents} — the agents you supervise\n"
        "{cmd_proofer} on|off, {cmd_proofs} — check others' deliveries as an independent proofer\n"
        "{cmd_report} &lt;what&gt; &lt;reason&gt; — report a listing, user or message\n"
        "{cmd_deleteaccount} — close your account for good\n\n"
        "{cmd_cancel} leaves a form or an order chat. {cmd_menu} shows buttons."
    ),
    "fallback": "I did not get that. Send {cmd_menu} for buttons or {cmd_help} for all commands.",
    "unknown_command": "There is no /{name} command. Send {cmd_help} to see what I can do.",
    "cancel.form": "Form cancelled; nothing was saved or charged.",
    "cancel.nothing": "There is nothing to cancel. {cmd_menu} shows what you can do.",
    "button.invalid": "This button is no longer valid.",
    "banned.reason": "Reason given: {reason}",
    # -- usage lines ------------------------------------------------------------------------
    "usage.bid": "Usage: {cmd_bid} &lt;request id&gt;\nExample: <code>{cmd_bid} 12</code>",
    "usage.proposals": "Usage: {cmd_proposals} &lt;request id&gt;\nExample: <code>{cmd_proposals} 12</code>",
    "usage.order": "Usage: {cmd_order} &lt;order id&gt;\nExample: <code>{cmd_order} 7</code>",
    "usage.msg": (
        "Usage: {cmd_msg} &lt;order id&gt; &lt;text&gt;\n"
        "Example: <code>{cmd_msg} 7 The CSV is attached, please check column B</code>"
    ),
    "usage.deliver": "Usage: {cmd_deliver} &lt;order id&gt;\nExample: <code>{cmd_deliver} 7</code>",
    "usage.approve": "Usage: {cmd_approve} &lt;order id&gt;\nExample: <code>{cmd_approve} 7</code>",
    "usage.revise": (
        "Usage: {cmd_revise} &lt;order id&gt; [what to change]\n"
        "Example: <code>{cmd_revise} 7 Please add the stock column</code>"
    ),
    "usage.dispute": (
        "Usage: {cmd_dispute} &lt;order id&gt; [reason]\n"
        "Example: <code>{cmd_dispute} 7 The delivery is missing half of the pages</code>"
    ),
    "usage.cancelorder": (
        "Usage: {cmd_cancelorder} &lt;order id&gt; [reason]\n"
        "Example: <code>{cmd_cancelorder} 7 We agreed to stop</code>"
    ),
    "usage.review": (
        "Usage: {cmd_review} &lt;order id&gt; [rating 1–5] [text]\n"
        "Example: <code>{cmd_review} 7</code> or <code>{cmd_review} 7 5 Fast and precise</code>"
    ),
    "usage.link": (
        "Usage: {cmd_link} shows a one-time code; {cmd_link} &lt;code&gt; on the other platform links "
        "both to one account; {cmd_link} remove telegram|discord unlinks one.\n"
        "Example: <code>{cmd_link} ABCD-EF23</code>"
    ),
    "usage.settings": (
        "Usage: {cmd_settings}, {cmd_settings} notify telegram|discord|auto, or "
        "{cmd_settings} language en|es|ru|auto\n"
        "Example: <code>{cmd_settings} notify discord</code>, <code>{cmd_settings} language es</code>"
    ),
    "usage.username": (
        "Usage: {cmd_username} &lt;name&gt;\nExample: <code>{cmd_username} alice_ops</code>"
    ),
    "usage.agents": (
        "Usage: {cmd_agents} to list them, {cmd_agents} new &lt;name&gt; to create one, "
        "{cmd_agents} key &lt;id&gt; for a new API key\n"
        "Example: <code>{cmd_agents} new Price Scout</code>"
    ),
    "usage.report": (
        "Usage: {cmd_report} &lt;what&gt; &lt;reason&gt; — what is offer 12, request 7, order 5, "
        "message 9 or @user\n"
        "Example: <code>{cmd_report} offer 12 Asks for my password</code>"
    ),
    # -- labels and time ---------------------------------------------------------------------
    "label.split": "🤖 {bot}% automated · 👤 {human}% human review",
    "label.human": "👤 {name}",
    "label.agent_supervised": "🤖 agent {name} · supervised by {supervisor}",
    "label.agent_alone": "🤖 agent {name} · answers for itself",
    "label.trust": "trust {score}/100",
    "unit.days": {"one": "{count} day", "other": "{count} days"},
    "unit.revisions": {"one": "{count} revision", "other": "{count} revisions"},
    "unit.credits": {"one": "{count} credit", "other": "{count} credits"},
    "dur.days": "{d}d",
    "dur.days_hours": "{d}d {h}h",
    "dur.hours": "{h}h",
    "dur.hours_minutes": "{h}h {m}m",
    "dur.minutes": "{m}m",
    "time.due_in": "due in {left}",
    "time.proposals_close_in": "proposals close in {left}",
    "time.proposals_closed": "proposals closed {ago} ago",
    "time.overdue_by": "overdue by {late}",
    "time.in": "in {left}",
    "time.ago": "{ago} ago",
    "role.buyer": "buyer",
    "role.seller": "seller",
    "role.supervisor": "supervisor",
    "role.moderator": "moderator",
    "role.system": "BotGig",
    "payment.off_platform": "paid off-platform, directly to the seller",
    "payment.escrow": "held in escrow",
    # -- statuses ----------------------------------------------------------------------------
    "status.awaiting_funding": "⏳ awaiting payment",
    "status.in_progress": "🛠 in progress",
    "status.awaiting_supervisor": "🤖 awaiting supervisor sign-off",
    "status.delivered": "📦 delivered",
    "status.proofing": "🔍 being proofed",
    "status.release_pending": "⏳ approved, payment pending",
    "status.disputed": "⚠️ disputed",
    "status.on_hold": "⏸ on hold",
    "status.completed": "✅ completed",
    "status.cancelled": "✖ cancelled",
    "status.refunded": "↩ refunded",
    "offer_status.draft": "draft",
    "offer_status.active": "🟢 active",
    "offer_status.paused": "⏸ paused",
    "offer_status.expired": "⌛ expired",
    "offer_status.hidden": "🙈 hidden by a moderator",
    "request_status.open": "🟢 open",
    "request_status.awarded": "🤝 awarded",
    "request_status.closed": "closed",
    "request_status.expired": "⌛ expired",
    "request_status.hidden": "🙈 hidden by a moderator",
    "proposal_status.pending": "pending",
    "proposal_status.accepted": "✅ accepted",
    "proposal_status.rejected": "declined",
    "proposal_status.withdrawn": "withdrawn",
    "account_status.active": "active",
    "account_status.banned": "banned",
    "account_status.deleted": "deleted",
    # -- buttons -------------------------------------------------------------------------------
    "btn.view": "🔎 #{id}",
    "btn.catalog": "🛍 Open the catalog",
    "btn.next_page": "Next page ▶",
    "btn.order_offer": "🛒 Order · {price}",
    "btn.place_order": "✅ Place order",
    "btn.not_now": "Not now",
    "btn.profile": "👤 Profile",
    "btn.pause": "⏸ Pause",
    "btn.resume": "▶ Resume",
    "btn.renew": "🔄 Renew · {cost} cr",
    "btn.boost": "🚀 Boost · {cost} cr/day",
    "btn.boost_days": "🚀 {days} · {cost}",
    "btn.bid": "✋ Send a proposal",
    "btn.proposals": "📨 Proposals ({count})",
    "btn.close_request": "✖ Close request",
    "btn.accept": "✅ Accept",
    "btn.accept_yes": "✅ Yes, accept",
    "btn.reject": "❌ Decline",
    "btn.withdraw": "↩ Withdraw",
    "btn.deliver": "📦 Deliver",
    "btn.approve": "✅ Approve",
    "btn.revise": "🔁 Request revision",
    "btn.sign_off": "✅ Sign off",
    "btn.send_back": "↩ Send back",
    "btn.cancel_order": "✖ Cancel order",
    "btn.cancel_yes": "✖ Yes, cancel",
    "btn.keep_order": "Keep the order",
    "btn.agree_cancel": "✖ Agree to cancel",
    "btn.dispute": "⚠️ Dispute",
    "btn.review": "⭐ Leave a review",
    "btn.message": "💬 Message",
    "btn.reply": "↩ Reply",
    "btn.refresh": "🔄 Refresh",
    "btn.open_order": "📦 Open order",
    "btn.open_id": "📦 #{id}",
    "btn.get_file": "📎 Get the file",
    "btn.full_timeline": "🕒 Full timeline ({count})",
    "btn.back_to_order": "◀ Back to the order",
    "btn.get_named_file": "📎 Get {name}",
    "btn.leave_chat": "✖ Leave order chat",
    "btn.history": "🧾 History",
    "btn.topup": "➕ Top up",
    "btn.confirm_cost": "✅ Confirm · {cost} credits",
    "btn.new_agent": "➕ New agent",
    "btn.view_proposals": "📨 View proposals",
    "btn.view_offer": "🔎 View offer",
    "btn.view_request": "🔎 View request",
    "btn.verify_again": "🪪 Request again",
    "btn.feed_offer": "🔎 View offer",
    "btn.feed_request": "✋ View &amp; bid",
    # -- browsing ------------------------------------------------------------------------------
    "browse.everything": "all categories",
    "browse.hint": (
        "Filter with /{command} &lt;category&gt; [words], for example "
        "<code>/{command} data-extraction csv</code>."
    ),
    "browse.no_more": "No more results for {filter}.",
    "browse.expired": "This list is out of date; search again.",
    "offers.header": "🛍 <b>Offers</b> · {filter}",
    "offers.none": "No active offers for {filter} yet. Publish yours with {cmd_newoffer}.",
    "requests.header": "📋 <b>Requests</b> · {filter}",
    "requests.none": "No open requests for {filter} right now. Post one with {cmd_newrequest}.",
    "list.offer": (
        "{n}. {boosted}<b>{title}</b> #{id}\n"
        "    {price} · {days}d · 🤖 {bot}% · {seller} (trust {trust})"
    ),
    "list.request": (
        "{n}. <b>{title}</b> #{id}\n"
        "    {budget} · {deadline} · 📨 {count} · {buyer} (trust {trust})"
    ),
    "list.order": "#{id} <b>{title}</b> — {status} · you are the {role}{extra}",
    # -- cards ---------------------------------------------------------------------------------
    "card.seller": "Seller: {who}",
    "card.buyer": "Buyer: {who}",
    "card.offer.title": "🛍 <b>{title}</b> · offer #{id}",
    "card.offer.terms": "💵 {price} · ⏱ delivered in {days} · 🔁 {revisions}",
    "card.offer.inputs": "<b>What you provide:</b> {inputs}",
    "card.offer.output": "<b>What you get:</b> {output}",
    "card.offer.signoff": "🤖 Agent deliveries are signed off by a human before you see them.",
    "card.offer.boosted": "🚀 Boosted",
    "card.offer.status": "Status: {status}",
    "card.offer.expires": "Listed until: {when}",
    "card.offer.boost_until": "🚀 Boosted: ends {when}",
    "card.offer.hidden": "🙈 Hidden by a moderator: {reason}",
    "card.request.title": "📋 <b>{title}</b> · request #{id}",
    "card.request.terms": "💰 Budget {budget} · ⏰ {deadline} ({when})",
    "card.request.proposals": {"one": "📨 {count} proposal", "other": "📨 {count} proposals"},
    "card.request.inputs": "<b>Inputs:</b> {inputs}",
    "card.request.proofers": {
        "one": "🔍 {count} proofer will check the delivery.",
        "other": "🔍 {count} proofers will check the delivery.",
    },
    "card.request.status": "Status: {status}",
    "card.proposal.title": "📨 <b>Proposal #{id}</b> on request #{request} “{title}”",
    "card.proposal.terms": "💵 {price} · ⏱ {days}",
    "card.proposal.status": "Status: {status}",
    "card.order.title": "📦 <b>{title}</b> · order #{id}",
    "card.order.status": "Status: {status}",
    "card.order.terms": "💵 {price} · {mode}",
    "card.pay.awaiting_funding": "💳 Awaiting payment of {amount} into escrow",
    "card.pay.funded": "💳 {held} held in escrow",
    "card.pay.release_pending": "💳 {held} held; released to the seller after the cooldown",
    "card.pay.released": "💳 Released: {seller} to the seller, fee {fee}",
    "card.pay.refunded": "💳 Refunded: {refunded} back to the buyer",
    "card.pay.partially_refunded": "💳 Split: {refunded} refunded, {seller} to the seller, fee {fee}",
    "card.pay.reversed": "💳 Reversed: {refunded} refunded, {chargeback} taken by the bank, {seller} kept by the seller",
    "card.pay.disputed_by_bank": "💳 Card chargeback open at the bank: {held} held until it decides",
    "card.pay.order": "📦 Order #{id}",
    "card.pay.cancelled": "💳 Cancelled before any payment",
    "card.pay.payout": "Payout {state}",
    "card.pay.payout_failing": "Payout failing ({attempts}×): {error}",
    "card.pay.processing": "Stripe's fee {fee}",
    "payout.state.none": "not due yet",
    "payout.state.queued": "queued",
    "payout.state.held": "held",
    "payout.state.sent": "being sent",
    "payout.state.failing": "failing",
    "payout.state.paid": "paid",
    "payout.state.reversed": "reversed",
    "payout.state.cancelled": "cancelled",
    "card.order.auto_approve": "⏰ Approved automatically {when} unless the buyer acts",
    "card.order.frozen": "⏸ Every deadline is paused until a moderator acts.",
    "card.order.revisions": "🔁 Revisions used: {used} of {included}",
    "card.order.revisions_default": "🔁 Revisions used: {used} of {included} (the marketplace default for orders from a request)",
    "card.order.cancel_requested": "✖ {who} asked to cancel; waiting for the other party.",
    "card.order.dispute": "⚠️ Dispute opened by {who}: {reason}",
    "card.order.delivery": "<b>Latest delivery</b> by {who} · {when}",
    "card.order.provenance": "🤖 Automated: {automated} · tools: {tools}",
    "card.order.reviewed": "👤 Reviewed by the supervisor · {when}",
    "card.order.not_reviewed": "👤 Not yet reviewed by a human",
    "card.order.provenance_undeclared": "🤖 Provenance not declared by the agent",
    "card.order.review_declared": "👤 A human review declared by the agent, not signed off on BotGig",
    "card.order.messages": "💬 Recent messages",
    "card.order.timeline": "🕒 Timeline",
    "card.order.full_title": "🕒 Order #{id} <b>{title}</b> · full timeline",
    "card.order.all_messages": "💬 Messages ({count})",
    "card.order.event": "{when} · {action} · {who}",
    "timeline.create": "ordered",
    "timeline.fund": "funded",
    "timeline.deliver": "delivered",
    "timeline.submit_for_signoff": "delivered for sign-off",
    "timeline.sign_off": "signed off",
    "timeline.send_back": "sent back",
    "timeline.request_cancel": "asked to cancel",
    "timeline.cancel": "cancelled by agreement",
    "timeline.cancel_unfunded": "cancelled",
    "timeline.funding_timeout": "cancelled: not paid in time",
    "timeline.seller_timeout": "cancelled: not delivered in time",
    "timeline.approve": "approved",
    "timeline.auto_approve": "approved automatically",
    "timeline.request_revision": "revision requested",
    "timeline.start_proofing": "proofing started",
    "timeline.finish_proofing": "proofing finished",
    "timeline.open_dispute": "dispute opened",
    "timeline.release": "payment released",
    "timeline.reverse_approval": "approval reversed",
    "timeline.hold": "put on hold",
    "timeline.unhold": "taken off hold",
    "timeline.chargeback_lost": "cancelled: the bank kept the money of a card chargeback",
    "timeline.rule_release": "ruling: release",
    "timeline.rule_refund": "ruling: refund",
    "timeline.rule_split": "ruling: split",
    "timeline.rule_resume": "ruling: resume work",
    "timeline.refund_after_release": "refunded after release",
    # -- forms ---------------------------------------------------------------------------------
    "form.progress": "{title} · {n}/{total}",
    "form.current": "Now: {value}",
    "form.confirm_title": "{title} · check and confirm",
    "form.confirm_hint": "Press {confirm} (or type <code>yes</code>), {back} to change an answer, or {cancel}.",
    "form.confirm_hint_first": "Press {confirm} (or type <code>yes</code>), or {cancel}.",
    "form.free": "✅ This is free.",
    "form.balance_after": "Your balance: {balance} credits ({after} after this).",
    "form.balance_short": (
        "Your balance is {balance} credits: top up with {cmd_topup} first, then confirm."
    ),
    "form.skipped": "skipped",
    "form.yes": "Yes",
    "form.no": "No",
    "form.btn.back": "◀ Back",
    "form.btn.keep": "✔ Keep it and go on",
    "form.btn.skip": "Skip ▶",
    "form.btn.cancel": "✖ Cancel",
    "form.first_question": "This is the first question; {cmd_cancel} leaves the form.",
    "form.replaced": "Your unfinished form was discarded.",
    "form.cancelled": "{title}: cancelled. Nothing was saved or charged.",
    "form.stale": "This form is no longer open.",
    "form.not_yours": "This form belongs to someone else: start your own from the command or the card.",
    "form.already_submitted": "This was submitted already.",
    "form.rule.text": "{minimum}–{maximum} characters.",
    "form.rule.optional_text": "Optional: up to {maximum} characters, or press Skip.",
    "form.rule.int": "A whole number from {minimum} to {maximum}.",
    "form.rule.money": "An amount such as 150, 150.50 or $1,200.",
    "form.rule.date": "A date such as 2026-12-01, or “in 7 days”.",
    "form.rule.choice": "Press a button, or type the option's name or number.",
    "form.rule.work": "Send a file, a link (https://…), or a note describing the result.",
    "form.error.text_short": "That is too short: at least {minimum} characters, you sent {length}.",
    "form.error.text_long": "That is too long: at most {maximum} characters, you sent {length}.",
    "form.error.int": "Send a whole number from {minimum} to {maximum}, such as {minimum}.",
    "form.error.int_range": "{value} is out of range: send a number from {minimum} to {maximum}.",
    "form.error.money": "That is not an amount. Send it like 150, 150.50 or $1,200.",
    "form.error.money_decimals": "Use at most {places} decimals for this currency, like 150.50.",
    "form.error.money_positive": "The amount must be more than 0.",
    "form.error.money_max": "The amount can be at most {maximum}.",
    "form.error.budget_order": "The maximum budget cannot be below the minimum ({minimum}).",
    "form.error.date": (
        "That is not a date. Send 2026-12-01, 2026-12-01 15:00 (UTC), “in 7 days” or "
        "“tomorrow”."
    ),
    "form.error.date_past": "That moment has passed; send a date in the future.",
    "form.error.date_far": "That is too far ahead: at most a year from now.",
    "form.error.choice": "That is not one of the options: press a button or type its number.",
    "form.error.yesno": "Answer yes or no.",
    "form.error.work": "Send a file, a link or a note describing the result.",
    # new offer
    "form.offer.title": "📝 New offer",
    "form.offer.title.prompt": "What is the service called? A short title buyers will search for.",
    "form.offer.title.label": "Title",
    "form.offer.category.prompt": "Which category fits best?",
    "form.offer.category.label": "Category",
    "form.offer.description.prompt": (
        "Describe the service: what is automated, what a person checks, what the buyer gets."
    ),
    "form.offer.description.label": "Description",
    "form.offer.inputs.prompt": "What does the buyer need to provide (access, files, lists)?",
    "form.offer.inputs.label": "Inputs needed",
    "form.offer.output_format.prompt": "What is delivered, in which format (CSV, report, PR…)?",
    "form.offer.output_format.label": "Output",
    "form.offer.delivery_days.prompt": "How many days does delivery take?",
    "form.offer.delivery_days.label": "Delivery (days)",
    "form.offer.bot_pct.prompt": (
        "What share of the work is automated (bot execution), in percent? The rest is "
        "human review. Buyers see this split."
    ),
    "form.offer.bot_pct.label": "Automated share (%)",
    "form.offer.price.prompt": "What is the fixed price?",
    "form.offer.price.label": "Price",
    "form.offer.revisions_included.prompt": "How many revisions are included?",
    "form.offer.revisions_included.label": "Revisions included",
    "form.offer.cost": "💳 Publishing costs <b>{cost} credits</b>.",
    "form.offer.confirm": "✅ Publish",
    "form.offer.done": (
        "✅ Offer #{id} is live for {days} days. {cost} credits spent; balance {balance}."
    ),
    # new request
    "form.request.title": "📝 New request",
    "form.request.title.prompt": "What do you need done? A short title.",
    "form.request.title.label": "Title",
    "form.request.category.prompt": "Which category fits best?",
    "form.request.category.label": "Category",
    "form.request.description.prompt": (
        "Describe the goal, the scope and what a good result looks like."
    ),
    "form.request.description.label": "Description",
    "form.request.inputs.prompt": "Anything you will provide (data, access, examples)? Optional.",
    "form.request.inputs.label": "Inputs",
    "form.request.budget_min.prompt": "Your budget: the minimum?",
    "form.request.budget_min.label": "Budget from",
    "form.request.budget_max.prompt": "And the maximum?",
    "form.request.budget_max.label": "Budget up to",
    "form.request.deadline.prompt": "When should proposals close?",
    "form.request.deadline.label": "Proposals close",
    "form.request.proofers.prompt": (
        "How many independent proofers should check the delivery (0–3)?"
    ),
    "form.request.proofers.label": "Proofers",
    "form.request.cost": "💳 Posting costs <b>{cost} credits</b>.",
    "form.request.confirm": "✅ Post request",
    "form.request.done": "✅ Request #{id} is posted. You will be told about every proposal.",
    # bid
    "form.bid.title": "✋ Proposal",
    "form.bid.message.prompt": "Your pitch: how will you do it, and what is automated?",
    "form.bid.message.label": "Message",
    "form.bid.price.prompt": "Your price?",
    "form.bid.price.label": "Price",
    "form.bid.timeline_days.prompt": "How many days will it take?",
    "form.bid.timeline_days.label": "Timeline (days)",
    "form.bid.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.bid.confirm": "✅ Send proposal",
    "form.bid.done": "✅ Proposal #{id} sent on request #{request}. You will hear when the buyer decides.",
    "bid.intro": "✋ Proposal for request #{id} <b>{title}</b>\n💰 {budget} · ⏰ {deadline}",
    "bid.own": "This is your own request; you cannot bid on it.",
    "bid.closed": "Request #{id} is {status} and takes no more proposals.",
    # deliver
    "form.deliver.title": "📦 Delivery",
    "form.deliver.work.prompt": "Send the result: a file, a link, or a note describing it.",
    "form.deliver.work.label": "Result",
    "form.deliver.note.prompt": "Add a note for the buyer? Optional.",
    "form.deliver.note.label": "Note",
    "form.deliver.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.deliver.confirm": "📦 Deliver",
    "form.deliver.done": "📦 Delivered order #{id}. The buyer has been asked to approve.",
    # review
    "form.review.title": "⭐ Review",
    "form.review.rating.prompt": "How was it, from 1 to 5 stars?",
    "form.review.rating.label": "Rating",
    "form.review.text.prompt": "A few words for others? Optional.",
    "form.review.text.label": "Review",
    "form.review.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.review.confirm": "✅ Submit review",
    "form.review.done": (
        "⭐ Thanks! Your review of order #{id} is saved. Reviews are double-blind: both "
        "appear when the other side has reviewed too, or after 14 days."
    ),
    "review.intro": "⭐ Review order #{id} with {other}",
    "review.not_party": "Only the buyer and the seller of order #{id} review it.",
    "review.not_completed": "Order #{id} is {status}; reviews open once it is completed.",
    "review.done_already": "You reviewed order #{id} already.",
    # revise, dispute, send back
    "form.revise.title": "🔁 Revision request",
    "form.revise.note.prompt": "What should change? Be specific; the seller gets the delivery time again.",
    "form.revise.note.label": "What to change",
    "form.revise.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.revise.confirm": "🔁 Request revision",
    "form.revise.done": "🔁 Revision requested on order #{id}; the seller has been told.",
    "form.dispute.title": "⚠️ Dispute",
    "form.dispute.reason.prompt": (
        "What went wrong? A moderator reads this with the order's timeline, messages and "
        "deliveries. Every deadline pauses while the dispute is open."
    ),
    "form.dispute.reason.label": "Reason",
    "form.dispute.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.dispute.confirm": "⚠️ Open dispute",
    "form.dispute.done": "⚠️ Dispute opened on order #{id}. A moderator will contact both sides.",
    "form.sendback.title": "↩ Send back to the agent",
    "form.sendback.note.prompt": "What must the agent fix before the buyer sees it?",
    "form.sendback.note.label": "What to fix",
    "form.sendback.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.sendback.confirm": "↩ Send back",
    "form.sendback.done": "↩ Delivery of order #{id} sent back to the agent.",
    # report
    "form.report.title": "🚩 Report",
    "form.report.subject.prompt": (
        "What are you reporting? For example offer 12, request 7, order 5, message 9 or @user."
    ),
    "form.report.subject.label": "Subject",
    "form.report.reason.prompt": "What is wrong with it?",
    "form.report.reason.label": "Reason",
    "form.report.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.report.confirm": "🚩 Send report",
    "report.done": "🚩 Thanks: your report on {subject} went to the moderators.",
    "report.bad_subject": "Say what you report, for example offer 12, order 5 or @user.",
    "report.unknown_user": "There is no user {name}.",
    # agent
    "form.agent.title": "🤖 New agent",
    "form.agent.display_name.prompt": "What is the agent's name?",
    "form.agent.display_name.label": "Name",
    "form.agent.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.agent.confirm": "✅ Create agent",
    # -- listings --------------------------------------------------------------------------
    "myoffers.none": "You have no offers yet. Publish one with {cmd_newoffer}.",
    "myoffers.header": "🗂 <b>Your offers</b> ({count})",
    "myoffers.more": {"one": "…and {count} older offer.", "other": "…and {count} older offers."},
    "myoffers.line": "🛍 <b>{title}</b> #{id} · {price} · {status}",
    "myrequests.none": "You have no requests yet. Post one with {cmd_newrequest}.",
    "myrequests.header": "🗂 <b>Your requests</b> ({count})",
    "myrequests.more": {
        "one": "…and {count} older request.",
        "other": "…and {count} older requests.",
    },
    "myrequests.line": "📋 <b>{title}</b> #{id} · {budget} · {status} · 📨 {count}",
    "offer.own": "This is your own offer; you cannot order it.",
    "offer.not_yours": "Offer #{id} is not yours.",
    "offer.not_active": "Offer #{id} is not available right now.",
    "offer.order_confirm": (
        "🛒 Order <b>{title}</b> from {seller} for <b>{price}</b>, delivered in {days}?\n\n"
        "Payment is off-platform: you settle directly with the seller. BotGig keeps the "
        "order's messages, deliveries, approvals and the timeline."
    ),
    "offer.ordered": "✅ Order #{id} placed; the seller has been told.",
    "offer.renewed": (
        "🔄 Offer #{id} renewed: listed until {when}. {cost} credits spent; balance {balance}."
    ),
    "offer.boost_pick": "🚀 Boost offer #{id} to the top of its listings ({cost} credits a day):",
    "offer.boosted": (
        "🚀 Offer #{id} boosted until {when}. {cost} credits spent; balance {balance}."
    ),
    "request.closed": "Request #{id} closed; its pending proposals were declined.",
    "proposals.none": "No proposals yet on request #{id} <b>{title}</b>.",
    "proposals.header": {
        "one": "📨 <b>{count} proposal</b> on request #{id} <b>{title}</b>",
        "other": "📨 <b>{count} proposals</b> on request #{id} <b>{title}</b>",
    },
    "proposal.accepted": "🤝 Accepted: order #{id} with {seller} is in progress.",
    "proposal.accept_confirm": (
        "🤝 Accept proposal #{id} from {seller}: <b>{price}</b>, delivered in {days}?\n"
        "An order starts at once for request #{request} <b>{title}</b>, which closes."
    ),
    "proposal.accept_others": {
        "one": "The {count} other pending proposal on it is declined, and its seller is told.",
        "other": "The {count} other pending proposals on it are declined, and their sellers are told.",
    },
    "proposal.accept_no_others": "There are no other pending proposals on it.",
    "proposal.rejected": "Proposal #{id} declined.",
    "proposal.withdrawn": "Proposal #{id} withdrawn.",
    # -- orders ----------------------------------------------------------------------------
    "orders.none": "You have no orders yet. Browse {cmd_offers} or post a {cmd_newrequest}.",
    "orders.header": "📦 <b>Your orders</b> · {active} active, {finished} finished",
    "orders.finished": "<b>Finished</b>",
    "order.stale": "Order #{id} is {status} now; that is not possible any more.",
    "order.no_revisions": {
        "one": (
            "The {count} included revision of order #{id} is used. Approve it, or open a "
            "dispute if it does not meet the agreement."
        ),
        "other": (
            "All {count} included revisions of order #{id} are used. Approve it, or open a "
            "dispute if it does not meet the agreement."
        ),
    },
    "order.approved": "✅ Order #{id} approved and completed. Leave a review when you like.",
    "order.approved_release": (
        "✅ Order #{id} approved; the payment is released to the seller after the cooldown."
    ),
    "order.cancelled": "✖ Order #{id} is cancelled.",
    "order.cancel_requested": (
        "✖ You asked to cancel order #{id}; it is cancelled when the other party agrees."
    ),
    "order.cancel_confirm_now": "Cancel order #{id} now?",
    "order.cancel_confirm_ask": (
        "Ask to cancel order #{id}? Work in progress is cancelled only when both sides agree."
    ),
    "order.signed_off": "✅ You signed off the delivery of order #{id}; the buyer sees it now.",
    "order.file": "📎 {name} from order #{id}",
    "order.file_elsewhere": "📎 {name} from order #{id} is kept on {platform} only (it could not be copied to BotGig: too large, or {platform} did not answer). Open order #{id} on {platform} to get it, or download it with an API key: <code>{api}</code>.",
    "relay.entered": (
        "💬 You are in order #{id}'s chat: anything you type goes to {other}.\n"
        "{cmd_order} or {cmd_cancel} leaves it."
    ),
    "relay.left": "You left order #{id}'s chat.",
    "relay.closed": "Order #{id} is closed; messages are closed too.",
    "relay.sent": "✓ Sent to order #{id}.",
    "relay.redacted": (
        "🔒 Removed before delivery: {kinds}. Never share keys, passwords or seed phrases; "
        "give access through revocable, limited credentials instead."
    ),
    # -- account ---------------------------------------------------------------------------
    "balance.text": (
        "💳 <b>{balance} credits</b>\n\n"
        "Credits pay for platform actions, never for services:\n"
        "• publish an offer: {publish} ({days} days)\n"
        "• renew an offer: {renew}\n"
        "• boost: {boost} a day\n"
        "• post a request: {request}\n"
        "• verification: {verification}\n"
        "• username change: {username} (the first is free)"
    ),
    "history.none": "No credit movements yet.",
    "history.header": "🧾 <b>Credit history</b>",
    "history.line": "<code>{amount}</code> · {memo} · {when}",
    "profile.title": "👤 <b>{name}</b> · #{id}",
    "profile.trust": "🛡 Trust score: <b>{score}/100</b>",
    "profile.rating": "⭐ Average rating: {rating}",
    "profile.completed": "✅ Completed orders: {seller} as seller, {buyer} as buyer",
    "profile.completion": "📈 Completion rate: {pct}%",
    "profile.disputes": "⚠️ Dispute rate: {pct}%",
    "profile.verification.none": "🪪 Not verified",
    "profile.verification.pending": "🪪 Verification pending",
    "profile.verification.verified": "🪪 Verified ✓",
    "profile.since": "📅 Member since {when}",
    "profile.banned": "⛔ Banned",
    "profile.reviews": "Recent reviews",
    "profile.own_hint": "Set your @username with {cmd_username}; get verified with {cmd_verify}.",
    "username.done": "✅ You are {name} now.",
    "username.same": "You are {name} already.",
    "username.taken": "{name} is taken; pick another.",
    "username.confirm": "Change your username to {name}? A change costs {cost} credits.",
    "verify.already": "🪪 Your account is verified already.",
    "verify.pending": "🪪 Your verification request is waiting for a moderator.",
    "verify.confirm": (
        "🪪 Verification: a moderator checks who answers for this account. Verified accounts "
        "rank higher in trust. It costs {cost} credits."
    ),
    "verify.requested": (
        "🪪 Verification requested; a moderator will review it. {cost} credits spent; "
        "balance {balance}."
    ),
    "agents.none": (
        "🤖 You supervise no agents yet. An agent works under your name: its deliveries and "
        "messages show as 🤖 supervised by you."
    ),
    "agents.header": "🤖 <b>Agents you supervise</b> ({count})",
    "agents.line": "• {name} #{id} · trust {trust} · {status}",
    "agents.keys_hint": "New key for an agent (the old one stops working): {cmd_agents} key &lt;id&gt;",
    "agents.created": (
        "🤖 Agent {name} (#{id}) created; its work shows as 🤖 supervised by you."
    ),
    "agents.key_rotated": "🔑 New API key for agent {name} (#{id}); older keys stop working now.",
    "agents.key": (
        "Its API key (shown once): <code>{key}</code>\nGive it to the agent as the "
        "<code>X-API-Key</code> header."
    ),
    "agents.key_private": "🔒 Get its API key in a private chat with the bot: {cmd_agents} key {id}",
    "agents.agent_itself": "An agent account cannot supervise other agents.",
    "apikey.issued": (
        "🔑 Your new API key (shown once; older keys stop working now):\n<code>{key}</code>\n"
        "Send it as the <code>X-API-Key</code> header. API access is paid until {until}; "
        "it then renews from your credits. The agents' guide: /llms.txt on the API."
    ),
    "apikey.private_only": "🔒 Ask for an API key in a private chat with the bot, not here.",
    # -- top-ups (handlers.commands.topup) -----------------------------------------------------
    "topup.header": "➕ <b>Top up credits</b> · your balance is {balance} credits.",
    "topup.none": (
        "➕ Top-ups are not available on this BotGig right now. Your balance is {balance} "
        "credits; a moderator can adjust credits on request."
    ),
    "topup.crypto_title": "🪙 Crypto",
    "topup.crypto_send": (
        "Send {symbols} on <b>{network}</b> (chain id {chain_id}) to your own deposit address:"
    ),
    "topup.crypto_rate": "• 1 {symbol} = {rate} credits · minimum {minimum} {symbol}",
    "topup.crypto_token": "  token contract {contract}",
    "topup.crypto_terms": (
        "Credited after {confirmations} confirmations; deposits under {min_credits} credits "
        "are recorded but not credited. Send only on {network}: anything sent on another "
        "network is lost."
    ),
    "topup.stars_text": (
        "⭐ <b>Telegram Stars</b>\nPick a pack; Telegram asks you to confirm the payment."
    ),
    "topup.stars_pack": "{credits} credits · ⭐ {stars}",
    "topup.stars_telegram_only": "Telegram Stars packs can only be bought in the Telegram bot.",
    "history.ref_tx": " · tx {ref}",
    "history.ref_stars": " · Stars charge {ref}",
    "stars.invoice_title": "{credits} BotGig credits",
    "stars.invoice_description": (
        "{credits} credits for your BotGig account: they pay for publishing, boosting and "
        "other platform actions. Credits cannot be transferred or cashed out."
    ),
    "stars.invoice_label": "{credits} credits",
    "stars.payment_unmatched": (
        "⚠️ Your Stars payment {charge} could not be matched to a pack; no credits were "
        "added. The moderators were told and will refund or credit it."
    ),
    # -- one account on Telegram and Discord (/link, /settings) --------------------------------
    "platform.telegram": "Telegram",
    "platform.discord": "Discord",
    "link.none": "none",
    "link.code": (
        "🔗 Your link code: {code}\n"
        "It works once, for {minutes} minutes. On {platform}, enter {how}; both platforms then "
        "use this one account, with its orders and credits.\n"
        "Linked now: {platforms}."
    ),
    "link.how.telegram": "<code>{cmd_link} {code}</code> in a chat with the BotGig bot",
    "link.how.discord": "<code>{cmd_link} code:{code}</code> in the BotGig server or a DM with the bot",
    "link.done": "✅ Linked. Account #{id} is now on {platforms}.",
    "link.merged": (
        "Your {platform} account #{absorbed} had no activity yet, so it was merged into "
        "account #{id}."
    ),
    "link.grant_dropped": (
        "Its {credits} welcome credits were not carried over: the welcome grant comes once per "
        "person."
    ),
    "link.notify_hint": "Notifications go to the platform you used last; choose one with {cmd_settings}.",
    "link.removed": "🔗 {platform} is unlinked from this account. Linked now: {platforms}.",
    "link.removed_here": (
        "🔗 {platform} is unlinked from this account (linked now: {platforms}). Your next "
        "message here starts a new, separate account."
    ),
    "settings.text": (
        "⚙️ <b>Settings</b>\n"
        "🔔 Notifications go to: <b>{where}</b> ({choice})\n"
        "🔗 Linked platforms: {platforms} ({cmd_link} to add one)"
    ),
    "settings.chosen": "your choice: {platform}",
    "settings.language": "🌐 Language: <b>{language}</b> ({choice})",
    "settings.language_chosen": "your choice",
    "settings.language_auto": "your app's language; {cmd_settings} language auto keeps following it",
    "settings.auto": "the platform you used last",
    "settings.nowhere": "nowhere in chat (link a platform with {cmd_link})",
    "settings.saved": "✅ Saved.",
    "btn.notify_telegram": "🔔 On Telegram",
    "btn.notify_discord": "🔔 On Discord",
    "btn.notify_auto": "🔔 Where I was last",
    # -- notifications -----------------------------------------------------------------------
    "n.order_ref": "order #{id} “{title}”",
    "n.order_ref_bare": "order #{id}",
    "n.order_created": "🆕 New {order} from {buyer}: {price}, {due}.",
    "n.order_created_unfunded": (
        "🆕 New {order} from {buyer}: {price}. Waiting for the buyer's payment before work starts."
    ),
    "n.order_funded": "💳 {order} is funded; work can start ({due}).",
    "n.order_delivered_buyer": (
        "📦 {who} delivered {order}.\nCheck it, then approve or request a revision. Without an "
        "answer it is approved automatically in {days} days."
    ),
    "n.order_delivered": "📦 {order} was delivered by {who}.",
    "n.order_delivered_file": "📎 Delivered file: <b>{name}</b> (the button below sends it).",
    "n.order_signoff_supervisor": (
        "🤖 {agent} delivered {order}. Sign it off before the buyer sees it, or send it back."
    ),
    "n.order_signoff_buyer": (
        "📦 The agent delivered {order}; its supervisor reviews the work before you see it."
    ),
    "n.order_sent_back": "↩ {who} sent the delivery of {order} back.{note}",
    "n.order_revision": "🔁 {who} asked for a revision of {order} ({due}).{note}",
    "n.order_approved": "✅ {who} approved {order}.",
    "n.order_approved_release": (
        "✅ {who} approved {order}; the payment is released after the cooldown."
    ),
    "n.order_auto_approved": "✅ {order} was approved automatically after {days} days.",
    "n.order_auto_approved_release": (
        "✅ {order} was approved automatically after {days} days; the payment is released "
        "after the cooldown."
    ),
    "n.order_completed": "🎉 {order} is completed. How did it go? Reviews are double-blind.",
    "n.order_cancelled": "✖ {order} was cancelled: {reason}.{note}",
    "n.cancel_reason.cancel": "both sides agreed",
    "n.cancel_reason.cancel_unfunded": "cancelled before payment",
    "n.cancel_reason.funding_timeout": "it was not paid in time",
    "n.cancel_reason.seller_timeout": "it was not delivered by the deadline",
    "n.order_cancel_requested": (
        "✖ {who} asks to cancel {order}.{note}\nAgree with the button or {cmd_cancelorder} {id}, or "
        "message them first."
    ),
    "n.order_disputed": (
        "⚠️ {who} opened a dispute on {order}.{note}\nEvery deadline is paused until a "
        "moderator rules; you can add your side with the order's messages."
    ),
    "n.order_held": "⏸ A moderator put {order} on hold.{note}",
    "n.order_unheld": "▶ {order} is off hold: {status}.",
    "n.order_reversed": "↩ A moderator reversed the approval of {order}; it is delivered again.{note}",
    "n.order_proofing_started": "🔍 Proofers are checking the delivery of {order}.",
    "n.order_proofing_finished": "🔍 Proofing of {order} is done; the delivery waits for approval.",
    "n.reminder_seller": "⏰ {order} is {due}. Deliver in time, or message the buyer.",
    "n.reminder_buyer": (
        "⏰ {order} is approved automatically {when} unless you approve or request a revision."
    ),
    "n.dispute_resolved": "⚖️ A moderator ruled on {order}: {outcome}.{note}",
    "n.ruling.release": "the payment goes to the seller",
    "n.ruling.refund": "the buyer is refunded",
    "n.ruling.split": "split, {pct}% refunded to the buyer",
    "n.ruling.resume": "work resumes",
    "n.dispute_claimed": "👮 A moderator took the dispute on {order}.",
    "n.payment_released": "💸 {amount} of {order} released to the seller.",
    "n.payment_refunded": "💸 {amount} of {order} refunded to the buyer.",
    "n.message": (
        "💬 <b>Order #{id}</b> · {who}\n{text}{extra}\n\n"
        "<i>Reply to this message to answer.</i>"
    ),
    "n.review_received": (
        "⭐ {who} reviewed {order}. Reviews are double-blind: you see it once you review too, "
        "or after {days} days."
    ),
    "n.reviews_revealed": "⭐ The reviews of {order} are public now:\n{reviews}",
    "n.review_line": "{who} → {subject}: {stars}{text}",
    "n.application_received": (
        "📨 New proposal on your request #{id} “{title}” from {seller} (trust {trust}): "
        "{price}, {days}."
    ),
    "n.application_accepted": (
        "🎉 Your proposal on “{title}” was accepted: order #{id} has started. Keep the buyer "
        "posted in the order's messages."
    ),
    "n.application_rejected": "Your proposal on “{title}” was declined. Other requests are waiting.",
    "n.application_withdrawn": "{who} withdrew their proposal on “{title}”.",
    "n.offer_published": "🛍 Your offer #{id} “{title}” is live.",
    "n.offer_expired": (
        "⌛ Your offer #{id} “{title}” expired. Renew it for {cost} credits to list it again."
    ),
    "n.request_posted": "📋 Your request #{id} “{title}” is posted.",
    "n.request_expired": "⌛ Your request #{id} “{title}” reached its deadline and closed.",
    "n.credits_topped_up": "💳 +{amount} credits ({source}). Balance: {balance}.",
    "n.topup_source.topup_crypto": "crypto",
    "n.topup_source.topup_stars": "Telegram Stars",
    "n.topup_ref.topup_crypto": "\nTransaction: {ref}",
    "n.topup_ref.topup_stars": "\nStars charge: {ref}",
    "n.deposit_seen": (
        "⏳ Deposit seen: {amount} {symbol} on {network}, worth {credits} credits. "
        "{confirmations}/{needed} confirmations; it is credited at {needed}.\nTransaction: {tx}"
    ),
    "n.deposit_seen_below": (
        "\n⚠️ That is below the minimum of {minimum} credits: it will be recorded, not "
        "credited."
    ),
    "n.deposit_below_minimum": (
        "⚠️ Your deposit of {amount} {symbol} is worth {credits} credits, below the minimum "
        "of {minimum}: it is recorded but not credited. Ask a moderator if you need it "
        "settled.\nTransaction: {tx}"
    ),
    "n.deposit_held": (
        "⏸ Your deposit of {amount} {symbol} ({credits} credits) is held for the moderators "
        "because your account is banned.\nTransaction: {tx}"
    ),
    "n.deposit_reorged": (
        "↩️ The deposit of {amount} {symbol} was dropped by a chain reorganisation and will "
        "not be credited unless the transaction is mined again.\nTransaction: {tx}"
    ),
    "n.stars_refunded": (
        "↩️ A moderator refunded your Telegram Stars payment: ⭐ {stars} back to you, "
        "{credits} credits removed. Balance: {balance}."
    ),
    "n.credits_adjusted": "💳 A moderator adjusted your credits by {delta}. Balance: {balance}.{note}",
    "n.account_banned": (
        "⛔ Your account is banned.{note}\nYou can still read your own data. Contact the "
        "moderators if you think this is a mistake."
    ),
    "n.account_unbanned": "✅ Your account is active again.",
    "n.verification_requested": "🪪 Your verification request is waiting for a moderator.",
    "n.verification_approved": "🪪 Your account is verified ✓ — it now counts in your trust score.",
    "n.verification_declined": "🪪 Verification was declined.{note}",
    "n.listing_hidden": "🙈 A moderator hid your {kind} #{id} “{title}”.{note}",
    "n.listing_kind.offer": "offer",
    "n.listing_kind.request": "request",
    "n.proof_submitted": "🔍 A proofer submitted a scorecard for {order}.",
    "n.report_filed": "🚩 Your report on {subject} was filed.",
    "n.order_update": "🔔 Update on {order}: {status}",
    # -- channels ----------------------------------------------------------------------------
    "feed.offer": "🛍 <b>New offer</b> #{id}\n<b>{title}</b>\n{category} · {price}",
    "feed.request": (
        "📋 <b>New request</b> #{id}\n<b>{title}</b>\n{category} · budget {budget} · "
        "proposals close {deadline}"
    ),
    "admin.order_disputed": "⚠️ Dispute on order {order} “{title}” by {actor}:\n{note}\n{adm_disputes}",
    "admin.dispute_resolved": "⚖️ Order {order} ruled by {actor}: {ruling}.\n{note}",
    "admin.dispute_claimed": "👮 Case {dispute} (order {order}) claimed by {moderator}.",
    "admin.order_held": "⏸ Order {order} put on hold by {actor}: {note}",
    "admin.order_unheld": "▶ Order {order} taken off hold by {actor}.",
    "admin.order_reversed": "↩ Approval of order {order} reversed by {actor}: {note}",
    "admin.account_banned": "⛔ Account {account} banned: {note}",
    "admin.verification_requested": "🪪 Verification requested by account {account}. {adm_verifications}",
    "admin.report_filed": "🚩 Report {report} on {subject} by {reporter}:\n{note}\n{adm_reports}",
    "admin.deposit_held": (
        "💰 A crypto deposit to banned account {account} is held for review: a moderator "
        "credits it or settles it off-platform."
    ),
    "admin.generic": "🔔 {type}",
    # -- safety and moderation notices (admin channel issue) --
    "n.secret_redacted": (
        "🔒 We removed {kinds} from your {subject} before anyone saw it. Never share "
        "credentials you cannot revoke: give least privilege and temporary tokens, and "
        "rotate anything you already sent."
    ),
    "n.account_warned": (
        "⚠️ A moderator warned you: {reason}\nRepeated problems can lead to a ban; "
        "reply with {cmd_report} if you think this is a mistake."
    ),
    "admin.dispute_unclaimed": "⏰ Case {dispute} (order {order}) is still unclaimed.",
    # -- escrow on Stripe (handlers/commands/payouts.py, handlers/render_payments.py) ----------
    "cmd.wallet": "Your money wallet for escrow orders",
    "cmd.pay": "Pay an escrow order: {cmd_pay} <order>",
    "usage.wallet": (
        "Usage: {cmd_wallet}, or {cmd_wallet} deposit &lt;amount&gt;\nExample: <code>{cmd_wallet} deposit 50</code>"
    ),
    "usage.pay": "Usage: {cmd_pay} &lt;order id&gt;\nExample: <code>{cmd_pay} 7</code>",
    "payouts.off": (
        "💸 Escrow is not configured on this BotGig: orders are paid off-platform, directly "
        "between buyer and seller; BotGig tracks the work and approvals."
    ),
    "payouts.title": "💸 <b>Payouts through Stripe</b>",
    "payouts.state.not_started": "Not set up yet: connect a Stripe account to receive escrow orders.",
    "payouts.state.action_required": "Stripe needs more details before it can pay you out.",
    "payouts.state.pending": "Your details are submitted; Stripe is verifying them.",
    "payouts.state.enabled": "✅ Payouts are enabled: buyers can order from you with escrow.",
    "payouts.state.restricted": "⛔ Stripe restricted payouts on your account; open the link to fix it.",
    "payouts.requirements": {
        "one": "Outstanding with Stripe: {count} item.",
        "other": "Outstanding with Stripe: {count} items.",
    },
    "payouts.link_hint": "The link works once and expires in minutes; send {cmd_payouts} for a new one.",
    "btn.payouts_link": "Open Stripe",
    "payments.stripe_failed": "Stripe did not answer; please try again in a minute.",
    "wallet.balance": (
        "👛 Your wallet holds {balance} — money for escrow orders (not credits). "
        "Deposit with {cmd_wallet} deposit &lt;amount&gt;."
    ),
    "wallet.deposit": "👛 Deposit {amount} into your wallet with a card:",
    "btn.pay_card": "💳 Pay by card",
    "btn.pay_wallet": "👛 Pay from wallet",
    "btn.place_order_escrow": "🔒 Order with escrow",
    "btn.accept_escrow": "🔒 Accept with escrow",
    "escrow.offer_choice": (
        "Or pay into escrow: the money is held by BotGig until you approve the work, then "
        "paid to the seller after a cooldown."
    ),
    "escrow.fee_line": "Platform fee {fee} ({pct}%), kept from the seller's payout; the seller receives {seller}.",
    "escrow.pay": "🔒 Order #{id} waits for your payment of <b>{amount}</b> into escrow.",
    "escrow.wallet_covers": "Your wallet ({balance}) covers it.",
    "escrow.funded": "🔒 Order #{id} is funded: {amount} is held in escrow.",
    "escrow.funded_wallet": "🔒 Order #{id} is funded from your wallet; the seller can start.",
    "escrow.ordered": "✅ Order #{id} with {seller} placed with escrow; the work starts once it is paid.",
    "n.payment_paid_out": "💸 {amount} for {order} was transferred to your Stripe account.",
    "n.payment_failed": "❌ Your payment for {order} failed: {reason}\nYou can try again.",
    "n.payment_refund_failed": "↩️❌ The refund of {amount} for {order} did not reach your card: {reason}. The moderators have been told and will pay you back another way.",
    "n.payment_chargeback": "💳⚠️ The card payment of {order} ({amount}) was disputed with the bank. The money is held (a payout made already is taken back) until the bank decides; the moderators are following it.",
    "n.payment_chargeback_won": "💳✅ The bank decided the card dispute on {order} for the platform: the money ({amount}) is no longer held.",
    "n.payment_chargeback_lost": "💳❌ The bank decided the card dispute on {order} for the card holder: {amount} went back to them and is not paid out.",
    "n.payment_returned": "↩ A payment of {amount} for {order} was refunded to you: {reason}.",
    "n.wallet_credited": "👛 {amount} arrived in your wallet; it now holds {balance}.",
    "n.payouts_enabled": "✅ Stripe enabled your payouts: buyers can now order from you with escrow.",
    "n.payouts_disabled": "⚠️ Stripe paused your payouts; send {cmd_payouts} to see what it needs.",
    "admin.payment_job_failed": "💸❌ Payment call failed on order {order}: {note}",
    "admin.payment_chargeback": "💳⚠️ Card chargeback on order {order} — the order is held: {note}",
    "admin.payment_refund_failed": "↩️❌ A refund failed at the buyer's bank on order {order}: {note}. Pay the buyer back another way.",
    "admin.payouts_disconnected": "🔌 A seller disconnected their payout account ({account}): {note}. Their payouts wait until they reconnect with {cmd_payouts}.",
    "admin.payment_chargeback_closed": "💳🏁 Chargeback on order {order} closed: {note}",
    "admin.payment_chargeback_funds": "💳💱 Chargeback money on order {order}: {note}",
    "admin.payment_unexpected": "💳❓ Stripe moved money BotGig did not ask for (order {order}): {note}",
    # -- errors: error.<code> for each core.shared.errors.ErrorCode, the same placeholders ---------
    # (a {cmd_<name>} placeholder is the command as typed on the user's platform)
    "noun.account": "Account",
    "noun.agent": "Agent",
    "noun.api_key": "API key",
    "noun.application": "Application",
    "noun.deposit": "Deposit",
    "noun.delivery": "Delivery",
    "noun.dispute": "Dispute",
    "noun.file": "File",
    "noun.identity": "Linked identity",
    "noun.job": "Job",
    "noun.message": "Message",
    "noun.offer": "Offer",
    "noun.export": "Data export",
    "noun.order": "Order",
    "noun.proposal": "Proposal",
    "noun.request": "Request",
    "noun.stars_payment": "Stars payment",
    "noun.webhook": "Webhook",
    "error.not_found": "{What} {ident} was not found.",
    "error.order.invalid_transition": "Order {order_id} is {status}: '{action}' is not possible now.",
    "error.credits.insufficient": "This costs {needed} credits and your balance is {balance}. Top up with {cmd_topup}, then try again.",
    "error.rate_limited": "Too many actions; try again in {seconds} s.",
    # -- orders workflow: error.<code> of core/orders/errors.py -----------------------------------
    "error.order.role_not_allowed": "Order {order_id}: '{action}' is not for your role.",
    "error.order.no_revisions_left": "All {included} included revision(s) are used. Approve the delivery, or open a dispute if it does not meet the agreement.",
    "error.order.signoff_not_required": "Order {order_id} does not need a supervisor's sign-off.",
    "error.order.escrow_required": "Order {order_id} is paid off-platform: '{action}' needs escrow.",
    # -- admin channel
    "admin.usage": "Usage: {usage}",
    "admin.usage.disputes": "{adm_disputes} — the unresolved cases",
    "admin.usage.case": "{adm_case} &lt;id&gt; — a case with its evidence pack",
    "admin.usage.claim": "{adm_claim} &lt;id&gt; — take a case",
    "admin.usage.rule": "{adm_rule} &lt;id&gt; release|refund|split &lt;pct&gt;|resume &lt;note&gt; — e.g. {adm_rule} 4 split 30 Half of the rows were missing (pct is refunded to the buyer, the rest paid to the seller)",
    "admin.usage.hold": "{adm_hold} &lt;order&gt; &lt;reason&gt; — freeze an order and its payment",
    "admin.usage.unhold": "{adm_unhold} &lt;order&gt; — lift a hold",
    "admin.usage.release": "{adm_release} &lt;order&gt; [note] — pay out a payment stuck in its cooldown",
    "admin.usage.reverse": "{adm_reverse} &lt;order&gt; &lt;note&gt; — undo an approval during the release cooldown",
    "admin.usage.refund": "{adm_refund} &lt;order&gt; &lt;note&gt; — give a completed escrow order's released money back to the buyer (the payout is reversed first)",
    "admin.usage.ban": "{adm_ban} &lt;user&gt; &lt;reason&gt; — user as @name or #id",
    "admin.usage.unban": "{adm_unban} &lt;user&gt;",
    "admin.usage.warn": "{adm_warn} &lt;user&gt; &lt;reason&gt; — a formal warning, sent to them and kept on record",
    "admin.usage.hide": "{adm_hide} &lt;offer:ID|request:ID&gt; &lt;reason&gt;",
    "admin.usage.unhide": "{adm_unhide} &lt;offer:ID|request:ID&gt;",
    "admin.usage.verifications": "{adm_verifications} — accounts waiting for verification",
    "admin.usage.verify_ok": "{adm_verify_ok} &lt;user&gt;",
    "admin.usage.verify_no": "{adm_verify_no} &lt;user&gt; &lt;reason&gt;",
    "admin.usage.credit": "{adm_credit} &lt;user&gt; &lt;+n|-n&gt; &lt;reason&gt; — e.g. {adm_credit} @bob +20 refund of a boost",
    "admin.usage.reports": "{adm_reports} — the reports queue",
    "admin.usage.stats": "{adm_stats} [days] — pilot analytics (default 30 days) with a chart",
    "admin.usage.audit": "{adm_audit} &lt;order:ID|account:ID|@user&gt; — the record of an order or a user",
    "admin.usage.mod": "{adm_mod} add|remove &lt;user&gt; — owners only",
    "admin.usage.refund_stars": "{adm_refund_stars} &lt;charge id&gt; [reason] — give a Telegram Stars payment back while its credits are unspent (the charge id is in the user's {cmd_history})",
    "admin.usage.cancel": "{adm_cancel} — drop the ruling you were asked a note for",
    "admin.usage.help": "{adm_help} — this list",
    "admin.refused.chat": "⛔ Admin commands work only in the moderators' admin channel. This attempt was logged.",
    "admin.refused.role": "⛔ Only moderators can use admin commands. This attempt was logged.",
    "admin.refused.banned": "⛔ Your account is banned; admin commands are refused. Logged.",
    "admin.unknown": "Unknown admin command /{name}. Send {adm_help} for the list.",
    "admin.help": "🛡 <b>Admin commands</b>\n{lines}",
    "admin.button_invalid": "This button is no longer valid.",
    "admin.nothing": "Nothing to cancel.",
    "admin.cancelled": "Cancelled; nothing was ruled.",
    "admin.disputes_none": "✅ No open cases.",
    "admin.disputes_title": "⚖️ <b>Open cases</b> ({count})",
    "admin.claimed": "👮 Case {id} is yours, {who}. Rule with the buttons or {adm_rule}.",
    "admin.resolved_already": "⚠️ Case {id} is resolved already.",
    "admin.claimed_by_other": "⚠️ Case {id} is claimed by #{moderator}.",
    "admin.prompt_note": "✍️ Case {id} → <b>{ruling}</b>. Reply to this message with the note both parties will read (or {adm_cancel}).",
    "admin.prompt_split": "✍️ Case {id} → <b>split</b>. Reply to this message with the percentage refunded to the buyer (the rest goes to the seller) and the note both parties will read, e.g. <code>30 Half of the rows were missing</code> (or {adm_cancel}).",
    "admin.prompt_verify_no": "✍️ Declining {who}'s verification. Reply to this message with the reason they will read (or {adm_cancel}).",
    "admin.ruled": "⚖️ Case {id} ruled: <b>{ruling}</b>. Both parties were notified with the note.",
    "admin.split_ruling": "{ruling} {pct}% refunded to the buyer",
    "admin.split_range": "⚠️ The buyer's refund share must be a whole number from 1 to 99 (use release or refund for 100 or 0).",
    "admin.override": "{icon} Order #{order} {done}. {payment}",
    "admin.override.hold": "is on hold",
    "admin.override.unhold": "is off hold",
    "admin.override.release": "is released",
    "admin.override.reverse": "is back to delivered (approval reversed)",
    "admin.refunded": "↩️ Order #{order}: {amount} goes back to the buyer; a payout already sent is reversed first. Both parties are told.",
    "admin.override_escrow": "The payment side was carried out by the escrow adapter.",
    "admin.override_state_only": "⚠️ Payment not touched: {why}.",
    "admin.banned": "🚫 {who} is banned; their listings are hidden and they were told why.{orders}",
    "admin.banned_orders": "\nOpen orders to check: {orders}",
    "admin.unbanned": "✅ {who} is unbanned; listings hidden by the ban are back.",
    "admin.warned": "⚠️ {who} was warned; the warning is on their record.",
    "admin.hidden": "🙈 {listing} is hidden; its owner was told why.",
    "admin.unhidden": "👁 {listing} is visible again.",
    "admin.verifications_none": "No verification requests are waiting.",
    "admin.verifications_title": "🪪 <b>Verification requests</b> ({count})",
    "admin.verification_line": "• {who} · {kind} · trust {trust} · joined {joined}",
    "admin.verified": "✅ {who} is verified.",
    "admin.declined": "❌ {who}'s verification was declined; they were told why.",
    "admin.credited": "💳 {who}: {delta} credits ({reason}). Balance now {balance}.",
    "admin.reports_none": "✅ The reports queue is empty.",
    "admin.reports_title": "🚩 <b>Reports</b> ({count})",
    "admin.report_line": "• #{id} {subject} by #{actor} {at}: {note}",
    "admin.report_closed": "Report {id} closed.",
    "admin.mod_added": "🛡 {who} is a moderator now.",
    "admin.mod_removed": "{who} is no longer a moderator.",
    "admin.audit_title": "📜 <b>Record of {subject}</b>",
    "admin.audit_empty": "Nothing recorded.",
    "admin.audit_event": "• {at} {action} → {status} by #{actor} [{role}]{note}",
    "admin.audit_entry": "• {at} {action} on {subject} by #{actor}{note}{data}",
    "admin.stars_refunded": "⭐ Stars payment <code>{charge}</code> refunded: {stars} Stars back to account #{account}, {credits} credits debited.",
    "admin.stars_no_refunder": "Stars refunds need the Telegram bot, which is not running here.",
    "admin.contact_flagged": "🚩 Possible off-platform contact ({kinds}) by #{account} in {subject}:\n{excerpt}\n{adm_audit} account:{account}",
    "admin.moderators_wanted": "Moderators?",
    "admin.btn.claim": "👮 Claim",
    "admin.btn.release": "✅ Release",
    "admin.btn.refund": "↩️ Refund",
    "admin.btn.split": "➗ Split",
    "admin.btn.resume": "🔁 Resume",
    "admin.btn.case": "Case {id}",
    "admin.btn.approve": "✅ #{id}",
    "admin.btn.decline": "❌ #{id}",
    "admin.btn.close_report": "Close #{id}",
    "admin.card.system": "system",
    "admin.card.minutes_ago": "{n} min ago",
    "admin.card.hours_ago": "{n} h ago",
    "admin.card.days_ago": "{n} d ago",
    "admin.card.agent": "🤖 agent",
    "admin.card.verified": "verified ✓",
    "admin.card.banned": "⛔ banned",
    "admin.card.moderator": "🛡 moderator",
    "admin.card.rating": "★{average} ({count})",
    "admin.card.no_ratings": "no ratings",
    "admin.card.buyer": "Buyer",
    "admin.card.seller": "Seller",
    "admin.card.party": "{label} {who} · trust {trust} · {rating} · {orders} orders, {completed}/{finished} completed as seller, {disputed} disputed · joined {joined}",
    "admin.card.event": "• {at} {action} → {status} by {actor} [{role}]{note}",
    "admin.card.message": "• {at} {icon} {name}: {text}{file}{redacted}",
    "admin.card.redacted": " 🔒redacted",
    "admin.card.automated": "(automated: {how}{reviewed})",
    "admin.card.reviewed_by": ", reviewed by #{id}",
    "admin.card.undeclared": "(provenance not declared{reviewed})",
    "admin.card.open": "🟡 open, unclaimed",
    "admin.card.claimed": "🟠 claimed by {who}",
    "admin.card.resolved": "✅ resolved: {ruling}",
    "admin.card.title": "Case {id}",
    "admin.card.header": "⚖️ {title} · order #{order} “{subject}” · {status}",
    "admin.card.opened": "Opened {ago} by {who} ({role}): {reason}",
    "admin.card.role.buyer": "buyer",
    "admin.card.role.seller": "seller",
    "admin.card.terms": "{price} · {mode} · now {status} · {used}/{included} revisions · due {due}",
    "admin.card.supervised": "Seller supervised by {who}",
    "admin.card.shared": "Other orders between them: {orders}",
    "admin.card.ruling_note": "Ruling note: {note}",
    "admin.card.timeline": "Timeline",
    "admin.card.earlier": "… {count} earlier",
    "admin.card.deliveries": "Deliveries",
    "admin.card.messages": "Messages",
    "admin.card.none": "• none",
    "admin.card.moderator_log": "Moderator log",
    "admin.card.moderator_entry": "• {at} {action} by #{actor}{note}",
    "admin.card.unclaimed": "⏰ Still unclaimed. {mention}",
    "admin.card.line": "• {title} · order #{order} “{subject}” · {price} · {state} · opened {ago}",
    "admin.card.line_unclaimed": "unclaimed",
    "admin.card.line_claimed": "claimed by #{moderator}",
    "admin.stats.title": "📊 Pilot, last {days} days ({since} – {until} UTC)",
    "admin.stats.requests": "Requests posted: {requests} ({categories})",
    "admin.stats.none": "none",
    "admin.stats.offers": "Offers published: {offers}",
    "admin.stats.proposals": "Proposals: {proposals} · per request {per_request} · {answered} requests got one · median time to the first: {median}",
    "admin.stats.request_conversion": "Requests → orders: {converted}/{requests} ({rate})",
    "admin.stats.offer_conversion": "Offers → orders: {converted}/{offers} ({rate})",
    "admin.stats.orders": "Orders: {orders} ({from_requests} from requests, {from_offers} from offers)",
    "admin.stats.completion": "Completion: {completed}/{finished} finished ({rate})",
    "admin.stats.disputes": "Disputes: {disputed}/{orders} ({rate})",
    "admin.stats.repeat": "Repeat hires: {repeat}/{orders} ({rate})",
    "admin.stats.minutes": "{n} min",
    "admin.stats.hours": "{n} h",
    "admin.stats.days": "{n} d",
    # -- Discord slash commands: descriptions, and names (lowercase, no spaces) ------------------
    "front.cmd.offer": "Offers: publish one, browse, manage yours",
    "front.cmd.request": "Requests for work: post one, browse, manage yours",
    "front.cmd.order": "Your orders: view, message, deliver, approve, review",
    "front.cmd.inbox": "Notifications that could not reach you as a DM",
    "front.cmd.offer_list": "Browse offers by category and words",
    "front.cmd.request_list": "Browse requests by category and words",
    "front.cmd.order_view": "An order's card and timeline",
    "front.cmd.order_msg": "Message the other party of an order (text and/or a file)",
    "front.cmd.order_deliver": "Deliver work: a file, a link or a note",
    "front.cmd.order_cancel": "Cancel an order (or ask the other party to agree)",
    "front.cmd.link": "Link Telegram and Discord: show a code, enter one, or unlink",
    "front.cmd.settings": "Where notifications go: Telegram or Discord",
    "front.cmd.profile": "A profile and trust score (yours, or @user / #id)",
    "front.cmd.agents": "Agents you supervise; name one to create it",
    "front.cmd.report": "Report a listing, user or message",
    "front.cmd.bid": "Send a proposal on a request",
    "front.cmd.proposals": "Proposals on your request",
    "front.cmd.review": "Review a completed order (rating 1–5 and a text)",
    "front.file_too_large": "📎 {name} is larger than the {limit} MB Discord lets me upload: download it through the API (the order's file, with an API key) or open the order on Telegram.",
    "discord.name.agents": "agents",
    "discord.name.apikey": "apikey",
    "discord.name.approve": "approve",
    "discord.name.balance": "balance",
    "discord.name.bid": "bid",
    "discord.name.cancel": "cancel",
    "discord.name.deliver": "deliver",
    "discord.name.dispute": "dispute",
    "discord.name.help": "help",
    "discord.name.history": "history",
    "discord.name.inbox": "inbox",
    "discord.name.link": "link",
    "discord.name.list": "list",
    "discord.name.menu": "menu",
    "discord.name.mine": "mine",
    "discord.name.msg": "msg",
    "discord.name.new": "new",
    "discord.name.offer": "offer",
    "discord.name.order": "order",
    "discord.name.payouts": "payouts",
    "discord.name.pay": "pay",
    "discord.name.wallet": "wallet",
    "discord.name.profile": "profile",
    "discord.name.proposals": "proposals",
    "discord.name.report": "report",
    "discord.name.request": "request",
    "discord.name.review": "review",
    "discord.name.revise": "revise",
    "discord.name.settings": "settings",
    "discord.name.topup": "topup",
    "discord.name.username": "username",
    "discord.name.verify": "verify",
    "discord.name.view": "view",
    # -- i18n (errors of accounts, linking, webhooks, credits, Stars, deposits, listings,
    #    reviews, moderation and the shared input rules; field.<name> names a form field) --
    "field.agents": "agents",
    "field.amount": "amount",
    "field.bot_pct": "automated share",
    "field.budget": "budget",
    "field.budget_max": "maximum budget",
    "field.budget_min": "minimum budget",
    "field.category": "category",
    "field.charge_id": "charge id",
    "field.code": "code",
    "field.days": "days",
    "field.deadline": "deadline",
    "field.delivery": "delivery",
    "field.delivery_days": "delivery time in days",
    "field.description": "description",
    "field.display_name": "display name",
    "field.email": "email",
    "field.events": "events",
    "field.inputs": "inputs",
    "field.language": "language",
    "field.limit": "limit",
    "field.message": "message",
    "field.note": "note",
    "field.output_format": "output format",
    "field.payment_mode": "payment mode",
    "field.platform": "platform",
    "field.price": "price",
    "field.proofers": "proofers",
    "field.rating": "rating",
    "field.reason": "reason",
    "field.subject": "subject",
    "field.text": "text",
    "field.timeline_days": "timeline in days",
    "field.title": "title",
    "field.token": "token",
    "field.url": "URL",
    "field.username": "username",
    "error.account.already_banned": "{handle} is banned already.",
    "error.account.email_taken": "An account with that email exists; use its API key, or rotate the key with POST /api/agent/api-key.",
    "error.account.humans_supervise": "Only a human account can supervise agents.",
    "error.account.language_invalid": "{language} is not a language code.",
    "error.account.not_banned": "{handle} is not banned.",
    "error.account.self_ban": "You cannot ban yourself.",
    "error.account.too_many_agents": "You supervise {limit} agents already; revoke one first.",
    "error.account.username_taken": "@{name} is taken; pick another.",
    "error.account.name_ambiguous": "@{name} is the name of different people on {platforms}; use their BotGig @username or #id.",
    "error.audit.subject": "Say what to audit as order:ID or account:ID.",
    "error.auth.scope": "This key lacks the '{scope}' scope; rotate it with POST /api/agent/api-key to get a read+write key.",
    "error.credits.adjustment_invalid": "The adjustment must be a non-zero whole number such as +10 or -5.",
    "error.deposit.not_held": "Deposit {deposit_id} is {status}, not held.",
    "error.email.already_verified": "Your email is verified already.",
    "error.email.missing": "This account has no email to verify.",
    "error.email.token_invalid": "That verification token is unknown or expired; ask for a new email.",
    "error.email.token_used": "That verification token has been used already: each token works once. If your email is not verified yet, ask for a new email.",
    "error.job.not_awarded": "Job {job_id} has no order yet: the poster has not accepted an application.",
    "error.link.both_active": "Both accounts have activity already ({issuer_platform}: {issuer_activity}; {redeemer_platform}: {redeemer_activity}), so they cannot be merged: orders, reviews and credits stay with the account they belong to. Keep using them separately, or link a fresh account to the one you use.",
    "error.link.code_expired": "That code expired (codes last {minutes} minutes). Run {cmd_link} again on {platform} for a new one.",
    "error.link.code_malformed": "That is not a link code: a code has 8 letters and digits, like ABCD-EF23.",
    "error.link.code_unknown": "That code is not valid. Check it, or run {cmd_link} again where you got it.",
    "error.link.code_used": "That code was used already; each code works once. Run {cmd_link} again for a new one.",
    "error.link.last_identity": "{platform} is the only way into this account; it cannot be unlinked.",
    "error.link.not_linked": "This account is not linked to {platform}; link it first with {cmd_link}.",
    "error.link.own_code": "That is your own code: enter it on the other platform, with the account you want to link.",
    "error.link.platform_taken": "Both accounts already have a {platforms} identity. Unlink it from one of them first ({cmd_link} remove &lt;platform&gt;).",
    "error.link.platform_unknown": "Name a platform: {platforms}.",
    "error.link.same_platform": "That code was made on {platform}; enter it on the other platform.",
    "error.listing.budget_range": "The minimum budget is above the maximum.",
    "error.listing.price_range": "The minimum price is above the maximum.",
    "error.moderator.already": "{handle} is a moderator already.",
    "error.moderator.banned": "{handle} is banned.",
    "error.moderator.not_moderator": "{handle} is not a moderator.",
    "error.moderator.owner": "{handle} is an owner; remove them from BOTGIG_OWNERS instead.",
    "error.moderator.owners_only": "Only the owners named in BOTGIG_OWNERS can change moderators.",
    "error.offer.already_hidden": "Offer {offer_id} is hidden already.",
    "error.offer.expired": "Offer {offer_id} is expired. Renew it with {cmd_myoffers} first.",
    "error.offer.not_boostable": "Only an active offer can be boosted; offer {offer_id} is {offer_status}.",
    "error.offer.not_hidden": "Offer {offer_id} is not hidden.",
    "error.offer.not_renewable": "Offer {offer_id} is {offer_status} and cannot be renewed.",
    "error.offer.not_yours": "Offer {offer_id} is not yours.",
    "error.offer.status": "Offer {offer_id} is {offer_status}.",
    "error.permission.moderators_only": "Only moderators can do that.",
    "error.permission.not_a_party": "You are not a party to order {order_id}.",
    "error.proposal.buyer_accepts": "Only the request's buyer can accept its proposals.",
    "error.proposal.buyer_rejects": "Only the request's buyer can reject its proposals.",
    "error.proposal.duplicate": "You already have a pending proposal (#{proposal_id}) on this request; withdraw it first to send a new one.",
    "error.proposal.not_yours": "Proposal {proposal_id} is not yours.",
    "error.proposal.own_request": "You cannot bid on your own request.",
    "error.proposal.seller_banned": "That seller cannot take orders right now.",
    "error.proposal.status": "Proposal {proposal_id} is {proposal_status}.",
    "error.rate_limited.listings": "You can send at most {count} listings per hour, to keep BotGig free of spam. Try again in {minutes} min.",
    "error.rate_limited.messages": "You can send at most {count} messages per minute, to keep BotGig free of spam. Try again in {seconds} s.",
    "error.rate_limited.proposals": "You can send at most {count} proposals per hour, to keep BotGig free of spam. Try again in {minutes} min.",
    "error.report.not_open": "Report {report_id} is not in the queue (closed already, or no such report).",
    "error.report.subject": "Say what you report as kind:id, for example offer:12, request:7, order:5 or account:3.",
    "error.request.already_hidden": "Request {request_id} is hidden already.",
    "error.request.budget_order": "The minimum budget ({minimum}) is above the maximum ({maximum}); swap them or widen the range.",
    "error.request.closed_to_bids": "Request {request_id} is {request_status} and takes no more proposals.",
    "error.request.not_hidden": "Request {request_id} is not hidden.",
    "error.request.not_yours": "Request {request_id} is not yours.",
    "error.request.status": "Request {request_id} is {request_status}.",
    "error.review.duplicate": "You reviewed this order already.",
    "error.review.not_completed": "Order {order_id} is {status}; reviews open once it is completed.",
    "error.review.parties_only": "Only the buyer and the seller of order {order_id} review it.",
    "error.stars.account_banned": "Your account is banned: you can still read your own data, but not act. Contact the moderators if you think this is a mistake.",
    "error.stars.already_refunded": "Stars payment {charge_id} was refunded already.",
    "error.stars.charge_id": "Invalid Telegram payment charge id.",
    "error.stars.credits_just_spent": "Cannot refund Stars payment {charge_id}: its credits were just spent.",
    "error.stars.credits_spent": "Cannot refund Stars payment {charge_id}: its {credits} credits are partly spent (account #{account_id} has {balance} credits left). Settle it another way.",
    "error.stars.currency": "This invoice must be paid in Telegram Stars.",
    "error.stars.invoice_invalid": "This invoice is not valid. Send {cmd_topup} for a new one.",
    "error.stars.no_account": "The account of this invoice does not exist.",
    "error.stars.other_account": "This invoice tops up another account. Send {cmd_topup} to get your own.",
    "error.stars.pack_gone": "This pack is no longer offered at this price. Send {cmd_topup} for the current packs.",
    "error.stars.payment_mismatch": "This payment does not match a BotGig invoice; the moderators will look at it.",
    "error.stars.price_mismatch": "The price does not match the pack ({stars} Stars). Send {cmd_topup} for a new invoice.",
    "error.stars.unknown_pack": "That pack is not offered any more; send {cmd_topup} to see the current packs.",
    "error.validation.amount": "An amount must be a positive whole number.",
    "error.validation.cents_not_whole": "The {label} must be a whole number of cents.",
    "error.validation.email": "That is not an email address (name@example.com).",
    "error.validation.needs_timezone": "The {label} needs a timezone (UTC).",
    "error.validation.not_future": "The {label} must be in the future.",
    "error.validation.not_positive": "The {label} must be more than 0.",
    "error.validation.not_url": "The {label} must be an http(s) URL such as https://example.com/report.csv.",
    "error.validation.not_whole": "The {label} must be a whole number.",
    "error.validation.out_of_range": "The {label} must be between {minimum} and {maximum} (got {value}).",
    "error.validation.price_too_high": "The {label} can be at most {maximum} (got {value}).",
    "error.validation.text_long": "The {label} can have at most {maximum} characters (got {length}).",
    "error.validation.text_line_break": "The {label} must be a single line: remove the line break ({char}) at position {position}.",
    "error.validation.text_control": "The {label} contains a control character ({char}) at position {position}; remove it and send the text again.",
    "error.validation.text_bidi": "The {label} contains a text-direction override ({char}) at position {position}, which can make text read in a misleading order; remove it and send the text again.",
    "error.validation.text_invisible": "The {label} contains an invisible character ({char}) at position {position}; remove it and send the text again.",
    "error.validation.name_invisible": "The {label} contains an invisible character ({char}) at position {position}. Names cannot hold invisible characters, nor emoji joined from several emoji; remove it.",
    "error.validation.text_required": "The {label} is required.",
    "error.validation.text_short": "The {label} needs at least {minimum} characters (got {length}).",
    "error.validation.unknown_category": "Unknown category '{slug}'. Choose one of: {allowed}.",
    "error.validation.username": "A username has 3–32 characters: a letter first, then letters, digits or _ (for example alice_ops).",
    "error.verification.already": "Your account is verified already.",
    "error.verification.not_pending": "{handle} has no pending verification request.",
    "error.verification.pending": "Your verification request is waiting for a moderator.",
    "error.webhook.port_invalid": "The webhook URL has an invalid port.",
    "error.webhook.too_many": "An account can have at most {limit} webhook endpoints; delete one.",
    "error.webhook.unknown_event": "Unknown event types: {unknown}. Choose from: {known} (or leave the list empty for all).",
    "error.webhook.url_invalid": "The webhook URL must be an http(s) URL such as https://example.com/hooks/botgig.",
    "error.webhook.url_private": "The webhook URL points at a private, loopback or link-local address; use a public URL.",
    "error.webhook.url_unresolvable": "The host {host} of the webhook URL does not resolve.",
    "error.marketplace.error": "Something in the request is not allowed.",
    "error.validation.failed": "The input is not valid.",
    "error.permission_denied": "You are not allowed to do that.",
    "error.account.banned": "Your account is banned: you can still read your own data, but not act. Contact the moderators if you think this is a mistake.",
    "error.account.unverified": "Verify your email first: open the link we sent you, then try again.",
    "error.conflict": "That conflicts with the current state; reload and try again.",
    "error.conflict.concurrent_update": "Someone changed this at the same moment; please try again.",
    "error.credits.api_access_unpaid": "API access has lapsed and your credit balance cannot renew it. Top up credits ({cmd_topup} in chat or GET /api/me/credits/deposit-address), then retry.",
    "error.credits.crypto_unavailable": "Crypto top-ups are not configured on this BotGig. Ask the operators, or use another way to top up.",
    "error.payment.card_declined": "The payment processor declined the payment of order {order_id}: {reason} Try another card (pay again for a new link) or cancel the order.",
    "error.payment.checkout_refused": "The payment processor refused a payment link for order {order_id}: {reason} The order waits unfunded; cancel it or pay again once this is fixed.",
    "error.payment.checkout_unavailable": "The payment processor could not make a payment link for order {order_id} right now; try again in a minute (pay again) or cancel the order.",
    "error.payment.amount_below_minimum": "Escrow needs at least {minimum}; this order costs {amount}. Raise the price or pay off-platform.",
    "error.payment.email_unverified": "Verify your email first (POST /api/auth/verify-email with the token we sent), then set up payouts again: money is paid out only to verified accounts.",
    "error.payment.gateway_error": "The payment processor did not accept the request.",
    "error.credits.stars_unavailable": "Telegram Stars top-ups are not offered on this BotGig.",
    "error.auth.missing_key": "This endpoint needs an API key. Send your key in the X-API-Key header (or Authorization: Bearer &lt;key&gt;); get one with POST /api/auth/register.",
    "error.auth.invalid_key": "That API key is not valid (unknown or revoked). Send your key in the X-API-Key header (or Authorization: Bearer &lt;key&gt;); get one with POST /api/auth/register.",
    # -- escrow (core/escrow/errors.py) ----------------------------------------------------------
    "error.payment.escrow_unavailable": "Escrow is not available on this BotGig: no payment processor is configured. Orders are paid off-platform.",
    "error.payment.invalid_signature": "The payment processor's signature does not verify.",
    "error.payment.buyer_only": "Only the buyer of order {order_id} can pay for it.",
    "error.order.not_escrow": "Order {order_id} is not an escrow order.",
    "error.order.not_awaiting_funding": "Order {order_id} is {status}; it cannot be funded now.",
    "error.payment.wallet_insufficient": "Your wallet holds {balance} {currency}; the order needs {needed}. Deposit money or pay by card.",
    "error.order.not_released": "Order {order_id} is not a completed escrow order.",
    "error.order.nothing_released": "Nothing of order {order_id} was released.",
    "error.order.refunded": "Order {order_id} was refunded already.",
    "error.payment.chargeback_open": "Order {order_id} has a card chargeback open at the bank: its money stays where the chargeback put it until the bank decides. Try again once the chargeback is closed.",
    "error.payment.chargeback_lost": "The card holder's bank took order {order_id}'s payment back already (a lost chargeback): a refund would pay the buyer twice. What the bank kept is in the order's timeline and the admin channel.",
    "error.payment.own_order": "You are a party to order {order_id}; another moderator must act on it.",
    "error.payment.in_flight": "The payout of order {order_id} is being sent right now; try again in a minute.",
    "error.payment.changed": "The payout of order {order_id} changed meanwhile; try again.",
    "error.payment.payout_account_not_ready": "The seller's payout account cannot receive payouts yet ({cmd_payouts}).",
    "error.payment.no_payout_to_reverse": "The payout of order {order_id} to reverse is not recorded.",
    "error.payment.no_card_payment": "The card payment of order {order_id} is not recorded.",
    "error.payment.nothing_to_release": "Order {order_id} has no payout waiting to be sent.",
    # -- errors: orders and disputes (core/orders/errors.py)
    "error.dispute.moderator_is_party": "You are a party to order {order_id}; another moderator must act on it.",
    "error.dispute.parties_only": "Only the buyer or the seller can open a dispute.",
    "error.dispute.taken": "Case {id} is taken already by #{moderator}.",
    "error.dispute.claimed_by_other": "Case {id} is claimed by #{moderator}.",
    "error.dispute.resolved_already": "Case {id} is resolved already.",
    "error.dispute.order_on_hold": "Order {order_id} is on hold; unhold it before ruling.",
    "error.order.escrow_off": "Escrow is not available on this BotGig yet; order with off-platform payment.",
    "error.order.seller_cannot_receive": "{seller} cannot receive escrow payouts yet (payout setup unfinished); order with off-platform payment or ask them to finish {cmd_payouts}.",
    "error.order.own_offer": "You cannot order your own offer.",
    "error.order.offer_not_orderable": "Offer {offer_id} is {offer_status} and cannot be ordered now.",
    "error.order.seller_unavailable": "This seller cannot take orders right now.",
    "error.order.delivery_note_long": "The delivery note can have at most {maximum} characters.",
    "error.order.delivery_empty": "A delivery needs a file, a URL or a note describing the result.",
    "error.order.seller_delivers": "Only the seller of order {order_id} can deliver.",
    "error.order.parties_cancel": "Only the buyer or the seller can cancel an order.",
    "error.order.cancel_pending": "You asked to cancel already; waiting for the other party.",
    "error.order.message_empty": "A message needs text or a file.",
    "error.order.message_long": "A message can have at most {maximum} characters; send it in parts.",
    "error.order.parties_message": "Only the parties of order {order_id} can message in it.",
    "error.order.messages_closed": "Order {order_id} is {order_status}; messages are closed.",
    # -- names from the code, in words (handlers.i18n.Translator.word) --------------------
    # order actions as the timeline and errors name them
    "order.action.approve": "approve",
    "order.action.auto_approve": "auto approve",
    "order.action.cancel": "cancel",
    "order.action.cancel_unfunded": "cancel unfunded",
    "order.action.create": "create",
    "order.action.deliver": "deliver",
    "order.action.finish_proofing": "finish proofing",
    "order.action.fund": "fund",
    "order.action.funding_timeout": "funding timeout",
    "order.action.hold": "hold",
    "order.action.open_dispute": "open dispute",
    "order.action.refund_after_release": "refund after release",
    "order.action.release": "release",
    "order.action.request_cancel": "request cancel",
    "order.action.request_revision": "request revision",
    "order.action.reverse_approval": "reverse approval",
    "order.action.rule_refund": "rule refund",
    "order.action.rule_release": "rule release",
    "order.action.rule_resume": "rule resume",
    "order.action.rule_split": "rule split",
    "order.action.seller_timeout": "seller timeout",
    "order.action.send_back": "send back",
    "order.action.sign_off": "sign off",
    "order.action.start_proofing": "start proofing",
    "order.action.submit_for_signoff": "submit for signoff",
    "order.action.unhold": "unhold",
    "order.action.chargeback_lost": "close after a lost chargeback",
    # dispute rulings
    "ruling.release": "release",
    "ruling.refund": "refund",
    "ruling.split": "split",
    "ruling.resume": "resume",
    # kinds of secret removed from a text
    "secret.private_key": "private key",
    "secret.api_key": "API key",
    "secret.access_token": "access token",
    "secret.access_key": "access key",
    "secret.bot_token": "bot token",
    "secret.password": "password",
    "secret.seed_phrase": "seed phrase",
    "secret.connection_string": "connection string",
    "secret.any": "a secret",
    # what an account has done (linking)
    "link.activity.offers": "offers",
    "link.activity.requests": "requests",
    "link.activity.proposals": "proposals",
    "link.activity.orders": "orders",
    "link.activity.credit_history": "credit history",
    "link.activity.agents": "agents",
    "link.activity.api_keys": "API keys",
    "link.activity.webhooks": "webhooks",
    "link.activity.a_deposit_address": "a deposit address",
    "link.activity.roles": "roles",
    # states of a crypto deposit
    "deposit_status.seen": "seen",
    "deposit_status.credited": "credited",
    "deposit_status.below_minimum": "below minimum",
    "deposit_status.held": "held",
    "deposit_status.reorged": "reorged",
    # kinds of account
    "account_kind.human": "human",
    "account_kind.agent": "agent",
    # who acted on an order, besides its parties
    "role.payment": "payment",
    # -- independent proofers (core/proofing, handlers/render/proofing.py) --
    "noun.assignment": "Assignment",
    "timeline.proofing_unavailable": "no eligible proofer was free; proofing skipped",
    "n.proof_assigned": "🔍 You are asked to proof {order}: your scorecard is due {due}.",
    "n.proof_consensus": "🔍 Proofers' consensus on {order}: {verdict} ({count} scorecard(s), quality {quality}/5).",
    "proof.verdict.pass": "✅ pass",
    "proof.verdict.fail": "❌ fail",
    "proof.verdict.split": "⚖️ no majority",
    "proof.verdict.none": "no scorecard came in",
    "error.proofer.too_few_completed": "Proofers need {minimum} completed orders; you have {completed}. Complete more orders, then opt in again.",
    "error.proofer.rating_too_low": "Proofers need a mean rating of at least {minimum}; yours is {rating}.",
    "error.proofer.account_too_new": "Proofers' accounts must be at least {days} day(s) old; try again on {since}.",
    "error.proofer.email_unverified": "Verify your email first, then opt in as a proofer again.",
    "error.proofer.not_assigned": "Assignment {assignment_id} is not yours: only its proofer can see or score it.",
    "error.proofer.already_submitted": "You already submitted the scorecard of assignment {assignment_id}; it cannot be changed.",
    "error.proofer.window_closed": "The window of assignment {assignment_id} ended at {due_at}; the scorecard is no longer accepted.",
    "error.proofer.order_not_proofing": "Order {order_id} is {status}, not being proofed: the scorecard is no longer accepted.",
    "error.proofer.bad_verdict": "The verdict must be pass or fail (you sent {value}).",
    # -- proofers in chat (handlers/commands/proofs.py, the scorecard form) --
    "cmd.proofer": "Opt in or out as an independent proofer: {cmd_proofer} on|off",
    "cmd.proofs": "Your proofing assignments and their scorecards",
    "usage.proofer": "Usage: {cmd_proofer} [on|off]\nExample: <code>{cmd_proofer} on</code>",
    "usage.proofs": "Usage: {cmd_proofs} [assignment id]\nExample: <code>{cmd_proofs} 4</code>",
    "proofer.status.on": "🔍 You are a proofer: you may be asked to check other people's deliveries. {cmd_proofer} off stops new assignments.",
    "proofer.status.off": "🔍 You are not a proofer. Proofers check other people's deliveries and score them; {cmd_proofer} on opts you in when you meet the requirements.",
    "proofer.agreement": {
        "one": "Proofer: {count} scorecard, agreement with the consensus {pct}%",
        "other": "Proofer: {count} scorecards, agreement with the consensus {pct}%",
    },
    "proofer.agreement_none": {
        "one": "Proofer: {count} scorecard compared with a consensus so far",
        "other": "Proofer: {count} scorecards compared with a consensus so far",
    },
    "proofer.enabled": "✅ You are a proofer now. New assignments come as a message; {cmd_proofs} lists them.",
    "proofer.disabled": "You are no longer a proofer: no new assignments. Those you have stay yours ({cmd_proofs}).",
    "btn.proofer_on": "🔍 Become a proofer",
    "btn.proofer_off": "⏸ Stop proofing",
    "btn.my_proofs": "🔍 My assignments",
    "btn.open_assignment": "🔍 #{id}",
    "btn.get_file_id": "📎 File of delivery #{id}",
    "btn.submit_scorecard": "📝 Submit scorecard",
    "proofs.none": "You have no proofing assignments. {cmd_proofer} on opts you in as a proofer.",
    "proofs.header": {
        "one": "🔍 <b>Your proofing assignment</b> ({count})",
        "other": "🔍 <b>Your proofing assignments</b> ({count})",
    },
    "proofs.line": "#{id} · order #{order} {title} · {status} · due {due}",
    "proofs.closed": "Assignment #{id} takes no scorecard any more ({status}).",
    "proofs.card.title": "🔍 <b>Assignment #{id}</b> · order #{order}: {title}",
    "proofs.card.status": "Status: {status}",
    "proofs.card.due": "⏰ Scorecard due {when} ({left})",
    "proofs.card.requirements": "What was asked",
    "proofs.card.deliveries": {
        "one": "Delivery ({count})",
        "other": "Deliveries ({count})",
    },
    "proofs.card.yours": "Your scorecard",
    "proof_status.assigned": "waiting for your scorecard",
    "proof_status.submitted": "scorecard sent",
    "proof_status.expired": "expired (the window ended)",
    "proof_status.cancelled": "cancelled (proofing ended)",
    "proof.heading": "🔍 Independent proofing",
    "proof.progress": "{done} of {wanted} scorecard(s) in; proofing ends {when}",
    "proof.consensus": {
        "one": "Consensus: {verdict} · {scores} ({count} scorecard)",
        "other": "Consensus: {verdict} · {scores} ({count} scorecards)",
    },
    "proof.scores": "completeness {completeness} · accuracy {accuracy} · methodology {methodology} · quality {quality}",
    "proof.card_line": "• {who}: {verdict} · {scores} — {evidence}",
    "proof.card_missing": "• {who}: {status}",
    "proof.anonymous": "Proofer {n}",
    "form.offer.proofers.prompt": "How many independent proofers should check each delivery (0–3)? Skip for none.",
    "form.offer.proofers.label": "Proofers",
    "form.scorecard.title": "📝 Scorecard",
    "form.scorecard.completeness.prompt": "<b>Completeness</b>: does the delivery cover everything that was asked? 1 (little) to 5 (all).",
    "form.scorecard.completeness.label": "Completeness",
    "form.scorecard.accuracy.prompt": "<b>Accuracy</b>: is it correct? 1 (many errors) to 5 (none found).",
    "form.scorecard.accuracy.label": "Accuracy",
    "form.scorecard.methodology.prompt": "<b>Methodology</b>: was it done in a sound, repeatable way? 1 to 5.",
    "form.scorecard.methodology.label": "Methodology",
    "form.scorecard.quality.prompt": "<b>Quality</b>: overall, how good is the work? 1 to 5.",
    "form.scorecard.quality.label": "Quality",
    "form.scorecard.verdict.prompt": "Your verdict: does the delivery pass?",
    "form.scorecard.verdict.label": "Verdict",
    "form.scorecard.evidence.prompt": "Your evidence: what you checked and what you found (the parties read it, without your name).",
    "form.scorecard.evidence.label": "Evidence",
    "form.scorecard.evidence_file.prompt": "A file backing your evidence (a screenshot, a diff)? Send it, or skip.",
    "form.scorecard.evidence_file.label": "Evidence file",
    "form.scorecard.file_only": "Send a file here (or skip); write your findings in the evidence text.",
    "form.scorecard.cost": "💳 This costs <b>{cost} credits</b>.",
    "form.scorecard.confirm": "✅ Submit scorecard",
    "form.scorecard.done": "✅ Scorecard of assignment #{id} sent; it cannot be changed. Thank you!",
    "escrow.proofing_fee_line": "🔍 Included: {fee} for the independent proofers; what they do not earn is refunded to you.",
    "discord.name.proofer": "proofer",
    "discord.name.proofs": "proofs",
    # -- closing an account (handlers.commands.closing, core.accounts.closing)
    'profile.deleted': '🗑 This account was closed; its orders and reviews stay.',
    'cmd.deleteaccount': 'Close your account for good',
    'discord.name.deleteaccount': 'deleteaccount',
    'deleteaccount.private_only': '🔒 Close your account in a private chat with the bot, not here.',
    'deleteaccount.blocked': '⛔ <b>Your account cannot be closed yet.</b> Resolve these first, then send {cmd_deleteaccount} again:',
    'deleteaccount.confirm': '⚠️ <b>Close account #{id}?</b> This cannot be undone.\n• Your listings are removed ({listings}) and your pending proposals withdrawn ({proposals}).\n• Your {credits} credits are forfeited: credits are never paid out or moved to anyone.\n• {platforms} are unlinked: if you write to the bot again, you start as a new account.\n• Your name, @username, email, API keys and webhooks are erased.',
    'deleteaccount.agents': '• The agents you supervise are closed with it: {agents}.',
    'deleteaccount.stays': 'Orders stay for the other party, and your reviews stay, shown as by "a deleted account".',
    'btn.deleteaccount_yes': '🗑 Close my account',
    'btn.deleteaccount_no': 'Keep it',
    'deleteaccount.not_yours': 'Only the account this confirmation was shown to can press it.',
    'deleteaccount.done': '✅ Account #{id} is closed; {credits} credits were forfeited. Goodbye — if you write again, you start as a new account.',
    'deleteaccount.kept': '👍 Your account stays as it is.',
    'error.account.deletion_banned': 'A banned account cannot close itself: ask the moderators to review the ban first.',
    'error.account.deletion_open_orders': 'Orders {orders} are still open: finish, cancel or hand them over first ({cmd_orders}), then close the account.',
    'error.account.deletion_open_disputes': "Orders {orders} have an open dispute: wait for the moderators' ruling, then close the account.",
    'error.account.deletion_escrow_held': 'Orders {orders} still hold money in escrow: wait until it is released or refunded.',
    'error.account.deletion_payment_queued': 'A payout or refund of orders {orders} is still queued: wait until it has been sent.',
    'error.account.deletion_payout_pending': '{amount} owed to you has not been paid out yet: finish payout setup ({cmd_payouts}) and wait for the transfer.',
    'error.account.deletion_wallet_money': 'Your wallet holds {amount}: spend it on an order or ask the moderators to refund it first.',
    'error.account.deletion_proofing_due': 'You are a proofer on orders {orders}: submit those scorecards first ({cmd_proofs}).',
    'error.account.deletion_agent_busy': 'Your agent #{agent_id} is closed with your account, and it cannot be yet: {work}',
    'error.account.deletion_unconfirmed': 'Closing an account cannot be undone: confirm it explicitly (DELETE /api/me?confirm=true).',
    # -- the data export (/export) ---------------------------------------------------------
    "cmd.export": "Download all your data (a zip)",
    "discord.name.export": "export",
    "usage.export": "Usage: {cmd_export} (no arguments) sends all your BotGig data as one zip file.\nExample: <code>{cmd_export}</code>",
    "export.private_only": "🔒 Your data export holds your private messages and history, so I only send it in a private chat. Open a chat with me and send {cmd_export} there.",
    "export.ready": "📦 <b>Your BotGig data</b> ({size} MB): one zip with a JSON file per section and your uploaded files up to the size limits. Keep it private.",
    "export.preparing": "⏳ Your account has a lot of history, so export #{id} is being prepared in the background. I will send it here when it is ready.",
    "export.too_large": "📦 Your export is {size} MB, more than the {limit} MB I can send here. Download it with your API key from GET /api/me/export (get a key with {cmd_apikey}).",
    "n.export_ready": "📦 <b>Your data export is ready</b> ({size} MB): one zip with a JSON file per section. Keep it private.",
    "n.export_again": "Export #{id} can be downloaded again until {expires} with GET /api/me/export/{id}.",
    "n.export_gone": "Your data export #{id} is no longer available; send {cmd_export} for a new one.",
    "error.export.rate_limited": "You can export your data {count} times per {hours} h. Try again in {minutes} min.",
    "error.export.expired": "That export was deleted after it expired; ask for a new one ({cmd_export} in chat or GET /api/me/export).",
    # The Mini App's own labels (bots/web): plain text, placeholders filled by the page.
    "web.tab_offers": "Offers",
    "web.tab_requests": "Requests",
    "web.tab_orders": "My orders",
    "web.search_words": "Search words",
    "web.all_categories": "All categories",
    "web.min_price": "Min price",
    "web.max_price": "Max price",
    "web.min_budget": "Min budget",
    "web.max_budget": "Max budget",
    "web.search": "Search",
    "web.sorted": "Sorted as in the chat: boosted first, then the seller's trust, then newest.",
    "web.nothing": "Nothing matches these filters.",
    "web.more": "More",
    "web.back": "← Back",
    "web.no_orders": "No orders yet.",
    "web.seller": "Seller",
    "web.buyer": "Buyer",
    "web.trust": "trust",
    "web.agent": "agent",
    "web.human": "human",
    "web.proposals": "Proposals: {n}",
    "web.bids_close": "Bids close {when}",
    "web.boosted": "boosted",
    "web.description": "Description",
    "web.seller_needs": "What the seller needs",
    "web.you_get": "What you get",
    "web.buyer_provides": "What the buyer provides",
    "web.signoff": "A human supervisor signs off each delivery.",
    "web.order_for": "Order for {price}",
    "web.order_confirm": "Order “{title}” from {seller} for {price}, delivered in {delivery}?",
    "web.place_order": "Place order",
    "web.cancel": "Cancel",
    "web.placed": "Order #{id} placed. The bot has sent the confirmation to your chat with it.",
    "web.own_offer": "This is your own offer.",
    "web.not_orderable": "This offer cannot be ordered now.",
    "web.own_request": "This is your own request.",
    "web.no_bids": "This request takes no more proposals.",
    "web.your_proposal": "Your proposal",
    "web.price": "Price",
    "web.days": "Days to deliver",
    "web.bid": "Bid",
    "web.bid_confirm": "Send this proposal on “{title}” for {price} in {days} day(s)?",
    "web.send_proposal": "Send proposal",
    "web.sent": "Proposal #{id} sent. The bot has sent the confirmation to your chat with it.",
    "web.role_buyer": "you are the buyer",
    "web.role_seller": "you are the seller",
    "web.due": "Due: {left}",
    "web.auto_approve": "Approves itself: {left}",
    "web.left": "{time} left",
    "web.overdue": "{time} overdue",
    "web.banned": "Your account is banned: you can browse but not order or bid.",
}
