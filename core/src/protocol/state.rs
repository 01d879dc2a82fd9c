//! The registry state rebuilt from the journal: the registry model, who holds each number,
//! the attestations (confirmed, approved, activated) and who the orchestrator is.

use super::journal::{Claim, Entry, Event};
use crate::diagnostic::Diagnostic;
use crate::identity::canonical::entry_digest;
use crate::identity::keys::KeyRecords;
use crate::liveness::Ttls;
use crate::model::{
    Block, ChecklistItem, Field, Registry, Session, Spanned, Status, KEY_GOAL, KEY_NUMBER,
    KEY_RESPONSIBILITIES, KEY_ROLE, KEY_SESSION_ID, KEY_STATUS, KEY_TIMESTAMP,
};
use crate::render::canonical_blocks;
use crate::session_info::is_coordinator;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The STATUS text of a slot nobody holds (as the seed writes it).
pub const PENDING_TEXT: &str = "⏳ PENDING REGISTRATION";

/// Who holds a number and since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// The holding session's name.
    pub session: String,
    /// When it registered (journal time).
    pub since: String,
}

/// A session that lost its number: which one, and when (journal time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gone {
    /// The number it held.
    pub number: u32,
    /// When it was released.
    pub time: String,
}

/// A recorded protocol step: who did it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attestation {
    /// The session or human who attested.
    pub by: String,
    /// When (journal time).
    pub time: String,
}

/// Everything the journal says about the registry, at one point of its history.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct State {
    /// Whether an `init` event has been seen.
    pub initialized: bool,
    /// The registry as initialised: slot descriptions restored when a number is released.
    pub base: Registry,
    /// The registry with every claim applied (statuses are derived, see [`State::document`]).
    pub registry: Registry,
    /// How many sessions must register; the numbers are 1..=required.
    pub required: u32,
    /// The number of the coordinator slot.
    pub coordinator: u32,
    /// Who initialised the registry.
    pub initialized_by: Option<String>,
    /// Who holds each number.
    pub holders: BTreeMap<u32, Holder>,
    /// Numbers whose slot may only be claimed by one session (pre-assigned SESSION_ID or reassigned).
    pub reserved: BTreeMap<u32, String>,
    /// Numbers whose holder acknowledged, with the time.
    pub acks: BTreeMap<u32, String>,
    /// The orchestrator's confirmation, when given (cleared by any later change of holders).
    pub confirmed: Option<Attestation>,
    /// The human's approval, when given (cleared by any later change of holders).
    pub approved: Option<Attestation>,
    /// The activation, when done.
    pub activated: Option<Attestation>,
    /// Keys of messages already applied or refused by `ingest` or `send`.
    pub messages: BTreeSet<String>,
    /// How many journal events were applied.
    pub events: usize,
    /// The public keys the journal records (sessions, approvers) and whether signatures are required.
    #[serde(default)]
    pub keys: KeyRecords,
    /// The presence TTLs (`set-ttls`; the defaults until one is recorded).
    #[serde(default)]
    pub ttls: Ttls,
    /// Sessions whose number was released or reassigned away, with that number and the time
    /// (their liveness is `gone` until they register again).
    #[serde(default)]
    pub gone: BTreeMap<String, Gone>,
    /// The journal head: SHA-256 (hex) of the last applied entry's line (see `identity::approval`).
    #[serde(default)]
    pub head: String,
}

/// The outcome of replaying a journal.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Replayed {
    /// The rebuilt state.
    pub state: State,
    /// Problems met on the way (a torn last line is a warning, a bad middle line an error).
    pub diagnostics: Vec<Diagnostic>,
    /// Byte length of the journal's sound prefix; anything after it is a torn tail to cut off before appending.
    pub valid_len: usize,
}

/// One journal line as replay meets it: its 1-based number and its text without the newline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JournalLine<'a> {
    /// 1-based line number.
    pub number: u32,
    /// The line's text, newline removed.
    pub text: &'a str,
}

/// Rebuilds the state from the journal's text. Never fails: bad lines become diagnostics.
pub fn replay(text: &str) -> Replayed {
    replay_with(text, &mut apply_line)
}

/// Applies one parsed entry as [`replay`] does: a contradicting event is a `journal-rejected-event` error.
#[allow(clippy::result_large_err)] // the same Diagnostic every finding is; replay keeps it
pub fn apply_line(state: &mut State, entry: &Entry, line: JournalLine) -> Result<(), Diagnostic> {
    state
        .apply(entry)
        .map_err(|why| rejected_event(entry, line.number, &why))
}

