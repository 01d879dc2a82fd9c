// The packed npm package as a consumer installs and imports it in Node 20 (ESM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { installPackedPackage, importFromConsumer, removeProject, root } from "./helpers.mjs";

let project;
let rollcall;
let withViews;

/** The API: what the main entry exports. */
const mainApi = ["parseRegistration", "parseRegistry", "renderRegistry", "repairEncoding", "validate", "version"];
/** What `rollcall-wasm/view` adds for pages and dashboards. */
const views = ["approvalDiff", "escapeControls", "overview", "registrationTimeline", "roster", "slots", "workRanges"];

before(async () => {
  project = installPackedPackage();
  rollcall = await importFromConsumer(project);
  withViews = await importFromConsumer(project, "rollcall-wasm/view");
});

after(() => removeProject(project));

test("version() is the Cargo workspace version", () => {
  const cargo = readFileSync(join(root, "Cargo.toml"), "utf8");
  const [, expected] = cargo.match(/\[workspace\.package\][^[]*?version = "([^"]+)"/);
  assert.equal(rollcall.version(), expected);
});

test("the installed package ships only what package.json lists, with types", () => {
  const installed = join(project, "node_modules", "rollcall-wasm");
  const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
  assert.equal(manifest.name, "rollcall-wasm");
  assert.equal(manifest.type, "module");
  for (const file of manifest.files) assert.ok(existsSync(join(installed, file)), `${file} installed`);
  assert.ok(existsSync(join(installed, manifest.types)));
});

test("the one module stays within issue 14's size budget: 256 KB gzip", () => {
  const wasm = readFileSync(join(project, "node_modules", "rollcall-wasm", "rollcall_wasm_bg.wasm"));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gzipped <= 256 * 1024, `rollcall_wasm_bg.wasm is ${wasm.length} bytes, ${gzipped} gzip -9`);
});

test("the main entry exports the API, the view entry the API plus the views", () => {
  const functions = (module) => Object.keys(module).filter((k) => typeof module[k] === "function" && !/^(default|initSync)$/.test(k)).sort();
  assert.deepEqual(functions(rollcall), mainApi);
  assert.deepEqual(functions(withViews), [...mainApi, ...views].sort());
  assert.equal(withViews.version(), rollcall.version());
});

test("misuse from untyped JavaScript throws coded Errors and leaves the module sound", () => {
  const calls = [
    ...["validate", "parseRegistry", "parseRegistration", "repairEncoding"].map((name) => [rollcall, name]),
    ...["workRanges", "slots", "overview", "escapeControls"].map((name) => [withViews, name]),
  ];
  for (const [module, name] of calls) {
    for (const bad of [undefined, null, 42, {}, ["# Session Identity Registry"]]) {
      assert.throws(
        () => module[name](bad),
        (error) => error instanceof Error && error.code === "invalid-argument",
        `${name}(${JSON.stringify(bad)})`,
      );
    }
  }
  for (const bad of [undefined, null, "# title", {}, [3]]) {
    assert.throws(
      () => withViews.registrationTimeline(bad),
      (error) => error instanceof Error && error.code === "invalid-argument",
      `registrationTimeline(${JSON.stringify(bad)})`,
    );
  }
  for (const bad of [undefined, null, "# title", [], { title: 5 }]) {
    assert.throws(
      () => rollcall.renderRegistry(bad),
      (error) => error instanceof Error && error.code === "invalid-argument",
    );
  }
  assert.throws(
    () => rollcall.validate("# Session Identity Registry\n", { require: 12 }),
    (error) => error.code === "invalid-argument" && /require/.test(error.message),
  );
  const seed = readFileSync(join(root, "tests", "fixtures", "marketing-registry.md"), "utf8");
  assert.equal(rollcall.validate(seed).consensus.required, 12);
});

test("findings are data: a registry full of errors returns a report, it does not throw", () => {
  const seed = readFileSync(join(root, "tests", "fixtures", "marketing-registry.md"), "utf8");
  const broken = seed.replace("- **NUMBER**: 2\n", "- **NUMBER**: 1\n");
  const report = rollcall.validate(broken);
  assert.ok(report.diagnostics.some((d) => d.code === "duplicate-number" && d.severity === "error"));
  assert.equal(report.consensus.reached, false);
});
