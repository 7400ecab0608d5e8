//! The SMTP courier: submission over STARTTLS (or TLS from the start, or plain text to a
//! local relay), with no login, a password, or an OAuth 2.0 token. One connection carries
//! every copy of a run (one transaction per recipient); it is reopened after a failure,
//! with the same token while that token is valid.
//!
//! Every exchange (the greeting, EHLO, STARTTLS, the login, each message) must finish
//! within the run's deadline (`wire`); a connection past it is abandoned and that copy
//! counts as not delivered. Addresses go out with their domain in ASCII; a non-ASCII local
//! part needs the server's SMTPUTF8 ([`crate::send::address`]).
//!
//! Every error that leaves this module has passed through [`Secrets::scrub`], so neither
//! a password, a client secret nor a token (nor their base64 forms) can appear in output,
//! even if a server or library were to echo it.

mod auth;
mod tls;
pub mod url;
mod wire;

use std::sync::Arc;
use std::time::Duration;

use lettre::Address;
use rustls::ClientConfig;

use super::address;
use super::oauth::{self, Token};
use super::settings::{Login, Secret, Secrets, Settings, TokenSource};
use super::transport::{Courier, DeliveryError};
use auth::Credentials;
pub use tls::TlsSetupError;
use url::{Endpoint, Security};
use wire::{Failure, Reply, Stage, Wire};

/// What the server offered in its EHLO reply, as far as sending needs it.
struct Session {
    wire: Wire,
    smtputf8: bool,
    eight_bit: bool,
}

/// The SMTP courier, built from checked settings without touching the network.
pub struct Mailer {
    endpoint: Endpoint,
    login: Login,
    ca: Option<std::path::PathBuf>,
    deadline: Duration,
    tls: Option<Arc<ClientConfig>>,
    secrets: Secrets,
    token: Option<Token>,
    session: Option<Session>,
    hello: String,
}

impl Mailer {
    /// Prepares the courier: reads the CA file and builds the TLS configuration. Nothing
    /// is connected or requested until the first [`Courier::check`].
    pub fn new(settings: &Settings) -> Result<Self, TlsSetupError> {
        let tls = match settings.endpoint.security {
            Security::None => None,
            Security::StartTls | Security::ImplicitTls => {
                Some(tls::client_config(settings.ca.as_deref())?)
            }
        };
        Ok(Self {
            endpoint: settings.endpoint.clone(),
            login: settings.login.clone(),
            ca: settings.ca.clone(),
            deadline: settings.deadline,
            tls,
            secrets: settings.secrets(),
            token: None,
            session: None,
            hello: client_name(),
        })
    }

    /// The token for XOAUTH2: requested on first use, then reused while it is valid.
    fn token(&mut self) -> Result<Secret, DeliveryError> {
        if let Some(token) = self.token.as_ref().filter(|t| t.is_fresh()) {
            return Ok(token.secret.clone());
        }
        let token = match &self.login {
            Login::Xoauth2 {
                token: TokenSource::Ready(secret),
                ..
            } => Token::ready(secret.clone()),
            Login::Xoauth2 {
                token: TokenSource::Request(client),
                ..
            } => oauth::request(client, self.ca.as_deref(), self.deadline, &mut self.secrets)
                .map_err(|e| DeliveryError::session(format!("no OAuth 2.0 token: {e}")))?,
            _ => return Ok(Secret::default()),
        };
        let secret = token.secret.clone();
        self.secrets.add(&secret);
        self.token = Some(token);
        Ok(secret)
    }

    /// Connects, says EHLO, starts TLS and logs in.
    fn open(&mut self) -> Result<Session, DeliveryError> {
        // The token comes first: without one there is no point in connecting.
        let token = match self.login {
            Login::Xoauth2 { .. } => Some(self.token()?),
            _ => None,
        };
        self.handshake(token.as_ref())
            .map_err(|failure| self.explain(failure))
    }

    fn handshake(&mut self, token: Option<&Secret>) -> Result<Session, Failure> {
        let limit = self.deadline;
        let mut wire = Wire::connect(&self.endpoint.host, self.endpoint.port, limit)?;
        if self.endpoint.security == Security::ImplicitTls {
            if let Some(config) = &self.tls {
                wire.upgrade(config, &self.endpoint.host)?;
            }
        }
        wire.expect()?;
        wire.begin(Stage::Ehlo, limit);
        let mut ehlo = wire.command(&format!("EHLO {}", self.hello))?;
        if self.endpoint.security == Security::StartTls {
            if !offers(&ehlo, "STARTTLS") {
                wire.abandon();
                return Err(Failure::Protocol(
                    Stage::StartTls,
                    "the server does not offer STARTTLS".into(),
                ));
            }
            wire.begin(Stage::StartTls, limit);
            wire.command("STARTTLS")?;
            if let Some(config) = &self.tls {
                wire.upgrade(config, &self.endpoint.host)?;
            }
            wire.begin(Stage::Ehlo, limit);
            ehlo = wire.command(&format!("EHLO {}", self.hello))?;
        }
        let credentials = match (&self.login, token) {
            (Login::Password { user, password }, _) => Some(Credentials::Password(user, password)),
            (Login::Xoauth2 { user, .. }, Some(token)) => Some(Credentials::Xoauth2(user, token)),
            _ => None,
        };
        if let Some(credentials) = credentials {
            debug_assert!(wire.is_encrypted(), "settings refuse a login in plain text");
            wire.begin(Stage::Auth, limit);
            auth::login(
                &mut wire,
                &auth::offered(&ehlo),
                &credentials,
                &mut self.secrets,
            )?;
        }
        Ok(Session {
            wire,
            smtputf8: offers(&ehlo, "SMTPUTF8"),
            eight_bit: offers(&ehlo, "8BITMIME"),
        })
    }