/// The `journal-rejected-event` error for an entry ignored because of `why`.
pub fn rejected_event(entry: &Entry, line_no: u32, why: &str) -> Diagnostic {
    Diagnostic::error(
        "journal-rejected-event",
        format!(
            "journal line {line_no}: `{}` event ignored: {why}",
            entry.event.name()
        ),
    )
    .at_line(line_no)
}

/// [`replay`] with `apply` deciding each parsed entry (the identity layer checks signatures
/// there): an `Err` diagnostic is reported and leaves the entry out of the state.
pub fn replay_with(
    text: &str,
    apply: &mut dyn FnMut(&mut State, &Entry, JournalLine) -> Result<(), Diagnostic>,
) -> Replayed {
    resume_with(Replayed::default(), 0, text, apply)
}

/// Continues `from`, the replay of the journal's first `lines` lines (its `valid_len` bytes), with
/// `tail`, the journal's text after them: the same outcome as replaying the whole journal.
pub fn resume_with(
    from: Replayed,
    lines: u32,
    tail: &str,
    apply: &mut dyn FnMut(&mut State, &Entry, JournalLine) -> Result<(), Diagnostic>,
) -> Replayed {
    let Replayed {
        mut state,
        mut diagnostics,
        valid_len: start,
    } = from;
    let mut valid_len = start;
    let mut offset = start;
    let lines_before = lines;
    let lines: Vec<&str> = tail.split_inclusive('\n').collect();
    for (i, raw) in lines.iter().enumerate() {
        let line_no = lines_before + i as u32 + 1;
        let last = i + 1 == lines.len();
        offset += raw.len();
        let body = raw.trim_end_matches(['\n', '\r']);
        if body.trim().is_empty() {
            if raw.ends_with('\n') {
                valid_len = offset;
            }
            continue;
        }
        let parsed = if raw.ends_with('\n') || !last {
            Entry::from_line(body)
        } else {
            Entry::from_line(body).and_then(|_| Err("the line has no newline".to_string()))
        };
        match parsed {
            Ok(entry) => {
                let line = JournalLine {
                    number: line_no,
                    text: body,
                };
                if let Err(finding) = apply(&mut state, &entry, line) {
                    diagnostics.push(finding);
                }
                valid_len = offset;
            }
            Err(why) if last => diagnostics.push(
                Diagnostic::warning(
                    "journal-torn-line",
                    format!("journal line {line_no} is incomplete and was ignored: {why}"),
                )
                .at_line(line_no)
                .with_help(
                    "an interrupted write left it; the next change cuts it off and keeps a copy",
                ),
            ),
            Err(why) => {
                diagnostics.push(
                    Diagnostic::error(
                        "journal-bad-line",
                        format!(
                            "journal line {line_no} is not a journal event and was skipped: {why}"
                        ),
                    )
                    .at_line(line_no)
                    .with_help(
                        "the journal is append-only; restore it from a backup if it was edited",
                    ),
                );
                valid_len = offset;
            }
        }
    }
    Replayed {
        state,
        diagnostics,
        valid_len,
    }
}

impl State {
    /// Applies one journal entry; an event that contradicts the state is refused with the reason.
    pub fn apply(&mut self, entry: &Entry) -> Result<(), String> {
        if !self.initialized && !matches!(entry.event, Event::Init { .. }) {
            return Err("the journal does not start with `init`".into());
        }
        match &entry.event {
            Event::Init {
                registry,
                required,
                coordinator,
            } => self.apply_init(entry, registry, *required, *coordinator)?,
            Event::Register(claim) => self.apply_register(entry, claim)?,
            Event::Release { number } => {
                self.check_number(*number)?;
                self.vacate(*number, &entry.time);
                self.reopen();
            }
            Event::ReleaseStale { numbers, .. } => self.apply_release_stale(entry, numbers)?,
            Event::SetTtls {
                idle_secs,
                stale_secs,
            } => self.ttls = Ttls::checked(*idle_secs, *stale_secs)?,
            Event::Reassign { number, to } => {
                self.check_number(*number)?;
                if self.holders.get(number).is_some_and(|h| &h.session != to) {
                    self.vacate(*number, &entry.time);
                }
                self.reserved.insert(*number, to.clone());
                self.reopen();
            }
            Event::Confirm {} => self.confirmed = Some(attest(entry, &entry.actor)),
            Event::Ack { number } => {
                if !self.holders.contains_key(number) {
                    return Err(format!("number {number} has no holder to acknowledge"));
                }
                self.acks.insert(*number, entry.time.clone());
            }
            Event::Approve { by } => self.approved = Some(attest(entry, by)),
            Event::Activate {} => self.activated = Some(attest(entry, &entry.actor)),
            Event::Reject { message, .. } => {
                self.messages.insert(message.clone());
            }
            Event::Rekey { .. } => {
                if self.activated.is_none() {
                    self.approved = None;
                }
            }
            Event::Enroll { .. } | Event::RequireSignatures {} => {}
        }
        self.keys.record(entry);
        self.head = entry_digest(entry);
        self.events += 1;
        Ok(())
    }

