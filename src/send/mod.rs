//! `scorecard send`: the monthly email, as a plan in four steps. The caller renders the
//! PDF exactly as `scorecard render` does; then [`plan`] builds one message per recipient
//! list ([`message`]) and works out from the send log ([`log`]) who still needs it; then
//! [`deliver`] hands each copy to a [`transport::Courier`] and logs it the moment the
//! server accepts it. The courier is built by [`courier`] from [`settings::Settings`],
//! which are read and checked before any rendering; today it is the SMTP client
//! ([`smtp`]), logging in with a password or an OAuth 2.0 token ([`oauth`]).
//!
//! One message per list, one SMTP transaction per recipient. Every recipient of a list
//! gets the same bytes (the same `To:` and `Cc:` headers and `Message-ID`, as a mail server
//! fanning out one message would deliver), but each is its own envelope and its own log
//! record. A server that refuses one address (550) therefore refuses only that copy: the
//! others are delivered and logged, and a rerun sends the identical message to the one
//! that is missing and to nobody else.

pub mod address;
pub mod distribution;
pub mod log;
pub mod message;
pub mod oauth;
pub mod owners;
pub mod settings;
pub mod smtp;
pub mod template;
pub mod transport;

use lettre::message::Mailbox;

use crate::diag::Problem;
use crate::model::{Dataset, YearMonth};
use distribution::{Distribution, Field};
use log::{Record, SendLog};
use message::{Built, MessageParts};
use template::Values;
use transport::{Courier, DeliveryError};

/// One recipient of a planned message.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Where the address appears.
    pub field: Field,
    /// The address, with its display name.
    pub mailbox: Mailbox,
    /// True when the log shows this recipient already has this exact PDF.
    pub already_sent: bool,
}

/// One message, ready to write or send.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The pack; `None` for the one scorecard.
    pub pack: Option<String>,
    /// The report month.
    pub month: YearMonth,
    /// File name stem for the `.eml`, e.g. `scorecard-2020-06`.
    pub stem: String,
    /// The PDF's SHA-256.
    pub pdf_sha256: String,
    /// True when a different PDF was sent for this month and pack before.
    pub revised: bool,
    /// The message itself.
    pub built: Built,
    /// The envelope sender.
    pub from: Mailbox,
    /// Everyone on the list.
    pub recipients: Vec<Recipient>,
}

impl Planned {
    /// Size, subject and recipients, one per line, indented for printing under the
    /// message's file name; recipients who already have it are marked (unless `resend`).
    pub fn describe(&self, resend: bool, limit_bytes: u64) -> String {
        let mut text = format!(
            "  size: {} KB (limit {} MB)\n  subject: {}",
            self.built.bytes.len().div_ceil(1024),
            limit_bytes as f64 / 1e6,
            self.built.subject
        );
        for field in [Field::To, Field::Cc, Field::Bcc] {
            let names: Vec<String> = self
                .recipients
                .iter()
                .filter(|r| r.field == field)
                .map(|r| {
                    if r.already_sent && !resend {
                        format!("{} (already sent)", r.mailbox)
                    } else {
                        r.mailbox.to_string()
                    }
                })
                .collect();
            if !names.is_empty() {
                text.push_str(&format!("\n  {}: {}", field.name(), names.join(", ")));
            }
        }
        text
    }

    /// The recipients to deliver to now: those without this PDF, or all with `resend`.
    pub fn pending(&self, resend: bool) -> impl Iterator<Item = &Recipient> {
        self.recipients
            .iter()
            .filter(move |r| resend || !r.already_sent)
    }
}

/// A rendered document and the list it goes to.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The pack, or `None` for the one scorecard.
    pub pack: Option<&'a str>,
    /// The document's title: the pack's own, or the report's.
    pub title: &'a str,
    /// The PDF's file name, e.g. `scorecard-2020-06.pdf`.
    pub file_name: &'a str,
    /// The PDF.
    pub pdf: &'a [u8],
    /// Its creation time (the message's `Date:`), seconds since 1970.
    pub timestamp: i64,
}

/// The courier for these settings. Reads the CA file; touches no network.
pub fn courier(settings: &settings::Settings) -> Result<Box<dyn Courier>, SetupError> {
    Ok(Box::new(smtp::Mailer::new(settings)?))
}

