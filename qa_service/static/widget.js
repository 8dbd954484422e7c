/*
 * qa-service chat widget: one <script src="…/widget.js" defer></script> adds a launcher button
 * and a chat panel about the review "Tumor metastasis: Mechanistic insights and therapeutic
 * interventions". The panel lives in a Shadow DOM so host styles neither leak in nor get changed.
 *
 * Options (attributes of the script tag):
 *   data-api="https://host"   where the service is (default: where this script came from)
 *   data-mode="inline"        render the chat inside data-target (a CSS selector) instead of a launcher
 *
 * Every piece of text from the user or the server is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const apiBase = (script && script.dataset.api) || (script ? new URL(script.src).origin : location.origin);
  const inline = script && script.dataset.mode === "inline";
  const storageKey = "qa-service-chat:" + apiBase;
  const STARTERS = [
    "What drives epithelial-mesenchymal transition?",
    "How do tumor-associated macrophages promote metastasis?",
    "Which PD-1 inhibitors are on the market?",
    "What are neutrophil extracellular traps?",
  ];

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function loadHistory() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(storageKey) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (error) {
      return [];
    }
  }

  // --- layout ----------------------------------------------------------------------------------
  const host = el("qa-chat-widget", { "data-qa-chat": "" });
  const root = host.attachShadow({ mode: "open" });
  root.append(el("link", { rel: "stylesheet", href: apiBase + "/widget.css" }));

  const launcher = el("button", { class: "launcher", type: "button", "aria-label": "Open chat",
                                  "aria-expanded": "false", "aria-controls": "qa-panel" });
  launcher.append(el("span", { "aria-hidden": "true", text: "?" }), el("span", { class: "launcher-label", text: "Ask the review" }));

  const log = el("div", { class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
                          "aria-label": "Conversation", tabindex: "0" });
  const input = el("textarea", { id: "qa-input", rows: "2", placeholder: "Ask about tumor metastasis…",
                                 "aria-label": "Your question", maxlength: "2000" });
  const send = el("button", { class: "send", type: "submit", text: "Send" });
  const form = el("form", { class: "composer", "aria-label": "Ask a question" }, input, send);
  const newChat = el("button", { class: "ghost", type: "button", "aria-label": "New conversation", text: "New" });
  const close = el("button", { class: "ghost close", type: "button", "aria-label": "Close chat", text: "×" });
  const header = el("header", {},
    el("h2", { id: "qa-title", text: "Ask the review" }),
    el("div", { class: "header-actions" }, newChat, inline ? null : close));
  const footer = el("footer", {},
    el("p", { text: "Answers quote “Tumor metastasis: Mechanistic insights and therapeutic interventions” " +
                    "by Liu, Yang, Xu and Zhang (MedComm 2021)." }),
    el("p", {}, el("a", { href: "https://doi.org/10.1002/mco2.100", target: "_blank", rel: "noopener",
                          text: "doi:10.1002/mco2.100" }),
       document.createTextNode(" · "),
       el("a", { href: "https://creativecommons.org/licenses/by/4.0/", target: "_blank", rel: "noopener",
                 text: "CC BY 4.0" })));
  const panel = el("section", { id: "qa-panel", class: "panel" + (inline ? " inline" : ""), role: inline ? "region" : "dialog",
                                "aria-labelledby": "qa-title", hidden: inline ? null : "" },
    header, log, form, footer);
  if (inline) panel.removeAttribute("hidden");
  root.append(panel);
  if (!inline) root.append(launcher);

  // --- state -------------------------------------------------------------------------------------
  let history = loadHistory(); // [{role, content, result?}]
  let busy = false;

  function save() {
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(history));
    } catch (error) {
      /* storage full or blocked: the conversation still works, it just won't survive a reload */
    }
  }

  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.hidden = true;
    input.focus();
  }

  function closePanel() {
    if (inline) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  // --- rendering -------------------------------------------------------------------------------
  function renderStarters() {
    const list = el("div", { class: "starters" }, el("p", { text: "Try one of these:" }));
    for (const question of STARTERS) {
      list.append(el("button", { type: "button", class: "starter", text: question,
                                 onclick: () => ask(question) }));
    }
    log.append(list);
  }

  function userMessage(text) {
    return el("div", { class: "message user" }, el("p", { class: "who visually-hidden", text: "You said:" }),
                                                 el("p", { class: "bubble", text: text }));
  }

  function citationPanel(citation, id) {
    const passage = el("div", { class: "passage", id: id, hidden: "" });
    passage.append(el("p", { class: "section", text: citation.section }));
    const text = el("p", { class: "passage-text" });
    const quote = citation.quote || "";
    const at = quote ? citation.text.indexOf(quote) : -1;
    if (at >= 0) {
      text.append(document.createTextNode(citation.text.slice(0, at)), el("mark", { text: quote }),
                  document.createTextNode(citation.text.slice(at + quote.length)));
    } else {
      text.textContent = citation.text;
    }
    passage.append(text);
    if (citation.references && citation.references.length) {
      const refs = el("ol", { class: "references", "aria-label": "Works the review cites here" });
      for (const reference of citation.references) {
        refs.append(el("li", { value: String(reference.number), text: reference.text }));
      }
      passage.append(refs);
    }
    return passage;
  }

  let counter = 0;
  function answerBody(result) {
    const body = el("div", { class: "answer-body" });
    const text = el("p", { class: "bubble" });
    const citations = new Map((result.citations || []).map((c) => [c.n, c]));
    const passages = el("div", { class: "passages" });
    const panels = new Map();
    counter += 1;
    for (const part of result.answer.split(/(\[\d+\])/)) {
      const match = part.match(/^\[(\d+)\]$/);
      const citation = match && citations.get(Number(match[1]));
      if (!citation) {
        text.append(document.createTextNode(part));
        continue;
      }
      const id = "qa-cite-" + counter + "-" + citation.n;
      if (!panels.has(citation.n)) {
        const panelNode = citationPanel(citation, id);
        panels.set(citation.n, panelNode);
        passages.append(panelNode);
      }
      const button = el("button", { type: "button", class: "cite", "aria-expanded": "false", "aria-controls": id,
                                    "aria-label": "Source " + citation.n + ": " + citation.section,
                                    text: "[" + citation.n + "]" });
      button.addEventListener("click", () => {
        const target = panels.get(citation.n);
        const open = target.hidden;
        target.hidden = !open;
        for (const other of body.querySelectorAll('button.cite[aria-controls="' + id + '"]')) {
          other.setAttribute("aria-expanded", String(open));
        }
      });
      text.append(button);
    }
    body.append(text);
    if (result.abstained && result.suggestions && result.suggestions.length) {
      const suggestions = el("ul", { class: "suggestions", "aria-label": "Closest sections" });
      for (const section of result.suggestions) suggestions.append(el("li", { text: section }));
      body.append(el("p", { class: "muted", text: "Closest sections of the review:" }), suggestions);
    }
    body.append(passages);
    if (citations.size) {
      // One line per section: "[1, 2] 2.2.1 Immune cells › Tregs".
      const bySection = new Map();
      for (const citation of citations.values()) {
        const short = citation.section.split(" › ").slice(-2).join(" › ");
        bySection.set(short, (bySection.get(short) || []).concat(citation.n));
      }
      const sources = el("ul", { class: "sources" });
      for (const [section, numbers] of bySection) {
        sources.append(el("li", { text: "[" + numbers.join(", ") + "] " + section }));
      }
      body.append(el("p", { class: "sources-title", text: "Sources" }), sources);
    }
    return body;
  }

  function assistantMessage(result) {
    const message = el("div", { class: "message assistant" + (result.abstained ? " abstained" : "") });
    message.append(el("p", { class: "who visually-hidden", text: result.abstained ? "Not covered:" : "Answer:" }));
    if (result.abstained) {
      message.append(el("p", { class: "badge", text: "Not in the review" }));
    }
    message.append(answerBody(result));
    const copy = el("button", { type: "button", class: "ghost copy", text: "Copy answer" });
    copy.addEventListener("click", async () => {
      const plain = result.answer.replace(/\s*\[\d+\]/g, "");
      try {
        await navigator.clipboard.writeText(plain);
        copy.textContent = "Copied";
      } catch (error) {
        copy.textContent = "Copy failed";
      }
      setTimeout(() => { copy.textContent = "Copy answer"; }, 2000);
    });
    const actions = el("div", { class: "actions" }, copy);
    if (result.answer_id) actions.append(feedbackControls(result.answer_id, message));
    message.append(actions);
    return message;
  }

  async function sendFeedback(answerId, rating, comment) {
    const response = await fetch(apiBase + "/api/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ answer_id: answerId, rating: rating, comment: comment || "" }),
    });
    if (!response.ok) throw new Error("feedback " + response.status);
  }

  // A thumb drawn as SVG: no emoji font or icon font is needed on the reader's machine.
  function thumb(down) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    if (down) svg.setAttribute("transform", "rotate(180)");
    for (const d of ["M2 10h4v11H2z", "M8 21h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 10h-5.5l.8-4.2A1.9 1.9 0 0 0 12.4 3.6L8 10z"]) {
      const path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "currentColor");
      svg.append(path);
    }
    return svg;
  }

  function feedbackControls(answerId, message) {
    const group = el("span", { class: "feedback", role: "group", "aria-label": "Rate this answer" });
    const status = el("span", { class: "feedback-status", role: "status" });
    const up = el("button", { type: "button", class: "ghost rate", "aria-pressed": "false", "aria-label": "Helpful",
                              title: "Helpful" }, thumb(false));
    const down = el("button", { type: "button", class: "ghost rate", "aria-pressed": "false",
                                "aria-label": "Not helpful", title: "Not helpful" }, thumb(true));
    const thank = (text) => {
      up.disabled = true;
      down.disabled = true;
      status.textContent = text;
    };
    up.addEventListener("click", async () => {
      up.setAttribute("aria-pressed", "true");
      try {
        await sendFeedback(answerId, "up", "");
        thank("Thank you for the feedback.");
      } catch (error) {
        status.textContent = "Could not send the feedback.";
      }
    });
    down.addEventListener("click", () => {
      down.setAttribute("aria-pressed", "true");
      up.disabled = true;
      down.disabled = true;
      const box = el("textarea", { rows: "2", maxlength: "2000", "aria-label": "What was wrong? (optional)",
                                   placeholder: "What was wrong? (optional)" });
      const sendButton = el("button", { type: "submit", class: "send small", text: "Send feedback" });
      const form = el("form", { class: "feedback-form", "aria-label": "Feedback on this answer" }, box, sendButton);
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        sendButton.disabled = true;
        try {
          await sendFeedback(answerId, "down", box.value.trim());
          form.remove();
          thank("Thank you for the feedback.");
        } catch (error) {
          sendButton.disabled = false;
          status.textContent = "Could not send the feedback.";
        }
      });
      message.append(form);
      box.focus();
    });
    group.append(up, down, status);
    return group;
  }

  function errorMessage(text) {
    return el("div", { class: "message error", role: "alert" }, el("p", { class: "bubble", text: text }));
  }

  function renderAll() {
    log.replaceChildren();
    if (!history.length) renderStarters();
    for (const turn of history) {
      log.append(turn.role === "user" ? userMessage(turn.content) : assistantMessage(turn.result));
    }
    log.scrollTop = log.scrollHeight;
  }

  // --- talking to the service --------------------------------------------------------------------
  async function streamAnswer(question, turns, onText) {
    const response = await fetch(apiBase + "/v1/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ model: "qa-service", stream: true,
                             messages: turns.concat([{ role: "user", content: question }]) }),
    });
    if (!response.ok) {
      let message = "The service answered " + response.status + ".";
      try {
        const body = await response.json();
        if (body && body.error && body.error.message) message = body.error.message;
      } catch (error) { /* not JSON */ }
      throw new Error(message);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let text = "";
    let final = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        if (!event.startsWith("data: ")) continue;
        const data = event.slice(6);
        if (data === "[DONE]") continue;
        const chunk = JSON.parse(data);
        const delta = chunk.choices[0].delta || {};
        if (delta.content) {
          text += delta.content;
          onText(text);
        }
        if (chunk.choices[0].finish_reason) final = chunk;
      }
    }
    if (!final) throw new Error("The answer was cut off.");
    return { answer: final.answer, abstained: final.abstained, query: final.query, answer_id: final.answer_id,
             citations: final.citations || [], suggestions: final.suggestions || [] };
  }

  async function ask(question) {
    question = question.trim();
    if (!question || busy) return;
    busy = true;
    send.disabled = true;
    const turns = history.map((t) => ({ role: t.role, content: t.role === "user" ? t.content : t.result.answer }));
    if (!history.length) log.replaceChildren();
    log.append(userMessage(question));
    input.value = "";
    const pending = el("div", { class: "message assistant pending", "aria-busy": "true" },
                       el("p", { class: "bubble thinking", text: "Thinking…" }));
    log.append(pending);
    log.scrollTop = log.scrollHeight;
    try {
      const result = await streamAnswer(question, turns, (partial) => {
        const bubble = pending.querySelector(".bubble");
        bubble.classList.remove("thinking");
        bubble.textContent = partial.split("\n\nSources:")[0];
        log.scrollTop = log.scrollHeight;
      });
      history.push({ role: "user", content: question }, { role: "assistant", result: result });
      save();
      const message = assistantMessage(result);
      pending.replaceWith(message);
    } catch (error) {
      pending.remove();
      const reason = error instanceof TypeError ? "Could not reach the service. Check your connection and try again."
                                                : error.message;
      log.append(errorMessage(reason));
      input.value = question; // the question is not lost
    } finally {
      busy = false;
      send.disabled = false;
      log.scrollTop = log.scrollHeight;
      input.focus();
    }
  }

  // --- events ----------------------------------------------------------------------------------
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(input.value);
    }
  });
  newChat.addEventListener("click", () => {
    history = [];
    save();
    renderAll();
    input.focus();
  });
  launcher.addEventListener("click", openPanel);
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePanel();
  });

  function mount() {
    const target = inline && script.dataset.target ? document.querySelector(script.dataset.target) : null;
    (target || document.body).append(host);
    renderAll();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
