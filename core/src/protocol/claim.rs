//! The protocol's pure decisions: given the state and a request, either the event to append or a
//! refusal saying why not (exit 3 in the CLI). First registration wins; a number reserved for a
//! session can only be claimed by it; a claim that breaks a validation rule is refused with that
//! rule's code.

use super::journal::{Claim, Event};
use super::report::report;
use super::state::{slot_index, Holder, State};
use crate::diagnostic::{Diagnostic, Severity};
use crate::parse::registration::{find_registration, parse_registration, RegistrationNumber};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which number a claim asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberRequest {
    /// Exactly this number.
    Exact(u32),
    /// The lowest free number the claimant may take.
    Next,
}

/// A registration request: who asks, for which number, with which identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    /// The session making the request (`--as`, `$ROLLCALL_SESSION`, the message sender).
    pub actor: String,
    /// The number asked for.
    pub number: NumberRequest,
    /// The ROLE text.
    pub role: String,
    /// The GOAL text.
    pub goal: String,
    /// The RESPONSIBILITIES items (empty keeps the slot's own).
    pub responsibilities: Vec<String>,
    /// The SESSION_ID to record; its name part must be the actor unless the orchestrator registers for another.
    pub session_id: Option<String>,
    /// The message the request came from (its key), when it came from one.
    pub message: Option<String>,
    /// The requester's OpenSSH public key line, recorded when it claims for itself.
    pub key: Option<String>,
}

impl ClaimRequest {
    /// The claim a REGISTRATION message makes (found in the subject, else the body), from `actor`;
    /// `key` names the message. The error is `parse_registration`'s, naming the bad key.
    // The error is the one diagnostic type, as `parse_registration` returns it.
    #[allow(clippy::result_large_err)]
    pub fn from_message(
        actor: &str,
        key: &str,
        subject: &str,
        body: &str,
    ) -> Result<ClaimRequest, Diagnostic> {
        let text = if find_registration(subject).is_some() {
            subject
        } else {
            body
        };
        let registration = parse_registration(text)?;
        Ok(ClaimRequest {
            actor: actor.to_string(),
            number: match registration.number {
                RegistrationNumber::Number(n) => NumberRequest::Exact(n),
                RegistrationNumber::Next => NumberRequest::Next,
            },
            role: registration.role,
            goal: registration.goal,
            responsibilities: Vec::new(),
            session_id: Some(registration.session_id).filter(|s| !s.trim().is_empty()),
            message: Some(key.to_string()),
            key: None,
        })
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// Stable kebab-case code (`number-taken`, `identity-mismatch`, or a validation rule's code).
    pub code: String,
    /// One sentence saying why, naming the holder and the free numbers where it matters.
    pub message: String,
    /// The number the refusal is about, when there is one.
    pub number: Option<u32>,
    /// The current holder of that number, when it is taken.
    pub holder: Option<Box<Holder>>,
    /// Free numbers the requester may claim.
    pub free: Vec<u32>,
    /// What to do instead.
    pub help: Option<String>,
    /// True when nothing needs doing (already confirmed, already acknowledged...): not a failure.
    pub noop: bool,
}

impl Refusal {
    /// A refusal with code and message.
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Refusal {
            code: code.to_string(),
            message: message.into(),
            number: None,
            holder: None,
            free: Vec::new(),
            help: None,
            noop: false,
        }
    }

