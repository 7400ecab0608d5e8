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

use super::settings::{OAuthClient, Secret, Secrets};

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
) -> Result<Token, String> {
    let agent = agent(ca, timeout)?;
    let started = Instant::now();
    let answer = agent.post(&client.token_url).send_form([
        ("grant_type", "client_credentials"),
        ("client_id", client.client_id.as_str()),
        ("client_secret", client.client_secret.expose()),
        ("scope", client.scope.as_str()),
    ]);
    let mut response = answer.map_err(|e| {
        let text = secrets.scrub(&e.to_string());
        format!(
            "cannot reach the token endpoint {}: {text}{}",
            client.token_url,
            transport_hint(&text)
        )
    })?;
    let status = response.status().as_u16();
    let body = match response
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_string()
    {
        Ok(body) => body,
        Err(e) => {
            let what = match e {
                ureq::Error::Timeout(_) => format!(
                    "the deadline of {} s passed while its answer was still arriving",
                    timeout.as_secs()
                ),
                other => format!("its answer could not be read ({other})"),
            };
            return Err(secrets.scrub(&format!(
                "the token endpoint {} answered (HTTP {status}), but {what} (check SCORECARD_OAUTH_TOKEN_URL and the network, then run send again)",
                client.token_url
            )));
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
        .trim()
        .to_string();
    let quoted = match (error.is_empty(), description.is_empty()) {
        (true, true) if (200..=299).contains(&status) => {
            "the answer holds no access_token".to_string()
        }
        (true, true) => "no error given".to_string(),
        (false, true) => error.clone(),
        (true, false) => description.clone(),
        (false, false) => format!("{error}: {description}"),
    };
    Err(secrets.scrub(&format!(
        "the token endpoint {} refused the request (HTTP {status}, {quoted}){}",
        client.token_url,
        refusal_hint(status, &error, &description)
    )))
}

fn agent(ca: Option<&Path>, timeout: Duration) -> Result<ureq::Agent, String> {
    let roots = match ca {
        None => RootCerts::WebPki,
        Some(path) => {
            let pem = std::fs::read(path)
                .map_err(|e| format!("SCORECARD_SMTP_CA: cannot read {}: {e}", path.display()))?;
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
                return Err(format!(
                    "SCORECARD_SMTP_CA: {} holds no PEM certificate",
                    path.display()
                ));
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
