//! The native side of `scripts/bench-wasm.sh`: median in-process time of `rollcall_core::validate`
//! on each file given, for comparison with the wasm build in Node.
//! Usage: `cargo run --release -p rollcall-wasm --example native_validate -- FILE RUNS...`

use std::time::Instant;

/// Median wall time in milliseconds of `runs` validations (after a few warm-up runs).
fn median_ms(text: &str, runs: usize) -> Result<f64, String> {
    let options = rollcall_core::ValidateOptions::default();
    for _ in 0..runs.min(20) {
        rollcall_core::validate(text, &options).map_err(|d| d.message)?;
    }
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let report = rollcall_core::validate(text, &options).map_err(|d| d.message)?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(report);
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let [file, runs] = pair else {
            return Err("usage: native_validate FILE RUNS [FILE RUNS]...".into());
        };
        let runs: usize = runs.parse().map_err(|e| format!("RUNS: {e}"))?;
        let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
        let ms = median_ms(&text, runs.max(1))?;
        let name = std::path::Path::new(file)
            .file_name()
            .map_or(file.as_str(), |n| n.to_str().unwrap_or(file));
        println!("native (in-process) validate {name}: median {ms:.3} ms over {runs} runs");
    }
    Ok(())
}
