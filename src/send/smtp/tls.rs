//! The TLS client configuration: rustls with ring, trusting Mozilla's roots (the same
//! `webpki-roots` lettre uses) and the certificates in `SCORECARD_SMTP_CA`, if set.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

/// The configuration every TLS connection of a run shares.
pub(super) fn client_config(ca: Option<&Path>) -> Result<Arc<ClientConfig>, String> {
    let mut roots = RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    if let Some(path) = ca {
        let pem = std::fs::read(path)
            .map_err(|e| format!("SCORECARD_SMTP_CA: cannot read {}: {e}", path.display()))?;
        let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(&pem)
            .filter_map(Result::ok)
            .collect();
        let (added, _) = roots.add_parsable_certificates(certificates);
        if added == 0 {
            return Err(format!(
                "SCORECARD_SMTP_CA: {} holds no PEM certificate",
                path.display()
            ));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS settings: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}
