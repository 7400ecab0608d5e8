//! Sending as Microsoft 365 wants it once passwords are switched off: a token by the OAuth
//! 2.0 client-credentials grant from an HTTPS endpoint (`tests/token_server.py`, Entra ID's
//! answers), then SASL XOAUTH2 on an SMTP server that refuses PLAIN and LOGIN with
//! `535 5.7.139` (`tests/smtp_server.py oauth`). The client secret and the token must not
//! appear anywhere: output, the `.eml` files, the send log.

use super::*;

const CLIENT_ID: &str = "7f3c0b2a-scorecard-test-app";
const CLIENT_SECRET: &str = "Qx8~client-secret-value-9d2f";
const SCOPE: &str = "https://outlook.office365.com/.default";

/// The token endpoint, killed when dropped.
struct TokenServer {
    child: Child,
    folder: PathBuf,
    port: u16,
}

impl Drop for TokenServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TokenServer {
    /// Serves from `folder`, which must hold the SMTP server's leaf.pem and leaf.key; its
    /// tokens go to folder/tokens.txt.
    fn start(name: &str, folder: &Path) -> Option<TokenServer> {
        let args = [folder.to_str().unwrap(), CLIENT_ID, CLIENT_SECRET, SCOPE];
        match spawn_python("token_server.py", &args) {
            Ok((child, port)) => Some(TokenServer {
                child,
                folder: folder.to_path_buf(),
                port,
            }),
            Err(why) => skip_or_fail(name, &format!("the token endpoint could not start: {why}")),
        }
    }

    fn url(&self) -> String {
        format!(
            "https://localhost:{}/test-tenant/oauth2/v2.0/token",
            self.port
        )
    }

    /// One line per request received: `issued` or the error code.
    fn requests(&self) -> Vec<String> {
        read_lines(&self.folder.join("token-requests.txt"))
    }

    fn tokens(&self) -> Vec<String> {
        read_lines(&self.folder.join("tokens.txt"))
    }
}

fn read_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

/// Both servers, sharing the scratch folder (and so the issued tokens).
fn servers(name: &str) -> Option<(Server, TokenServer)> {
    let smtp = Server::start_with(name, &["oauth"])?;
    let token = TokenServer::start(name, &smtp.dir)?;
    Some((smtp, token))
}

