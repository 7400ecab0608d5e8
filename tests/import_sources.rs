//! `scorecard import` on real extracts: NHS England's published A&E workbook (an XLS
//! written by Excel) read through a saved source in `imports.yaml` into a folder with no
//! month files yet; several files in one all-or-nothing run; a BI export with months in
//! rows; percent cells in ODS and XLS files written by LibreOffice; and hostile files (a
//! sparse sheet reaching XFD1048576, a cell too long, control characters) refused with
//! the cell named.
//!
//! The NHS workbook is read from `../shared/data/nhse-ae/` beside the repository; the
//! LibreOffice files are made at test time with `soffice`. Without either, those tests
//! print `SKIPPED:` (in CI, with `CI` set, they fail).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{
    assert_fails, assert_ok, copy_tree, files_under, replace_in, root, scorecard_in, scratch,
    skip_or_fail, stderr, stdout,
};
use rust_xlsxwriter::{Format, Workbook};

const NHSE_WORKBOOK: &str = "June-2021-AE-by-provider-2Qavs.xls";

/// The published workbook, or `None` (after saying so) when it is not beside the repo.
fn nhse_workbook(test: &str) -> Option<PathBuf> {
    let path = root().join("../shared/data/nhse-ae").join(NHSE_WORKBOOK);
    if path.is_file() {
        Some(path)
    } else {
        skip_or_fail(test, &format!("{} is missing", path.display()));
        None
    }
}

/// A scratch folder with `data/` holding the A&E fixture (report, indicators and
/// imports.yaml, no months) and a copy of the workbook named `name`.
fn nhse_workspace(test: &str, name: &str) -> Option<(PathBuf, PathBuf)> {
    let workbook = nhse_workbook(test)?;
    let dir = scratch(test);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/import/nhse"), &data);
    fs::copy(workbook, dir.join(name)).unwrap();
    Some((dir, data))
}

/// A scratch folder with `data/` holding a copy of `tests/fixtures/small`.
fn small_workspace(test: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(test);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/small"), &data);
    (dir, data)
}

