// rollcall static page: loads a registry, checks it with the rollcall wasm, and shows the result.
// Every rule and parser lives in the wasm (rollcall-core); this file only loads text and draws.
// Security: registry content is only ever placed with textContent or attribute values, never as HTML.

const boot = globalThis.__rollcall || { error: new Error("the rollcall engine did not load") };
const api = boot.api;
const EXAMPLE = boot.example || null;
const DEBOUNCE_MS = 180;
const LINE_HEIGHT = 20;
const JOURNAL_FILE = "registry.journal.jsonl";

const $ = (id) => document.getElementById(id);

const state = {
  name: "",
  kind: "markdown",
  report: null,
  registry: null,
  slots: null,
  ranges: null,
  markdown: "",
  repair: null,
  highlight: null,
  messages: null,
  journal: null,
  roster: { rows: [], source: "registry", trs: [], sort: { key: "number", dir: "ascending" }, filter: "" },
  timer: 0,
};

// ---------- small DOM helpers (text only) ----------

/** Creates an element with a class, text and attributes; children are appended as nodes. */
function el(tag, opts = {}, children = []) {
  const node = document.createElement(tag);
  if (opts.cls) node.className = opts.cls;
  if (opts.text != null) node.textContent = String(opts.text);
  for (const [k, v] of Object.entries(opts.attrs || {})) {
    if (v != null && v !== false) node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
const ICONS = {
  check: ["M5 12.5l4.5 4.5L19 7.5"],
  cross: ["M6.5 6.5l11 11", "M17.5 6.5l-11 11"],
  warn: ["M12 3.5l9.5 16.5h-19z", "M12 10v4.5", "M12 17.4v.2"],
  info: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M12 11v5.5", "M12 7.6v.2"],
  circle: ["M12 5a7 7 0 1 0 0 14 7 7 0 0 0 0-14z"],
  clock: ["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M12 7.5V12l3 2"],
  file: ["M6 3h8l4 4v14H6z", "M14 3v4h4", "M9 12h6", "M9 16h6"],
  folder: ["M3 6.5h6l2 2h10v10.5H3z"],
  sparkle: ["M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8z", "M19 16l.8 2.2L22 19l-2.2.8L19 22l-.8-2.2L16 19l2.2-.8z"],
  download: ["M12 4v11", "M7.5 10.5L12 15l4.5-4.5", "M5 19h14"],
  upload: ["M12 15V4", "M7.5 8.5L12 4l4.5 4.5", "M5 19h14"],
  wand: ["M4 20L16 8", "M14 6l4 4", "M18 3v3", "M16.5 4.5h3", "M20 8.5v2", "M19 9.5h2"],
  flag: ["M5 21V4", "M5 4h11l-2 4 2 4H5"],
  lock: ["M6 11h12v10H6z", "M8.5 11V8a3.5 3.5 0 0 1 7 0v3"],
  hourglass: ["M7 3h10", "M7 21h10", "M8 3c0 5 8 5 8 9s-8 4-8 9", "M16 3c0 5-8 5-8 9s8 4 8 9"],
};

/** An inline SVG icon from the fixed table above (never from user data). */
function icon(name, cls = "icon") {
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", cls);
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  for (const d of ICONS[name] || []) {
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", d);
    svg.append(path);
  }
  return svg;
}

/** Replaces every static `data-icon` placeholder in the page with its SVG. */
function hydrateIcons() {
  for (const span of document.querySelectorAll("[data-icon]")) {
    const svg = icon(span.dataset.icon, "icon " + span.className.replace(/\bicon\b/, "").trim());
    span.replaceWith(svg);
  }
}

// ---------- registry text ----------

/** Registry text as it may be shown: control characters and bidi overrides escaped (core's rule). */
function show(text) {
  if (text == null || text === "") return "";
  return api.escapeControls(String(text));
}

// ---------- loading ----------

/** Puts text in the editor and checks it at once. */
function loadText(text, name, note) {
  let body = String(text);
  state.name = name || "registry.md";
  if (looksLikeJson(body)) {
    try {
      body = api.renderRegistry(JSON.parse(body));
      state.name = state.name.replace(/\.json$/i, "") + ".md";
      note = (note ? note + " " : "") + "Registry JSON converted to markdown.";
    } catch (e) {
      // Not a registry JSON: leave the text as it is and let the checker say what is wrong.
    }
  }
  $("editor").value = body;
  $("editor").scrollTop = 0;
  $("editor").scrollLeft = 0;
  clearHighlight();
  showNotice(note || "");
  checkNow();
}

function looksLikeJson(text) {
  const t = text.replace(/^\uFEFF/, "").trimStart();
  return t.startsWith("{");
}

/** Reads a dropped or picked file as UTF-8 text. */
async function loadFile(file, note) {
  if (!file) return;
  if (file.size > 20 * 1024 * 1024) {
    showNotice(`${file.name} is larger than 20 MB; that is not a registry.`);
    return;
  }
  const text = await file.text();
  loadText(text, file.name, note);
}

/** The journal beside the registry (or none): the roster and the approval diff come from it. */
function setJournal(journal) {
  state.journal = journal ? { ...journal, roster: null, diff: null } : null;
  if (!state.journal) return;
  try {
    state.journal.diff = api.approvalDiff(journal.text);
  } catch {
    state.journal.diff = null;
  }
}

/** A coordination folder: its registry file into the editor, its REGISTRATION messages into the timeline. */
async function loadFolder(files) {
  const list = Array.from(files);
  const rel = (f) => f.webkitRelativePath || f.name;
  const registryFile =
    list.find((f) => /SESSION_IDENTITY_REGISTRY[^/]*\.(md|markdown|txt)$/i.test(rel(f))) ||
    list.find((f) => /registry[^/]*\.(md|markdown)$/i.test(rel(f))) ||
    list.find((f) => /registry[^/]*\.json$/i.test(rel(f)) && !/(^|\/)messages\//i.test(rel(f)));
  const messageFiles = list.filter((f) => /(^|\/)messages\/.*\.json$/i.test(rel(f))).slice(0, 20000);
  const inputs = [];
  let unreadable = 0;
  for (const f of messageFiles) {
    const raw = await f.text();
    let msg = null;
    try {
      msg = JSON.parse(raw);
    } catch {
      unreadable += 1;
      continue;
    }
    if (!msg || typeof msg !== "object" || Array.isArray(msg)) {
      unreadable += 1;
      continue;
    }
    const text = (v) => (typeof v === "string" ? v : v == null ? "" : String(v));
    inputs.push({ key: rel(f), from: text(msg.from), timestamp: text(msg.timestamp), subject: text(msg.subject), message: text(msg.message) });
  }
  state.messages = { inputs, scanned: messageFiles.length, unreadable, timeline: null };
  const journalFile = list.find((f) => f.name === JOURNAL_FILE);
  setJournal(journalFile ? { name: rel(journalFile), text: await journalFile.text() } : null);
  const root = list.length ? rel(list[0]).split("/")[0] : "folder";
  if (registryFile) {
    await loadFile(registryFile, `Folder ${root}: ${plural(messageFiles.length, "message")}.`);
  } else {
    showNotice(`Folder ${root} holds no registry file; showing its registration messages against empty slots.`);
    renderTimeline();
  }
}

// ---------- checking ----------

function scheduleCheck() {
  clearTimeout(state.timer);
  state.timer = setTimeout(checkNow, DEBOUNCE_MS);
  updateGutter();
}

/** Validates the editor's text with the wasm and redraws everything. */
function checkNow() {
  clearTimeout(state.timer);
  const started = performance.now();
  check();
  document.documentElement.dataset.checkMs = (performance.now() - started).toFixed(1);
}

function check() {
  const text = $("editor").value;
  updateGutter();
  updateSourceInfo(text);
  if (!text.trim()) {
    state.report = state.registry = null;
    showView("empty");
    setExportsEnabled(false);
    renderTimeline();
    return;
  }
  let markdown = text;
  state.kind = "markdown";
  if (looksLikeJson(text)) {
    try {
      markdown = api.renderRegistry(JSON.parse(text));
      state.kind = "json";
    } catch {
      state.kind = "markdown";
    }
  }
  let all;
  try {
    all = api.overview(markdown, { path: state.name || undefined });
  } catch (e) {
    state.report = state.registry = null;
    $("error-text").textContent = errorText(e);
    showView("error");
    setExportsEnabled(false);
    renderGutterMarks([]);
    return;
  }
  state.report = all.report;
  state.registry = all.registry;
  state.slots = all.slots;
  state.ranges = all.ranges;
  state.markdown = markdown;
  setRosterRows(journalRoster(markdown) || { rows: all.roster, source: "registry", journal: [] });
  $("source-kind").textContent = state.kind === "json" ? "registry JSON" : "markdown";
  showView("report");
  render();
}

function errorText(e) {
  if (e && typeof e === "object") return [e.code, e.message].filter(Boolean).join(": ") || String(e);
  return String(e);
}

function showView(which) {
  $("empty-state").hidden = which !== "empty";
  $("error-state").hidden = which !== "error";
  $("report-view").hidden = which !== "report";
  if (which !== "report") $("mojibake-banner").hidden = true;
}

// ---------- rendering ----------

function render() {
  const report = state.report;
  renderVerdict(report);
  renderRoster();
  renderDiff();
  renderBanner(report);
  renderSlots();
  renderChecks(report);
  renderDiagnostics(report);
  renderRanges();
  renderTimeline();
  renderGutterMarks(report.diagnostics || []);
  setExportsEnabled(true);
}

const STATE_TEXT = {
  registering: "Waiting for every slot to hold a registered session.",
  conflicts: "Conflicts must be resolved before the orchestrator can confirm.",
  "awaiting-confirmation": "All registered; the orchestrator has not confirmed yet.",
  "awaiting-approval": "Confirmed; waiting for the human's approval.",
  approved: "Approved; the sessions have not activated yet.",
  active: "Active: every session works under its identity.",
};

function severityCounts(diags) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const d of diags) c[d.severity] = (c[d.severity] || 0) + 1;
  return c;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function renderVerdict(report) {
  const c = report.consensus;
  const reached = !!c.reached;
  const card = $("verdict");
  card.dataset.reached = String(reached);
  card.dataset.state = c.state;
  const iconBox = $("verdict-icon");
  iconBox.replaceChildren(icon(reached ? "check" : c.state === "conflicts" ? "cross" : "hourglass", "icon"));
  $("verdict-title").textContent = reached ? "Consensus reached" : "Consensus not reached";
  const pill = $("state-pill");
  pill.textContent = c.state;
  pill.dataset.state = c.state;
  $("state-text").textContent = STATE_TEXT[c.state] || "";
  const required = c.required || 0;
  const registered = c.registered || 0;
  $("registered-label").textContent = `Registered ${registered}/${required}`;
  const bar = $("progress");
  bar.setAttribute("aria-valuemax", String(required));
  bar.setAttribute("aria-valuenow", String(registered));
  $("progress-fill").style.width = required ? `${Math.min(100, (100 * registered) / required)}%` : "0%";
  const counts = severityCounts(report.diagnostics || []);
  const list = $("counts");
  list.replaceChildren();
  for (const [sev, iconName] of [["error", "cross"], ["warning", "warn"], ["info", "info"]]) {
    if (sev === "info" && !counts.info) continue;
    list.append(el("li", { cls: `count count-${sev}`, attrs: { "data-count": counts[sev] } }, [icon(iconName), el("span", { text: plural(counts[sev], sev) })]));
  }
}

function renderBanner(report) {
  const moji = (report.diagnostics || []).find((d) => d.code === "mojibake");
  let repaired = moji && moji.fix ? moji.fix.replacement : null;
  if (moji && repaired == null) {
    try {
      repaired = api.repairEncoding(state.markdown);
    } catch {
      repaired = null;
    }
  }
  state.repair = repaired;
  $("mojibake-banner").hidden = repaired == null;
  if (repaired == null) return;
  const sample = firstDifference(state.markdown, repaired);
  $("mojibake-sample").textContent = sample ? sample[0] : "‚è≥";
  $("mojibake-fixed").textContent = sample ? sample[1] : "⏳";
}

/** A garbled word of `text` and its repaired form (one that a font can show), to show what the repair changes. */
function firstDifference(text, repaired) {
  const before = text.split("\n");
  const after = repaired.split("\n");
  let fallback = null;
  for (let n = 0; n < Math.min(before.length, after.length); n++) {
    const [x, y] = [before[n], after[n]];
    if (x === y) continue;
    let i = 0;
    while (i < x.length && i < y.length && x[i] === y[i]) i++;
    const word = (s) => s.slice(i, i + 24).split(/\s/)[0] || s.slice(i, i + 4);
    const pair = [word(x), word(y)];
    if (!/[\uE000-\uF8FF]/.test(pair[0])) return pair;
    fallback = fallback || pair;
  }
  return fallback;
}

const SLOT_ICON = { free: "circle", pending: "clock", registered: "check", conflict: "warn" };

/** The slot grid as core arranges it (free, pending, registered, conflict). */
function renderSlots() {
  const grid = state.slots;
  const list = $("slots");
  list.replaceChildren();
  for (const slot of grid.slots) {
    const names = slot.sessions.map((s) => show(s.session_id) || "(no session id)");
    // The accessible name starts with the visible text (number, state, error count), then says more.
    const flag = slot.errors.length ? ` ${slot.errors.length}` : "";
    const label = `${slot.number} ${slot.state}${flag}: slot ${slot.number}` + (names.length ? ` — ${names.join(", ")}` : "");
    const btn = el("button", {
      cls: `slot slot-${slot.state}`,
      attrs: { type: "button", "data-slot": slot.number, "data-state": slot.state, "aria-label": label, "aria-describedby": "tooltip" },
    }, [
      el("span", { cls: "slot-num", text: slot.number }),
      " ",
      el("span", { cls: "slot-state" }, [icon(SLOT_ICON[slot.state], "icon icon-sm"), el("span", { text: slot.state })]),
      slot.errors.length ? " " : null,
      slot.errors.length ? el("span", { cls: "slot-flag", text: String(slot.errors.length), attrs: { title: plural(slot.errors.length, "error") } }) : null,
    ]);
    btn.addEventListener("mouseenter", () => showTooltip(btn, slot));
    btn.addEventListener("focus", () => showTooltip(btn, slot));
    btn.addEventListener("mouseleave", hideTooltip);
    btn.addEventListener("blur", hideTooltip);
    btn.addEventListener("click", () => {
      const first = slot.sessions[0];
      const d = slot.errors[0];
      if (d && d.line) highlightLine(d.line);
      else if (first) highlightLine(first.line);
    });
    list.append(el("li", {}, [btn]));
  }
  const extra = grid.outside;
  const extraBox = $("slot-extra");
  extraBox.hidden = !extra.length;
  extraBox.replaceChildren();
  if (extra.length) {
    extraBox.append(icon("warn", "icon icon-sm"), el("span", { text: ` ${plural(extra.length, "session")} outside 1–${grid.required}: ` }));
    extra.forEach((s, i) => {
      const b = el("button", { cls: "link", text: `#${show(s.number) || "?"} · ${show(s.session_id) || show(s.title) || "untitled"}`, attrs: { type: "button" } });
      b.addEventListener("click", () => highlightLine(s.number_line));
      if (i) extraBox.append(", ");
      extraBox.append(b);
    });
  }
}

function showTooltip(anchor, slot) {
  const tip = $("tooltip");
  tip.replaceChildren();
  tip.append(el("p", { cls: "tip-title" }, [el("strong", { text: `#${slot.number}` }), el("span", { cls: `tip-state tip-${slot.state}`, text: slot.state })]));
  if (!slot.sessions.length) tip.append(el("p", { cls: "tip-muted", text: "No session claims this number." }));
  for (const s of slot.sessions) {
    const rows = [
      ["Heading", show(s.title) || "—"],
      ["Role", show(s.role) || "—"],
      ["Session", show(s.session_id) || "—"],
      ["Status", show(s.status_text) || "—"],
    ];
    const dl = el("dl", { cls: "tip-rows" });
    for (const [k, v] of rows) dl.append(el("dt", { text: k }), el("dd", { text: v }));
    tip.append(dl);
  }
  for (const d of slot.errors.slice(0, 3)) tip.append(el("p", { cls: "tip-error", text: `${d.code}: ${d.message}` }));
  tip.hidden = false;
  const card = tip.offsetParent || document.body;
  const a = anchor.getBoundingClientRect();
  const c = card.getBoundingClientRect();
  const width = Math.min(300, c.width - 16);
  tip.style.width = width + "px";
  let left = a.left - c.left + a.width / 2 - width / 2;
  left = Math.max(8, Math.min(left, c.width - width - 8));
  tip.style.left = left + "px";
  tip.style.top = a.bottom - c.top + 8 + "px";
}

function hideTooltip() {
  $("tooltip").hidden = true;
}

function renderChecks(report) {
  const list = $("checks");
  list.replaceChildren();
  for (const check of report.consensus.checks || []) {
    const holds = !!check.holds;
    const claimed = check.claimed;
    const claimText = claimed == null ? "not in the file" : claimed ? "file ticks it" : "file leaves it open";
    const li = el("li", { cls: `check ${holds ? "check-holds" : "check-fails"}${claimed && !holds ? " check-disagree" : ""}`, attrs: { "data-check": check.id } }, [
      el("span", { cls: "check-verdict" }, [icon(holds ? "check" : "cross", "icon"), el("span", { cls: "visually-hidden", text: holds ? "holds" : "does not hold" })]),
      el("span", { cls: "check-text", text: check.text }),
      el("span", { cls: "check-claim" }, [
        el("span", { cls: "box", text: claimed == null ? "–" : claimed ? "☑" : "☐", attrs: { "aria-hidden": "true" } }),
        el("span", { text: claimText }),
      ]),
      claimed && !holds ? el("span", { cls: "check-warn", text: "ticked, but does not hold" }) : null,
    ]);
    if (check.line) {
      li.classList.add("clickable");
      const go = el("button", { cls: "link check-line", text: `line ${check.line}`, attrs: { type: "button", "aria-label": `Show line ${check.line}` } });
      go.addEventListener("click", () => highlightLine(check.line));
      li.append(go);
    }
    list.append(li);
  }
}

const SEV_ICON = { error: "cross", warning: "warn", info: "info" };

function renderDiagnostics(report) {
  const diags = report.diagnostics || [];
  const list = $("diags");
  list.replaceChildren();
  $("all-clear").hidden = diags.length > 0;
  const c = severityCounts(diags);
  $("diags-note").textContent = diags.length ? `${plural(c.error, "error")}, ${plural(c.warning, "warning")}` : "";
  diags.forEach((d, i) => {
    const where = [d.line != null ? `line ${d.line}` : null, d.session != null ? `session #${d.session}` : null].filter(Boolean).join(" · ");
    const main = el("button", {
      cls: "diag-main",
      attrs: { type: "button", "data-line": d.line ?? "", disabled: d.line == null, "aria-label": `${d.severity} ${d.code}${where ? ", " + where : ""}: ${d.message}` },
    }, [
      el("span", { cls: `sev sev-${d.severity}` }, [icon(SEV_ICON[d.severity] || "info", "icon icon-sm"), el("span", { text: d.severity })]),
      el("code", { cls: "diag-code", text: d.code }),
      el("span", { cls: "diag-where", text: where }),
      el("span", { cls: "diag-msg", text: d.message }),
    ]);
    main.addEventListener("click", () => {
      if (d.line != null) highlightLine(d.line);
      for (const x of list.querySelectorAll(".diag.selected")) x.classList.remove("selected");
      li.classList.add("selected");
    });
    const li = el("li", { cls: `diag diag-${d.severity}`, attrs: { "data-code": d.code, "data-index": i } }, [main]);
    const extra = el("div", { cls: "diag-extra" });
    if (d.help) extra.append(el("p", { cls: "diag-help", text: d.help }));
    for (const r of d.related || []) {
      const b = el("button", { cls: "link", text: `line ${r.line}: ${r.message}`, attrs: { type: "button" } });
      b.addEventListener("click", () => highlightLine(r.line));
      extra.append(el("p", { cls: "diag-related" }, [b]));
    }
    if (d.fix && d.code !== "mojibake") extra.append(el("p", { cls: "diag-fix", text: `Fix: ${d.fix.title}` }));
    if (extra.childNodes.length) li.append(extra);
    list.append(li);
  });
}

/** The numbered work ranges as core charts them (coverage and the range rules' findings included). */
function renderRanges() {
  const box = $("ranges");
  box.replaceChildren();
  const groups = state.ranges.filter((g) => g.ranges.length);
  const findings = new Set();
  for (const g of groups) for (const r of g.ranges) for (const d of r.findings) findings.add(`${d.code} ${d.line} ${d.message}`);
  $("ranges-note").textContent = findings.size ? plural(findings.size, "range finding") : "no range findings";
  if (groups.length) box.append(rangeChart(groups));
  else box.append(el("p", { cls: "muted", text: "No numbered work ranges (such as “prospects 1-17”) in the responsibilities." }));
}

/** Bars on a number line per team and item type: overlaps, gaps and count mismatches stand out. */
function rangeChart(groups) {
  const wrap = el("div", { cls: "range-groups" });
  for (const g of groups) {
    const max = Math.max(1, g.max);
    const pct = (n) => `${((n - 1) / max) * 100}%`;
    const noun = show(g.noun) || "item";
    const section = el("figure", { cls: "range-group" });
    section.append(el("figcaption", {}, [el("strong", { text: titleCase(show(g.team) || "sessions without a role") }), el("span", { text: ` · ${noun}s 1–${max}` })]));
    section.append(scaleRow(max, pct));
    for (const r of g.ranges) {
      const mismatch = r.findings.some((d) => d.code === "range-count-mismatch");
      const codes = r.findings.map((d) => d.code);
      const row = el("div", { cls: "range-row" + (codes.length ? " range-bad" : "") });
      const track = el("div", { cls: "range-track" });
      const who = r.session != null ? `Session ${r.session}` : "A session without a number";
      const bar = el("button", {
        cls: "range-bar",
        text: `${r.start}–${r.end}`,
        attrs: {
          type: "button",
          "data-session": r.session,
          title: show(r.text),
          "aria-label": `${who}: ${noun}s ${r.start} to ${r.end}, ${r.count}${r.goal != null ? `, goal says ${r.goal}` : ""}${codes.length ? "; " + codes.join(", ") : ""}`,
        },
      });
      bar.style.left = pct(r.start);
      bar.style.width = `${(r.count / max) * 100}%`;
      bar.addEventListener("click", () => highlightLine(r.line));
      track.append(bar);
      const note = el("span", { cls: "range-count" + (mismatch ? " range-mismatch" : ""), attrs: { title: r.findings.map((d) => d.message).join("\n") || null } }, [
        mismatch ? icon("warn", "icon icon-sm") : codes.length ? icon("cross", "icon icon-sm") : icon("check", "icon icon-sm"),
        el("span", { text: mismatch ? ` ${r.count} ≠ ${r.goal}` : ` ${r.count}` }),
      ]);
      row.append(el("span", { cls: "range-label", text: r.session != null ? `#${r.session}` : "#?" }), track, note);
      section.append(row);
    }
    if (g.coverage.length) section.append(coverageRow(g.coverage, max, pct));
    wrap.append(section);
  }
  wrap.append(el("p", { cls: "range-legend" }, [
    el("span", { cls: "cov-key cov-ok", attrs: { "aria-hidden": "true" } }), el("span", { text: "covered once " }),
    el("span", { cls: "cov-key cov-gap", attrs: { "aria-hidden": "true" } }), el("span", { text: "gap " }),
    el("span", { cls: "cov-key cov-overlap", attrs: { "aria-hidden": "true" } }), el("span", { text: "overlap · " }),
    el("span", { text: "n ≠ g: the range holds n, the goal says g" }),
  ]));
  return wrap;
}

function titleCase(text) {
  return String(text).replace(/\b\w/g, (c) => c.toUpperCase()).replace(/\bAi\b/g, "AI");
}

function scaleRow(max, pct) {
  const ticks = el("div", { cls: "range-track range-scale", attrs: { "aria-hidden": "true" } });
  const step = max <= 12 ? 1 : max <= 30 ? 5 : max <= 120 ? 10 : Math.ceil(max / 10 / 50) * 50;
  const marks = [1];
  for (let n = step; n < max; n += step) if (n - 1 > 0) marks.push(n);
  if (marks[marks.length - 1] !== max) marks.push(max);
  for (const n of marks) {
    const t = el("span", { cls: "tick", text: String(n) });
    t.style.left = pct(n + 0.5);
    ticks.append(t);
  }
  return el("div", { cls: "range-row range-scale-row" }, [el("span"), ticks, el("span")]);
}

/** Core's coverage runs drawn on the number line: gaps (no session) and overlaps (two or more) in their own pattern. */
function coverageRow(coverage, max, pct) {
  const track = el("div", { cls: "range-track range-coverage" });
  const kinds = [];
  for (const run of coverage) {
    const kind = run.sessions === 0 ? "gap" : run.sessions > 1 ? "overlap" : "ok";
    const span = run.start === run.end ? String(run.start) : `${run.start}–${run.end}`;
    const seg = el("span", { cls: `cov cov-${kind}`, attrs: { "data-kind": kind, title: `${span}: ${kind === "ok" ? "covered once" : kind}` } });
    seg.style.left = pct(run.start);
    seg.style.width = `${((run.end - run.start + 1) / max) * 100}%`;
    if (kind !== "ok") {
      seg.textContent = span;
      kinds.push(`${kind} ${span}`);
    }
    track.append(seg);
  }
  const summary = kinds.length ? kinds.join(", ") : "no gap, no overlap";
  track.setAttribute("aria-label", `Coverage: ${summary}`);
  track.setAttribute("role", "img");
  return el("div", { cls: "range-row range-coverage-row" }, [el("span", { cls: "range-label", text: "all" }), track, el("span", { cls: "range-count", text: kinds.length ? "" : "✓" })]);
}

/** The folder's registrations in time order, each decided by core as `rollcall ingest` decides it. */
function timelineEntries(m) {
  try {
    return api.registrationTimeline(m.inputs, state.report ? state.markdown : null);
  } catch {
    return api.registrationTimeline(m.inputs, null);
  }
}

function renderTimeline() {
  const card = $("timeline-card");
  const m = state.messages;
  card.hidden = !m;
  if (!m) return;
  const list = $("timeline");
  list.replaceChildren();
  const entries = timelineEntries(m);
  $("timeline-note").textContent = `${plural(entries.length, "registration")} in ${plural(m.scanned, "message")}` + (m.unreadable ? `, ${m.unreadable} not valid JSON` : "");
  for (const e of entries) {
    const o = e.outcome;
    list.append(el("li", { cls: `tl-item tl-${o.kind}` + (o.kind === "refused" && o.holder ? " tl-dup" : ""), attrs: { title: show(e.key), "data-outcome": o.kind, "data-number": e.number } }, [
      el("time", { cls: "tl-time", text: show(e.timestamp) }),
      el("span", { cls: "tl-num", text: e.number != null ? `#${e.number}` : "#?" }),
      el("span", { cls: "tl-who", text: show(e.session_id || e.from) }),
      el("span", { cls: "tl-role", text: show(e.role) }),
      outcomeFlag(o),
    ]));
  }
  if (!entries.length) list.append(el("li", { cls: "muted", text: "No REGISTRATION messages in this folder." }));
}

/** What the protocol made of a registration, in words (not only colour). */
function outcomeFlag(o) {
  if (o.kind === "accepted") return el("span", { cls: "tl-flag tl-ok" }, [icon("check", "icon icon-sm"), el("span", { text: " accepted" })]);
  const text = o.kind === "refused" ? (o.holder ? ` already claimed by ${show(o.holder)}` : ` refused: ${o.code}`) : ` not a registration: ${show(o.reason)}`;
  return el("span", { cls: "tl-flag", attrs: { title: show(o.kind === "refused" ? o.message : o.reason) } }, [icon(o.kind === "refused" ? "warn" : "cross", "icon icon-sm"), el("span", { text })]);
}

// ---------- roster ----------

/** The roster core replays from the folder's journal (once per journal), or null without one. */
function journalRoster(markdown) {
  const j = state.journal;
  if (!j) return null;
  if (!j.roster) {
    try {
      j.roster = api.roster(markdown, j.text);
    } catch {
      j.roster = { rows: [], source: "registry", journal: [] };
    }
  }
  return j.roster.source === "journal" ? j.roster : null;
}

const ROSTER_COLUMNS = [
  { key: "number", label: "#", value: (r) => r.number },
  { key: "role", label: "Role", value: (r) => r.role },
  { key: "goal", label: "Goal", value: (r) => r.goal },
  { key: "session", label: "Session id", value: (r) => r.session_id || r.session || r.reserved_for },
  { key: "status", label: "Status", value: (r) => r.status },
  { key: "acknowledged", label: "Acked", value: (r) => (r.acknowledged ? "yes" : "no") },
  { key: "key", label: "Key", value: (r) => r.key },
  { key: "liveness", label: "Liveness", value: (r) => (r.liveness ? `${r.liveness}${r.last_seen ? " · " + r.last_seen : ""}` : null) },
  { key: "findings", label: "Findings", value: (r) => r.findings.length },
];

/** New rows from core: one table row element each, built once; sorting and filtering only move and hide them. */
function setRosterRows(roster) {
  const r = state.roster;
  r.rows = roster.rows;
  r.source = roster.source;
  r.trs = roster.rows.map((row, index) => rosterRow(row, index));
  r.text = roster.rows.map((row) => ROSTER_COLUMNS.map((c) => show(c.value(row) ?? "")).join("\n").toLocaleLowerCase());
}

function rosterRow(row, index) {
  const tr = el("tr", { cls: row.findings.length ? `has-findings worst-${worstSeverity(row.findings)}` : "", attrs: { "data-number": row.number, "data-status": row.status, "data-session": row.session ?? "", "data-acknowledged": String(row.acknowledged) } });
  for (const c of ROSTER_COLUMNS) {
    const td = el("td", { cls: `col-${c.key}`, attrs: { "data-label": c.label } });
    td.append(rosterCell(c, row, index));
    tr.append(td);
  }
  return tr;
}

/** One cell: text for most columns, a link to the source line for the number, links to the findings. */
function rosterCell(column, row, index) {
  const value = column.value(row);
  if (column.key === "number") {
    const text = value == null ? "?" : `#${value}`;
    if (row.line == null) return el("span", { text });
    const go = el("button", { cls: "link", text, attrs: { type: "button", "aria-label": `Show ${text} in the source (line ${row.line})` } });
    go.addEventListener("click", () => highlightLine(row.line));
    return go;
  }
  if (column.key === "findings") return findingLinks(row);
  if (column.key === "session" && !row.session && row.reserved_for) return el("span", { cls: "muted", text: `reserved: ${show(row.reserved_for)}` });
  if (column.key === "status") return el("span", { cls: `status-pill status-${row.status}`, text: show(value) });
  if (value == null || value === "") return el("span", { cls: "muted", text: "—", attrs: { "aria-label": "none" } });
  return el("span", { text: show(value) });
}

/** The row's findings, each a button that selects it in the Findings list and shows its line. */
function findingLinks(row) {
  const box = el("span", { cls: "row-findings" });
  if (!row.findings.length) {
    box.append(el("span", { cls: "muted", text: "—", attrs: { "aria-label": "none" } }));
    return box;
  }
  for (const d of row.findings) {
    const label = `${d.severity} ${d.code}${d.line != null ? ", line " + d.line : ""}: ${d.message}`;
    const b = el("button", { cls: `finding-chip sev-${d.severity}`, attrs: { type: "button", title: d.message, "aria-label": label } }, [
      icon(SEV_ICON[d.severity] || "info", "icon icon-sm"),
      el("span", { text: d.code }),
    ]);
    b.addEventListener("click", () => selectFinding(d));
    box.append(b);
  }
  return box;
}

function worstSeverity(findings) {
  if (findings.some((d) => d.severity === "error")) return "error";
  return findings.some((d) => d.severity === "warning") ? "warning" : "info";
}

/** Shows a finding: its line in the source, and the same finding selected in the Findings list. */
function selectFinding(d) {
  if (d.line != null) highlightLine(d.line);
  const items = Array.from(document.querySelectorAll("#diags .diag"));
  const same = items.find((li) => li.dataset.code === d.code && li.querySelector(".diag-main")?.dataset.line === String(d.line ?? ""));
  for (const x of items) x.classList.remove("selected");
  if (same) {
    same.classList.add("selected");
    if (d.line == null) same.scrollIntoView({ block: "nearest" });
  }
}

/** The sort buttons, once: each header cell holds a button and says how the table is sorted. */
function rosterHead() {
  const head = $("roster-head");
  if (head.childElementCount) return;
  for (const c of ROSTER_COLUMNS) {
    const b = el("button", { cls: "sort", attrs: { type: "button", "data-key": c.key } }, [el("span", { text: c.label }), el("span", { cls: "sort-mark", attrs: { "aria-hidden": "true" } })]);
    b.addEventListener("click", () => {
      const sort = state.roster.sort;
      sort.dir = sort.key === c.key && sort.dir === "ascending" ? "descending" : "ascending";
      sort.key = c.key;
      redrawRoster();
    });
    head.append(el("th", { cls: `col-${c.key}`, attrs: { scope: "col", "data-key": c.key } }, [b]));
  }
}

function renderRoster() {
  rosterHead();
  const r = state.roster;
  const flagged = r.rows.filter((row) => row.findings.length).length;
  const from = r.source === "journal" ? `from the journal (${show(state.journal.name)})` : "from the registry file";
  // Key and liveness columns show only where some row has them (sessions report them once enrolled).
  const hasKey = r.rows.some((row) => row.key != null);
  const hasLiveness = r.rows.some((row) => row.liveness != null);
  $("roster").classList.toggle("no-key", !hasKey);
  $("roster").classList.toggle("no-liveness", !hasLiveness);
  const absent = [hasKey ? null : "keys", hasLiveness ? null : "liveness"].filter(Boolean);
  $("roster-note").textContent = `${plural(r.rows.length, "row")} · ${plural(flagged, "row")} with findings · ${from}` + (absent.length ? ` · no ${absent.join(" or ")} reported yet` : "");
  redrawRoster();
}

/** Orders and filters the built rows: nulls last, numbers by value, text by locale with numbers inside. */
function redrawRoster() {
  const r = state.roster;
  const column = ROSTER_COLUMNS.find((c) => c.key === r.sort.key) || ROSTER_COLUMNS[0];
  const sign = r.sort.dir === "ascending" ? 1 : -1;
  const order = r.rows.map((row, i) => i);
  const values = r.rows.map((row) => column.value(row));
  order.sort((a, b) => {
    const [x, y] = [values[a], values[b]];
    if (x == null || y == null) return x == null && y == null ? a - b : x == null ? 1 : -1;
    const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c * sign || a - b;
  });
  const query = r.filter.trim().toLocaleLowerCase();
  let shown = 0;
  const body = $("roster-body");
  const frag = document.createDocumentFragment();
  for (const i of order) {
    const visible = !query || r.text[i].includes(query);
    r.trs[i].hidden = !visible;
    shown += visible ? 1 : 0;
    frag.append(r.trs[i]);
  }
  body.replaceChildren(frag);
  for (const th of $("roster-head").children) {
    const sorted = th.dataset.key === column.key;
    if (sorted) th.setAttribute("aria-sort", r.sort.dir);
    else th.removeAttribute("aria-sort");
    th.querySelector(".sort-mark").textContent = sorted ? (r.sort.dir === "ascending" ? "▲" : "▼") : "";
  }
  $("roster-count").textContent = query ? `showing ${shown} of ${r.rows.length}` : "";
  if (query && !shown) body.append(el("tr", { cls: "roster-none" }, [el("td", { text: "No row matches the filter.", attrs: { colspan: ROSTER_COLUMNS.length } })]));
}

// ---------- changed since the last approval ----------

const FIELD_NAMES = { number: "number", role: "role", goal: "goal", session_id: "session id", key: "key" };

/** Core's diff of the roster at the journal's last approval against now, shown when a journal is loaded. */
function renderDiff() {
  const card = $("diff-card");
  const diff = state.journal && state.journal.diff;
  card.hidden = !diff;
  if (!diff) return;
  const box = $("diff");
  box.replaceChildren();
  if (!diff.approval) {
    $("diff-note").textContent = "never approved";
    box.append(el("p", { cls: "muted", text: "The journal holds no approval yet: the whole roster is new to the approver." }));
    return;
  }
  const a = diff.approval;
  const count = diff.changed.length + diff.added.length + diff.removed.length;
  $("diff-note").textContent = `approved by ${show(a.by)} at ${show(a.time)}`;
  box.append(el("p", { cls: diff.approved_now ? "diff-standing" : "diff-withdrawn" }, [
    icon(diff.approved_now ? "check" : "warn", "icon icon-sm"),
    el("span", { text: diff.approved_now ? " That approval still stands." : " That approval was withdrawn by later changes; the registry needs approving again." }),
  ]));
  if (!count) {
    box.append(el("p", { cls: "muted", text: "Nothing in the roster changed since that approval." }));
    return;
  }
  const list = el("ul", { cls: "diff-list" });
  for (const c of diff.changed) {
    const fields = el("dl", { cls: "diff-fields" });
    for (const f of c.changes) {
      fields.append(el("dt", { text: FIELD_NAMES[f.field] || f.field }), el("dd", {}, [
        el("del", { text: show(f.before) || "—" }), el("span", { text: " → ", attrs: { "aria-label": "now" } }), el("ins", { text: show(f.after) || "—" }),
      ]));
    }
    list.append(el("li", { cls: "diff-changed", attrs: { "data-session": c.session } }, [el("strong", { text: `#${c.number} ${show(c.session)}` }), el("span", { cls: "diff-kind", text: " changed" }), fields]));
  }
  for (const [kind, rows] of [["added", diff.added], ["removed", diff.removed]]) {
    for (const r of rows) {
      list.append(el("li", { cls: `diff-${kind}`, attrs: { "data-session": r.session } }, [
        el("strong", { text: `#${r.number} ${show(r.session)}` }),
        el("span", { cls: "diff-kind", text: ` ${kind}` }),
        el("span", { cls: "diff-role", text: r.role ? ` · ${show(r.role)}` : "" }),
      ]));
    }
  }
  box.append(list);
}

// ---------- source pane ----------

/** Lines as a person counts them: a final newline ends the last line rather than starting one. */
function textLines(text) {
  return lineCount(text) - (text.endsWith("\n") ? 1 : 0);
}

/** Rows the editor shows (a final newline opens an empty last row). */
function lineCount(text) {
  let n = 1;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function updateGutter() {
  const n = lineCount($("editor").value);
  const gutter = $("gutter");
  if (Number(gutter.dataset.lines) === n) return;
  gutter.dataset.lines = String(n);
  const nums = [];
  for (let i = 1; i <= n; i++) nums.push(i);
  gutter.textContent = nums.join("\n");
  gutter.dataset.marks = "";
  if (state.report) renderGutterMarks(state.report.diagnostics || []);
}

/** Marks lines with findings next to the numbers (a mark layer behind the gutter text). */
function renderGutterMarks(diags) {
  const layer = $("gutter");
  for (const old of layer.querySelectorAll(".mark")) old.remove();
  const worst = new Map();
  const rank = { info: 1, warning: 2, error: 3 };
  for (const d of diags) {
    if (d.line == null) continue;
    if ((rank[d.severity] || 0) > (rank[worst.get(d.line)] || 0)) worst.set(d.line, d.severity);
  }
  for (const [line, sev] of worst) {
    const mark = el("span", { cls: `mark mark-${sev}`, text: sev === "error" ? "✕" : sev === "warning" ? "!" : "i" });
    mark.style.top = `${(line - 1) * LINE_HEIGHT + 8}px`;
    layer.append(mark);
  }
}

function syncScroll() {
  const ed = $("editor");
  $("gutter").scrollTop = ed.scrollTop;
  positionBand();
}

function positionBand() {
  const band = $("line-band");
  if (state.highlight == null) {
    band.hidden = true;
    return;
  }
  const ed = $("editor");
  band.hidden = false;
  band.style.transform = `translateY(${(state.highlight - 1) * LINE_HEIGHT + 8 - ed.scrollTop}px)`;
}

/** Scrolls the source pane to a line and highlights it; the editor's selection moves there too. */
function highlightLine(line) {
  const ed = $("editor");
  const text = ed.value;
  const total = lineCount(text);
  const target = Math.max(1, Math.min(line, total));
  state.highlight = target;
  $("editor-wrap").dataset.highlightLine = String(target);
  let start = 0;
  for (let i = 1; i < target; i++) start = text.indexOf("\n", start) + 1;
  let end = text.indexOf("\n", start);
  if (end === -1) end = text.length;
  ed.setSelectionRange(start, start);
  const visible = ed.clientHeight;
  ed.scrollTop = Math.max(0, (target - 1) * LINE_HEIGHT - visible / 3);
  const band = $("line-band");
  band.textContent = "";
  band.classList.remove("flash");
  void band.offsetWidth;
  band.classList.add("flash");
  syncScroll();
  const gutterLines = $("gutter");
  gutterLines.dataset.current = String(target);
  const source = document.querySelector(".source");
  const rect = source.getBoundingClientRect();
  if (rect.top > window.innerHeight || rect.bottom < 0 || window.innerWidth < 900) {
    source.scrollIntoView({ block: "start", behavior: "smooth" });
  }
}

function clearHighlight() {
  state.highlight = null;
  delete $("editor-wrap").dataset.highlightLine;
  positionBand();
}

function updateSourceInfo(text) {
  $("source-name").textContent = state.name || (text ? "pasted text" : "nothing loaded");
  $("source-stats").textContent = text ? `${plural(textLines(text), "line")} · ${new Blob([text]).size.toLocaleString("en")} bytes` : "empty";
  if (!text) $("source-kind").textContent = "";
}

// ---------- notices, exports ----------

function showNotice(text) {
  $("notice").hidden = !text;
  $("notice-text").textContent = text || "";
}

function setExportsEnabled(on) {
  $("export-md").disabled = !on;
  $("export-registry").disabled = !on || !state.registry;
  $("export-report").disabled = !on || !state.report;
}

function baseName() {
  const n = (state.name || "registry").replace(/^.*[\\/]/, "");
  return n.replace(/\.(md|markdown|txt|json)$/i, "") || "registry";
}

/** Offers a string as a file download through a Blob URL (no network). */
function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el("a", { attrs: { href: url, download: filename } });
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

function nullify(value) {
  return JSON.stringify(value, (k, v) => (v === undefined ? null : v), 2) + "\n";
}

function exportMarkdown() {
  const text = state.kind === "json" ? state.markdown : $("editor").value;
  download(text, `${baseName()}.md`, "text/markdown;charset=utf-8");
  closeMenu();
}

function exportRegistry() {
  if (state.registry) download(nullify(state.registry), `${baseName()}.registry.json`, "application/json");
  closeMenu();
}

function exportReport() {
  if (state.report) download(nullify(state.report), `${baseName()}.report.json`, "application/json");
  closeMenu();
}

function closeMenu() {
  $("export-menu").open = false;
}

function applyRepair() {
  if (state.repair == null) return;
  const text = state.repair;
  const name = state.name.replace(/\.txt$/i, ".md");
  loadText(text, name, "Repaired the Mac Roman mojibake: the text below is the original UTF-8.");
  $("editor").focus({ preventScroll: true });
}

// ---------- drag and drop ----------

function setupDrop() {
  const zone = $("dropzone");
  let depth = 0;
  const hasFiles = (e) => Array.from(e.dataTransfer?.types || []).includes("Files");
  window.addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    zone.hidden = false;
  });
  window.addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  });
  window.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.hidden = true;
  });
  window.addEventListener("drop", (e) => {
    e.preventDefault();
    depth = 0;
    zone.hidden = true;
    const files = Array.from(e.dataTransfer?.files || []);
    const journal = files.find((f) => f.name.endsWith(".jsonl"));
    const file = files.find((f) => /\.(md|markdown|txt|json)$/i.test(f.name)) || (journal ? null : files[0]);
    if (journal) dropJournal(journal, file);
    else if (file) loadFile(file);
  });
}

