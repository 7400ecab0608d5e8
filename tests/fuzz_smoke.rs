//! A short, deterministic run of the mutation fuzzer (the long run is
//! `cargo run --release --example fuzz_load -- --minutes 10`): no input may panic.

#[path = "fuzz/mutate.rs"]
mod mutate;

use mutate::{read_folder, run_case, Outcome, Rng};

#[test]
fn mutated_sample_data_never_panics() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = read_folder(&root.join("data"));
    let scratch = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scorecard-fuzz-smoke-{}", std::process::id()));
    let mut rng = Rng::new(0x5c0_2ecad);
    let (mut accepted, mut rejected) = (0, 0);
    std::panic::set_hook(Box::new(|_| {}));
    for case in 0..400 {
        match run_case(&mut rng, &base, &scratch).0 {
            Outcome::Accepted => accepted += 1,
            Outcome::Rejected => rejected += 1,
            Outcome::Panicked(message) => panic!("case {case} panicked: {message}"),
        }
    }
    let _ = std::panic::take_hook();
    let _ = std::fs::remove_dir_all(&scratch);
    // Both paths must be exercised, or the fuzzer is not testing anything.
    assert!(
        accepted > 20 && rejected > 20,
        "accepted {accepted}, rejected {rejected}"
    );
}
