// Shared set-up for the static page's browser tests: the system Chromium driven by playwright-core,
// the built page opened from a file:// URL, and a record of every request, dialog and page error.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const PAGE = join(ROOT, "www/dist/rollcall.html");
export const FIXTURES = join(ROOT, "tests/fixtures");
export const SHOTS = join(ROOT, "target/www-screenshots");

const CHROMIUM = process.env.ROLLCALL_CHROMIUM || "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts the system Chromium (never a downloaded one). */
export async function launch() {
  if (!existsSync(PAGE)) throw new Error(`${PAGE} is missing: run scripts/build-www.sh first`);
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/**
 * Opens the page from disk in a fresh context and records what it does.
 * Returns { page, context, requests, dialogs, errors }.
 */
export async function openPage(browser, { width = 1360, height = 900, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, acceptDownloads: true });
  const requests = [];
  const dialogs = [];
  const errors = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("dialog", async (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(pathToFileURL(PAGE).href);
  await page.waitForSelector("html[data-ready='true']", { timeout: 15000 });
  return { page, context, requests, dialogs, errors };
}

/** The requests that left the page's own file, data: and blob: URLs (must be none). */
export function foreignRequests(requests) {
  const self = pathToFileURL(PAGE).href;
  return requests.filter((u) => u !== self && !u.startsWith("data:") && !u.startsWith("blob:"));
}

/** Saves a screenshot under target/www-screenshots/. */
export async function shot(page, name, opts = {}) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: "disabled", ...opts });
}

/** Loads a file through the "Open file" input, as a user picking it would. */
export async function pickFile(page, path) {
  await page.setInputFiles("#file-input", path);
  await page.waitForFunction(() => !document.getElementById("report-view").hidden || !document.getElementById("error-state").hidden);
}

/** The 1-based line of the editor's caret. */
export function caretLine(page) {
  return page.$eval("#editor", (ed) => ed.value.slice(0, ed.selectionStart).split("\n").length);
}

/** The CLI: $ROLLCALL_BIN (scripts/test.sh sets it), else the debug build under the target dir. */
export function rollcallBin() {
  if (process.env.ROLLCALL_BIN) return process.env.ROLLCALL_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, "target");
  const bin = join(target, "debug", "rollcall");
  if (!existsSync(bin)) execFileSync("cargo", ["build", "-q", "-p", "rollcall"], { cwd: ROOT, stdio: "inherit" });
  return bin;
}
