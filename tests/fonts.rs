//! Characters the embedded fonts cannot draw: `check` names each one with its file, line,
//! column and field, and a data folder that lists a font under `fonts:` renders that text
//! into a valid PDF/A-2a + PDF/UA-1 file. Also: language tags with a script subtag.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A Devanagari font from Debian's fonts-lohit-deva, which scripts/test installs.
const DEVANAGARI_FONT: &str = "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf";
const GREETING: &str = "नमस्ते";

/// The small fixture with Hindi commentary for `contacts` in June 2020.
fn hindi_commentary(name: &str) -> PathBuf {
    let data = small_fixture(name);
    let month = data.join("months/2020-06.yaml");
    replace_in(
        &month,
        &[(
            "  conversion: Conversion is steady.",
            &format!("  conversion: Conversion is steady ({GREETING})."),
        )],
    );
    data
}

#[test]
fn check_names_a_character_no_font_can_draw() {
    let data = hindi_commentary("glyph-check");
    let output = run_on(&data, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let month = data.join("months/2020-06.yaml");
    assert!(
        err.contains(&format!(
            "error: {}:10:37: `commentary.conversion`: the characters `न` (U+0928), `म` (U+092E), `स` (U+0938), `्` (U+094D) and 2 more cannot be printed",
            month.display()
        )),
        "{err}"
    );
    assert!(err.contains("`fonts:` in report.yaml"), "{err}");
    let render = run_on(&data, &["render", "--out", "x.pdf"]);
    assert_eq!(
        render.status.code(),
        Some(1),
        "render refuses it the same way"
    );
    assert!(!data.parent().unwrap().join("x.pdf").exists());
}

#[test]
fn a_font_in_the_data_folder_prints_the_text_in_an_archival_accessible_pdf() {
    if !Path::new(DEVANAGARI_FONT).exists() {
        return skip_or_fail("fonts", &format!("{DEVANAGARI_FONT} is not installed"));
    }
    let data = hindi_commentary("glyph-font");
    std::fs::create_dir_all(data.join("fonts")).unwrap();
    std::fs::copy(DEVANAGARI_FONT, data.join("fonts/Lohit-Devanagari.ttf")).unwrap();
    let report = data.join("report.yaml");
    append_to(&report, "fonts:\n  - fonts/Lohit-Devanagari.ttf\n");

    let check = run_on(&data, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let out = data.parent().unwrap().join("hindi.pdf");
    render_ok(&data, &out);
    assert!(squeeze(&pdf_text(&out, None)).contains(GREETING));
    assert!(tool("pdffonts", &[out.to_str().unwrap()]).contains("Lohit-Devanagari"));
    validate(&out, "2a");
    validate(&out, "ua1");
}

#[test]
fn a_file_that_is_not_a_font_is_refused_with_its_place() {
    let data = small_fixture("not-a-font");
    std::fs::write(data.join("notes.txt"), "hello").unwrap();
    let report = data.join("report.yaml");
    append_to(&report, "fonts:\n  - notes.txt\n  - missing.ttf\n");
    let output = run_on(&data, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(":19:5: `fonts`: ") && err.contains("is not a font file"),
        "{err}"
    );
    assert!(
        err.contains(":20:5: `fonts`: cannot read the font"),
        "{err}"
    );
}

#[test]
fn a_language_with_a_script_subtag_renders() {
    let data = small_fixture("serbian");
    let report = data.join("report.yaml");
    replace_in(&report, &[("language: en-GB", "language: sr-Latn-RS")]);
    let out = data.parent().unwrap().join("sr.pdf");
    render_ok(&data, &out);
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", out.to_str().unwrap()],
    );
    assert!(json.contains("\"/Lang\": \"u:sr-RS\""), "catalog /Lang");
}
