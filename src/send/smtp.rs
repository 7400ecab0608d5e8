//! From `SCORECARD_SMTP_URL` and friends to a lettre SMTP transport over rustls.
//!
//! `smtp://host[:port]` (port 587 by default) requires STARTTLS: a server that does not
//! offer it is an error, never a silent fall-back to plain text. `smtps://host[:port]`
//! (465) is TLS from the first byte. Plain text happens only when the URL says
//! `?tls=none`, and is refused when a password is set. `SCORECARD_SMTP_CA` names a PEM
//! file of certificates to trust besides Mozilla's roots (a company CA, or the tests').
//!
//! The password is held in a [`Secret`] that never prints, and every error that leaves
//! this module is passed through [`Secret::scrub`] first, so it cannot appear in output
//! even if a server or library were to echo it.

use std::path::PathBuf;
use std::time::Duration;

use lettre::address::{Address, Envelope};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};

/// A password: shown as `***` by `Debug`, never by `Display`.
#[derive(Clone, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(text: String) -> Self {
        Self(text)
    }

    /// `text` with every occurrence of the secret replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_string()
        } else {
            text.replace(&self.0, "***")
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `smtp://`: plain connect, then STARTTLS, which must succeed.
    StartTls,
    /// `smtps://`: TLS from the start.
    ImplicitTls,
    /// `smtp://...?tls=none`: no encryption (local relays only; no password allowed).
    None,
}

/// The SMTP settings, as read from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `SCORECARD_SMTP_URL`.
    pub url: String,
    /// `SCORECARD_SMTP_USER`.
    pub user: Option<String>,
    /// `SCORECARD_SMTP_PASSWORD`.
    pub password: Option<Secret>,
    /// `SCORECARD_SMTP_CA`: extra certificates to trust.
    pub ca: Option<PathBuf>,
}

/// Where and how to connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Host name or IP address (also the name the certificate must carry).
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// Encryption.
    pub security: Security,
}

/// Parses `SCORECARD_SMTP_URL`. Errors never repeat the URL, which might hold a password.
pub fn parse_url(url: &str) -> Result<Endpoint, String> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or("SCORECARD_SMTP_URL is not a URL: write smtp://host:587 or smtps://host:465")?;
    let (mut security, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "smtp" => (Security::StartTls, 587),
        "smtps" => (Security::ImplicitTls, 465),
        _ => {
            return Err(format!(
                "SCORECARD_SMTP_URL starts with `{scheme}://`: use smtp:// (STARTTLS) or smtps:// (TLS)"
            ))
        }
    };
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let authority = authority.trim_end_matches('/');
    if authority.contains('@') {
        return Err("SCORECARD_SMTP_URL holds a user name or password: set SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD instead".into());
    }
    if authority.contains('/') {
        return Err("SCORECARD_SMTP_URL has a path: write only smtp://host:port".into());
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        // An IPv6 literal: [::1]:587
        let (host, after) = bracketed
            .split_once(']')
            .ok_or("SCORECARD_SMTP_URL has an unclosed `[`")?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err("SCORECARD_SMTP_URL has no host: write smtp://mail.example.org:587".into());
    }
    let port = match port {
        None => default_port,
        Some(p) => p.parse::<u16>().ok().filter(|p| *p > 0).ok_or(format!(
            "SCORECARD_SMTP_URL has port `{p}`, not a number from 1 to 65535"
        ))?,
    };
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("tls", "none")) if security == Security::StartTls => security = Security::None,
            Some(("tls", "required")) if security == Security::StartTls => {}
            Some(("tls", "wrapper")) if security == Security::ImplicitTls => {}
            _ => {
                return Err(format!(
                    "SCORECARD_SMTP_URL has the setting `{}`, which is not understood: the only one is tls=none (plain text, smtp:// only)",
                    pair.split('=').next().unwrap_or(pair)
                ))
            }
        }
    }
    Ok(Endpoint {
        host: host.to_string(),
        port,
        security,
    })
}

/// Why a message was not delivered, with the server's answer when there was one.
#[derive(Debug, Clone)]
pub struct DeliveryError {
    /// What happened, secrets removed.
    pub message: String,
    /// The SMTP reply code, when the server answered.
    pub code: Option<u16>,
    /// True when the session itself is unusable (authentication refused, TLS failed, no
    /// server): sending to the next recipient would fail the same way.
    pub session: bool,
}

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Something that delivers one message to one envelope recipient; the SMTP transport,
/// or a stand-in in unit tests.
pub trait Courier {
    /// Connects and authenticates without sending anything.
    fn check(&mut self) -> Result<(), DeliveryError>;
    /// Delivers `bytes` from `from` to the single recipient `to`.
    fn send(&mut self, from: &Address, to: &Address, bytes: &[u8]) -> Result<(), DeliveryError>;
}

/// The real thing: lettre's SMTP transport, one connection per delivery.
pub struct Mailer {
    transport: SmtpTransport,
    secret: Secret,
}

