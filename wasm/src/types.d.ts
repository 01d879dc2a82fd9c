/** How bad a finding is; only "error" blocks consensus. */
export type Severity = "info" | "warning" | "error";

/** Another place that explains a finding. */
export interface Related {
  /** 1-based line of the other place. */
  line: number;
  /** What that place is. */
  message: string;
}

/** A machine-applicable repair: replace the whole text with `replacement`. */
export interface Fix {
  /** One line saying what the fix does. */
  title: string;
  /** The full repaired text. */
  replacement: string;
}

/** One finding, exactly as `rollcall validate --format json` prints it. */
export interface Diagnostic {
  /** Stable kebab-case rule or error code, e.g. "duplicate-number". */
  code: string;
  severity: Severity;
  /** One sentence saying what is wrong. */
  message: string;
  /** 1-based line, null when the finding has no place. */
  line: number | null;
  /** 1-based column in characters, null when unknown. */
  column: number | null;
  /** The session number the finding is about, if any. */
  session: number | null;
  related: Related[];
  /** What to do about it. */
  help: string | null;
  fix: Fix | null;
}

/** Where the registry stands on its way to activation. */
export type ConsensusState =
  | "registering"
  | "conflicts"
  | "awaiting-confirmation"
  | "awaiting-approval"
  | "approved"
  | "active";

/** One consensus check, computed from the data next to what the file claims. */
export interface Check {
  /** Stable kebab-case id, e.g. "all-registered". */
  id: string;
  text: string;
  /** Whether the check holds for the data. */
  holds: boolean;
  /** Whether the file ticks the box; null when the file has no such item. */
  claimed: boolean | null;
  /** 1-based line of the file's item; null when absent. */
  line: number | null;
}

/** The consensus block of a report. */
export interface Consensus {
  required: number;
  /** Sessions registered or later with no error against them. */
  registered: number;
  /** True only when every check holds and there is no error. */
  reached: boolean;
  state: ConsensusState;
  checks: Check[];
}

/** What `validate` returns: the same object as `rollcall validate --format json`. */
export interface Report {
  /** The `path` option, or null. */
  path: string | null;
  /** Findings sorted by line. */
  diagnostics: Diagnostic[];
  consensus: Consensus;
}

/** Options of `validate`. */
export interface ValidateOptions {
  /** How many sessions must register (default: what the registry says). */
  required?: number;
  /** Where the text came from; echoed as `Report.path`. */
  path?: string;
}

/** Text from the source with its 1-based line. */
export interface Spanned {
  text: string;
  line: number;
}

/** One `- **KEY**: value` bullet; a list field holds its sub-bullets as items. */
export interface Field {
  /** The key as written, e.g. "ROLE". */
  key: string;
  /** The value after the colon, trimmed ("" for a list field). */
  value: string;
  line: number;
  items: Spanned[];
}

/** One `### Session #N: Title` section. */
export interface Session {
  /** 1-based line of the heading. */
  line: number;
  /** The number in the heading, if it has one. */
  heading_number: number | null;
  /** The heading's title after the colon. */
  title: string;
  /** The bold-key fields in document order, unknown ones included. */
  fields: Field[];
}

/** One consensus checklist item. */
export interface ChecklistItem {
  text: string;
  /** Whether the file ticks it (`- [x]`). */
  checked: boolean;
  line: number;
}

/** One piece of the document in order: prose kept verbatim, or where a modelled part goes. */
export type Block =
  | { kind: "prose"; text: string }
  | { kind: "title" }
  | { kind: "purpose" }
  | { kind: "required"; text: string }
  | { kind: "sessions"; count: number }
  | { kind: "checklist"; count: number }
  | { kind: "current_status"; text: string };

/** A whole session identity registry, in registry.json's shape. */
export interface Registry {
  title: string;
  purpose: string | null;
  /** How many sessions must register. */
  required: number | null;
  sessions: Session[];
  checklist: ChecklistItem[];
  /** What `**Current Status**: N/M` claims, as N. */
  stated_registered: number | null;
  /** 1-based line of the `**Current Status**:` claim. */
  stated_line: number | null;
  /** Everything else, in order, so re-rendering loses nothing. */
  blocks: Block[];
}

/** A parsed registration message. */
export interface Registration {
  /** The claimed number, or "next" for the first free one. */
  number: number | "next";
  role: string;
  goal: string;
  session_id: string;
  /** STATUS as written, e.g. "REGISTERED". */
  status: string | null;
  /** READY: YES / NO, when given. */
  ready: boolean | null;
  /** Other KEY / value pairs in message order. */
  extra: [string, string][];
}

/** The numbered work ranges of one team and item type (what `workRanges` returns a list of). */
export interface RangeGroup {
  /** The team: the ROLE before " - ", folded, e.g. "outreach ai". */
  team: string;
  /** The item type, singular, e.g. "prospect". */
  noun: string;
  /** The ranges, sorted by start. */
  ranges: RangeEntry[];
}

/** One session's numbered range, e.g. `prospects 18-33`. */
export interface RangeEntry {
  /** The session's number, null when it has none. */
  session: number | null;
  /** First item, 1-based. */
  start: number;
  /** Last item, inclusive. */
  end: number;
  /** 1-based line of the responsibility holding the range. */
  line: number;
  /** The range as written. */
  text: string;
  /** The count the session's GOAL states, null when none. */
  goal: number | null;
}
