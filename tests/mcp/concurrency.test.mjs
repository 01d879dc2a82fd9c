// Twenty sessions, each with its own server, register at once (twenty distinct numbers) and then
// all send to one recipient at once: every call succeeds and every message lands exactly once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Team, call } from "./helpers.mjs";

const N = 20;
const ids = Array.from({ length: N }, (_, i) => `s${String(i + 1).padStart(2, "0")}`);
const RECIPIENT = ids[0];

let team;
let clients;

before(async () => {
  team = new Team({ sessions: N });
  clients = await Promise.all(ids.map((id) => team.connect(id)));
});
after(() => team.close());

/** Asserts every result succeeded, naming the session of each that did not. */
function allSucceeded(results, what) {
  const failed = results
    .map((r, i) => [ids[i], r])
    .filter(([, r]) => r.isError)
    .map(([id, r]) => `${id}: ${JSON.stringify(r.structuredContent ?? r.content)}`);
  assert.deepEqual(failed, [], `${what} failed`);
}

test(`${N} servers registering at once get ${N} distinct numbers`, { timeout: 90_000 }, async () => {
  const results = await Promise.all(
    clients.map((c) =>
      call(c, "register", { role: `Worker ${c.session}`, goal: `Close 100% of ${c.session}'s tickets` }),
    ),
  );
  allSucceeded(results, "register");
  const numbers = results.map((r) => r.structuredContent.entry.data.number);
  assert.deepEqual(
    [...numbers].sort((a, b) => a - b),
    Array.from({ length: N }, (_, i) => i + 1),
  );
  results.forEach((r, i) => assert.equal(r.structuredContent.entry.data.session, ids[i]));
  // The journal agrees: each slot held by the session the tool said.
  const status = team.cliJson("orch", "status");
  assert.equal(status.registered, N);
  for (const [i, r] of results.entries()) {
    const slot = status.sessions.find((s) => s.number === r.structuredContent.entry.data.number);
    assert.equal(slot.session, ids[i]);
  }
});

test(`${N} servers sending to one recipient at once deliver each message once`, { timeout: 90_000 }, async () => {
  const results = await Promise.all(
    clients.map((c) =>
      call(c, "send", { to: RECIPIENT, subject: `from ${c.session}`, message: `hello from ${c.session}` }),
    ),
  );
  allSucceeded(results, "send");
  const sentIds = results.map((r) => r.structuredContent.id);
  assert.equal(new Set(sentIds).size, N, `message ids are not distinct: ${sentIds}`);

  const inbox = team.cliJson(RECIPIENT, "inbox", "--peek");
  const direct = inbox.messages.filter((m) => m.message.to === RECIPIENT);
  assert.equal(direct.length, N, JSON.stringify(direct.map((m) => m.message.from)));
  assert.deepEqual(direct.map((m) => m.message.id).sort(), [...sentIds].sort());
  assert.deepEqual(direct.map((m) => m.message.from).sort(), [...ids].sort());
  for (const m of direct) {
    assert.equal(m.message.subject, `from ${m.message.from}`);
    assert.equal(m.message.message, `hello from ${m.message.from}`);
    assert.equal(m.signature.status, "good", `${m.file}: ${JSON.stringify(m.signature)}`);
  }
  assert.equal(new Set(direct.map((m) => m.file)).size, N, "two messages share a file");
  assert.deepEqual(inbox.unreadable, []);
});
