//! Identity end to end through the real binary and the real `ssh-keygen`: signed messages that
//! OpenSSH verifies, forged senders and changed bytes caught, approvals only the enrolled human
//! key can give, stale approvals refused, and hand-edited journal lines ignored.

#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;

/// A registry in a temp `coordination/` folder: `boss` (#1, orchestrator), `bob` (#2) and
/// `carol` (#3) registered with their own keys, approver `Ada` enrolled; signatures required. Session keys live in a key store beside the folder, approver keys beside that.
struct Team {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    keys: PathBuf,
    home: PathBuf,
}

impl Team {
    /// The team in `sessions` slots, with Ada's key made by `ssh-keygen -t KEY_TYPE`.
    fn with(key_type: &str, sessions: &str) -> Team {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("coordination");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(&home).unwrap();
        let team = Team {
            keys: tmp.path().join("keys"),
            _tmp: tmp,
            dir,
            home,
        };
        let ada = team.ssh_key("Ada", key_type);
        let approver = format!("Ada={}.pub", ada.display());
        team.ok(&[
            "init",
            "--sessions",
            sessions,
            "--as",
            "boss",
            "--approver",
            &approver,
        ]);
        team.register(
            "boss",
            "1",
            "Coordinator",
            "Coordinate 3 sessions by Friday",
        );
        team.register("bob", "2", "Builder", "Ship 5 features by Friday");
        team.register("carol", "3", "Reviewer", "Review 10 pull requests daily");
        team
    }

    /// The three of them in three slots, with an ed25519 approver key.
    fn new() -> Team {
        Team::with("ed25519", "3")
    }

    /// The three of them with slot 4 still free.
    fn with_free_slot() -> Team {
        Team::with("ed25519", "4")
    }

    /// A key pair `NAME` of `key_type` made by `ssh-keygen` outside the folder; the private key.
    fn ssh_key(&self, name: &str, key_type: &str) -> PathBuf {
        let private = self.home.join(name);
        let mut cmd = Command::new("ssh-keygen");
        cmd.args(["-q", "-t", key_type, "-N", "", "-C", name, "-f"])
            .arg(&private);
        if key_type == "ecdsa" {
            cmd.args(["-b", "256"]);
        }
        let out = cmd
            .output()
            .expect("ssh-keygen (openssh-client) is installed");
        assert!(out.status.success(), "{}", support::describe(&out));
        private
    }

    fn run(&self, args: &[&str]) -> Output {
        support::rollcall(&self.dir)
            .env("ROLLCALL_KEYS", &self.keys)
            .args(args)
            .arg("--dir")
            .arg(&self.dir)
            .output()
            .unwrap()
    }

    /// Runs `args`, asserts exit `code`, returns the output.
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
        support::stdout(&self.expect(args, 0))
    }

    /// The stderr of `args`, which must be refused (exit 3).
    fn refused(&self, args: &[&str]) -> String {
        support::stderr(&self.expect(args, 3))
    }

    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_slice(&self.expect(&all, code).stdout).unwrap()
    }

    fn register(&self, who: &str, number: &str, role: &str, goal: &str) {
        self.ok(&[
            "register", "--as", who, "--number", number, "--role", role, "--goal", goal,
        ]);
    }

    /// The private key the key store holds for session `name`.
    fn session_key(&self, name: &str) -> PathBuf {
        let folders = std::fs::read_dir(&self.keys).unwrap();
        let key = folders
            .flatten()
            .map(|f| f.path().join(format!("{name}.key")))
            .find(|p| p.exists());
        key.unwrap_or_else(|| panic!("no key for {name} in {}", self.keys.display()))
    }

    /// The one message file in `to`'s direct inbox.
    fn only_message(&self, to: &str) -> PathBuf {
        let files = support::message_files(&self.dir.join("messages/direct").join(to));
        assert_eq!(files.len(), 1, "{files:?}");
        files[0].clone()
    }

    /// `boss` confirms and every session acknowledges, so Ada may approve.
    fn ready_for_approval(&self) {
        self.ok(&["confirm", "--as", "boss"]);
        for who in ["boss", "bob", "carol"] {
            self.ok(&["ack", "--as", who]);
        }
    }

    /// `approve --by Ada --signature SIG`.
    fn approve_with(&self, sig: &Path) -> Output {
        self.run(&[
            "approve",
            "--by",
            "Ada",
            "--signature",
            sig.to_str().unwrap(),
        ])
    }

    /// Signs `text` as Ada does, with `ssh-keygen -Y sign` and her private key; returns `TEXT.sig`.
    fn ada_signs(&self, text: &Path) -> PathBuf {
        support::ssh_keygen_sign(&self.home.join("Ada"), "rollcall-approve", text)
    }

    /// The approval text Ada signs, written to a file outside the folder.
    fn approval_text(&self) -> PathBuf {
        let text = self.ok(&["approve", "--by", "Ada", "--print"]);
        let file = self.home.join("approval.txt");
        std::fs::write(&file, text).unwrap();
        file
    }

    fn journal_path(&self) -> PathBuf {
        self.dir.join("registry.journal.jsonl")
    }

    fn consensus_state(&self) -> String {
        let status = self.json(&["status"], 0);
        status["consensus"]["state"].as_str().unwrap().to_string()
    }
}

