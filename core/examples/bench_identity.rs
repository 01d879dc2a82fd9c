//! Benchmark of `rollcall_core::identity`: signing one message (median of many), verifying 10,000
//! message signatures, and replaying a signed 10,000-entry journal with and without verification.
//! Run with `cargo run --release -p rollcall-core --example bench_identity [JOURNAL]`; with
//! JOURNAL, the signed journal is also written there (for the CLI benchmark's `verify`).

use rollcall_core::identity::ssh_key::PrivateKey;
use rollcall_core::identity::{
    ed25519_from_seed, replay_verified, sign, sign_entry, verify_message, Keyring,
    MESSAGE_NAMESPACE,
};
use rollcall_core::protocol::state::{blank_registry, replay};
use rollcall_core::protocol::{Claim, Entry, Event, State};
use std::time::{Duration, Instant};

const MESSAGES: usize = 10_000;
const ENTRIES: usize = 10_000;
const SESSIONS: u32 = 12;

fn key(i: u32) -> PrivateKey {
    let mut seed = [0u8; 32];
    seed[..4].copy_from_slice(&i.to_be_bytes());
    ed25519_from_seed(&seed, &format!("s{i}"))
}

fn message(i: usize) -> String {
    format!(
        "{{\n  \"from\": \"s1\",\n  \"to\": \"s2\",\n  \"timestamp\": \"2026-11-25T08:00:00Z\",\n  \"subject\": \"Batch {i}\",\n  \"message\": \"Sending prospects {i}-{} at 10 AM\",\n  \"id\": \"01JDQ{i:021}\"\n}}\n",
        i + 20
    )
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn bench_sign(key: &PrivateKey) {
    let body = message(1);
    let samples = (0..2_000)
        .map(|_| {
            let start = Instant::now();
            let sig = sign(key, MESSAGE_NAMESPACE, body.as_bytes()).unwrap_or_default();
            let took = start.elapsed();
            assert!(!sig.is_empty());
            took
        })
        .collect();
    println!(
        "sign one message (ed25519, {} bytes): median {:.1} µs",
        body.len(),
        median(samples).as_secs_f64() * 1e6
    );
}

fn bench_verify_messages(key: &PrivateKey, keyring: &Keyring) {
    let signed: Vec<(String, String)> = (0..MESSAGES)
        .map(|i| {
            let body = message(i);
            let sig = sign(key, MESSAGE_NAMESPACE, body.as_bytes()).unwrap_or_default();
            (body, sig)
        })
        .collect();
    let start = Instant::now();
    let good = signed
        .iter()
        .filter(|(body, sig)| verify_message(body.as_bytes(), Some(sig), "s1", keyring).is_good())
        .count();
    let took = start.elapsed();
    assert_eq!(good, MESSAGES);
    println!(
        "verify {MESSAGES} message signatures: {:.1} ms ({:.1} µs each)",
        took.as_secs_f64() * 1e3,
        took.as_secs_f64() * 1e6 / MESSAGES as f64
    );
}

/// A signed journal: init, 12 claims, then releases and re-claims by the sessions themselves up
/// to `ENTRIES` entries.
fn journal(keys: &[PrivateKey]) -> String {
    let mut text = String::new();
    let mut state = State::default();
    let mut push = |actor: u32, event: Event, text: &mut String| {
        let entry = Entry::new("2026-11-25T08:00:00Z", format!("s{actor}"), event);
        let entry = sign_entry(entry, &keys[actor as usize - 1]).unwrap_or_else(|e| panic!("{e}"));
        state.apply(&entry).unwrap_or_else(|e| panic!("{e}"));
        text.push_str(&entry.to_line());
    };
    let init = Event::Init {
        registry: blank_registry("Bench", SESSIONS).unwrap_or_default(),
        required: SESSIONS,
        coordinator: 1,
    };
    push(1, init, &mut text);
    let claim = |n: u32| {
        Event::Register(Claim {
            number: n,
            session: format!("s{n}"),
            session_id: format!("s{n} (session-{n})"),
            role: format!("Team AI {n} - Work items"),
            goal: "Send 20 personalized emails daily, 95%+ delivery rate".into(),
            responsibilities: vec![],
            message: None,
            key: Some(
                keys[n as usize - 1]
                    .public_key()
                    .to_openssh()
                    .unwrap_or_default(),
            ),
        })
    };
    for n in 1..=SESSIONS {
        push(n, claim(n), &mut text);
    }
    let mut count = 1 + SESSIONS as usize;
    let mut n = 2;
    while count < ENTRIES {
        push(n, Event::Release { number: n }, &mut text);
        push(n, claim(n), &mut text);
        count += 2;
        n = if n == SESSIONS { 2 } else { n + 1 };
    }
    text
}

fn bench_journal(keys: &[PrivateKey]) {
    let text = journal(keys);
    if let Some(path) = std::env::args().nth(1) {
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
    }
    let lines = text.lines().count();
    let start = Instant::now();
    let verified = replay_verified(&text);
    let took = start.elapsed();
    assert!(
        verified.all_applied(),
        "{:?}",
        verified.replayed.diagnostics.first()
    );
    let start = Instant::now();
    let plain = replay(&text);
    let plain_took = start.elapsed();
    assert_eq!(plain.state, verified.replayed.state);
    println!(
        "replay a signed {lines}-entry journal ({} KB): verified {:.1} ms, unverified {:.1} ms",
        text.len() / 1024,
        took.as_secs_f64() * 1e3,
        plain_took.as_secs_f64() * 1e3
    );
}

fn main() {
    let keys: Vec<PrivateKey> = (1..=SESSIONS).map(key).collect();
    let mut state = State::default();
    state.keys.sessions.insert(
        "s1".into(),
        keys[0].public_key().to_openssh().unwrap_or_default(),
    );
    let keyring = Keyring::from_state(&state);
    bench_sign(&keys[0]);
    bench_verify_messages(&keys[0], &keyring);
    bench_journal(&keys);
}
