// The page and the CLI agree: on one coordination folder, the page's registration timeline names
// the same outcomes as `rollcall ingest`, and its slot states are `rollcall status`'s.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURES, foreignRequests, launch, openPage, pickFile, rollcallBin } from "./harness.mjs";

const BIN = rollcallBin();
// The sessions' keys go to a key store under `dir`, never the real home's.
const rollcall = (...args) =>
  JSON.parse(
    execFileSync(BIN, [...args, "--json"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", ROLLCALL_SESSION: "", ROLLCALL_KEYS: join(dir, "keys") },
    }),
  );

let browser;
let dir;

before(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), "rollcall-agree-"));
});

after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A REGISTRATION message file as the old shell script writes it. */
function send(coord, from, timestamp, subject) {
  const folder = join(coord, "messages/direct/marketing-orchestrator");
  mkdirSync(folder, { recursive: true });
  const file = `${timestamp.replace(/[:T]/g, "-").replace(/Z$/, "")}-${from}.json`;
  writeFileSync(join(folder, file), JSON.stringify({ from, to: "marketing-orchestrator", timestamp, subject, message: "" }));
}

test("timeline outcomes equal `rollcall ingest`, slot states equal `rollcall status`", async () => {
  const coord = join(dir, "coordination");
  mkdirSync(coord);
  // The messages are the old script's, which signs nothing: a registry that takes them allows unsigned ones.
  rollcall("init", "--dir", coord, "--from", join(FIXTURES, "marketing-registry.md"), "--as", "human", "--allow-unsigned");
  const reg = (n, role, goal, id) => `REGISTRATION: NUMBER=${n} ROLE=${role} GOAL=${goal} SESSION_ID=${id} STATUS=REGISTERED`;
  send(coord, "marketing-research-1", "2025-11-15T22:00:01Z", reg(2, "Prospect Research AI - Batch 1", "Find 25 prospects daily", "marketing-research-1"));
  send(coord, "marketing-outreach-2", "2025-11-15T22:01:05Z", reg(5, "Outreach AI - Batch 2", "Send 17 emails daily", "marketing-outreach-2"));
  send(coord, "marketing-outreach-3", "2025-11-15T22:02:00Z", reg(5, "Outreach AI - Afternoon", "Send 16 emails daily", "marketing-outreach-3"));
  send(coord, "intruder", "2025-11-15T22:03:00Z", reg(7, "Conversation AI - Night", "Answer 40 replies daily", "intruder"));
  send(coord, "marketing-outreach-3", "2025-11-15T22:04:00Z", reg("next", "Outreach AI - Afternoon batch", "Send 16 emails daily", "marketing-outreach-3"));
  send(coord, "marketing-sales-closer-1", "2025-11-15T22:05:00Z", "REGISTRATION: ROLE=Sales without a number");

  // The page reads the folder before `ingest` applies anything: the registry as `init` wrote it.
  const s = await openPage(browser);
  const { page } = s;
  await page.setInputFiles("#folder-input", coord);
  await page.waitForSelector("#timeline-card:not([hidden]) .tl-item");
  const shown = await page.$$eval(".tl-item", (els) =>
    els.map((e) => ({ key: e.getAttribute("title"), outcome: e.dataset.outcome, number: e.dataset.number, text: e.textContent })),
  );

  const ingested = rollcall("ingest", "--dir", coord, "--as", "marketing-orchestrator");
  assert.equal(shown.length, ingested.length, JSON.stringify({ shown, ingested }, null, 1));
  ingested.forEach((cli, i) => {
    const ui = shown[i];
    assert.ok(ui.key.endsWith(cli.key), `${ui.key} is ${cli.key}`);
    const want = cli.outcome === "applied" ? "accepted" : cli.refusal.code === "invalid-registration" ? "invalid" : "refused";
    assert.equal(ui.outcome, want, `${cli.key}: ${JSON.stringify(cli.refusal)} vs ${ui.text}`);
    if (cli.number != null) assert.equal(ui.number, String(cli.number));
    if (cli.refusal?.holder) assert.match(ui.text, new RegExp(`already claimed by ${cli.refusal.holder.session}`));
  });
  assert.deepEqual(
    ingested.map((r) => r.outcome),
    ["applied", "applied", "refused", "refused", "applied", "refused"],
    "the folder exercises every outcome",
  );

  // The registry `ingest` rendered, loaded into the page: the same states as `rollcall status`.
  const status = rollcall("status", "--dir", coord);
  await pickFile(page, join(coord, "SESSION_IDENTITY_REGISTRY.md"));
  await page.waitForSelector('.slot[data-slot="5"][data-state="registered"]');
  const states = await page.$$eval(".slot", (els) => els.map((e) => [Number(e.dataset.slot), e.dataset.state]));
  const expected = status.sessions.map((r) => [r.number, r.status === "pending" ? "pending" : "registered"]);
  assert.deepEqual(states, expected);
  assert.equal(states.filter(([, st]) => st === "registered").length, status.registered);
  assert.equal((await page.textContent("#registered-label")).trim(), `Registered ${status.registered}/${status.required}`);

  assert.deepEqual(foreignRequests(s.requests), []);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
