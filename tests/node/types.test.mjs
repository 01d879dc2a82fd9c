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
const rollcall = await importFromConsumer(project);
const declarations = loadDeclarations(
  join(project, "node_modules", "rollcall-wasm", "rollcall_wasm.d.ts"),
);

after(() => removeProject(project));

test("the declarations never say any or unknown", () => {
  const dts = readFileSync(join(project, "node_modules", "rollcall-wasm", "rollcall_wasm.d.ts"), "utf8");
  const publicPart = dts.slice(0, dts.indexOf("export type InitInput"));
  assert.doesNotMatch(publicPart, /\b(any|unknown)\b(?![^\n]*\*\/)/);
});

test("a strict TypeScript consumer type-checks against the package", () => {
  const consumer = `
import { validate, parseRegistry, renderRegistry, parseRegistration, repairEncoding, version, workRanges } from "rollcall-wasm";
import type { Report, Diagnostic, Consensus, Check, Registry, Session, Registration, Severity, RangeGroup } from "rollcall-wasm";

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
validate("text");
// @ts-expect-error severities are a closed set
const wrong: "fatal" = report.diagnostics[0].severity;
// @ts-expect-error options are typed
validate("text", { required: "twelve" });
// @ts-expect-error states are a closed set
const state: "done" = consensus.state;
console.log(severity, line, checks, sessions, registration, repaired, v, wrong, state, firstEnd);
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