    /// A request that is already satisfied: nothing to append, not a failure.
    pub fn noop(code: &str, message: impl Into<String>) -> Self {
        Refusal {
            noop: true,
            ..Refusal::new(code, message)
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn about(mut self, number: u32) -> Self {
        self.number = Some(number);
        self
    }

    /// The refusal as the one diagnostic type (error severity unless it is a no-op).
    pub fn to_diagnostic(&self) -> Diagnostic {
        let severity = if self.noop {
            Severity::Info
        } else {
            Severity::Error
        };
        let mut d = Diagnostic::new(&self.code, severity, &self.message).for_session(self.number);
        d.help = self.help.clone();
        d
    }
}

/// What every decision returns.
pub type Decision = Result<Event, Refusal>;

/// Lists numbers as `5, 6, 7`, or `none`.
pub fn list_numbers(numbers: &[u32]) -> String {
    if numbers.is_empty() {
        return "none".to_string();
    }
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn ready(state: &State) -> Result<(), Refusal> {
    if !state.initialized {
        return Err(Refusal::new(
            "not-initialized",
            "the coordination folder has no registry yet",
        )
        .with_help("run `rollcall init --from SESSION_IDENTITY_REGISTRY.md` or `rollcall init --sessions N`"));
    }
    Ok(())
}

fn open(state: &State) -> Result<(), Refusal> {
    ready(state)?;
    if let Some(active) = &state.activated {
        return Err(Refusal::new(
            "registry-active",
            format!(
                "the registry was activated by {} at {}; it no longer changes",
                active.by, active.time
            ),
        ));
    }
    Ok(())
}

/// Refuses (`not-orchestrator`) unless `actor` is the orchestrator; `what` names the action.
pub(crate) fn orchestrator_only(state: &State, actor: &str, what: &str) -> Result<(), Refusal> {
    match state.orchestrator() {
        Some(o) if o == actor => Ok(()),
        other => Err(Refusal::new(
            "not-orchestrator",
            format!(
                "only the orchestrator ({}) may {what}; you are {actor}",
                other.unwrap_or("nobody yet")
            ),
        )
        .with_help("run the command as the orchestrator: --as ORCHESTRATOR_ID")),
    }
}

/// True when `actor` is the human: `human` or `human:NAME` (the CLI's actor when no session is
/// named), whoever ran `init`, or an enrolled approver.
pub fn is_human(state: &State, actor: &str) -> bool {
    actor == "human"
        || actor.starts_with("human:")
        || state.initialized_by.as_deref() == Some(actor)
        || state.keys.approvers.contains_key(actor)
}

/// Refuses (`not-permitted`) unless `actor` is the orchestrator or the human; `what` names the action.
pub(crate) fn orchestrator_or_human(state: &State, actor: &str, what: &str) -> Result<(), Refusal> {
    if state.orchestrator() == Some(actor) || is_human(state, actor) {
        return Ok(());
    }
    Err(Refusal::new(
        "not-permitted",
        format!(
            "only the orchestrator ({}) or the human may {what}; you are {actor}",
            state.orchestrator().unwrap_or("nobody yet")
        ),
    )
    .with_help(
        "run it as the orchestrator (--as ORCHESTRATOR_ID), or as the human without a session",
    ))
}

/// Decides a change of the presence TTLs: the orchestrator or the human, idle below stale.
pub fn set_ttls(state: &State, actor: &str, idle_secs: u64, stale_secs: u64) -> Decision {
    ready(state)?;
    orchestrator_or_human(state, actor, "change the presence TTLs")?;
    let ttls = crate::liveness::Ttls::checked(idle_secs, stale_secs)
        .map_err(|why| Refusal::new("invalid-ttls", why))?;
    if ttls == state.ttls {
        return Err(Refusal::noop(
            "ttls-unchanged",
            format!("the TTLs already are idle {idle_secs} s, stale {stale_secs} s"),
        ));
    }
    Ok(Event::SetTtls {
        idle_secs,
        stale_secs,
    })
}

/// Decides `release --stale`: the orchestrator or the human releases the numbers in `stale`
/// (from [`super::presence::stale_numbers`]), `reason` saying why; nothing stale is a no-op.
pub fn release_stale(state: &State, actor: &str, stale: &[u32], reason: &str) -> Decision {
    open(state)?;
    orchestrator_or_human(state, actor, "release stale numbers")?;
    let numbers: Vec<u32> = stale
        .iter()
        .copied()
        .filter(|n| state.holders.contains_key(n))
        .collect();
    if numbers.is_empty() {
        return Err(Refusal::noop(
            "nothing-stale",
            "no number is stale; nothing was released",
        ));
    }
    Ok(Event::ReleaseStale {
        numbers,
        reason: reason.to_string(),
    })
}

/// The session name of a SESSION_ID text (`name (legacy-id)` → `name`).
pub fn session_name(session_id: &str) -> &str {
    let raw = session_id.trim();
    match raw.find(" (") {
        Some(i) if raw.ends_with(')') => raw[..i].trim(),
        _ => raw,
    }
}

/// Decides a registration: first registration wins.
pub fn claim(state: &State, request: &ClaimRequest) -> Decision {
    open(state)?;
    let claimant = request
        .session_id
        .as_deref()
        .map(session_name)
        .filter(|s| !s.is_empty())
        .unwrap_or(request.actor.trim())
        .to_string();
    if claimant.is_empty() {
        return Err(
            Refusal::new("missing-identity", "the claim names no session")
                .with_help("pass --as ID or --session-id ID"),
        );
    }
    if claimant != request.actor && state.orchestrator() != Some(request.actor.as_str()) {
        return Err(Refusal::new(
            "identity-mismatch",
            format!(
                "you are {} but the claim's SESSION_ID names {claimant}; only the orchestrator registers for another session",
                request.actor
            ),
        )
        .with_help("register as yourself: drop --session-id or run with --as matching it"));
    }
    let number = resolve_number(state, &claimant, request.number)?;
    let claim = Claim {
        number,
        session: claimant.clone(),
        session_id: session_id_text(state, number, &claimant, request.session_id.as_deref()),
        role: request.role.trim().to_string(),
        goal: request.goal.trim().to_string(),
        responsibilities: request
            .responsibilities
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect(),
        message: request.message.clone(),
        // The requester's key is the claimant's only when it claims for itself.
        key: request.key.clone().filter(|_| claimant == request.actor),
    };
    check_rules(state, &claim)?;
    Ok(Event::Register(claim))
}

fn resolve_number(state: &State, claimant: &str, asked: NumberRequest) -> Result<u32, Refusal> {
    let free = state.claimable_by(claimant);
    let held = state.number_of(claimant);
    let number = match asked {
        NumberRequest::Exact(n) => n,
        NumberRequest::Next => match (held, free.first()) {
            (Some(h), _) => h,
            (None, Some(n)) => *n,
            (None, None) => {
                return Err(Refusal::new(
                    "registry-full",
                    format!(
                        "no free number for {claimant}: all {} numbers are held or reserved for other sessions",
                        state.required
                    ),
                )
                .with_help("ask the orchestrator to release or reassign a number"))
            }
        },
    };
    if number == 0 || number > state.required {
        let mut r = Refusal::new(
            "number-out-of-range",
            format!(
                "number {number} is outside 1 to {}; free numbers: {}",
                state.required,
                list_numbers(&free)
            ),
        )
        .with_help(match free.first() {
            Some(n) => format!("claim a free number: --number {n} (or --number next)"),
            None => "no number is free; ask the orchestrator to release one".to_string(),
        });
        r.free = free;
        return Err(r);
    }
    if let Some(h) = held.filter(|h| *h != number) {
        let mut r = Refusal::new(
            "already-registered",
            format!("{claimant} already holds number {h}; a session holds one number"),
        )
        .about(number)
        .with_help(format!("release it first: rollcall release --number {h}"));
        r.free = free;
        return Err(r);
    }
    if let Some(holder) = state.holders.get(&number).filter(|h| h.session != claimant) {
        let mut r = Refusal::new(
            "number-taken",
            format!(
                "number {number} is taken: {} registered it at {} (first registration wins); free numbers: {}",
                holder.session,
                holder.since,
                list_numbers(&free)
            ),
        )
        .about(number)
        .with_help(match free.first() {
            Some(n) => format!("claim a free number: --number {n} (or --number next)"),
            None => "no number is free; ask the orchestrator to release one".to_string(),
        });
        r.holder = Some(Box::new(holder.clone()));
        r.free = free;
        return Err(r);
    }
    if let Some(owner) = state.reserved.get(&number).filter(|o| *o != claimant) {
        let mut r = Refusal::new(
            "identity-mismatch",
            format!(
                "number {number} is reserved for {owner} by the registry; you are {claimant}; free numbers: {}",
                list_numbers(&free)
            ),
        )
        .about(number)
        .with_help(format!(
            "claim your own slot (--number next), or ask the orchestrator: rollcall reassign --number {number} --to {claimant}"
        ));
        r.free = free;
        return Err(r);
    }
    Ok(number)
}

/// The SESSION_ID text to record: as given, else the name with the slot's legacy id kept.
fn session_id_text(state: &State, number: u32, claimant: &str, given: Option<&str>) -> String {
    if let Some(given) = given.map(str::trim).filter(|g| g.contains(" (")) {
        return given.to_string();
    }
    let legacy = slot_index(&state.base, number)
        .map(|i| &state.base.sessions[i])
        .filter(|s| s.session_name() == Some(claimant))
        .and_then(|s| s.legacy_id());
    match legacy {
        Some(id) => format!("{claimant} ({id})"),
        None => claimant.to_string(),
    }
}

/// Refuses a claim that would add an error-severity validation finding (same code as `validate`).
fn check_rules(state: &State, claim: &Claim) -> Result<(), Refusal> {
    let mut after_state = state.clone();
    let entry =
        super::journal::Entry::new("", claim.session.as_str(), Event::Register(claim.clone()));
    after_state
        .apply(&entry)
        .map_err(|why| Refusal::new("claim-invalid", why).about(claim.number))?;
    let after = report(&after_state);
    if !after.diagnostics.iter().any(blocks_claim) {
        return Ok(());
    }
    let before = error_keys(&report(state).diagnostics);
    let new = after
        .diagnostics
        .iter()
        .filter(|d| blocks_claim(d))
        .find(|d| !before.contains(&key(d)));
    match new {
        Some(d) => {
            let mut r = Refusal::new(&d.code, d.message.clone()).about(claim.number);
            r.help = d.help.clone();
            r.free = state.claimable_by(&claim.session);
            Err(r)
        }
        None => Ok(()),
    }
}

/// Warning-severity rules that still refuse a claim: the protocol requires a measurable goal.
pub const REFUSING_WARNINGS: [&str; 1] = ["unmeasurable-goal"];

/// True for a finding that blocks a claim: an error, or a warning the protocol refuses.
fn blocks_claim(d: &Diagnostic) -> bool {
    d.is_error() || REFUSING_WARNINGS.contains(&d.code.as_str())
}

/// Identifies a finding across a claim by code, session and message (a claim shifts the lines of
/// the sections below it, so lines cannot identify it).
fn key(d: &Diagnostic) -> (String, Option<u32>, String) {
    (d.code.clone(), d.session, d.message.clone())
}

fn error_keys(diagnostics: &[Diagnostic]) -> BTreeSet<(String, Option<u32>, String)> {
    diagnostics
        .iter()
        .filter(|d| blocks_claim(d))
        .map(key)
        .collect()
}

/// Decides a release: the holder or the orchestrator frees a number.
pub fn release(state: &State, actor: &str, number: u32) -> Decision {
    open(state)?;
    let Some(holder) = state.holders.get(&number) else {
        return Err(
            Refusal::new("not-held", format!("number {number} is not held by anyone"))
                .about(number),
        );
    };
    if holder.session != actor && state.orchestrator() != Some(actor) {
        return Err(Refusal::new(
            "not-permitted",
            format!(
                "number {number} is held by {}; only it or the orchestrator may release it",
                holder.session
            ),
        )
        .about(number));
    }
    Ok(Event::Release { number })
}

/// Decides a reassignment: the orchestrator reserves a number for another session.
pub fn reassign(state: &State, actor: &str, number: u32, to: &str) -> Decision {
    open(state)?;
    orchestrator_only(state, actor, "reassign numbers")?;
    let to = to.trim();
    if to.is_empty() {
        return Err(Refusal::new("missing-identity", "--to names no session"));
    }
    if number == 0 || number > state.required {
        return Err(Refusal::new(
            "number-out-of-range",
            format!("number {number} is outside 1 to {}", state.required),
        ));
    }
    Ok(Event::Reassign {
        number,
        to: to.to_string(),
    })
}

/// Decides the orchestrator's confirmation: all registered and no error-severity finding.
pub fn confirm(state: &State, actor: &str) -> Decision {
    open(state)?;
    orchestrator_only(state, actor, "confirm the registry")?;
    if let Some(c) = &state.confirmed {
        return Err(Refusal::noop(
            "already-confirmed",
            format!(
                "the registry was already confirmed by {} at {}",
                c.by, c.time
            ),
        ));
    }
    let free = state.free_numbers();
    if !free.is_empty() {
        let mut r = Refusal::new(
            "not-all-registered",
            format!(
                "{}/{} sessions registered; still free: {}",
                state.registered(),
                state.required,
                list_numbers(&free)
            ),
        )
        .with_help("confirm once every number is registered: each free number's session runs `rollcall register --number N` (see `rollcall status`)");
        r.free = free;
        return Err(r);
    }
    let report = report(state);
    if let Some(d) = report.diagnostics.iter().find(|d| d.is_error()) {
        let count = report.diagnostics.iter().filter(|d| d.is_error()).count();
        return Err(Refusal::new(
            "conflicts-remain",
            format!(
                "{} remain, first: [{}] {}",
                crate::text::plural(count, "error finding"),
                d.code,
                d.message
            ),
        )
        .with_help("run `rollcall status` or `rollcall validate` and resolve them first"));
    }
    Ok(Event::Confirm {})
}

/// Decides an acknowledgement: a registered session accepts its identity after confirmation.
pub fn ack(state: &State, actor: &str) -> Decision {
    ready(state)?;
    let Some(number) = state.number_of(actor) else {
        return Err(Refusal::new(
            "not-registered",
            format!("{actor} holds no number; register first"),
        )
        .with_help("rollcall register --number next --role ROLE --goal GOAL"));
    };
    if state.acks.contains_key(&number) || state.activated.is_some() {
        return Err(Refusal::noop(
            "already-acknowledged",
            format!("{actor} (#{number}) already acknowledged"),
        ));
    }
    if state.confirmed.is_none() {
        return Err(Refusal::new(
            "not-confirmed",
            "the orchestrator has not confirmed the registry yet; acknowledge after `rollcall confirm`",
        )
        .about(number)
        .with_help("wait for the orchestrator's `rollcall confirm` (see `rollcall status`), then run `rollcall ack` again"));
    }
    Ok(Event::Ack { number })
}

/// Decides the human's approval: only after the orchestrator confirmed.
pub fn approve(state: &State, by: &str) -> Decision {
    open(state)?;
    let by = by.trim();
    if by.is_empty() {
        return Err(Refusal::new("missing-identity", "--by names nobody")
            .with_help("name the approving human: `rollcall approve --by \"Ada Lovelace\"`"));
    }
    if let Some(a) = &state.approved {
        return Err(Refusal::noop(
            "already-approved",
            format!(
                "the registry was already approved by {} at {}",
                a.by, a.time
            ),
        ));
    }
    if state.confirmed.is_none() {
        return Err(Refusal::new(
            "not-confirmed",
            "the orchestrator has not confirmed the registry; the human approves after `rollcall confirm`",
        )
        .with_help("ask the orchestrator to run `rollcall confirm` (see `rollcall status`), then approve again"));
    }
    Ok(Event::Approve { by: by.to_string() })
}

/// Decides `require-signatures`: the orchestrator turns the requirement on, once.
pub fn require_signatures(state: &State, actor: &str) -> Decision {
    open(state)?;
    if state.keys.signatures_required {
        return Err(Refusal::noop(
            "already-required",
            "this registry already requires signatures",
        ));
    }
    orchestrator_only(state, actor, "require signatures")?;
    Ok(Event::RequireSignatures {})
}

/// Decides activation: orchestrator only, consensus reached, every session acknowledged.
pub fn activate(state: &State, actor: &str) -> Decision {
    ready(state)?;
    if let Some(a) = &state.activated {
        return Err(Refusal::noop(
            "already-active",
            format!(
                "the registry was already activated by {} at {}",
                a.by, a.time
            ),
        ));
    }
    orchestrator_only(state, actor, "activate the registry")?;
    let report = report(state);
    if !report.consensus.reached {
        let failing: Vec<&str> = report
            .consensus
            .checks
            .iter()
            .filter(|c| !c.holds)
            .map(|c| c.text.as_str())
            .collect();
        return Err(Refusal::new(
            "consensus-not-reached",
            format!(
                "consensus is not reached (state {}): {}",
                report.consensus.state.as_str(),
                if failing.is_empty() {
                    "error findings remain".to_string()
                } else {
                    failing.join("; ")
                }
            ),
        )
        .with_help("run `rollcall status` to see what is missing"));
    }
    let missing: Vec<u32> = state
        .holders
        .keys()
        .filter(|n| !state.acks.contains_key(n))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(Refusal::new(
            "not-acknowledged",
            format!(
                "sessions {} have not acknowledged yet",
                list_numbers(&missing)
            ),
        )
        .with_help("each session runs `rollcall ack`"));
    }
    Ok(Event::Activate {})
}

/// The event recording that an ingested message was refused, so it is not retried.
pub fn reject(message: &str, refusal: &Refusal) -> Event {
    Event::Reject {
        message: message.to_string(),
        code: refusal.code.clone(),
        reason: refusal.message.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::protocol::journal::Entry;
    use crate::protocol::state::{blank_registry, blank_session, set_field};

    const T0: &str = "2026-11-25T08:00:00Z";

    fn state_with(required: u32, reserved: &[(u32, &str)]) -> State {
        let mut registry = blank_registry("Registry", required).unwrap();
        for (number, name) in reserved {
            let mut s = blank_session(*number);
            let id = format!("{name} (session-17632430{number})");
            set_field(&mut s, "SESSION_ID", &id);
            registry.sessions.push(s);
        }
        let mut state = State::default();
        let init = Event::Init {
            registry,
            required,
            coordinator: 1,
        };
        state.apply(&Entry::new(T0, "boss", init)).unwrap();
        state
    }

    fn request(actor: &str, number: NumberRequest) -> ClaimRequest {
        ClaimRequest {
            actor: actor.into(),
            number,
            role: format!("Role of {actor}"),
            goal: "Send 17 emails daily, 95%+ delivery".into(),
            responsibilities: vec![],
            session_id: None,
            message: None,
            key: None,
        }
    }

    macro_rules! apply {
        ($state:ident, $actor:expr, $decision:expr) => {{
            let event = $decision.unwrap();
            $state.apply(&Entry::new(T0, $actor, event)).unwrap();
        }};
    }

    #[test]
    fn first_registration_wins_and_loser_learns_holder_and_free_numbers() {
        let mut state = state_with(3, &[]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Exact(2)))
        );
        let refusal = claim(&state, &request("b", NumberRequest::Exact(2))).unwrap_err();
        assert_eq!(refusal.code, "number-taken");
        assert_eq!(refusal.holder.as_ref().unwrap().session, "a");
        assert_eq!(refusal.free, vec![1, 3]);
        assert!(refusal
            .message
            .contains("a registered it at 2026-11-25T08:00:00Z"));
        assert!(refusal.message.contains("free numbers: 1, 3"));
        assert!(!refusal.noop);
    }

    #[test]
    fn next_takes_lowest_free_number() {
        let mut state = state_with(3, &[]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Exact(1)))
        );
        match claim(&state, &request("b", NumberRequest::Next)).unwrap() {
            Event::Register(c) => assert_eq!(c.number, 2),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reserved_slot_only_for_its_session_unless_reassigned() {
        let mut state = state_with(3, &[(1, "boss"), (2, "res-2"), (3, "res-3")]);
        let refusal = claim(&state, &request("res-3", NumberRequest::Exact(2))).unwrap_err();
        assert_eq!(refusal.code, "identity-mismatch");
        assert_eq!(refusal.free, vec![3]);
        match claim(&state, &request("res-3", NumberRequest::Next)).unwrap() {
            Event::Register(c) => {
                assert_eq!(c.number, 3);
                assert_eq!(c.session_id, "res-3 (session-176324303)");
            }
            other => panic!("{other:?}"),
        }
        apply!(state, "boss", reassign(&state, "boss", 2, "newcomer"));
        let outcome = claim(&state, &request("newcomer", NumberRequest::Exact(2)));
        assert!(outcome.is_ok(), "{outcome:?}");
        assert_eq!(
            claim(&state, &request("res-2", NumberRequest::Exact(2)))
                .unwrap_err()
                .code,
            "identity-mismatch"
        );
    }

    #[test]
    fn claim_breaking_a_validation_rule_gets_the_rule_code() {
        let mut state = state_with(3, &[]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Exact(1)))
        );
        let mut same_role = request("b", NumberRequest::Exact(2));
        same_role.role = "Role of a".into();
        let refusal = claim(&state, &same_role).unwrap_err();
        assert_eq!(refusal.code, "duplicate-role", "{refusal:?}");
        assert_eq!(refusal.free, vec![2, 3]);
        let mut vague = request("b", NumberRequest::Exact(2));
        vague.goal = "Be excellent and helpful".into();
        let refusal = claim(&state, &vague).unwrap_err();
        assert_eq!(refusal.code, "unmeasurable-goal", "{refusal:?}");
        let rules = crate::validate_registry(&state.registry, &Default::default());
        assert!(rules.diagnostics.iter().all(|d| d.code != "duplicate-role"));
    }

    #[test]
    fn reassign_is_orchestrator_only() {
        let state = state_with(3, &[(1, "boss")]);
        let refusal = reassign(&state, "mallory", 2, "mallory").unwrap_err();
        assert_eq!(refusal.code, "not-orchestrator");
        assert!(refusal.message.contains("boss"));
    }

    #[test]
    fn session_id_naming_someone_else_is_refused() {
        let state = state_with(3, &[]);
        let mut req = request("mallory", NumberRequest::Exact(2));
        req.session_id = Some("alice".into());
        assert_eq!(claim(&state, &req).unwrap_err().code, "identity-mismatch");
    }

    #[test]
    fn one_number_per_session_and_out_of_range_refused() {
        let mut state = state_with(3, &[]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Exact(1)))
        );
        let again = claim(&state, &request("a", NumberRequest::Exact(2))).unwrap_err();
        assert_eq!(again.code, "already-registered");
        let far = claim(&state, &request("b", NumberRequest::Exact(13))).unwrap_err();
        assert_eq!(far.code, "number-out-of-range");
        assert_eq!(far.free, vec![2, 3]);
    }

    #[test]
    fn full_registry_refuses_next() {
        let mut state = state_with(1, &[]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Next))
        );
        assert_eq!(
            claim(&state, &request("b", NumberRequest::Next))
                .unwrap_err()
                .code,
            "registry-full"
        );
    }

    #[test]
    fn protocol_order_is_enforced() {
        let mut state = state_with(2, &[]);
        apply!(
            state,
            "boss",
            claim(&state, &request("boss", NumberRequest::Exact(1)))
        );
        assert_eq!(
            confirm(&state, "boss").unwrap_err().code,
            "not-all-registered"
        );
        apply!(
            state,
            "b",
            claim(&state, &request("b", NumberRequest::Exact(2)))
        );
        assert_eq!(approve(&state, "Jim").unwrap_err().code, "not-confirmed");
        assert_eq!(ack(&state, "b").unwrap_err().code, "not-confirmed");
        assert_eq!(confirm(&state, "b").unwrap_err().code, "not-orchestrator");
        apply!(state, "boss", confirm(&state, "boss"));
        assert!(confirm(&state, "boss").unwrap_err().noop);
        apply!(state, "Jim", approve(&state, "Jim"));
        apply!(state, "b", ack(&state, "b"));
        assert_eq!(
            activate(&state, "boss").unwrap_err().code,
            "not-acknowledged"
        );
        apply!(state, "boss", ack(&state, "boss"));
        assert_eq!(activate(&state, "b").unwrap_err().code, "not-orchestrator");
        apply!(state, "boss", activate(&state, "boss"));
        assert_eq!(
            claim(&state, &request("c", NumberRequest::Next))
                .unwrap_err()
                .code,
            "registry-active"
        );
        assert_eq!(state.status_of(2), crate::model::Status::Active);
    }

    #[test]
    fn release_by_holder_or_orchestrator_only() {
        let mut state = state_with(3, &[(1, "boss")]);
        apply!(
            state,
            "a",
            claim(&state, &request("a", NumberRequest::Exact(2)))
        );
        assert_eq!(release(&state, "c", 2).unwrap_err().code, "not-permitted");
        assert_eq!(release(&state, "a", 3).unwrap_err().code, "not-held");
        assert!(release(&state, "boss", 2).is_ok());
        apply!(state, "a", release(&state, "a", 2));
        assert!(claim(&state, &request("c", NumberRequest::Exact(2))).is_ok());
    }

    #[test]
    fn uninitialised_state_refuses_everything() {
        let state = State::default();
        assert_eq!(
            claim(&state, &request("a", NumberRequest::Next))
                .unwrap_err()
                .code,
            "not-initialized"
        );
        assert_eq!(ack(&state, "a").unwrap_err().code, "not-initialized");
    }
}
