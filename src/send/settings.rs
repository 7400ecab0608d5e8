//! How `send` reaches the mail server, read once from the environment and checked before
//! any rendering: the server (`SCORECARD_SMTP_URL`), how to log in (none, a password, or
//! an OAuth 2.0 token by SASL XOAUTH2), the extra CA to trust, and the deadline on each
//! exchange. Every combination that could not work, or would send a secret in plain text,
//! is refused here with a [`SettingsError`] naming the variables to change; `send` and
//! `commentary` show it as a problem with the environment
//! ([`crate::send::SetupError::problem`]).
//!
//! Secrets (the password, the OAuth client secret, a ready token) are held in [`Secret`],
//! which never prints; [`Secrets`] strips them from any text that leaves the module that
//! uses them.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::smtp::url::{parse_url, Endpoint, Security, UrlError};

/// The deadline on each SMTP exchange (greeting, EHLO, STARTTLS, AUTH, each message)
/// when `SCORECARD_SMTP_DEADLINE` does not set one.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The OAuth scope when `SCORECARD_OAUTH_SCOPE` is not set: Exchange Online's SMTP.
pub const DEFAULT_SCOPE: &str = "https://outlook.office365.com/.default";

/// A password, client secret or token: shown as `***` by `Debug`, never by `Display`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(text: String) -> Self {
        Self(text)
    }

    /// The secret itself, for the one place that must send it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// Every secret of a run, to strip from any text before it is shown.
#[derive(Clone, Default, Debug)]
pub struct Secrets(Vec<Secret>);

impl Secrets {
    /// Adds a secret (and so every later [`Secrets::scrub`] removes it).
    pub fn add(&mut self, secret: &Secret) {
        if secret.0.len() >= 3 && !self.0.contains(secret) {
            self.0.push(secret.clone());
        }
    }

    /// `text` with every occurrence of every secret replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        self.0.iter().fold(text.to_string(), |text, secret| {
            text.replace(&secret.0, "***")
        })
    }
}

/// The app's credentials for the OAuth 2.0 client-credentials grant.
#[derive(Debug, Clone)]
pub struct OAuthClient {
    /// `SCORECARD_OAUTH_TOKEN_URL`, always `https://`.
    pub token_url: String,
    /// `SCORECARD_OAUTH_CLIENT_ID`.
    pub client_id: String,
    /// `SCORECARD_OAUTH_CLIENT_SECRET`.
    pub client_secret: Secret,
    /// `SCORECARD_OAUTH_SCOPE`.
    pub scope: String,
}

/// Where the XOAUTH2 token comes from.
#[derive(Debug, Clone)]
pub enum TokenSource {
    /// `SCORECARD_OAUTH_TOKEN`: obtained elsewhere.
    Ready(Secret),
    /// Requested once per run from the token endpoint.
    Request(OAuthClient),
}

/// How to log in.
#[derive(Debug, Clone)]
pub enum Login {
    /// No login: a relay that trusts the sender's address or certificate.
    None,
    /// AUTH PLAIN or LOGIN, over TLS only.
    Password {
        /// `SCORECARD_SMTP_USER`.
        user: String,
        /// `SCORECARD_SMTP_PASSWORD`.
        password: Secret,
    },
    /// SASL XOAUTH2 with an OAuth 2.0 token, over TLS only; nothing else is tried.
    Xoauth2 {
        /// `SCORECARD_SMTP_USER`: the mailbox the app sends as.
        user: String,
        /// The token, or how to get it.
        token: TokenSource,
    },
}

/// The checked settings for a real send.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The server and its encryption.
    pub endpoint: Endpoint,
    /// The login.
    pub login: Login,
    /// `SCORECARD_SMTP_CA`: extra certificates to trust, for the mail server and the
    /// token endpoint.
    pub ca: Option<PathBuf>,
    /// `SCORECARD_SMTP_DEADLINE`: the longest any one exchange may take.
    pub deadline: Duration,
}

