//! A small, dependency-free mutation fuzzer over the load → figures pipeline, shared by
//! the smoke test (`tests/fuzz_smoke.rs`) and the long run (`examples/fuzz_load.rs`).
//!
//! Each case starts from a data folder (the shipped sample), applies a few random
//! mutations to its YAML files (byte flips, deleted or duplicated lines, YAML-significant
//! tokens, extreme numbers, truncation), writes the result to a scratch folder and runs
//! `load` and then, when the data is accepted, `figures`, the CSV export and the template
//! payload (which draws every sparkline) for several months. Any panic is a finding.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use scorecard::model::{Audience, Pack, Suppression};
use scorecard::template_data::{virtual_files, Document, Paper};
use scorecard::{export, figures, load};

/// xorshift64*: deterministic, good enough to pick mutations.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub(crate) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&str] = &[
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "null",
    "n/a",
    "~",
    "-1",
    "0",
    "1e309",
    "-1e308",
    ".nan",
    ".inf",
    "NaN",
    "!!binary ",
    "!!str ",
    "'",
    "\"",
    "#",
    "\t",
    "<<: *a",
    "? ",
    "|",
    ">-",
    "0x1F",
    "1_000",
    "2020-13",
    "2020-00",
    "é",
    "\u{2028}",
    "\u{feff}",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "formula:\n  numerator: contacts\n  denominator: contacts\n",
    "unit: rate\n",
    "polarity: sideways\n",
    "month: 2019-02\n",
    "values:\n  contacts: 5\n",
    "id: contacts\n",
];

/// One input file: its path relative to the data folder and its bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// Reads every file of a data folder.
pub(crate) fn read_folder(root: &Path) -> Files {
    let mut files = Vec::new();
    for name in ["report.yaml", "indicators.yaml"] {
        files.push((
            name.to_string(),
            std::fs::read(root.join(name)).expect("sample file"),
        ));
    }
    let mut months: Vec<_> = std::fs::read_dir(root.join("months"))
        .expect("months")
        .map(|e| e.unwrap().path())
        .collect();
    months.sort();
    for path in months {
        let name = format!("months/{}", path.file_name().unwrap().to_string_lossy());
        files.push((name, std::fs::read(&path).unwrap()));
    }
    files
}

/// The byte range of a random line, including its line break.
fn random_line(rng: &mut Rng, bytes: &[u8]) -> std::ops::Range<usize> {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, c)| **c == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    let start = starts[rng.below(starts.len())];
    let end = bytes[start..]
        .iter()
        .position(|c| *c == b'\n')
        .map_or(bytes.len(), |p| start + p + 1);
    start..end
}

fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let lines = |b: &Vec<u8>| -> Vec<usize> {
        std::iter::once(0)
            .chain(
                b.iter()
                    .enumerate()
                    .filter(|(_, c)| **c == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect()
    };
    match rng.below(9) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            bytes[i] ^= 1 << rng.below(8);
        }
        1 => {
            let line = random_line(rng, bytes);
            bytes.drain(line);
        }
        2 => {
            let line = bytes[random_line(rng, bytes)].to_vec();
            let starts = lines(bytes);
            let at = starts[rng.below(starts.len())];
            bytes.splice(at..at, line);
        }
        3 | 4 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, token.iter().copied());
        }
        5 => {
            // Replace a run of digits with an extreme or awkward number.
            let digits: Vec<usize> = bytes
                .iter()
                .enumerate()
                .filter(|(_, c)| c.is_ascii_digit())
                .map(|(i, _)| i)
                .collect();
            if !digits.is_empty() {
                let start = digits[rng.below(digits.len())];
                let end = bytes[start..]
                    .iter()
                    .position(|c| !c.is_ascii_digit())
                    .map_or(bytes.len(), |p| start + p);
                let replacement = [
                    "0",
                    "-0",
                    "1e300",
                    "-5",
                    "0.0000001",
                    "99999999999999999999",
                    "101",
                    "3.5",
                ][rng.below(8)];
                bytes.splice(start..end, replacement.bytes());
            }
        }
        6 => {
            let keep = rng.below(bytes.len() + 1);
            bytes.truncate(keep);
        }
        7 => {
            // Change indentation of a line, which reshapes the YAML tree.
            let starts = lines(bytes);
            let a = starts[rng.below(starts.len())];
            if rng.below(2) == 0 {
                bytes.splice(a..a, *b"  ");
            } else if bytes.get(a..a + 2) == Some(b"  ") {
                bytes.drain(a..a + 2);
            }
        }
        _ => {
            let starts = lines(bytes);
            if starts.len() > 2 {
                let (i, j) = (rng.below(starts.len() - 1), rng.below(starts.len() - 1));
                let text = String::from_utf8_lossy(bytes).into_owned();
                let mut all: Vec<&str> = text.split_inclusive('\n').collect();
                if i < all.len() && j < all.len() {
                    all.swap(i, j);
                }
                *bytes = all.concat().into_bytes();
            }
        }
    }
}

/// Outcome of one case.
pub(crate) enum Outcome {
    /// The data was rejected with problems (the normal result of a mutation).
    Rejected,
    /// The data loaded and every derived figure was computed.
    Accepted,
    /// Something panicked; the message.
    Panicked(String),
}

/// Mutates `base` and runs the pipeline on it in `scratch`.
pub(crate) fn run_case(rng: &mut Rng, base: &Files, scratch: &Path) -> (Outcome, Files) {
    let mut files = base.clone();
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(files.len());
        mutate_bytes(rng, &mut files[i].1);
    }
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch.join("months")).unwrap();
    for (name, bytes) in &files {
        std::fs::write(scratch.join(name), bytes).unwrap();
    }
    let scratch: PathBuf = scratch.to_path_buf();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let loaded = load::load(&scratch);
        let Some(dataset) = loaded.dataset else {
            return false;
        };
        let months: Vec<_> = dataset.months.keys().copied().collect();
        // The public version too: every count below 5 withheld, the rest rounded to 5.
        let rule = Suppression {
            below: 5,
            symbol: "c".into(),
            round_to: Some(5),
        };
        let public = Pack {
            id: "public".into(),
            title: None,
            sections: None,
            audience: Audience::Public,
            paper: None,
            standards: None,
            detail: None,
        };
        let mut dataset = dataset;
        dataset.report.suppression = Some(rule.clone());
        for (suppression, pack) in [(None, None), (Some(&rule), Some(&public))] {
            let derivation = figures::Derivation::new(&dataset, suppression);
            for month in months.iter().rev().take(3) {
                let figures = derivation.month(*month);
                let _ = export::to_csv(&figures);
                let _ = export::to_json(&figures);
                let document = Document {
                    month: *month,
                    paper: Paper::A4,
                    pack,
                    detail: scorecard::model::Detail::All,
                };
                // Accepted data always lays out: a drawing that fails is a finding.
                view::build(&dataset, &document, &figures)
                    .and_then(|view| virtual_files(&view, &[]))
                    .expect("accepted data lays out");
            }
        }
        true
    }));
    let outcome = match result {
        Ok(true) => Outcome::Accepted,
        Ok(false) => Outcome::Rejected,
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic".into()),
        ),
    };
    (outcome, files)
}
