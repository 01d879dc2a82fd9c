// Shared set-up for the end-to-end tests of `rollcall mcp`: a throw-away team folder, MCP clients
// (the npm SDK's own client over stdio) bound to one session each, and the CLI run beside them.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The tools `rollcall mcp` documents (README, brief). */
export const DOCUMENTED_TOOLS = [
  "whoami",
  "status",
  "validate",
  "register",
  "release",
  "send",
  "fetch_inbox",
  "mark_read",
  "heartbeat",
  "ack_message",
  "sent",
  "verify",
  "confirm",
  "activate",
];

let cachedBin;

/** The `rollcall` binary: $ROLLCALL_BIN, else target/debug/rollcall (built once if missing). */
export function rollcallBin() {
  if (cachedBin) return cachedBin;
  if (process.env.ROLLCALL_BIN) {
    cachedBin = process.env.ROLLCALL_BIN;
    return cachedBin;
  }
  const bin = join(root, "target", "debug", "rollcall");
  if (!existsSync(bin)) {
    execFileSync("cargo", ["build", "-q", "-p", "rollcall"], { cwd: root, stdio: "inherit" });
  }
  cachedBin = bin;
  return cachedBin;
}

/**
 * A team: a base folder B holding the coordination folder B/c and the key store B/keys (outside
 * the coordination folder), created with `rollcall init`. Call `close()` to stop every client
 * and child process it started and remove B.
 */
export class Team {
  constructor({ sessions = 3, orchestrator = "orch" } = {}) {
    this.base = mkdtempSync(join(tmpdir(), "rollcall-mcp-"));
    this.dir = join(this.base, "c");
    this.keys = join(this.base, "keys");
    mkdirSync(this.dir);
    this.env = { ...process.env, ROLLCALL_KEYS: this.keys, NO_COLOR: "1" };
    delete this.env.ROLLCALL_SESSION;
    delete this.env.ROLLCALL_DIR;
    this.clients = [];
    this.children = [];
    this.cli(
      "init",
      "--dir",
      this.dir,
      "--sessions",
      String(sessions),
      "--allow-unsigned",
      "--as",
      orchestrator,
    );
  }

  /** Runs the CLI synchronously; returns stdout (throws on a non-zero exit). */
  cli(...args) {
    return execFileSync(rollcallBin(), args, {
      env: this.env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  }

  /**
   * Runs the CLI as a separate process; resolves once it has exited and its streams closed, to
   * {code, signal, stdout, stderr, exitedAt} (exitedAt: performance.now() at the exit event).
   */
  run(...args) {
    return new Promise((resolve, reject) => {
      const child = spawn(rollcallBin(), args, { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
      this.children.push(child);
      let stdout = "";
      let stderr = "";
      let exitedAt;
      child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
      child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
      child.on("error", reject);
      child.on("exit", () => (exitedAt = performance.now()));
      child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr, exitedAt }));
    });
  }

  /** `rollcall mcp --as SESSION --dir B/c` as a bare child process with piped stdio (no client). */
  spawnMcp(session) {
    const child = spawn(rollcallBin(), ["mcp", "--as", session, "--dir", this.dir], {
      env: this.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.children.push(child);
    return child;
  }

  /** `rollcall ... --json --as SESSION --dir B/c`, parsed. */
  cliJson(session, ...args) {
    return JSON.parse(this.cli(...args, "--json", "--as", session, "--dir", this.dir));
  }

  /** An MCP client connected to `rollcall mcp --as SESSION --dir B/c`. */
  async connect(session) {
    const transport = new StdioClientTransport({
      command: rollcallBin(),
      args: ["mcp", "--as", session, "--dir", this.dir],
      env: this.env,
      stderr: "pipe",
    });
    // Keep the server's log, for a failing test's message.
    let log = "";
    transport.stderr?.on("data", (chunk) => {
      log += chunk;
    });
    const client = new Client({ name: `rollcall-e2e-${session}`, version: "0.0.0" });
    await client.connect(transport);
    client.serverLog = () => log;
    client.session = session;
    this.clients.push(client);
    return client;
  }

  /** Every stored message file (`messages/direct/ID/*.json`, `messages/broadcast/*.json`), sorted. */
  messageFiles() {
    const found = [];
    const walk = (folder) => {
      if (!existsSync(folder)) return;
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.name.startsWith(".")) continue; // cursors, receipts, locks
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith(".json")) found.push(path);
      }
    };
    walk(join(this.dir, "messages"));
    return found.sort();
  }

  /** Stops every client (and so its server) and child process, and removes the folder. */
  async close() {
    await Promise.allSettled(this.clients.map((c) => c.close()));
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    rmSync(this.base, { recursive: true, force: true });
  }
}

/** Calls a tool; asserts nothing, returns the raw result. */
export function call(client, name, args = {}) {
  return client.callTool({ name, arguments: args });
}

/** Calls a tool that must succeed; returns its structuredContent. */
export async function ok(client, name, args = {}) {
  const result = await call(client, name, args);
  if (result.isError) {
    throw new Error(
      `${client.session}: tool ${name}(${JSON.stringify(args)}) failed: ` +
        JSON.stringify(result.structuredContent ?? result.content),
    );
  }
  return result.structuredContent;
}

/** Registers `client`'s session with a role and goal of its own (and `number` when given). */
export function register(client, number) {
  const args = {
    role: `Role of ${client.session}`,
    goal: `Ship 100% of ${client.session}'s tasks by Friday`,
  };
  if (number !== undefined) args.number = number;
  return call(client, "register", args);
}

/** The text of a resource's first content block. */
export async function readResource(client, uri) {
  const { contents } = await client.readResource({ uri });
  return contents[0].text;
}
