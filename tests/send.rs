//! `scorecard send` end to end, against a real SMTP server on 127.0.0.1
//! (`tests/smtp_server.py`: aiosmtpd requiring STARTTLS and AUTH, with a CA and a
//! `localhost` certificate made by openssl at test time). What the server received is
//! parsed with mail-parser and compared with the rendered PDF and the dry run's `.eml`.
//!
//! Beside this file: `send/oauth.rs` (OAuth 2.0 and XOAUTH2, with `tests/token_server.py`),
//! `send/bounded.rs` (servers that never finish an answer) and `send/international.rs`
//! (addresses outside ASCII).
//!
//! When the server cannot start (no aiosmtpd or openssl) the server tests print
//! `SKIPPED: ...` and pass, unless `SCORECARD_REQUIRE_SMTP=1` (set by `scripts/test` in
//! CI), where that is a failure.

#[path = "send/bounded.rs"]
mod bounded;
mod common;
#[path = "send/international.rs"]
mod international;
#[path = "send/oauth.rs"]
mod oauth;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::smtp::{skip_or_fail, spawn_python, Server, PASSWORD, USER};
use common::{append_to, copy_tree, replace_in, root, stderr, stdout};
use mail_parser::{MessageParser, MimeHeaders};

const RECIPIENTS: [&str; 4] = [
    "chair@board.example",
    "member@board.example",
    "director@testshire.example",
    "archive@testshire.example",
];

const DISTRIBUTION: &str = r#"from: Performance Team <performance@testshire.example>
reply_to: analysts@testshire.example
subject: "{organisation}: {title}, {month}"
body: |
  Dear colleagues,

  The {title} for {month} is attached.

  Performance Team
lists:
  - to: ["Chair of the Board <chair@board.example>", member@board.example]
    cc: [director@testshire.example]
    bcc: [archive@testshire.example]
"#;

/// A fresh folder under the target's test scratch area, with the small fixture as `data/`
/// and a distribution.yaml. Returns the folder (the working directory for runs).
fn workspace(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("send-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&root().join("tests/fixtures/small"), &dir.join("data"));
    std::fs::write(dir.join("data/distribution.yaml"), DISTRIBUTION).unwrap();
    dir
}

/// `scorecard send` in `dir` against the test server, with the right password.
fn send_for_real(dir: &Path, server: &Server) -> Output {
    run(
        dir,
        &["send", "--data", "data"],
        &server.env(&server.url(), PASSWORD),
    )
}

/// Runs `scorecard` in `dir` with no SMTP settings but those given.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scorecard"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH");
    for name in [
        "SCORECARD_SMTP_URL",
        "SCORECARD_SMTP_USER",
        "SCORECARD_SMTP_PASSWORD",
        "SCORECARD_SMTP_CA",
        "SCORECARD_SMTP_AUTH",
        "SCORECARD_SMTP_DEADLINE",
        "SCORECARD_OAUTH_TOKEN_URL",
        "SCORECARD_OAUTH_CLIENT_ID",
        "SCORECARD_OAUTH_CLIENT_SECRET",
        "SCORECARD_OAUTH_SCOPE",
        "SCORECARD_OAUTH_TOKEN",
    ] {
        command.env_remove(name);
    }
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the scorecard binary runs")
}

fn said(output: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    )
}

/// What the tests check in a parsed message.
struct Parsed {
    subject: String,
    to: Vec<String>,
    cc: Vec<String>,
    has_bcc: bool,
    body: String,
    attachment_name: String,
    attachment: Vec<u8>,
    message_id: String,
}

