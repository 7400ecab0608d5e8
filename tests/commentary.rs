//! The commentary round trip as a user runs it: `scorecard commentary request` writes one
//! workbook per owner for the shipped sample; each is filled in and saved by a real
//! spreadsheet library (openpyxl, in the venv `scripts/test` makes) or by LibreOffice;
//! `scorecard import` takes it back; the rendered pack shows the new commentary; and
//! `commentary status` says what is still outstanding. Tests needing Python with openpyxl
//! or LibreOffice print `SKIPPED: …` without them (and fail under `CI`).

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::smtp::{Server, PASSWORD};
use common::{
    assert_fails, assert_ok, copy_tree, pdf_text, root, run_on, scratch, skip_or_fail, squeeze,
};

/// The venv's Python `scripts/test` makes (`SCORECARD_VALIDATOR_PYTHON`), or its default.
fn venv_python() -> PathBuf {
    std::env::var_os("SCORECARD_VALIDATOR_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/validator-venv/bin/python"))
}

/// The Python with openpyxl, or none (after saying so).
fn python(test: &str) -> Option<PathBuf> {
    let venv = venv_python();
    let works = venv.exists()
        && Command::new(&venv)
            .args(["-c", "import openpyxl"])
            .status()
            .is_ok_and(|s| s.success());
    if works {
        Some(venv)
    } else {
        skip_or_fail(
            test,
            "target/validator-venv with openpyxl is missing; run ./scripts/test",
        );
        None
    }
}

/// A copy of the shipped sample (with its owners) in a fresh folder; returns `data`.
fn sample(name: &str) -> PathBuf {
    let dir = scratch(&format!("commentary-{name}"));
    let data = dir.join("data");
    copy_tree(&root().join("data"), &data);
    data
}

/// Runs `commentary request` for the sample and returns the folder the workbooks are in.
fn request(data: &Path, extra: &[&str]) -> PathBuf {
    let out = data.parent().unwrap().join("out");
    let mut args = vec!["commentary", "request", "--out-dir", out.to_str().unwrap()];
    args.extend(extra);
    assert_ok(&run_on(data, &args));
    out
}

