//! A server that never finishes an answer, yet sends a `250-` line every second so that no
//! single read times out, must not hold `send` for ever: each exchange has a deadline
//! (`SCORECARD_SMTP_DEADLINE`, 60 s by default, 2 s here), past which the connection is
//! abandoned. A copy handed over whole before the answer stalled is logged as unconfirmed
//! (it may have arrived); nothing else from the connection is logged.

use super::*;

const DEADLINE: &str = "2";

fn send_with_deadline(dir: &Path, server: &Server) -> (Output, Duration) {
    let url = server.url();
    let mut env = server.env(&url, PASSWORD);
    env.push(("SCORECARD_SMTP_DEADLINE", DEADLINE));
    let started = Instant::now();
    let output = run(dir, &["send", "--data", "data"], &env);
    (output, started.elapsed())
}

#[test]
fn a_greeting_that_trickles_for_ever_is_given_up_at_the_deadline() {
    let Some(server) = Server::start_with("trickle-ehlo", &["trickle-ehlo"]) else {
        return;
    };
    let dir = workspace("trickle-ehlo");
    let (output, took) = send_with_deadline(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("no complete answer to EHLO within 2 s")
            && err.contains("SCORECARD_SMTP_DEADLINE")
            && err.contains("nothing was sent"),
        "{err}"
    );
    assert!(server.received().is_empty());
    assert!(log_lines(&dir).is_empty());
    assert!(
        took < Duration::from_secs(20),
        "gave up after {:.1} s",
        took.as_secs_f64()
    );
    println!(
        "MEASURED: a server trickling `250-` lines during EHLO given up after {:.1} s (deadline {DEADLINE} s, whole command)",
        took.as_secs_f64()
    );
}

#[test]
fn a_message_whose_answer_never_ends_is_logged_unconfirmed() {
    let Some(server) = Server::start_with("trickle-data", &["trickle-data"]) else {
        return;
    };
    let dir = workspace("trickle-data");
    let two = DISTRIBUTION.replace(
        "    cc: [director@testshire.example]\n    bcc: [archive@testshire.example]\n",
        "",
    );
    std::fs::write(dir.join("data/distribution.yaml"), two).unwrap();
    let (output, took) = send_with_deadline(&dir, &server);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    // The whole message was handed over before the answer stalled: the server may have
    // kept it, so it is logged as unconfirmed, not sent again by a rerun.
    assert!(
        err.contains("unconfirmed for chair@board.example: the server took the whole message")
            && err.contains("no complete answer to the message within 2 s"),
        "{err}"
    );
    assert!(
        err.contains("2 unconfirmed; ask before sending again"),
        "{err}"
    );
    assert!(server.received().is_empty());
    let log = log_lines(&dir);
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|r| r["unconfirmed"] == true), "{log:?}");
    assert!(
        took < Duration::from_secs(30),
        "gave up after {:.1} s",
        took.as_secs_f64()
    );
    println!(
        "MEASURED: 2 messages whose end-of-data answer trickles, both given up in {:.1} s (deadline {DEADLINE} s each, whole command)",
        took.as_secs_f64()
    );
}
