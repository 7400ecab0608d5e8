//! The TLS client configuration: rustls with ring, trusting Mozilla's roots (the same
//! `webpki-roots` lettre uses) and the certificates in `SCORECARD_SMTP_CA`, if set.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

use crate::send::settings::CaError;

/// The configuration every TLS connection of a run shares.
pub(super) fn client_config(ca: Option<&Path>) -> Result<Arc<ClientConfig>, TlsSetupError> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = ca {
        let pem = CaError::read(path)?;
        let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
            .filter_map(Result::ok)
            .collect();
        let (added, _) = roots.add_parsable_certificates(certificates);
        if added == 0 {
            return Err(CaError::NoCertificate {
                path: path.to_path_buf(),
            }
            .into());
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsSetupError::Protocols)?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Why the TLS configuration could not be built.
#[derive(Debug)]
pub enum TlsSetupError {
    /// `SCORECARD_SMTP_CA` could not be used.
    Ca(CaError),
    /// rustls refused its own safe defaults (a build without TLS 1.2 or 1.3).
    Protocols(rustls::Error),
}

impl From<CaError> for TlsSetupError {
    fn from(error: CaError) -> Self {
        TlsSetupError::Ca(error)
    }
}

impl std::fmt::Display for TlsSetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TlsSetupError::Ca(error) => write!(f, "{error}"),
            TlsSetupError::Protocols(error) => write!(f, "TLS settings: {error}"),
        }
    }
}

impl std::error::Error for TlsSetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TlsSetupError::Ca(error) => Some(error),
            TlsSetupError::Protocols(error) => Some(error),
        }
    }
}
