//! The OAuth 2.0 client-credentials grant: one POST to the token endpoint (Microsoft
//! Entra ID's `…/oauth2/v2.0/token`, or any other) with the app's id, secret and scope,
//! answered by JSON holding `access_token` and `expires_in`. The request goes over ureq on
//! rustls (ring), trusting Mozilla's roots and `SCORECARD_SMTP_CA`, as the mail server
//! connection does; it never follows a redirect, so the secret goes only where it was
//! told to.
//!
//! A refusal quotes the endpoint's `error` and `error_description` with a hint in the
//! user's terms. Neither the client secret nor the token can appear in what is returned:
//! every message passes through [`Secrets::scrub`].

use std::path::Path;
use std::time::{Duration, Instant};

use ureq::tls::{Certificate, RootCerts, TlsConfig, TlsProvider};

use super::settings::{CaError, OAuthClient, Secret, Secrets};

/// An access token and when it stops being valid.
#[derive(Debug, Clone)]
pub struct Token {
    /// The token itself.
    pub secret: Secret,
    /// When it expires (from `expires_in`); `None` when not known.
    pub expires_at: Option<Instant>,
}

impl Token {
    /// A token obtained elsewhere, of unknown lifetime.
    pub fn ready(secret: Secret) -> Self {
        Self {
            secret,
            expires_at: None,
        }
    }

    /// True while the token has more than a minute to live (or an unknown lifetime).
    pub fn is_fresh(&self) -> bool {
        self.expires_at
            .is_none_or(|at| at > Instant::now() + Duration::from_secs(60))
    }
}

/// The longest answer read from the endpoint: tokens are a few KB.
const ANSWER_LIMIT: u64 = 1 << 20;

/// Requests a token. `secrets` must hold the client secret; the token is added to it.
pub fn request(
    client: &OAuthClient,
    ca: Option<&Path>,
    timeout: Duration,
    secrets: &mut Secrets,
) -> Result<Token, OAuthError> {
    let agent = agent(ca, timeout)?;
    let started = Instant::now();
    let answer = agent.post(&client.token_url).send_form([
        ("grant_type", "client_credentials"),
        ("client_id", client.client_id.as_str()),
        ("client_secret", client.client_secret.expose()),
        ("scope", client.scope.as_str()),
    ]);
    let url = secrets.scrub(&client.token_url);
    let mut response = answer.map_err(|e| OAuthError::Unreachable {
        url: url.clone(),
        detail: secrets.scrub(&e.to_string()),
    })?;
    let status = response.status().as_u16();
    let body = match response
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_string()
    {
        Ok(body) => body,
        Err(ureq::Error::Timeout(_)) => {
            return Err(OAuthError::AnswerTimedOut {
                url,
                status,
                deadline: timeout,
            })
        }
        Err(other) => {
            return Err(OAuthError::AnswerUnreadable {
                url,
                status,
                detail: secrets.scrub(&other.to_string()),
            })
        }
    };
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    let text = |key: &str| json.get(key).and_then(|v| v.as_str()).map(str::to_string);
    if let (200..=299, Some(token)) = (status, text("access_token")) {
        let secret = Secret::new(token);
        secrets.add(&secret);
        let lifetime = json.get("expires_in").and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        });
        return Ok(Token {
            secret,
            expires_at: lifetime.map(|s| started + Duration::from_secs(s)),
        });
    }
    let error = text("error").unwrap_or_default();
    let description = text("error_description").unwrap_or_default();
    // Entra ID appends trace and correlation ids and a timestamp: useful to support
    // staff, noise on a board pack's run.
    let description = description
        .split(" Trace ID:")
        .next()
        .unwrap_or_default()
        .trim();
    Err(OAuthError::Refused {
        url,
        status,
        error: secrets.scrub(&error),
        description: secrets.scrub(description),
    })
}

