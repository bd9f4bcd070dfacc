// ivr serve: the call player, the diagram's zoom, the copy buttons. No inline script anywhere
// (the Content-Security-Policy allows scripts from this server's files only); every menu text
// is put on the page with textContent, never as HTML.
//
// The call is always POST /api/call of the keys so far (until_input: the call stops where
// the keys run out at a menu, with when that menu's prompt ends and when its silence times
// out): this file only decides *when* each key comes, as `ivr call` does at a terminal
// (ivr/sim/session.py), so the transcript is the simulator's.
"use strict";

(function () {
  const EPS = 1e-9;
  const TICK_MS = 100;
  // the kind of each event, for its dot's colour on the screen
  const KINDS = {
    dial: "call", connect: "call", transfer: "call", play: "menu", "barge-in": "menu",
    listen: "menu", branch: "menu", press: "you", key: "you", timeout: "wait", invalid: "bad",
    ignored: "wait", retry: "bad", agent: "good", callback: "good", hangup: "bad",
    stuck: "bad", "not-served": "bad",
  };
  const ENDS_WELL = new Set(["agent", "callback"]);
  const ENDS = new Set(["agent", "callback", "hangup", "stuck", "not-served"]);

  document.documentElement.classList.add("js");

  const state = {
    mode: null, // "play" (the route's keys) or "call" (the caller presses)
    keys: [],
    dial: "",
    now: 0,
    call: null,
    shown: 0,
    timer: null,
    last: 0,
    busy: false,
    lit: null,
  };

  const $ = (id) => document.getElementById(id);
  const player = () => $("player");

  function clock(seconds) {
    const s = Math.max(0, Math.floor(seconds + EPS));
    return String(Math.floor(s / 60)).padStart(2, "0") + ":" + String(s % 60).padStart(2, "0");
  }

  function speed() {
    const v = parseFloat(($("speed") || {}).value || "2");
    return v > 0 ? v : 2;
  }

  async function post(keys, untilInput) {
    const d = player().dataset;
    const body = {
      hotline: d.hotline, dial: state.dial, keys: keys.join(" "), caller: d.caller,
      at: d.at, until_input: untilInput,
    };
    const reply = await fetch("/api/call", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    let doc = null;
    try { doc = await reply.json(); } catch (e) { doc = null; }
    if (!reply.ok || !doc) {
      throw new Error((doc && doc.error) || "the server answered " + reply.status);
    }
    return doc;
  }

  // -- the screen ---------------------------------------------------------------------------

  function line(cls, time, kind, parts) {
    const li = document.createElement("li");
    if (cls) li.className = cls;
    const t = document.createElement("span");
    t.className = "t";
    t.textContent = time;
    const i = document.createElement("span");
    i.className = "i k-" + kind;
    i.setAttribute("aria-hidden", "true");
    const what = document.createElement("span");
    what.className = "what";
    for (const part of parts) {
      if (typeof part === "string") {
        what.appendChild(document.createTextNode(part));
      } else {
        const el = document.createElement(part.tag);
        el.textContent = part.text;
        what.appendChild(el);
      }
    }
    li.append(t, i, what);
    const list = $("transcript");
    list.appendChild(li);
    const screen = $("screen");
    screen.scrollTop = screen.scrollHeight;
    return li;
  }

  function words(e) {
    const d = e.detail || "";
    switch (e.event) {
      case "dial": return ["Dialling ", { tag: "b", text: d }];
      case "play": return [{ tag: "b", text: e.node + ": " }, { tag: "q", text: d }];
      case "press": return ["You press ", { tag: "b", text: e.key || "" }, d ? " (" + d + ")" : ""];
      case "key": return ["The menu takes ", { tag: "b", text: e.key || "" }, d ? " (" + d + ")" : ""];
      case "barge-in": return [{ tag: "b", text: e.node + ": " }, d];
      case "agent": return ["A human answers: " + d];
      case "callback": return ["A human will call back: " + d];
      default: return [{ tag: "b", text: e.node ? e.node + ": " : "" }, d || e.event];
    }
  }

  function classOf(e) {
    if (e.event === "press") return "you";
    if (ENDS_WELL.has(e.event)) return "end";
    if (ENDS.has(e.event)) return "endbad";
    return "";
  }

  function showUntil(t) {
    const events = state.call.events;
    while (state.shown < events.length && events[state.shown].t <= t + EPS) {
      const e = events[state.shown];
      line(classOf(e), clock(e.t), KINDS[e.event] || "menu", words(e));
      if (e.event === "press") flash(e.key);
      light(e);
      state.shown += 1;
    }
    $("clock").textContent = clock(t);
  }

  function flash(key) {
    const button = document.querySelector('#keypad [data-key="' + CSS.escape(key || "") + '"]');
    if (!button) return;
    button.classList.add("flash");
    setTimeout(() => button.classList.remove("flash"), 350);
  }

  function nodeOf(e) {
    const menu = e.menu || state.call.menu || "";
    const entry = e.event === "dial" || e.event === "connect" || e.event === "not-served";
    const ids = entry ? ["n:" + menu + "#" + e.node, "n:" + menu + "/" + e.node]
      : ["n:" + menu + "/" + e.node, "n:" + menu + "#" + e.node];
    for (const id of ids) {
      const el = document.getElementById(id);
      if (el) return el;
    }
    return null;
  }

  function light(e) {
    const el = nodeOf(e);
    if (!el || el === state.lit) return;
    if (state.lit) {
      state.lit.classList.remove("lit");
      state.lit.classList.add("visited");
    }
    el.classList.add("lit");
    state.lit = el;
    follow(el);
  }

  function follow(el) {
    const box = $("svgbox");
    if (!box || box.classList.contains("fit")) return;
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const outside = r.left < b.left || r.right > b.right || r.top < b.top || r.bottom > b.bottom;
    if (outside) {
      box.scrollBy({
        left: r.left - b.left - b.width / 2 + r.width / 2,
        top: r.top - b.top - b.height / 2 + r.height / 2,
        behavior: "smooth",
      });
    }
  }

  function unlight() {
    document.querySelectorAll("#svgbox .lit, #svgbox .visited").forEach((el) => {
      el.classList.remove("lit", "visited");
    });
    state.lit = null;
  }

  function status(text, strong) {
    const p = $("status");
    p.textContent = "";
    if (strong) {
      const b = document.createElement("b");
      b.textContent = strong;
      p.append(b, " ");
    }
    p.append(text);
  }

  function enable(running) {
    const interactive = running && state.mode === "call";
    document.querySelectorAll("#player [data-key], #player [data-action=skip]").forEach((b) => {
      b.disabled = !interactive;
    });
    $("hangup").disabled = !running;
    document.querySelectorAll("#player [data-action=play], #player [data-action=call]").forEach((b) => {
      b.disabled = running;
    });
    player().classList.toggle("running", running);
  }

  // -- the clock ----------------------------------------------------------------------------

  function waitingPhase() {
    const w = state.call.waiting;
    if (!w) return "";
    return state.now < w.prompt_ends - EPS ? "listening to " + w.node
      : "your turn at " + w.node + (w.times_out !== null ? " (it moves on at " + clock(w.times_out) + ")" : "");
  }

  function tick() {
    const t = performance.now();
    const dt = ((t - state.last) / 1000) * speed();
    state.last = t;
    if (state.busy || !state.call) return;
    const call = state.call;
    let target = state.now + dt;
    if (call.outcome === "waiting") {
      const w = call.waiting;
      if (w && w.times_out !== null && target >= w.times_out - EPS) {
        state.now = Math.max(state.now, w.times_out);
        showUntil(state.now);
        press("_", true);
        return;
      }
      state.now = target;
      showUntil(state.now);
      status(waitingPhase(), clock(state.now));
      return;
    }
    if (target >= call.seconds - EPS) {
      state.now = Math.max(state.now, call.seconds);
      showUntil(call.seconds);
      finish("");
      return;
    }
    state.now = target;
    showUntil(state.now);
    status("the call plays", clock(state.now));
  }

  async function start(mode) {
    stop();
    const p = player();
    state.mode = mode;
    state.dial = mode === "play" ? p.dataset.dial : ($("dial").value || p.dataset.dial);
    state.keys = mode === "play" ? p.dataset.keys.split(/\s+/).filter(Boolean) : [];
    state.now = 0;
    state.shown = 0;
    $("transcript").textContent = "";
    $("summary").hidden = true;
    unlight();
    status("connecting…");
    enable(true);
    try {
      state.call = await post(state.keys, mode === "call");
    } catch (err) {
      status(err.message, "Cannot call:");
      enable(false);
      return;
    }
    status(mode === "play" ? "the route plays by itself" : "press keys when you like: during a prompt too", "Calling " + state.dial + ":");
    state.last = performance.now();
    state.timer = setInterval(tick, TICK_MS);
    showUntil(0);
  }

  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
  }

  function finish(why) {
    stop();
    const call = state.call;
    const s = $("summary");
    s.textContent = "";
    s.className = "summary";
    let text;
    if (!call) {
      text = "";
    } else if (call.outcome === "waiting") {
      text = "You hung up at " + clock(state.now) + " in " + call.node + (why ? " (" + why + ")" : "") + ".";
      s.classList.add("bad");
    } else {
      const good = ENDS_WELL.has(call.outcome);
      text = (good ? "Reached a human (" + call.outcome + ")" : "The call ended: " + call.outcome) +
        (call.node ? " at " + call.node : "") + " after " + clock(call.seconds) + ".";
      if (!good) s.classList.add("bad");
    }
    const pressed = call ? call.presses.map((p) => p.key).join(" ") : "";
    s.append(text + " Keys pressed: " + (pressed || "none") + ". ");
    const code = document.createElement("code");
    const d = player().dataset;
    code.textContent = "ivr call " + d.hotline + " --dial '" + state.dial + "' --keys '" + state.keys.join(" ") +
      "' --caller " + d.caller + " --at " + d.at;
    s.append("Replay: ", code);
    s.hidden = false;
    status(text, clock(state.now));
    enable(false);
  }

  function same(a, b) {
    return a.t === b.t && a.node === b.node && a.event === b.event && a.key === b.key && a.detail === b.detail;
  }

  async function press(key, bySilence) {
    const call = state.call;
    if (!call || call.outcome !== "waiting" || state.busy) return;
    state.busy = true;
    const w = call.waiting;
    // keys_after_press (ivr/sim/session.py): a key after the prompt is heard out comes after "."
    if (w && state.now >= w.prompt_ends - EPS && key !== "." &&
        (!state.keys.length || state.keys[state.keys.length - 1] !== ".")) {
      state.keys.push(".");
    }
    state.keys.push(key);
    const before = call.events.slice(0, state.shown);
    let next;
    try {
      next = await post(state.keys, true);
    } catch (err) {
      state.keys.pop();
      status(err.message, "Cannot press:");
      state.busy = false;
      return;
    }
    const events = next.events;
    let kept = 0;
    while (kept < before.length && kept < events.length && same(before[kept], events[kept])) kept += 1;
    const list = $("transcript");
    if (kept < before.length) {
      // the simulator took the key earlier than it was pressed: a caller may press it that early
      const items = list.querySelectorAll("li:not(.note)");
      for (let i = items.length - 1; i >= kept; i -= 1) items[i].remove();
      const taken = events[kept].t;
      state.now = Math.min(state.now, Math.max(taken, next.seconds));
      line("note", clock(taken), "note", ["the key counts from " + clock(taken) + ": a caller may press it that early"]);
    }
    state.call = next;
    state.shown = kept;
    if (key === "." && w) state.now = Math.max(state.now, w.prompt_ends);
    if (key === "_" && w && w.times_out !== null) state.now = Math.max(state.now, w.times_out);
    showUntil(state.now);
    state.busy = false;
    state.last = performance.now();
    if (!bySilence && key !== "_" && key !== ".") flash(key);
  }

  function skip() {
    const call = state.call;
    if (!call || call.outcome !== "waiting") return;
    const w = call.waiting;
    if (state.now < w.prompt_ends - EPS) {
      state.now = w.prompt_ends;
      showUntil(state.now);
    } else if (w.times_out !== null) {
      state.now = Math.max(state.now, w.times_out);
      showUntil(state.now);
      press("_", true);
    }
  }

  function hangup() {
    if (!state.call) return;
    if (state.call.outcome !== "waiting" && state.mode === "play" && state.now < state.call.seconds) {
      state.call = { ...state.call, outcome: "waiting", node: lastNode() };
    }
    finish("you pressed hang up");
  }

  function lastNode() {
    const events = state.call.events;
    return state.shown ? events[state.shown - 1].node : "";
  }

  // -- the diagram's zoom -------------------------------------------------------------------

  let zoom = 1;
  function natural(svg) {
    const vb = svg.viewBox && svg.viewBox.baseVal;
    return vb && vb.width ? vb.width * (4 / 3) : svg.getBoundingClientRect().width;
  }

  function setZoom(how) {
    const box = $("svgbox");
    const svg = box && box.querySelector("svg");
    if (!svg) return;
    if (how === "fit") {
      box.classList.add("fit");
      svg.style.width = "";
      svg.style.height = "";
      zoom = 1;
      return;
    }
    if (box.classList.contains("fit")) {
      zoom = box.clientWidth / natural(svg);
      box.classList.remove("fit");
    }
    zoom = Math.min(3, Math.max(0.15, zoom * (how === "in" ? 1.35 : 1 / 1.35)));
    svg.style.width = Math.round(natural(svg) * zoom) + "px";
    svg.style.height = "auto";
  }

  function setUp() {
    stop();
    state.call = null;
    state.lit = null;
    zoom = 1;
    const box = $("svgbox");
    const start = box && box.dataset.start ? document.getElementById(box.dataset.start) : null;
    if (start) follow(start); // the number the route dials, in view
  }

  // -- events ---------------------------------------------------------------------------------

  document.addEventListener("click", (event) => {
    const target = event.target.closest("button, [data-copy]");
    if (!target || target.disabled) return;
    if (target.dataset.copy !== undefined) {
      const text = target.dataset.copy;
      const done = () => {
        const was = target.textContent;
        target.textContent = "Copied";
        setTimeout(() => { target.textContent = was; }, 1200);
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => {});
      return;
    }
    if (target.dataset.zoom) return setZoom(target.dataset.zoom);
    if (!target.closest("#player")) return;
    const action = target.dataset.action;
    if (action === "play" || action === "call") return start(action);
    if (action === "hangup") return hangup();
    if (action === "skip") return skip();
    if (target.dataset.key) return press(target.dataset.key, false);
  });

  document.addEventListener("keydown", (event) => {
    if (!state.call || state.mode !== "call" || state.call.outcome !== "waiting") return;
    if (event.target.closest("input, select, textarea")) return;
    const k = event.key;
    if (/^[0-9*#]$/.test(k) || k === "_" || k === ".") {
      event.preventDefault();
      press(k, false);
    } else if (/^[a-dA-D]$/.test(k)) {
      event.preventDefault();
      press(k.toUpperCase(), false);
    } else if (k === "Enter") {
      event.preventDefault();
      skip();
    } else if (k === "Escape") {
      hangup();
    }
  });

  document.addEventListener("htmx:beforeSwap", () => stop());
  document.addEventListener("htmx:afterSettle", setUp);
  document.addEventListener("DOMContentLoaded", setUp);
})();
