// End-to-end tests of the static page (www/dist/rollcall.html) in the system Chromium, opened from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES, PAGE, caretLine, foreignRequests, launch, openPage, pickFile, shot } from "./harness.mjs";

const SEED = join(FIXTURES, "marketing-registry.md");
const MOJIBAKE = join(FIXTURES, "marketing-registry.mojibake.txt");
const DUPLICATE = join(FIXTURES, "rules/duplicate-number.md");
const XSS = join(FIXTURES, "www/xss-registry.md");

let browser;
const opened = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Opens the page; every test ends by checking it made no request, raised no error, showed no dialog. */
async function open(opts) {
  const session = await openPage(browser, opts);
  opened.push(session);
  return session;
}

async function closeClean({ context, requests, dialogs, errors }) {
  assert.deepEqual(foreignRequests(requests), [], "the page made a network request");
  assert.deepEqual(dialogs, [], "a dialog opened");
  assert.deepEqual(errors, [], "the page logged an error");
  await context.close();
}

async function slotStates(page) {
  return page.$$eval(".slot", (els) => els.map((e) => e.dataset.state));
}

test("opens from file:// offline: one self-contained file with a CSP that forbids remote loads", async () => {
  const s = await open();
  const { page, requests } = s;
  assert.match(page.url(), /^file:\/\//);
  const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
  assert.match(csp, /default-src 'none'/);
  assert.doesNotMatch(csp, /https?:/);
  // Trusted Types with no policy: no HTML string can reach an HTML sink on this page at all.
  assert.match(csp, /require-trusted-types-for 'script'/);
  const sink = await page.evaluate(() => {
    try {
      document.getElementById("notice-text").innerHTML = "<b>x</b>";
      return "allowed";
    } catch (e) {
      return e.name;
    }
  });
  assert.equal(sink, "TypeError");
  assert.ok(s.errors.every((e) => /TrustedHTML/.test(e)), String(s.errors));
  s.errors.length = 0;
  const external = await page.$$eval("script[src], link[rel=stylesheet], link[href^=http], img[src]", (els) => els.length);
  assert.equal(external, 0, "the page refers to another file");
  assert.equal(await page.isVisible("#empty-state"), true);
  assert.match(await page.textContent("#engine-version"), /^rollcall \d+\.\d+\.\d+/);
  const html = readFileSync(PAGE, "utf8");
  assert.doesNotMatch(html, /\b(src|href)=["']?https?:/i);
  assert.deepEqual(requests, [page.url()]);
  await closeClean(s);
});

test("the example via the file input: 12 slots, Registered 0/12 and the seed's two range-count-mismatch warnings", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, SEED);
  assert.equal(await page.locator(".slot").count(), 12);
  assert.deepEqual(await page.$$eval(".slot", (els) => els.map((e) => Number(e.dataset.slot))), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal((await page.textContent("#registered-label")).trim(), "Registered 0/12");
  assert.equal(await page.getAttribute("#progress", "aria-valuenow"), "0");
  assert.equal(await page.getAttribute("#progress", "aria-valuemax"), "12");
  const codes = await page.$$eval(".diag", (els) => els.map((e) => e.dataset.code));
  assert.equal(codes.filter((c) => c === "range-count-mismatch").length, 2, `findings: ${codes}`);
  const sessions = await page.$$eval('.diag[data-code="range-count-mismatch"] .diag-where', (els) => els.map((e) => e.textContent));
  assert.ok(sessions.some((t) => t.includes("session #5")) && sessions.some((t) => t.includes("session #6")), String(sessions));
  assert.equal(await page.$$eval(".diag-error", (els) => els.length), 0, "the seed has no error");
  assert.equal((await page.textContent("#verdict-title")).trim(), "Consensus not reached");
  assert.equal((await page.textContent("#state-pill")).trim(), "registering");
  // Each check is shown as computed next to what the file claims; nothing in the seed is ticked.
  const checks = await page.$$eval(".check", (els) => els.map((e) => e.textContent));
  assert.equal(checks.length, 6);
  assert.ok(checks.every((t) => /file leaves it open/.test(t)), String(checks));
  assert.ok((await page.textContent('[data-check="all-registered"]')).includes("does not hold"));
  // States are written out, not only coloured.
  assert.ok((await page.$$eval(".slot", (els) => els.map((e) => e.textContent))).every((t) => /pending/.test(t)));
  await page.hover('.slot[data-slot="4"]');
  const tip = await page.textContent("#tooltip");
  assert.match(tip, /Outreach AI - Personalize and send emails \(Morning Batch 1\)/);
  assert.match(tip, /marketing-outreach-1/);
  await shot(page, "light");
  await closeClean(s);
});

test("the example pasted into the source pane is checked as typed, and \"Load example\" gives the same", async () => {
  const s = await open();
  const { page } = s;
  const text = readFileSync(SEED, "utf8");
  await s.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate((text) => navigator.clipboard.writeText(text), text);
  await page.focus("#editor");
  await page.keyboard.press("Control+V");
  await page.waitForSelector("#report-view:not([hidden])");
  assert.equal(await page.textContent("#source-name"), "pasted.md");
  assert.equal(await page.$eval("#editor", (e) => e.value), text);
  assert.equal((await page.textContent("#registered-label")).trim(), "Registered 0/12");
  assert.equal(await page.locator(".slot").count(), 12);
  assert.equal(await page.locator('.diag[data-code="range-count-mismatch"]').count(), 2);
  await page.fill("#editor", "");
  await page.waitForSelector("#empty-state:not([hidden])");
  await page.click("#example-btn");
  await page.waitForSelector("#report-view:not([hidden])");
  assert.equal(await page.$eval("#editor", (e) => e.value), text);
  assert.equal(await page.locator(".slot").count(), 12);
  await closeClean(s);
});

test("a registry file dropped onto the page is checked", async () => {
  const s = await open();
  const { page } = s;
  const text = readFileSync(DUPLICATE, "utf8");
  const dt = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.md", { type: "text/markdown" }));
    return dt;
  }, text);
  await page.dispatchEvent("main", "dragenter", { dataTransfer: dt });
  assert.equal(await page.isVisible("#dropzone"), true, "the drop target shows while dragging");
  await page.dispatchEvent("main", "drop", { dataTransfer: dt });
  await page.waitForSelector('.slot[data-slot="2"][data-state="conflict"]');
  assert.equal(await page.isVisible("#dropzone"), false);
  assert.equal(await page.textContent("#source-name"), "dropped.md");
  assert.equal(await page.$eval("#editor", (e) => e.value), text);
  await closeClean(s);
});