fn agent(ca: Option<&Path>, timeout: Duration) -> Result<ureq::Agent, CaError> {
    let roots = match ca {
        None => RootCerts::WebPki,
        Some(path) => {
            let pem = CaError::read(path)?;
            let mut certificates: Vec<Certificate<'static>> =
                webpki_root_certs::TLS_SERVER_ROOT_CERTS
                    .iter()
                    .map(|der| Certificate::from_der(der.as_ref()).to_owned())
                    .collect();
            let extra = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect::<Vec<_>>();
            if extra.is_empty() {
                return Err(CaError::NoCertificate {
                    path: path.to_path_buf(),
                });
            }
            certificates.extend(extra);
            RootCerts::new_with_certs(&certificates)
        }
    };
    let tls = TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(roots)
        .build();
    Ok(ureq::Agent::config_builder()
        .tls_config(tls)
        .https_only(true)
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(timeout))
        .build()
        .new_agent())
}

/// Why no token was obtained. Every text in it has passed through [`Secrets::scrub`]
/// when it was made, so neither the client secret nor a token can be shown. The
/// transport's own error is kept as that scrubbed text rather than as a source, so that
/// nothing printing the chain of causes can bypass the scrubbing.
#[derive(Debug)]
pub enum OAuthError {
    /// `SCORECARD_SMTP_CA` could not be used.
    Ca(CaError),
    /// The endpoint could not be reached (name, connection, TLS, deadline).
    Unreachable {
        /// The token endpoint.
        url: String,
        /// The transport's error.
        detail: String,
    },
    /// The endpoint answered, but its answer was still arriving at the deadline.
    AnswerTimedOut {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The deadline.
        deadline: Duration,
    },
    /// The endpoint answered, but its answer could not be read.
    AnswerUnreadable {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The transport's error.
        detail: String,
    },
    /// The endpoint answered without a token.
    Refused {
        /// The token endpoint.
        url: String,
        /// The HTTP status.
        status: u16,
        /// The answer's `error`, or empty.
        error: String,
        /// The answer's `error_description` without Entra ID's trace ids, or empty.
        description: String,
    },
}

impl From<CaError> for OAuthError {
    fn from(error: CaError) -> Self {
        OAuthError::Ca(error)
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const RETRY: &str =
            "(check SCORECARD_OAUTH_TOKEN_URL and the network, then run send again)";
        match self {
            OAuthError::Ca(error) => write!(f, "{error}"),
            OAuthError::Unreachable { url, detail } => write!(
                f,
                "cannot reach the token endpoint {url}: {detail}{}",
                transport_hint(detail)
            ),
            OAuthError::AnswerTimedOut {
                url,
                status,
                deadline,
            } => write!(
                f,
                "the token endpoint {url} answered (HTTP {status}), but the deadline of {} s passed while its answer was still arriving {RETRY}",
                deadline.as_secs()
            ),
            OAuthError::AnswerUnreadable {
                url,
                status,
                detail,
            } => write!(
                f,
                "the token endpoint {url} answered (HTTP {status}), but its answer could not be read ({detail}) {RETRY}"
            ),
            OAuthError::Refused {
                url,
                status,
                error,
                description,
            } => {
                let quoted = match (error.is_empty(), description.is_empty()) {
                    (true, true) if (200..=299).contains(status) => {
                        "the answer holds no access_token".to_string()
                    }
                    (true, true) => "no error given".to_string(),
                    (false, true) => error.clone(),
                    (true, false) => description.clone(),
                    (false, false) => format!("{error}: {description}"),
                };
                write!(
                    f,
                    "the token endpoint {url} refused the request (HTTP {status}, {quoted}){}",
                    refusal_hint(*status, error, description)
                )
            }
        }
    }
}

impl std::error::Error for OAuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            OAuthError::Ca(error) => Some(error),
            _ => None,
        }
    }
}