    /// One transaction on an open session, up to the message handed over; its answer is
    /// read apart, since a failure after this point leaves the copy's fate unknown.
    fn hand_over(
        session: &mut Session,
        limit: Duration,
        from: &str,
        to: &str,
        bytes: &[u8],
        utf8: bool,
    ) -> Result<(), Failure> {
        let wire = &mut session.wire;
        wire.begin(Stage::Message, limit);
        let mut mail = format!("MAIL FROM:<{from}>");
        if !bytes.is_ascii() {
            if !session.eight_bit {
                return Err(Failure::Protocol(
                    Stage::Message,
                    "the message has 8-bit text and the server does not offer 8BITMIME".into(),
                ));
            }
            mail.push_str(" BODY=8BITMIME");
        }
        if utf8 {
            mail.push_str(" SMTPUTF8");
        }
        wire.command(&mail)?;
        wire.command(&format!("RCPT TO:<{to}>"))?;
        wire.command("DATA")?;
        wire.write_all(&dot_stuffed(bytes))
    }

    fn explain(&self, failure: Failure) -> DeliveryError {
        let xoauth2 = matches!(self.login, Login::Xoauth2 { .. });
        let (session, message) = describe(&failure, xoauth2);
        let message = self.secrets.scrub(&message);
        if session {
            DeliveryError::session(message)
        } else {
            DeliveryError::recipient(message)
        }
    }
}

fn offers(ehlo: &Reply, keyword: &str) -> bool {
    ehlo.lines.iter().skip(1).any(|line| {
        line.split_whitespace()
            .next()
            .is_some_and(|k| k.eq_ignore_ascii_case(keyword))
    })
}

/// The message as DATA carries it: a `.` doubled at the start of every line, then the
/// end marker (as lettre writes it, CRLF `.` CRLF after the message's own last line end).
fn dot_stuffed(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    let mut line_start = true;
    for &byte in bytes {
        if line_start && byte == b'.' {
            out.push(b'.');
        }
        out.push(byte);
        line_start = byte == b'\n';
    }
    out.extend_from_slice(b"\r\n.\r\n");
    out
}

/// Whether the failure ends the session, and the sentence for the user.
fn describe(failure: &Failure, xoauth2: bool) -> (bool, String) {
    match failure {
        Failure::Refused(stage, reply) => {
            let code = reply.code;
            // Login refusals (530, 534, 535, 538) and a closing server (421) fail every
            // recipient alike; a refusal within a message is that copy's alone.
            let session = *stage != Stage::Message || matches!(code, 421 | 530 | 534 | 535 | 538);
            let what = match stage {
                Stage::Greeting => "the server refused the connection",
                Stage::Ehlo => "the server refused EHLO",
                Stage::StartTls => "the server refused STARTTLS",
                Stage::Auth => "the server refused the login",
                Stage::Message => "the server refused it",
            };
            let text = reply.text();
            let hint = refusal_hint(*stage, &text, code, xoauth2);
            (session, format!("{what}: {text}{hint}"))
        }
        Failure::Deadline(stage, deadline) => (
            true,
            format!(
                "no complete answer to {} within {} s, so the connection was abandoned (the server is stalled or too slow; try again later, or raise SCORECARD_SMTP_DEADLINE)",
                stage.name(),
                seconds(*deadline)
            ),
        ),
        Failure::Io(stage, error) => {
            let text = error.to_string();
            (
                true,
                format!(
                    "the connection failed during {}: {text}{}",
                    stage.name(),
                    io_hint(&text)
                ),
            )
        }
        Failure::Protocol(stage, what) => {
            let hint = if what.contains("STARTTLS") {
                " (use smtps:// if it expects TLS from the start)"
            } else if what.contains("XOAUTH2") {
                " (Microsoft 365 offers it on smtp.office365.com:587 once SMTP AUTH is enabled for the mailbox)"
            } else {
                ""
            };
            (
                *stage != Stage::Message,
                format!("{what} during {}{hint}", stage.name()),
            )
        }
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0}")
    } else {
        format!("{s:.1}")
    }
}

