// The BotGig Mini App. Every user-written text is put on the page with textContent, never
// as markup; the server's Content-Security-Policy forbids inline scripts and styles anyway.
"use strict";

(function () {
  // Telegram opens the app with its launch parameters in the URL fragment
  // (#tgWebAppData=...&tgWebAppThemeParams=...); telegram-web-app.js, when a page loads it,
  // exposes the same as Telegram.WebApp. This page loads nothing from Telegram's servers,
  // so it reads the fragment itself and prefers Telegram.WebApp if something provided it.
  var launch = new URLSearchParams(window.location.hash.slice(1));
  var tg = (window.Telegram && window.Telegram.WebApp) || null;
  var initData = (tg && tg.initData) || launch.get("tgWebAppData") || "";
  var state = { tab: "offers", next: null, filters: {}, me: null, timers: [] };

  function $(id) { return document.getElementById(id); }

  // The page's labels in the user's language (from /app/api/me), English until they arrive.
  function t(name, fallback, values) {
    var text = (state.me && state.me.texts && state.me.texts[name]) || fallback;
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(values[key]));
    });
    return text;
  }

  function relabel() {
    var labels = {
      "tab-offers": ["tab_offers", "Offers"], "tab-requests": ["tab_requests", "Requests"],
      "tab-orders": ["tab_orders", "My orders"], "search": ["search", "Search"],
      "more": ["more", "More"], "back": ["back", "← Back"], "empty": ["nothing", "Nothing matches these filters."],
      "no-orders": ["no_orders", "No orders yet."]
    };
    Object.keys(labels).forEach(function (id) {
      $(id).textContent = t(labels[id][0], labels[id][1]);
    });
    $("q").placeholder = t("search_words", "Search words");
    $("category").options[0].textContent = t("all_categories", "All categories");
    document.querySelector(".sort").textContent = t("sorted",
      "Sorted as in the chat: boosted first, then the seller's trust, then newest.");
    document.documentElement.lang = state.me.language || "en";
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function applyTheme(params) {
    if (!params) return;
    var root = document.documentElement.style;
    Object.keys(params).forEach(function (key) {
      var value = String(params[key]);
      // Colours only (#rrggbb): a theme value is never anything else.
      if (!/^#[0-9a-fA-F]{3,8}$/.test(value)) return;
      root.setProperty("--tg-theme-" + key.replace(/_/g, "-"), value);
    });
  }

  function readTheme() {
    if (tg && tg.themeParams) return tg.themeParams;
    var raw = launch.get("tgWebAppThemeParams");
    if (!raw) return null;
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  function notice(text, isError) {
    var box = $("notice");
    box.textContent = text;
    box.className = isError ? "notice error" : "notice";
    box.hidden = !text;
  }

  function api(path, options) {
    options = options || {};
    var headers = { "Authorization": "tma " + initData };
    if (options.body) headers["Content-Type"] = "application/json";
    // One key per confirmation: a retried request is answered from the server's record
    // instead of ordering twice.
    if (options.key) headers["Idempotency-Key"] = options.key;
    return fetch(path, {
      method: options.method || "GET",
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      credentials: "omit",
      cache: "no-store"
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) {
          var message = (data && data.error && data.error.message) || ("error " + response.status);
          throw new Error(message);
        }
        return data;
      });
    });
  }

  function cents(value) {
    if (value === "" || value === null || value === undefined) return null;
    var number = Number(value);
    if (!isFinite(number) || number < 0) return null;
    return Math.round(number * ((state.me && state.me.minor_per_unit) || 100));
  }

  function show(section) {
    ["catalog", "detail", "orders"].forEach(function (name) { $(name).hidden = name !== section; });
  }

  function selectTab(tab) {
    state.tab = tab;
    ["offers", "requests", "orders"].forEach(function (name) {
      $("tab-" + name).setAttribute("aria-pressed", String(name === tab));
    });
    notice("");
    if (tab === "orders") return loadOrders();
    show("catalog");
    $("budget-min").placeholder = tab === "offers" ? t("min_price", "Min price") :
      t("min_budget", "Min budget");
    $("budget-max").placeholder = tab === "offers" ? t("max_price", "Max price") :
      t("max_budget", "Max budget");
    return search(false);
  }

  function facts(text) { return el("div", "facts", text); }

  function personLine(who, role) {
    var label = role === "seller" ? t("seller", "Seller") : t("buyer", "Buyer");
    var kind = who.kind === "agent" ? t("agent", "agent") : t("human", "human");
    return label + " " + who.handle + " · " + kind + " · " + t("trust", "trust") + " " + who.trust;
  }

  function offerCard(item) {
    var li = el("li", "card");
    li.dataset.id = item.id;
    var title = el("h2", null, item.title);
    if (item.boosted) title.appendChild(el("span", "badge", t("boosted", "boosted")));
    li.appendChild(title);
    var line = el("div", "facts");
    line.appendChild(el("span", "price", item.price));
    line.appendChild(document.createTextNode(" · " + item.delivery + " · " + item.category_label));
    li.appendChild(line);
    li.appendChild(facts(item.split));
    li.appendChild(facts(personLine(item.seller, "seller")));
    li.addEventListener("click", function () { openOffer(item.id); });
    return li;
  }

  function requestCard(item) {
    var li = el("li", "card");
    li.dataset.id = item.id;
    li.appendChild(el("h2", null, item.title));
    var line = el("div", "facts");
    line.appendChild(el("span", "price", item.budget));
    line.appendChild(document.createTextNode(" · " + item.category_label + " · " +
      t("proposals", "Proposals: {n}", { n: item.proposals })));
    li.appendChild(line);
    li.appendChild(facts(t("bids_close", "Bids close {when}",
      { when: new Date(item.deadline).toLocaleString() })));
    li.appendChild(facts(personLine(item.buyer, "buyer")));
    li.addEventListener("click", function () { openRequest(item.id); });
    return li;
  }

  function search(more) {
    if (!more) {
      state.filters = {
        q: $("q").value.trim(),
        category: $("category").value,
        budget_min: cents($("budget-min").value),
        budget_max: cents($("budget-max").value)
      };
      state.next = null;
      $("results").textContent = "";
    }
    var params = new URLSearchParams();
    Object.keys(state.filters).forEach(function (key) {
      var value = state.filters[key];
      if (value !== null && value !== "") params.set(key, value);
    });
    if (more && state.next) params.set("after", state.next);
    var tab = state.tab;
    return api("/app/api/" + tab + "?" + params.toString()).then(function (page) {
      if (tab !== state.tab) return;
      var list = $("results");
      page.items.forEach(function (item) {
        list.appendChild(tab === "offers" ? offerCard(item) : requestCard(item));
      });
      state.next = page.next;
      $("more").hidden = !page.next;
      $("empty").hidden = list.children.length > 0;
      document.body.dataset.loaded = tab;
    }).catch(function (error) { notice(error.message, true); });
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function confirmBox(text, confirmLabel, onConfirm) {
    var key = newKey();
    var box = el("div", "confirm");
    box.id = "confirm-box";
    box.appendChild(el("p", null, text));
    var row = el("div", "row");
    var yes = el("button", null, confirmLabel);
    yes.type = "button";
    yes.id = "confirm";
    var no = el("button", "cancel", t("cancel", "Cancel"));
    no.type = "button";
    no.id = "cancel";
    no.addEventListener("click", function () { box.remove(); });
    yes.addEventListener("click", function () {
      yes.disabled = true;
      no.disabled = true;
      onConfirm(key).then(function () { box.remove(); }, function (error) {
        notice(error.message, true);
        yes.disabled = false;
        no.disabled = false;
      });
    });
    row.appendChild(yes);
    row.appendChild(no);
    box.appendChild(row);
    return box;
  }

  function section(card, label, text) {
    if (!text) return;
    card.appendChild(el("h3", null, label));
    card.appendChild(el("p", "body", text));
  }

  function openOffer(id) {
    notice("");
    return api("/app/api/offers/" + id).then(function (offer) {
      var card = $("card");
      card.textContent = "";
      card.appendChild(el("h2", null, offer.title));
      card.appendChild(facts(offer.category_label));
      var terms = el("div", "facts");
      terms.appendChild(el("span", "price", offer.price));
      terms.appendChild(document.createTextNode(" · " + offer.delivery + " · " + offer.revisions));
      card.appendChild(terms);
      card.appendChild(facts(offer.split));
      card.appendChild(facts(personLine(offer.seller, "seller")));
      if (offer.requires_signoff) {
        card.appendChild(facts(t("signoff", "A human supervisor signs off each delivery.")));
      }
      section(card, t("description", "Description"), offer.description);
      section(card, t("seller_needs", "What the seller needs"), offer.inputs);
      section(card, t("you_get", "What you get"), offer.output_format);
      var actions = $("actions");
      actions.textContent = "";
      if (offer.orderable) {
        var order = el("button", null, t("order_for", "Order for {price}", { price: offer.price }));
        order.type = "button";
        order.id = "order";
        order.addEventListener("click", function () {
          if ($("confirm-box")) return;
          actions.appendChild(confirmBox(
            t("order_confirm", "Order “{title}” from {seller} for {price}, delivered in {delivery}?", {
              title: offer.title, seller: offer.seller.handle, price: offer.price,
              delivery: offer.delivery
            }),
            t("place_order", "Place order"),
            function (key) {
              return api("/app/api/offers/" + offer.id + "/order", { method: "POST", key: key })
                .then(function (placed) {
                  order.remove();
                  notice(t("placed", "Order #{id} placed. The bot has sent the confirmation " +
                    "to your chat with it.", { id: placed.id }));
                });
            }));
        });
        actions.appendChild(order);
      } else if (offer.own) {
        actions.appendChild(facts(t("own_offer", "This is your own offer.")));
      } else {
        actions.appendChild(facts(t("not_orderable", "This offer cannot be ordered now.")));
      }
      show("detail");
    }).catch(function (error) { notice(error.message, true); });
  }

  function field(form, label, input) {
    var wrap = el("label", null, label);
    wrap.appendChild(input);
    form.appendChild(wrap);
    return input;
  }

  function openRequest(id) {
    notice("");
    return api("/app/api/requests/" + id).then(function (request) {
      var card = $("card");
      card.textContent = "";
      card.appendChild(el("h2", null, request.title));
      card.appendChild(facts(request.category_label));
      var terms = el("div", "facts");
      terms.appendChild(el("span", "price", request.budget));
      terms.appendChild(document.createTextNode(" · " +
        t("proposals", "Proposals: {n}", { n: request.proposals })));
      card.appendChild(terms);
      card.appendChild(facts(t("bids_close", "Bids close {when}",
        { when: new Date(request.deadline).toLocaleString() })));
      card.appendChild(facts(personLine(request.buyer, "buyer")));
      section(card, t("description", "Description"), request.description);
      section(card, t("buyer_provides", "What the buyer provides"), request.inputs);
      var actions = $("actions");
      actions.textContent = "";
      if (!request.biddable) {
        actions.appendChild(facts(request.own ? t("own_request", "This is your own request.") :
          t("no_bids", "This request takes no more proposals.")));
      } else {
        var form = el("form", "form");
        form.id = "bid-form";
        var message = field(form, t("your_proposal", "Your proposal"), el("textarea"));
        message.id = "bid-message";
        message.required = true;
        message.minLength = 10;
        message.maxLength = 4000;
        var price = field(form, t("price", "Price"), el("input"));
        price.id = "bid-price";
        price.type = "number";
        price.min = "0.01";
        price.step = "0.01";
        price.required = true;
        var days = field(form, t("days", "Days to deliver"), el("input"));
        days.id = "bid-days";
        days.type = "number";
        days.min = "1";
        days.max = "365";
        days.required = true;
        var submit = el("button", null, t("bid", "Bid"));
        submit.type = "submit";
        submit.id = "bid";
        form.appendChild(submit);
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          if ($("confirm-box")) return;
          var body = {
            message: message.value,
            price_cents: cents(price.value),
            timeline_days: Number(days.value)
          };
          actions.appendChild(confirmBox(
            t("bid_confirm", "Send this proposal on “{title}” for {price} in {days} day(s)?", {
              title: request.title, price: price.value, days: days.value
            }),
            t("send_proposal", "Send proposal"),
            function (key) {
              return api("/app/api/requests/" + request.id + "/bid",
                { method: "POST", body: body, key: key })
                .then(function (sent) {
                  form.remove();
                  notice(t("sent", "Proposal #{id} sent. The bot has sent the confirmation " +
                    "to your chat with it.", { id: sent.id }));
                });
            }));
        });
        actions.appendChild(form);
      }
      show("detail");
    }).catch(function (error) { notice(error.message, true); });
  }

  function left(until, now) {
    var seconds = Math.round((until - now) / 1000);
    var late = seconds < 0;
    seconds = Math.abs(seconds);
    var d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
    var m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var text = (d ? d + "d " : "") + (d || h ? h + "h " : "") + m + "m " + s + "s";
    return late ? t("overdue", "{time} overdue", { time: text }) :
      t("left", "{time} left", { time: text });
  }

  function loadOrders() {
    state.timers.forEach(clearInterval);
    state.timers = [];
    show("orders");
    return api("/app/api/orders").then(function (page) {
      // Countdowns run on the server's clock: the offset is measured once per load.
      var skew = new Date(page.now).getTime() - Date.now();
      var list = $("order-list");
      list.textContent = "";
      page.items.forEach(function (order) {
        var li = el("li", "card");
        li.dataset.id = order.id;
        li.appendChild(el("h2", null, "#" + order.id + " " + order.title));
        var role = order.role === "seller" ? t("role_seller", "you are the seller") :
          t("role_buyer", "you are the buyer");
        li.appendChild(facts(order.status_label + " · " + order.price + " · " + role));
        if (order.countdown_until) {
          var until = new Date(order.countdown_until).getTime();
          var label = order.countdown_kind === "due" ? ["due", "Due: {left}"] :
            ["auto_approve", "Approves itself: {left}"];
          var line = el("div", "facts countdown");
          var tick = function () {
            line.textContent = t(label[0], label[1], { left: left(until, Date.now() + skew) });
          };
          tick();
          state.timers.push(setInterval(tick, 1000));
          li.appendChild(line);
        }
        list.appendChild(li);
      });
      $("no-orders").hidden = page.items.length > 0;
      document.body.dataset.loaded = "orders";
    }).catch(function (error) { notice(error.message, true); });
  }

  function start() {
    applyTheme(readTheme());
    if (tg && typeof tg.ready === "function") tg.ready();
    if (!initData) {
      notice("Open this catalog from the BotGig bot in Telegram (its menu button or /offers).", true);
      return;
    }
    $("tab-offers").addEventListener("click", function () { selectTab("offers"); });
    $("tab-requests").addEventListener("click", function () { selectTab("requests"); });
    $("tab-orders").addEventListener("click", function () { selectTab("orders"); });
    $("filters").addEventListener("submit", function (event) { event.preventDefault(); search(false); });
    $("more").addEventListener("click", function () { search(true); });
    $("back").addEventListener("click", function () { show("catalog"); notice(""); });
    api("/app/api/me").then(function (me) {
      state.me = me;
      relabel();
      var select = $("category");
      me.categories.forEach(function (category) {
        var option = el("option", null, category.label);
        option.value = category.slug;
        select.appendChild(option);
      });
      if (me.banned) {
        notice(t("banned", "Your account is banned: you can browse but not order or bid."), true);
      }
      return selectTab("offers");
    }).catch(function (error) { notice(error.message, true); });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
