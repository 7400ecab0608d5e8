//! `scorecard import`: monthly values from CSV, XLSX and ODS files reach the month files
//! and the figures; revisions are listed and written only with `--revise`; a bad cell is
//! named by its reference and changes nothing; everything the user wrote in a month file
//! survives. Each test imports into a scratch copy of `tests/fixtures/small` (months
//! 2019-05 to 2020-06; in May 2020 contacts 1172, referrals 270, on-time 90.5).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// A fresh scratch folder under cargo's target tmp dir holding `data/` (a copy of the
/// small fixture); returns (folder, data folder).
fn workspace(name: &str) -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/small"), &data);
    (dir, data)
}

/// Runs `scorecard import FILE --data data ARGS...` in `dir`.
fn import(dir: &Path, file: &str, args: &[&str]) -> Output {
    let mut all = vec!["import", file, "--data", "data"];
    all.extend_from_slice(args);
    let output = scorecard_in(dir, &all, &[]);
    assert!(
        !stderr(&output).contains("panicked"),
        "panic: {}",
        stderr(&output)
    );
    output
}

/// One figure from `scorecard figures --month MONTH` (CSV): the `column` of row `id`.
fn figure(dir: &Path, month: &str, id: &str, column: &str) -> f64 {
    let output = scorecard_in(dir, &["figures", "--data", "data", "--month", month], &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let index = header.iter().position(|h| h == column).unwrap();
    let row = reader
        .records()
        .map(Result::unwrap)
        .find(|record| &record[1] == id)
        .unwrap_or_else(|| panic!("no row {id} in\n{text}"));
    row[index]
        .parse()
        .unwrap_or_else(|_| panic!("{id} {column} is {:?}", &row[index]))
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn month_file(data: &Path, month: &str) -> String {
    std::fs::read_to_string(data.join(format!("months/{month}.yaml"))).unwrap()
}

#[test]
fn wide_csv_creates_the_month_and_figures_show_it() {
    let (dir, data) = workspace("wide-csv");
    std::fs::write(
        dir.join("july.csv"),
        "id,Title,2020-07\ncontacts,Contacts,1500\nreferrals,Referrals,\"300\"\non-time,On time,88.5\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, "july.csv", &[]));
    assert!(out.contains("wide layout"), "{out}");
    assert!(out.contains("ignored columns: B (Title)"), "{out}");
    assert!(out.contains("created data/months/2020-07.yaml"), "{out}");
    assert!(
        out.contains("no errors"),
        "the check runs on the result: {out}"
    );
    assert!(
        out.contains("imported 1 month (2020-07): 3 added, 0 revised, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        month_file(&data, "2020-07"),
        "month: 2020-07\nvalues:\n  contacts: 1500\n  referrals: 300\n  on-time: 88.5\ncommentary: {}\n"
    );
    assert_eq!(figure(&dir, "2020-07", "contacts", "value"), 1500.0);
    assert_eq!(figure(&dir, "2020-07", "conversion", "value"), 20.0);
    assert_eq!(figure(&dir, "2020-07", "on-time", "value"), 88.5);
}

#[test]
fn long_csv_with_semicolons_bom_decimal_commas_and_commentary() {
    let (dir, data) = workspace("long-csv");
    std::fs::write(
        dir.join("long.csv"),
        "\u{FEFF}ref;month;value;commentary\r\n1;Jul-20;1500;Contacts rose in July.\r\n5;July 2020;88,5;\r\n1;Aug-20;1480;\r\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, "long.csv", &[]));
    assert!(out.contains("long layout"), "{out}");
    assert!(
        out.contains("imported 2 months (2020-07, 2020-08): 4 added, 0 revised, 0 unchanged"),
        "{out}"
    );
    assert_eq!(
        month_file(&data, "2020-07"),
        "month: 2020-07\nvalues:\n  contacts: 1500\n  on-time: 88.5\ncommentary:\n  contacts: \"Contacts rose in July.\"\n"
    );
    assert_eq!(figure(&dir, "2020-08", "contacts", "value"), 1480.0);
    assert_eq!(figure(&dir, "2020-07", "on-time", "value"), 88.5);
}

#[test]
fn wide_xlsx_with_a_date_heading_and_percent_cells() {
    let (dir, _data) = workspace("wide-xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Figures").unwrap();
    let month_format = Format::new().set_num_format("mmm-yy");
    let percent = Format::new().set_num_format("0.0%");
    sheet.write_string(0, 0, "id").unwrap();
    let july = ExcelDateTime::from_ymd(2020, 7, 1).unwrap();
    sheet
        .write_datetime_with_format(0, 1, &july, &month_format)
        .unwrap();
    sheet.write_string(0, 2, "Aug-20").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet.write_number(1, 1, 1500).unwrap();
    sheet.write_number(1, 2, 1480).unwrap();
    sheet.write_string(2, 0, "on-time").unwrap();
    sheet
        .write_number_with_format(2, 1, 0.885, &percent)
        .unwrap();
    sheet
        .write_number_with_format(2, 2, 0.244, &percent)
        .unwrap();
    workbook.save(dir.join("values.xlsx")).unwrap();

    let output = import(&dir, "values.xlsx", &[]);
    let out = assert_ok(&output);
    assert!(out.contains("sheet `Figures`, wide layout"), "{out}");
    assert!(
        !stderr(&output).contains("at most 1"),
        "percent-formatted cells are known to be percentages: {}",
        stderr(&output)
    );
    assert_eq!(figure(&dir, "2020-07", "contacts", "value"), 1500.0);
    assert_eq!(figure(&dir, "2020-07", "on-time", "value"), 88.5);
    assert_eq!(figure(&dir, "2020-08", "on-time", "value"), 24.4);
}

#[test]
fn long_xlsx_with_date_month_cells() {
    let (dir, data) = workspace("long-xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, heading) in ["id", "month", "value"].iter().enumerate() {
        sheet.write_string(0, c as u16, *heading).unwrap();
    }
    let july = ExcelDateTime::from_ymd(2020, 7, 31).unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet
        .write_datetime_with_format(1, 1, &july, &date)
        .unwrap();
    sheet.write_number(1, 2, 1500).unwrap();
    sheet.write_string(2, 0, "referrals").unwrap();
    sheet.write_string(2, 1, "2020-07").unwrap();
    sheet.write_number(2, 2, 330).unwrap();
    workbook.save(dir.join("long.xlsx")).unwrap();

    let out = assert_ok(&import(&dir, "long.xlsx", &[]));
    assert!(out.contains("long layout"), "{out}");
    assert!(month_file(&data, "2020-07").contains("  referrals: 330\n"));
    assert_eq!(figure(&dir, "2020-07", "conversion", "value"), 22.0);
}

#[test]
fn ods_workbook_with_refs_and_a_date_heading() {
    let (dir, _data) = workspace("ods");
    std::fs::copy(
        root().join("tests/fixtures/import/wide.ods"),
        dir.join("wide.ods"),
    )
    .unwrap();
    let out = assert_ok(&import(&dir, "wide.ods", &[]));
    assert!(out.contains("sheet `Figures`, wide layout"), "{out}");
    assert!(
        out.contains("imported 2 months (2020-07, 2020-08): 6 added"),
        "{out}"
    );
    assert_eq!(figure(&dir, "2020-07", "contacts", "value"), 1500.0);
    assert_eq!(figure(&dir, "2020-08", "referrals", "value"), 310.0);
    assert_eq!(figure(&dir, "2020-08", "on-time", "value"), 87.0);
}

#[test]
fn a_revision_is_listed_and_written_only_with_revise() {
    let (dir, data) = workspace("revise");
    std::fs::write(
        dir.join("may.csv"),
        "id,May-20,Jul-20\ncontacts,1180,1500\nreferrals,270,\n",
    )
    .unwrap();
    let before = snapshot(&dir);
    let output = import(&dir, "may.csv", &[]);
    let err = assert_fails(
        &output,
        6,
        &[
            "may.csv: 1 revision to the month files",
            "  contacts 2020-05: 1,172 \u{2192} 1,180",
            "--revise",
            "nothing was written",
        ],
    );
    assert!(
        !err.contains("referrals"),
        "unchanged values are not listed: {err}"
    );
    assert_eq!(snapshot(&dir), before, "no byte of any file changed");

    let out = assert_ok(&import(&dir, "may.csv", &["--revise"]));
    assert!(
        out.contains("revised contacts 2020-05: 1,172 \u{2192} 1,180"),
        "{out}"
    );
    assert!(
        out.contains("imported 2 months (2020-05, 2020-07): 1 added, 1 revised, 1 unchanged"),
        "{out}"
    );
    assert!(month_file(&data, "2020-05").contains("  contacts: 1180\n"));
    assert_eq!(figure(&dir, "2020-05", "contacts", "value"), 1180.0);

    // Importing the same file again changes nothing and needs no flag.
    let again = assert_ok(&import(&dir, "may.csv", &[]));
    assert!(again.contains("0 added, 0 revised, 3 unchanged"), "{again}");
}

#[test]
fn a_bad_cell_is_named_and_nothing_changes() {
    let (dir, _data) = workspace("bad-cell");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "2020-07").unwrap();
    sheet.write_string(0, 2, "2020-08").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet.write_number(1, 1, 1500).unwrap();
    sheet.write_number(1, 2, 1480).unwrap();
    sheet.write_string(2, 0, "referrals").unwrap();
    sheet.write_number(2, 1, 300).unwrap();
    sheet.write_string(2, 2, "twelve").unwrap();
    workbook.save(dir.join("values.xlsx")).unwrap();
    let before = snapshot(&dir);
    let output = import(&dir, "values.xlsx", &[]);
    assert_fails(
        &output,
        1,
        &[
            "error: values.xlsx: `Sheet1!C3`: \"twelve\" is not a number",
            "  = hint: write a number",
            "no month file was changed",
        ],
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_formula_with_no_saved_result_is_named_not_skipped() {
    // Written by a program (openpyxl) rather than saved from a spreadsheet: B3 holds
    // `=B2/5` and no result.
    let (dir, _data) = workspace("uncalculated");
    std::fs::copy(
        root().join("tests/fixtures/import/uncalculated.xlsx"),
        dir.join("values.xlsx"),
    )
    .unwrap();
    let before = snapshot(&dir);
    let output = import(&dir, "values.xlsx", &[]);
    assert_fails(
        &output,
        1,
        &[
            "error: values.xlsx: `Figures!B3`: the formula `=B2/5` has no saved result",
            "  = hint: open the file in Excel or LibreOffice and save it, so each formula's result is stored, or paste the figures as values",
            "no month file was changed",
        ],
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_formula_whose_result_is_empty_is_an_empty_cell() {
    // As Excel saves `=IF(B2="","",B2/5)` when B2 is empty: a result, the empty string.
    let (dir, data) = workspace("empty-result");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_formula_result_default("");
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "2020-07").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    sheet.write_number(1, 1, 1500).unwrap();
    sheet.write_string(2, 0, "referrals").unwrap();
    sheet.write_formula(2, 1, "=IF(C2=\"\",\"\",C2/5)").unwrap();
    workbook.save(dir.join("values.xlsx")).unwrap();
    let out = assert_ok(&import(&dir, "values.xlsx", &[]));
    assert!(out.contains("1 added"), "{out}");
    let july = month_file(&data, "2020-07");
    assert!(
        july.contains("  contacts: 1500\n") && !july.contains("referrals"),
        "{july}"
    );
}

#[test]
fn comments_and_commentary_survive_byte_for_byte() {
    let (dir, data) = workspace("comments");
    let original = "\
# June 2020, from the CMS extract of 3 July
month: 2020-06
values:
  contacts: 1403   # provisional
  referrals: 342

  # on-time is checked by QA first
  on-time: null
commentary:
  contacts: >-
    Contacts rose by 20%; schools are
    back.   # not a comment: part of the text
  referrals: 'Up: 27%' # quoted
";
    std::fs::write(data.join("months/2020-06.yaml"), original).unwrap();
    std::fs::write(
        dir.join("june.csv"),
        "id,June 2020\ncontacts,1410\nreferrals,342\non-time,91.5\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, "june.csv", &["--revise"]));
    assert!(out.contains("1 added, 1 revised, 1 unchanged"), "{out}");
    let expected = original
        .replace(
            "  contacts: 1403   # provisional",
            "  contacts: 1410   # provisional",
        )
        .replace("  on-time: null", "  on-time: 91.5");
    assert_eq!(month_file(&data, "2020-06"), expected);
}

#[test]
fn an_unknown_id_or_ref_suggests_the_nearest() {
    let (dir, _data) = workspace("unknown");
    std::fs::write(dir.join("ids.csv"), "id,2020-07\ncontacs,1500\n").unwrap();
    assert_fails(
        &import(&dir, "ids.csv", &[]),
        1,
        &[
            "ids.csv: `A2`: no indicator has the id `contacs`",
            "= hint: did you mean `contacts`?",
        ],
    );
    std::fs::write(dir.join("refs.csv"), "ref,2020-07\n55,1500\n").unwrap();
    assert_fails(
        &import(&dir, "refs.csv", &[]),
        1,
        &[
            "no indicator has the ref `55`",
            "did you mean `5` (ref of `on-time`)?",
        ],
    );
}

#[test]
fn a_missing_sheet_lists_the_sheets() {
    let (dir, _data) = workspace("sheets");
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("Figures").unwrap();
    workbook.add_worksheet().set_name("Notes").unwrap();
    workbook.save(dir.join("book.xlsx")).unwrap();
    assert_fails(
        &import(&dir, "book.xlsx", &["--sheet", "June"]),
        1,
        &[
            "book.xlsx: there is no sheet `June`",
            "the sheets are: `Figures`, `Notes`",
        ],
    );
    assert_fails(
        &import(&dir, "book.xlsx", &[]),
        1,
        &["sheet `Figures` is empty", "`Figures`, `Notes`"],
    );
}

#[test]
fn a_formula_indicator_is_refused_with_its_inputs_named() {
    let (dir, _data) = workspace("formula");
    std::fs::write(
        dir.join("f.csv"),
        "id,2020-07\ncontacts,1500\nconversion,20\nreferral-rate,15\n",
    )
    .unwrap();
    assert_fails(
        &import(&dir, "f.csv", &[]),
        1,
        &[
            "f.csv: `A3`: `conversion` is computed by its formula (100 × referrals ÷ contacts) and takes no typed value",
            "import its inputs `referrals` and `contacts` instead",
            "`A4`: `referral-rate` is computed by its formula",
            "import its input `referrals` instead (the population `children` is set in report.yaml)",
        ],
    );
}

#[test]
fn the_same_indicator_and_month_twice() {
    let (dir, _data) = workspace("twice");
    std::fs::write(
        dir.join("t.csv"),
        "id,month,value\ncontacts,2020-07,1500\nContacts,Jul-20,1510\n",
    )
    .unwrap();
    assert_fails(
        &import(&dir, "t.csv", &[]),
        1,
        &["`C3`: `contacts` for 2020-07 is given twice, here and at C2"],
    );
}

#[test]
fn month_headings_that_are_not_months() {
    let (dir, _data) = workspace("headings");
    std::fs::write(dir.join("h.csv"), "id,2020-07,Juen 2020\ncontacts,1,2\n").unwrap();
    assert_fails(
        &import(&dir, "h.csv", &[]),
        1,
        &[
            "h.csv: `C1`: the heading \"Juen 2020\" is not a month",
            "Jun-20",
        ],
    );
}

#[test]
fn password_protected_and_unreadable_workbooks() {
    let (dir, _data) = workspace("locked");
    std::fs::copy(
        root().join("tests/fixtures/import/encrypted.ods"),
        dir.join("locked.ods"),
    )
    .unwrap();
    assert_fails(
        &import(&dir, "locked.ods", &[]),
        1,
        &[
            "locked.ods: the workbook is password-protected",
            "remove the password",
        ],
    );
    std::fs::write(dir.join("locked.xlsx"), encrypted_xlsx()).unwrap();
    assert_fails(
        &import(&dir, "locked.xlsx", &[]),
        1,
        &[
            "locked.xlsx: the workbook is password-protected",
            "remove the password",
        ],
    );
    std::fs::write(dir.join("fake.xlsx"), "not a zip").unwrap();
    assert_fails(
        &import(&dir, "fake.xlsx", &[]),
        1,
        &["fake.xlsx: the workbook cannot be read"],
    );
}

/// What Excel writes for an .xlsx with a password: not a zip but an OLE compound file
/// whose `EncryptedPackage` stream holds the encrypted workbook. This is the smallest such
/// container: a header, one FAT sector and one directory sector (root + the stream).
fn encrypted_xlsx() -> Vec<u8> {
    const FREE: u32 = 0xFFFF_FFFF;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    let mut header = vec![0u8; 512];
    header[..8].copy_from_slice(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
    let mut put16 = |at: usize, v: u16| header[at..at + 2].copy_from_slice(&v.to_le_bytes());
    put16(24, 0x003E); // minor version
    put16(26, 3); // major version: 512-byte sectors
    put16(28, 0xFFFE); // byte order
    put16(30, 9); // sector shift
    put16(32, 6); // mini sector shift
    let mut put32 = |at: usize, v: u32| header[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put32(44, 1); // one FAT sector
    put32(48, 1); // directory starts at sector 1
    put32(56, 4096); // mini stream cutoff
    put32(60, END_OF_CHAIN); // no mini FAT
    put32(68, END_OF_CHAIN); // no DIFAT sectors
    put32(76, 0); // the FAT is sector 0
    for slot in 1..109 {
        put32(76 + slot * 4, FREE);
    }
    let mut fat: Vec<u8> = [FAT_SECTOR, END_OF_CHAIN]
        .into_iter()
        .chain(std::iter::repeat_n(FREE, 126))
        .flat_map(u32::to_le_bytes)
        .collect();
    let entry = |name: &str, kind: u8| {
        let mut e = vec![0u8; 128];
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        e[..utf16.len()].copy_from_slice(&utf16);
        e[64..66].copy_from_slice(&(utf16.len() as u16 + 2).to_le_bytes());
        e[66] = kind;
        for at in [68, 72, 76] {
            e[at..at + 4].copy_from_slice(&FREE.to_le_bytes());
        }
        e[116..120].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
        e
    };
    let mut file = header;
    file.append(&mut fat);
    file.extend(entry("Root Entry", 5));
    file.extend(entry("EncryptedPackage", 2));
    file.extend(vec![0u8; 256]);
    file
}

#[test]
fn a_two_column_file_needs_the_month() {
    let (dir, data) = workspace("two-columns");
    std::fs::write(dir.join("v.csv"), "ref,value\n1,1500\n2,300\n").unwrap();
    assert_fails(
        &import(&dir, "v.csv", &[]),
        1,
        &["no `month` column", "--month YYYY-MM"],
    );
    assert_ok(&import(&dir, "v.csv", &["--month", "2020-07"]));
    assert!(month_file(&data, "2020-07").contains("  referrals: 300\n"));
    assert_fails(
        &import(&dir, "v.csv", &["--month", "July"]),
        2,
        &["not a month"],
    );
}

#[test]
fn month_option_takes_one_month_of_many() {
    let (dir, data) = workspace("one-month");
    std::fs::write(
        dir.join("m.csv"),
        "id,2020-07,2020-08\ncontacts,1500,1480\n",
    )
    .unwrap();
    let out = assert_ok(&import(&dir, "m.csv", &["--month", "2020-08"]));
    assert!(out.contains("imported 1 month (2020-08)"), "{out}");
    assert!(!data.join("months/2020-07.yaml").exists());
    assert_fails(
        &import(&dir, "m.csv", &["--month", "2020-09"]),
        1,
        &["no column for 2020-09", "2020-07, 2020-08"],
    );
}

#[test]
fn fractions_for_a_percentage_are_warned_about() {
    let (dir, _data) = workspace("fractions");
    std::fs::write(
        dir.join("p.csv"),
        "id,2020-07,2020-08\non-time,0.885,0.87\n",
    )
    .unwrap();
    let output = import(&dir, "p.csv", &[]);
    assert_ok(&output);
    let err = stderr(&output);
    assert!(
        err.contains(
            "warning: p.csv: every value of the percentage `on-time` is at most 1 (B2, C2)"
        ),
        "{err}"
    );
    assert!(err.contains("type 88.5"), "{err}");
}

#[test]
fn commentary_from_a_long_file_is_added_and_revised() {
    let (dir, data) = workspace("commentary");
    std::fs::write(
        dir.join("c.csv"),
        "id,month,value,commentary\nreferrals,2020-06,342,Referrals rose by 30% in June.\non-time,2020-05,,QA checked.\n",
    )
    .unwrap();
    let before = snapshot(&dir);
    assert_fails(
        &import(&dir, "c.csv", &[]),
        6,
        &["  referrals 2020-06 commentary: \"Referrals rose by 27% in June, in line w…\" \u{2192} \"Referrals rose by 30% in June.\""],
    );
    assert_eq!(snapshot(&dir), before);
    let out = assert_ok(&import(&dir, "c.csv", &["--revise"]));
    assert!(
        out.contains("1 added, 1 revised, 1 unchanged"),
        "the unchanged value does not stop its new commentary: {out}"
    );
    let june = month_file(&data, "2020-06");
    assert!(
        june.contains("  referrals: \"Referrals rose by 30% in June.\"\n  conversion: Conversion is steady.\n"),
        "{june}"
    );
    assert!(
        month_file(&data, "2020-05")
            .ends_with("  on-time: 90.5\ncommentary:\n  on-time: \"QA checked.\"\n"),
        "{}",
        month_file(&data, "2020-05")
    );
}

#[test]
fn a_percent_formatted_cell_for_a_count_is_refused() {
    let (dir, _data) = workspace("percent-count");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "Jul-20").unwrap();
    sheet.write_string(1, 0, "contacts").unwrap();
    let percent = Format::new().set_num_format("0%");
    sheet.write_number_with_format(1, 1, 0.5, &percent).unwrap();
    workbook.save(dir.join("p.xlsx")).unwrap();
    assert_fails(
        &import(&dir, "p.xlsx", &[]),
        1,
        &["p.xlsx: `Sheet1!B2`: `contacts` is a count, but the cell holds a percentage (50%)"],
    );
}

#[test]
fn the_first_visible_sheet_is_read_by_default() {
    let (dir, data) = workspace("hidden-sheet");
    let mut workbook = Workbook::new();
    let lookup = workbook.add_worksheet();
    lookup.set_name("Lookup").unwrap();
    lookup.write_string(0, 0, "id").unwrap();
    lookup.write_string(0, 1, "2020-07").unwrap();
    lookup.write_string(1, 0, "contacts").unwrap();
    lookup.write_number(1, 1, 1).unwrap();
    lookup.set_hidden(true);
    let figures = workbook.add_worksheet();
    figures.set_name("Figures").unwrap();
    figures.set_active(true);
    figures.write_string(0, 0, "id").unwrap();
    figures.write_string(0, 1, "2020-07").unwrap();
    figures.write_string(1, 0, "contacts").unwrap();
    figures.write_number(1, 1, 1500).unwrap();
    workbook.save(dir.join("book.xlsx")).unwrap();
    let out = assert_ok(&import(&dir, "book.xlsx", &[]));
    assert!(out.contains("sheet `Figures`"), "{out}");
    assert!(month_file(&data, "2020-07").contains("  contacts: 1500\n"));
}

#[test]
fn a_percentage_typed_as_a_fraction_is_warned_about_in_check_render_and_import() {
    let (dir, data) = workspace("fraction-percentage");
    let warning = "`values.on-time`: the percentage `on-time` is 0.905 in 2020-05, far below its other months: a fraction typed for 90.5%?";
    replace_in(
        &data.join("months/2020-05.yaml"),
        &[("on-time: 90.5", "on-time: 0.905")],
    );
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_ok(&check);
    assert!(stderr(&check).contains(warning), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("if 0.905 means 90.5%, type 90.5"),
        "{}",
        stderr(&check)
    );
    let render = scorecard_in(&dir, &["render", "--data", "data", "--out", "out.pdf"], &[]);
    assert_ok(&render);
    assert!(stderr(&render).contains(warning), "{}", stderr(&render));
    // Imported: July's 0.88 among months of about 88 is named once the file is written.
    replace_in(
        &data.join("months/2020-05.yaml"),
        &[("on-time: 0.905", "on-time: 90.5")],
    );
    std::fs::write(dir.join("july.csv"), "id,2020-07\non-time,0.88\n").unwrap();
    let imported = import(&dir, "july.csv", &[]);
    assert_ok(&imported);
    assert!(
        stderr(&imported).contains("the percentage `on-time` is 0.88 in 2020-07"),
        "{}",
        stderr(&imported)
    );
    // Real percentages, however low, pass without a word.
    std::fs::write(dir.join("august.csv"), "id,2020-08\non-time,3\n").unwrap();
    let imported = import(&dir, "august.csv", &[]);
    assert_ok(&imported);
    assert!(
        !stderr(&imported).contains("2020-08"),
        "{}",
        stderr(&imported)
    );
}
