//! Helpers shared by the integration tests: running the built binary, copying fixtures to
//! scratch folders and reading PDFs with poppler's command-line tools.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `scorecard` with `args` in `dir`, with a fixed environment.
pub(crate) fn scorecard_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scorecard"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the scorecard binary runs")
}

/// Runs `scorecard` in the repository root.
pub(crate) fn scorecard(args: &[&str]) -> Output {
    scorecard_in(&root(), args, &[])
}

/// Standard output as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh, empty scratch folder unique to `name`.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("scorecard-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies a folder tree.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A scratch copy of `tests/fixtures/small`, returned as the data folder path.
pub(crate) fn small_fixture(name: &str) -> PathBuf {
    let dir = scratch(name);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/small"), &data);
    data
}

/// Runs a poppler/qpdf tool, failing the test with an install hint when it is missing.
pub(crate) fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("{program} is needed by this test ({e}); run ./scripts/test, which installs poppler-utils and qpdf")
    });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The text of a PDF (or of one page), in content order.
pub(crate) fn pdf_text(pdf: &Path, page: Option<usize>) -> String {
    let path = pdf.to_str().unwrap();
    match page {
        Some(n) => {
            let n = n.to_string();
            tool("pdftotext", &["-raw", "-f", &n, "-l", &n, path, "-"])
        }
        None => tool("pdftotext", &["-raw", path, "-"]),
    }
}

/// Text with all white space removed, for matching phrases that wrap inside cells.
pub(crate) fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// One field of `pdfinfo`, e.g. "Pages" or "Page size".
pub(crate) fn pdf_info(pdf: &Path, field: &str) -> String {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| {
            l.strip_prefix(&format!("{field}:"))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_else(|| panic!("pdfinfo has no {field}: {info}"))
}

/// Number of pages.
pub(crate) fn page_count(pdf: &Path) -> usize {
    pdf_info(pdf, "Pages").parse().unwrap()
}

/// The alt text of every Figure in the PDF's structure tree, read with `qpdf --json`.
pub(crate) fn figure_alts(pdf: &Path) -> Vec<String> {
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", pdf.to_str().unwrap()],
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).expect("qpdf writes JSON");
    let objects = parsed["qpdf"][1].as_object().expect("qpdf object table");
    let mut alts = Vec::new();
    for object in objects.values() {
        let value = &object["value"];
        if value["/S"] == "/Figure" {
            if let Some(alt) = value["/Alt"].as_str() {
                alts.push(alt.trim_start_matches("u:").to_string());
            }
        }
    }
    alts.sort();
    alts
}

/// Runs tests/validate_pdf.py with the Python that has `page` installed.
pub(crate) fn validate(pdf: &Path, profile: &str) {
    let python = std::env::var("SCORECARD_VALIDATOR_PYTHON").unwrap_or_else(|_| "python3".into());
    let output = Command::new(&python)
        .arg(root().join("tests/validate_pdf.py"))
        .args([pdf.to_str().unwrap(), profile])
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {python} ({e}); run ./scripts/test, which installs page-validation")
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !report.contains("No module named 'page'"),
        "page-validation is not installed for {python}; run ./scripts/test"
    );
    assert!(
        output.status.success(),
        "{} does not conform to {profile}:\n{report}",
        pdf.display()
    );
    assert!(report.contains("compliant=True"), "{report}");
}

/// Says on the terminal, past cargo's capture, that a test did not run and why; in CI
/// (`CI` set) a missing requirement is a failure instead.
pub(crate) fn skip_or_fail(test: &str, reason: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{test}: {reason}; CI must provide it (see scripts/test)");
    }
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {test}: {reason}");
}

/// Runs `scorecard` on the data folder `data` (adding `--data`), in its parent folder.
pub(crate) fn run_on(data: &Path, args: &[&str]) -> Output {
    let mut all = args.to_vec();
    all.extend(["--data", data.to_str().unwrap()]);
    scorecard_in(data.parent().unwrap(), &all, &[])
}

/// Adds `text` to the end of a file.
pub(crate) fn append_to(path: &Path, text: &str) {
    let before = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, before + text).unwrap();
}

/// Adds `lines` (indented `id: value` lines, each ending in a line break) at the top of a
/// month file's `values:` block.
pub(crate) fn add_values(data: &Path, month: &str, lines: &str) {
    let path = data.join(format!("months/{month}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    let values = format!("values:\n{lines}");
    std::fs::write(&path, text.replacen("values:\n", &values, 1)).unwrap();
}

/// Renders the data folder `data` to `out`, failing the test with what was said if the
/// render fails; returns the output for further checks.
pub(crate) fn render_ok(data: &Path, out: &Path) -> Output {
    let output = run_on(data, &["render", "--out", out.to_str().unwrap()]);
    assert!(
        output.status.success(),
        "render failed ({:?}):\n{}",
        output.status.code(),
        stderr(&output)
    );
    output
}