impl Settings {
    /// Every secret these settings hold.
    pub fn secrets(&self) -> Secrets {
        let mut secrets = Secrets::default();
        match &self.login {
            Login::None => {}
            Login::Password { password, .. } => secrets.add(password),
            Login::Xoauth2 { token, .. } => match token {
                TokenSource::Ready(token) => secrets.add(token),
                TokenSource::Request(client) => secrets.add(&client.client_secret),
            },
        }
        secrets
    }
}

/// The settings from the process environment; `Ok(None)` when `SCORECARD_SMTP_URL` is
/// not set (a dry run).
pub fn from_env() -> Result<Option<Settings>, SettingsError> {
    from_lookup(&|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
}

/// The settings from `get` (the environment, or a table in tests).
pub fn from_lookup(
    get: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Settings>, SettingsError> {
    let Some(url) = get("SCORECARD_SMTP_URL") else {
        return Ok(None);
    };
    let endpoint = parse_url(&url)?;
    let login = login(get)?;
    if endpoint.security == Security::None {
        match login {
            Login::None => {}
            Login::Password { .. } => return Err(SettingsError::PlainTextPassword),
            Login::Xoauth2 { .. } => return Err(SettingsError::PlainTextToken),
        }
    }
    Ok(Some(Settings {
        endpoint,
        login,
        ca: get("SCORECARD_SMTP_CA").map(PathBuf::from),
        deadline: deadline(get("SCORECARD_SMTP_DEADLINE"))?,
    }))
}

const OAUTH_VARIABLES: [&str; 5] = [
    "SCORECARD_OAUTH_TOKEN_URL",
    "SCORECARD_OAUTH_CLIENT_ID",
    "SCORECARD_OAUTH_CLIENT_SECRET",
    "SCORECARD_OAUTH_SCOPE",
    "SCORECARD_OAUTH_TOKEN",
];

fn login(get: &dyn Fn(&str) -> Option<String>) -> Result<Login, SettingsError> {
    let user = get("SCORECARD_SMTP_USER");
    let password = get("SCORECARD_SMTP_PASSWORD").map(Secret::new);
    let oauth_set: Vec<&'static str> = OAUTH_VARIABLES
        .into_iter()
        .filter(|name| get(name).is_some())
        .collect();
    let mode = get("SCORECARD_SMTP_AUTH").map(|m| m.trim().to_ascii_lowercase());
    match mode.as_deref() {
        Some("xoauth2") => {
            if password.is_some() {
                return Err(SettingsError::PasswordWithXoauth2);
            }
            let user = user.ok_or(SettingsError::Xoauth2WithoutUser)?;
            Ok(Login::Xoauth2 {
                user,
                token: token_source(get)?,
            })
        }
        Some("password") | None => {
            if let Some(first) = oauth_set.first() {
                return Err(SettingsError::OAuthWithoutXoauth2 { variable: first });
            }
            match (user, password) {
                (Some(user), Some(password)) => Ok(Login::Password { user, password }),
                (None, None) if mode.is_none() => Ok(Login::None),
                (None, None) => Err(SettingsError::PasswordLoginIncomplete),
                (Some(_), None) => Err(SettingsError::UserWithoutPassword),
                (None, Some(_)) => Err(SettingsError::PasswordWithoutUser),
            }
        }
        Some(other) => Err(SettingsError::UnknownAuth {
            mode: other.to_string(),
        }),
    }
}

fn token_source(get: &dyn Fn(&str) -> Option<String>) -> Result<TokenSource, SettingsError> {
    let url = get("SCORECARD_OAUTH_TOKEN_URL");
    if let Some(token) = get("SCORECARD_OAUTH_TOKEN") {
        if url.is_some() {
            return Err(SettingsError::TokenAndTokenUrl);
        }
        return Ok(TokenSource::Ready(Secret::new(token.trim().to_string())));
    }
    let missing: Vec<&'static str> = [
        "SCORECARD_OAUTH_TOKEN_URL",
        "SCORECARD_OAUTH_CLIENT_ID",
        "SCORECARD_OAUTH_CLIENT_SECRET",
    ]
    .into_iter()
    .filter(|name| get(name).is_none())
    .collect();
    if !missing.is_empty() {
        return Err(SettingsError::OAuthClientIncomplete { missing });
    }
    let token_url = url.unwrap_or_default();
    if !token_url
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
    {
        return Err(SettingsError::TokenUrlNotHttps);
    }
    Ok(TokenSource::Request(OAuthClient {
        token_url,
        client_id: get("SCORECARD_OAUTH_CLIENT_ID").unwrap_or_default(),
        client_secret: Secret::new(get("SCORECARD_OAUTH_CLIENT_SECRET").unwrap_or_default()),
        scope: get("SCORECARD_OAUTH_SCOPE").unwrap_or_else(|| DEFAULT_SCOPE.to_string()),
    }))
}

fn deadline(text: Option<String>) -> Result<Duration, SettingsError> {
    let Some(text) = text else {
        return Ok(DEFAULT_DEADLINE);
    };
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| (0.1..=3600.0).contains(s))
        .map(Duration::from_secs_f64)
        .ok_or(SettingsError::Deadline { text })
}

