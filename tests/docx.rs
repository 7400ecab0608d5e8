//! The Word edition, checked by other programs: python-docx reads the package (heading
//! styles, header rows, rows that do not split, alt text, language, core properties),
//! LibreOffice Writer prints it to PDF and poppler reads that back (titles, references,
//! figures, commentary, page furniture), a public pack's document withholds what its PDF
//! withholds, and the same data gives the same bytes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// What tests/read_docx.py says of a document, or `None` (with a skip) without python-docx.
fn read_docx(test: &str, docx: &Path) -> Option<serde_json::Value> {
    let python = std::env::var("SCORECARD_VALIDATOR_PYTHON").unwrap_or_else(|_| {
        root()
            .join("target/validator-venv/bin/python")
            .to_string_lossy()
            .into_owned()
    });
    let has_docx = Command::new(&python)
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_docx {
        skip_or_fail(test, &format!("python-docx is not installed for {python}"));
        return None;
    }
    let output = Command::new(&python)
        .arg(root().join("tests/read_docx.py"))
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "python-docx cannot read {}: {}",
        docx.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

/// The document printed to PDF by LibreOffice Writer, or `None` (with a skip) without it.
fn print_with_libreoffice(test: &str, docx: &Path) -> Option<PathBuf> {
    let out = docx.parent().unwrap().join("printed");
    std::fs::create_dir_all(&out).unwrap();
    // A profile of its own, so parallel tests never share LibreOffice's lock.
    let profile = format!("file://{}", out.join("profile").display());
    let result = Command::new("soffice")
        .args([
            &format!("-env:UserInstallation={profile}"),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            out.to_str().unwrap(),
            docx.to_str().unwrap(),
        ])
        .output();
    let pdf = out.join(docx.with_extension("pdf").file_name().unwrap());
    match result {
        Ok(o) if o.status.success() && pdf.exists() => Some(pdf),
        Ok(o) => {
            skip_or_fail(
                test,
                &format!(
                    "LibreOffice Writer could not print the document (libreoffice-writer-nogui): {}{}",
                    String::from_utf8_lossy(&o.stdout),
                    String::from_utf8_lossy(&o.stderr)
                ),
            );
            None
        }
        Err(e) => {
            skip_or_fail(test, &format!("soffice cannot run ({e})"));
            None
        }
    }
}

/// Renders `args` (plus `--format docx --out OUT`) on `data`, with a fixed clock.
fn render_docx(data: &Path, out: &Path, args: &[&str], epoch: &str) -> Output {
    let mut all = vec!["render", "--format", "docx", "--out", out.to_str().unwrap()];
    all.extend(args);
    all.extend(["--data", data.to_str().unwrap()]);
    let output = scorecard_in(
        data.parent().unwrap(),
        &all,
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

use std::process::Output;

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn the_word_document_has_headings_header_rows_alt_text_and_properties() {
    let test = "the_word_document_has_headings_header_rows_alt_text_and_properties";
    let data = small_fixture("docx-structure");
    let out = data.parent().unwrap().join("scorecard.docx");
    let said = stdout(&render_docx(
        &data,
        &out,
        &["--detail", "all"],
        "1593561600",
    ));
    assert!(said.contains("scorecard.docx (Word document"), "{said}");
    let Some(doc) = read_docx(test, &out) else {
        return;
    };
    let paragraphs: Vec<(String, String)> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p[0].as_str().unwrap().into(), p[1].as_str().unwrap().into()))
        .collect();
    let styled = |style: &str| -> Vec<String> {
        paragraphs
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.clone())
            .collect()
    };
    assert_eq!(styled("Title"), vec!["Test Services Scorecard"]);
    let h1 = styled("Heading 1");
    assert_eq!(h1.first().map(String::as_str), Some("Summary"), "{h1:?}");
    assert!(h1.iter().any(|h| h == "Front door"), "{h1:?}");
    assert!(
        h1.last().is_some_and(|h| h.starts_with("Detail pages")),
        "{h1:?}"
    );
    let h2 = styled("Heading 2");
    assert!(
        h2.iter().any(|h| h == "1 Number of contacts received"),
        "a detail heading: {h2:?}"
    );

    // Every table's first row is a header row that repeats; no row splits.
    let tables = doc["tables"].as_array().unwrap();
    let section = tables
        .iter()
        .find(|t| t[0]["cells"][0] == "Ref" && t[0]["cells"][1] == "Indicator")
        .expect("a section table");
    assert_eq!(section[0]["header"], true);
    assert!(section
        .as_array()
        .unwrap()
        .iter()
        .skip(1)
        .all(|r| r["header"] == false));
    for table in tables {
        assert!(table
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["cant_split"] == true));
    }
    let heads = strings(&section[0]["cells"]);
    assert!(heads.iter().any(|h| h == "Jun\n20"), "{heads:?}");
    assert!(
        heads.iter().any(|h| h.starts_with("Commentary")),
        "{heads:?}"
    );

    // Pictures carry the view's alt text.
    let alts = strings(&doc["alts"]);
    assert!(!alts.is_empty());
    assert!(alts.iter().all(|a| !a.is_empty()), "{alts:?}");
    assert!(
        alts.iter()
            .any(|a| a.starts_with("Trend of Number of contacts received")),
        "{alts:?}"
    );
    assert!(alts.iter().any(|a| a.contains("SPC chart")), "{alts:?}");

    assert_eq!(doc["language"], "en-GB");
    assert_eq!(doc["core"]["author"], "Testshire County Council");
    assert_eq!(
        doc["core"]["title"],
        "Test Services Scorecard \u{2014} June 2020"
    );
    assert!(doc["core"]["keywords"]
        .as_str()
        .unwrap()
        .contains("scorecard"));
    assert_eq!(doc["core"]["language"], "en-GB");
    assert_eq!(doc["core"]["created"], "2020-07-01T00:00:00+00:00");
    assert_eq!(doc["landscape"], true);
    assert_eq!(doc["page_mm"], serde_json::json!([297, 210]));
    assert!(
        doc["footer"].as_str().unwrap().contains("Page 1 of 1"),
        "{}",
        doc["footer"]
    );
}

