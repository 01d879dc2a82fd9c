// The TypeScript declarations: real types (no `any`), type-checked by a strict consumer, and
// matching what the functions really return for the fixtures, so they cannot drift.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackedPackage, importFromConsumer, removeProject, root, registryFixtures } from "./helpers.mjs";
import { loadDeclarations, mismatches } from "./conform.mjs";

const project = installPackedPackage();
// The view entry declares and exports everything the main entry does, plus the views.
const rollcall = await importFromConsumer(project, "rollcall-wasm/view");
const declarations = loadDeclarations(
  join(project, "node_modules", "rollcall-wasm", "rollcall_wasm_view.d.ts"),
);

after(() => removeProject(project));

for (const file of ["rollcall_wasm.d.ts", "rollcall_wasm_view.d.ts"]) {
  test(`the declarations never say any or unknown: ${file}`, () => {
    const dts = readFileSync(join(project, "node_modules", "rollcall-wasm", file), "utf8");
    const publicPart = dts.slice(0, dts.indexOf("export type InitInput"));
    assert.doesNotMatch(publicPart, /\b(any|unknown)\b(?![^\n]*\*\/)/);
  });
}

test("a strict TypeScript consumer type-checks against the package", () => {
  const consumer = `
import { validate, parseRegistry, renderRegistry, parseRegistration, repairEncoding, version } from "rollcall-wasm";
import type { Report, Diagnostic, Consensus, Check, Registry, Session, Registration, Severity } from "rollcall-wasm";
import { workRanges, slots, overview, registrationTimeline, escapeControls, roster, approvalDiff } from "rollcall-wasm/view";
import type { RangeGroup, SlotGrid, SlotState, TimelineEntry, Outcome, Overview, Roster, RosterRow, ApprovalDiff, FieldChange } from "rollcall-wasm/view";

const report: Report = validate("# Session Identity Registry\\n", { required: 12, path: "r.md" });
const first: Diagnostic | undefined = report.diagnostics[0];
const severity: Severity | undefined = first?.severity;
const line: number | null | undefined = first?.line;
const consensus: Consensus = report.consensus;
const checks: Check[] = consensus.checks;
const registry: Registry = parseRegistry("# Session Identity Registry\\n");
const sessions: Session[] = registry.sessions;
const markdown: string = renderRegistry(registry);
const registration: Registration = parseRegistration("REGISTRATION: NUMBER=1 ROLE=a GOAL=b SESSION_ID=c");
const repaired: string | null = repairEncoding(markdown);
const v: string = version();
const ranges: RangeGroup[] = workRanges(markdown);
const firstEnd: number | undefined = ranges[0]?.ranges[0]?.end;
const gaps: number = ranges[0]?.coverage.filter((c) => c.sessions === 0).length ?? 0;
const grid: SlotGrid = slots(markdown, { required: 3 });
const all: Overview = overview(markdown, { path: "r.md" });
const sameGrid: SlotGrid = all.slots;
const slotState: SlotState | undefined = grid.slots[0]?.state;
const timeline: TimelineEntry[] = registrationTimeline([{ from: "a", timestamp: "2025-11-15T22:00:00Z", subject: "REGISTRATION: NUMBER=1 ROLE=a GOAL=b SESSION_ID=a" }], markdown);
const outcome: Outcome | undefined = timeline[0]?.outcome;
const holder: string | null | undefined = outcome?.kind === "refused" ? outcome.holder : undefined;
const shown: string = escapeControls("a\u001b[31m");
const table: Roster = roster(markdown, null, { required: 3 });
const firstRow: RosterRow | undefined = table.rows[0];
const fingerprint: string | null | undefined = firstRow?.key;
const diff: ApprovalDiff = approvalDiff("");
const changedField: FieldChange["field"] | undefined = diff.changed[0]?.changes[0]?.field;
// @ts-expect-error roster sources are a closed set
const badSource: "cli" = table.source;
registrationTimeline([]);
// @ts-expect-error slot states are a closed set
const badState: "taken" = grid.slots[0].state;
validate("text");
// @ts-expect-error severities are a closed set
const wrong: "fatal" = report.diagnostics[0].severity;
// @ts-expect-error options are typed
validate("text", { required: "twelve" });
// @ts-expect-error states are a closed set
const state: "done" = consensus.state;
console.log(severity, line, checks, sessions, registration, repaired, v, wrong, state, firstEnd, gaps, slotState, holder, shown, badState, sameGrid, fingerprint, changedField, badSource);
`;
  writeFileSync(join(project, "consumer.ts"), consumer);
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        types: [],
      },
      files: ["consumer.ts"],
    }),
  );
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", project], { cwd: project, encoding: "utf8" });
});

