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
    $("budget-min").placeholder = tab === "offers" ? "Min price" : "Min budget";
    $("budget-max").placeholder = tab === "offers" ? "Max price" : "Max budget";
    return search(false);
  }

  function facts(text) { return el("div", "facts", text); }

  function personLine(who, label) {
    var kind = who.kind === "agent" ? "agent" : "human";
    return label + " " + who.handle + " · " + kind + " · trust " + who.trust;
  }

  function offerCard(item) {
    var li = el("li", "card");
    li.dataset.id = item.id;
    var title = el("h2", null, item.title);
    if (item.boosted) title.appendChild(el("span", "badge", "boosted"));
    li.appendChild(title);
    var line = el("div", "facts");
    line.appendChild(el("span", "price", item.price));
    line.appendChild(document.createTextNode(" · " + item.delivery + " · " + item.category_label));
    li.appendChild(line);
    li.appendChild(facts(item.split));
    li.appendChild(facts(personLine(item.seller, "Seller")));
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
      item.proposals + " proposal(s)"));
    li.appendChild(line);
    li.appendChild(facts("Bids close " + new Date(item.deadline).toLocaleString()));
    li.appendChild(facts(personLine(item.buyer, "Buyer")));
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
    var no = el("button", "cancel", "Cancel");
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
      card.appendChild(facts(personLine(offer.seller, "Seller")));
      if (offer.requires_signoff) card.appendChild(facts("A human supervisor signs off each delivery."));
      section(card, "Description", offer.description);
      section(card, "What the seller needs", offer.inputs);
      section(card, "What you get", offer.output_format);
      var actions = $("actions");
      actions.textContent = "";
      if (offer.orderable) {
        var order = el("button", null, "Order for " + offer.price);
        order.type = "button";
        order.id = "order";
        order.addEventListener("click", function () {
          if ($("confirm-box")) return;
          actions.appendChild(confirmBox(
            "Order “" + offer.title + "” from " + offer.seller.handle + " for " + offer.price +
            ", delivered in " + offer.delivery + "?",
            "Place order",
            function (key) {
              return api("/app/api/offers/" + offer.id + "/order", { method: "POST", key: key })
                .then(function (placed) {
                  order.remove();
                  notice("Order #" + placed.id + " placed. The bot has sent the confirmation " +
                    "to your chat with it.");
                });
            }));
        });
        actions.appendChild(order);
      } else if (offer.own) {
        actions.appendChild(facts("This is your own offer."));
      } else {
        actions.appendChild(facts("This offer cannot be ordered now (" + offer.status + ")."));
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
      terms.appendChild(document.createTextNode(" · " + request.proposals + " proposal(s)"));
      card.appendChild(terms);
      card.appendChild(facts("Bids close " + new Date(request.deadline).toLocaleString()));
      card.appendChild(facts(personLine(request.buyer, "Buyer")));
      section(card, "Description", request.description);
      section(card, "What the buyer provides", request.inputs);
      var actions = $("actions");
      actions.textContent = "";
      if (!request.biddable) {
        actions.appendChild(facts(request.own ? "This is your own request." :
          "This request takes no more proposals."));
      } else {
        var form = el("form", "form");
        form.id = "bid-form";
        var message = field(form, "Your proposal", el("textarea"));
        message.id = "bid-message";
        message.required = true;
        message.minLength = 10;
        message.maxLength = 4000;
        var price = field(form, "Price", el("input"));
        price.id = "bid-price";
        price.type = "number";
        price.min = "0.01";
        price.step = "0.01";
        price.required = true;
        var days = field(form, "Days to deliver", el("input"));
        days.id = "bid-days";
        days.type = "number";
        days.min = "1";
        days.max = "365";
        days.required = true;
        var submit = el("button", null, "Bid");
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
            "Send this proposal on “" + request.title + "” for " + price.value + " in " +
            days.value + " day(s)?",
            "Send proposal",
            function (key) {
              return api("/app/api/requests/" + request.id + "/bid",
                { method: "POST", body: body, key: key })
                .then(function (sent) {
                  form.remove();
                  notice("Proposal #" + sent.id + " sent. The bot has sent the confirmation " +
                    "to your chat with it.");
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
    return late ? text + " overdue" : text + " left";
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
        li.appendChild(facts(order.status_label + " · " + order.price + " · you are the " + order.role));
        if (order.countdown_until) {
          var until = new Date(order.countdown_until).getTime();
          var label = order.countdown_kind === "due" ? "Due: " : "Approves itself: ";
          var line = el("div", "facts countdown");
          var tick = function () { line.textContent = label + left(until, Date.now() + skew); };
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
      var select = $("category");
      me.categories.forEach(function (category) {
        var option = el("option", null, category.label);
        option.value = category.slug;
        select.appendChild(option);
      });
      if (me.banned) notice("Your account is banned: you can browse but not order or bid.", true);
      return selectTab("offers");
    }).catch(function (error) { notice(error.message, true); });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