test("clicking a finding scrolls the source pane to its line and highlights it", async () => {
  const s = await open({ height: 700 });
  const { page } = s;
  await pickFile(page, SEED);
  const finding = page.locator('.diag[data-code="range-count-mismatch"] .diag-main').last();
  const line = Number(await finding.getAttribute("data-line"));
  assert.ok(line > 60, `a line deep in the file, got ${line}`);
  assert.equal(await page.isVisible("#line-band"), false);
  await finding.click();
  assert.equal(await page.getAttribute("#editor-wrap", "data-highlight-line"), String(line));
  assert.equal(await caretLine(page), line);
  const band = await page.locator("#line-band").boundingBox();
  const editor = await page.locator("#editor").boundingBox();
  assert.ok(band && band.y >= editor.y && band.y + band.height <= editor.y + editor.height, "the highlighted line is in view");
  // The highlighted band sits on the line the finding names (line height 20px, 8px padding).
  const top = await page.$eval("#editor", (ed) => ed.scrollTop);
  assert.equal(Math.round(band.y - editor.y + top), (line - 1) * 20 + 8);
  // Keyboard: focus another finding and press Enter.
  const first = page.locator('.diag[data-code="range-count-mismatch"] .diag-main').first();
  const firstLine = Number(await first.getAttribute("data-line"));
  await first.focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.getAttribute("#editor-wrap", "data-highlight-line"), String(firstLine));
  await closeClean(s);
});

