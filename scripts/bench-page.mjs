// Benchmark of the static page in the system Chromium: time from navigation to the page being ready
// (`html[data-ready="true"]`: wasm instantiated, example checked and drawn), median of RUNS fresh
// contexts. Usage: node scripts/bench-page.mjs [RUNS]
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { launch, PAGE } from "../tests/browser/harness.mjs";

const runs = Number(process.argv[2] ?? 7);
const browser = await launch();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(pathToFileURL(PAGE).href);
    await page.waitForSelector("html[data-ready='true']", { timeout: 15000 });
    times.push(performance.now() - t0);
    await context.close();
  }
} finally {
  await browser.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`page ready (file://, Chromium): median ${median.toFixed(0)} ms over ${runs} runs (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)})`);