fn import(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["import", "--data", "data"];
    all.extend_from_slice(args);
    let output = scorecard_in(dir, &all, &[]);
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

/// One figure from `scorecard figures --month MONTH` (CSV).
fn figure(dir: &Path, month: &str, id: &str, column: &str) -> String {
    let output = scorecard_in(dir, &["figures", "--data", "data", "--month", month], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows = common::csv_rows(&stdout(&output));
    let row = rows
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"));
    row[column].clone()
}

#[test]
fn the_nhs_workbook_fills_a_new_folder_through_its_saved_source() {
    let Some((dir, data)) = nhse_workspace("nhse-first-import", NHSE_WORKBOOK) else {
        return;
    };
    assert!(!data.join("months").exists(), "a folder with no months yet");
    let out = assert_ok(&import(&dir, &[NHSE_WORKBOOK]));
    assert!(
        out.contains(&format!(
            "{NHSE_WORKBOOK}: sheet `Provider Level Data`, source `nhse-ae` in imports.yaml"
        )),
        "{out}"
    );
    assert!(out.contains("created data/months/2021-06.yaml"), "{out}");
    assert!(
        out.contains("imported 1 month (2021-06): 3 added, 0 revised, 0 unchanged"),
        "{out}"
    );
    // The Period: cell says June 2021; row RF4 (Barking, Havering and Redbridge) holds
    // 14,197 type 1 attendances, 7,470 of them over 4 hours, and 47.38% (a cell formatted
    // 0.0% holding 0.4738...) within 4 hours.
    let month = fs::read_to_string(data.join("months/2021-06.yaml")).unwrap();
    assert!(month.contains("  t1-attendances: 14197\n"), "{month}");
    assert!(month.contains("  t1-breaches: 7470\n"), "{month}");
    assert!(month.contains("  t1-within-4h: 47.38"), "{month}");
    assert!(
        !stderr(&import(&dir, &[NHSE_WORKBOOK])).contains("at most 1"),
        "an XLS percent cell is read as a percent, with no warning about fractions"
    );
    assert_eq!(
        figure(&dir, "2021-06", "t1-breaches", "value").parse::<f64>(),
        Ok(7470.0)
    );
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert!(
        stdout(&check).contains("data/imports.yaml: 1 source: no errors"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn a_mapping_that_matches_no_column_two_columns_or_no_row_names_the_nearest() {
    let Some((dir, data)) = nhse_workspace("nhse-mapping-errors", NHSE_WORKBOOK) else {
        return;
    };
    replace_in(
        &data.join("imports.yaml"),
        &[
            ("row: {Code: RF4}", "row: {Code: RF9}"),
            (
                "Type 1 Departments - Major A&E\"\n      t1-breaches",
                "Type 1 Departments - Major AE\"\n      t1-breaches",
            ),
            (
                "\"Percentage in 4 hours or less (type 1)\"",
                "\"Percentage in 4 hours*\"",
            ),
        ],
    );
    let before = files_under(&dir);
    let err = assert_fails(
        &import(&dir, &[NHSE_WORKBOOK]),
        1,
        &[
            "sheet `Provider Level Data`, columns.t1-attendances: no column is headed `A&E attendances / Type 1 Departments - Major AE`",
            "the nearest heading is `A&E attendances / Type 1 Departments - Major A&E` ('Provider Level Data'!E16)",
            "columns.t1-within-4h: `Percentage in 4 hours*` matches 4 columns: 'Provider Level Data'!Q16 (`Percentage of attendances within 4 hours / Percentage in 4 hours or less (all)`), 'Provider Level Data'!R16",
            "`'Provider Level Data'!B16`: sheet `Provider Level Data`: no row has `RF9` under `Code`",
            "the nearest is `RC9`",
            "3 errors in June-2021-AE-by-provider-2Qavs.xls; no month file was changed",
        ],
    );
    assert!(
        err.starts_with(&format!("error: {NHSE_WORKBOOK}: ")),
        "{err}"
    );
    assert_eq!(
        files_under(&dir),
        before,
        "nothing written, no folder created"
    );
}

#[test]
fn a_file_named_without_its_year_is_read_by_its_period_cell_or_named_plainly() {
    let Some((dir, data)) = nhse_workspace("nhse-file-names", "Monthly-AE-March.xls") else {
        return;
    };
    // `Monthly-AE-*.xls` picks the source; its Period: cell gives the month. Of the sheet
    // names a source lists, the first the workbook has is read.
    replace_in(
        &data.join("imports.yaml"),
        &[(
            "sheet: Provider Level Data",
            "sheet: [A&E Data, System Level Data, Provider Level Data]",
        )],
    );
    let out = assert_ok(&import(&dir, &["Monthly-AE-March.xls"]));
    assert!(out.contains("created data/months/2021-06.yaml"), "{out}");
    replace_in(
        &data.join("imports.yaml"),
        &[("month: {right_of: \"Period:\"}", "month: {file_name: true}")],
    );
    assert_fails(
        &import(&dir, &["Monthly-AE-March.xls"]),
        1,
        &["the file name `Monthly-AE-March.xls` has no month in it"],
    );
    // The same workbook under two names that carry their months, in one run.
    fs::copy(
        dir.join("Monthly-AE-March.xls"),
        dir.join("Monthly-AE-2021-04.xls"),
    )
    .unwrap();
    fs::copy(
        dir.join("Monthly-AE-March.xls"),
        dir.join("Monthly-AE-2021-05.xls"),
    )
    .unwrap();
    let out = assert_ok(&import(
        &dir,
        &["Monthly-AE-2021-04.xls", "Monthly-AE-2021-05.xls"],
    ));
    assert!(
        out.contains("imported 2 months (2021-04, 2021-05): 6 added, 0 revised, 0 unchanged"),
        "{out}"
    );
}

#[test]
fn several_files_are_imported_all_or_nothing_and_a_source_can_be_chosen() {
    let (dir, data) = small_workspace("several-files");
    fs::write(dir.join("july.csv"), "id,2020-07\ncontacts,1500\n").unwrap();
    fs::write(dir.join("august.csv"), "id,2020-08\ncontacts,twelve\n").unwrap();
    let before = files_under(&dir);
    assert_fails(
        &import(&dir, &["july.csv", "august.csv"]),
        1,
        &[
            "error: august.csv: `B2`: \"twelve\" is not a number",
            "1 error in 2 files; no month file was changed",
        ],
    );
    assert_eq!(
        files_under(&dir),
        before,
        "the good file was not written either"
    );
    fs::write(dir.join("august.csv"), "id,2020-08\ncontacts,1480\n").unwrap();
    fs::write(dir.join("again.csv"), "id,2020-07\ncontacts,1500\n").unwrap();
    assert_fails(
        &import(&dir, &["july.csv", "again.csv"]),
        1,
        &["error: again.csv: `B2`: `contacts` for 2020-07 is also in july.csv at B2"],
    );
    let out = assert_ok(&import(&dir, &["july.csv", "august.csv"]));
    assert!(out.contains("july.csv: wide layout"), "{out}");
    assert!(out.contains("august.csv: wide layout"), "{out}");
    assert!(
        out.contains("imported 2 months (2020-07, 2020-08): 2 added"),
        "{out}"
    );

    // --source reads every file with one saved source, whatever its name.
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: cms\n    files: [\"cms-*.csv\"]\n    month: {cell: B1}\n    header: {row_with: Measure}\n    columns:\n      referrals: Count\n",
    )
    .unwrap();
    fs::write(
        dir.join("export.csv"),
        "Month,2020-09\nMeasure,Count\nReferrals,310\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, &["export.csv", "--source", "cms"]));
    assert!(
        out.contains("export.csv: source `cms` in imports.yaml"),
        "{out}"
    );
    assert!(fs::read_to_string(data.join("months/2020-09.yaml"))
        .unwrap()
        .contains("  referrals: 310\n"));
    assert_fails(
        &import(&dir, &["export.csv", "--source", "cmd"]),
        2,
        &[
            "--source cmd: there is no source `cmd`",
            "did you mean `cms`?",
        ],
    );
}

#[test]
fn merged_group_cells_name_only_the_columns_they_span() {
    let (dir, data) = small_workspace("merged-groups");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Returns").unwrap();
    sheet.write_string(0, 0, "Period:").unwrap();
    sheet.write_string(0, 1, "July 2020").unwrap();
    sheet
        .merge_range(2, 1, 2, 2, "Contacts", &Format::new())
        .unwrap();
    for (c, heading) in ["Team", "Total", "Urgent", "Total"].iter().enumerate() {
        sheet.write_string(3, c as u16, *heading).unwrap();
    }
    for (c, value) in [1500.0, 40.0, 300.0].iter().enumerate() {
        sheet.write_number(4, c as u16 + 1, *value).unwrap();
    }
    sheet.write_string(4, 0, "North").unwrap();
    workbook.save(dir.join("returns.xlsx")).unwrap();
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: returns\n    files: [returns.xlsx]\n    month: {right_of: \"Period:\"}\n    header: {row_with: Team}\n    row: {Team: North}\n    columns:\n      contacts: Contacts / Total\n      referrals: Total\n",
    )
    .unwrap();
    // "Total" alone matches two columns: B (under Contacts) and D (under no group: the
    // merge spans B and C only, so D is not taken for part of it).
    assert_fails(
        &import(&dir, &["returns.xlsx"]),
        1,
        &["columns.referrals: `Total` matches 2 columns: Returns!B4 (`Contacts / Total`), Returns!D4 (`Total`)"],
    );
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: returns\n    files: [returns.xlsx]\n    month: {right_of: \"Period:\"}\n    header: {row_with: Team}\n    row: {Team: North}\n    columns:\n      contacts: Contacts / Total\n      referrals: \"* / Urgent\"\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, &["returns.xlsx"]));
    assert!(out.contains("imported 1 month (2020-07): 2 added"), "{out}");
    let july = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
    assert!(
        july.contains("  contacts: 1500\n  referrals: 40\n"),
        "{july}"
    );
}

#[test]
fn check_locates_mistakes_in_imports_yaml() {
    let (dir, data) = small_workspace("imports-yaml-check");
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: cms\n    files: [\"*.csv\"]\n    month: {column: Month}\n    columns:\n      contact: Contacts\n      conversion: Conversion\n",
    )
    .unwrap();
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_fails(
        &check,
        1,
        &[
            "error: data/imports.yaml:6:16: `cms.columns.contact`: no indicator has the id `contact`\n  = hint: did you mean `contacts`?",
            "error: data/imports.yaml:7:19: `cms.columns.conversion`: `conversion` is computed by its formula and takes no imported value",
        ],
    );
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: cms\n    month: {cell: 6C}\n    columns: {contacts: Contacts}\n",
    )
    .unwrap();
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_fails(
        &check,
        1,
        &["data/imports.yaml:3:12: `cms.month`: `6C` is not a cell reference"],
    );
}

#[test]
fn a_bi_export_with_months_in_rows() {
    let (dir, data) = small_workspace("months-in-rows");
    fs::write(
        dir.join("bi.csv"),
        "Month,contacts,2,on-time\nJul-20,1500,300,88.5\n2020-08,1480,,\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, &["bi.csv"]));
    assert!(
        out.contains("bi.csv: months in rows (one column per indicator)"),
        "{out}"
    );
    assert!(
        out.contains("imported 2 months (2020-07, 2020-08): 4 added, 0 revised, 0 unchanged"),
        "{out}"
    );
    let july = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
    assert_eq!(
        july,
        "month: 2020-07\nvalues:\n  contacts: 1500\n  referrals: 300\n  on-time: 88.5\ncommentary: {}\n"
    );
    // Without a `month` heading: a first column of month cells under a heading row.
    fs::write(
        dir.join("period.csv"),
        "Period,contacts\n2020-09,1510\n2020-10,1490\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, &["period.csv"]));
    assert!(
        out.contains("imported 2 months (2020-09, 2020-10)"),
        "{out}"
    );
    fs::write(
        dir.join("typo.csv"),
        "Month,contacts,refferals\n2020-11,1,2\n",
    )
    .unwrap();
    assert_fails(
        &import(&dir, &["typo.csv"]),
        1,
        &["error: typo.csv: `C1`: no indicator has the id or ref `refferals`\n  = hint: did you mean `referrals`?"],
    );
}

#[test]
fn control_characters_in_cells_are_refused_with_the_cell_named() {
    let (dir, _data) = small_workspace("control-characters");
    fs::write(
        dir.join("bell.csv"),
        "id,month,value,commentary\ncontacts,2020-07,1500,\"Rose \u{7}sharply\"\nreferrals,2020-07,\"3\u{0}00\",\n",
    )
    .unwrap();
    let before = files_under(&dir);
    assert_fails(
        &import(&dir, &["bell.csv"]),
        1,
        &[
            "error: bell.csv: `D2`: the cell holds the control character U+0007, which cannot be printed",
            "error: bell.csv: `C3`: the cell holds the control character U+0000",
        ],
    );
    assert_eq!(files_under(&dir), before);
}

#[test]
fn a_sparse_sheet_reaching_xfd1048576_is_refused_without_allocating_it() {
    let (dir, _data) = small_workspace("sparse-xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_number(1_048_575, 16_383, 1.0).unwrap();
    workbook.save(dir.join("sparse.xlsx")).unwrap();
    assert!(fs::metadata(dir.join("sparse.xlsx")).unwrap().len() < 10_000);
    assert_fails(
        &import(&dir, &["sparse.xlsx"]),
        1,
        &["sheet `Sheet1` has cells from A1 to XFD1048576: 1048576 rows by 16384 columns, too many cells"],
    );
}

#[test]
fn a_cell_over_the_length_limit_is_refused_by_name() {
    let (dir, _data) = small_workspace("huge-cell");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "2020-07").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet.write_string(1, 1, "PLACEHOLDER").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    // rust_xlsxwriter keeps to Excel's 32,767 characters; other programs do not.
    let huge = "9".repeat(5_000_000);
    let patched = rewrite_zip(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replace("PLACEHOLDER", &huge)
    });
    fs::write(dir.join("huge.xlsx"), &patched).unwrap();
    assert!(patched.len() < 100_000, "{} bytes", patched.len());
    assert_fails(
        &import(&dir, &["huge.xlsx"]),
        1,
        &["Sheet1!B2 holds 5000000 characters, over the 32767 a cell may hold"],
    );
    // Larger still, it is refused before calamine unpacks it at all.
    let larger = "9".repeat(101_000_000);
    let patched = rewrite_zip(&bytes, "xl/sharedStrings.xml", |xml| {
        xml.replace("PLACEHOLDER", &larger)
    });
    drop(larger);
    fs::write(dir.join("larger.xlsx"), &patched).unwrap();
    assert!(patched.len() < 1_000_000, "{} bytes", patched.len());
    assert_fails(
        &import(&dir, &["larger.xlsx"]),
        1,
        &["error: larger.xlsx: the workbook unpacks to 101 MB, over the 100 MB limit for an import"],
    );
}

#[test]
fn sparse_ods_and_xls_sheets_are_refused_before_they_are_read() {
    let test = "sparse-ods-xls";
    let (dir, _) = small_workspace(test);
    // An ODS written by hand: `id` in A1 and a number a million rows below.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="1000"/><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    fs::write(
        dir.join("sparse.ods"),
        write_zip(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content),
            ("META-INF/manifest.xml", manifest),
        ]),
    )
    .unwrap();
    assert_fails(
        &import(&dir, &["sparse.ods"]),
        1,
        &["sheet `Sheet1` has cells from A1 to ALM1048002: 1048002 rows by 1001 columns, too many cells"],
    );
    // An XLS written by LibreOffice from a CSV with one value at IV65536.
    let mut csv = String::from("id\n");
    csv.push_str(&"\n".repeat(65_534));
    csv.push_str(&",".repeat(255));
    csv.push_str("1\n");
    fs::write(dir.join("far.csv"), csv).unwrap();
    let Some(_) = libreoffice(test, &dir, "far.csv", "xls") else {
        return;
    };
    assert_fails(
        &import(&dir, &["far.xls"]),
        1,
        &["sheet `far` has cells from A1 to IV65536: 65536 rows by 256 columns, too many cells"],
    );
}

/// A zip of text files, stored in order (an ODS needs its `mimetype` first).
fn write_zip(parts: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        out.start_file(*name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A copy of the zip `bytes` with the text of one part changed.
fn rewrite_zip(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == part {
            content = edit(&String::from_utf8(content).unwrap()).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// Converts `file` in `dir` to `format` with LibreOffice, beside it.
fn libreoffice(test: &str, dir: &Path, file: &str, format: &str) -> Option<PathBuf> {
    common::convert_with_libreoffice(test, &dir.join(file), dir, format)
}

#[test]
fn percent_cells_in_ods_and_xls_written_by_libreoffice_are_percents() {
    let test = "libreoffice-percent-cells";
    let (dir, _) = small_workspace(test);
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let percent = Format::new().set_num_format("0.0%");
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "2020-07").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet.write_number(1, 1, 1500).unwrap();
    sheet.write_string(2, 0, "on-time").unwrap();
    sheet
        .write_number_with_format(2, 1, 0.885, &percent)
        .unwrap();
    workbook.save(dir.join("july.xlsx")).unwrap();
    for format in ["ods", "xls"] {
        let Some(converted) = libreoffice(test, &dir, "july.xlsx", format) else {
            return;
        };
        let (work, data) = small_workspace(&format!("{test}-{format}"));
        fs::copy(&converted, work.join(converted.file_name().unwrap())).unwrap();
        let name = format!("july.{format}");
        let output = import(&work, &[&name]);
        assert_ok(&output);
        assert!(
            !stderr(&output).contains("at most 1"),
            "{format}: {}",
            stderr(&output)
        );
        let july = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
        assert!(july.contains("  on-time: 88.5\n"), "{format}: {july}");
        assert!(july.contains("  contacts: 1500\n"), "{format}: {july}");
    }
}

#[test]
fn a_glob_with_a_character_class_picks_its_source_and_an_unmatched_file_says_so_once() {
    let Some((dir, data)) = nhse_workspace("nhse-glob-classes", NHSE_WORKBOOK) else {
        return;
    };
    // `[01]` is one of two characters, as in a shell: the hand-written matcher knew only
    // `*` and `?`, so the workbook fell through to the plain layouts.
    replace_in(
        &data.join("imports.yaml"),
        &[(
            "files: [\"*-AE-by-provider-*.xls\", \"Monthly-AE-*.xls\"]",
            "files: [\"*-202[01]-AE-by-provider-*.{xls,xlsx}\"]",
        )],
    );
    let out = assert_ok(&import(&dir, &[NHSE_WORKBOOK]));
    assert!(out.contains("source `nhse-ae` in imports.yaml"), "{out}");
    // A workbook no source matches is read as a plain table: the errors say so once, and
    // stop after 20 with a count of the rest.
    fs::copy(dir.join(NHSE_WORKBOOK), dir.join("unrelated.xls")).unwrap();
    let output = import(&dir, &["unrelated.xls"]);
    let err = assert_fails(
        &output,
        1,
        &["= note: no source in data/imports.yaml has `files:` that match `unrelated.xls`, so it was read as a plain table"],
    );
    assert_eq!(err.matches("no source in").count(), 1, "{err}");
    assert!(
        err.lines().count() <= 70,
        "{} lines:\n{err}",
        err.lines().count()
    );
    assert!(
        err.lines().filter(|l| l.starts_with("error:")).count() <= 20,
        "{err}"
    );
    // A glob that is not one is refused where it is written.
    replace_in(&data.join("imports.yaml"), &[("{xls,xlsx}", "{xls,xlsx")]);
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_fails(
        &check,
        1,
        &["data/imports.yaml:3:13: `nhse-ae.files`: `*-202[01]-AE-by-provider-*.{xls,xlsx` is not a file-name pattern: unclosed alternate group"],
    );
}

#[test]
fn a_row_selector_that_picks_ten_thousand_rows_is_one_error() {
    let (dir, data) = small_workspace("row-selector-many");
    let mut csv = String::from("Month,2020-07\nCode,Count\n");
    for _ in 0..10_000 {
        csv.push_str("RF4,1500\n");
    }
    fs::write(dir.join("returns.csv"), csv).unwrap();
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: returns\n    files: [returns.csv]\n    month: {cell: B1}\n    header: {row_with: Code}\n    row: {Code: RF4}\n    columns:\n      contacts: Count\n",
    )
    .unwrap();
    let before = files_under(&dir);
    let err = assert_fails(
        &import(&dir, &["returns.csv"]),
        1,
        &[
            "`row: {Code: RF4}` picks several rows, and 10000 of them hold values (B3, B4, B5 and 9997 more), but the sheet has one month",
            "add another heading and its value to `row:` in imports.yaml so that it picks one row",
            "1 error in returns.csv; no month file was changed",
        ],
    );
    assert!(err.lines().count() <= 5, "{err}");
    assert_eq!(files_under(&dir), before);
}

#[test]
fn a_huge_heading_pattern_or_cell_gives_its_answer_at_once() {
    let (dir, data) = small_workspace("huge-pattern");
    let long = "Contacts received ".repeat(6_000); // about 100 KB
    fs::write(
        data.join("imports.yaml"),
        format!("sources:\n  - id: cms\n    files: [\"cms.csv\"]\n    month: {{cell: B1}}\n    header: {{row_with: Team}}\n    columns:\n      contacts: \"{long}\"\n"),
    )
    .unwrap();
    fs::write(
        dir.join("cms.csv"),
        "Month,2020-07\nTeam,Contacts\nNorth,1500\n",
    )
    .unwrap();
    let started = std::time::Instant::now();
    assert_fails(
        &import(&dir, &["cms.csv"]),
        1,
        &["`cms.columns.contacts`: the heading for `contacts` is over 500 characters long"],
    );
    // A sheet of huge headings and a pattern that matches none: the nearest is named,
    // compared on the first 500 characters of each.
    fs::write(
        data.join("imports.yaml"),
        "sources:\n  - id: cms\n    files: [\"cms.csv\"]\n    month: {right_of: \"Period:\"}\n    header: {row_with: Team}\n    columns:\n      contacts: Contacts recieved*\n",
    )
    .unwrap();
    let mut csv = String::from("Team,Contacts received");
    for _ in 0..40 {
        csv.push_str(&format!(",{long}"));
    }
    csv.push_str("\nNorth,1500");
    csv.push_str("\nPeriod:,2020-07");
    for _ in 0..40 {
        csv.push_str(",1");
    }
    csv.push('\n');
    fs::write(dir.join("cms.csv"), csv).unwrap();
    assert_fails(
        &import(&dir, &["cms.csv"]),
        1,
        &[
            "no column is headed `Contacts recieved*`",
            "the nearest heading is `Contacts received` (B1)",
        ],
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
}