test("work ranges: the seed's chart shows both teams covering 1-50 once and the count mismatches of sessions 5 and 6", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, SEED);
  const groups = await page.$$eval(".range-group figcaption", (els) => els.map((e) => e.textContent));
  assert.deepEqual(groups, ["Outreach AI · prospects 1–50", "Prospect Research AI · prospects 1–50"]);
  const bars = await page.$$eval(".range-bar", (els) => els.map((e) => `${e.dataset.session}:${e.textContent}`));
  for (const want of ["2:1–25", "3:26–50", "4:1–17", "5:18–33", "6:34–50"]) assert.ok(bars.includes(want), `${want} in ${bars}`);
  // The mismatches are marked n ≠ goal on their own rows, and only there.
  const rows = await page.$$eval(".range-row:has(.range-bar)", (els) =>
    els.map((e) => [e.querySelector(".range-bar").dataset.session, e.querySelector(".range-count").textContent.trim()]),
  );
  assert.deepEqual(rows.filter(([, t]) => t.includes("≠")), [["5", "16 ≠ 17"], ["6", "17 ≠ 16"]]);
  // Coverage: every item 1-50 of each team covered exactly once.
  const coverage = await page.$$eval(".range-coverage", (els) => els.map((e) => e.getAttribute("aria-label")));
  assert.deepEqual(coverage, ["Coverage: no gap, no overlap", "Coverage: no gap, no overlap"]);
  assert.equal(await page.locator(".range-coverage .cov-gap, .range-coverage .cov-overlap").count(), 0);
  await page.click('.range-bar[data-session="5"]');
  const line = Number(await page.getAttribute('.diag[data-code="range-count-mismatch"] .diag-main >> nth=0', "data-line"));
  assert.equal(await page.getAttribute("#editor-wrap", "data-highlight-line"), String(line));
  assert.match(await page.$eval("#editor", (ed, line) => ed.value.split("\n")[line - 1], line), /18-33/);
  await page.locator("#ranges").scrollIntoViewIfNeeded();
  await shot(page, "range-chart");
  await closeClean(s);
});

test("work ranges: a gap and an overlap are drawn where the range rules find them", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, join(FIXTURES, "rules/range-gap.md"));
  const gaps = await page.$$eval(".range-coverage .cov-gap", (els) => els.map((e) => e.textContent));
  assert.deepEqual(gaps, ["11"]);
  assert.equal(await page.locator(".range-bad").count(), await page.locator('.diag[data-code="range-gap"]').count());
  await pickFile(page, join(FIXTURES, "rules/range-overlap.md"));
  assert.ok((await page.locator(".range-coverage .cov-overlap").count()) >= 1);
  assert.ok((await page.locator(".range-bad").count()) >= 1);
  await page.locator("#ranges").scrollIntoViewIfNeeded();
  await shot(page, "range-overlap");
  await closeClean(s);
});

