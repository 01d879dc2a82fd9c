// The packed npm package as a consumer installs and imports it in Node 20 (ESM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { installPackedPackage, importFromConsumer, removeProject, root } from "./helpers.mjs";

let project;
let rollcall;

before(async () => {
  project = installPackedPackage();
  rollcall = await importFromConsumer(project);
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
