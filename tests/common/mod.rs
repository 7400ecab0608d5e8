//! Helpers shared by the integration tests: running the built binary, copying fixtures to
//! scratch folders and reading PDFs with poppler's command-line tools.

#![allow(dead_code)]

pub(crate) mod smtp;

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
    let parsed = qpdf_json(pdf);
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

/// The rows of a CSV text (such as `scorecard figures` prints), each by column name.
pub(crate) fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a well-formed CSV row");
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
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

/// Edits a fixture file in place: every occurrence of each `from` becomes its `to`. A
/// `from` the file does not contain fails the test, so an edit never silently does nothing.
pub(crate) fn replace_in(path: &Path, edits: &[(&str, &str)]) {
    let mut text = std::fs::read_to_string(path).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{} has no {from:?}", path.display());
        text = text.replace(from, to);
    }
    std::fs::write(path, text).unwrap();
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

/// One word's box on a page, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub(crate) page: usize,
    pub(crate) text: String,
    pub(crate) x: (f64, f64),
    pub(crate) y: (f64, f64),
}

/// Every word of the PDF with its box, read with `pdftotext -bbox`.
pub(crate) fn words(pdf: &Path) -> Vec<Word> {
    let html = tool("pdftotext", &["-bbox", pdf.to_str().unwrap(), "-"]);
    let mut found = Vec::new();
    for (page, body) in html.split("<page ").skip(1).enumerate() {
        for part in body.split("<word ").skip(1) {
            let attr = |name: &str| -> f64 {
                let start = part.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                part[start..].split('"').next().unwrap().parse().unwrap()
            };
            let text = part
                .split('>')
                .nth(1)
                .unwrap_or("")
                .split('<')
                .next()
                .unwrap_or("");
            found.push(Word {
                page: page + 1,
                text: text.replace("&amp;", "&").replace("&#39;", "'"),
                x: (attr("xMin"), attr("xMax")),
                y: (attr("yMin"), attr("yMax")),
            });
        }
    }
    found
}

/// The PDF's whole structure as `qpdf --json` gives it.
fn qpdf_json(pdf: &Path) -> serde_json::Value {
    let json = tool("qpdf", &["--json=2", pdf.to_str().unwrap()]);
    serde_json::from_str(&json).expect("qpdf writes JSON")
}

/// One bookmark: its depth (0 at the top), title and the page it opens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bookmark {
    pub(crate) depth: usize,
    pub(crate) title: String,
    pub(crate) page: usize,
}

/// The PDF's bookmarks (outline), in order.
pub(crate) fn outline(pdf: &Path) -> Vec<Bookmark> {
    fn walk(items: &serde_json::Value, depth: usize, out: &mut Vec<Bookmark>) {
        for item in items.as_array().into_iter().flatten() {
            out.push(Bookmark {
                depth,
                title: item["title"].as_str().unwrap_or_default().to_string(),
                page: item["destpageposfrom1"].as_u64().unwrap_or(0) as usize,
            });
            walk(&item["kids"], depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(&qpdf_json(pdf)["outlines"], 0, &mut out);
    out
}

/// A link on a page: the words it covers and the page it leads to.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    pub(crate) text: String,
    pub(crate) target: usize,
}

/// Every internal link on `page`, with the words under it.
pub(crate) fn links(pdf: &Path, page: usize) -> Vec<Link> {
    let json = qpdf_json(pdf);
    let objects = &json["qpdf"][1];
    let resolve = |v: &serde_json::Value| -> serde_json::Value {
        match v.as_str() {
            Some(r) if r.ends_with(" R") => objects[format!("obj:{r}")]["value"].clone(),
            _ => v.clone(),
        }
    };
    let pages: Vec<String> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["object"].as_str().unwrap().to_string())
        .collect();
    let this = resolve(&serde_json::Value::String(pages[page - 1].clone()));
    let height = this["/MediaBox"][3].as_f64().unwrap();
    let words: Vec<Word> = words(pdf).into_iter().filter(|w| w.page == page).collect();
    let mut out = Vec::new();
    for annot in resolve(&this["/Annots"]).as_array().into_iter().flatten() {
        let annot = resolve(annot);
        if annot["/Subtype"] != "/Link" {
            continue;
        }
        let dest = if annot["/Dest"].is_null() {
            resolve(&annot["/A"])["/D"].clone()
        } else {
            annot["/Dest"].clone()
        };
        let dest = resolve(&dest);
        let Some(target) = dest[0]
            .as_str()
            .and_then(|p| pages.iter().position(|q| q == p))
        else {
            continue;
        };
        let rect: Vec<f64> = annot["/Rect"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let (left, right) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
        let (top, bottom) = (height - rect[1].max(rect[3]), height - rect[1].min(rect[3]));
        let text: Vec<&str> = words
            .iter()
            .filter(|w| {
                let (cx, cy) = ((w.x.0 + w.x.1) / 2.0, (w.y.0 + w.y.1) / 2.0);
                cx >= left && cx <= right && cy >= top && cy <= bottom
            })
            .map(|w| w.text.as_str())
            .collect();
        out.push(Link {
            text: text.join(" "),
            target: target + 1,
        });
    }
    out
}

/// A data folder in `dir` with `sections` sections of `rows` counts each, referenced
/// `R<section>-<row>` (`R08-00`), for one month; every `missing_every`-th row has no value.
pub(crate) fn long_scorecard(
    dir: &Path,
    sections: usize,
    rows: usize,
    missing_every: Option<usize>,
) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(data.join("months")).unwrap();
    std::fs::write(
        data.join("report.yaml"),
        "organisation: Partshire\ntitle: Long Scorecard\nlanguage: en-GB\nsteady_band_pct: 5\n",
    )
    .unwrap();
    let mut indicators = String::from("sections:\n");
    let mut values = String::from("values:\n");
    for s in 0..sections {
        indicators.push_str(&format!(
            "  - id: s{s}\n    title: Service {s}\n    indicators:\n"
        ));
        for i in 0..rows {
            indicators.push_str(&format!(
                "      - id: m{s}-{i}\n        ref: R{s:02}-{i:02}\n        title: Measure {i} of service {s}\n        unit: count\n        polarity: up\n"
            ));
            if missing_every.is_none_or(|n| i % n != 0) {
                values.push_str(&format!("  m{s}-{i}: {}\n", 100 + s * 20 + i));
            }
        }
    }
    std::fs::write(data.join("indicators.yaml"), indicators).unwrap();
    std::fs::write(
        data.join("months/2020-06.yaml"),
        format!("month: 2020-06\n{values}"),
    )
    .unwrap();
    data
}

/// Every file under `dir` (names relative to it) with its bytes, sorted by name; a
/// symbolic link is recorded as its target, so replacing a link by a file shows.
pub(crate) fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                files.push((name, format!("-> {}", target.display()).into_bytes()));
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                files.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    files.sort();
    files
}

