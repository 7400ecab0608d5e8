//! Long fuzz run over load → figures: `cargo run --release --example fuzz_load -- --minutes 10`.
//! Mutates the shipped sample at random (see tests/fuzz/mutate.rs) and reports how many
//! cases ran, how many the loader accepted or rejected, and every panic, whose input files
//! are saved under target/fuzz-findings/ for reproduction.

#[path = "../tests/fuzz/mutate.rs"]
mod mutate;

use std::time::{Duration, Instant};

use mutate::{read_folder, run_case, Outcome, Rng};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let minutes = value("--minutes", 10);
    let seed = value("--seed", 20200630);
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = read_folder(&root.join("data"));
    let scratch = std::env::temp_dir().join(format!("scorecard-fuzz-{}", std::process::id()));
    let findings = root.join("target/fuzz-findings");
    let mut rng = Rng::new(seed);
    std::panic::set_hook(Box::new(|_| {}));
    let deadline = Instant::now() + Duration::from_secs(minutes * 60);
    let (mut cases, mut accepted, mut rejected, mut panics) = (0u64, 0u64, 0u64, 0u64);
    while Instant::now() < deadline {
        cases += 1;
        let (outcome, files) = run_case(&mut rng, &base, &scratch);
        match outcome {
            Outcome::Accepted => accepted += 1,
            Outcome::Rejected => rejected += 1,
            Outcome::Panicked(message) => {
                panics += 1;
                let dir = findings.join(format!("case-{cases}"));
                std::fs::create_dir_all(dir.join("months")).unwrap();
                for (name, bytes) in &files {
                    std::fs::write(dir.join(name), bytes).unwrap();
                }
                println!(
                    "PANIC in case {cases}: {message} (inputs in {})",
                    dir.display()
                );
            }
        }
        if cases % 5000 == 0 {
            println!("{cases} cases: {accepted} accepted, {rejected} rejected, {panics} panics");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!("done: {minutes} min, seed {seed}: {cases} cases, {accepted} accepted, {rejected} rejected, {panics} panics");
    if panics > 0 {
        std::process::exit(1);
    }
}
