//! International addresses. A domain written in Unicode (`bücher.example`) has an ASCII
//! form (IDNA 2008 with UTS 46, `xn--bcher-kva.example`) that every mail server accepts,
//! so it is always written that way, in the envelope and in the headers. The part before
//! the `@` has no such form: a non-ASCII local part can only be carried by a server that
//! offers SMTPUTF8 (RFC 6531), and is refused for that recipient alone by any other.

use lettre::message::Mailbox;
use lettre::Address;

/// True when the part before the `@` is not ASCII, so only SMTPUTF8 can carry it.
pub fn needs_smtputf8(address: &Address) -> bool {
    !address.user().is_ascii()
}

/// The domain in its ASCII form (an address literal such as `[192.0.2.1]` as it is).
pub fn ascii_domain(address: &Address) -> String {
    let domain = address.domain();
    if domain.is_ascii() || domain.starts_with('[') {
        return domain.to_string();
    }
    // lettre accepts a domain only when it has an IDNA form, so this never falls back.
    idna::domain_to_ascii(domain).unwrap_or_else(|_| domain.to_string())
}

/// The address as it goes into `MAIL FROM` or `RCPT TO`, or why this server cannot take
/// it.
pub fn envelope_form(address: &Address, smtputf8: bool) -> Result<String, NeedsSmtputf8> {
    if needs_smtputf8(address) && !smtputf8 {
        return Err(NeedsSmtputf8 {
            address: address.clone(),
        });
    }
    Ok(format!("{}@{}", address.user(), ascii_domain(address)))
}

/// An address with non-ASCII letters before the `@`, for a server that does not offer
/// SMTPUTF8 to carry them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedsSmtputf8 {
    /// The address that cannot be carried.
    pub address: Address,
}

impl std::fmt::Display for NeedsSmtputf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the address {} has non-ASCII letters before the @, and the server does not offer SMTPUTF8 to carry them (ask the recipient for an ASCII address, or send through a server that offers SMTPUTF8)",
            self.address
        )
    }
}

impl std::error::Error for NeedsSmtputf8 {}

/// The mailbox as written in a header: the same name, the domain in ASCII.
pub fn header_mailbox(mailbox: &Mailbox) -> Mailbox {
    let domain = ascii_domain(&mailbox.email);
    match Address::new(mailbox.email.user(), &domain) {
        Ok(email) => Mailbox::new(mailbox.name.clone(), email),
        Err(_) => mailbox.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unicode_domain_goes_out_in_ascii() {
        let address: Address = "chair@bücher.example".parse().unwrap();
        assert_eq!(
            envelope_form(&address, false).unwrap(),
            "chair@xn--bcher-kva.example"
        );
        let mailbox: Mailbox = "Chair <chair@Bücher.example>".parse().unwrap();
        assert_eq!(
            header_mailbox(&mailbox).to_string(),
            "Chair <chair@xn--bcher-kva.example>"
        );
    }

    #[test]
    fn a_unicode_local_part_needs_smtputf8() {
        let address: Address = "jörg@board.example".parse().unwrap();
        let error = envelope_form(&address, false).unwrap_err();
        assert_eq!(error.address, address);
        assert!(error.to_string().contains("jörg@board.example"), "{error}");
        assert!(error.to_string().contains("SMTPUTF8"), "{error}");
        assert_eq!(envelope_form(&address, true).unwrap(), "jörg@board.example");
        let plain: Address = "chair@board.example".parse().unwrap();
        assert_eq!(envelope_form(&plain, false).unwrap(), "chair@board.example");
    }
}
