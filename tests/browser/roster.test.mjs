// The roster and the approval diff on the page: the rows are `rollcall status --json`'s for a
// coordination folder, the diff names what changed since the journal's approval, the table sorts
// and filters by keyboard, axe-core finds nothing serious, and 1,000 sessions render.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, foreignRequests, launch, openPage, rollcallBin } from "./harness.mjs";

const SHOTS = process.env.ROLLCALL_SHOTS || "/tmp/shots";

const BIN = rollcallBin();
const ENV = { ...process.env, NO_COLOR: "1", ROLLCALL_SESSION: "" };
// The sessions' keys go to a key store under `tmp`, never the real home's.
const cli = (dir, ...args) =>
  execFileSync(BIN, [...args, "--dir", dir], { encoding: "utf8", env: { ...ENV, ROLLCALL_KEYS: join(tmp, "keys") } });

let browser;
let tmp;

before(async () => {
  browser = await launch();
  tmp = mkdtempSync(join(tmpdir(), "rollcall-roster-"));
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A folder driven through the protocol by the CLI: registered, confirmed, acked, approved, then changed. */
function approvedThenChanged() {
  const dir = join(tmp, "coordination");
  mkdirSync(dir);
  // James, the human approver, signs with his own SSH key, enrolled at init.
  const james = join(tmp, "james");
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "James", "-f", james]);
  cli(dir, "init", "--sessions", "4", "--as", "boss", "--approver", `James=${james}.pub`);
  const register = (who, n, role, goal) => cli(dir, "register", "--as", who, "--number", String(n), "--role", role, "--goal", goal);
  register("boss", 1, "Master Coordinator - run the team", "Coordinate 4 sessions daily");
  register("alpha", 2, "Research AI - find prospects", "Find 25 prospects daily");
  register("beta", 3, "Outreach AI - send emails", "Send 17 emails daily");
  register("delta", 4, "Conversation AI - answer replies", "Answer 40 replies daily");
  cli(dir, "confirm", "--as", "boss");
  for (const who of ["boss", "alpha", "beta", "delta"]) cli(dir, "ack", "--as", who);
  cli(dir, "approve", "--by", "James", "--key", james);
  register("beta", 3, "Outreach AI - send follow-ups", "Send 20 emails daily");
  cli(dir, "release", "--as", "alpha", "--number", "2");
  register("gamma", 2, "Research AI - find prospects", "Find 25 prospects daily");
  cli(dir, "confirm", "--as", "boss");
  cli(dir, "ack", "--as", "delta");
  return dir;
}

/** The roster rows as the page shows them. */
function shownRows(page) {
  return page.$$eval("#roster-body tr:not([hidden])", (trs) =>
    trs.map((tr) => ({
      number: Number(tr.dataset.number),
      role: tr.querySelector(".col-role").textContent,
      goal: tr.querySelector(".col-goal").textContent,
      session: tr.dataset.session || null,
      status: tr.dataset.status,
      acknowledged: tr.dataset.acknowledged === "true",
    })),
  );
}