test("control characters in registry fields are shown escaped in the slot tooltip", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-www-"));
  try {
    const file = join(dir, "controls.md");
    const text = readFileSync(SEED, "utf8").replace("marketing-outreach-1 (", "marketing\u001b[31m-outreach-1\u202e (");
    writeFileSync(file, text);
    const s = await open();
    const { page } = s;
    await pickFile(page, file);
    await page.focus('.slot[data-slot="4"]');
    const tip = await page.textContent("#tooltip");
    assert.match(tip, /marketing\\u\{1b\}\[31m-outreach-1\\u\{202e\}/);
    assert.doesNotMatch(tip, /[\u001b\u202e]/);
    assert.doesNotMatch(await page.getAttribute('.slot[data-slot="4"]', "aria-label"), /[\u001b\u202e]/);
    await closeClean(s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the mojibake seed: a banner offers the repaired text, which is the original UTF-8", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, MOJIBAKE);
  await page.waitForSelector("#mojibake-banner:not([hidden])");
  assert.equal(await page.locator('.diag[data-code="mojibake"]').count(), 1);
  assert.equal(await page.locator('.diag[data-code="range-count-mismatch"]').count(), 2);
  assert.equal(await page.$$eval(".diag-error", (els) => els.length), 0);
  await shot(page, "mojibake-banner");
  const download = page.waitForEvent("download");
  await page.click("#repair-download");
  const repairedFile = readFileSync(await (await download).path(), "utf8");
  await page.click("#repair-apply");
  await page.waitForSelector("#mojibake-banner", { state: "hidden" });
  const utf8 = readFileSync(SEED, "utf8");
  assert.equal(await page.$eval("#editor", (e) => e.value), utf8);
  assert.equal(repairedFile, utf8);
  assert.equal(await page.locator('.diag[data-code="mojibake"]').count(), 0);
  assert.equal(await page.locator('.diag[data-code="range-count-mismatch"]').count(), 2);
  await closeClean(s);
});

test("a duplicate number shows as a conflict on its slot, readable without colour", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, DUPLICATE);
  assert.ok((await page.locator('.diag[data-code="duplicate-number"]').count()) >= 1);
  // Sessions #2 and #3 both claim 2; 3 is left free; #1 is registered.
  assert.deepEqual(await slotStates(page), ["registered", "conflict", "free"]);
  assert.match(await page.textContent('.slot[data-slot="2"]'), /conflict/);
  assert.match(await page.getAttribute('.slot[data-slot="2"]', "aria-label"), /conflict/);
  assert.match(await page.textContent('.slot[data-slot="1"]'), /registered/);
  assert.match(await page.textContent('.slot[data-slot="3"]'), /free/);
  assert.equal((await page.textContent("#verdict-title")).trim(), "Consensus not reached");
  assert.equal((await page.textContent("#state-pill")).trim(), "conflicts");
  await page.focus('.slot[data-slot="2"]');
  const tip = await page.textContent("#tooltip");
  assert.match(tip, /book-writer-1/);
  assert.match(tip, /book-writer-2/);
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#tooltip"), false);
  await page.locator('.diag[data-code="duplicate-number"] .diag-main').first().click();
  await shot(page, "conflicts");
  await closeClean(s);
});

test("editing the source re-checks it: changing a NUMBER makes a conflict appear", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, SEED);
  assert.deepEqual(new Set(await slotStates(page)), new Set(["pending"]));
  const text = readFileSync(SEED, "utf8");
  const at = text.indexOf("- **NUMBER**: 6") + "- **NUMBER**: ".length;
  await page.focus("#editor");
  await page.$eval("#editor", (ed, at) => ed.setSelectionRange(at, at + 1), at);
  await page.keyboard.type("5");
  await page.waitForSelector('.slot[data-slot="5"][data-state="conflict"]');
  assert.equal((await slotStates(page))[5], "free");
  await closeClean(s);
});

