//! The registration protocol end to end through the real binary: init from the seed registry,
//! claims and refusals, confirm, acks, approve, activate, and crash safety of the journal.

#![allow(clippy::unwrap_used)]

use rollcall_core::{parse_registry, Registry, Status};
use serde::Deserialize;
use std::process::Output;
use support::{race, SEED};

mod support;

temp_folder!(
    /// A temp `docs/coordination/` folder that every command is pointed at with `--dir`.
    Folder,
    "docs/coordination"
);

impl Folder {
    fn run(&self, args: &[&str]) -> Output {
        support::rollcall(&self.dir)
            .args(args)
            .arg("--dir")
            .arg(&self.dir)
            .output()
            .unwrap()
    }

    /// Runs `args`, asserts exit `code` and returns the output.
    fn expect(&self, args: &[&str], code: i32) -> Output {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}\n{}",
            support::describe(&out)
        );
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        String::from_utf8(self.expect(args, 0).stdout).unwrap()
    }

    fn refused(&self, args: &[&str]) -> String {
        String::from_utf8(self.expect(args, 3).stderr).unwrap()
    }

    fn init_seed(&self) {
        let seed = self.dir.join("seed.md");
        std::fs::write(&seed, SEED).unwrap();
        let james = support::approver_arg(self.keys(), "James");
        self.ok(&[
            "init",
            "--from",
            seed.to_str().unwrap(),
            "--approver",
            &james,
        ]);
    }

    /// Registers seed slot `number` as the seed has it (session, role and goal).
    fn register_seed_slot(&self, number: u32) {
        let (_, name, role, goal) = seed_slots().into_iter().find(|s| s.0 == number).unwrap();
        self.ok(&claim(&name, &number.to_string(), &role, &goal));
    }

    /// Where approver keys are made: beside the coordination folder, never in it.
    fn keys(&self) -> &std::path::Path {
        self.dir.parent().unwrap()
    }

    /// `approve --by NAME` with the approval text signed by `ssh-keygen -Y sign`, as the human does.
    fn approve_with_ssh_keygen(&self, by: &str) -> Output {
        let text = self.expect(&["approve", "--by", by, "--print"], 0).stdout;
        let file = self.keys().join("approval.txt");
        std::fs::write(&file, text).unwrap();
        let (private, _) = support::approver_key(self.keys(), by);
        let sig = support::ssh_keygen_sign(&private, "rollcall-approve", &file);
        self.run(&["approve", "--by", by, "--signature", sig.to_str().unwrap()])
    }

    fn markdown(&self) -> Registry {
        let text = std::fs::read_to_string(self.dir.join("SESSION_IDENTITY_REGISTRY.md")).unwrap();
        parse_registry(&text).unwrap().registry
    }

    fn status_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["status", "--json"])).unwrap()
    }

    fn status(&self) -> StatusJson {
        serde_json::from_str(&self.ok(&["status", "--json"])).unwrap()
    }

    fn journal(&self) -> String {
        std::fs::read_to_string(self.dir.join("registry.journal.jsonl")).unwrap()
    }
}

#[derive(Debug, Deserialize)]
struct StatusJson {
    orchestrator: Option<String>,
    required: u32,
    registered: u32,
    sessions: Vec<Row>,
    consensus: Consensus,
    next_action: String,
}

#[derive(Debug, Deserialize)]
struct Row {
    number: u32,
    session: Option<String>,
    status: String,
    acknowledged: bool,
}

#[derive(Debug, Deserialize)]
struct Consensus {
    required: u32,
    registered: u32,
    reached: bool,
    state: String,
}

#[derive(Debug, Deserialize)]
struct Outcome {
    ok: bool,
    entry: Option<serde_json::Value>,
    refusal: Option<Refusal>,
    registered: u32,
}

#[derive(Debug, Deserialize)]
struct Refusal {
    code: String,
    message: String,
    holder: Option<Holder>,
    free: Vec<u32>,
}

#[derive(Debug, Deserialize)]
struct Holder {
    session: String,
    since: String,
}

/// The seed's slots: number, session name, role, goal.
fn seed_slots() -> Vec<(u32, String, String, String)> {
    parse_registry(SEED)
        .unwrap()
        .registry
        .sessions
        .iter()
        .map(|s| {
            (
                s.number().unwrap(),
                s.session_name().unwrap().to_string(),
                s.role().unwrap().to_string(),
                s.goal().unwrap().to_string(),
            )
        })
        .collect()
}

