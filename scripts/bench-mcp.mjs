// Benchmark (issue 18): round trips through `rollcall mcp` with the npm MCP client, beside one
// `rollcall send` process, in the same run; and how long a subscribed inbox waits for its push.
// Usage: node scripts/bench-mcp.mjs ROLLCALL_BIN [RUNS]   (scripts/bench-mcp.sh builds the binary)
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [bin, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 200);
const base = mkdtempSync(join(tmpdir(), "rollcall-bench-mcp-"));
const dir = join(base, "c");
mkdirSync(dir);
const env = { ...process.env, ROLLCALL_KEYS: join(base, "keys"), NO_COLOR: "1" };
const cli = (...args) => execFileSync(bin, [...args, "--dir", dir], { env, stdio: ["ignore", "pipe", "pipe"] });

cli("init", "--sessions", "2", "--as", "s1", "--allow-unsigned");
cli("register", "--as", "s1", "--number", "1", "--role", "Sender", "--goal", "Send 1,000 messages");
cli("register", "--as", "s2", "--number", "2", "--role", "Reader", "--goal", "Read 1,000 messages");

async function connect(session) {
  const client = new Client({ name: "bench", version: "1" });
  const transport = new StdioClientTransport({ command: bin, args: ["mcp", "--as", session, "--dir", dir], env, stderr: "ignore" });
  await client.connect(transport);
  return client;
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const report = (name, xs) =>
  console.log(`${name}: p50 ${percentile(xs, 50).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms (${xs.length} runs)`);

const sender = await connect("s1");
const reader = await connect("s2");
const mcpSend = [], cliSend = [], fetch = [];
for (let i = 0; i < runs; i++) {
  let t0 = process.hrtime.bigint();
  const sent = await sender.callTool({ name: "send", arguments: { to: "s2", subject: `mcp ${i}`, message: `body ${i}` } });
  mcpSend.push(ms(t0));
  if (sent.isError) throw new Error(JSON.stringify(sent));
  t0 = process.hrtime.bigint();
  cli("send", "--as", "s1", "s2", `cli ${i}`, `body ${i}`);
  cliSend.push(ms(t0));
  t0 = process.hrtime.bigint();
  await reader.callTool({ name: "fetch_inbox", arguments: { peek: true, limit: 10 } });
  fetch.push(ms(t0));
}
report("send through MCP", mcpSend);
report("one `rollcall send` process", cliSend);
report(`fetch_inbox through MCP (peek, limit 10, inbox growing to ${2 * runs})`, fetch);

let arrived = null;
reader.setNotificationHandler(ResourceUpdatedNotificationSchema, () => arrived?.());
await reader.subscribeResource({ uri: "rollcall://inbox" });
const push = [];
for (let i = 0; i < Math.min(runs, 100); i++) {
  const landed = new Promise((resolve) => { arrived = resolve; });
  const t0 = process.hrtime.bigint();
  await sender.callTool({ name: "send", arguments: { to: "s2", subject: `push ${i}`, message: "" } });
  const stored = ms(t0);
  await landed;
  push.push(ms(t0) - stored);
}
report("notification after the send returned", push);

await sender.close();
await reader.close();
rmSync(base, { recursive: true, force: true });
