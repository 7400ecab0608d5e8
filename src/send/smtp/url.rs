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
}
