// Parity: for every registry fixture, the packed package's `validate` gives the very object the
// CLI prints with `rollcall validate --format json` (paths aside), and a file the CLI refuses
// (exit 2) is one the package throws a coded Error for.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  installPackedPackage,
  importFromConsumer,
  removeProject,
  root,
  registryFixtures,
  readText,
  rollcallBin,
} from "./helpers.mjs";

const project = installPackedPackage();
const rollcall = await importFromConsumer(project);
const withViews = await importFromConsumer(project, "rollcall-wasm/view");
const bin = rollcallBin();
after(() => removeProject(project));

/** Runs `rollcall validate --format json [args] FILE`; returns exit code and parsed stdout. */
function cli(file, args = []) {
  const run = spawnSync(bin, ["validate", "--format", "json", ...args, file], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
  const report = run.status === 0 || run.status === 1 ? JSON.parse(run.stdout) : null;
  return { status: run.status, report, stderr: run.stderr };
}

/** The report without its path, the one field that legitimately differs. */
function withoutPath(report) {
  const { path, ...rest } = report;
  return rest;
}

const fixtures = registryFixtures();

test("there are fixtures to compare: seed, mojibake seed and rule fixtures", () => {
  const names = fixtures.map((f) => f.slice(root.length + 1));
  assert.ok(names.includes("tests/fixtures/marketing-registry.md"));
  assert.ok(names.includes("tests/fixtures/marketing-registry.mojibake.txt"));
  assert.ok(names.filter((n) => n.startsWith("tests/fixtures/rules/")).length >= 10, names.join());
});

for (const fixture of fixtures) {
  const name = fixture.slice(root.length + 1);
  const text = readText(fixture);

  test(`validate equals the CLI's --format json: ${name}`, { skip: text === null && "not UTF-8: a JS string cannot hold it" }, () => {
    const native = cli(fixture);
    if (native.status === 2) {
      assert.throws(() => rollcall.validate(text), (error) => {
        assert.ok(error instanceof Error, "an Error is thrown");
        assert.match(error.code, /^[a-z]+(-[a-z]+)*$/, "with a kebab-case code");
        assert.notEqual(native.stderr.trim(), "", "the CLI says why on stderr");
        return true;
      });
      return;
    }
    assert.ok(native.status === 0 || native.status === 1, `CLI exit ${native.status}: ${native.stderr}`);
    const wasm = rollcall.validate(text, { path: name });
    assert.equal(wasm.path, name, "the path option is echoed");
    assert.deepEqual(withoutPath(wasm), withoutPath(native.report));
    assert.deepEqual(withViews.validate(text, { path: name }), wasm, "the view module's validate is the same");
    const hasError = wasm.diagnostics.some((d) => d.severity === "error");
    assert.equal(native.status, hasError ? 1 : 0, "CLI exit code agrees with the findings");
  });

  test(`the range chart carries every range finding the CLI prints, and the slots every duplicate: ${name}`, { skip: text === null && "not UTF-8: a JS string cannot hold it" }, () => {
    const native = cli(fixture);
    if (native.status === 2) return;
    const key = (d) => `${d.code} line ${d.line}: ${d.message}`;
    const ranged = native.report.diagnostics.filter((d) => d.code.startsWith("range-")).map(key).sort();
    const charted = new Set();
    for (const g of withViews.workRanges(text)) for (const r of g.ranges) for (const d of r.findings) charted.add(key(d));
    assert.deepEqual([...charted].sort(), ranged);
    const conflicts = new Set(native.report.diagnostics.filter((d) => d.code === "duplicate-number").map((d) => d.session));
    const grid = withViews.slots(text);
    for (const slot of grid.slots) assert.equal(slot.state === "conflict", conflicts.has(slot.number), `slot ${slot.number}`);
  });
}

test("--required agrees with the required option", () => {
  const seed = `${root}/tests/fixtures/marketing-registry.md`;
  for (const required of [1, 12, 40]) {
    const native = cli(seed, ["--required", String(required)]);
    const wasm = rollcall.validate(readText(seed), { required });
    assert.deepEqual(withoutPath(wasm), withoutPath(native.report));
    assert.equal(wasm.consensus.required, required);
  }
});

test("stdin and text agree on hostile input: CRLF, BOM, HTML, quotes, $, emoji", () => {
  const seed = readText(`${root}/tests/fixtures/marketing-registry.md`);
  const hostile =
    "\uFEFF" +
    seed
      .replace("Outreach Team Leader", `<img src=x onerror="alert('$HOME')"> "\\\\" 🚀`)
      .replaceAll("\n", "\r\n");
  const run = spawnSync(bin, ["validate", "--format", "json", "-"], {
    input: hostile,
    encoding: "utf8",
    env: { PATH: process.env.PATH, NO_COLOR: "1" },
  });
  assert.ok(run.status === 0 || run.status === 1, run.stderr);
  const wasm = rollcall.validate(hostile, { path: "-" });
  assert.deepEqual(wasm, JSON.parse(run.stdout));
});
