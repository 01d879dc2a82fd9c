//! Benchmark of reading registry.json in-process (`rollcall_core::registry_from_json`): prints
//! the median and fastest wall time of RUNS reads of one file. Run with `scripts/bench-json.sh`
//! (release build, a generated 10,000-session registry), or directly:
//! `cargo run --release -p rollcall-core --example bench_read_json -- FILE [RUNS]`; a FILE that
//! is markdown is turned into registry.json first.

use rollcall_core::{parse_registry, registry_from_json, registry_to_json};
use std::time::{Duration, Instant};

/// The wall time one call of `f` takes. (Linux's per-thread `schedstat` CPU time is only
/// updated at scheduler ticks, 4 ms here, too coarse for one read; on a busy machine, the
/// fastest run is the steadier figure.)
fn time_of<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    std::hint::black_box(f());
    start.elapsed()
}

/// The registry.json text of the file at `path` (converted when it is markdown).
fn registry_json(path: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    if text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .starts_with('{')
    {
        return text;
    }
    let parsed = parse_registry(&text).unwrap_or_else(|d| panic!("{path}: {}", d.message));
    registry_to_json(&parsed.registry)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: bench_read_json FILE [RUNS]");
    let runs: usize = args
        .next()
        .map_or(21, |n| n.parse().expect("RUNS is a number"));
    let json = registry_json(&path);
    let sessions = registry_from_json(&json)
        .unwrap_or_else(|d| panic!("{path}: {}", d.message))
        .sessions
        .len();
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| time_of(|| registry_from_json(std::hint::black_box(&json)).is_ok()))
        .collect();
    times.sort();
    println!(
        "registry_from_json: {sessions} sessions, {} bytes: median {:.2?}, fastest {:.2?} ({} runs)",
        json.len(),
        times[times.len() / 2],
        times[0],
        times.len()
    );
}
