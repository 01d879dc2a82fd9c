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
  /** The team: the ROLE before " - ", folded, e.g. "outreach ai"; "" for sessions without a role. */
  team: string;
  /** The item type, singular, e.g. "prospect". */
  noun: string;
  /** The largest item number any range of the group reaches; the chart's axis runs 1..max. */
  max: number;
  /** The ranges, sorted by start. */
  ranges: RangeEntry[];
  /** Runs of items 1..max by how many sessions cover them (0: a gap, 2 or more: an overlap); empty past 100000 items. */
  coverage: Coverage[];
}

/** One session's numbered range, e.g. `prospects 18-33`. */
export interface RangeEntry {
  /** The session's number, null when it has none. */
  session: number | null;
  /** First item, 1-based. */
  start: number;
  /** Last item, inclusive. */
  end: number;
  /** How many items the range holds. */
  count: number;
  /** 1-based line of the responsibility holding the range. */
  line: number;
  /** The range as written. */
  text: string;
  /** The count the session's GOAL states, null when none. */
  goal: number | null;
  /** What the range rules (range-overlap, range-gap, range-count-mismatch) find on this range. */
  findings: Diagnostic[];
}

/** A run of consecutive items covered by the same number of sessions of a team. */
export interface Coverage {
  start: number;
  /** Inclusive. */
  end: number;
  /** How many distinct sessions cover these items. */
  sessions: number;
}

/** What a numbered slot holds. */
export type SlotState = "free" | "pending" | "registered" | "conflict";

/** One session as a slot shows it (registry text as written: pass it through `escapeControls` to display). */
export interface SlotSession {
  /** The heading's title after the colon. */
  title: string;
  role: string | null;
  /** SESSION_ID as written. */
  session_id: string | null;
  /** The canonical status name ("PENDING", "REGISTERED", ...; unknown text as written). */
  status: string | null;
  /** STATUS as written, e.g. "⏳ PENDING REGISTRATION". */
  status_text: string | null;
  /** NUMBER as written. */
  number: string | null;
  /** 1-based line of the session's heading. */
  line: number;
  /** 1-based line of its NUMBER (the heading's when absent). */
  number_line: number;
}

/** One numbered slot. */
export interface Slot {
  number: number;
  state: SlotState;
  /** The sessions claiming the number, in file order (two or more in a conflict). */
  sessions: SlotSession[];
  /** Error-severity findings about this number. */
  errors: Diagnostic[];
}

/** What `slots` returns: slots 1..required and the sessions outside them. */
export interface SlotGrid {
  required: number;
  slots: Slot[];
  /** Sessions with no valid number in 1..required. */
  outside: SlotSession[];
}

/** One message as `registrationTimeline` reads it (a message file's fields; missing ones count as ""). */
export interface TimelineInput {
  /** Where the message came from (its path), to tell messages apart and order equal timestamps. */
  key?: string;
  from?: string;
  /** ISO 8601 UTC. */
  timestamp?: string;
  subject?: string;
  message?: string;
}

/** What the protocol made of a registration. */
export type Outcome =
  | { kind: "accepted" }
  | {
      kind: "refused";
      /** Stable code, e.g. "number-taken", "identity-mismatch". */
      code: string;
      message: string;
      /** The session that registered the number first, when that is the reason. */
      holder: string | null;
    }
  | {
      kind: "invalid";
      /** The parse error's code, "invalid-registration". */
      code: string;
      reason: string;
    };

/** One registration message and its outcome, in time order. */
export interface TimelineEntry {
  key: string;
  from: string;
  timestamp: string;
  /** The number claimed (the one assigned for NUMBER=next when accepted), if known. */
  number: number | null;
  session_id: string | null;
  role: string | null;
  outcome: Outcome;
}

/** What `overview` returns: everything a page draws for one text, from one `validate`. */
export interface Overview {
  /** As `validate` returns it. */
  report: Report;
  /** As `parseRegistry` returns it. */
  registry: Registry;
  /** As `slots` returns it. */
  slots: SlotGrid;
  /** The roster rows as the document states them (`roster(text).rows`). */
  roster: RosterRow[];
  /** As `workRanges` returns it. */
  ranges: RangeGroup[];
}

/** Where a roster's rows come from: the journal replayed (as `rollcall status`) or the document as written. */
export type RosterSource = "journal" | "registry";

/** One row of the roster (registry text as written: pass it through `escapeControls` to display). */
export interface RosterRow {
  /** The slot number; null for a section whose number cannot be read. */
  number: number | null;
  role: string | null;
  goal: string | null;
  /** The holding session's name, when the number is held (`status --json`'s `session`). */
  session: string | null;
  /** SESSION_ID as written. */
  session_id: string | null;
  /** The session the slot is reserved for while nobody holds it. */
  reserved_for: string | null;
  /** "pending", "registered", "confirmed", "acknowledged", "active" (unknown text as written, lower case). */
  status: string;
  /** When the holder registered. */
  since: string | null;
  acknowledged: boolean;
  /** 1-based line of the session's heading; null for an empty slot. */
  line: number | null;
  /** The findings about this number. */
  findings: Diagnostic[];
  /** The holder's key fingerprint, once sessions have keys. */
  key: string | null;
  /** "active", "idle", "stale" or "gone", once sessions report it. */
  liveness: string | null;
  /** When the holder was last seen (RFC 3339), once sessions report it. */
  last_seen: string | null;
}

/** What `roster` returns. */
export interface Roster {
  source: RosterSource;
  required: number;
  /** Numbers 1..required in order (two rows for a duplicated number), then sections outside. */
  rows: RosterRow[];
  /** The report the findings come from (the published registry's when from the journal). */
  report: Report;
  /** Problems met replaying the journal. */
  journal: Diagnostic[];
}

/** A recorded protocol step: who and when. */
export interface Attestation {
  by: string;
  time: string;
}

/** One field that differs between the approved roster and now. */
export interface FieldChange {
  field: "number" | "role" | "goal" | "session_id" | "key";
  before: string | null;
  after: string | null;
}

/** A session holding a number then and now whose identity changed. */
export interface SessionChange {
  session: string;
  /** The number it holds now. */
  number: number;
  changes: FieldChange[];
}

/** What `approvalDiff` returns: the roster at the journal's last approval against now. */
export interface ApprovalDiff {
  /** The last approval; null when the journal holds none. */
  approval: Attestation | null;
  /** Whether that approval still stands. */
  approved_now: boolean;
  changed: SessionChange[];
  /** Rows of sessions holding a number now but not at the approval. */
  added: RosterRow[];
  /** Rows of sessions that held a number at the approval but not now. */
  removed: RosterRow[];
  /** Problems met replaying the journal. */
  journal: Diagnostic[];
}