#[test]
fn libreoffice_prints_the_word_document_with_its_figures_and_commentary() {
    let test = "libreoffice_prints_the_word_document_with_its_figures_and_commentary";
    let data = small_fixture("docx-print");
    let out = data.parent().unwrap().join("scorecard.docx");
    render_docx(&data, &out, &["--detail", "all"], "1593561600");
    let Some(pdf) = print_with_libreoffice(test, &out) else {
        return;
    };
    let text = pdf_text(&pdf, None);
    let flat = squeeze(&text);
    for needle in [
        "Test Services Scorecard",
        "Summary",
        "Detail pages",
        "Number of contacts received",
        "OFFICIAL-SENSITIVE",
        "1,403",
    ] {
        assert!(
            flat.contains(&squeeze(needle)),
            "{needle:?} missing from:\n{text}"
        );
    }
    let pages = page_count(&pdf);
    assert!(flat.contains(&format!("Page1of{pages}")), "{text}");
    // Commentary as typed, even where it looks like markup.
    assert!(flat.contains("Referralsroseby27%inJune"), "{text}");
    assert!(
        flat.contains("#read(\"/etc/passwd\")$x^2$*bold*<label>"),
        "{text}"
    );
}

#[test]
fn a_public_packs_word_document_withholds_small_numbers_everywhere() {
    let test = "a_public_packs_word_document_withholds_small_numbers_everywhere";
    let data = small_fixture("docx-public");
    append_to(
        &data.join("indicators.yaml"),
        "  - id: safeguarding\n    title: Safeguarding\n    indicators:\n\
         \x20     - id: missing-episodes\n        ref: \"6\"\n        title: Missing from home episodes\n\
         \x20       unit: count\n        polarity: down\n",
    );
    append_to(
        &data.join("report.yaml"),
        "suppression:\n  below: 5\npacks:\n  - id: board\n\
         \x20 - id: public\n    title: Public Scorecard\n    audience: public\n",
    );
    let months = std::fs::read_dir(data.join("months")).unwrap();
    let mut names: Vec<String> = months
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .replace(".yaml", "")
        })
        .collect();
    names.sort();
    let episodes = [9, 12, 3, 15, 0, 22, 6, 14, 2, 18, 11, 25, 4, 16];
    for (month, n) in names.iter().zip(episodes) {
        add_values(&data, month, &format!("  missing-episodes: {n}\n"));
    }
    add_to_commentary(
        &data,
        "missing-episodes: \"Four children went missing in June.\"",
    );
    let out = data.parent().unwrap().join("public.docx");
    render_docx(
        &data,
        &out,
        &["--pack", "public", "--detail", "all"],
        "1593561600",
    );
    let Some(doc) = read_docx(test, &out) else {
        return;
    };
    let row = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t.as_array().unwrap())
        .find(|r| r["cells"][1] == "Missing from home episodes")
        .expect("the episodes row");
    let cells = strings(&row["cells"]);
    // Jan-20 to Jun-20 are 2, 18, 11, 25, 4, 16: 2 and 4 are withheld.
    assert_eq!(cells[3..9], ["c", "18", "11", "25", "c", "16"], "{cells:?}");
    let everything = package_text(&out);
    assert!(
        !everything.contains("Four children"),
        "commentary on withheld figures"
    );
    let alts = strings(&doc["alts"]).join("\n");
    assert!(!alts.contains("Missing from home episodes"), "{alts}");
    // The board pack shows them.
    let board = data.parent().unwrap().join("board.docx");
    render_docx(&data, &board, &["--pack", "board"], "1593561600");
    assert!(package_text(&board).contains("Four children"));
}

/// Adds a line under `commentary:` in the June 2020 file.
fn add_to_commentary(data: &Path, line: &str) {
    let path = data.join("months/2020-06.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let with = text.replacen("commentary:\n", &format!("commentary:\n  {line}\n"), 1);
    assert_ne!(text, with, "the June file has commentary");
    std::fs::write(&path, with).unwrap();
}

/// Every part of the package as text (pictures included, lossily).
fn package_text(docx: &Path) -> String {
    let bytes = std::fs::read(docx).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        use std::io::Read;
        let mut part = Vec::new();
        zip.by_index(i).unwrap().read_to_end(&mut part).unwrap();
        all.push_str(&String::from_utf8_lossy(&part));
    }
    all
}

#[test]
fn the_same_data_gives_the_same_word_document() {
    let data = small_fixture("docx-bytes");
    let dir = data.parent().unwrap();
    let (one, two, later) = (
        dir.join("one.docx"),
        dir.join("two.docx"),
        dir.join("later.docx"),
    );
    render_docx(&data, &one, &["--detail", "all"], "1593561600");
    render_docx(&data, &two, &["--detail", "all"], "1593561600");
    render_docx(&data, &later, &["--detail", "all"], "1600000000");
    let bytes = std::fs::read(&one).unwrap();
    assert_eq!(bytes, std::fs::read(&two).unwrap());
    assert_ne!(
        bytes,
        std::fs::read(&later).unwrap(),
        "the clock reaches the package"
    );
    // Every entry is dated by the document's clock, not the machine's.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let entry = zip.by_index(i).unwrap();
        let when = entry.last_modified().unwrap();
        assert_eq!(
            (when.year(), when.month(), when.day()),
            (2020, 7, 1),
            "{:?}",
            entry.name()
        );
    }
}