    fn apply_init(
        &mut self,
        entry: &Entry,
        registry: &Registry,
        required: u32,
        coordinator: u32,
    ) -> Result<(), String> {
        if self.initialized {
            return Err("the registry is already initialised".into());
        }
        self.initialized = true;
        self.base = registry.clone();
        self.registry = registry.clone();
        self.required = required;
        self.coordinator = coordinator;
        self.initialized_by = Some(entry.actor.clone());
        for session in &registry.sessions {
            let Some(number) = slot_number(session) else {
                continue;
            };
            let registered = session.status().is_some_and(|s| s.is_registered_or_later());
            match (session.session_name(), registered) {
                (Some(name), true) => {
                    let since = session.timestamp().unwrap_or(&entry.time).to_string();
                    self.holders.insert(
                        number,
                        Holder {
                            session: name.to_string(),
                            since,
                        },
                    );
                }
                (Some(name), false) => {
                    self.reserved.insert(number, name.to_string());
                }
                (None, _) => {}
            }
        }
        Ok(())
    }

    /// Frees every listed number and drops a reservation for its released holder, so the number
    /// is offered to `register --number next`.
    fn apply_release_stale(&mut self, entry: &Entry, numbers: &[u32]) -> Result<(), String> {
        for number in numbers {
            self.check_number(*number)?;
        }
        for number in numbers {
            let holder = self.holders.get(number).map(|h| h.session.clone());
            self.vacate(*number, &entry.time);
            if holder.is_some() && self.reserved.get(number) == holder.as_ref() {
                self.reserved.remove(number);
            }
        }
        self.reopen();
        Ok(())
    }

    fn apply_register(&mut self, entry: &Entry, claim: &Claim) -> Result<(), String> {
        self.check_number(claim.number)?;
        if let Some(holder) = self.holders.get(&claim.number) {
            if holder.session != claim.session {
                return Err(format!(
                    "number {} is already held by {}",
                    claim.number, holder.session
                ));
            }
        }
        if let Some(other) = self.number_of(&claim.session) {
            if other != claim.number {
                return Err(format!("{} already holds number {other}", claim.session));
            }
        }
        self.gone.remove(&claim.session);
        let since = match self.holders.get(&claim.number) {
            Some(h) => h.since.clone(),
            None => entry.time.clone(),
        };
        self.holders.insert(
            claim.number,
            Holder {
                session: claim.session.clone(),
                since,
            },
        );
        let index = self.slot_index_or_insert(claim.number);
        let session = &mut self.registry.sessions[index];
        write_claim(session, claim, &entry.time);
        if let Some(message) = &claim.message {
            self.messages.insert(message.clone());
        }
        self.reopen();
        Ok(())
    }

    /// Errors unless `number` is one of 1..=required.
    fn check_number(&self, number: u32) -> Result<(), String> {
        if number == 0 || number > self.required {
            return Err(format!("number {number} is outside 1 to {}", self.required));
        }
        Ok(())
    }

    /// A change of holders withdraws confirmation, approval and acknowledgements (until activation).
    fn reopen(&mut self) {
        if self.activated.is_none() {
            self.confirmed = None;
            self.approved = None;
            self.acks.clear();
        }
    }