/// The courier the environment's mail settings ask for, or `None` when
/// `SCORECARD_SMTP_URL` is not set (a dry run). Reads the CA file; touches no network.
pub fn courier_from_env() -> Result<Option<Box<dyn Courier>>, SetupError> {
    settings::from_env()?.as_ref().map(courier).transpose()
}

/// Why the mail settings cannot be used: checked before anything is rendered.
#[derive(Debug)]
pub enum SetupError {
    /// The environment's settings do not fit together.
    Settings(settings::SettingsError),
    /// The TLS configuration (the CA file) could not be built.
    Tls(smtp::TlsSetupError),
}

impl SetupError {
    /// The problem shown to the user: the environment is at fault, so no file is named;
    /// the message names the variable, the hint where the settings are described.
    pub fn problem(&self) -> Problem {
        Problem::general(self.to_string())
            .hint("see the README's \"Monthly send\" section for the mail settings")
    }
}

impl From<settings::SettingsError> for SetupError {
    fn from(error: settings::SettingsError) -> Self {
        SetupError::Settings(error)
    }
}

impl From<smtp::TlsSetupError> for SetupError {
    fn from(error: smtp::TlsSetupError) -> Self {
        SetupError::Tls(error)
    }
}

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SetupError::Settings(error) => write!(f, "{error}"),
            SetupError::Tls(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for SetupError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SetupError::Settings(error) => Some(error),
            SetupError::Tls(error) => Some(error),
        }
    }
}

/// Why a message could not be planned. The distribution file is at fault: the caller
/// names it.
#[derive(Debug)]
pub enum PlanError {
    /// The subject template cannot be expanded.
    Subject(template::TemplateError),
    /// The body template cannot be expanded.
    Body(template::TemplateError),
    /// The message cannot be built.
    Message(message::BuildError),
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlanError::Subject(error) => write!(f, "subject: {error}"),
            PlanError::Body(error) => write!(f, "body: {error}"),
            PlanError::Message(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for PlanError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PlanError::Subject(error) | PlanError::Body(error) => Some(error),
            PlanError::Message(error) => Some(error),
        }
    }
}

/// Builds the message for each document and marks who already has it.
pub fn plan(
    dataset: &Dataset,
    distribution: &Distribution,
    month: YearMonth,
    documents: &[Document<'_>],
    send_log: &SendLog,
) -> Result<Vec<Planned>, PlanError> {
    let month_text = month.to_string();
    let month_name = crate::view::words::ENGLISH.long(month);
    let mut planned = Vec::new();
    for document in documents {
        let Some(list) = distribution
            .lists
            .iter()
            .find(|l| l.pack.as_deref() == document.pack)
        else {
            continue;
        };
        let pdf_sha256 = message::sha256_hex(document.pdf);
        let values = Values {
            organisation: &dataset.report.organisation,
            title: document.title,
            month: &month_name,
            pack: document.pack.unwrap_or(document.title),
        };
        let subject =
            template::expand(&distribution.subject, &values).map_err(PlanError::Subject)?;
        let body = template::expand(&distribution.body, &values).map_err(PlanError::Body)?;
        let revised = send_log.has_other_version(&month_text, document.pack, &pdf_sha256);
        let built = message::build(&MessageParts {
            from: &distribution.from,
            reply_to: distribution.reply_to.as_ref(),
            list,
            subject: &subject,
            body: &body,
            month: &month_text,
            pdf_name: document.file_name,
            pdf: document.pdf,
            pdf_sha256: &pdf_sha256,
            revised,
            date: document.timestamp,
        })
        .map_err(PlanError::Message)?;
        let recipients = list
            .recipients()
            .into_iter()
            .map(|(field, mailbox)| Recipient {
                field,
                mailbox: mailbox.clone(),
                already_sent: send_log.delivered(
                    &month_text,
                    document.pack,
                    mailbox.email.as_ref(),
                    &pdf_sha256,
                ),
            })
            .collect();
        let stem = document
            .file_name
            .strip_suffix(".pdf")
            .unwrap_or(document.file_name)
            .to_string();
        planned.push(Planned {
            pack: document.pack.map(str::to_string),
            month,
            stem,
            pdf_sha256,
            revised,
            built,
            from: distribution.from.clone(),
            recipients,
        });
    }
    Ok(planned)
}

/// A message over the size limit, found before anything is sent.
#[derive(Debug, Clone)]
pub struct Oversize {
    /// The message's file stem.
    pub stem: String,
    /// Its size in bytes (after base64).
    pub bytes: usize,
    /// The limit in bytes.
    pub limit: u64,
}

/// Every planned message larger than the limit.
pub fn oversize(planned: &[Planned], limit: u64) -> Vec<Oversize> {
    planned
        .iter()
        .filter(|p| p.built.bytes.len() as u64 > limit)
        .map(|p| Oversize {
            stem: p.stem.clone(),
            bytes: p.built.bytes.len(),
            limit,
        })
        .collect()
}

/// What happened to one recipient's copy.
#[derive(Debug, Clone)]
pub enum Event<'a> {
    /// Accepted by the server and logged.
    Delivered(&'a Planned, &'a Recipient),
    /// Not delivered: the server's answer or the connection's failure.
    Failed(&'a Planned, &'a Recipient, DeliveryError),
    /// Handed over whole, with no answer: logged as unconfirmed, so that no rerun sends a
    /// second copy of what may have arrived.
    Unconfirmed(&'a Planned, &'a Recipient, DeliveryError),
    /// Not tried, because the session had already failed.
    NotAttempted(&'a Planned, &'a Recipient),
}