test("the page's roster is `rollcall status --json`'s, and the diff names what changed since the approval", async () => {
  const dir = approvedThenChanged();
  const status = JSON.parse(cli(dir, "status", "--json"));
  const s = await openPage(browser);
  const { page } = s;
  await page.setInputFiles("#folder-input", dir);
  await page.waitForSelector("#diff-card:not([hidden])");
  const expected = status.sessions.map((r) => ({
    number: r.number,
    role: r.role ?? "—",
    goal: r.goal ?? "—",
    session: r.session,
    status: r.status,
    acknowledged: r.acknowledged,
  }));
  assert.deepEqual(await shownRows(page), expected);
  assert.match(await page.textContent("#roster-note"), /from the journal/);

  const changed = await page.$$eval("#diff .diff-changed", (els) => els.map((e) => [e.dataset.session, e.querySelector("dl").textContent]));
  assert.deepEqual(changed.map(([who]) => who), ["beta"]);
  assert.match(changed[0][1], /roleOutreach AI - send emails → Outreach AI - send follow-ups/);
  assert.match(changed[0][1], /goalSend 17 emails daily → Send 20 emails daily/);
  assert.deepEqual(await page.$$eval("#diff .diff-added", (els) => els.map((e) => e.dataset.session)), ["gamma"]);
  assert.deepEqual(await page.$$eval("#diff .diff-removed", (els) => els.map((e) => e.dataset.session)), ["alpha"]);
  assert.match(await page.textContent("#diff-note"), /approved by James/);
  assert.match(await page.textContent("#diff"), /withdrawn/);

  for (const [width, height] of [[1280, 900], [375, 812]]) {
    for (const scheme of ["light", "dark"]) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.locator("#roster-card").screenshot({ path: join(SHOTS, `roster-folder-${width}-${scheme}.png`), animations: "disabled" });
      await page.locator("#diff-card").screenshot({ path: join(SHOTS, `diff-${width}-${scheme}.png`), animations: "disabled" });
    }
  }
  assert.deepEqual(foreignRequests(s.requests), []);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test("the roster sorts by column and filters by text from the keyboard", async () => {
  const s = await openPage(browser);
  const { page } = s;
  await page.click("#example-btn");
  await page.waitForSelector("#roster-body tr");
  const numbers = () => page.$$eval("#roster-body tr[data-number]:not([hidden])", (trs) => trs.map((tr) => Number(tr.dataset.number)));
  assert.deepEqual(await numbers(), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(await page.getAttribute('#roster-head th[data-key="number"]', "aria-sort"), "ascending");

  await page.focus('#roster-head button[data-key="number"]');
  await page.keyboard.press("Enter");
  assert.deepEqual(await numbers(), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.equal(await page.getAttribute('#roster-head th[data-key="number"]', "aria-sort"), "descending");

  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.key), "role");
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute('#roster-head th[data-key="role"]', "aria-sort"), "ascending");
  assert.equal(await page.getAttribute('#roster-head th[data-key="number"]', "aria-sort"), null);
  const roles = await page.$$eval("#roster-body tr .col-role", (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(roles, [...roles].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));

  await page.focus("#roster-filter");
  await page.keyboard.type("outreach");
  const outreach = await numbers();
  assert.deepEqual([...outreach].sort((a, b) => a - b), [4, 5, 6]);
  assert.match(await page.textContent("#roster-count"), /showing 3 of 12/);
  await page.keyboard.type("-nobody-matches");
  assert.deepEqual(await numbers(), []);
  assert.match(await page.textContent("#roster-body"), /No row matches/);
  await page.fill("#roster-filter", "");
  assert.equal((await numbers()).length, 12);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test("a row with findings is marked and its finding button shows the finding and its line", async () => {
  const s = await openPage(browser);
  const { page } = s;
  await page.setInputFiles("#file-input", join(ROOT, "tests/fixtures/rules/duplicate-number.md"));
  await page.waitForSelector("#roster-body tr.has-findings");
  const flagged = await page.$$eval("#roster-body tr.has-findings", (trs) => trs.map((tr) => Number(tr.dataset.number)));
  assert.ok(flagged.includes(2), `${flagged}`);
  const chip = page.locator('#roster-body tr[data-number="2"] .finding-chip', { hasText: "duplicate-number" }).first();
  await chip.focus();
  await page.keyboard.press("Enter");
  const selected = await page.$eval("#diags .diag.selected", (li) => [li.dataset.code, li.querySelector(".diag-main").dataset.line]);
  assert.equal(selected[0], "duplicate-number");
  assert.equal(await page.getAttribute("#editor-wrap", "data-highlight-line"), selected[1]);
  await page.locator("#roster-card").screenshot({ path: join(SHOTS, "roster-findings-1360-light.png"), animations: "disabled" });
  await s.context.close();
});

test("axe-core finds no serious or critical violation, light and dark, wide and narrow", async () => {
  const axe = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
  for (const [width, scheme] of [[1280, "light"], [1280, "dark"], [375, "light"], [375, "dark"]]) {
    const s = await openPage(browser, { width, height: 900, colorScheme: scheme });
    const { page } = s;
    await page.setInputFiles("#folder-input", join(ROOT, "tests/fixtures/journal/approved-then-changed"));
    await page.waitForSelector("#diff-card:not([hidden])");
    await page.evaluate(axe);
    const violations = await page.evaluate(async () => {
      const result = await globalThis.axe.run(document, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
    });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], `${width}px ${scheme}: ${JSON.stringify(bad, null, 1)}`);
    await s.context.close();
  }
});

/** A registry of `n` sessions, each registered with its own role and goal. */
function bigRegistry(n) {
  const lines = ["# Session Identity Registry - Universal Consensus", "", "**Purpose**: Each session claims a unique number, role, and goal.", `**Required**: All ${n} sessions must register before activation`, "", "## Current Session Registry", ""];
  for (let i = 1; i <= n; i++) {
    lines.push(
      `### Session #${i}: Worker ${i}`,
      `- **NUMBER**: ${i}`,
      `- **ROLE**: ${i === 1 ? "Master Coordinator - run the team" : `Team ${i % 7} AI - work batch ${i}`}`,
      `- **GOAL**: Finish ${i % 50 + 1} tasks daily`,
      `- **SESSION_ID**: worker-${i} (session-${1763243000 + i})`,
      "- **STATUS**: ✅ REGISTERED",
      "",
    );
  }
  lines.push("## Consensus Checklist", "", "- [ ] All sessions registered", "", `**Current Status**: ${n}/${n} sessions registered`, "");
  return lines.join("\n");
}

test("1,000 sessions render, re-check after a keystroke and filter without freezing", async () => {
  const s = await openPage(browser, { width: 1280, height: 900 });
  const { page } = s;
  const file = join(tmp, "registry-1000.md");
  writeFileSync(file, bigRegistry(1000));
  await page.setInputFiles("#file-input", file);
  await page.waitForFunction(() => document.querySelectorAll("#roster-body tr").length === 1000, null, { timeout: 30000 });
  const loaded = Number(await page.evaluate(() => document.documentElement.dataset.checkMs));
  const times = { check: [], filter: [] };
  for (let i = 0; i < 5; i++) {
    await page.evaluate(() => delete document.documentElement.dataset.checkMs);
    await page.focus("#editor");
    await page.keyboard.press("End");
    await page.keyboard.type(i % 2 ? "x" : " ");
    await page.waitForFunction(() => document.documentElement.dataset.checkMs != null);
    times.check.push(Number(await page.evaluate(() => document.documentElement.dataset.checkMs)));
  }
  await page.focus("#roster-filter");
  for (const ch of "team 3") {
    await page.keyboard.type(ch);
    times.filter.push(Number(await page.evaluate(() => document.documentElement.dataset.filterMs)));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`1,000 sessions: first check and draw ${loaded} ms; re-check and redraw after a keystroke median ${median(times.check)} ms (${times.check.join(", ")}), filter redraw median ${median(times.filter)} ms`);
  const shown = await page.$$eval("#roster-body tr:not([hidden])", (trs) => trs.length);
  assert.ok(shown > 0 && shown < 1000, `${shown} rows match "team 3"`);
  await page.locator("#roster-card").screenshot({ path: join(SHOTS, "roster-1000-1280-light.png"), animations: "disabled" });
  assert.ok(median(times.check) < 1000, `a keystroke took ${median(times.check)} ms`);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