/** A dropped journal: the roster and the diff come from it, beside the registry already loaded (or dropped with it). */
async function dropJournal(journal, file) {
  setJournal({ name: journal.name, text: await journal.text() });
  if (file) await loadFile(file, `Journal ${journal.name} loaded.`);
  else {
    showNotice(`Journal ${journal.name} loaded.`);
    checkNow();
  }
}

// ---------- start ----------

function start() {
  hydrateIcons();
  if (!api) {
    showView("error");
    $("error-text").textContent = `The rollcall engine (WebAssembly) could not start: ${errorText(boot.error)}`;
    for (const b of document.querySelectorAll("button, input")) b.disabled = true;
    return;
  }
  try {
    $("engine-version").textContent = `rollcall ${api.version()}`;
  } catch {
    $("engine-version").textContent = "";
  }
  const editor = $("editor");
  editor.addEventListener("input", scheduleCheck);
  editor.addEventListener("scroll", syncScroll);
  editor.addEventListener("paste", () => {
    if (editor.selectionStart === 0 && editor.selectionEnd === editor.value.length) {
      state.name = "pasted.md";
      showNotice("");
    }
  });
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      clearHighlight();
      editor.blur();
    }
  });
  $("roster-filter").addEventListener("input", (e) => {
    state.roster.filter = e.target.value;
    const started = performance.now();
    redrawRoster();
    document.documentElement.dataset.filterMs = (performance.now() - started).toFixed(1);
  });
  $("file-input").addEventListener("change", (e) => {
    const f = e.target.files && e.target.files[0];
    state.messages = null;
    setJournal(null);
    if (f) loadFile(f);
    e.target.value = "";
  });
  $("folder-input").addEventListener("change", (e) => {
    if (e.target.files && e.target.files.length) loadFolder(e.target.files);
    e.target.value = "";
  });
  for (const label of [$("file-label"), $("folder-label")]) {
    label.tabIndex = 0;
    label.setAttribute("role", "button");
    label.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        $(label.getAttribute("for")).click();
      }
    });
  }
  const loadExample = () => {
    state.messages = null;
    setJournal(null);
    if (EXAMPLE) loadText(EXAMPLE.text, EXAMPLE.name, "Loaded the bundled example: the real 12-session marketing registry.");
  };
  $("example-btn").addEventListener("click", loadExample);
  $("example-btn-2").addEventListener("click", loadExample);
  $("export-md").addEventListener("click", exportMarkdown);
  $("export-registry").addEventListener("click", exportRegistry);
  $("export-report").addEventListener("click", exportReport);
  $("repair-apply").addEventListener("click", applyRepair);
  $("repair-download").addEventListener("click", () => {
    if (state.repair != null) download(state.repair, `${baseName()}.repaired.md`, "text/markdown;charset=utf-8");
  });
  $("notice-close").addEventListener("click", () => showNotice(""));
  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      closeMenu();
      hideTooltip();
    }
  });
  document.addEventListener("click", (e) => {
    const menu = $("export-menu");
    if (menu.open && !menu.contains(e.target)) closeMenu();
  });
  window.addEventListener("resize", hideTooltip);
  setupDrop();
  updateGutter();
  updateSourceInfo("");
  showView("empty");
  setExportsEnabled(false);
  document.documentElement.dataset.ready = "true";
}

start();