/// Environment variables for a run.
type Env = Vec<(&'static str, String)>;

fn oauth_env(smtp: &Server, token_url: &str, secret: &str) -> Env {
    vec![
        ("SCORECARD_SMTP_URL", smtp.url()),
        ("SCORECARD_SMTP_AUTH", "xoauth2".into()),
        ("SCORECARD_SMTP_USER", USER.into()),
        ("SCORECARD_OAUTH_TOKEN_URL", token_url.into()),
        ("SCORECARD_OAUTH_CLIENT_ID", CLIENT_ID.into()),
        ("SCORECARD_OAUTH_CLIENT_SECRET", secret.into()),
        ("SCORECARD_SMTP_CA", smtp.ca().into()),
    ]
}

fn send_with(dir: &Path, env: &[(&'static str, String)]) -> Output {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    run(dir, &["send", "--data", "data"], &env)
}

/// None of `secrets` in the output, in any file under out/, or in the send log.
fn nowhere(dir: &Path, output: &Output, secrets: &[&str]) {
    let mut places = vec![("output".to_string(), said(output).into_bytes())];
    if let Ok(entries) = std::fs::read_dir(dir.join("out")) {
        for entry in entries {
            let path = entry.unwrap().path();
            places.push((path.display().to_string(), std::fs::read(&path).unwrap()));
        }
    }
    let log = dir.join("data/send-log.jsonl");
    places.push((
        "the send log".into(),
        std::fs::read(log).unwrap_or_default(),
    ));
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        for (place, bytes) in &places {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains(secret), "a secret is in {place}:\n{text}");
        }
    }
}

#[test]
fn a_token_from_the_endpoint_logs_in_by_xoauth2_only_and_delivers_to_all() {
    let Some((smtp, token)) = servers("oauth-good") else {
        return;
    };
    let dir = workspace("oauth-good");
    let started = Instant::now();
    let output = send_with(&dir, &oauth_env(&smtp, &token.url(), CLIENT_SECRET));
    let took = started.elapsed();
    assert!(output.status.success(), "{}", said(&output));
    assert!(
        stdout(&output).contains("delivered 4 of 4"),
        "{}",
        said(&output)
    );
    let mut envelope: Vec<String> = smtp.received().into_iter().flat_map(|(r, _)| r).collect();
    envelope.sort();
    let mut expected = RECIPIENTS.map(str::to_string).to_vec();
    expected.sort();
    assert_eq!(envelope, expected, "every recipient once");
    assert_eq!(token.requests(), ["issued"], "one token request per run");
    assert_eq!(
        smtp.auth_log(),
        ["XOAUTH2 accepted"],
        "one login, by XOAUTH2, and no PLAIN or LOGIN attempt"
    );
    assert_eq!(log_lines(&dir).len(), 4);
    let issued = token.tokens();
    nowhere(&dir, &output, &[CLIENT_SECRET, &issued[0]]);

    // The token request on its own, as `send` makes it.
    let client = scorecard::send::settings::OAuthClient {
        token_url: token.url(),
        client_id: CLIENT_ID.into(),
        client_secret: scorecard::send::settings::Secret::new(CLIENT_SECRET.into()),
        scope: SCOPE.into(),
    };
    let mut secrets = scorecard::send::settings::Secrets::default();
    let clock = Instant::now();
    let fetched = scorecard::send::oauth::request(
        &client,
        Some(Path::new(smtp.ca())),
        Duration::from_secs(30),
        &mut secrets,
    )
    .expect("a token");
    let request_time = clock.elapsed();
    assert!(fetched.is_fresh());
    let sent_line = stdout(&output)
        .lines()
        .find(|l| l.starts_with("delivered 4 of 4"))
        .unwrap_or_default()
        .to_string();
    println!(
        "MEASURED: token request {:.0} ms (HTTPS, new connection); {sent_line} (token, connection, XOAUTH2 login and 4 transactions); whole command {:.2} s",
        request_time.as_secs_f64() * 1000.0,
        took.as_secs_f64()
    );
}

#[test]
fn a_wrong_client_secret_quotes_entra_id_and_sends_nothing() {
    let Some((smtp, token)) = servers("oauth-secret") else {
        return;
    };
    let dir = workspace("oauth-secret");
    let wrong = "wrong-Secret~value-31415";
    let output = send_with(&dir, &oauth_env(&smtp, &token.url(), wrong));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    for expected in [
        "HTTP 401",
        "invalid_client",
        "AADSTS7000215: Invalid client secret provided",
        "SCORECARD_OAUTH_CLIENT_SECRET",
        "nothing was sent",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("Trace ID"), "{err}");
    assert_eq!(token.requests(), ["invalid_client"]);
    assert!(smtp.auth_log().is_empty(), "no login without a token");
    assert!(smtp.received().is_empty());
    assert!(log_lines(&dir).is_empty());
    nowhere(&dir, &output, &[wrong, CLIENT_SECRET]);

    // A wrong tenant is named as such.
    let other = token.url().replace("test-tenant", "other-tenant");
    let output = send_with(&dir, &oauth_env(&smtp, &other, CLIENT_SECRET));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("AADSTS90002") && err.contains("tenant id"),
        "{err}"
    );
    nowhere(&dir, &output, &[CLIENT_SECRET]);

    // The endpoint's error_description quotes the tenant, here with a terminal sequence:
    // it reaches the terminal escaped.
    let hostile = token.url().replace("test-tenant", "t%1B%5D0%3Bowned%07");
    let output = send_with(&dir, &oauth_env(&smtp, &hostile, CLIENT_SECRET));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(!err.contains(['\u{1b}', '\u{7}']), "{err:?}");
    assert!(
        err.contains("Tenant 't\\u{1b}]0;owned\\u{7}' not found"),
        "{err}"
    );
}

#[test]
fn a_token_the_mail_server_refuses_sends_nothing_and_points_at_the_permission() {
    let Some(smtp) = Server::start_with("oauth-refused", &["oauth"]) else {
        return;
    };
    // An endpoint of another tenant: its tokens are not valid for this mail server.
    let elsewhere = smtp.dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    for file in ["leaf.pem", "leaf.key"] {
        std::fs::copy(smtp.dir.join(file), elsewhere.join(file)).unwrap();
    }
    let Some(token) = TokenServer::start("oauth-refused", &elsewhere) else {
        return;
    };
    let dir = workspace("oauth-refused");
    let output = send_with(&dir, &oauth_env(&smtp, &token.url(), CLIENT_SECRET));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    for expected in [
        "535 5.7.3 Authentication unsuccessful",
        "SMTP.SendAsApp",
        "registered in Exchange",
        "nothing was sent",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert_eq!(token.requests(), ["issued"]);
    assert_eq!(
        smtp.auth_log(),
        ["XOAUTH2 refused"],
        "the one token is tried once, and no password mechanism after it"
    );
    assert!(smtp.received().is_empty());
    assert!(log_lines(&dir).is_empty());
    nowhere(&dir, &output, &[CLIENT_SECRET, &token.tokens()[0]]);
}

#[test]
fn a_ready_token_needs_no_endpoint() {
    let Some(smtp) = Server::start_with("oauth-ready", &["oauth"]) else {
        return;
    };
    let ready = "ready-made-token-from-az-cli-2718";
    std::fs::write(smtp.dir.join("tokens.txt"), format!("{ready}\n")).unwrap();
    let dir = workspace("oauth-ready");
    let env = vec![
        ("SCORECARD_SMTP_URL", smtp.url()),
        ("SCORECARD_SMTP_AUTH", "xoauth2".to_string()),
        ("SCORECARD_SMTP_USER", USER.to_string()),
        ("SCORECARD_OAUTH_TOKEN", ready.to_string()),
        ("SCORECARD_SMTP_CA", smtp.ca().to_string()),
    ];
    let output = send_with(&dir, &env);
    assert!(output.status.success(), "{}", said(&output));
    assert_eq!(smtp.received().len(), 4);
    assert_eq!(smtp.auth_log(), ["XOAUTH2 accepted"]);
    nowhere(&dir, &output, &[ready]);

    // The same token after it was revoked: refused, and never printed.
    std::fs::write(smtp.dir.join("tokens.txt"), "").unwrap();
    let output = run(
        &dir,
        &["send", "--data", "data", "--resend"],
        &env.iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect::<Vec<_>>(),
    );
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    assert!(stderr(&output).contains("535 5.7.3"), "{}", said(&output));
    assert_eq!(smtp.received().len(), 4, "nothing more was sent");
    nowhere(&dir, &output, &[ready]);
}

#[test]
fn a_password_on_a_server_without_basic_authentication_is_told_to_use_oauth() {
    let Some(smtp) = Server::start_with("oauth-basic", &["oauth"]) else {
        return;
    };
    let dir = workspace("oauth-basic");
    let output = send_for_real(&dir, &smtp);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("535 5.7.139 Authentication unsuccessful, basic authentication is disabled")
            && err.contains("SCORECARD_SMTP_AUTH=xoauth2"),
        "{err}"
    );
    assert_eq!(smtp.auth_log(), ["PLAIN refused"]);
    nowhere(&dir, &output, &[PASSWORD]);
}