impl Mailer {
    /// Builds the transport. Fails when plain text is asked for with a password, when the
    /// CA file cannot be read, or when user and password are not given together.
    pub fn new(settings: &Settings) -> Result<Self, String> {
        let secret = settings.password.clone().unwrap_or_default();
        let endpoint = parse_url(&settings.url)?;
        let mut builder = SmtpTransport::builder_dangerous(endpoint.host.clone())
            .port(endpoint.port)
            .timeout(Some(Duration::from_secs(30)));
        let tls = |host: &str| -> Result<TlsParameters, String> {
            let mut params = TlsParameters::builder(host.to_string());
            if let Some(path) = &settings.ca {
                let pem = std::fs::read(path).map_err(|e| {
                    format!("SCORECARD_SMTP_CA: cannot read {}: {e}", path.display())
                })?;
                let certificate = Certificate::from_pem(&pem).map_err(|e| {
                    format!(
                        "SCORECARD_SMTP_CA: {} holds no PEM certificate ({e})",
                        path.display()
                    )
                })?;
                params = params.add_root_certificate(certificate);
            }
            params.build().map_err(|e| format!("TLS settings: {e}"))
        };
        builder = match endpoint.security {
            Security::StartTls => builder.tls(Tls::Required(tls(&endpoint.host)?)),
            Security::ImplicitTls => builder.tls(Tls::Wrapper(tls(&endpoint.host)?)),
            Security::None => {
                if settings.password.is_some() {
                    return Err("SCORECARD_SMTP_URL asks for plain text (tls=none), and a password is set: it would cross the network unencrypted. Use smtp:// (STARTTLS) or smtps://, or unset SCORECARD_SMTP_PASSWORD for a relay that needs none".into());
                }
                builder.tls(Tls::None)
            }
        };
        match (&settings.user, &settings.password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(user.clone(), password.0.clone()));
            }
            (None, None) => {}
            (Some(_), None) => {
                return Err("SCORECARD_SMTP_USER is set without SCORECARD_SMTP_PASSWORD".into())
            }
            (None, Some(_)) => {
                return Err("SCORECARD_SMTP_PASSWORD is set without SCORECARD_SMTP_USER".into())
            }
        }
        Ok(Self {
            transport: builder.build(),
            secret,
        })
    }

    fn failure(&self, error: &lettre::transport::smtp::Error) -> DeliveryError {
        let code = error.status().map(|c| {
            let text = c.to_string();
            text.parse::<u16>().unwrap_or(0)
        });
        // Authentication (530, 534, 535, 538) and a session the server closed (421) fail
        // every recipient alike; so do TLS and connection failures.
        let session = error.is_tls()
            || matches!(code, Some(421 | 530 | 534 | 535 | 538))
            || (code.is_none() && !error.is_client());
        let mut message = self.secret.scrub(&error.to_string());
        message.push_str(hint(&message, error.is_tls(), code));
        DeliveryError {
            message,
            code,
            session,
        }
    }
}

/// A short pointer to the likely fix, from what failed.
fn hint(message: &str, tls: bool, code: Option<u16>) -> &'static str {
    if message.contains("certificate") || (tls && message.contains("Issuer")) {
        " (if the server uses a company CA, set SCORECARD_SMTP_CA to its PEM file)"
    } else if message.contains("corrupt message") || message.contains("InvalidContentType") {
        " (the server did not speak TLS on connect: for port 587 use smtp://, which starts TLS with STARTTLS)"
    } else if message.contains("STARTTLS") || message.contains("starttls") {
        " (the server does not offer STARTTLS: use smtps:// if it expects TLS from the start)"
    } else if message.contains("Connection refused") || message.contains("timed out") {
        " (check the host and port in SCORECARD_SMTP_URL)"
    } else if matches!(code, Some(535)) {
        " (check SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD)"
    } else if matches!(code, Some(530)) {
        " (the server wants a login: set SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD)"
    } else {
        ""
    }
}

impl Courier for Mailer {
    fn check(&mut self) -> Result<(), DeliveryError> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err(DeliveryError {
                message: "the server closed the connection".into(),
                code: None,
                session: true,
            }),
            Err(e) => Err(self.failure(&e)),
        }
    }

    fn send(&mut self, from: &Address, to: &Address, bytes: &[u8]) -> Result<(), DeliveryError> {
        let envelope =
            Envelope::new(Some(from.clone()), vec![to.clone()]).map_err(|e| DeliveryError {
                message: format!("bad envelope: {e}"),
                code: None,
                session: false,
            })?;
        self.transport
            .send_raw(&envelope, bytes)
            .map(|_| ())
            .map_err(|e| self.failure(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let e = parse_url("smtp://mail.example.org").unwrap();
        assert_eq!((e.port, e.security), (587, Security::StartTls));
        let e = parse_url("smtps://mail.example.org").unwrap();
        assert_eq!((e.port, e.security), (465, Security::ImplicitTls));
        let e = parse_url("smtp://localhost:2525?tls=none").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.security),
            ("localhost", 2525, Security::None)
        );
        let e = parse_url("smtp://[::1]:25").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("::1", 25));
        let secret = parse_url("smtp://me:hunter2@mail.example.org").unwrap_err();
        assert!(!secret.contains("hunter2"), "{secret}");
        assert!(parse_url("http://x").is_err());
        assert!(parse_url("smtp://x:99999").is_err());
        assert!(
            parse_url("smtps://x?tls=none").is_err(),
            "no plain text on smtps"
        );
        assert!(parse_url("smtp://x?verify=no").is_err());
    }

    #[test]
    fn plain_text_with_a_password_is_refused() {
        let settings = Settings {
            url: "smtp://localhost:2525?tls=none".into(),
            user: Some("u".into()),
            password: Some(Secret::new("hunter2".into())),
            ca: None,
        };
        let error = Mailer::new(&settings).err().unwrap();
        assert!(
            error.contains("plain text") && !error.contains("hunter2"),
            "{error}"
        );
        assert_eq!(format!("{settings:?}").matches("hunter2").count(), 0);
    }
}