fn transport_hint(text: &str) -> &'static str {
    if text.contains("certificate") || text.contains("UnknownIssuer") {
        " (if a company proxy or CA signs this site, set SCORECARD_SMTP_CA to its PEM file)"
    } else if text.contains("timeout") || text.contains("timed out") {
        " (the endpoint did not answer in time: check SCORECARD_OAUTH_TOKEN_URL and the network)"
    } else {
        " (check SCORECARD_OAUTH_TOKEN_URL: for Microsoft 365 it is https://login.microsoftonline.com/TENANT/oauth2/v2.0/token)"
    }
}

fn refusal_hint(status: u16, error: &str, description: &str) -> &'static str {
    let code = |prefix: &str| description.contains(prefix);
    if code("AADSTS90002") || code("AADSTS900023") || status == 404 {
        " (check the tenant id in SCORECARD_OAUTH_TOKEN_URL: https://login.microsoftonline.com/TENANT/oauth2/v2.0/token, TENANT being the directory (tenant) id shown on the app registration's overview)"
    } else if code("AADSTS700016") || error == "unauthorized_client" {
        " (no such app in this tenant: check SCORECARD_OAUTH_CLIENT_ID (the application (client) id) and the tenant id in SCORECARD_OAUTH_TOKEN_URL)"
    } else if error == "invalid_client" {
        " (check SCORECARD_OAUTH_CLIENT_ID and SCORECARD_OAUTH_CLIENT_SECRET: the secret's value, not its id, and not expired; make a new one under the app's Certificates & secrets)"
    } else if error == "invalid_scope" || code("AADSTS1002012") || code("AADSTS70011") {
        " (check SCORECARD_OAUTH_SCOPE: for Microsoft 365 it is https://outlook.office365.com/.default, or leave it unset)"
    } else {
        " (check the SCORECARD_OAUTH_ variables; see the README's \"Monthly send\" section)"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(status: u16, error: &str, description: &str) -> String {
        OAuthError::Refused {
            url: "https://login.example/t/token".into(),
            status,
            error: error.into(),
            description: description.into(),
        }
        .to_string()
    }

    #[test]
    fn a_refusal_quotes_the_endpoint_and_hints_at_the_variable_to_fix() {
        let wrong_secret = refused(
            401,
            "invalid_client",
            "AADSTS7000215: Invalid client secret",
        );
        assert!(wrong_secret
            .contains("(HTTP 401, invalid_client: AADSTS7000215: Invalid client secret)"));
        assert!(
            wrong_secret.contains("SCORECARD_OAUTH_CLIENT_SECRET"),
            "{wrong_secret}"
        );
        let tenant = refused(400, "invalid_request", "AADSTS90002: Tenant not found");
        assert!(tenant.contains("tenant id"), "{tenant}");
        assert!(refused(500, "", "").contains("no error given"));
        assert!(refused(200, "", "").contains("holds no access_token"));
    }

    #[test]
    fn an_unreachable_endpoint_hints_at_the_ca_or_the_url() {
        let error = |detail: &str| {
            OAuthError::Unreachable {
                url: "https://login.example/token".into(),
                detail: detail.into(),
            }
            .to_string()
        };
        assert!(error("invalid peer certificate: UnknownIssuer").contains("SCORECARD_SMTP_CA"));
        assert!(error("connection refused").contains("SCORECARD_OAUTH_TOKEN_URL"));
    }

    #[test]
    fn what_the_endpoint_says_is_scrubbed_before_it_is_kept() {
        let client = OAuthClient {
            token_url: "http://127.0.0.1:9/cs-hush-3/token".into(),
            client_id: "app".into(),
            client_secret: Secret::new("cs-hush-3".into()),
            scope: "s".into(),
        };
        let mut secrets = Secrets::default();
        secrets.add(&client.client_secret);
        // https_only refuses the plain address before anything is sent.
        let error = request(&client, None, Duration::from_secs(1), &mut secrets).unwrap_err();
        assert!(matches!(error, OAuthError::Unreachable { .. }), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("hush"));
    }
}