#[test]
fn unusable_oauth_settings_are_refused_before_any_rendering_or_request() {
    let Some((smtp, token)) = servers("oauth-settings") else {
        return;
    };
    let dir = workspace("oauth-settings");
    let token_in_plain = "plain-text-token-1618";
    let cases: Vec<(Env, &str, &str)> = vec![
        (
            vec![
                (
                    "SCORECARD_SMTP_URL",
                    format!("smtp://localhost:{}?tls=none", smtp.port),
                ),
                ("SCORECARD_SMTP_AUTH", "xoauth2".into()),
                ("SCORECARD_SMTP_USER", USER.into()),
                ("SCORECARD_OAUTH_TOKEN", token_in_plain.into()),
            ],
            "plain text",
            token_in_plain,
        ),
        (
            {
                let mut env = oauth_env(&smtp, &token.url(), CLIENT_SECRET);
                env[0].1 = format!("smtp://localhost:{}?tls=none", smtp.port);
                env
            },
            "plain text",
            CLIENT_SECRET,
        ),
        (
            oauth_env(
                &smtp,
                &token.url().replace("https://", "http://"),
                CLIENT_SECRET,
            ),
            "must be an https:// address",
            CLIENT_SECRET,
        ),
        (
            vec![
                ("SCORECARD_SMTP_URL", smtp.url()),
                ("SCORECARD_SMTP_AUTH", "xoauth2".into()),
                ("SCORECARD_SMTP_USER", USER.into()),
                ("SCORECARD_OAUTH_CLIENT_SECRET", CLIENT_SECRET.into()),
            ],
            "set SCORECARD_OAUTH_TOKEN_URL, SCORECARD_OAUTH_CLIENT_ID",
            CLIENT_SECRET,
        ),
    ];
    for (env, expected, secret) in &cases {
        let output = send_with(&dir, env);
        assert_eq!(output.status.code(), Some(2), "{}", said(&output));
        assert!(stderr(&output).contains(expected), "{}", said(&output));
        nowhere(&dir, &output, &[secret]);
        assert!(
            !dir.join("out").exists(),
            "nothing rendered: {}",
            said(&output)
        );
    }
    assert!(token.requests().is_empty(), "no token was requested");
    assert!(smtp.auth_log().is_empty() && smtp.received().is_empty());
}

#[test]
fn an_endpoint_that_cannot_be_reached_or_trusted_is_named_and_nothing_is_sent() {
    let Some((smtp, token)) = servers("oauth-unreachable") else {
        return;
    };
    let dir = workspace("oauth-unreachable");
    let closed = "https://localhost:9/test-tenant/oauth2/v2.0/token";
    let output = send_with(&dir, &oauth_env(&smtp, closed, CLIENT_SECRET));
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(
        err.contains("cannot reach the token endpoint https://localhost:9/")
            && err.contains("nothing was sent"),
        "{err}"
    );
    nowhere(&dir, &output, &[CLIENT_SECRET]);

    // Without the test CA the endpoint's certificate is not trusted: the secret is not sent.
    let mut untrusted = oauth_env(&smtp, &token.url(), CLIENT_SECRET);
    untrusted.retain(|(k, _)| *k != "SCORECARD_SMTP_CA");
    let output = send_with(&dir, &untrusted);
    assert_eq!(output.status.code(), Some(5), "{}", said(&output));
    let err = stderr(&output);
    assert!(err.contains("SCORECARD_SMTP_CA"), "{err}");
    assert!(
        token.requests().is_empty(),
        "no request reached the endpoint"
    );
    assert!(smtp.received().is_empty());
    nowhere(&dir, &output, &[CLIENT_SECRET]);
}