/// A combination of mail settings that could not work, or would send a secret in plain
/// text. Each names the variables to change; none holds a password, client secret or
/// token, so none can print one.
#[derive(Debug)]
pub enum SettingsError {
    /// `SCORECARD_SMTP_URL` is malformed.
    Url(UrlError),
    /// `?tls=none` with a password.
    PlainTextPassword,
    /// `?tls=none` with XOAUTH2.
    PlainTextToken,
    /// `SCORECARD_SMTP_PASSWORD` with `SCORECARD_SMTP_AUTH=xoauth2`.
    PasswordWithXoauth2,
    /// XOAUTH2 with no `SCORECARD_SMTP_USER`.
    Xoauth2WithoutUser,
    /// An OAuth variable (named) set while the login is not XOAUTH2.
    OAuthWithoutXoauth2 {
        /// The first such variable.
        variable: &'static str,
    },
    /// `SCORECARD_SMTP_AUTH=password` with neither user nor password.
    PasswordLoginIncomplete,
    /// A user with no password.
    UserWithoutPassword,
    /// A password with no user.
    PasswordWithoutUser,
    /// `SCORECARD_SMTP_AUTH` is neither `password` nor `xoauth2`.
    UnknownAuth {
        /// What it says, trimmed and in lower case.
        mode: String,
    },
    /// Both a ready token and the endpoint to request one.
    TokenAndTokenUrl,
    /// XOAUTH2 with neither a ready token nor a complete client.
    OAuthClientIncomplete {
        /// The client's variables that are not set.
        missing: Vec<&'static str>,
    },
    /// `SCORECARD_OAUTH_TOKEN_URL` is not `https://`.
    TokenUrlNotHttps,
    /// `SCORECARD_SMTP_DEADLINE` is not a number of seconds in range.
    Deadline {
        /// What it says.
        text: String,
    },
}

