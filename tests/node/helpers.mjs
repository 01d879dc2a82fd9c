// Shared set-up for the npm package tests: packs wasm/pkg, installs the tarball into a temporary
// consumer project and imports it from there, exactly as a user of the package would.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The built package (scripts/build-wasm.sh). */
export const pkgDir = join(root, "wasm", "pkg");

/** Packs the package and installs the tarball into a fresh consumer project; returns its folder. */
export function installPackedPackage() {
  const project = mkdtempSync(join(tmpdir(), "rollcall-wasm-consumer-"));
  const packed = execFileSync("npm", ["pack", pkgDir, "--json", "--pack-destination", project], {
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(packed);
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", join(project, filename)],
    { cwd: project, stdio: "inherit" },
  );
  return project;
}

/** Imports `rollcall-wasm` (or the entry `specifier`, e.g. `rollcall-wasm/view`) through a module
 * inside the consumer project, as a bare specifier. */
export async function importFromConsumer(project, specifier = "rollcall-wasm") {
  const file = join(project, `consumer-${specifier.replace(/\W/g, "-")}.mjs`);
  writeFileSync(file, `export * as rollcall from ${JSON.stringify(specifier)};\n`);
  const { rollcall } = await import(pathToFileURL(file).href);
  return rollcall;
}

/** Removes a consumer project. */
export function removeProject(project) {
  rmSync(project, { recursive: true, force: true });
}

/** Every fixture file under tests/fixtures that may hold a registry (.md, .txt, .json). */
export function registryFixtures(dir = join(root, "tests", "fixtures")) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...registryFixtures(path));
    else if (/\.(md|txt|json)$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/** The file as text exactly as the CLI reads it (BOM kept), or null when it is not UTF-8. */
export function readText(path) {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(readFileSync(path));
  } catch {
    return null;
  }
}

/** The `rollcall` binary: $ROLLCALL_BIN, else built with cargo. */
export function rollcallBin() {
  if (process.env.ROLLCALL_BIN) return process.env.ROLLCALL_BIN;
  execFileSync("cargo", ["build", "-q", "-p", "rollcall"], { cwd: root, stdio: "inherit" });
  const metadata = execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return join(JSON.parse(metadata).target_directory, "debug", "rollcall");
}
