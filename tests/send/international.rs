//! Addresses outside ASCII. A domain in Unicode goes out in its IDNA ASCII form, in the
//! envelope and the headers, whatever the server offers; a local part in Unicode needs a
//! server that offers SMTPUTF8, and without one only that recipient fails (and `check`
//! warns of it beforehand).

use super::*;

const INTERNATIONAL: &str = r#"from: Performance Team <performance@testshire.example>
subject: "{organisation}: {title}, {month}"
body: The {title} for {month} is attached.
lists:
  - to: ["Chair <chair@bücher.example>", member@board.example]
    bcc: [jörg@board.example]
"#;

fn international_workspace(name: &str) -> PathBuf {
    let dir = workspace(name);
    std::fs::write(dir.join("data/distribution.yaml"), INTERNATIONAL).unwrap();
    dir
}

#[test]
fn a_unicode_domain_is_sent_in_ascii_and_a_unicode_local_part_needs_smtputf8() {
    let dir = international_workspace("idna-check");
    let check = run(&dir, &["check", "--data", "data"], &[]);
    assert!(check.status.success(), "{}", said(&check));
    let err = stderr(&check);
    assert!(
        err.contains("`jörg@board.example` has non-ASCII letters before the @")
            && err.contains("SMTPUTF8")
            && err.contains("data/distribution.yaml:6:"),
        "{err}"
    );
    assert!(
        !err.contains("bücher"),
        "a Unicode domain needs no warning: {err}"
    );

    let Some(server) = Server::start("idna") else {
        return;
    };
    let dir = international_workspace("idna");
    let output = send_for_real(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("not delivered to jörg@board.example")
            && err.contains("does not offer SMTPUTF8"),
        "{err}"
    );
    let received = server.received();
    let envelope: Vec<&str> = received.iter().map(|(r, _)| r[0].as_str()).collect();
    assert_eq!(
        envelope,
        ["chair@xn--bcher-kva.example", "member@board.example"]
    );
    let headers = String::from_utf8_lossy(&received[0].1);
    assert!(
        headers.contains("Chair <chair@xn--bcher-kva.example>"),
        "{headers}"
    );
    assert_eq!(
        log_lines(&dir).len(),
        2,
        "the two delivered copies are logged"
    );

    let Some(utf8) = Server::start_with("idna-utf8", &["smtputf8"]) else {
        return;
    };
    let rerun = send_for_real(&dir, &utf8);
    assert!(rerun.status.success(), "{}", said(&rerun));
    let received = utf8.received();
    assert_eq!(received.len(), 1, "only the missing copy: {}", said(&rerun));
    assert_eq!(received[0].0, ["jörg@board.example"]);
    let options = std::fs::read_to_string(utf8.dir.join("001.mail")).unwrap();
    assert!(options.contains("SMTPUTF8"), "{options}");
    assert_eq!(log_lines(&dir).len(), 3);
}