impl From<UrlError> for SettingsError {
    fn from(error: UrlError) -> Self {
        SettingsError::Url(error)
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingsError::Url(error) => write!(f, "{error}"),
            SettingsError::PlainTextPassword => f.write_str("SCORECARD_SMTP_URL asks for plain text (tls=none), and a password is set: it would cross the network unencrypted. Use smtp:// (STARTTLS) or smtps://, or unset SCORECARD_SMTP_PASSWORD for a relay that needs none"),
            SettingsError::PlainTextToken => f.write_str("SCORECARD_SMTP_URL asks for plain text (tls=none), and SCORECARD_SMTP_AUTH is xoauth2: the token would cross the network unencrypted. Use smtp:// (STARTTLS, as smtp.office365.com:587 does) or smtps://"),
            SettingsError::PasswordWithXoauth2 => f.write_str("SCORECARD_SMTP_PASSWORD is set, but SCORECARD_SMTP_AUTH=xoauth2 logs in with a token: unset SCORECARD_SMTP_PASSWORD"),
            SettingsError::Xoauth2WithoutUser => f.write_str("SCORECARD_SMTP_AUTH=xoauth2 needs SCORECARD_SMTP_USER: the mailbox the app sends as, e.g. performance@example.gov.uk"),
            SettingsError::OAuthWithoutXoauth2 { variable } => write!(f, "{variable} is set, but SCORECARD_SMTP_AUTH is not xoauth2: set SCORECARD_SMTP_AUTH=xoauth2 to log in with OAuth 2.0, or unset the SCORECARD_OAUTH_ variables"),
            SettingsError::PasswordLoginIncomplete => f.write_str("SCORECARD_SMTP_AUTH=password needs SCORECARD_SMTP_USER and SCORECARD_SMTP_PASSWORD"),
            SettingsError::UserWithoutPassword => f.write_str("SCORECARD_SMTP_USER is set without SCORECARD_SMTP_PASSWORD (for OAuth 2.0, set SCORECARD_SMTP_AUTH=xoauth2)"),
            SettingsError::PasswordWithoutUser => f.write_str("SCORECARD_SMTP_PASSWORD is set without SCORECARD_SMTP_USER"),
            SettingsError::UnknownAuth { mode } => write!(f, "SCORECARD_SMTP_AUTH is `{mode}`: write password or xoauth2"),
            SettingsError::TokenAndTokenUrl => f.write_str("both SCORECARD_OAUTH_TOKEN and SCORECARD_OAUTH_TOKEN_URL are set: give a ready token or the endpoint to request one, not both"),
            SettingsError::OAuthClientIncomplete { missing } => write!(f, "SCORECARD_SMTP_AUTH=xoauth2 needs a token: set {} (or SCORECARD_OAUTH_TOKEN with a token obtained elsewhere)", missing.join(", ")),
            SettingsError::TokenUrlNotHttps => f.write_str("SCORECARD_OAUTH_TOKEN_URL must be an https:// address (the client secret is sent to it), e.g. https://login.microsoftonline.com/TENANT/oauth2/v2.0/token"),
            SettingsError::Deadline { text } => write!(f, "SCORECARD_SMTP_DEADLINE is `{text}`: give the seconds one exchange with the server may take, from 0.1 to 3600 (default 60)"),
        }
    }
}

impl std::error::Error for SettingsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SettingsError::Url(error) => Some(error),
            _ => None,
        }
    }
}

/// `SCORECARD_SMTP_CA` could not be used, for the mail server or the token endpoint.
#[derive(Debug)]
pub enum CaError {
    /// The file could not be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file holds no PEM certificate.
    NoCertificate {
        /// The file.
        path: PathBuf,
    },
    /// The file is longer than any bundle of certificates ([`CA_LIMIT`] bytes): a wrong
    /// path, or a device such as `/dev/zero` that would never end.
    TooLarge {
        /// The file.
        path: PathBuf,
    },
}

/// The longest CA file read: Mozilla's whole bundle is about 200 KB.
pub const CA_LIMIT: u64 = 4 << 20;

impl CaError {
    /// Reads the CA file (at most [`CA_LIMIT`] bytes), or says why it cannot be.
    pub fn read(path: &Path) -> Result<Vec<u8>, CaError> {
        use std::io::Read;
        let unreadable = |source| CaError::Unreadable {
            path: path.to_path_buf(),
            source,
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| file.take(CA_LIMIT + 1).read_to_end(&mut bytes))
            .map_err(unreadable)?;
        if bytes.len() as u64 > CA_LIMIT {
            return Err(CaError::TooLarge {
                path: path.to_path_buf(),
            });
        }
        Ok(bytes)
    }
}