/** Asserts a real value conforms to the declared return type of an exported function. */
function conforms(fn, value) {
  const errors = mismatches(declarations.checker, value, declarations.returnType(fn));
  assert.deepEqual(errors, [], `${fn}() output departs from its declared type`);
}

for (const fixture of registryFixtures()) {
  const name = fixture.slice(root.length + 1);
  const text = readFileSync(fixture, "utf8");

  test(`parseRegistry output matches Registry: ${name}`, () => {
    let registry;
    try {
      registry = rollcall.parseRegistry(text);
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("parseRegistry", registry);
  });

  test(`workRanges output matches RangeGroup[]: ${name}`, () => {
    let groups;
    try {
      groups = rollcall.workRanges(text);
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("workRanges", groups);
  });

  test(`overview output matches Overview: ${name}`, () => {
    let all;
    try {
      all = rollcall.overview(text);
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("overview", all);
  });

  test(`slots output matches SlotGrid: ${name}`, () => {
    let grid;
    try {
      grid = rollcall.slots(text);
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("slots", grid);
  });

  test(`roster output matches Roster: ${name}`, () => {
    let table;
    try {
      table = rollcall.roster(text);
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("roster", table);
  });

  test(`validate output matches Report: ${name}`, () => {
    let report;
    try {
      report = rollcall.validate(text, { path: name });
    } catch (error) {
      assert.equal(typeof error.code, "string", "only a coded Error is thrown");
      return;
    }
    conforms("validate", report);
  });
}

test("roster and approvalDiff of a CLI-made journal match Roster and ApprovalDiff", () => {
  const journal = readFileSync(join(root, "tests/fixtures/journal/approved-then-changed/registry.journal.jsonl"), "utf8");
  const table = rollcall.roster("", journal);
  assert.equal(table.source, "journal");
  conforms("roster", table);
  const diff = rollcall.approvalDiff(journal);
  assert.equal(diff.changed.length, 1);
  conforms("approvalDiff", diff);
});

test("parseRegistration output matches Registration, both forms and `next`", () => {
  conforms(
    "parseRegistration",
    rollcall.parseRegistration(
      "REGISTRATION: NUMBER=5 ROLE=Outreach AI - Batch 2 GOAL=Send 17 emails daily SESSION_ID=marketing-outreach-2 STATUS=REGISTERED",
    ),
  );
  conforms(
    "parseRegistration",
    rollcall.parseRegistration(
      "REGISTRATION COMPLETE\nNUMBER: next\nROLE: Orchestrator\nGOAL: Ship 3 reports\nSESSION_ID: lead\nREADY: YES\nTEAM: marketing\n",
    ),
  );
});

test("repairEncoding returns string or null as declared", () => {
  const mojibake = readFileSync(join(root, "tests", "fixtures", "marketing-registry.mojibake.txt"), "utf8");
  conforms("repairEncoding", rollcall.repairEncoding(mojibake));
  conforms("repairEncoding", rollcall.repairEncoding("plain text"));
});

test("registrationTimeline output matches TimelineEntry[]: accepted, refused and invalid", () => {
  const seed = readFileSync(join(root, "tests", "fixtures", "marketing-registry.md"), "utf8");
  const claim = (from, timestamp, number) => ({
    key: `${timestamp}-${from}.json`,
    from,
    timestamp,
    subject: `REGISTRATION: NUMBER=${number} ROLE=Outreach AI - Batch GOAL=Send 17 emails daily SESSION_ID=${from}`,
    message: "",
  });
  const messages = [
    claim("marketing-outreach-2", "2025-11-15T22:01:05Z", 5),
    claim("marketing-outreach-3", "2025-11-15T22:02:00Z", 5),
    { from: "x", timestamp: "2025-11-15T22:03:00Z", subject: "REGISTRATION: ROLE=broken" },
  ];
  for (const registry of [seed, undefined]) {
    const timeline = rollcall.registrationTimeline(messages, registry);
    assert.deepEqual(timeline.map((e) => e.outcome.kind), ["accepted", "refused", "invalid"]);
    conforms("registrationTimeline", timeline);
  }
});

test("escapeControls returns a string", () => {
  conforms("escapeControls", rollcall.escapeControls("a\u001b[31m"));
});