/// The arguments of `register --as WHO --number NUMBER --role ROLE --goal GOAL`.
fn claim<'a>(who: &'a str, number: &'a str, role: &'a str, goal: &'a str) -> [&'a str; 9] {
    [
        "register", "--as", who, "--number", number, "--role", role, "--goal", goal,
    ]
}

fn register(f: &Folder, who: &str, number: &str, role: &str, goal: &str) -> Output {
    f.run(&claim(who, number, role, goal))
}

#[test]
fn seed_flow_register_confirm_ack_approve_activate() {
    let f = Folder::new();
    f.init_seed();
    let slots = seed_slots();
    assert_eq!(
        f.status().orchestrator.as_deref(),
        Some("marketing-orchestrator")
    );
    for (number, name, role, goal) in &slots {
        if *number == 5 {
            // Session 5 first grabs 4, which session 4 already holds: refused, then `next`.
            let err = f.refused(&[
                "register", "--as", name, "--number", "4", "--role", role, "--goal", goal,
            ]);
            assert!(err.contains("[number-taken]"), "{err}");
            assert!(err.contains("marketing-outreach-1"), "{err}");
            let out = register(&f, name, "next", role, goal);
            support::assert_exit(&out, 0);
            assert!(String::from_utf8_lossy(&out.stdout).contains("Registered #5"));
            continue;
        }
        let out = register(&f, name, &number.to_string(), role, goal);
        support::assert_exit(&out, 0);
    }
    let status = f.status();
    assert_eq!(status.registered, 12);
    assert_eq!(status.consensus.state, "awaiting-confirmation");
    assert!(status.next_action.contains("rollcall confirm"));

    let err = f.refused(&["approve", "--by", "James"]);
    assert!(err.contains("[not-confirmed]"), "{err}");
    let err = f.refused(&["confirm", "--as", "marketing-research-1"]);
    assert!(err.contains("[not-orchestrator]"), "{err}");
    f.ok(&["confirm", "--as", "marketing-orchestrator"]);
    assert!(f
        .ok(&["confirm", "--as", "marketing-orchestrator"])
        .contains("already confirmed"));

    let err = f.refused(&["activate", "--as", "marketing-orchestrator"]);
    assert!(
        err.contains("[consensus-not-reached]") || err.contains("[not-acknowledged]"),
        "{err}"
    );
    for (_, name, _, _) in &slots {
        f.ok(&["ack", "--as", name]);
    }
    support::assert_exit(&f.approve_with_ssh_keygen("James"), 0);
    assert_eq!(f.status().consensus.state, "approved");
    f.ok(&["activate", "--as", "marketing-orchestrator"]);

    let status = f.status();
    assert_eq!(status.consensus.state, "active");
    assert!(status.consensus.reached);
    assert_eq!(status.consensus.required, 12);
    assert_eq!(status.consensus.registered, 12);
    assert_eq!(status.required, 12);
    assert!(status
        .sessions
        .iter()
        .all(|r| r.status == "active" && r.acknowledged));
    let markdown = f.markdown();
    assert!(markdown
        .sessions
        .iter()
        .all(|s| s.status() == Some(Status::Active)));
    assert_eq!(markdown.stated_registered, Some(12));
    assert!(
        markdown.checklist.iter().all(|c| c.checked),
        "every box ticked from the data"
    );

    let validate = |path: &std::path::Path| {
        let out = support::rollcall(&f.dir)
            .arg("validate")
            .arg(path)
            .args(["--format", "json"])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), report)
    };
    let (code, report) = validate(&f.dir);
    assert_eq!(code, Some(0), "{report}");
    assert_eq!(report["consensus"]["reached"], true);
    assert_eq!(report["consensus"]["state"], "active");
    let status_consensus = serde_json::to_value(&f.status_value()["consensus"]).unwrap();
    assert_eq!(report["consensus"]["checks"], status_consensus["checks"]);

    // The same markdown without its journal: only ticked boxes attest, and nothing says "active".
    let bare = tempfile::tempdir().unwrap();
    let copy = bare.path().join("SESSION_IDENTITY_REGISTRY.md");
    std::fs::copy(f.dir.join("SESSION_IDENTITY_REGISTRY.md"), &copy).unwrap();
    let (_, report) = validate(&copy);
    assert_ne!(report["consensus"]["state"], "active");

    let human = f.ok(&["status"]);
    assert!(human.contains("Registered 12/12"), "{human}");
    assert!(
        human.contains("✓ Orchestrator confirms no conflicts"),
        "{human}"
    );
    assert!(!human.contains('✗'), "{human}");
    assert!(human.contains("State: active"), "{human}");
    let broadcast = f.dir.join("messages").join("broadcast");
    let sent = support::message_files(&broadcast);
    assert_eq!(sent.len(), 1, "one broadcast of the final registry");
    let path = &sent[0];
    let message: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(message["from"], "marketing-orchestrator");
    assert_eq!(message["to"], "broadcast");
    assert!(message["subject"]
        .as_str()
        .unwrap()
        .contains("REGISTRY ACTIVE"));
    let body = parse_registry(message["message"].as_str().unwrap())
        .unwrap()
        .registry;
    assert!(body
        .sessions
        .iter()
        .all(|s| s.status() == Some(Status::Active)));
    assert!(f
        .ok(&["activate", "--as", "marketing-orchestrator"])
        .contains("already activated"));
    assert_eq!(support::message_files(&broadcast).len(), 1);
    let err = f.refused(&claim("late", "next", "Late AI", "Send 5 emails daily"));
    assert!(err.contains("[registry-active]"), "{err}");
}