test("consensus reached, and a checklist that claims what does not hold", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-www-"));
  try {
    const tick = (text) => text.replace(/^- \[ \]/gm, "- [x]");
    const reached = join(dir, "reached.md");
    writeFileSync(reached, tick(readFileSync(join(FIXTURES, "rules/clean.md"), "utf8")));
    const claims = join(dir, "claims.md");
    writeFileSync(claims, tick(readFileSync(SEED, "utf8")));

    const s = await open();
    const { page } = s;
    await pickFile(page, reached);
    assert.equal((await page.textContent("#verdict-title")).trim(), "Consensus reached");
    assert.equal(await page.getAttribute("#verdict", "data-reached"), "true");
    assert.deepEqual(await slotStates(page), ["registered", "registered", "registered"]);
    assert.equal((await page.textContent("#registered-label")).trim(), "Registered 3/3");
    assert.equal(await page.locator(".check-fails").count(), 0);
    assert.equal(await page.isVisible("#all-clear"), true);
    await shot(page, "reached");

    await pickFile(page, claims);
    assert.equal((await page.textContent("#verdict-title")).trim(), "Consensus not reached");
    const contradicted = await page.$$eval(".check-disagree", (els) => els.map((e) => [e.dataset.check, e.textContent]));
    assert.ok(contradicted.some(([id]) => id === "all-registered"), JSON.stringify(contradicted));
    assert.ok(contradicted.every(([, text]) => /file ticks it/.test(text) && /ticked, but does not hold/.test(text)));
    await closeClean(s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a registry with <script>, <img onerror> and javascript: links in its fields runs nothing and shows them as text", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, XSS);
  for (const slot of await page.locator(".slot").all()) {
    await slot.hover();
    await slot.focus();
  }
  for (const d of await page.locator(".diag-main:not([disabled])").all()) await d.click();
  await page.click("#export-summary");
  await page.keyboard.press("Escape");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.focus('.slot[data-slot="1"]');
  const tip = await page.textContent("#tooltip");
  assert.match(tip, /<img src=x onerror=/);
  assert.match(tip, /<iframe src="javascript:alert\('sid'\)">/);
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => ({
    xss: window.__xss,
    scripts: document.scripts.length,
    injected: document.querySelectorAll("img, iframe, object, embed, a[href]:not(.skip), a[href^='javascript' i], b, textarea:not(#editor)").length,
    strangeSvg: Array.from(document.querySelectorAll("svg")).filter((s) => !s.classList.contains("icon")).length,
    handlers: Array.from(document.querySelectorAll("*")).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
    bodyText: document.body.innerText,
  }));
  assert.equal(found.xss, undefined);
  assert.equal(found.scripts, 2, "only the page's own two scripts");
  assert.equal(found.injected, 0);
  assert.equal(found.strangeSvg, 0);
  assert.equal(found.handlers, 0);
  assert.equal(await page.$eval("#editor", (e) => e.value), readFileSync(XSS, "utf8"));
  await shot(page, "xss");
  await closeClean(s);
});

test("dark theme and a 375 px wide screen: no horizontal scrolling, everything reachable", async () => {
  const dark = await open({ colorScheme: "dark" });
  await pickFile(dark.page, SEED);
  await dark.page.locator('.diag[data-code="range-count-mismatch"] .diag-main').first().click();
  const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark background, got ${bg}`);
  await shot(dark.page, "dark");
  await closeClean(dark);

  const narrow = await open({ width: 375, height: 812 });
  await pickFile(narrow.page, SEED);
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than 375 px by ${overflow}`);
  for (const id of ["#file-label", "#folder-label", "#example-btn", "#export-summary"]) {
    const box = await narrow.page.locator(id).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `${id} fits`);
  }
  assert.equal(await narrow.page.locator(".slot").count(), 12);
  await shot(narrow.page, "mobile-375", { fullPage: true });
  await closeClean(narrow);
});

