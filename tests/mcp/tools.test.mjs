// tools/list: the served tools are exactly the documented ones, each with an object input schema
// naming the documented arguments; and the README's MCP tool table lists exactly the served tools.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Team, DOCUMENTED_TOOLS, root } from "./helpers.mjs";

let team;
let tools;

before(async () => {
  team = new Team();
  const client = await team.connect("alice");
  ({ tools } = await client.listTools());
});
after(() => team.close());

const byName = (name) => tools.find((t) => t.name === name);
const sorted = (names) => [...names].sort();

test("tools/list serves exactly the documented tools", () => {
  const names = tools.map((t) => t.name);
  assert.equal(new Set(names).size, names.length, `a tool is listed twice: ${names}`);
  assert.deepEqual(sorted(names), sorted(DOCUMENTED_TOOLS));
});

test("every tool has an input schema of type object", () => {
  for (const tool of tools) {
    assert.equal(typeof tool.inputSchema, "object", `${tool.name} has no inputSchema`);
    assert.equal(tool.inputSchema.type, "object", `${tool.name}'s inputSchema is not an object`);
    assert.ok(tool.description, `${tool.name} has no description`);
  }
});

test("send, fetch_inbox and register take the documented arguments", () => {
  const documented = {
    send: ["to", "subject", "message", "thread", "reply_to", "ack_required"],
    fetch_inbox: ["unread_only", "peek", "since", "limit"],
    register: ["number", "role", "goal", "responsibilities"],
  };
  for (const [name, args] of Object.entries(documented)) {
    const properties = Object.keys(byName(name).inputSchema.properties ?? {});
    for (const arg of args) {
      assert.ok(properties.includes(arg), `${name} has no \`${arg}\` argument: ${properties}`);
    }
  }
  // The arguments a call cannot do without are required in the schema.
  assert.deepEqual(sorted(byName("send").inputSchema.required ?? []), ["subject", "to"]);
  assert.deepEqual(sorted(byName("register").inputSchema.required ?? []), ["goal", "role"]);
});

/** The README's `## MCP server` section: its table rows ``| `name` | arguments | ... |``. */
function readmeToolRows() {
  const lines = readFileSync(join(root, "README.md"), "utf8").split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === "## MCP server");
  assert.notEqual(start, -1, "README.md has no `## MCP server` section");
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  const section = end === -1 ? rest : rest.slice(0, end);
  const rows = new Map();
  for (const line of section) {
    const row = /^\|\s*`([a-z_]+)`\s*\|([^|]*)\|/.exec(line);
    if (row) rows.set(row[1], row[2]);
  }
  return rows;
}

test("the README's MCP tool table lists exactly the served tools", () => {
  const rows = readmeToolRows();
  assert.deepEqual(sorted(rows.keys()), sorted(tools.map((t) => t.name)));
});

test("the README's MCP tool table names each tool's arguments", () => {
  for (const [name, argumentsCell] of readmeToolRows()) {
    const tool = byName(name);
    if (!tool) continue; // reported by the test above
    const named = [...argumentsCell.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
    const properties = Object.keys(tool.inputSchema.properties ?? {});
    assert.deepEqual(sorted(named), sorted(properties), `README row of \`${name}\``);
  }
});