    /// Frees `number` at `time` (its holder is now gone) and restores the slot's initial description.
    fn vacate(&mut self, number: u32, time: &str) {
        if let Some(holder) = self.holders.remove(&number) {
            let gone = Gone {
                number,
                time: time.to_string(),
            };
            self.gone.insert(holder.session, gone);
        }
        self.acks.remove(&number);
        let base = slot_index(&self.base, number).map(|i| self.base.sessions[i].clone());
        if let Some(index) = slot_index(&self.registry, number) {
            match base {
                Some(original) => self.registry.sessions[index] = original,
                None => {
                    self.registry.sessions.remove(index);
                }
            }
        }
    }

    fn slot_index_or_insert(&mut self, number: u32) -> usize {
        if let Some(index) = slot_index(&self.registry, number) {
            return index;
        }
        let at = self
            .registry
            .sessions
            .iter()
            .position(|s| slot_number(s).is_some_and(|n| n > number))
            .unwrap_or(self.registry.sessions.len());
        self.registry.sessions.insert(at, blank_session(number));
        at
    }

    /// The number `session` holds, if any.
    pub fn number_of(&self, session: &str) -> Option<u32> {
        self.holders
            .iter()
            .find(|(_, h)| h.session == session)
            .map(|(n, _)| *n)
    }

    /// Every session id the registry knows: holders, reservations, the orchestrator, who ran
    /// `init`, and sessions that were released (they may still read their mail). Sorted.
    pub fn known_sessions(&self) -> BTreeSet<String> {
        let mut known: BTreeSet<String> =
            self.holders.values().map(|h| h.session.clone()).collect();
        known.extend(self.reserved.values().cloned());
        known.extend(self.gone.keys().cloned());
        known.extend(self.orchestrator().map(str::to_string));
        known.extend(self.initialized_by.clone());
        known.retain(|s| !s.is_empty());
        known
    }

    /// The orchestrator: the coordinator slot's holder, else the session it is reserved for, else who ran `init`.
    pub fn orchestrator(&self) -> Option<&str> {
        self.holders
            .get(&self.coordinator)
            .map(|h| h.session.as_str())
            .or_else(|| self.reserved.get(&self.coordinator).map(String::as_str))
            .or(self.initialized_by.as_deref())
            .filter(|s| !s.is_empty())
    }

    /// Numbers nobody holds, ascending.
    pub fn free_numbers(&self) -> Vec<u32> {
        (1..=self.required)
            .filter(|n| !self.holders.contains_key(n))
            .collect()
    }

    /// Free numbers `session` may claim: not held, and not reserved for another session.
    pub fn claimable_by(&self, session: &str) -> Vec<u32> {
        self.free_numbers()
            .into_iter()
            .filter(|n| self.reserved.get(n).is_none_or(|r| r == session))
            .collect()
    }

    /// The protocol status of slot `number`, derived from holders and attestations.
    pub fn status_of(&self, number: u32) -> Status {
        if !self.holders.contains_key(&number) {
            Status::Pending
        } else if self.activated.is_some() {
            Status::Active
        } else if self.acks.contains_key(&number) {
            Status::Acknowledged
        } else if self.confirmed.is_some() {
            Status::Confirmed
        } else {
            Status::Registered
        }
    }

    /// How many numbers are held.
    pub fn registered(&self) -> u32 {
        self.holders.len() as u32
    }

    /// The registry document to render: statuses written, the `Current Status` line updated, and
    /// each checklist item ticked when `holds(item)` says the computed check holds.
    pub fn document(&self, holds: impl Fn(&ChecklistItem) -> bool) -> Registry {
        let mut doc = self.registry.clone();
        for session in &mut doc.sessions {
            if let Some(number) = slot_number(session) {
                set_field(session, KEY_STATUS, &status_text(&self.status_of(number)));
            }
        }
        for item in &mut doc.checklist {
            item.checked = holds(item);
        }
        doc.stated_registered = Some(self.registered());
        doc
    }
}

fn attest(entry: &Entry, by: &str) -> Attestation {
    Attestation {
        by: by.to_string(),
        time: entry.time.clone(),
    }
}

/// The STATUS text the registry shows for a state (`✅ REGISTERED`).
pub fn status_text(status: &Status) -> String {
    match status {
        Status::Pending => PENDING_TEXT.to_string(),
        Status::Active => "🚀 ACTIVE".to_string(),
        other => format!("✅ {}", other.name()),
    }
}

/// The slot number of a session section: its NUMBER field, else its heading's `#N`.
pub fn slot_number(session: &Session) -> Option<u32> {
    session.number().or(session.heading_number)
}