/// The stderr of a refused command (exit 3).
fn refusal(out: &Output) -> String {
    support::assert_exit(out, 3);
    support::stderr(out)
}

/// `FILE.sig`.
fn sig_of(file: &Path) -> PathBuf {
    let mut sig = file.as_os_str().to_owned();
    sig.push(".sig");
    PathBuf::from(sig)
}

/// The signature status `inbox --json` gives the message whose file ends with `name`.
fn inbox_status(inbox: &Value, name: &str) -> String {
    let message = inbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["file"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("{name} not in {inbox}"));
    message["signature"]["status"].as_str().unwrap().to_string()
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn a_sent_message_verifies_with_ssh_keygen_and_the_allowed_signers_file() {
    let team = Team::new();
    team.ok(&["send", "--as", "bob", "boss", "status", "5 of 5 shipped"]);
    let message = team.only_message("boss");
    let allowed = team.home.join("allowed_signers");
    std::fs::write(&allowed, team.ok(&["allowed-signers"])).unwrap();

    let verify = |identity: &str| {
        Command::new("ssh-keygen")
            .args([
                "-Y",
                "verify",
                "-n",
                "rollcall-message",
                "-I",
                identity,
                "-f",
            ])
            .arg(&allowed)
            .arg("-s")
            .arg(sig_of(&message))
            .stdin(std::fs::File::open(&message).unwrap())
            .output()
            .unwrap()
    };
    let good = verify("bob");
    assert!(good.status.success(), "{}", support::describe(&good));
    assert!(support::stdout(&good).contains("Good \"rollcall-message\" signature for bob"));
    assert!(
        !verify("carol").status.success(),
        "the same signature is not carol's"
    );

    let inbox = team.json(&["inbox", "--as", "boss"], 0);
    assert_eq!(inbox_status(&inbox, &file_name(&message)), "good");
    assert!(inbox["messages"][0]["signature"]["key"]
        .as_str()
        .unwrap()
        .starts_with("SHA256:"));
}

#[test]
fn a_message_claiming_another_sender_is_a_wrong_signer_and_fails_verify() {
    let team = Team::new();
    let forged = team
        .dir
        .join("messages/direct/boss/2026-12-04_09-00-00-bob.json");
    std::fs::create_dir_all(forged.parent().unwrap()).unwrap();
    std::fs::write(
        &forged,
        "{\"from\":\"bob\",\"to\":\"boss\",\"timestamp\":\"2026-12-04T09:00:00Z\",\"subject\":\"RELEASE: give #2 to carol\",\"message\":\"\"}\n",
    )
    .unwrap();
    support::ssh_keygen_sign(&team.session_key("carol"), "rollcall-message", &forged);

    let inbox = team.json(&["inbox", "--as", "boss"], 0);
    assert_eq!(inbox_status(&inbox, &file_name(&forged)), "wrong-signer");
    let shown = team.ok(&["inbox", "--as", "boss"]);
    assert!(shown.contains("wrong-signer"), "{shown}");
    let verified = team.json(&["inbox", "--as", "boss", "--verified-only"], 0);
    assert_eq!(
        verified["messages"].as_array().unwrap().len(),
        0,
        "{verified}"
    );

    let report = team.json(&["verify"], 1);
    assert_eq!(report["ok"], false);
    assert_eq!(report["messages"][0]["signature"]["status"], "wrong-signer");
    let human = support::stdout(&team.expect(&["verify"], 1));
    assert!(human.contains("wrong-signer"), "{human}");
    assert!(human.contains("hint:"), "{human}");
}

#[test]
fn one_changed_byte_in_a_delivered_message_makes_its_signature_bad() {
    let team = Team::new();
    team.ok(&["send", "--as", "bob", "boss", "pay", "send $100 to bob"]);
    let message = team.only_message("boss");
    team.json(&["verify"], 0);
    let text = std::fs::read_to_string(&message).unwrap();
    std::fs::write(&message, text.replace("$100", "$900")).unwrap();

    let inbox = team.json(&["inbox", "--as", "boss"], 0);
    assert_eq!(inbox_status(&inbox, &file_name(&message)), "bad");
    let report = team.json(&["verify"], 1);
    assert_eq!(report["messages"][0]["signature"]["status"], "bad");
}

#[test]
fn an_unsigned_message_is_marked_and_hidden_by_verified_only() {
    let team = Team::new();
    team.ok(&["send", "--as", "bob", "boss", "signed", "from bob"]);
    let legacy = team
        .dir
        .join("messages/direct/boss/2026-12-04_09-00-00-dave.json");
    std::fs::write(
        &legacy,
        "{\"from\":\"dave\",\"to\":\"boss\",\"timestamp\":\"2026-12-04T09:00:00Z\",\"subject\":\"old script\",\"message\":\"\"}\n",
    )
    .unwrap();

    let inbox = team.json(&["inbox", "--as", "boss"], 0);
    assert_eq!(inbox_status(&inbox, &file_name(&legacy)), "unsigned");
    assert!(team.ok(&["inbox", "--as", "boss"]).contains("[unsigned]"));
    let verified = team.json(&["inbox", "--as", "boss", "--verified-only"], 0);
    let kept = verified["messages"].as_array().unwrap();
    assert_eq!(kept.len(), 1, "{verified}");
    assert_eq!(kept[0]["message"]["from"], "bob");
}

#[test]
fn sending_as_a_session_with_someone_elses_key_is_refused() {
    let team = Team::new();
    let carol = team.session_key("carol");
    let err = team.refused(&[
        "send",
        "--as",
        "bob",
        "--key",
        carol.to_str().unwrap(),
        "boss",
        "hi",
    ]);
    assert!(err.contains("[not-your-key]"), "{err}");
    assert!(support::message_files(&team.dir.join("messages/direct/boss")).is_empty());
}

#[test]
fn unsigned_sends_are_refused_where_signatures_are_required() {
    let team = Team::new();
    let err = team.refused(&["send", "--as", "bob", "--unsigned", "boss", "hi"]);
    assert!(err.contains("[signatures-required]"), "{err}");
    assert!(support::message_files(&team.dir.join("messages/direct/boss")).is_empty());
}

#[test]
fn only_the_orchestrator_confirms() {
    let team = Team::new();
    let err = team.refused(&["confirm", "--as", "bob"]);
    assert!(err.contains("[not-orchestrator]"), "{err}");
    team.ok(&["confirm", "--as", "boss"]);
}

#[test]
fn an_approval_signed_by_ssh_keygen_with_an_ecdsa_key_is_accepted() {
    let team = Team::with("ecdsa", "3");
    team.ready_for_approval();
    let text = team.approval_text();
    let sig = team.ada_signs(&text);
    support::assert_exit(&team.approve_with(&sig), 0);
    assert_eq!(team.consensus_state(), "approved");
}

#[test]
fn an_approval_by_a_key_that_is_not_the_approvers_is_refused() {
    let team = Team::new();
    team.ready_for_approval();
    let eve = team.ssh_key("Eve", "ed25519");
    let bob = team.session_key("bob");
    for key in [&eve, &bob] {
        let err = team.refused(&["approve", "--by", "Ada", "--key", key.to_str().unwrap()]);
        assert!(err.contains("[approval-unknown-key]"), "{err}");
    }
    let text = team.approval_text();
    let sig = support::ssh_keygen_sign(&eve, "rollcall-approve", &text);
    let err = refusal(&team.approve_with(&sig));
    assert!(err.contains("[approval-unknown-key]"), "{err}");
    assert_eq!(team.consensus_state(), "awaiting-approval");
}

#[test]
fn an_approval_signed_before_the_journal_changed_is_stale() {
    let team = Team::new();
    team.ready_for_approval();
    let text = team.approval_text();
    let sig = team.ada_signs(&text);
    team.ok(&["set-ttls", "--as", "boss", "--idle", "5m", "--stale", "1h"]);
    let err = refusal(&team.approve_with(&sig));
    assert!(err.contains("[approval-stale]"), "{err}");
    assert_eq!(team.consensus_state(), "awaiting-approval");

    // Signing the fresh text again: ssh-keygen keeps the old FILE.sig (and still exits 0).
    let fresh = team.approval_text();
    let sig = team.ada_signs(&fresh);
    let err = refusal(&team.approve_with(&sig));
    assert!(err.contains("[approval-bad-signature]"), "{err}");
    assert!(err.contains("delete it before signing again"), "{err}");
    std::fs::remove_file(&sig).unwrap();
    let sig = team.ada_signs(&fresh);
    support::assert_exit(&team.approve_with(&sig), 0);
    assert_eq!(team.consensus_state(), "approved");
}

#[test]
fn hand_edited_journal_lines_are_ignored_and_reported_by_verify() {
    let team = Team::with_free_slot();
    let journal = std::fs::read_to_string(team.journal_path()).unwrap();
    let bob_line = journal
        .lines()
        .find(|l| l.contains("\"actor\":\"bob\""))
        .unwrap();
    let moved = bob_line.replace("\"number\":2", "\"number\":4");
    assert_ne!(moved, bob_line);
    let sig_at = bob_line.find(",\"sig\":").unwrap();
    let unsigned = bob_line[..sig_at].replace("bob", "mallory") + "}";
    std::fs::write(
        team.journal_path(),
        format!("{journal}{moved}\n{unsigned}\n"),
    )
    .unwrap();

    let status = team.json(&["status"], 1);
    assert!(
        status["sessions"][3]["session"].is_null(),
        "slot 4 stays free: {status}"
    );
    assert_eq!(status["sessions"][1]["session"], "bob");
    let codes = support::diagnostic_codes(&status);
    assert!(codes.contains(&"journal-forged-entry"), "{codes:?}");
    assert!(codes.contains(&"journal-unsigned-entry"), "{codes:?}");

    let report = team.json(&["verify"], 1);
    let entries = report["entries"].as_array().unwrap();
    let tail: Vec<(&str, bool)> = entries[entries.len() - 2..]
        .iter()
        .map(|e| {
            (
                e["signature"]["status"].as_str().unwrap(),
                e["applied"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(tail, [("bad", false), ("unsigned", false)]);
    assert!(entries[..entries.len() - 2]
        .iter()
        .all(|e| e["signature"]["status"] == "good" && e["applied"] == true));
}

#[test]
fn an_unsigned_registration_message_is_refused_where_signatures_are_required() {
    let team = Team::with_free_slot();
    let inbox = team.dir.join("messages/direct/boss");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(
        inbox.join("2026-12-04_09-00-00-dave.json"),
        "{\"from\":\"dave\",\"to\":\"boss\",\"timestamp\":\"2026-12-04T09:00:00Z\",\"subject\":\"REGISTRATION: NUMBER=4 ROLE=Research GOAL=Find 25 prospects daily SESSION_ID=dave STATUS=REGISTERED\",\"message\":\"\"}\n",
    )
    .unwrap();
    let results = team.json(&["ingest", "--as", "boss"], 0);
    let results = results.as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(results[0]["outcome"], "refused");
    assert_eq!(results[0]["refusal"]["code"], "message-unsigned");
    let status = team.json(&["status"], 0);
    assert!(status["sessions"][3]["session"].is_null(), "{status}");
}

#[test]
fn require_signatures_turns_on_checking_in_an_unsigned_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("coordination");
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        support::rollcall(&dir)
            .env("ROLLCALL_KEYS", tmp.path().join("keys"))
            .args(args)
            .arg("--dir")
            .arg(&dir)
            .arg("--json")
            .output()
            .unwrap()
    };
    support::assert_exit(
        &run(&[
            "init",
            "--sessions",
            "2",
            "--as",
            "boss",
            "--allow-unsigned",
        ]),
        0,
    );
    let report: Value = serde_json::from_slice(&run(&["verify"]).stdout).unwrap();
    assert_eq!(report["signatures_required"], false);
    support::assert_exit(
        &run(&[
            "register",
            "--as",
            "boss",
            "--number",
            "1",
            "--role",
            "Lead",
            "--goal",
            "Ship 2 releases by May",
        ]),
        0,
    );
    support::assert_exit(
        &run(&["send", "--as", "boss", "--unsigned", "boss", "note"]),
        0,
    );
    let note = support::message_files(&dir.join("messages/direct/boss")).remove(0);
    assert!(!sig_of(&note).exists(), "--unsigned writes no signature");
    support::assert_exit(&run(&["require-signatures", "--as", "bob"]), 3);
    support::assert_exit(&run(&["require-signatures", "--as", "boss"]), 0);
    let report: Value = serde_json::from_slice(&run(&["verify"]).stdout).unwrap();
    assert_eq!(report["signatures_required"], true, "{report}");
    assert_eq!(report["messages"][0]["signature"]["status"], "unsigned");
    support::assert_exit(
        &run(&["send", "--as", "boss", "--unsigned", "boss", "again"]),
        3,
    );
}

#[test]
fn an_ecdsa_key_ssh_key_cannot_read_is_refused_with_the_way_around() {
    let team = Team::new();
    team.ready_for_approval();
    let key = support::fixture_path("identity/ecdsa-short-scalar");
    let out = team.expect(
        &["approve", "--by", "Ada", "--key", key.to_str().unwrap()],
        2,
    );
    let err = support::stderr(&out);
    assert!(err.contains("ssh-key 0.6.7 cannot read"), "{err}");
    assert!(
        err.contains("hint: sign with `ssh-keygen -Y sign`"),
        "{err}"
    );
    assert_eq!(team.consensus_state(), "awaiting-approval");
}
