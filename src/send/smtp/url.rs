//! `SCORECARD_SMTP_URL`: where the server is and how the connection is protected.
//!
//! `smtp://host[:port]` (port 587 by default) requires STARTTLS: a server that does not
//! offer it is an error, never a silent fall-back to plain text. `smtps://host[:port]`
//! (465) is TLS from the first byte. Plain text happens only when the URL says
//! `?tls=none`. Errors never repeat the URL, which might hold a password.

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
pub fn parse_url(url: &str) -> Result<Endpoint, UrlError> {
    let (scheme, rest) = url.split_once("://").ok_or(UrlError::NotAUrl)?;
    let (mut security, default_port) = match scheme.to_ascii_lowercase().as_str() {
        "smtp" => (Security::StartTls, 587),
        "smtps" => (Security::ImplicitTls, 465),
        _ => {
            return Err(UrlError::Scheme {
                scheme: scheme.to_string(),
            })
        }
    };
    let (authority, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let authority = authority.trim_end_matches('/');
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    if authority.contains('/') {
        return Err(UrlError::Path);
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        // An IPv6 literal: [::1]:587
        let (host, after) = bracketed.split_once(']').ok_or(UrlError::UnclosedBracket)?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    let port = match port {
        None => default_port,
        Some(p) => p
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| UrlError::Port {
                port: p.to_string(),
            })?,
    };
    for pair in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        match pair.split_once('=') {
            Some(("tls", "none")) if security == Security::StartTls => security = Security::None,
            Some(("tls", "required")) if security == Security::StartTls => {}
            Some(("tls", "wrapper")) if security == Security::ImplicitTls => {}
            _ => {
                return Err(UrlError::Setting {
                    name: pair.split('=').next().unwrap_or(pair).to_string(),
                })
            }
        }
    }
    Ok(Endpoint {
        host: host.to_string(),
        port,
        security,
    })
}

/// Why `SCORECARD_SMTP_URL` cannot be used. It carries only the part at fault, never
/// the whole URL, which might hold a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// No `://`.
    NotAUrl,
    /// A scheme other than `smtp` or `smtps`.
    Scheme {
        /// The scheme as written.
        scheme: String,
    },
    /// A user name or password before an `@`.
    UserInfo,
    /// A path after the host.
    Path,
    /// An IPv6 literal with no `]`.
    UnclosedBracket,
    /// Nothing before the port.
    NoHost,
    /// A port that is not 1 to 65535.
    Port {
        /// The port as written.
        port: String,
    },
    /// A `?setting` other than `tls=none` (or the scheme's own default).
    Setting {
        /// The setting's name.
        name: String,
    },
}

impl std::fmt::Display for UrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SCORECARD_SMTP_URL ")?;
        match self {
            UrlError::NotAUrl => f.write_str("is not a URL: write smtp://host:587 or smtps://host:465"),
            UrlError::Scheme { scheme } => write!(f, "starts with `{scheme}://`: use smtp:// (STARTTLS) or smtps:// (TLS)"),
            UrlError::UserInfo => f.write_str("holds a user name or password: set SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD instead"),
            UrlError::Path => f.write_str("has a path: write only smtp://host:port"),
            UrlError::UnclosedBracket => f.write_str("has an unclosed `[`"),
            UrlError::NoHost => f.write_str("has no host: write smtp://mail.example.org:587"),
            UrlError::Port { port } => write!(f, "has port `{port}`, not a number from 1 to 65535"),
            UrlError::Setting { name } => write!(f, "has the setting `{name}`, which is not understood: the only one is tls=none (plain text, smtp:// only)"),
        }
    }
}

impl std::error::Error for UrlError {}

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
        assert_eq!(secret, UrlError::UserInfo);
        assert!(!secret.to_string().contains("hunter2"), "{secret}");
        assert_eq!(
            parse_url("http://x"),
            Err(UrlError::Scheme {
                scheme: "http".into()
            })
        );
        assert_eq!(
            parse_url("smtp://x:99999").unwrap_err().to_string(),
            "SCORECARD_SMTP_URL has port `99999`, not a number from 1 to 65535"
        );
        assert!(
            parse_url("smtps://x?tls=none").is_err(),
            "no plain text on smtps"
        );
        assert_eq!(
            parse_url("smtp://x?verify=no"),
            Err(UrlError::Setting {
                name: "verify".into()
            })
        );
    }
}
