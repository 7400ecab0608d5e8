//! PDF/A and PDF/UA conformance, checked by an independent validator (the PyPI package
//! `page-validation`), and `--attach-data` producing a PDF/A-3 file carrying its inputs.

mod common;

use common::*;

#[test]
fn default_render_conforms_to_pdf_a_2a_and_pdf_ua_1() {
    let dir = scratch("standards");
    let out = dir.join("sample.pdf");
    let output = scorecard_in(&root(), &["render", "--out", out.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    validate(&out, "2a");
    validate(&out, "ua1");
    assert_eq!(pdf_info(&out, "Tagged"), "yes");
    // The document language comes from report.yaml (en-GB).
    let json = tool(
        "qpdf",
        &["--json=2", "--json-key=qpdf", out.to_str().unwrap()],
    );
    assert!(
        json.contains("\"/Lang\": \"u:en-GB\""),
        "catalog /Lang is en-GB"
    );
}

#[test]
fn attach_data_embeds_the_inputs_in_a_pdf_a_3_file() {
    let data = small_fixture("attach");
    let dir = data.parent().unwrap().to_path_buf();
    let output = scorecard_in(&dir, &["render", "--attach-data", "--out", "a.pdf"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = dir.join("a.pdf");
    validate(&pdf, "3a");
    validate(&pdf, "ua1");
    let listing = tool("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    let mut expected = vec![
        "report.yaml".to_string(),
        "indicators.yaml".to_string(),
        "figures-2020-06.csv".to_string(),
    ];
    for entry in std::fs::read_dir(data.join("months")).unwrap() {
        expected.push(format!(
            "months/{}",
            entry.unwrap().file_name().to_string_lossy()
        ));
    }
    for name in &expected {
        assert!(
            listing.contains(name.as_str()),
            "{name} not attached:\n{listing}"
        );
    }
    assert!(
        listing.starts_with(&format!("{} embedded files", expected.len())),
        "{listing}"
    );

    // The attachments are the exact input bytes. pdfdetach numbers them from 1.
    let extract = |name: &str| -> Vec<u8> {
        let index = listing
            .lines()
            .find_map(|l| {
                l.split_once(": ")
                    .filter(|(_, n)| *n == name)
                    .map(|(i, _)| i.trim().to_string())
            })
            .unwrap_or_else(|| panic!("{name} not listed"));
        let target = dir.join("extracted.bin");
        tool(
            "pdfdetach",
            &[
                "-save",
                &index,
                "-o",
                target.to_str().unwrap(),
                pdf.to_str().unwrap(),
            ],
        );
        std::fs::read(target).unwrap()
    };
    assert_eq!(
        extract("report.yaml"),
        std::fs::read(data.join("report.yaml")).unwrap()
    );
    assert_eq!(
        extract("months/2020-06.yaml"),
        std::fs::read(data.join("months/2020-06.yaml")).unwrap()
    );
    let csv = String::from_utf8(extract("figures-2020-06.csv")).unwrap();
    assert!(csv.starts_with("ref,id,section,title,unit,polarity,month,value"));
}

#[test]
fn other_standards_on_request() {
    let data = small_fixture("other");
    let dir = data.parent().unwrap().to_path_buf();
    let output = scorecard_in(
        &dir,
        &["render", "--pdf-standard", "a-2b", "--out", "b.pdf"],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    validate(&dir.join("b.pdf"), "2b");
    let output = scorecard_in(
        &dir,
        &[
            "render",
            "--pdf-standard",
            "none,untagged",
            "--out",
            "n.pdf",
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(pdf_info(&dir.join("n.pdf"), "Tagged"), "no");
}
