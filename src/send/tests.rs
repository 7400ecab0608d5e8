//! Unit tests: distribution.yaml as `check` reads it, and the plan and delivery loop with a
//! stand-in courier (partial failure, the exact rerun, a revised PDF, a failed session).
//! The real SMTP server is in `tests/send.rs`.

use std::path::{Path, PathBuf};

use lettre::address::Address;

use super::distribution::{self, Distribution};
use super::log::SendLog;
use super::transport::{Courier, DeliveryError};
use super::*;

#[derive(Default)]
struct FakeCourier {
    refuse: Vec<String>,
    bad_session: bool,
    delivered: Vec<(String, Vec<u8>)>,
}

impl Courier for FakeCourier {
    fn check(&mut self) -> Result<(), DeliveryError> {
        if self.bad_session {
            return Err(DeliveryError::session(
                "the server refused the login: 535 5.7.8 Authentication credentials invalid",
            ));
        }
        Ok(())
    }

    fn send(&mut self, _from: &Address, to: &Address, bytes: &[u8]) -> Result<(), DeliveryError> {
        if self.refuse.contains(&to.to_string()) {
            return Err(DeliveryError::recipient(format!(
                "the server refused it: 550 5.1.1 <{to}>: mailbox unavailable"
            )));
        }
        self.delivered.push((to.to_string(), bytes.to_vec()));
        Ok(())
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("scorecard-send-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn setup(name: &str) -> (PathBuf, Dataset, Distribution) {
    let dir = scratch(name);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
    let loaded = crate::load::load(&fixture);
    let dataset = loaded.dataset.expect("the small fixture loads");
    std::fs::write(
        dir.join(distribution::FILE_NAME),
        "from: Performance <perf@example.org>\nsubject: \"{organisation}: {title}, {month}\"\nbody: The {pack} for {month} is attached.\nlists:\n  - to: [a@example.org, b@example.org]\n    cc: [c@example.org]\n    bcc: [d@example.org]\n",
    )
    .unwrap();
    let loaded = distribution::load(&dir, Some(&dataset.report), &[]);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    (dir, dataset, loaded.distribution.unwrap())
}

fn month() -> YearMonth {
    "2020-06".parse().unwrap()
}

fn run(
    dir: &Path,
    dataset: &Dataset,
    distribution: &Distribution,
    pdf: &[u8],
    courier: &mut FakeCourier,
    resend: bool,
) -> (Vec<Planned>, Result<Summary, Stop>) {
    let (mut send_log, _) = SendLog::open(&dir.join(log::FILE_NAME)).unwrap();
    let documents = [Document {
        pack: None,
        title: &dataset.report.title,
        file_name: "scorecard-2020-06.pdf",
        pdf,
        timestamp: 1_593_475_200,
    }];
    let planned = plan(dataset, distribution, month(), &documents, &send_log).unwrap();
    let result = deliver(&planned, resend, courier, &mut send_log, &mut |_| {});
    (planned, result)
}

#[test]
fn refused_recipient_alone_is_sent_on_the_rerun_with_the_same_bytes() {
    let (dir, dataset, distribution) = setup("partial");
    let pdf = b"%PDF first".to_vec();
    let mut courier = FakeCourier {
        refuse: vec!["b@example.org".into()],
        ..FakeCourier::default()
    };
    let (planned, result) = run(&dir, &dataset, &distribution, &pdf, &mut courier, false);
    let summary = result.unwrap();
    assert_eq!((summary.delivered, summary.failed), (3, 1));
    assert_eq!(
        planned[0].built.subject,
        "Testshire County Council: Test Services Scorecard, June 2020"
    );
    let first_bytes = courier.delivered[0].1.clone();

    let mut courier = FakeCourier::default();
    let (_, result) = run(&dir, &dataset, &distribution, &pdf, &mut courier, false);
    assert_eq!(result.unwrap().delivered, 1);
    assert_eq!(courier.delivered.len(), 1);
    assert_eq!(courier.delivered[0].0, "b@example.org");
    assert_eq!(
        courier.delivered[0].1, first_bytes,
        "the rerun sends the same message"
    );

    let mut courier = FakeCourier::default();
    let (planned, result) = run(&dir, &dataset, &distribution, &pdf, &mut courier, false);
    assert_eq!(result.unwrap(), Summary::default(), "nothing new");
    assert!(planned[0].pending(false).next().is_none());

    let (_, result) = run(&dir, &dataset, &distribution, &pdf, &mut courier, true);
    assert_eq!(result.unwrap().delivered, 4, "--resend sends to everyone");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_changed_pdf_is_sent_again_marked_revised() {
    let (dir, dataset, distribution) = setup("revised");
    let mut courier = FakeCourier::default();
    run(
        &dir,
        &dataset,
        &distribution,
        b"%PDF one",
        &mut courier,
        false,
    )
    .1
    .unwrap();
    let mut courier = FakeCourier::default();
    let (planned, result) = run(
        &dir,
        &dataset,
        &distribution,
        b"%PDF two",
        &mut courier,
        false,
    );
    assert_eq!(result.unwrap().delivered, 4);
    assert!(planned[0].revised);
    assert!(planned[0].built.subject.starts_with("Revised: "));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_failed_login_sends_nothing_and_logs_nothing() {
    let (dir, dataset, distribution) = setup("login");
    let mut courier = FakeCourier {
        bad_session: true,
        ..FakeCourier::default()
    };
    let (_, result) = run(&dir, &dataset, &distribution, b"%PDF", &mut courier, false);
    assert!(matches!(result, Err(Stop::Session(_))));
    assert!(courier.delivered.is_empty());
    assert!(!dir.join(log::FILE_NAME).exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// distribution.yaml as `check` sees it.
mod distribution_file {
    use super::distribution::{load, LoadedDistribution, FILE_NAME};

    fn load_text(name: &str, text: &str) -> LoadedDistribution {
        let dir =
            std::env::temp_dir().join(format!("scorecard-dist-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(FILE_NAME), text).unwrap();
        // The small fixture's report.yaml, which defines no packs.
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        let report = crate::load::load(&fixture).report;
        let loaded = load(&dir, report.as_ref(), &[]);
        std::fs::remove_dir_all(&dir).unwrap();
        loaded
    }

    #[test]
    fn a_good_file_loads() {
        let loaded = load_text(
            "good",
            "from: Performance <perf@example.org>\nsubject: \"{title}: {month}\"\nbody: |\n  Dear board,\n  attached.\nlists:\n  - to: [a@example.org, \"B <b@example.org>\"]\n    bcc: [c@example.org]\n",
        );
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        let d = loaded.distribution.unwrap();
        assert_eq!(d.lists[0].recipients().len(), 3);
        assert_eq!(d.max_message_bytes, 25_000_000);
    }

    #[test]
    fn an_unknown_placeholder_is_located_on_its_own_line_of_the_body() {
        let loaded = load_text(
            "placeholder",
            "from: a@example.org\nsubject: \"{title}\"\nbody: |\n  Dear all,\n\n  The {titel} for {month}.\nlists:\n  - to: [b@example.org]\n",
        );
        let all: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            all.iter()
                .any(|p| p.contains(":6:7: `body`: unknown placeholder `{titel}`")),
            "{all:?}"
        );
    }

    #[test]
    fn every_mistake_is_located() {
        let loaded = load_text(
            "bad",
            "from: not an address\nsubject: \"{title}\\nBcc: x@evil.example\"\nbody: \"{montth}\"\nmax_message_mb: -1\nlists:\n  - pack: board\n    to: [a@example.org, A@example.org]\n  - to: [b@example.org]\n",
        );
        let text: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        let all = text.join("\n");
        assert!(
            all.contains(":1:7: `from`: `not an address` is not an email address"),
            "{all}"
        );
        assert!(
            all.contains(":2:10: `subject`: the subject has a line break"),
            "{all}"
        );
        assert!(
            all.contains("`body`: unknown placeholder `{montth}`"),
            "{all}"
        );
        assert!(all.contains("did you mean `{month}`?"), "{all}");
        assert!(all.contains("`max_message_mb`"), "{all}");
        assert!(
            all.contains(
                "`lists[0].pack`: pack `board` is named, but report.yaml defines no packs"
            ),
            "{all}"
        );
        assert!(
            all.contains("`lists[0].to[1]`: A@example.org is listed twice"),
            "{all}"
        );
        assert!(all.contains("`lists[1]`: a second list"), "{all}");
        assert!(loaded.distribution.is_none());
    }

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let loaded = load_text(
            "typo",
            "from: a@example.org\nsubjet: x\nbody: y\nlists: []\n",
        );
        let all = loaded.problems[0].to_string();
        assert!(all.contains("did you mean `subject`?"), "{all}");
    }

    #[test]
    fn a_report_title_with_a_line_break_cannot_reach_the_subject() {
        let (dir, mut dataset, _) = super::setup("title-break");
        dataset.report.title = "Scorecard\r\nBcc: everyone@evil.example".into();
        let loaded = load(&dir, Some(&dataset.report), &[]);
        let all: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            all.iter().any(|p| p
                .contains("the subject uses `{title}`, and report.yaml's title has a line break")),
            "{all:?}"
        );
        assert!(loaded.distribution.is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