test("exports: registry JSON, report JSON and markdown download as files; the registry JSON loads back", async () => {
  const s = await open();
  const { page } = s;
  await pickFile(page, SEED);
  const grab = async (button) => {
    await page.click("#export-summary");
    const download = page.waitForEvent("download");
    await page.click(button);
    const d = await download;
    return { name: d.suggestedFilename(), text: readFileSync(await d.path(), "utf8") };
  };
  const report = await grab("#export-report");
  assert.match(report.name, /\.report\.json$/);
  const parsed = JSON.parse(report.text);
  assert.equal(parsed.consensus.required, 12);
  assert.equal(parsed.consensus.registered, 0);
  assert.equal(parsed.diagnostics.filter((d) => d.code === "range-count-mismatch").length, 2);
  const registry = await grab("#export-registry");
  const reg = JSON.parse(registry.text);
  assert.equal(reg.sessions.length, 12);
  const md = await grab("#export-md");
  assert.equal(md.text, readFileSync(SEED, "utf8"));

  const dir = mkdtempSync(join(tmpdir(), "rollcall-www-"));
  try {
    const jsonPath = join(dir, "registry.json");
    writeFileSync(jsonPath, registry.text);
    await pickFile(page, jsonPath);
    assert.equal(await page.locator(".slot").count(), 12);
    assert.equal((await page.textContent("#registered-label")).trim(), "Registered 0/12");
    assert.equal(await page.locator('.diag[data-code="range-count-mismatch"]').count(), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await closeClean(s);
});

test("a coordination folder: its registry is checked and its REGISTRATION messages form the timeline", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rollcall-www-"));
  try {
    const coord = join(dir, "coordination");
    mkdirSync(join(coord, "messages/broadcast"), { recursive: true });
    mkdirSync(join(coord, "messages/direct/marketing-orchestrator"), { recursive: true });
    writeFileSync(join(coord, "SESSION_IDENTITY_REGISTRY.md"), readFileSync(SEED, "utf8"));
    const send = (file, from, subject, timestamp, message = "") =>
      writeFileSync(join(coord, "messages/direct/marketing-orchestrator", file), JSON.stringify({ from, to: "marketing-orchestrator", timestamp, subject, message }));
    send("2025-11-15_22-01-05-marketing-outreach-2.json", "marketing-outreach-2", "REGISTRATION: NUMBER=5 ROLE=Outreach AI - Batch 2 GOAL=Send 17 emails daily, 95%+ delivery SESSION_ID=marketing-outreach-2 STATUS=REGISTERED", "2025-11-15T22:01:05Z");
    send("2025-11-15_22-00-01-marketing-research-1.json", "marketing-research-1", "REGISTRATION: NUMBER=2 ROLE=Prospect Research AI - Batch 1 GOAL=Find 25 prospects daily SESSION_ID=marketing-research-1 STATUS=REGISTERED", "2025-11-15T22:00:01Z");
    send("2025-11-15_22-02-00-marketing-outreach-3.json", "marketing-outreach-3", "REGISTRATION: NUMBER=5 ROLE=Outreach AI - Afternoon GOAL=Send 16 emails daily SESSION_ID=marketing-outreach-3 STATUS=REGISTERED", "2025-11-15T22:02:00Z");
    writeFileSync(join(coord, "messages/broadcast/2025-11-15_21-59-00-marketing-orchestrator.json"), JSON.stringify({ from: "marketing-orchestrator", to: "broadcast", timestamp: "2025-11-15T21:59:00Z", subject: "Register now", message: "Each session must register" }));
    writeFileSync(join(coord, "messages/broadcast/2025-11-15_22-03-00-broken.json"), '{"from": "x", "subject": "raw\nnewline"}');

    const s = await open();
    const { page } = s;
    await page.setInputFiles("#folder-input", coord);
    await page.waitForSelector("#timeline-card:not([hidden]) .tl-item");
    assert.equal(await page.locator(".slot").count(), 12);
    const items = await page.$$eval(".tl-item", (els) => els.map((e) => e.textContent));
    assert.equal(items.length, 3, String(items));
    assert.match(items[0], /#2/);
    assert.match(items[1], /#5/);
    assert.match(items[0], /accepted/);
    assert.match(items[1], /accepted/);
    assert.match(items[2], /#5.*already claimed by marketing-outreach-2/);
    assert.deepEqual(await page.$$eval(".tl-item", (els) => els.map((e) => e.dataset.outcome)), ["accepted", "accepted", "refused"]);
    assert.match(await page.textContent("#timeline-note"), /3 registrations in 5 messages, 1 not valid JSON/);
    await page.locator("#timeline-card").scrollIntoViewIfNeeded();
    await shot(page, "folder-timeline");
    await closeClean(s);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