/// The index of slot `number` in the registry's sessions.
pub fn slot_index(registry: &Registry, number: u32) -> Option<usize> {
    registry
        .sessions
        .iter()
        .position(|s| slot_number(s) == Some(number))
}

/// Writes a claim into a session section: ROLE, GOAL, SESSION_ID, RESPONSIBILITIES, TIMESTAMP.
fn write_claim(session: &mut Session, claim: &Claim, time: &str) {
    set_field(session, KEY_NUMBER, &claim.number.to_string());
    set_field(session, KEY_ROLE, &claim.role);
    set_field(session, KEY_GOAL, &claim.goal);
    set_field(session, KEY_SESSION_ID, &claim.session_id);
    if !claim.responsibilities.is_empty() {
        let line = session.line;
        let items = claim
            .responsibilities
            .iter()
            .map(|text| Spanned {
                text: text.clone(),
                line,
            })
            .collect();
        let field = field_mut(session, KEY_RESPONSIBILITIES);
        field.value.clear();
        field.items = items;
    }
    set_field(session, KEY_STATUS, &status_text(&Status::Registered));
    set_field(session, KEY_TIMESTAMP, time);
    if session.title.trim().is_empty() || session.title == OPEN_SLOT_TITLE {
        session.title = title_from_role(&claim.role);
    }
}

/// The heading title of a slot nobody has described.
pub const OPEN_SLOT_TITLE: &str = "Open slot";

fn title_from_role(role: &str) -> String {
    let head = role.split(" - ").next().unwrap_or(role).trim();
    if head.is_empty() {
        OPEN_SLOT_TITLE.to_string()
    } else {
        head.to_string()
    }
}

/// Sets a text field's value, adding the field at the end when absent.
pub fn set_field(session: &mut Session, key: &str, value: &str) {
    field_mut(session, key).value = value.to_string();
}

fn field_mut<'a>(session: &'a mut Session, key: &str) -> &'a mut Field {
    let index = match session
        .fields
        .iter()
        .position(|f| f.key.eq_ignore_ascii_case(key))
    {
        Some(index) => index,
        None => {
            session.fields.push(Field {
                key: key.to_string(),
                value: String::new(),
                line: session.line,
                items: Vec::new(),
            });
            session.fields.len() - 1
        }
    };
    &mut session.fields[index]
}

/// An undescribed, unclaimed slot.
pub fn blank_session(number: u32) -> Session {
    let mut session = Session {
        line: 0,
        heading_number: Some(number),
        title: OPEN_SLOT_TITLE.to_string(),
        fields: Vec::new(),
    };
    set_field(&mut session, KEY_NUMBER, &number.to_string());
    set_field(&mut session, KEY_STATUS, PENDING_TEXT);
    session
}

/// The six consensus checklist items the seed registry lists, for `required` sessions.
pub fn canonical_checklist(required: u32) -> Vec<ChecklistItem> {
    [
        format!("All {required} sessions registered with unique numbers"),
        "No duplicate numbers claimed".to_string(),
        "All roles clearly defined and accepted".to_string(),
        "All goals measurable and committed to".to_string(),
        "Orchestrator confirms no conflicts".to_string(),
        "Human approves final registry".to_string(),
    ]
    .into_iter()
    .map(|text| ChecklistItem {
        text,
        checked: false,
        line: 0,
    })
    .collect()
}

/// An empty registry for `required` sessions in the seed's layout: no session sections yet (a
/// section appears when its number is claimed, so open slots raise no missing-field findings).
///
/// Never fails today; the `Result` keeps callers (`import`) ready for layouts that can.
// The error is the one diagnostic type; it is rare and not boxed (as in `validate`).
#[allow(clippy::result_large_err)]
pub fn blank_registry(title: &str, required: u32) -> Result<Registry, Diagnostic> {
    let mut registry = Registry {
        title: title.to_string(),
        purpose: Some("Each session must claim a unique number, role, and goal.".to_string()),
        required: Some(required),
        sessions: vec![blank_session(1)],
        checklist: canonical_checklist(required),
        stated_registered: Some(0),
        ..Registry::default()
    };
    let mut blocks = canonical_blocks(&registry);
    for block in &mut blocks {
        if let Block::Sessions { count } = block {
            *count = 0;
        }
    }
    registry.sessions.clear();
    registry.blocks = blocks;
    Ok(registry)
}

