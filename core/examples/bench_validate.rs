//! Benchmark of `rollcall_core::validate` (parse + every rule + consensus) on synthetic registries
//! of 12, 1,000, 10,000 and 100,000 sessions; prints the CPU time per run and the growth ratios.
//! Run with `scripts/bench-validate.sh` (release build).

use rollcall_core::{validate, ValidateOptions};
use std::fmt::Write;
use std::time::{Duration, Instant};

/// A registry of `n` sessions shaped like the seed: teams of three sharing a role prefix and
/// splitting numbered work ranges, one orchestrator, a checklist and a status line.
fn registry(n: u32) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "# Session Identity Registry - Universal Consensus\n");
    let _ = writeln!(
        text,
        "**Purpose**: Each session must claim a unique number, role, and goal."
    );
    let _ = writeln!(
        text,
        "**Required**: All {n} sessions must register before activation\n\n---\n"
    );
    let _ = writeln!(text, "## 🎯 Current Session Registry\n");
    for i in 1..=n {
        let team = (i - 1) / 3;
        let batch = (i - 1) % 3;
        let (first, last) = (batch * 20 + 1, batch * 20 + 20);
        let role = if i == 1 {
            "Master Coordinator - Orchestrate all workflows".to_string()
        } else {
            format!("Team {team} AI - Work items (Batch {})", batch + 1)
        };
        let _ = writeln!(text, "### Session #{i}: Member {i}");
        let _ = writeln!(text, "- **NUMBER**: {i}");
        let _ = writeln!(text, "- **ROLE**: {role}");
        let _ = writeln!(
            text,
            "- **GOAL**: Send 20 personalized emails daily, 95%+ delivery rate"
        );
        let _ = writeln!(
            text,
            "- **SESSION_ID**: team-{team}-member-{i} (session-{})",
            1_763_243_065 + i
        );
        let _ = writeln!(text, "- **RESPONSIBILITIES**:");
        let _ = writeln!(text, "  - Personalize emails for prospects {first}-{last}");
        let _ = writeln!(text, "  - Send morning batch 10-11 AM");
        let _ = writeln!(text, "  - Report to Orchestrator");
        let _ = writeln!(text, "- **STATUS**: ✅ REGISTERED");
        let _ = writeln!(
            text,
            "- **TIMESTAMP**: 2025-11-15T21:{:02}:00Z\n\n---\n",
            i % 60
        );
    }
    let _ = writeln!(text, "## ✅ Consensus Validation\n");
    for item in [
        format!("All {n} sessions registered with unique numbers"),
        "No duplicate numbers claimed".into(),
        "All roles clearly defined and accepted".into(),
        "All goals measurable and committed to".into(),
        "Orchestrator confirms no conflicts".into(),
        "Human approves final registry".into(),
    ] {
        let _ = writeln!(text, "- [ ] {item}");
    }
    let _ = writeln!(text, "\n**Current Status**: {n}/{n} sessions registered");
    text
}

/// On-CPU time of this thread (Linux `schedstat`), so a busy machine does not inflate the
/// numbers; falls back to wall time elsewhere.
fn cpu_time(wall: Instant) -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or_else(|| wall.elapsed(), Duration::from_nanos)
}

/// Mean CPU time of one `f(text)` over enough runs to fill about a second (at least 3).
fn measure<T>(text: &str, f: impl Fn(&str) -> T) -> (Duration, u32) {
    let wall = Instant::now();
    let start = cpu_time(wall);
    let mut runs = 0;
    while runs < 3 || (wall.elapsed() < Duration::from_secs(1) && runs < 100_000) {
        std::hint::black_box(f(std::hint::black_box(text)));
        runs += 1;
    }
    ((cpu_time(wall) - start) / runs, runs)
}

fn main() {
    let sizes = [12u32, 1_000, 10_000, 100_000];
    let mut previous: Option<(u32, Duration)> = None;
    println!(
        "{:>8}  {:>10}  {:>12}  {:>12}  {:>12}  {:>7}  growth (time ratio / size ratio)",
        "sessions", "bytes", "validate", "per session", "parse only", "runs"
    );
    for n in sizes {
        let text = registry(n);
        let check = validate(&text, &ValidateOptions::default()).map(|r| r.diagnostics.len());
        assert_eq!(
            check.ok(),
            Some(0),
            "synthetic registry of {n} must be clean"
        );
        let options = ValidateOptions::default();
        let (time, runs) = measure(&text, |t| validate(t, &options).ok());
        let (parse, _) = measure(&text, rollcall_core::parse_registry);
        let per_session = time / n;
        let growth = previous.map_or(String::new(), |(m, t)| {
            let time_ratio = time.as_secs_f64() / t.as_secs_f64();
            let size_ratio = f64::from(n) / f64::from(m);
            format!(
                "{time_ratio:.1}x / {size_ratio:.1}x = {:.2}",
                time_ratio / size_ratio
            )
        });
        println!(
            "{n:>8}  {:>10}  {:>12}  {:>12}  {:>12}  {runs:>7}  {growth}",
            text.len(),
            format!("{time:.2?}"),
            format!("{per_session:.2?}"),
            format!("{parse:.2?}")
        );
        previous = Some((n, time));
    }
}
