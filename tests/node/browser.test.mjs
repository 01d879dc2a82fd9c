// The package's browser entry (the `default` export condition) in headless Chromium: served over
// HTTP from the installed package, imported with a bare specifier through an import map, as a
// page without a bundler would; `validate` works right after import (top-level await).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync, existsSync } from "node:fs";
import { join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { installPackedPackage, importFromConsumer, removeProject, root } from "./helpers.mjs";

const project = installPackedPackage();
const installed = join(project, "node_modules", "rollcall-wasm");
const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
const entry = manifest.exports["."].default;
const seed = readFileSync(join(root, "tests", "fixtures", "marketing-registry.md"), "utf8");

const page = `<!doctype html><meta charset="utf-8">
<script type="importmap">{"imports": {"rollcall-wasm": "/pkg/${entry.replace(/^\.\//, "")}"}}</script>
<script type="module">
  import { validate, version } from "rollcall-wasm";
  const seed = await (await fetch("/seed.md")).text();
  window.result = { version: version(), report: validate(seed, { path: "seed.md" }) };
</script>`;

const types = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm" };
const server = createServer((request, response) => {
  const url = new URL(request.url, "http://localhost");
  if (url.pathname === "/") return response.end(page);
  if (url.pathname === "/seed.md") return response.end(seed);
  const file = normalize(join(installed, url.pathname.replace(/^\/pkg\//, "")));
  if (!url.pathname.startsWith("/pkg/") || !file.startsWith(installed) || !existsSync(file)) {
    response.statusCode = 404;
    return response.end();
  }
  const extension = file.slice(file.lastIndexOf("."));
  response.setHeader("content-type", types[extension] ?? "application/octet-stream");
  response.end(readFileSync(file));
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});

after(async () => {
  await browser.close();
  server.close();
  removeProject(project);
});

test("import { validate } from 'rollcall-wasm' works in Chromium via the default entry", async () => {
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (error) => errors.push(error.message));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => window.result || null, null, { timeout: 20000 });
  const { version, report } = await tab.evaluate(() => window.result);
  assert.deepEqual(errors, []);
  assert.equal(version, manifest.version);
  assert.equal(report.path, "seed.md");
  assert.equal(report.consensus.required, 12);
  const inNode = await importFromConsumer(project);
  assert.deepEqual(report, inNode.validate(seed, { path: "seed.md" }), "the same report as in Node");
  await tab.close();
});
