//! Packs and the monthly cycle: a pack per audience from one data folder, many months in
//! one run with a failure among them, and the public pack's small-number suppression,
//! checked on the PDF's text, its alt text and its attachments.

mod common;

use std::path::PathBuf;

use common::*;

/// Months of the small fixture, oldest first.
const MONTHS: [&str; 14] = [
    "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12",
    "2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06",
];
/// Missing-from-home episodes per month: small counts (3, 2, 4...) must not reach the
/// public pack.
const EPISODES: [u32; 14] = [9, 12, 3, 15, 0, 22, 6, 14, 2, 18, 11, 25, 4, 16];
/// Of which repeat episodes.
const REPEATS: [u32; 14] = [5, 6, 1, 7, 0, 9, 2, 6, 1, 8, 5, 10, 1, 3];

/// The small fixture with a safeguarding section of small counts and three packs: the
/// full board pack, a front-door committee pack and a public pack.
fn packs_fixture(name: &str) -> PathBuf {
    let data = small_fixture(name);
    let append = |file: &str, text: &str| append_to(&data.join(file), text);
    append(
        "indicators.yaml",
        "  - id: safeguarding\n    title: Safeguarding\n    indicators:\n\
         \x20     - id: missing-episodes\n        ref: \"6\"\n        title: Missing from home episodes\n\
         \x20       unit: count\n        polarity: down\n\
         \x20     - id: missing-repeats\n        ref: \"7\"\n        title: Repeat missing episodes\n\
         \x20       unit: count\n        polarity: down\n\
         \x20     - id: repeat-share\n        ref: \"8\"\n        title: Share of missing episodes that are repeats\n\
         \x20       unit: percentage\n        polarity: down\n\
         \x20       formula: {numerator: missing-repeats, denominator: missing-episodes}\n",
    );
    append(
        "report.yaml",
        "suppression:\n  below: 5\npacks:\n  - id: board\n\
         \x20 - id: front-door\n    title: Front Door Committee\n    sections: [front-door]\n\
         \x20 - id: public\n    title: Public Scorecard\n    audience: public\n",
    );
    for (i, month) in MONTHS.iter().enumerate() {
        let lines = format!(
            "  missing-episodes: {}\n  missing-repeats: {}\n",
            EPISODES[i], REPEATS[i]
        );
        add_values(&data, month, &lines);
    }
    data
}

