// Bad input never takes the server down: an unknown tool, arguments of the wrong type, an unknown
// argument (`as`, which must not let a call act as another session), and raw garbage on stdin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import { Team, ok, call, register } from "./helpers.mjs";

let team;
let alice;
let bob;

before(async () => {
  team = new Team();
  [alice, bob] = await Promise.all([team.connect("alice"), team.connect("bob")]);
  for (const client of [alice, bob]) {
    const result = await register(client);
    assert.equal(result.isError, false, JSON.stringify(result.structuredContent));
  }
});
after(() => team.close());

/** Asserts the server is still up and still acts as alice. */
async function stillServes() {
  const me = await ok(alice, "whoami");
  assert.equal(me.session, "alice");
}

test("an unknown tool is a JSON-RPC error, and the server keeps serving", async () => {
  await assert.rejects(call(alice, "no_such_tool", {}), McpError);
  await assert.rejects(call(alice, "", {}), McpError);
  await stillServes();
});

test("arguments of the wrong type are tool errors, and nothing happens", async () => {
  const before = team.messageFiles();
  const statusBefore = team.cliJson("orch", "status").sessions;
  const cases = [
    ["register", { number: "x", role: "R", goal: "G 1%" }],
    ["register", { number: -1, role: "R", goal: "G 1%" }],
    ["register", { role: ["not", "a", "string"], goal: "G 1%" }],
    ["send", { to: 5, subject: "s", message: "m" }],
    ["send", { to: "bob", subject: { nested: true }, message: "m" }],
    ["fetch_inbox", { limit: "ten" }],
    ["mark_read", { ids: "not-an-array" }],
    ["release", {}],
  ];
  for (const [name, args] of cases) {
    const result = await call(alice, name, args);
    assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}): ${JSON.stringify(result)}`);
    await stillServes();
  }
  assert.deepEqual(team.messageFiles(), before, "a refused call wrote a message");
  const statusAfter = team.cliJson("orch", "status").sessions;
  assert.deepEqual(
    statusAfter.map((s) => [s.number, s.session]),
    statusBefore.map((s) => [s.number, s.session]),
  );
});

test("an unknown argument (`as`) is a tool error, and nothing is sent as anyone", async () => {
  const before = team.messageFiles();
  const result = await call(alice, "send", {
    to: "bob",
    subject: "impersonation",
    message: "m",
    as: "mallory",
  });
  assert.equal(result.isError, true, JSON.stringify(result));
  assert.deepEqual(team.messageFiles(), before, "the call with `as` sent a message");
  const unknownOnRead = await call(alice, "fetch_inbox", { peek: true, unread: true });
  assert.equal(unknownOnRead.isError, true, JSON.stringify(unknownOnRead));
  await stillServes();
  // The same send without the stray argument goes through, as alice.
  const sent = await ok(alice, "send", { to: "bob", subject: "fine", message: "m" });
  assert.equal(sent.from, "alice");
});

test("garbage and an unknown method on stdin do not stop a bare `rollcall mcp`", { timeout: 30_000 }, async () => {
  const child = team.spawnMcp("alice");
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const replies = [];
  const notProtocol = [];
  const waiters = new Map();
  lines.on("line", (line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      notProtocol.push(line);
      return;
    }
    if (message?.jsonrpc !== "2.0") notProtocol.push(line);
    replies.push(message);
    waiters.get(message?.id)?.resolve(message);
  });
  child.on("exit", (code, signal) => {
    for (const { reject } of waiters.values()) {
      reject(new Error(`rollcall mcp exited (${code ?? signal}) before answering: ${stderr}`));
    }
  });
  const reply = (id) =>
    new Promise((resolve, reject) => {
      const found = replies.find((m) => m?.id === id);
      if (found) resolve(found);
      else if (child.exitCode !== null) reject(new Error(`rollcall mcp exited: ${stderr}`));
      else waiters.set(id, { resolve, reject });
    });
  const write = (text) => child.stdin.write(text);

  write("{not json}\n");
  write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "no/such/method", params: {} })}\n`);
  write("\n[1, 2\n");
  write(
    `${JSON.stringify({
      jsonrpc: "2.0",
      id: 2,
      method: "initialize",
      params: {
        protocolVersion: "2025-11-25",
        capabilities: {},
        clientInfo: { name: "raw", version: "0" },
      },
    })}\n`,
  );
  const initialized = await reply(2);
  assert.equal(child.exitCode, null, `the server exited: ${stderr}`);
  assert.ok(initialized.result, JSON.stringify(initialized));
  assert.equal(initialized.result.serverInfo.name, "rollcall");
  assert.ok(initialized.result.capabilities.tools, "the server offers tools");
  assert.equal(initialized.result.capabilities.resources?.subscribe, true);

  // Garbage after the handshake too, then a real call still answers.
  write(`${JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" })}\n`);
  write("}}}garbage{{{\n");
  write(`${JSON.stringify({ jsonrpc: "2.0", id: 3, method: "no/such/method" })}\n`);
  write(
    `${JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "whoami", arguments: {} } })}\n`,
  );
  const unknown = await reply(3);
  assert.ok(unknown.error, `an unknown method is an error: ${JSON.stringify(unknown)}`);
  const whoami = await reply(4);
  assert.equal(whoami.result?.structuredContent?.session, "alice", JSON.stringify(whoami));
  assert.equal(child.exitCode, null, `the server exited: ${stderr}`);

  // stdout carries only the protocol: every line is one JSON-RPC message.
  assert.deepEqual(notProtocol, []);

  // Closing stdin ends it cleanly.
  child.stdin.end();
  const [code] = await once(child, "exit");
  assert.equal(code, 0, stderr);
});