/// Fills in `workbook` with openpyxl and saves it as `target`.
fn fill(python: &Path, workbook: &Path, target: &Path, edits: &[&str]) {
    let output = Command::new(python)
        .arg(root().join("tests/fill_commentary.py"))
        .arg(workbook)
        .arg(target)
        .args(edits)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn month_file(data: &Path) -> String {
    std::fs::read_to_string(data.join("months/2020-06.yaml")).unwrap()
}

#[test]
fn request_fill_in_import_render_and_status() {
    let Some(python) = python("request_fill_in_import_render_and_status") else {
        return;
    };
    let data = sample("loop");
    let before = month_file(&data);
    let out = request(&data, &[]);
    let mash = out.join("commentary-2020-06-mash-lead.xlsx");
    let cp = out.join("commentary-2020-06-cp-lead.xlsx");
    assert!(mash.is_file() && cp.is_file());
    // One workbook per owner holding an indicator.
    let written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(written.len(), 6, "{written:?}");

    let status = assert_ok(&run_on(&data, &["commentary", "status", "--format", "csv"]));
    let mut lines = status.lines();
    assert_eq!(
        lines.next(),
        Some("owner,name,email,indicators,with_commentary,outstanding_refs")
    );
    assert!(
        status.contains("\nlac-lead,Chris Evans,chris.evans@example.gov.uk,16,5,37;38;39;40;46;47;48;49;50;51;52\n"),
        "{status}"
    );
    assert!(
        status.contains("\nfostering-lead,Morgan Reid,,3,3,\n"),
        "{status}"
    );

    // Two owners' workbooks in one run: Sam replaces the commentary his workbook was
    // made with, Chris writes one that was outstanding.
    let dir = data.parent().unwrap();
    let (sam, chris) = (
        dir.join("returned-mash.xlsx"),
        dir.join("returned-lac.xlsx"),
    );
    let words = "Contacts rose with the schools' return; the MASH kept pace.";
    fill(&python, &mash, &sam, &[&format!("1={words}")]);
    fill(
        &python,
        &out.join("commentary-2020-06-lac-lead.xlsx"),
        &chris,
        &["37=Numbers in care are steady."],
    );
    let run = run_on(
        &data,
        &["import", sam.to_str().unwrap(), chris.to_str().unwrap()],
    );
    let imported = assert_ok(&run);
    assert!(
        imported.contains("commentary workbook for mash-lead"),
        "{imported}"
    );
    assert!(imported.contains("2 added, 0 revised"), "{imported}");
    let after = month_file(&data);
    assert!(
        after.contains(words) && after.contains("lac: \"Numbers in care are steady.\""),
        "{after}"
    );
    // The rest of the file is as it was: every line of it outside contacts' old
    // commentary is still there, in order.
    let kept: Vec<&str> = before
        .lines()
        .skip_while(|l| !l.starts_with("commentary:"))
        .skip(1)
        .skip_while(|l| !l.starts_with("  contacts:"))
        .skip(1)
        .skip_while(|l| l.starts_with("    "))
        .collect();
    assert!(
        after.contains(&kept.join("\n")),
        "the rest of the commentary block is untouched"
    );
    let values = |t: &str| t.split("commentary:").next().unwrap().to_string();
    assert_eq!(
        values(&after),
        values(&before),
        "values and comments untouched"
    );
    // Importing the same workbooks again changes nothing.
    let again = assert_ok(&run_on(
        &data,
        &["import", sam.to_str().unwrap(), chris.to_str().unwrap()],
    ));
    assert!(again.contains("nothing to write"), "{again}");
    assert_eq!(month_file(&data), after);

    let status = assert_ok(&run_on(&data, &["commentary", "status", "--format", "csv"]));
    assert!(
        status.contains("\nlac-lead,Chris Evans,chris.evans@example.gov.uk,16,6,38;"),
        "{status}"
    );
    let text = assert_ok(&run_on(&data, &["commentary", "status"]));
    assert!(
        text.contains("lac-lead (Chris Evans): 6 of 16 with commentary; outstanding: 38, 39"),
        "{text}"
    );
    assert!(
        text.contains("mash-lead (Sam Patel): 7 of 7 with commentary; none outstanding"),
        "{text}"
    );

    let pdf = data.parent().unwrap().join("pack.pdf");
    assert_ok(&run_on(&data, &["render", "--out", pdf.to_str().unwrap()]));
    assert!(
        squeeze(&pdf_text(&pdf, None)).contains(&squeeze("Contacts rose with the schools")),
        "the pack prints the returned commentary"
    );
}

#[test]
fn a_commentary_edited_in_the_month_file_meanwhile_is_a_revision() {
    let Some(python) = python("a_commentary_edited_in_the_month_file_meanwhile_is_a_revision")
    else {
        return;
    };
    let data = sample("revision");
    let out = request(&data, &["--owner", "lac-lead"]);
    let returned = data.parent().unwrap().join("r.xlsx");
    fill(
        &python,
        &out.join("commentary-2020-06-lac-lead.xlsx"),
        &returned,
        &["37=The owner's text."],
    );
    let path = data.join("months/2020-06.yaml");
    let text = month_file(&data);
    let edited = text.replacen(
        "\ncommentary:\n",
        "\ncommentary:\n  lac: Typed by the team meanwhile.\n",
        1,
    );
    assert_ne!(edited, text);
    std::fs::write(&path, &edited).unwrap();
    let refused = run_on(&data, &["import", returned.to_str().unwrap()]);
    let said = assert_fails(
        &refused,
        6,
        &["lac 2020-06 commentary", "Typed by the team", "--revise"],
    );
    assert!(said.contains("The owner's text."), "{said}");
    assert_eq!(month_file(&data), edited, "nothing written");
    assert_ok(&run_on(
        &data,
        &["import", returned.to_str().unwrap(), "--revise"],
    ));
    assert!(month_file(&data).contains("The owner's text."));
}

#[test]
fn returned_workbooks_that_do_not_fit_are_refused_and_nothing_is_written() {
    let Some(python) =
        python("returned_workbooks_that_do_not_fit_are_refused_and_nothing_is_written")
    else {
        return;
    };
    let data = sample("errors");
    let out = request(&data, &["--owner", "mash-lead"]);
    let made = out.join("commentary-2020-06-mash-lead.xlsx");
    let dir = data.parent().unwrap().to_path_buf();
    let before = month_file(&data);
    let try_import = |name: &str, edits: &[&str]| {
        let returned = dir.join(format!("{name}.xlsx"));
        fill(&python, &made, &returned, edits);
        run_on(&data, &["import", returned.to_str().unwrap()])
    };

    let hidden = try_import("hidden", &["1=Text", "--drop-hidden"]);
    assert_fails(
        &hidden,
        1,
        &["hidden.xlsx", "hidden sheet `scorecard` is missing"],
    );
    // openpyxl refuses a raw control character; `_x0007_` is how XLSX writes one.
    let control = try_import("control", &["1=Bell_x0007_ here"]);
    assert_fails(&control, 1, &["'Commentary'!", "U+0007"]);
    let bidi = try_import("bidi", &["1=abc\u{202E}cba"]);
    assert_fails(&bidi, 1, &["U+202E", "bidirectional"]);
    let long = "word ".repeat(500);
    let too_long = try_import("long", &[&format!("1={long}")]);
    assert_fails(&too_long, 1, &["characters long", "nothing is cut"]);
    assert_eq!(month_file(&data), before, "nothing was written");

    // Figures typed over are named and not imported; the commentary still is.
    let typed = try_import("typed", &["1=Kept.", "--cell", "E7=999"]);
    let said = assert_ok(&typed);
    let warned = common::stderr(&typed);
    assert!(warned.contains("'Commentary'!E7"), "{said}\n{warned}");
    assert!(month_file(&data).contains("Kept."));
    assert!(!month_file(&data).contains("999"));

    // Another data folder, a month without a file, an indicator that has gone.
    let other = sample("errors-other");
    common::replace_in(
        &other.join("report.yaml"),
        &[(
            "organisation: Southampton City Council",
            "organisation: Testshire",
        )],
    );
    let returned = dir.join("typed.xlsx");
    let refused = run_on(&other, &["import", returned.to_str().unwrap()]);
    assert_fails(&refused, 1, &["another data folder", "Testshire"]);
    let gone = sample("errors-gone");
    std::fs::remove_file(gone.join("months/2020-06.yaml")).unwrap();
    let refused = run_on(&gone, &["import", returned.to_str().unwrap()]);
    assert_fails(&refused, 1, &["no month file"]);
    // An indicator renamed since the workbook was made.
    let renamed = sample("errors-renamed");
    for entry in walk(&renamed) {
        let text = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(
            &entry,
            text.replace("re-referrals-pct", "re-referral-share"),
        )
        .unwrap();
    }
    let refused = run_on(&renamed, &["import", returned.to_str().unwrap()]);
    assert_fails(
        &refused,
        1,
        &[
            "`re-referrals-pct`, which indicators.yaml no longer defines",
            "'Commentary'!A13",
        ],
    );
}

#[test]
fn a_changed_hidden_sheet_is_refused_and_never_read_at_another_column_or_row() {
    let Some(python) =
        python("a_changed_hidden_sheet_is_refused_and_never_read_at_another_column_or_row")
    else {
        return;
    };
    let data = sample("hidden-changed");
    let out = request(&data, &["--owner", "mash-lead"]);
    let made = out.join("commentary-2020-06-mash-lead.xlsx");
    let dir = data.parent().unwrap().to_path_buf();
    let before = month_file(&data);
    // The facts at B4 (month), B8 (figure columns), B9 (commentary column) and each
    // row's number (B11 on) tell the reader where to look; none may send it elsewhere.
    for (name, cell) in [
        ("month", "B4=2020-05"),
        ("figure-columns", "B8=99999999999"),
        ("commentary-column", "B9=A"),
        ("far-column", "B9=ZZZZZZZZZZZZZZZZ"),
        ("row", "B11=99999999999999999999"),
        ("row-zero", "B11=0"),
        ("id-twice", "A12=contacts"),
    ] {
        let returned = dir.join(format!("{name}.xlsx"));
        fill(&python, &made, &returned, &["1=Text", "--hidden", cell]);
        let refused = run_on(&data, &["import", returned.to_str().unwrap()]);
        assert_fails(
            &refused,
            1,
            &[
                &format!("{name}.xlsx"),
                "cannot be read back",
                "hidden sheet",
            ],
        );
        assert_eq!(month_file(&data), before, "{name}: nothing was written");
    }
    // A row pointed at another owner's indicator is named, and nothing is written.
    let returned = dir.join("another-owners.xlsx");
    fill(
        &python,
        &made,
        &returned,
        &["1=Text", "--hidden", "A11=lac"],
    );
    let refused = run_on(&data, &["import", returned.to_str().unwrap()]);
    assert_fails(
        &refused,
        1,
        &[
            "'Commentary'!A7",
            "`lac`, which indicators.yaml gives to `lac-lead`, not to `mash-lead`",
        ],
    );
    assert_eq!(month_file(&data), before);
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Reads one part of an XLSX.
fn part(xlsx: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_is_protected_validated_and_has_sparklines_and_a_hidden_sheet() {
    let data = sample("look");
    let out = request(&data, &["--owner", "mash-lead"]);
    let xlsx = out.join("commentary-2020-06-mash-lead.xlsx");
    let book = part(&xlsx, "xl/workbook.xml");
    assert!(book.contains(r#"name="Commentary""#), "{book}");
    assert!(
        book.contains(r#"name="scorecard" sheetId="2" state="hidden""#),
        "{book}"
    );
    let sheet = part(&xlsx, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<sheetProtection"), "protected");
    assert!(!sheet.contains("password"), "without a password");
    assert!(sheet.contains(r#"type="textLength""#) && sheet.contains("<formula1>2000</formula1>"));
    assert!(sheet.contains("x14:sparklineGroup"), "native sparklines");
    assert!(sheet.contains(r#"orientation="landscape""#) && sheet.contains("fitToHeight=\"0\""));
    assert!(sheet.contains(r#"state="frozen""#));
    let strings = part(&xlsx, "xl/sharedStrings.xml");
    for heading in [
        "Ref",
        "Suggested opening",
        "Commentary for June 2020",
        "Sam Patel",
    ] {
        assert!(strings.contains(heading), "{heading}");
    }
    assert!(
        strings.contains("1,403 in June 2020, up 20% on May 2020"),
        "the suggested opening for contacts"
    );
    // The same data makes the same bytes.
    let first = std::fs::read(&xlsx).unwrap();
    request(&data, &["--owner", "mash-lead"]);
    assert_eq!(std::fs::read(&xlsx).unwrap(), first);
}

#[test]
fn check_names_an_owner_distribution_yaml_does_not_list() {
    let data = sample("unlisted");
    common::replace_in(
        &data.join("indicators.yaml"),
        &[("owner: fostering-lead", "owner: fostering-led")],
    );
    let output = run_on(&data, &["check"]);
    assert_fails(
        &output,
        1,
        &[
            "indicators.yaml:",
            "owner `fostering-led` is not listed",
            "fostering-lead",
        ],
    );
}

#[test]
fn a_distribution_yaml_that_failed_does_not_make_owners_look_unlisted() {
    let data = sample("distribution-failed");
    common::replace_in(
        &data.join("distribution.yaml"),
        &[("id: mash-lead", "id: \"../../escape\"")],
    );
    let output = run_on(&data, &["check"]);
    assert_fails(&output, 1, &["`owners[0].id`", "is not an owner id"]);
    let said = common::stderr(&output);
    assert!(!said.contains("lists none"), "{said}");
    assert!(!said.contains("is not listed"), "{said}");
}

fn run_with(data: &Path, args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--data", data.to_str().unwrap()]);
    common::scorecard_in(data.parent().unwrap(), &all, env)
}

#[test]
fn requests_and_reminders_go_out_once_through_sends_settings_and_log() {
    let data = sample("send");
    // Without mail settings: a dry run, the .eml beside each workbook, nothing logged.
    let dry = assert_ok(&run_on(&data, &["commentary", "request", "--send"]));
    assert!(
        dry.contains("SCORECARD_SMTP_URL is not set: nothing was sent (5 owners would"),
        "{dry}"
    );
    let out = data.parent().unwrap().join("out");
    assert!(out.join("commentary-2020-06-mash-lead.eml").is_file());
    assert!(
        !out.join("commentary-2020-06-fostering-lead.eml").exists(),
        "no address, no message"
    );
    assert!(!data.join("send-log.jsonl").exists());

    let Some(server) = Server::start("requests_and_reminders_go_out_once") else {
        return;
    };
    let url = server.url();
    let env = server.env(&url, PASSWORD);
    // A refused owner is named with the command that retries only them.
    server.refuse(&["jordan.lee@example.gov.uk"]);
    let partly = run_with(&data, &["commentary", "request", "--send"], &env);
    assert_fails(
        &partly,
        5,
        &[
            "jordan.lee@example.gov.uk",
            "1 not delivered; run `scorecard commentary request --send` again",
        ],
    );
    assert_eq!(server.received().len(), 4);
    server.refuse(&[]);
    let sent = assert_ok(&run_with(&data, &["commentary", "request", "--send"], &env));
    assert!(sent.contains("delivered 1 of 1"), "{sent}");
    let received = server.received();
    assert_eq!(received.len(), 5, "one message per owner with an address");
    let (to, bytes) = received
        .iter()
        .find(|(to, _)| to == &["sam.patel@example.gov.uk"])
        .expect("Sam's request");
    assert_eq!(to, &["sam.patel@example.gov.uk"]);
    let message = mail_parser::MessageParser::default().parse(bytes).unwrap();
    assert_eq!(
        message.subject(),
        Some(
            "Commentary for Children's Services Performance Scorecard, June 2020: due 8 July 2020"
        )
    );
    let attachment = message.attachment(0).expect("the workbook attached");
    use mail_parser::MimeHeaders;
    assert_eq!(
        attachment.attachment_name(),
        Some("commentary-2020-06-mash-lead.xlsx")
    );
    assert_eq!(
        attachment.contents(),
        std::fs::read(out.join("commentary-2020-06-mash-lead.xlsx")).unwrap()
    );
    assert!(message.body_text(0).unwrap().contains("Dear Sam Patel"));

    // However often it runs, each owner has one request for the month.
    let again = assert_ok(&run_with(&data, &["commentary", "request", "--send"], &env));
    assert!(again.contains("nothing new to send"), "{again}");
    assert_eq!(server.received().len(), 5);

    // A chase goes only to owners with commentary outstanding, once a day; one refused
    // is named with the command that retries only them.
    server.refuse(&["chris.evans@example.gov.uk"]);
    let partly = run_with(&data, &["commentary", "chase", "--send"], &env);
    assert_fails(
        &partly,
        5,
        &[
            "chris.evans@example.gov.uk",
            "1 not delivered; run `scorecard commentary chase --send` again",
        ],
    );
    server.refuse(&[]);
    let chased = assert_ok(&run_with(&data, &["commentary", "chase", "--send"], &env));
    assert!(chased.contains("delivered 1 of 1"), "{chased}");
    let after_chase = server.received().len();
    assert!(after_chase > 5 && after_chase <= 10, "{after_chase}");
    let again = assert_ok(&run_with(&data, &["commentary", "chase", "--send"], &env));
    assert!(again.contains("nothing new to send"), "{again}");
    assert_eq!(server.received().len(), after_chase);
}

#[test]
fn the_same_workbook_saved_by_libreoffice_as_ods_or_xlsx_imports_the_same() {
    let test = "the_same_workbook_saved_by_libreoffice_as_ods_or_xlsx_imports_the_same";
    let Some(python) = python(test) else {
        return;
    };
    let data = sample("libreoffice");
    let out = request(&data, &["--owner", "lac-lead"]);
    let dir = data.parent().unwrap().to_path_buf();
    let filled = dir.join("filled.xlsx");
    fill(
        &python,
        &out.join("commentary-2020-06-lac-lead.xlsx"),
        &filled,
        &[
            "37=Numbers in care are steady.",
            "38=Rate in line with neighbours.",
        ],
    );
    let Some(ods) = common::convert_with_libreoffice(test, &filled, &dir.join("ods"), "ods") else {
        return;
    };
    let Some(xlsx) = common::convert_with_libreoffice(test, &ods, &dir.join("xlsx"), "xlsx") else {
        return;
    };
    let mut results = Vec::new();
    for (name, file) in [("openpyxl", &filled), ("ods", &ods), ("lo-xlsx", &xlsx)] {
        let copy = sample(&format!("libreoffice-{name}"));
        let output = run_on(&copy, &["import", file.to_str().unwrap()]);
        let said = assert_ok(&output);
        assert!(said.contains("2 added, 0 revised"), "{name}: {said}");
        assert!(
            !common::stderr(&output).contains("typed over"),
            "{name}: {}",
            common::stderr(&output)
        );
        results.push(month_file(&copy));
    }
    assert_eq!(
        results[0], results[1],
        "ODS imports as the openpyxl XLSX does"
    );
    assert_eq!(
        results[0], results[2],
        "LibreOffice's XLSX imports the same"
    );
    assert!(results[0].contains("Rate in line with neighbours."));
}

#[test]
fn a_figure_that_changed_in_the_data_since_is_named() {
    let Some(python) = python("a_figure_that_changed_in_the_data_since_is_named") else {
        return;
    };
    let data = sample("changed");
    let out = request(&data, &["--owner", "mash-lead"]);
    let returned = data.parent().unwrap().join("r.xlsx");
    fill(
        &python,
        &out.join("commentary-2020-06-mash-lead.xlsx"),
        &returned,
        &["1=Still fits?"],
    );
    common::replace_in(
        &data.join("months/2020-06.yaml"),
        &[("  contacts: 1403", "  contacts: 1503")],
    );
    let output = run_on(&data, &["import", returned.to_str().unwrap()]);
    assert_ok(&output);
    let warned = common::stderr(&output);
    assert!(
        warned.contains("figures changed in the data since the workbook was made"),
        "{warned}"
    );
    assert!(
        warned.contains("'Commentary'!H7"),
        "June's contacts: {warned}"
    );
    assert!(
        warned.contains("check the commentary still fits"),
        "{warned}"
    );
}

#[test]
fn indicators_nobody_owns_are_reported_by_status() {
    let data = sample("unowned");
    common::replace_in(
        &data.join("indicators.yaml"),
        &[("    owner: fostering-lead\n", "")],
    );
    assert_ok(&run_on(&data, &["check"]));
    let text = assert_ok(&run_on(&data, &["commentary", "status"]));
    assert!(
        text.trim_end()
            .ends_with("no owner: 3 of 3 with commentary; none outstanding"),
        "{text}"
    );
    let csv = assert_ok(&run_on(&data, &["commentary", "status", "--format", "csv"]));
    assert!(
        !csv.contains("fostering-lead"),
        "an owner holding nothing: {csv}"
    );
    assert!(csv.ends_with("\n,,,3,3,\n"), "{csv}");
}

#[test]
fn numbers_and_returned_workbooks_import_all_or_nothing() {
    let Some(python) = python("numbers_and_returned_workbooks_import_all_or_nothing") else {
        return;
    };
    let data = sample("together");
    let out = request(&data, &["--owner", "lac-lead"]);
    let dir = data.parent().unwrap().to_path_buf();
    let returned = dir.join("returned.xlsx");
    fill(
        &python,
        &out.join("commentary-2020-06-lac-lead.xlsx"),
        &returned,
        &["37=Steady."],
    );
    let numbers = dir.join("numbers.csv");
    std::fs::write(&numbers, "id,2020-06\nno-such-indicator,12\n").unwrap();
    let before = month_file(&data);
    let refused = run_on(
        &data,
        &[
            "import",
            returned.to_str().unwrap(),
            numbers.to_str().unwrap(),
        ],
    );
    assert_fails(
        &refused,
        1,
        &["no-such-indicator", "no month file was changed"],
    );
    assert_eq!(
        month_file(&data),
        before,
        "the commentary waits for the numbers"
    );
}

#[test]
fn a_chase_writes_its_fresh_workbooks_where_it_is_told_and_never_into_the_data() {
    let data = sample("chase-out-dir");
    let elsewhere = data.parent().unwrap().join("reminders");
    let dry = assert_ok(&run_on(
        &data,
        &[
            "commentary",
            "chase",
            "--send",
            "--out-dir",
            elsewhere.to_str().unwrap(),
        ],
    ));
    assert!(dry.contains("SCORECARD_SMTP_URL is not set"), "{dry}");
    assert!(elsewhere.join("commentary-2020-06-lac-lead.xlsx").is_file());
    assert!(elsewhere.join("commentary-2020-06-lac-lead.eml").is_file());
    let into_data = run_on(
        &data,
        &[
            "commentary",
            "chase",
            "--send",
            "--out-dir",
            data.join("months").to_str().unwrap(),
        ],
    );
    assert_fails(&into_data, 2, &["months"]);
    assert_ok(&run_on(&data, &["check"]));
}