/// How many sessions a registry starts with: its `**Required**` count, else the sessions listed (at least 1).
pub fn required_of(registry: &Registry) -> u32 {
    registry
        .required
        .unwrap_or(registry.sessions.len() as u32)
        .max(1)
}

/// The coordinator slot: the first session that [`is_coordinator`] (the `no-orchestrator` rule's
/// test), else 1.
pub fn coordinator_slot(registry: &Registry) -> u32 {
    registry
        .sessions
        .iter()
        .find(|s| is_coordinator(s))
        .and_then(slot_number)
        .unwrap_or(1)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::parse::parse_registry;
    use crate::render::render_markdown;

    fn init_line(required: u32) -> String {
        Entry::new(
            "2026-11-25T08:00:00Z",
            "boss",
            Event::Init {
                registry: blank_registry("Registry", required).unwrap(),
                required,
                coordinator: 1,
            },
        )
        .to_line()
    }

    fn register_line(number: u32, session: &str) -> String {
        Entry::new(
            "2026-11-25T08:01:00Z",
            session,
            Event::Register(Claim {
                number,
                session: session.into(),
                session_id: session.into(),
                role: format!("Role {number}"),
                goal: "Send 10 emails daily".into(),
                responsibilities: vec![],
                message: None,
                key: None,
            }),
        )
        .to_line()
    }

    #[test]
    fn replay_rebuilds_holders_and_document() {
        let text = init_line(3) + &register_line(2, "s2");
        let r = replay(&text);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.valid_len, text.len());
        assert_eq!(r.state.holders[&2].session, "s2");
        assert_eq!(r.state.free_numbers(), vec![1, 3]);
        let doc = r.state.document(|_| false);
        assert_eq!(doc.sessions.len(), 1, "only claimed slots have a section");
        let slot = &doc.sessions[slot_index(&doc, 2).unwrap()];
        assert_eq!(slot.role(), Some("Role 2"));
        assert_eq!(slot.status(), Some(Status::Registered));
        assert_eq!(slot.title, "Role 2");
        assert_eq!(doc.stated_registered, Some(1));
    }

    #[test]
    fn torn_last_line_is_a_warning_and_cut() {
        let good = init_line(3) + &register_line(1, "s1");
        let torn = register_line(2, "s2");
        let text = format!("{good}{}", &torn[..torn.len() / 2]);
        let r = replay(&text);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, "journal-torn-line");
        assert_eq!(r.diagnostics[0].line, Some(3));
        assert!(!r.diagnostics[0].is_error());
        assert_eq!(r.valid_len, good.len());
        assert_eq!(r.state.registered(), 1);
    }

    #[test]
    fn complete_last_line_without_newline_is_torn() {
        let good = init_line(3);
        let line = register_line(1, "s1");
        let r = replay(&format!("{good}{}", line.trim_end()));
        assert_eq!(r.diagnostics[0].code, "journal-torn-line");
        assert_eq!(r.valid_len, good.len());
        assert_eq!(r.state.registered(), 0);
    }

    #[test]
    fn bad_middle_line_is_an_error_and_skipped() {
        let text = init_line(3) + "{not json\n" + &register_line(1, "s1");
        let r = replay(&text);
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].code, "journal-bad-line");
        assert!(r.diagnostics[0].is_error());
        assert_eq!(r.state.registered(), 1);
        assert_eq!(r.valid_len, text.len());
    }

    #[test]
    fn second_holder_in_journal_is_rejected() {
        let text = init_line(3) + &register_line(1, "s1") + &register_line(1, "s2");
        let r = replay(&text);
        assert_eq!(r.diagnostics[0].code, "journal-rejected-event");
        assert_eq!(r.state.holders[&1].session, "s1");
    }

    #[test]
    fn empty_journal_is_uninitialised() {
        let r = replay("");
        assert!(!r.state.initialized);
        assert!(r.diagnostics.is_empty());
        assert_eq!(r.valid_len, 0);
    }

    #[test]
    fn release_restores_slot_and_withdraws_confirmation() {
        let confirm = Entry::new("t", "s1", Event::Confirm {}).to_line();
        let release = Entry::new("t", "s1", Event::Release { number: 2 }).to_line();
        let text = init_line(2) + &register_line(1, "s1") + &register_line(2, "s2") + &confirm;
        let r = replay(&text);
        assert!(r.state.confirmed.is_some());
        assert_eq!(r.state.status_of(2), Status::Confirmed);
        let r = replay(&(text + &release));
        assert!(r.state.confirmed.is_none());
        assert_eq!(r.state.status_of(2), Status::Pending);
        assert_eq!(
            slot_index(&r.state.registry, 2),
            None,
            "the section goes away"
        );
    }

    #[test]
    fn orchestrator_is_coordinator_holder_or_reservation() {
        let r = replay(&init_line(2));
        assert_eq!(r.state.orchestrator(), Some("boss"));
        let r = replay(&(init_line(2) + &register_line(1, "s1")));
        assert_eq!(r.state.orchestrator(), Some("s1"));
    }

    #[test]
    fn coordinator_slot_and_no_orchestrator_rule_agree_on_every_role() {
        for (role, coordinates) in [
            ("Coordinates outreach", true),
            ("Master Coordinator - Orchestrate all workflows", true),
            ("LEAD - ORCHESTRATING ALL WORK", true),
            ("Outreach AI - Send emails", false),
        ] {
            let text = format!(
                "# Session Identity Registry\n\n### Session #1: Research\n- **NUMBER**: 1\n\
                 - **ROLE**: Research AI - Find prospects\n\n### Session #2: Lead\n\
                 - **NUMBER**: 2\n- **ROLE**: {role}\n"
            );
            let registry = parse_registry(&text).unwrap().registry;
            let slot = if coordinates { 2 } else { 1 };
            assert_eq!(coordinator_slot(&registry), slot, "{role}");
            let report = crate::validate(&text, &crate::ValidateOptions::default()).unwrap();
            let flagged = report
                .diagnostics
                .iter()
                .any(|d| d.code == "no-orchestrator");
            assert_eq!(flagged, !coordinates, "{role}");
        }
    }

    #[test]
    fn seed_registry_reserves_every_slot_and_renders_claims() {
        let seed = include_str!("../../../tests/fixtures/marketing-registry.md");
        let registry = parse_registry(seed).unwrap().registry;
        assert_eq!(coordinator_slot(&registry), 1);
        let init = Event::Init {
            registry,
            required: 12,
            coordinator: 1,
        };
        let mut state = State::default();
        state.apply(&Entry::new("t0", "human", init)).unwrap();
        assert_eq!(state.reserved.len(), 12);
        assert_eq!(state.orchestrator(), Some("marketing-orchestrator"));
        assert_eq!(state.claimable_by("marketing-outreach-1"), vec![4]);
        let claim = Claim {
            number: 4,
            session: "marketing-outreach-1".into(),
            session_id: "marketing-outreach-1 (session-1763243115)".into(),
            role: "Outreach AI - Personalize and send emails (Morning Batch 1)".into(),
            goal: "Send 17 perfectly personalized emails daily, 95%+ delivery rate".into(),
            responsibilities: vec![],
            message: None,
            key: None,
        };
        let entry = Entry::new(
            "2026-11-25T08:00:00Z",
            "marketing-outreach-1",
            Event::Register(claim),
        );
        state.apply(&entry).unwrap();
        let text = render_markdown(&state.document(|_| false));
        let back = parse_registry(&text).unwrap().registry;
        let slot = &back.sessions[3];
        assert_eq!(slot.status(), Some(Status::Registered));
        assert_eq!(slot.timestamp(), Some("2026-11-25T08:00:00Z"));
        assert_eq!(slot.responsibilities().len(), 4);
        assert_eq!(back.sessions[4].status(), Some(Status::Pending));
        assert_eq!(back.stated_registered, Some(1));
        assert!(
            text.contains("**Current Status**: 1/12 sessions registered"),
            "{text}"
        );
        assert!(text.contains("## 📋 Registration Protocol"));
    }

    #[test]
    fn blank_registry_renders_and_parses_back() {
        let registry = blank_registry("Team <b>\"x\"</b> Registry", 3).unwrap();
        assert!(registry.sessions.is_empty());
        let text = render_markdown(&registry);
        assert!(
            text.contains("**Required**: All 3 sessions must register"),
            "{text}"
        );
        assert!(
            text.contains("- [ ] Human approves final registry"),
            "{text}"
        );
        let back = parse_registry(&text).unwrap().registry;
        assert_eq!(back.required, Some(3));
        assert_eq!(back.checklist.len(), 6);
    }
}
