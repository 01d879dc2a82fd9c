//! Kill-anywhere: every writing command of the protocol flow is killed (SIGKILL) at a random
//! moment, the command is run again as a user would, the flow is finished, and the folder must be
//! one consistent state: journal = markdown = `status --json` = `validate --format json`, every
//! message file whole, no claim lost, the final broadcast there exactly once.
//!
//! `ROLLCALL_KILLS` sets how many kills (default 200, spread over the steps); the seed is fixed
//! (`ROLLCALL_KILL_SEED` to change it) so a failure can be replayed.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;
use support::describe;

mod support;

/// One step of the flow: the arguments, and the exit codes a re-run after a kill may give.
struct Step {
    args: Vec<String>,
    rerun_ok: &'static [i32],
}

fn step(args: &[&str], rerun_ok: &'static [i32]) -> Step {
    Step {
        args: args.iter().map(|a| a.to_string()).collect(),
        rerun_ok,
    }
}

/// b's REGISTRATION as the old shell script left it in the orchestrator's inbox, for `ingest`.
const LEGACY_REGISTRATION: &str = "{\n  \"from\": \"b\",\n  \"to\": \"orch\",\n  \"timestamp\": \"2026-12-01T10:00:00Z\",\n  \"subject\": \"registration\",\n  \"message\": \"REGISTRATION: NUMBER=3 ROLE=Editor GOAL=Edit 4 posts weekly SESSION_ID=b STATUS=REGISTERED\"\n}\n";

/// The whole protocol for three sessions: one REGISTRATION through the orchestrator's inbox
/// (`send` applies it) and one left by the old script for `ingest`.
fn flow() -> Vec<Step> {
    let approver = approver_key().0;
    let approver = approver.to_str().unwrap();
    vec![
        step(&["register", "--as", "orch", "--number", "1", "--role", "Orchestrator", "--goal", "Coordinate 3 sessions to 100% agreement"], &[0]),
        step(&["send", "orch", "registration", "REGISTRATION: NUMBER=2 ROLE=Writer GOAL=Write 3 posts weekly SESSION_ID=a STATUS=REGISTERED", "--as", "a"], &[0, 3]),
        step(&["ingest", "--as", "orch"], &[0]),
        step(&["confirm", "--as", "orch"], &[0, 3]),
        step(&["ack", "--as", "orch"], &[0, 3]),
        step(&["ack", "--as", "a"], &[0, 3]),
        step(&["ack", "--as", "b"], &[0, 3]),
        step(&["approve", "--by", "Ada Human", "--key", approver], &[0, 3]),
        step(&["activate", "--as", "orch"], &[0]),
        step(&["send", "b", "handoff", "chapter 1 is yours", "--as", "a"], &[0]),
    ]
}

/// The human approver's key pair, made once for this test binary.
fn approver_key() -> (PathBuf, PathBuf) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kill_anywhere");
    fs::create_dir_all(&dir).unwrap();
    support::approver_key(&dir, "Ada Human")
}

/// A small deterministic generator (xorshift64*), so the kill moments can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

temp_folder!(
    /// A coordination folder holding the flow's start (`start`): 3 slots and b's old message.
    Folder,
    "coordination"
);

impl Folder {
    fn start() -> Self {
        let folder = Folder::new();
        // b's registration comes from an old writer that cannot sign, so this folder does not
        // require signatures; every session that has a key still signs, and that is checked.
        let ada = format!("Ada Human={}", approver_key().1.display());
        folder.ok(&[
            "init",
            "--sessions",
            "3",
            "--as",
            "orch",
            "--allow-unsigned",
            "--approver",
            &ada,
        ]);
        let inbox = folder.dir.join("messages/direct/orch");
        fs::create_dir_all(&inbox).unwrap();
        fs::write(
            inbox.join("2026-12-01_10-00-00-b.json"),
            LEGACY_REGISTRATION,
        )
        .unwrap();
        folder
    }