#[test]
fn refusal_json_names_holder_time_and_free_numbers() {
    let f = Folder::new();
    f.ok(&["init", "--sessions", "4", "--as", "boss"]);
    f.ok(&claim(
        "alpha",
        "2",
        "Alpha AI - research",
        "Find 25 prospects daily",
    ));
    let out = f.run(&[
        "register",
        "--as",
        "beta",
        "--number",
        "2",
        "--role",
        "Beta AI - outreach",
        "--goal",
        "Send 17 emails daily",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let outcome: Outcome = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!outcome.ok);
    assert!(outcome.entry.is_none());
    assert_eq!(outcome.registered, 1);
    let refusal = outcome.refusal.unwrap();
    assert_eq!(refusal.code, "number-taken");
    let holder = refusal.holder.unwrap();
    assert_eq!(holder.session, "alpha");
    assert!(holder.since.starts_with("20"), "{}", holder.since);
    assert_eq!(refusal.free, vec![1, 3, 4]);
    assert!(refusal.message.contains("free numbers: 1, 3, 4"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("rollcall: registration refused [number-taken]"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: "), "{stderr}");
}

#[test]
fn reserved_slot_refuses_other_sessions_until_reassigned() {
    let f = Folder::new();
    f.init_seed();
    let err = f.refused(&claim(
        "intruder",
        "4",
        "Intruder AI",
        "Send 17 emails daily",
    ));
    assert!(err.contains("[identity-mismatch]"), "{err}");
    assert!(err.contains("reserved for marketing-outreach-1"), "{err}");
    let err = f.refused(&[
        "reassign", "--as", "intruder", "--number", "4", "--to", "intruder",
    ]);
    assert!(err.contains("[not-orchestrator]"), "{err}");
    let err = f.refused(&[
        "reassign",
        "--as",
        "marketing-orchestrator",
        "--number",
        "4",
        "--to",
        "intruder",
    ]);
    assert!(
        err.contains("[not-your-key]") && err.contains("register first"),
        "an orchestrator that has not registered has no key to sign with: {err}"
    );
    f.register_seed_slot(1);
    f.ok(&[
        "reassign",
        "--as",
        "marketing-orchestrator",
        "--number",
        "4",
        "--to",
        "intruder",
    ]);
    f.ok(&claim(
        "intruder",
        "4",
        "Intruder AI",
        "Send 17 emails daily",
    ));
    let row = &f.status().sessions[3];
    assert_eq!(row.number, 4);
    assert_eq!(row.session.as_deref(), Some("intruder"));
}

#[test]
fn session_id_of_someone_else_is_identity_mismatch() {
    let f = Folder::new();
    f.init_seed();
    let err = f.refused(&[
        "register",
        "--as",
        "marketing-outreach-2",
        "--session-id",
        "marketing-outreach-1",
        "--number",
        "4",
        "--role",
        "Outreach AI",
        "--goal",
        "Send 17 emails daily",
    ]);
    assert!(err.contains("[identity-mismatch]"), "{err}");
}

#[test]
fn release_frees_the_number_and_restores_the_slot() {
    let f = Folder::new();
    f.ok(&["init", "--sessions", "3", "--as", "boss"]);
    f.ok(&claim("alpha", "2", "Alpha AI", "Find 25 prospects daily"));
    let err = f.refused(&["release", "--as", "beta", "--number", "2"]);
    assert!(err.contains("[not-permitted]"), "{err}");
    f.ok(&["release", "--as", "alpha", "--number", "2"]);
    let status = f.status();
    assert_eq!(status.registered, 0);
    assert_eq!(status.sessions[1].status, "pending");
    assert!(
        f.markdown().sessions.is_empty(),
        "the claimed section goes away"
    );
}

#[test]
fn hostile_text_is_stored_exactly_in_journal_and_markdown() {
    let f = Folder::new();
    f.ok(&[
        "init",
        "--sessions",
        "2",
        "--as",
        "boss",
        "--title",
        "Team \"Q\" <b>$120k</b>",
    ]);
    let role = "Quote \" back\\slash $120k 🎯 <script>x</script>";
    f.ok(&[
        "register",
        "--as",
        "alpha",
        "--number",
        "1",
        "--role",
        role,
        "--goal",
        "Reach $120k MRR by 2027-01-01",
        "--responsibility",
        "../../etc/passwd",
        "--responsibility",
        "Täglich 5 E-Mails 📧",
    ]);
    let md = f.markdown();
    assert_eq!(md.title, "Team \"Q\" <b>$120k</b>");
    assert_eq!(md.sessions[0].role(), Some(role));
    let items: Vec<&str> = md.sessions[0]
        .responsibilities()
        .iter()
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(items, vec!["../../etc/passwd", "Täglich 5 E-Mails 📧"]);
    assert!(f.journal().contains(&serde_json::to_string(role).unwrap()));
}

#[test]
fn commands_without_a_registry_exit_2_with_a_hint() {
    let f = Folder::new();
    let out = f.run(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("rollcall init"), "{err}");
    assert!(!f.dir.join("registry.journal.jsonl").exists());
    let out = f.run(&claim("a", "x", "R", "G 1"));
    assert_eq!(out.status.code(), Some(2));
    f.ok(&["init", "--sessions", "2", "--as", "boss"]);
    let out = f.run(&["init", "--sessions", "2", "--as", "boss"]);
    assert_eq!(out.status.code(), Some(2), "second init refused");
}

#[test]
fn torn_last_journal_line_reloads_with_a_warning_and_next_claim_works() {
    let f = Folder::new();
    f.ok(&["init", "--sessions", "3", "--as", "boss"]);
    f.ok(&claim("alpha", "1", "Alpha AI", "Find 25 prospects daily"));
    f.ok(&claim("beta", "2", "Beta AI", "Send 17 emails daily"));
    let journal = f.journal();
    let cut = journal.trim_end().len() - 40;
    std::fs::write(f.dir.join("registry.journal.jsonl"), &journal[..cut]).unwrap();

    let out = f.run(&["status", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("warning") && err.contains("incomplete"),
        "{err}"
    );
    let status: StatusJson = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status.registered, 1, "the torn claim is not counted");

    f.ok(&claim("gamma", "2", "Gamma AI", "Send 16 emails daily"));
    let journal = f.journal();
    assert!(journal.ends_with('\n'));
    for line in journal.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let out = f.run(&["status", "--json"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let status: StatusJson = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status.sessions[1].session.as_deref(), Some("gamma"));
    let kept: Vec<_> = std::fs::read_dir(&f.dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".torn-"))
        .collect();
    assert_eq!(kept.len(), 1, "the torn tail is kept beside the journal");
}

#[test]
fn identity_from_environment_and_legacy_file() {
    let f = Folder::new();
    f.ok(&["init", "--sessions", "2", "--as", "boss"]);
    let out = support::rollcall(&f.dir)
        .args([
            "register",
            "--number",
            "next",
            "--role",
            "Env AI",
            "--goal",
            "Send 3 emails daily",
            "--dir",
        ])
        .arg(&f.dir)
        .env("ROLLCALL_SESSION", "from-env")
        .output()
        .unwrap();
    support::assert_exit(&out, 0);
    assert_eq!(f.status().sessions[0].session.as_deref(), Some("from-env"));
}

#[test]
fn send_to_orchestrator_applies_registration_under_the_lock() {
    let f = Folder::new();
    f.init_seed();
    let line = "REGISTRATION: NUMBER=4 ROLE=Outreach AI - Personalize and send emails (Morning Batch 1) GOAL=Send 17 perfectly personalized emails daily, 95%+ delivery rate SESSION_ID=marketing-outreach-1 STATUS=REGISTERED";
    let out = f.ok(&[
        "send",
        "--as",
        "marketing-outreach-1",
        "marketing-orchestrator",
        line,
    ]);
    assert!(
        out.contains("Message sent to marketing-orchestrator"),
        "{out}"
    );
    assert!(
        out.contains("Registered #4 as marketing-outreach-1"),
        "{out}"
    );

    let taken = line.replace("Batch 1", "Batch 2").replace(
        "SESSION_ID=marketing-outreach-1",
        "SESSION_ID=marketing-outreach-2",
    );
    let err = f.refused(&[
        "send",
        "--as",
        "marketing-outreach-2",
        "marketing-orchestrator",
        &taken,
    ]);
    assert!(
        err.contains("[number-taken]") && err.contains("free numbers: 5"),
        "{err}"
    );

    let block = "REGISTRATION COMPLETE\nNUMBER: next\nROLE: Outreach AI - Personalize and send emails (Morning Batch 2)\nGOAL: Send 17 perfectly personalized emails daily, 95%+ delivery rate\nSESSION_ID: marketing-outreach-2\nSTATUS: REGISTERED\nREADY: YES";
    let out = f.ok(&[
        "send",
        "--as",
        "marketing-outreach-2",
        "marketing-orchestrator",
        "my registration",
        block,
    ]);
    assert!(out.contains("Registered #5"), "{out}");
    let inbox = f.dir.join("messages/direct/marketing-orchestrator");
    assert_eq!(
        support::message_files(&inbox).len(),
        3,
        "every message is stored"
    );

    let out = f.ok(&[
        "send",
        "--as",
        "marketing-outreach-2",
        "marketing-research-1",
        line,
    ]);
    assert!(
        !out.contains("Registered"),
        "only the orchestrator's mail registers: {out}"
    );
    assert_eq!(f.status().registered, 2);

    let out = f.ok(&["ingest", "--json", "--as", "marketing-orchestrator"]);
    let results: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(
        results.iter().all(|r| r["outcome"] == "already-done"),
        "{out}"
    );
}

fn legacy_message(dir: &std::path::Path, file: &str, from: &str, timestamp: &str, subject: &str) {
    let inbox = dir.join("messages/direct/boss");
    std::fs::create_dir_all(&inbox).unwrap();
    // Written the way the old script does: pasted into a heredoc, nothing escaped.
    let text = format!(
        "{{\n  \"from\": \"{from}\",\n  \"to\": \"boss\",\n  \"timestamp\": \"{timestamp}\",\n  \"subject\": \"{subject}\",\n  \"message\": \"\"\n}}\n"
    );
    std::fs::write(inbox.join(file), text).unwrap();
}

#[test]
fn ingest_applies_legacy_registrations_in_time_order_once_and_replies() {
    let f = Folder::new();
    f.ok(&[
        "init",
        "--sessions",
        "3",
        "--as",
        "boss",
        "--allow-unsigned",
    ]);
    f.ok(&claim(
        "boss",
        "1",
        "Master Coordinator",
        "Coordinate 3 sessions to $120k MRR",
    ));
    legacy_message(&f.dir, "2026-11-25_08-00-05-alpha.json", "alpha", "2026-11-25T08:00:05Z",
        "REGISTRATION: NUMBER=2 ROLE=Alpha AI - \"research\" GOAL=Find 25 prospects daily SESSION_ID=alpha STATUS=REGISTERED");
    legacy_message(&f.dir, "2026-11-25_08-00-09-bravo.json", "bravo", "2026-11-25T08:00:01Z",
        "REGISTRATION: NUMBER=2 ROLE=Bravo AI - outreach GOAL=Send 17 emails daily SESSION_ID=bravo STATUS=REGISTERED");
    legacy_message(
        &f.dir,
        "2026-11-25_08-00-10-carol.json",
        "carol",
        "2026-11-25T08:00:10Z",
        "status update, no registration here",
    );

    let out = f.ok(&["ingest", "--json", "--as", "boss"]);
    let results: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(results.len(), 2, "{out}");
    assert_eq!(results[0]["from"], "bravo", "oldest timestamp first");
    assert_eq!(results[0]["outcome"], "applied");
    assert_eq!(results[1]["from"], "alpha");
    assert_eq!(results[1]["outcome"], "refused");
    assert_eq!(results[1]["refusal"]["code"], "number-taken");
    assert_eq!(f.status().sessions[1].session.as_deref(), Some("bravo"));

    let reply_dir = f.dir.join("messages/direct/alpha");
    let replies = support::message_files(&reply_dir);
    assert_eq!(replies.len(), 1);
    let reply: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&replies[0]).unwrap()).unwrap();
    assert_eq!(reply["from"], "boss");
    assert!(reply["subject"]
        .as_str()
        .unwrap()
        .contains("REFUSED [number-taken]"));
    assert!(reply["message"]
        .as_str()
        .unwrap()
        .contains("free numbers: 3"));
    assert_eq!(
        support::message_files(&f.dir.join("messages/direct/bravo")).len(),
        1
    );

    let again = f.ok(&["ingest", "--json", "--as", "boss"]);
    let results: Vec<serde_json::Value> = serde_json::from_str(&again).unwrap();
    assert!(
        results.iter().all(|r| r["outcome"] == "already-done"),
        "{again}"
    );
    assert_eq!(
        support::message_files(&reply_dir).len(),
        1,
        "no second reply"
    );
    let journal = f.journal();
    assert_eq!(journal.matches("\"event\":\"reject\"").count(), 1);
}

#[test]
fn claims_breaking_validation_rules_are_refused_with_the_rule_code() {
    let f = Folder::new();
    f.init_seed();
    let err = f.refused(&claim(
        "marketing-outreach-1",
        "4",
        "Outreach AI - Personalize and send emails (Morning Batch 2)",
        "Send 17 perfectly personalized emails daily, 95%+ delivery rate",
    ));
    assert!(err.contains("[duplicate-role]"), "{err}");
    let err = f.refused(&claim(
        "marketing-outreach-1",
        "4",
        "Outreach AI - Personalize and send emails (Morning Batch 1)",
        "Do great outreach",
    ));
    assert!(err.contains("[unmeasurable-goal]"), "{err}");
    assert_eq!(f.status().registered, 0, "nothing was recorded");
}

#[test]
fn status_watch_prints_again_when_the_journal_changes() {
    use std::io::{BufRead, BufReader};
    let f = Folder::new();
    f.ok(&["init", "--sessions", "2", "--as", "boss"]);
    let mut child = support::rollcall(&f.dir)
        .args(["status", "--watch", "--json", "--dir"])
        .arg(&f.dir)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let finished = done.clone();
    // A watch that never prints again must fail the test, not hang it.
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(30));
        if !finished.load(std::sync::atomic::Ordering::SeqCst) {
            let _ = std::process::Command::new("kill").arg(&pid).status();
        }
    });
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next_report = || {
        let mut text = String::new();
        for line in lines.by_ref() {
            let line = line.unwrap();
            let end = line == "}";
            text.push_str(&line);
            text.push('\n');
            if end {
                break;
            }
        }
        serde_json::from_str::<StatusJson>(&text).unwrap()
    };
    assert_eq!(next_report().registered, 0);
    f.ok(&claim("alpha", "2", "Alpha AI", "Find 25 prospects daily"));
    let second = next_report();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    child.kill().unwrap();
    let _ = child.wait();
    assert_eq!(second.registered, 1);
    assert_eq!(second.sessions[1].session.as_deref(), Some("alpha"));
}

#[test]
fn init_keeps_the_original_markdown_and_only_one_of_concurrent_inits_wins() {
    let f = Folder::new();
    let own = f.dir.join("SESSION_IDENTITY_REGISTRY.md");
    std::fs::write(&own, SEED).unwrap();
    let codes: Vec<Option<i32>> = race(4, |_| {
        let mut cmd = support::rollcall(&f.dir);
        cmd.args(["init", "--dir"]).arg(&f.dir);
        cmd
    })
    .iter()
    .map(|out| out.status.code())
    .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == Some(0)).count(),
        1,
        "{codes:?}"
    );
    assert_eq!(
        codes.iter().filter(|c| **c == Some(2)).count(),
        3,
        "{codes:?}"
    );
    let original =
        std::fs::read_to_string(f.dir.join("SESSION_IDENTITY_REGISTRY.md.orig")).unwrap();
    assert_eq!(original, SEED, "the original is kept byte for byte");
    assert_eq!(
        f.journal().matches(r#""event":"init""#).count(),
        1,
        "one init event"
    );
    assert_eq!(
        f.status().orchestrator.as_deref(),
        Some("marketing-orchestrator")
    );
}
