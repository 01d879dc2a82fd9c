// A subscribed rollcall://inbox is pushed `notifications/resources/updated` when mail lands from
// another process (within 1 s of that process exiting), and the resource then shows the message.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { Team, ok, register } from "./helpers.mjs";

const INBOX = "rollcall://inbox";
const DEADLINE_MS = 1000;

let team;
let alice;
let bob;
/** Every notification bob's client received: {uri, at}. */
const updates = [];
/** Resolvers waiting for the next rollcall://inbox update. */
let waiting = [];

before(async () => {
  team = new Team();
  [alice, bob] = await Promise.all([team.connect("alice"), team.connect("bob")]);
  for (const client of [alice, bob]) {
    const result = await register(client);
    assert.equal(result.isError, false, JSON.stringify(result.structuredContent));
  }
  bob.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
    const update = { uri: notification.params.uri, at: performance.now() };
    updates.push(update);
    if (update.uri === INBOX) {
      for (const resolve of waiting) resolve(update);
      waiting = [];
    }
  });
  await bob.subscribeResource({ uri: INBOX });
});
after(() => team.close());

/** The first rollcall://inbox update received after `count` updates had been seen. */
function updateAfter(count) {
  const seen = updates.filter((u) => u.uri === INBOX);
  if (seen.length > count) return Promise.resolve(seen[count]);
  return new Promise((resolve) => waiting.push(resolve));
}

/** Resolves to the update, or to null when none came within DEADLINE_MS of `since`. */
async function withinDeadline(update, since) {
  let timer;
  const late = new Promise((resolve) => {
    timer = setTimeout(() => resolve(null), Math.max(0, since + DEADLINE_MS - performance.now()));
  });
  try {
    return await Promise.race([update, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The unread messages the inbox resource shows. */
async function inboxResource() {
  const { contents } = await bob.readResource({ uri: INBOX });
  assert.equal(contents.length, 1);
  assert.equal(contents[0].uri, INBOX);
  assert.equal(contents[0].mimeType, "application/json");
  return JSON.parse(contents[0].text);
}

test("the inbox resource lists unread messages and starts empty", async () => {
  const resources = (await bob.listResources()).resources.map((r) => r.uri).sort();
  assert.deepEqual(resources, ["rollcall://inbox", "rollcall://registry", "rollcall://status"]);
  const inbox = await inboxResource();
  assert.equal(inbox.session, "bob");
  assert.deepEqual(inbox.messages, []);
  assert.deepEqual(inbox.unreadable, []);
  assert.equal(updates.length, 0, `notified before any mail: ${JSON.stringify(updates)}`);
});

test("a `rollcall send` from another process notifies within 1 s of its exit", async () => {
  const seen = updates.filter((u) => u.uri === INBOX).length;
  const next = updateAfter(seen);
  const sent = await team.run("send", "bob", "SUBJECT", "BODY", "--as", "alice", "--dir", team.dir);
  assert.equal(sent.code, 0, sent.stderr);
  const update = await withinDeadline(next, sent.exitedAt);
  assert.ok(
    update,
    `no notifications/resources/updated for ${INBOX} within ${DEADLINE_MS} ms of the send ` +
      `exiting; got ${JSON.stringify(updates)}; server log: ${bob.serverLog()}`,
  );
  assert.equal(update.uri, INBOX);

  const inbox = await inboxResource();
  const found = inbox.messages.filter((m) => m.message.subject === "SUBJECT");
  assert.equal(found.length, 1, JSON.stringify(inbox));
  const [entry] = found;
  assert.equal(entry.message.from, "alice");
  assert.equal(entry.message.to, "bob");
  assert.equal(entry.message.message, "BODY");
  assert.equal(entry.unread, true);
  assert.equal(entry.signature.status, "good");
  // Reading the resource is a peek: the message stays unread.
  const again = await ok(bob, "fetch_inbox", { unread_only: true, peek: true });
  assert.ok(again.messages.some((m) => m.message.id === entry.message.id));
});

test("a broadcast from another session's server notifies too", async () => {
  const seen = updates.filter((u) => u.uri === INBOX).length;
  const next = updateAfter(seen);
  await ok(alice, "send", { to: "broadcast", subject: "ALL HANDS", message: "everyone" });
  const sentAt = performance.now();
  const update = await withinDeadline(next, sentAt);
  assert.ok(update, `no update for a broadcast; server log: ${bob.serverLog()}`);
  const inbox = await inboxResource();
  assert.ok(
    inbox.messages.some((m) => m.message.subject === "ALL HANDS" && m.message.from === "alice"),
    JSON.stringify(inbox),
  );
});

test("only rollcall://inbox can be subscribed to", async () => {
  await assert.rejects(bob.subscribeResource({ uri: "rollcall://status" }));
  // The inbox subscription is unaffected: the server still answers.
  assert.equal((await ok(bob, "whoami")).session, "bob");
});