fn addresses(list: Option<&mail_parser::Address<'_>>) -> Vec<String> {
    list.map(|a| {
        a.iter()
            .filter_map(|addr| addr.address().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

fn parse(bytes: &[u8]) -> Parsed {
    let message = MessageParser::default()
        .parse(bytes)
        .expect("the message parses");
    let attachment = message.attachment(0).expect("one attachment");
    Parsed {
        subject: message.subject().unwrap_or_default().to_string(),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        has_bcc: message.bcc().is_some(),
        body: message.body_text(0).unwrap_or_default().to_string(),
        attachment_name: attachment.attachment_name().unwrap_or_default().to_string(),
        attachment: attachment.contents().to_vec(),
        message_id: message.message_id().unwrap_or_default().to_string(),
    }
}

fn log_lines(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("data/send-log.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each log line is JSON"))
        .collect()
}

fn no_secret(output: &Output, secret: &str) {
    let all = format!("{}{}", stdout(output), stderr(output));
    assert!(!all.contains(secret), "the password leaked:\n{all}");
}

#[test]
fn dry_run_writes_the_exact_message_and_sends_nothing() {
    let dir = workspace("dry-run");
    let output = run(&dir, &["send", "--data", "data"], &[]);
    assert!(output.status.success(), "{}", said(&output));
    let text = stdout(&output);
    assert!(
        text.contains("SCORECARD_SMTP_URL is not set: nothing was sent"),
        "{text}"
    );
    assert!(
        text.contains("subject: Testshire County Council: Test Services Scorecard, June 2020"),
        "{text}"
    );
    assert!(text.contains("bcc: archive@testshire.example"), "{text}");

    let eml = std::fs::read(dir.join("out/scorecard-2020-06.eml")).unwrap();
    let pdf = std::fs::read(dir.join("out/scorecard-2020-06.pdf")).unwrap();
    // The attachment is byte for byte what `scorecard render` writes.
    let rendered = run(
        &dir,
        &["render", "--data", "data", "--out", "render.pdf"],
        &[],
    );
    assert!(rendered.status.success(), "{}", said(&rendered));
    assert_eq!(pdf, std::fs::read(dir.join("render.pdf")).unwrap());

    let m = parse(&eml);
    assert_eq!(
        m.subject,
        "Testshire County Council: Test Services Scorecard, June 2020"
    );
    assert_eq!(m.to, ["chair@board.example", "member@board.example"]);
    assert_eq!(m.cc, ["director@testshire.example"]);
    assert!(!m.has_bcc, "a blind copy is never in the headers");
    assert!(!String::from_utf8_lossy(&eml).contains("archive@"));
    assert!(
        m.body
            .contains("The Test Services Scorecard for June 2020 is attached."),
        "{}",
        m.body
    );
    assert_eq!(m.attachment_name, "scorecard-2020-06.pdf");
    assert!(m.attachment == pdf, "the attachment is the rendered PDF");

    // The same send writes the same bytes; --dry-run sends nothing even with settings.
    let again = run(
        &dir,
        &["send", "--data", "data", "--dry-run"],
        &[("SCORECARD_SMTP_URL", "smtp://127.0.0.1:9")],
    );
    assert!(again.status.success(), "{}", said(&again));
    assert!(stdout(&again).contains("dry run: nothing was sent"));
    assert_eq!(
        eml,
        std::fs::read(dir.join("out/scorecard-2020-06.eml")).unwrap()
    );
    assert!(
        !dir.join("data/send-log.jsonl").exists(),
        "a dry run logs nothing"
    );
}

#[test]
fn delivers_over_starttls_with_auth_once_and_only_once() {
    let Some(server) = Server::start("deliver") else {
        return;
    };
    let dir = workspace("deliver");
    let dry = run(&dir, &["send", "--data", "data", "--dry-run"], &[]);
    assert!(dry.status.success(), "{}", said(&dry));
    let eml = std::fs::read(dir.join("out/scorecard-2020-06.eml")).unwrap();

    let url = server.url();
    let started = Instant::now();
    let output = send_for_real(&dir, &server);
    let took = started.elapsed();
    assert!(output.status.success(), "{}", said(&output));
    no_secret(&output, PASSWORD);
    assert!(
        stdout(&output).contains("delivered 4 of 4"),
        "{}",
        said(&output)
    );

    let received = server.received();
    assert_eq!(received.len(), 4, "one SMTP transaction per recipient");
    let mut envelope: Vec<String> = received.iter().flat_map(|(r, _)| r.clone()).collect();
    envelope.sort();
    let mut expected = RECIPIENTS.map(str::to_string).to_vec();
    expected.sort();
    assert_eq!(envelope, expected, "each recipient once, bcc included");
    let pdf = std::fs::read(dir.join("out/scorecard-2020-06.pdf")).unwrap();
    for (_, bytes) in &received {
        // lettre always ends DATA with CRLF "." CRLF after the message's own final CRLF,
        // so the server's copy has one empty line more: the message is otherwise the .eml.
        assert!(
            bytes.strip_suffix(b"\r\n").unwrap_or(bytes) == eml.as_slice(),
            "the server received exactly the dry run's .eml ({} and {} bytes)",
            bytes.len(),
            eml.len()
        );
        let m = parse(bytes);
        assert_eq!(
            m.subject,
            "Testshire County Council: Test Services Scorecard, June 2020"
        );
        assert_eq!(m.to, ["chair@board.example", "member@board.example"]);
        assert!(!m.has_bcc);
        assert!(m.body.contains("June 2020"));
        assert!(
            m.attachment == pdf,
            "attachment identical to the rendered PDF"
        );
    }
    let log = log_lines(&dir);
    assert_eq!(log.len(), 4);
    assert_eq!(log[0]["month"], "2020-06");
    assert_eq!(log[0]["pack"], serde_json::Value::Null);
    assert_eq!(
        log[0]["message_id"],
        format!("<{}>", parse(&eml).message_id)
    );
    assert_eq!(log[0]["pdf_sha256"].as_str().unwrap().len(), 64);

    // Nothing new: nothing sent, and it says so.
    let again = send_for_real(&dir, &server);
    assert!(again.status.success(), "{}", said(&again));
    assert!(
        stdout(&again).contains("nothing new to send"),
        "{}",
        said(&again)
    );
    assert_eq!(server.received().len(), 4);

    // --resend sends everything again.
    let resend = run(
        &dir,
        &["send", "--data", "data", "--resend"],
        &server.env(&url, PASSWORD),
    );
    assert!(resend.status.success(), "{}", said(&resend));
    assert_eq!(server.received().len(), 8);
    assert_eq!(log_lines(&dir).len(), 8);

    println!(
        "MEASURED: 1 message, {} bytes ({} KB PDF), 4 recipients delivered in {:.2} s (whole command, render included)",
        eml.len(),
        pdf.len() / 1024,
        took.as_secs_f64()
    );
}

#[test]
fn delivers_over_implicit_tls() {
    let Some(server) = Server::start_with("implicit", &["implicit"]) else {
        return;
    };
    let dir = workspace("implicit");
    let url = format!("smtps://localhost:{}", server.port);
    let output = run(
        &dir,
        &["send", "--data", "data"],
        &server.env(&url, PASSWORD),
    );
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(server.received().len(), 4);
    let m = parse(&server.received()[0].1);
    assert!(m.subject.ends_with("June 2020"));
}

#[test]
fn a_wrong_password_fails_clearly_and_sends_nothing() {
    let Some(server) = Server::start("password") else {
        return;
    };
    let dir = workspace("password");
    let url = server.url();
    let wrong = "not-the-Password-42";
    let output = run(&dir, &["send", "--data", "data"], &server.env(&url, wrong));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("535") && err.contains("SCORECARD_SMTP_PASSWORD"),
        "{err}"
    );
    assert!(err.contains("nothing was sent"), "{err}");
    no_secret(&output, wrong);
    assert!(server.received().is_empty());
    assert!(log_lines(&dir).is_empty());
}

#[test]
fn a_refused_recipient_is_the_only_one_sent_on_the_rerun() {
    let Some(server) = Server::start("refused") else {
        return;
    };
    let dir = workspace("refused");
    server.refuse(&["member@board.example"]);
    let output = send_for_real(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("not delivered to member@board.example") && err.contains("550"),
        "the failure is listed with the server's answer: {err}"
    );
    let first = server.received();
    assert_eq!(first.len(), 3, "the other three were delivered");
    assert_eq!(log_lines(&dir).len(), 3);

    server.refuse(&[]);
    let rerun = send_for_real(&dir, &server);
    assert!(rerun.status.success(), "{}", said(&rerun));
    let all = server.received();
    assert_eq!(all.len(), 4, "the rerun delivers one message");
    assert_eq!(all[3].0, ["member@board.example"]);
    assert!(
        all[3].1 == first[0].1,
        "the very message the others received"
    );
    assert_eq!(log_lines(&dir).len(), 4);
}

#[test]
fn a_hostile_server_reply_is_shown_escaped() {
    let Some(server) = Server::start("hostile-reply") else {
        return;
    };
    let dir = workspace("hostile-reply");
    server.refuse(&["member@board.example"]);
    std::fs::write(
        server.dir.join("refuse-reply.txt"),
        "no\u{1b}]0;owned\u{7}\u{1b}[2J such mailbox",
    )
    .unwrap();
    let output = send_for_real(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let all = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        !all.contains(['\u{1b}', '\u{7}']),
        "a raw control character reached the terminal: {all:?}"
    );
    assert!(
        all.contains("no\\u{1b}]0;owned\\u{7}\\u{1b}[2J such mailbox"),
        "the reply is quoted escaped: {all}"
    );
}

#[test]
fn a_closed_standard_output_stops_no_delivery() {
    let Some(server) = Server::start("closed-stdout") else {
        return;
    };
    let dir = workspace("closed-stdout");
    let mut command = Command::new(env!("CARGO_BIN_EXE_scorecard"));
    command
        .args(["send", "--data", "data"])
        .current_dir(&dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in server.env(&server.url(), PASSWORD) {
        command.env(k, v);
    }
    // `scorecard send | head -0`: the reader is gone before the first line is written.
    let mut child = command.spawn().unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", said(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", said(&output));
    assert_eq!(
        server.received().len(),
        RECIPIENTS.len(),
        "every recipient got it"
    );
    assert_eq!(log_lines(&dir).len(), RECIPIENTS.len());
}

#[test]
fn a_dropped_connection_loses_only_that_copy() {
    let Some(server) = Server::start("dropped") else {
        return;
    };
    let dir = workspace("dropped");
    server.drop_connection_for(&["chair@board.example"]);
    let output = send_for_real(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    assert!(
        stderr(&output).contains("not delivered to chair@board.example"),
        "{}",
        said(&output)
    );
    assert_eq!(
        server.received().len(),
        3,
        "the next copies went out on a new connection"
    );

    server.drop_connection_for(&[]);
    let rerun = send_for_real(&dir, &server);
    assert!(rerun.status.success(), "{}", said(&rerun));
    let all = server.received();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].0, ["chair@board.example"]);
    assert_eq!(log_lines(&dir).len(), 4);
}

#[test]
fn a_message_taken_whole_but_never_answered_is_logged_unconfirmed_and_never_sent_twice() {
    let Some(server) = Server::start("unanswered") else {
        return;
    };
    let dir = workspace("unanswered");
    // The server stores the chair's copy, then cuts the connection before saying so.
    server.leave_unanswered(&["chair@board.example"]);
    let output = send_for_real(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("unconfirmed for chair@board.example: the server took the whole message")
            && err.contains("will not be sent again")
            && err.contains("forward them the saved copy, out/scorecard-2020-06.eml")
            && err.contains("1 unconfirmed; ask before sending again"),
        "{err}"
    );
    assert_eq!(
        server.received().len(),
        4,
        "every copy reached the server once"
    );
    let log = log_lines(&dir);
    assert_eq!(log.len(), 4);
    let chair: Vec<_> = log
        .iter()
        .filter(|r| r["recipient"] == "chair@board.example")
        .collect();
    assert_eq!(chair.len(), 1);
    assert_eq!(chair[0]["unconfirmed"], true);
    assert!(
        log.iter()
            .filter(|r| r["recipient"] != "chair@board.example")
            .all(|r| r.get("unconfirmed").is_none()),
        "a confirmed copy's line is as before"
    );

    // However often it runs, the chair is not sent a second copy unasked.
    server.leave_unanswered(&[]);
    let rerun = send_for_real(&dir, &server);
    assert!(rerun.status.success(), "{}", said(&rerun));
    assert!(
        stdout(&rerun).contains("nothing new to send"),
        "{}",
        said(&rerun)
    );
    assert_eq!(server.received().len(), 4);
}

#[test]
fn revised_figures_are_sent_again_marked_revised() {
    let Some(server) = Server::start("revised") else {
        return;
    };
    let dir = workspace("revised");
    let first = send_for_real(&dir, &server);
    assert!(first.status.success(), "{}", said(&first));
    let old_pdf = std::fs::read(dir.join("out/scorecard-2020-06.pdf")).unwrap();

    let month = dir.join("data/months/2020-06.yaml");
    replace_in(&month, &[("contacts: 1403", "contacts: 1450")]);
    let second = send_for_real(&dir, &server);
    assert!(second.status.success(), "{}", said(&second));
    let new_pdf = std::fs::read(dir.join("out/scorecard-2020-06.pdf")).unwrap();
    assert!(new_pdf != old_pdf);

    let received = server.received();
    assert_eq!(received.len(), 8, "everyone receives the revision");
    for (_, bytes) in &received[4..] {
        let m = parse(bytes);
        assert_eq!(
            m.subject,
            "Revised: Testshire County Council: Test Services Scorecard, June 2020"
        );
        assert!(m.attachment == new_pdf);
    }
    let log = log_lines(&dir);
    assert_eq!(log.len(), 8);
    assert_ne!(log[0]["pdf_sha256"], log[7]["pdf_sha256"]);
}

#[test]
fn an_oversize_message_and_a_plaintext_password_are_refused_before_sending() {
    let dir = workspace("refusals");
    let config = DISTRIBUTION.replace("lists:", "max_message_mb: 0.05\nlists:");
    std::fs::write(dir.join("data/distribution.yaml"), config).unwrap();
    // A closed port: nothing may be attempted.
    let output = run(
        &dir,
        &["send", "--data", "data"],
        &[("SCORECARD_SMTP_URL", "smtp://127.0.0.1:9")],
    );
    assert_eq!(output.status.code(), Some(8), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("MB after encoding, over the 0.1 MB limit")
            || err.contains("over the 0.0 MB limit")
            || err.contains("limit"),
        "{err}"
    );
    assert!(
        err.contains("fewer sections") && err.contains("nothing was sent"),
        "{err}"
    );
    assert!(!dir.join("out/scorecard-2020-06.eml").exists());

    let secret = "plain-text-secret-99";
    let output = run(
        &dir,
        &["send", "--data", "data"],
        &[
            ("SCORECARD_SMTP_URL", "smtp://127.0.0.1:9?tls=none"),
            ("SCORECARD_SMTP_USER", "u"),
            ("SCORECARD_SMTP_PASSWORD", secret),
        ],
    );
    assert_eq!(output.status.code(), Some(2), "{}", said(&output));
    assert!(stderr(&output).contains("plain text"), "{}", said(&output));
    no_secret(&output, secret);
}

#[test]
fn a_ca_file_that_cannot_be_used_is_named_before_anything_is_rendered() {
    let dir = workspace("ca-file");
    std::fs::write(dir.join("not-a-ca.pem"), "no certificate here\n").unwrap();
    let secret = "ca-test-secret-77";
    for (ca, said_about_it) in [
        (
            "missing.pem",
            "SCORECARD_SMTP_CA: cannot read missing.pem: ",
        ),
        (
            "not-a-ca.pem",
            "SCORECARD_SMTP_CA: not-a-ca.pem holds no PEM certificate",
        ),
        // Endless: read without a bound, it would take every byte of memory.
        ("/dev/zero", "SCORECARD_SMTP_CA: /dev/zero is over 4 MB"),
    ] {
        let output = run(
            &dir,
            &["send", "--data", "data"],
            &[
                ("SCORECARD_SMTP_URL", "smtp://127.0.0.1:9"),
                ("SCORECARD_SMTP_USER", "u"),
                ("SCORECARD_SMTP_PASSWORD", secret),
                ("SCORECARD_SMTP_CA", ca),
            ],
        );
        assert_eq!(output.status.code(), Some(2), "{}", said(&output));
        let err = stderr(&output);
        assert!(
            err.contains(&format!("error: {said_about_it}")),
            "{}",
            said(&output)
        );
        assert!(
            err.contains("\"Monthly send\" section"),
            "{}",
            said(&output)
        );
        no_secret(&output, secret);
        assert!(!dir.join("out").exists(), "nothing is rendered");
    }
}

#[test]
fn check_validates_distribution_yaml_with_locations() {
    let dir = workspace("check");
    let good = run(&dir, &["check", "--data", "data"], &[]);
    assert!(good.status.success(), "{}", said(&good));
    assert!(
        stdout(&good).contains("distribution.yaml: 1 list, 4 recipients: no errors"),
        "{}",
        said(&good)
    );

    let bad = "from: Performance Team performance@testshire.example\nsubject: \"{title} for {month}\\r\\nBcc: everyone@evil.example\"\nbody: \"{titel}\"\nlists:\n  - pack: board\n    to: [chair@board.example]\n";
    std::fs::write(dir.join("data/distribution.yaml"), bad).unwrap();
    let output = run(&dir, &["check", "--data", "data"], &[]);
    assert_eq!(output.status.code(), Some(1), "{}", said(&output));
    let err = stderr(&output);
    for expected in [
        "data/distribution.yaml:1:7: `from`:",
        "data/distribution.yaml:2:10: `subject`: the subject has a line break",
        "data/distribution.yaml:3:8: `body`: unknown placeholder `{titel}`",
        "did you mean `{title}`?",
        "data/distribution.yaml:5:11: `lists[0].pack`: pack `board` is named, but report.yaml defines no packs",
        "4 errors in data",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
}

#[test]
fn each_pack_goes_to_its_own_list_with_its_own_pdf() {
    let dir = workspace("packs");
    let report = dir.join("data/report.yaml");
    append_to(
        &report,
        "packs:\n  - id: board\n  - id: front-door\n    title: Front Door Committee\n    sections: [front-door]\n",
    );
    let lists = DISTRIBUTION.replace(
        "lists:\n  - to:",
        "lists:\n  - pack: front-door\n    to: [committee@testshire.example]\n  - pack: board\n    to:",
    );
    std::fs::write(dir.join("data/distribution.yaml"), lists).unwrap();
    let output = run(&dir, &["send", "--data", "data"], &[]);
    assert!(output.status.success(), "{}", said(&output));

    for (pack, to, title) in [
        ("board", "chair@board.example", "Test Services Scorecard"),
        (
            "front-door",
            "committee@testshire.example",
            "Front Door Committee",
        ),
    ] {
        let pdf = std::fs::read(dir.join(format!("out/scorecard-{pack}-2020-06.pdf"))).unwrap();
        let rendered = run(
            &dir,
            &[
                "render",
                "--data",
                "data",
                "--pack",
                pack,
                "--out",
                "render.pdf",
            ],
            &[],
        );
        assert!(rendered.status.success(), "{}", said(&rendered));
        assert!(
            pdf == std::fs::read(dir.join("render.pdf")).unwrap(),
            "{pack}: as render makes it"
        );
        let eml = std::fs::read(dir.join(format!("out/scorecard-{pack}-2020-06.eml")))
            .unwrap_or_else(|e| panic!("{pack}: {e}\n{}", said(&output)));
        let m = parse(&eml);
        assert_eq!(m.to[0], to, "{pack}");
        assert_eq!(m.attachment_name, format!("scorecard-{pack}-2020-06.pdf"));
        assert!(m.attachment == pdf, "{pack}: its own PDF");
        assert!(
            m.body.contains(&format!("The {title} for June 2020")),
            "{}",
            m.body
        );
    }
    let one = run(
        &dir,
        &[
            "send",
            "--data",
            "data",
            "--pack",
            "front-door",
            "--dry-run",
        ],
        &[],
    );
    assert!(one.status.success(), "{}", said(&one));
    assert_eq!(
        stdout(&one).matches("message ").count(),
        1,
        "{}",
        said(&one)
    );
    let unknown = run(
        &dir,
        &["send", "--data", "data", "--pack", "frontdoor"],
        &[],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("did you mean `front-door`?"),
        "{}",
        said(&unknown)
    );
}

#[test]
fn send_never_writes_over_an_input_or_into_a_special_file() {
    let dir = workspace("outputs");
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let report = std::fs::read(dir.join("data/report.yaml")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("../data/report.yaml", dir.join("out/scorecard-2020-06.eml"))
            .unwrap();
        let output = run(&dir, &["send", "--data", "data"], &[]);
        assert_eq!(output.status.code(), Some(2), "{}", said(&output));
        let err = stderr(&output);
        assert!(
            err.contains("out/scorecard-2020-06.eml")
                && err.contains("this is the data folder's file report.yaml (the link leads to")
                && err.contains("nothing was rendered, written or sent"),
            "{err}"
        );
        assert_eq!(std::fs::read(dir.join("data/report.yaml")).unwrap(), report);
        assert!(
            !dir.join("out/scorecard-2020-06.pdf").exists(),
            "no work was done"
        );
        std::fs::remove_file(dir.join("out/scorecard-2020-06.eml")).unwrap();

        let fifo = dir.join("out/scorecard-2020-06.pdf");
        let made = Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let output = run(&dir, &["send", "--data", "data"], &[]);
            assert_eq!(output.status.code(), Some(2), "{}", said(&output));
            assert!(
                stderr(&output).contains("not a regular file"),
                "{}",
                said(&output)
            );
            assert!(!dir.join("out/scorecard-2020-06.eml").exists());
            std::fs::remove_file(&fifo).unwrap();
        }
    }
    std::fs::create_dir_all(dir.join("out/scorecard-2020-06.eml")).unwrap();
    let output = run(&dir, &["send", "--data", "data"], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", said(&output));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        said(&output)
    );

    std::fs::remove_dir(dir.join("out/scorecard-2020-06.eml")).unwrap();
    let output = run(&dir, &["send", "--data", "data"], &[]);
    assert!(output.status.success(), "{}", said(&output));
}
