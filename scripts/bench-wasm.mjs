// Benchmark of the npm package's `validate` in Node: medians for the 12-session seed and a
// generated 10,000-session registry. Usage: node scripts/bench-wasm.mjs OUT_DIR
// (writes the generated registry to OUT_DIR/registry-10000.md so the native run reads the same).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { validate } from "../wasm/pkg/node.mjs";

const root = new URL("..", import.meta.url).pathname;
const seed = readFileSync(join(root, "tests/fixtures/marketing-registry.md"), "utf8");

/** A sound registry of `count` sessions in the seed's layout: one orchestrator and a research team. */
export function generateRegistry(count) {
  const start = seed.indexOf("### Session #1:");
  const end = seed.indexOf("\n## ", start);
  const header = seed.slice(0, start).replace(/All 12 sessions/, `All ${count} sessions`);
  const footer = seed.slice(end + 1);
  const sessions = [];
  for (let n = 1; n <= count; n++) {
    const lead = n === 1;
    sessions.push(
      [
        `### Session #${n}: ${lead ? "Orchestrator" : `Researcher ${n}`}`,
        `- **NUMBER**: ${n}`,
        `- **ROLE**: ${lead ? "Master Coordinator - Orchestrate all sessions" : `Prospect Research AI - Batch ${n - 1}`}`,
        `- **GOAL**: ${lead ? `Coordinate ${count} sessions to deliver 5 reports weekly` : "Find 25 qualified prospects daily"}`,
        `- **SESSION_ID**: worker-${n} (session-${1763243000 + n})`,
        "- **RESPONSIBILITIES**:",
        lead ? "  - Monitor all session progress" : `  - Research prospects ${(n - 2) * 25 + 1}-${(n - 1) * 25}`,
        "  - Report blockers within 4 hours",
        "- **STATUS**: ✅ REGISTERED",
        `- **TIMESTAMP**: 2026-11-25T08:${String(n % 60).padStart(2, "0")}:00Z`,
        "",
        "---",
        "",
      ].join("\n"),
    );
  }
  return header + sessions.join("") + footer;
}

/** Median wall time in milliseconds of `fn` over `runs` runs, after `warmup` runs. */
function median(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/bench-wasm.mjs OUT_DIR");
  process.exit(2);
}
const big = generateRegistry(10000);
writeFileSync(join(out, "registry-10000.md"), big);
writeFileSync(join(out, "registry-12.md"), seed);

const report = validate(big);
if (report.consensus.required !== 10000 || report.diagnostics.some((d) => d.severity === "error")) {
  console.error("the generated registry is not sound:", report.diagnostics.slice(0, 3), report.consensus.required);
  process.exit(1);
}
for (const [name, text, runs, warmup] of [
  ["registry-12.md", seed, 201, 20],
  ["registry-10000.md", big, 15, 2],
]) {
  const ms = median(() => validate(text), runs, warmup);
  console.log(`wasm (Node ${process.version}) validate ${name}: median ${ms.toFixed(3)} ms over ${runs} runs`);
}
