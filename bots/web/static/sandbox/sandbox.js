// The sandbox page: one pane per persona, each a chat with the bot through
// /sandbox/api/panes/<pane>/send, and a poll of /sandbox/api/panes/<pane>/messages for what
// the notification pipeline delivered to it. Everything shown is built with textContent:
// the server sends reply text as runs of plain text with their styles, never HTML.
"use strict";

const POLL_MS = 1000;
const HEADERS = { "Content-Type": "application/json", "X-BotGig-Sandbox": "1" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function safeHref(href) {
  return typeof href === "string" && /^(https?:|tg:)/i.test(href) ? href : null;
}

function renderRuns(runs) {
  const body = el("div", "body");
  for (const run of runs || []) {
    let node = document.createTextNode(run.t);
    for (const style of run.s || []) {
      const wrap = el(style === "code" ? "code" : style === "b" ? "strong" : "em");
      wrap.appendChild(node);
      node = wrap;
    }
    const href = safeHref(run.href);
    if (href) {
      const a = el("a");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.appendChild(node);
      node = a;
    }
    body.appendChild(node);
  }
  return body;
}

function download(file) {
  const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
  const type = file.kind === "photo" ? "image/png" : "application/octet-stream";
  const a = el("a", "download", "📎 " + file.name);
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = file.name;
  return a;
}

class Pane {
  constructor(info, root) {
    this.key = info.key;
    this.after = 0;
    this.node = el("section", "pane");
    this.node.dataset.pane = info.key;
    const title = el("h2", null, info.label);
    title.appendChild(el("small", null, info.name));
    this.log = el("div", "log");
    const form = el("form", "compose");
    this.input = el("input");
    this.input.name = "text";
    this.input.autocomplete = "off";
    this.input.placeholder = info.key === "admin" ? "/help (as the moderator)" : "/help";
    const send = el("button", null, "Send");
    send.type = "submit";
    // A file goes with what is typed as its caption (a delivery's work, an order message).
    const attach = el("label", "attach", "📎");
    attach.title = "Send a file";
    const file = el("input");
    file.type = "file";
    file.name = "file";
    attach.appendChild(file);
    file.addEventListener("change", () => {
      const chosen = file.files && file.files[0];
      if (!chosen) return;
      const caption = this.input.value.trim();
      this.input.value = "";
      file.value = "";
      this.show({ text: [{ t: "📎 " + chosen.name + (caption ? "\n" + caption : ""), s: [] }] }, "me");
      this.upload(chosen, caption);
    });
    form.append(attach, this.input, send);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = "";
      this.show({ text: [{ t: text, s: [] }] }, "me");
      this.send({ text });
    });
    this.node.append(title, this.log, form);
    root.appendChild(this.node);
  }

  show(message, kind, replacing) {
    const node = el("div", "msg" + (kind ? " " + kind : ""));
    if (kind === "notice") node.appendChild(el("span", "tag", "🔔 notification"));
    node.appendChild(renderRuns(message.text));
    for (const row of message.buttons || []) {
      const line = el("div", "row");
      for (const button of row) line.appendChild(this.button(button, node));
      if (line.childElementCount) node.appendChild(line);
    }
    const files = (message.attachments || []).filter((f) => f.data);
    if (files.length) {
      const list = el("div", "files");
      for (const file of files) list.appendChild(download(file));
      node.appendChild(list);
    }
    for (const file of (message.attachments || []).filter((f) => !f.data)) {
      const href = typeof file.url === "string" && file.url.startsWith("/sandbox/api/files/");
      const item = el(href ? "a" : "div", "files", "📎 " + file.name);
      if (href) {
        item.href = file.url;
        item.download = file.name;
      }
      node.appendChild(item);
    }
    if (replacing && replacing.isConnected) replacing.replaceWith(node);
    else this.log.appendChild(node);
    this.log.scrollTop = this.log.scrollHeight;
    return node;
  }

  button(button, owner) {
    const href = safeHref(button.url);
    if (!button.action && href) {
      const a = el("a", "button", button.label);
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    const node = el("button", "action", button.label);
    node.type = "button";
    node.addEventListener("click", () => this.send({ action: button.action }, owner, node));
    return node;
  }

  upload(chosen, caption) {
    const body = new FormData();
    body.append("file", chosen);
    body.append("text", caption);
    return this.send(null, null, null, { method: "POST", body,
      headers: { "X-BotGig-Sandbox": "1" } }, "upload");
  }

  async send(payload, owner, pressed, request, endpoint) {
    if (pressed) pressed.disabled = true;
    // While a request is on its way the pane says so (data-busy), for the reader and tests.
    this.pending = (this.pending || 0) + 1;
    this.node.dataset.busy = "1";
    try {
      const response = await fetch(`/sandbox/api/panes/${this.key}/${endpoint || "send"}`,
        request || { method: "POST", headers: HEADERS, body: JSON.stringify(payload) });
      if (!response.ok) {
        this.show({ text: [{ t: `⚠️ the sandbox answered ${response.status}`, s: [] }] }, "alert");
        return;
      }
      const { replies } = await response.json();
      for (const reply of replies) {
        const kind = reply.alert ? "alert" : null;
        this.show(reply, kind, reply.edit && !reply.alert ? owner : null);
      }
    } catch (error) {
      this.show({ text: [{ t: "⚠️ " + error, s: [] }] }, "alert");
    } finally {
      if (pressed) pressed.disabled = false;
      this.pending -= 1;
      if (!this.pending) delete this.node.dataset.busy;
    }
  }

  async poll() {
    try {
      const response = await fetch(`/sandbox/api/panes/${this.key}/messages?after=${this.after}`);
      if (response.ok) {
        const { messages, next } = await response.json();
        for (const message of messages) this.show(message, "notice");
        this.after = next;
      }
    } catch (error) {
      // The server restarting: the next poll picks up where this one left off.
    }
    setTimeout(() => this.poll(), POLL_MS);
  }
}

async function start() {
  const root = document.getElementById("panes");
  const response = await fetch("/sandbox/api/personas");
  if (!response.ok) {
    root.appendChild(el("p", "error", `The sandbox did not answer (${response.status}).`));
    return;
  }
  const { panes } = await response.json();
  for (const info of panes) new Pane(info, root).poll();
  document.body.dataset.ready = "1";
}

document.addEventListener("DOMContentLoaded", start);