fn refusal_hint(stage: Stage, text: &str, code: u16, xoauth2: bool) -> &'static str {
    match (stage, code) {
        (Stage::Auth, _) if text.contains("5.7.139") && !xoauth2 => {
            " (the server no longer accepts passwords: log in with OAuth 2.0, SCORECARD_SMTP_AUTH=xoauth2; see the README's \"Monthly send\" section)"
        }
        (Stage::Auth, _) if xoauth2 => {
            " (the token was refused: check that the app has the Office 365 Exchange Online application permission SMTP.SendAsApp with admin consent, that its service principal is registered in Exchange and given the mailbox SCORECARD_SMTP_USER, and that the token is from the mailbox's tenant, the tenant id in SCORECARD_OAUTH_TOKEN_URL)"
        }
        (Stage::Auth, _) => " (check SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD)",
        (_, 530) => {
            " (the server wants a login: set SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD, or SCORECARD_SMTP_AUTH=xoauth2)"
        }
        _ => "",
    }
}

fn io_hint(text: &str) -> &'static str {
    if text.contains("certificate") || text.contains("Issuer") {
        " (if the server uses a company CA, set SCORECARD_SMTP_CA to its PEM file)"
    } else if text.contains("corrupt message") || text.contains("InvalidContentType") {
        " (the server did not speak TLS on connect: for port 587 use smtp://, which starts TLS with STARTTLS)"
    } else if text.contains("refused")
        || text.contains("timed out")
        || text.contains("resolve")
        || text.contains("no address")
    {
        " (check the host and port in SCORECARD_SMTP_URL)"
    } else {
        ""
    }
}

impl Courier for Mailer {
    fn check(&mut self) -> Result<(), DeliveryError> {
        if let Some(session) = self.session.as_mut() {
            session.wire.begin(Stage::Message, self.deadline);
            if session.wire.command("NOOP").is_ok() {
                return Ok(());
            }
            self.session = None;
        }
        self.session = Some(self.open()?);
        Ok(())
    }

    fn send(&mut self, from: &Address, to: &Address, bytes: &[u8]) -> Result<(), DeliveryError> {
        if self.session.is_none() {
            self.session = Some(self.open()?);
        }
        let Some(session) = self.session.as_mut() else {
            return Err(DeliveryError::session("no connection"));
        };
        let utf8 = address::needs_smtputf8(from) || address::needs_smtputf8(to);
        let envelope = address::envelope_form(from, session.smtputf8)
            .and_then(|f| Ok((f, address::envelope_form(to, session.smtputf8)?)));
        let (from, to) = envelope.map_err(|e| DeliveryError::recipient(e.to_string()))?;
        let limit = self.deadline;
        let outcome = Self::hand_over(session, limit, &from, &to, bytes, utf8)
            .map_err(|failure| (failure, false))
            .and_then(|()| session.wire.expect().map_err(|failure| (failure, true)));
        match outcome {
            Ok(_) => Ok(()),
            Err((failure, handed_over)) => {
                // Only an answer decides a copy's fate: a refusal after the final dot is
                // a refusal, but silence or a cut connection leaves it unknown.
                let unknown = handed_over && !matches!(failure, Failure::Refused(..));
                let error = self.explain(failure);
                let error = if unknown {
                    error.after_hand_over()
                } else {
                    error
                };
                match self.session.as_mut() {
                    // After an answer that never came, a late one could be read as the
                    // next command's: only a new connection is in a known state.
                    Some(session) if !error.session && !unknown => {
                        // Clear the refused transaction, so the next copy starts afresh.
                        session.wire.begin(Stage::Message, limit);
                        if session.wire.command("RSET").is_err() {
                            self.session = None;
                        }
                    }
                    _ => self.session = None,
                }
                Err(error)
            }
        }
    }
}

impl Drop for Mailer {
    fn drop(&mut self) {
        if let Some(mut session) = self.session.take() {
            session.wire.begin(Stage::Message, Duration::from_secs(5));
            let _ = session.wire.command("QUIT");
        }
    }
}

/// The name this client gives in EHLO: the machine's host name, or the address literal
/// `[127.0.0.1]` when it has none that can be sent (RFC 5321, 4.1.4).
fn client_name() -> String {
    hostname::get()
        .ok()
        .and_then(|name| name.into_string().ok())
        .unwrap_or_else(|| "[127.0.0.1]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_starting_with_a_dot_are_doubled() {
        assert_eq!(
            dot_stuffed(b".a\r\nb\r\n.\r\n"),
            b"..a\r\nb\r\n..\r\n\r\n.\r\n"
        );
    }

    #[test]
    fn a_stalled_exchange_is_a_session_failure_naming_the_deadline() {
        let (session, text) = describe(
            &Failure::Deadline(Stage::Ehlo, Duration::from_secs(3)),
            false,
        );
        assert!(session);
        assert!(text.contains("EHLO within 3 s"), "{text}");
    }

    #[test]
    fn a_refused_token_points_at_the_app_permission() {
        let reply = Reply {
            code: 535,
            lines: vec!["5.7.3 Authentication unsuccessful".into()],
        };
        let (session, text) = describe(&Failure::Refused(Stage::Auth, reply), true);
        assert!(session);
        assert!(
            text.contains("535 5.7.3") && text.contains("SMTP.SendAsApp"),
            "{text}"
        );
    }
}