/// Totals after [`deliver`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Copies accepted and logged.
    pub delivered: usize,
    /// Copies refused or lost.
    pub failed: usize,
    /// Copies handed over whose answer never came: logged, and not sent again.
    pub unconfirmed: usize,
    /// Copies not tried after the session failed.
    pub not_attempted: usize,
}

/// Why delivery stopped before it began or part-way.
#[derive(Debug)]
pub enum Stop {
    /// Connecting, TLS or authentication failed before anything was sent.
    Session(DeliveryError),
    /// The send log could not be written (after a delivery).
    Log(log::LogError),
}

/// Delivers every pending copy, logging each as the server accepts it. A refused
/// recipient does not stop the others; a failed session (authentication, TLS, server
/// gone) is checked again once, and if it still fails the remaining copies are reported
/// as not attempted. `on_event` is told about each copy as it happens.
pub fn deliver<'a>(
    planned: &'a [Planned],
    resend: bool,
    courier: &mut dyn Courier,
    send_log: &mut SendLog,
    on_event: &mut dyn FnMut(Event<'a>),
) -> Result<Summary, Stop> {
    let mut summary = Summary::default();
    if planned.iter().all(|p| p.pending(resend).next().is_none()) {
        return Ok(summary);
    }
    courier.check().map_err(Stop::Session)?;
    let mut session_failed = false;
    for message in planned {
        for recipient in message.pending(resend) {
            if session_failed {
                summary.not_attempted += 1;
                on_event(Event::NotAttempted(message, recipient));
                continue;
            }
            match courier.send(
                &message.from.email,
                &recipient.mailbox.email,
                &message.built.bytes,
            ) {
                Ok(()) => {
                    send_log
                        .append(record(message, recipient, false))
                        .map_err(Stop::Log)?;
                    summary.delivered += 1;
                    on_event(Event::Delivered(message, recipient));
                }
                Err(error) if error.unconfirmed => {
                    send_log
                        .append(record(message, recipient, true))
                        .map_err(Stop::Log)?;
                    summary.unconfirmed += 1;
                    on_event(Event::Unconfirmed(message, recipient, error));
                    if courier.check().is_err() {
                        session_failed = true;
                    }
                }
                Err(error) => {
                    let session = error.session;
                    summary.failed += 1;
                    on_event(Event::Failed(message, recipient, error));
                    // A dropped connection may be a blip: try once to reconnect.
                    if session && courier.check().is_err() {
                        session_failed = true;
                    }
                }
            }
        }
    }
    Ok(summary)
}

/// The log's line for one copy handed to the server, now.
fn record(message: &Planned, recipient: &Recipient, unconfirmed: bool) -> Record {
    Record {
        month: message.month.to_string(),
        pack: message.pack.clone(),
        recipient: recipient.mailbox.email.to_string(),
        field: recipient.field.name().to_string(),
        message_id: message.built.message_id.clone(),
        pdf_sha256: message.pdf_sha256.clone(),
        subject: message.built.subject.clone(),
        sent_at: log::now_utc(),
        unconfirmed,
    }
}

#[cfg(test)]
mod tests;
