// Refusals are tool errors carrying rollcall's code, hint and outcome: a taken number (with the
// free ones), a send before the session has a key, and a send to an id nobody registered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Team, ok, call, register } from "./helpers.mjs";

let team;
let alice;
let bob;

before(async () => {
  team = new Team();
  [alice, bob] = await Promise.all([team.connect("alice"), team.connect("bob")]);
});
after(() => team.close());

/** Asserts `result` is a tool error with `code`; returns its structuredContent. */
function refused(result, code) {
  assert.equal(result.isError, true, `expected a refusal: ${JSON.stringify(result)}`);
  const structured = result.structuredContent;
  assert.ok(structured?.error, `no structuredContent.error: ${JSON.stringify(result)}`);
  assert.equal(structured.error.code, code, JSON.stringify(structured.error));
  assert.equal(typeof structured.error.message, "string");
  assert.ok(structured.error.message.length > 0);
  assert.ok(Number.isInteger(structured.error.exit_code) && structured.error.exit_code > 0);
  assert.ok("outcome" in structured, "structuredContent has an outcome");
  return structured;
}

test("send before register is refused with no-key, and nothing is sent", async () => {
  const result = await call(alice, "send", { to: "bob", subject: "too early", message: "x" });
  const { error } = refused(result, "no-key");
  assert.match(error.hint, /register/);
  assert.deepEqual(team.messageFiles(), [], "a refused send wrote a message");
});

test("every signing tool is refused with no-key until the session has a key", async () => {
  const carol = await team.connect("carol");
  const signing = [
    ["send", { to: "orch", subject: "s", message: "m" }],
    ["release", { number: 3 }],
    ["ack_message", { id: "01M91K1VCCT95XQ4V3SS9AYADH" }],
    ["confirm", {}],
    ["activate", {}],
  ];
  for (const [name, args] of signing) {
    refused(await call(carol, name, args), "no-key");
  }
  assert.equal((await ok(carol, "whoami")).key, null);
});

test("a taken number is refused with number-taken, a hint and the free numbers", async () => {
  const first = await register(alice, 1);
  assert.equal(first.isError, false, JSON.stringify(first.structuredContent));
  assert.equal(first.structuredContent.entry.data.number, 1);

  const second = await register(bob, 1);
  const { error, outcome } = refused(second, "number-taken");
  const free = outcome.refusal.free;
  assert.ok(Array.isArray(free) && free.length > 0, `free: ${JSON.stringify(free)}`);
  assert.ok(!free.includes(1), `1 is taken, yet listed free: ${free}`);
  assert.equal(outcome.ok, false);
  assert.equal(outcome.refusal.code, "number-taken");
  // The hint names a number bob can claim.
  const hinted = [...error.hint.matchAll(/\d+/g)].map((m) => Number(m[0]));
  assert.ok(
    hinted.some((n) => free.includes(n)),
    `the hint names no free number: ${error.hint} (free: ${free})`,
  );
  // Nothing changed: alice still holds 1, bob holds nothing.
  const status = team.cliJson("orch", "status");
  assert.equal(status.sessions.find((s) => s.number === 1).session, "alice");
  assert.ok(!status.sessions.some((s) => s.session === "bob"));
  // And the number the refusal offered is one bob can indeed claim.
  const retry = await register(bob, free[0]);
  assert.equal(retry.isError, false, JSON.stringify(retry.structuredContent));
  assert.equal(retry.structuredContent.entry.data.number, free[0]);
});

test("send to an id nobody registered is refused with undeliverable", async () => {
  const before = team.messageFiles();
  const result = await call(alice, "send", { to: "nobody-here", subject: "hi", message: "x" });
  refused(result, "undeliverable");
  // Nothing was written for it, not even a dead letter.
  assert.deepEqual(team.messageFiles(), before, "a refused send wrote a message");
  // The server goes on: a registered recipient still gets mail.
  const sent = await ok(alice, "send", { to: "bob", subject: "after", message: "x" });
  assert.equal(sent.to, "bob");
});
