//! The seam between planning a send and carrying it out: a [`Courier`] delivers one
//! message to one envelope recipient, and says whether a failure was that copy's alone or
//! the whole session's. The SMTP client ([`super::smtp`]) is one courier; unit tests use a
//! stand-in. Whatever the transport, its errors arrive here as plain sentences, already
//! stripped of every secret, with a hint for the user.

use lettre::Address;

/// Why a copy was not delivered (or why the session could not start).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError {
    /// What happened, in the user's terms, quoting the other side; no secret in it.
    pub message: String,
    /// True when the session itself is unusable (login refused, TLS failed, no server, a
    /// deadline passed): the next recipient would fail the same way.
    pub session: bool,
    /// True when the whole message reached the server and its answer never came (the
    /// connection dropped or the deadline passed after the final dot): the copy may have
    /// been delivered, and SMTP gives no way to ask.
    pub unconfirmed: bool,
}

impl DeliveryError {
    /// A failure of this one copy.
    pub fn recipient(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            session: false,
            unconfirmed: false,
        }
    }

    /// A failure of the session.
    pub fn session(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            session: true,
            unconfirmed: false,
        }
    }

    /// The same failure, after the whole message was handed over: its fate is unknown.
    pub fn after_hand_over(self) -> Self {
        Self {
            unconfirmed: true,
            ..self
        }
    }
}

impl std::fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Something that delivers one message to one envelope recipient.
pub trait Courier {
    /// Makes sure a session is open and logged in, without sending anything.
    fn check(&mut self) -> Result<(), DeliveryError>;
    /// Delivers `bytes` from `from` to the single recipient `to`.
    fn send(&mut self, from: &Address, to: &Address, bytes: &[u8]) -> Result<(), DeliveryError>;
}