impl fmt::Display for CaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CaError::Unreadable { path, source } => write!(
                f,
                "SCORECARD_SMTP_CA: cannot read {}: {source}",
                path.display()
            ),
            CaError::NoCertificate { path } => write!(
                f,
                "SCORECARD_SMTP_CA: {} holds no PEM certificate",
                path.display()
            ),
            CaError::TooLarge { path } => write!(
                f,
                "SCORECARD_SMTP_CA: {} is over {} MB, more than any bundle of certificates; give the PEM file of the CA that signs the server's certificate",
                path.display(),
                CA_LIMIT >> 20
            ),
        }
    }
}

impl std::error::Error for CaError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CaError::Unreadable { source, .. } => Some(source),
            CaError::NoCertificate { .. } | CaError::TooLarge { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> Result<Option<Settings>, SettingsError> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        from_lookup(&move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    const URL: (&str, &str) = ("SCORECARD_SMTP_URL", "smtp://smtp.office365.com:587");

    #[test]
    fn no_url_is_a_dry_run_and_a_relay_needs_no_login() {
        assert!(read(&[]).unwrap().is_none());
        let relay = read(&[("SCORECARD_SMTP_URL", "smtp://relay:25?tls=none")])
            .unwrap()
            .unwrap();
        assert!(matches!(relay.login, Login::None));
        assert_eq!(relay.deadline, DEFAULT_DEADLINE);
    }

    #[test]
    fn xoauth2_names_what_is_missing() {
        let error = read(&[URL, ("SCORECARD_SMTP_AUTH", "xoauth2")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("SCORECARD_SMTP_USER"), "{error}");
        let error = read(&[
            URL,
            ("SCORECARD_SMTP_AUTH", "xoauth2"),
            ("SCORECARD_SMTP_USER", "p@example.org"),
            ("SCORECARD_OAUTH_CLIENT_ID", "app"),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("SCORECARD_OAUTH_TOKEN_URL, SCORECARD_OAUTH_CLIENT_SECRET")
                && !error.contains("CLIENT_ID,"),
            "{error}"
        );
    }

    #[test]
    fn xoauth2_with_a_client_takes_the_default_scope_and_refuses_http() {
        let base = [
            URL,
            ("SCORECARD_SMTP_AUTH", "XOAUTH2"),
            ("SCORECARD_SMTP_USER", "p@example.org"),
            ("SCORECARD_OAUTH_CLIENT_ID", "app"),
            ("SCORECARD_OAUTH_CLIENT_SECRET", "s3cret-value"),
        ];
        let mut good = base.to_vec();
        good.push((
            "SCORECARD_OAUTH_TOKEN_URL",
            "https://login.microsoftonline.com/t/oauth2/v2.0/token",
        ));
        let settings = read(&good).unwrap().unwrap();
        let Login::Xoauth2 {
            token: TokenSource::Request(client),
            ..
        } = &settings.login
        else {
            panic!("{settings:?}")
        };
        assert_eq!(client.scope, DEFAULT_SCOPE);
        assert!(!format!("{settings:?}").contains("s3cret-value"));
        assert_eq!(settings.secrets().scrub("x s3cret-value y"), "x *** y");

        let mut http = base.to_vec();
        http.push(("SCORECARD_OAUTH_TOKEN_URL", "http://login.example/token"));
        let error = read(&http).unwrap_err().to_string();
        assert!(error.contains("https://"), "{error}");
    }

    #[test]
    fn secrets_never_cross_in_plain_text() {
        let error = read(&[
            ("SCORECARD_SMTP_URL", "smtp://relay:25?tls=none"),
            ("SCORECARD_SMTP_AUTH", "xoauth2"),
            ("SCORECARD_SMTP_USER", "p@example.org"),
            ("SCORECARD_OAUTH_TOKEN", "ready-token-123"),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("plain text") && !error.contains("ready-token-123"));
        let error = read(&[
            ("SCORECARD_SMTP_URL", "smtp://relay:25?tls=none"),
            ("SCORECARD_SMTP_USER", "u"),
            ("SCORECARD_SMTP_PASSWORD", "hunter2"),
        ])
        .unwrap_err()
        .to_string();
        assert!(error.contains("plain text") && !error.contains("hunter2"));
    }

    #[test]
    fn oauth_variables_without_xoauth2_and_bad_values_are_refused() {
        let error = read(&[URL, ("SCORECARD_OAUTH_TOKEN", "t0ken")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("SCORECARD_SMTP_AUTH=xoauth2"), "{error}");
        let error = read(&[URL, ("SCORECARD_SMTP_AUTH", "ntlm")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("password or xoauth2"), "{error}");
        let error = read(&[URL, ("SCORECARD_SMTP_DEADLINE", "soon")])
            .unwrap_err()
            .to_string();
        assert!(error.contains("SCORECARD_SMTP_DEADLINE"), "{error}");
        for outside in ["0.001", "0", "3601", "NaN", "inf"] {
            assert!(
                matches!(
                    read(&[URL, ("SCORECARD_SMTP_DEADLINE", outside)]),
                    Err(SettingsError::Deadline { .. })
                ),
                "{outside}"
            );
        }
        let quick = read(&[URL, ("SCORECARD_SMTP_DEADLINE", "1.5")])
            .unwrap()
            .unwrap();
        assert_eq!(quick.deadline, Duration::from_millis(1500));
    }

    #[test]
    fn every_settings_error_names_a_variable_and_no_secret() {
        let password = ("SCORECARD_SMTP_PASSWORD", "pw-hush-1");
        let token = ("SCORECARD_OAUTH_TOKEN", "tok-hush-2");
        let client_secret = ("SCORECARD_OAUTH_CLIENT_SECRET", "cs-hush-3");
        let xoauth2 = ("SCORECARD_SMTP_AUTH", "xoauth2");
        let user = ("SCORECARD_SMTP_USER", "p@example.org");
        let plain = ("SCORECARD_SMTP_URL", "smtp://relay:25?tls=none");
        let cases: Vec<Vec<(&str, &str)>> = vec![
            vec![("SCORECARD_SMTP_URL", "smtp://me:pw-hush-1@host")],
            vec![("SCORECARD_SMTP_URL", "ftp://host")],
            vec![plain, user, password],
            vec![plain, xoauth2, user, token],
            vec![URL, xoauth2, user, password],
            vec![URL, xoauth2, password],
            vec![URL, xoauth2, token],
            vec![URL, token],
            vec![URL, client_secret],
            vec![URL, ("SCORECARD_SMTP_AUTH", "password")],
            vec![URL, user],
            vec![URL, password],
            vec![URL, ("SCORECARD_SMTP_AUTH", "ntlm"), password],
            vec![
                URL,
                xoauth2,
                user,
                token,
                ("SCORECARD_OAUTH_TOKEN_URL", "https://x"),
            ],
            vec![URL, xoauth2, user, client_secret],
            vec![
                URL,
                xoauth2,
                user,
                client_secret,
                ("SCORECARD_OAUTH_CLIENT_ID", "app"),
                ("SCORECARD_OAUTH_TOKEN_URL", "http://x"),
            ],
            vec![URL, ("SCORECARD_SMTP_DEADLINE", "-1")],
        ];
        for case in cases {
            let error = read(&case).expect_err(&format!("{case:?} is refused"));
            let shown = error.to_string();
            assert!(shown.contains("SCORECARD_"), "{shown}");
            assert!(!format!("{shown} {error:?}").contains("hush"), "{shown}");
        }
    }

    #[test]
    fn a_missing_ca_file_is_named_with_its_cause() {
        let error = CaError::read(Path::new("/no/such/ca.pem")).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("SCORECARD_SMTP_CA: cannot read /no/such/ca.pem"));
        let cause = std::error::Error::source(&error).map(ToString::to_string);
        assert!(cause.is_some_and(|c| error.to_string().ends_with(&c)));
        let endless = CaError::read(Path::new("/dev/zero")).unwrap_err();
        assert!(matches!(endless, CaError::TooLarge { .. }), "{endless:?}");
        assert!(endless.to_string().contains("/dev/zero is over 4 MB"));
    }
}