    fn command(&self, args: &[String]) -> Command {
        let mut cmd = support::rollcall(&self.dir);
        cmd.args(args)
            .env("ROLLCALL_DIR", &self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        cmd
    }

    fn run_step(&self, args: &[String]) -> Output {
        self.command(args).output().unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut cmd = support::rollcall(&self.dir);
        let out = cmd
            .args(args)
            .env("ROLLCALL_DIR", &self.dir)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", describe(&out)))
    }
}

/// Kills `child` after `micros` and waits for it; true when it was still running (really killed).
fn kill_after(mut child: Child, micros: u64) -> bool {
    std::thread::sleep(Duration::from_micros(micros));
    let running = matches!(child.try_wait(), Ok(None));
    let _ = child.kill();
    let _ = child.wait();
    running
}

/// Every `*.json` under `dir` (temp files aside).
fn message_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            message_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The folder holds one consistent, finished state.
fn assert_consistent(folder: &Folder, context: &str) {
    let status = folder.json(&["status", "--json"]);
    assert_eq!(
        status["registered"], 3,
        "{context}: a claim was lost: {status}"
    );
    assert_eq!(
        status["consensus"]["state"], "active",
        "{context}: {status}"
    );
    let markdown = folder.dir.join("SESSION_IDENTITY_REGISTRY.md");
    let report = folder.json(&["validate", markdown.to_str().unwrap(), "--format", "json"]);
    assert_eq!(
        report["consensus"], status["consensus"],
        "{context}: markdown and journal disagree"
    );
    // A killed writer's temp file may stay in a message folder (nothing reads it); the repair
    // removes it, and then nothing at all may be left to report.
    let _ = folder.json(&["doctor", "--fix", "--json"]);
    let doctor = folder.json(&["doctor", "--json"]);
    let findings = doctor["findings"].as_array().unwrap();
    let bad: Vec<&Value> = findings
        .iter()
        .filter(|f| f["code"] != "doctor-stale-current-session")
        .collect();
    assert!(bad.is_empty(), "{context}: doctor found {bad:?}");
    let mut files = Vec::new();
    message_files(&folder.dir.join("messages"), &mut files);
    let mut activations = 0;
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let message: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{context}: partial message {}: {e}", file.display()));
        activations += usize::from(
            message["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("activation-")),
        );
    }
    assert_eq!(
        activations, 1,
        "{context}: the final broadcast must be stored exactly once"
    );
}

#[test]
fn every_writing_command_killed_at_random_moments_leaves_one_consistent_state() {
    let kills: usize = std::env::var("ROLLCALL_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed: u64 = std::env::var("ROLLCALL_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed | 1);
    let steps = flow();
    let mut interrupted = 0;
    for kill in 0..kills {
        let victim = kill % steps.len();
        let folder = Folder::start();
        let micros = rng.below(6_000);
        let context = format!(
            "kill {kill}: `{}` after {micros} µs",
            steps[victim].args.join(" ")
        );
        for (i, s) in steps.iter().enumerate() {
            if i == victim {
                interrupted +=
                    usize::from(kill_after(folder.command(&s.args).spawn().unwrap(), micros));
                let again = folder.run_step(&s.args);
                let code = again.status.code().unwrap_or(-1);
                assert!(
                    s.rerun_ok.contains(&code),
                    "{context}: re-run gave {code}: {}",
                    describe(&again)
                );
            } else {
                let out = folder.run_step(&s.args);
                assert_eq!(
                    out.status.code(),
                    Some(0),
                    "{context}: step {i} `{}`: {}",
                    s.args.join(" "),
                    describe(&out)
                );
            }
        }
        assert_consistent(&folder, &context);
    }
    eprintln!("{interrupted} of {kills} commands were killed while running");
    assert!(
        interrupted * 2 >= kills,
        "only {interrupted} of {kills} kills interrupted a command"
    );
}