#[test]
fn every_pack_is_rendered_with_its_sections_title_and_name() {
    let data = packs_fixture("packs");
    let out = data.parent().unwrap().join("out");
    let output = run_on(&data, &["render", "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    for pack in ["board", "front-door", "public"] {
        let file = out.join(format!("scorecard-{pack}-2020-06.pdf"));
        assert!(file.exists(), "{pack}: {said}");
        assert!(
            said.contains(&format!("wrote {} (", file.display())),
            "{said}"
        );
    }
    assert!(said.contains("3 of 3 documents written"), "{said}");

    let board = squeeze(&pdf_text(&out.join("scorecard-board-2020-06.pdf"), None));
    let committee = squeeze(&pdf_text(
        &out.join("scorecard-front-door-2020-06.pdf"),
        None,
    ));
    assert!(board.contains("Percentageofassessmentsontime"));
    assert!(board.contains("Missingfromhomeepisodes"));
    assert!(committee.contains("Numberofcontactsreceived"));
    assert!(
        !committee.contains("Percentageofassessmentsontime"),
        "only its sections"
    );
    assert!(!committee.contains("Missingfromhomeepisodes"));
    assert!(
        committee.contains("FrontDoorCommittee—June2020"),
        "its own title"
    );
    assert_eq!(
        pdf_info(&out.join("scorecard-front-door-2020-06.pdf"), "Title"),
        "Front Door Committee \u{2014} June 2020"
    );

    let one = run_on(
        &data,
        &[
            "render",
            "--pack",
            "front-door",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(stdout(&one).matches("wrote").count(), 1);
    let unknown = run_on(&data, &["render", "--pack", "frontdoor"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `front-door`?"),
        "{}",
        stderr(&unknown)
    );
}

#[test]
fn a_packs_own_settings_win_over_the_command_line_and_say_so() {
    let data = packs_fixture("own-settings");
    replace_in(
        &data.join("report.yaml"),
        &[(
            "    audience: public\n",
            "    audience: public\n    paper: a3\n    pdf_standard: a-2b\n    detail: exceptions\n",
        )],
    );
    let out = data.parent().unwrap().join("out");
    let out_dir = out.to_str().unwrap();

    // Refused before any work: the public pack's PDF/A-2b cannot carry attachments.
    let output = run_on(&data, &["render", "--attach-data", "--out-dir", out_dir]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "error: --attach-data: pack `public` has `pdf_standard: a-2b` in report.yaml, and PDF/A-1, PDF/A-2 and PDF/A-4 forbid attached files"
        ),
        "{}",
        stderr(&output)
    );
    assert!(!out.exists(), "no pack was written");

    // The pack keeps its A3 paper and says that --paper does not apply to it.
    let output = run_on(
        &data,
        &[
            "render",
            "--pack",
            "public",
            "--paper",
            "a4",
            "--out-dir",
            out_dir,
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(
            "`packs.public`: pack `public` keeps its own `paper: a3`; --paper does not apply to it"
        ),
        "{}",
        stderr(&output)
    );
    let size = pdf_info(&out.join("scorecard-public-2020-06.pdf"), "Page size");
    assert!(
        size.starts_with("1190.55 x 841.89 pts"),
        "A3 landscape: {size}"
    );
    // Without the option, or with the pack's own standard, there is nothing to warn about.
    for same in [&[][..], &["--pdf-standard", "a-2b"][..]] {
        let args = [
            &["render", "--pack", "public", "--out-dir", out_dir][..],
            same,
        ]
        .concat();
        let output = run_on(&data, &args);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            !stderr(&output).contains("does not apply"),
            "{}",
            stderr(&output)
        );
    }
    let output = run_on(
        &data,
        &[
            "render",
            "--pack",
            "public",
            "--pdf-standard",
            "a-3b",
            "--detail",
            "all",
            "--out-dir",
            out_dir,
        ],
    );
    for warning in [
        "pack `public` keeps its own `pdf_standard: a-2b`; --pdf-standard does not apply to it",
        "pack `public` keeps its own `detail: exceptions`; --detail does not apply to it",
    ] {
        assert!(
            stderr(&output).contains(warning),
            "{warning}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_failed_document_does_not_stop_the_others() {
    let data = packs_fixture("partial");
    let out = data.parent().unwrap().join("out");
    let output = run_on(
        &data,
        &[
            "render",
            "--months",
            "2020-05..2020-07",
            "--pack",
            "board",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(7), "{err}");
    assert!(out.join("scorecard-board-2020-05.pdf").exists());
    assert!(out.join("scorecard-board-2020-06.pdf").exists());
    assert!(!out.join("scorecard-board-2020-07.pdf").exists());
    assert!(err.contains("there is no file for 2020-07"), "{err}");
    assert!(err.contains("1 document failed: board, July 2020"), "{err}");
    assert!(stdout(&output).contains("2 of 3 documents written, 1 failed"));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The two PDFs and the index that lists them.
    assert_eq!(names.len(), 3, "no partial files: {names:?}");
    assert!(names.contains(&"index.html".to_string()), "{names:?}");
}

#[test]
fn many_months_render_in_one_run_like_one_month_each() {
    let data = packs_fixture("months");
    let out = data.parent().unwrap().join("out");
    let all = run_on(
        &data,
        &[
            "render",
            "--all-months",
            "--pack",
            "board",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert!(all.status.success(), "{}", stderr(&all));
    assert!(stdout(&all).contains("14 of 14 documents written"));
    let single = data.parent().unwrap().join("single.pdf");
    let one = run_on(
        &data,
        &[
            "render",
            "--month",
            "2019-11",
            "--pack",
            "board",
            "--out",
            single.to_str().unwrap(),
        ],
    );
    assert!(one.status.success(), "{}", stderr(&one));
    assert!(
        std::fs::read(&single).unwrap()
            == std::fs::read(out.join("scorecard-board-2019-11.pdf")).unwrap(),
        "a month rendered in a batch is byte-identical to the same month alone"
    );
}

#[test]
fn the_public_pack_never_shows_a_small_number() {
    let data = packs_fixture("public");
    let out = data.parent().unwrap().join("public.pdf");
    let output = run_on(
        &data,
        &[
            "render",
            "--pack",
            "public",
            "--attach-data",
            "--detail",
            "all",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = pdf_text(&out, None);

    // The six months Jan-20 to Jun-20: 2 and 4 are withheld, 0 stays 0; the changes and
    // 12-month figures use withheld months, so they are withheld too.
    let row = |cells: &str| {
        assert!(
            lines.lines().any(|l| l.contains(cells)),
            "no row with the cells {cells:?} in:\n{lines}"
        );
    };
    // Episodes Jan-20 to Jun-20 are 2, 18, 11, 25, 4, 16: 2 and 4 are withheld, the
    // change from May and the 12-month figures use a withheld month; the change from
    // Jun-19 (12 to 16) does not.
    row("c 18 11 25 c 16 c 33% c c");
    // Repeats are 1, 8, 5, 10, 1, 3.
    row("Repeat missing episodes c 8 5 10 c c c c c c");
    // The share of repeats is derived from withheld counts in Jan, May and Jun.
    row("c 44% 45% 40% c c c c c c");
    assert!(squeeze(&lines).contains("c=withheldtoprotectsmallnumbers(countsof1to4"));

    // No trend or SPC icon for a withheld series, and the alt text says why, not the values.
    let alts = figure_alts(&out).join("\n");
    assert!(!alts.contains("Missing from home episodes"), "{alts}");
    assert!(
        !alts.contains("Repeat missing episodes") && !alts.contains("Share of missing"),
        "{alts}"
    );
    assert!(
        squeeze(&lines).contains("Notshown(smallnumbers)"),
        "the trend cell says why"
    );
    // The summary counts the withheld series apart instead of analysing them, and their
    // detail pages draw no chart (the alt texts above name no withheld series at all).
    assert!(
        squeeze(&pdf_text(&out, Some(1))).contains("3indicatorsarenotassessed"),
        "{}",
        pdf_text(&out, Some(1))
    );
    assert!(
        alts.contains("SPC chart of Number of contacts received"),
        "{alts}"
    );
    assert!(
        !alts.contains("Jun-20 16"),
        "no trend values of a withheld series: {alts}"
    );

    // The attachment is the public figures, never the inputs.
    let listed = tool("pdfdetach", &["-list", out.to_str().unwrap()]);
    assert!(listed.contains("figures-2020-06.csv"), "{listed}");
    assert!(
        !listed.contains(".yaml"),
        "inputs are not attached: {listed}"
    );
    let csv_path = data.parent().unwrap().join("attached.csv");
    tool(
        "pdfdetach",
        &[
            "-savefile",
            "figures-2020-06.csv",
            "-o",
            csv_path.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let episodes = csv
        .lines()
        .find(|l| l.contains(",missing-episodes,"))
        .unwrap();
    assert!(
        episodes.contains(",2020-06,16.0,,"),
        "June shown, May withheld: {episodes}"
    );
    assert!(
        episodes.contains(",ok,suppressed,ok,none,none"),
        "{episodes}"
    );
    // Where the pack prints the symbol for the direction of travel, the attached table
    // leaves it empty: a direction read from withheld months is withheld too.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for id in ["missing-episodes", "missing-repeats", "repeat-share"] {
        let row: Vec<&str> = csv
            .lines()
            .find(|l| l.contains(&format!(",{id},")))
            .unwrap()
            .split(',')
            .collect();
        for name in ["direction", "direction_judgement"] {
            assert_eq!(row[column(name)], "", "{id} {name} is withheld: {row:?}");
        }
    }
    validate(&out, "3a");
    validate(&out, "ua1");

    // `figures --audience public` prints what the public pack shows.
    let public = run_on(
        &data,
        &["figures", "--audience", "public", "--month", "2020-05"],
    );
    let line = stdout(&public)
        .lines()
        .find(|l| l.contains(",missing-episodes,"))
        .unwrap()
        .to_string();
    assert!(
        line.contains(",2020-05,,25.0,"),
        "May withheld, April 25 shown: {line}"
    );
    assert!(line.contains(",suppressed,"), "{line}");
}

#[test]
fn a_rounded_public_pack_says_its_changes_come_from_rounded_counts() {
    let data = packs_fixture("rounded");
    replace_in(
        &data.join("report.yaml"),
        &[(
            "suppression:\n  below: 5\n",
            "suppression:\n  below: 5\n  round_to: 5\n",
        )],
    );
    let out = data.parent().unwrap().join("out");
    let output = run_on(
        &data,
        &[
            "render",
            "--pack",
            "public",
            "--format",
            "pdf,html",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = "other counts are rounded to the nearest 5, and the percentages, rates, \
                changes and directions of travel are worked out from the rounded counts";
    let pdf = squeeze(&pdf_text(&out.join("scorecard-public-2020-06.pdf"), None));
    assert!(pdf.contains(&squeeze(said)), "{pdf}");
    let page = std::fs::read_to_string(out.join("scorecard-public-2020-06.html")).unwrap();
    assert!(page.contains(said), "{page}");

    // The board pack rounds nothing and says nothing of rounding.
    let board = run_on(
        &data,
        &[
            "render",
            "--pack",
            "board",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert!(board.status.success(), "{}", stderr(&board));
    let board = squeeze(&pdf_text(&out.join("scorecard-board-2020-06.pdf"), None));
    assert!(!board.contains("roundedcounts"), "{board}");
}

#[test]
fn a_backfill_says_once_that_old_months_have_no_commentary() {
    let data = packs_fixture("backfill-commentary");
    let out = data.parent().unwrap().join("out");
    let all = run_on(
        &data,
        &[
            "render",
            "--all-months",
            "--pack",
            "board",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&all);
    assert!(all.status.success(), "{err}");
    // Every month misses some: one line for the run, no hints.
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("no commentary"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0]
            .contains("14 months rendered (2019-05 to 2020-06) have indicators with no commentary"),
        "{err}"
    );
    assert!(!err.contains("so the board knows the story"), "{err}");
}