/// Standard output of a run that must succeed (exit 0), failing with both streams.
pub(crate) fn assert_ok(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// Standard error of a run that must fail with `code` and say each of `needles`.
pub(crate) fn assert_fails(output: &Output, code: i32, needles: &[&str]) -> String {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(code), "stderr:\n{err}");
    for needle in needles {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    err
}

/// How many times [`negative_amounts_in_commentary`]'s commentary quotes `−£0.9m`.
pub(crate) const NEGATIVE_AMOUNT_QUOTES: usize = 40;

/// The small fixture with a revenue budget variance in £m of −0.9 in June and commentary
/// quoting `−£0.9m` after words of every length from one letter to
/// [`NEGATIVE_AMOUNT_QUOTES`], so that in a narrow column some line ends just after a
/// minus unless the edition keeps the figure whole.
pub(crate) fn negative_amounts_in_commentary(name: &str) -> PathBuf {
    let data = small_fixture(name);
    append_to(
        &data.join("indicators.yaml"),
        "  - id: finance\n    title: Finance\n    indicators:\n\
         \x20     - id: budget-variance\n        ref: FIN-001\n        title: Revenue budget variance\n\
         \x20       unit: money\n        scale: millions\n        decimals: 1\n        polarity: up\n",
    );
    for (month, variance) in [("2020-04", "0.3"), ("2020-05", "-0.4"), ("2020-06", "-0.9")] {
        add_values(&data, month, &format!("  budget-variance: {variance}\n"));
    }
    let quotes: Vec<String> = (1..=NEGATIVE_AMOUNT_QUOTES)
        .map(|n| format!("{} \u{2212}\u{a3}0.9m", "x".repeat(n)))
        .collect();
    append_to(
        &data.join("months/2020-06.yaml"),
        &format!("  budget-variance: {}\n", quotes.join(" ")),
    );
    data
}

/// Converts `file` to `format` with LibreOffice into the folder `out` (as a user saves a
/// file in another format); `None`, after saying so, when soffice cannot run. A file it
/// runs on but cannot convert fails the test.
pub(crate) fn convert_with_libreoffice(
    test: &str,
    file: &Path,
    out: &Path,
    format: &str,
) -> Option<PathBuf> {
    std::fs::create_dir_all(out).unwrap();
    // A profile of its own, so parallel tests never share LibreOffice's lock.
    let profile = out.join("lo-profile");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .output();
    let stem = file.file_stem().unwrap().to_string_lossy();
    let converted = out.join(format!("{stem}.{format}"));
    match output {
        Ok(_) if converted.is_file() => Some(converted),
        Ok(o) => panic!(
            "soffice did not convert {}: {}",
            file.display(),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => {
            skip_or_fail(
                test,
                &format!("soffice cannot run ({e}); install libreoffice-calc-nogui"),
            );
            None
        }
    }
}
