//! Building one message per recipient list with lettre: a plain-text body and the PDF
//! attached. Nothing in it comes from the clock or a random source: the `Date:` header is
//! the render's creation time, and the `Message-ID` and MIME boundary are derived from a
//! SHA-256 of everything the message says (sender, recipients, subject, body, month, pack
//! and the PDF's own hash). The same send therefore builds the same bytes: a dry run's
//! `.eml` is exactly what is delivered, and a rerun after a partial failure delivers the
//! very message the others received.

use std::time::{Duration, SystemTime};

use lettre::message::header::{ContentType, ContentTypeErr};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::Message;

use super::address;
use super::distribution::{Field, RecipientList};
use crate::view::words::{fill, ENGLISH};

/// What goes into one message.
#[derive(Debug, Clone)]
pub struct MessageParts<'a> {
    /// Sender.
    pub from: &'a Mailbox,
    /// Optional reply address.
    pub reply_to: Option<&'a Mailbox>,
    /// The recipients.
    pub list: &'a RecipientList,
    /// The subject, placeholders already expanded, without the revised marker.
    pub subject: &'a str,
    /// The body, placeholders already expanded.
    pub body: &'a str,
    /// The report month, `YYYY-MM`.
    pub month: &'a str,
    /// The attachment's file name, e.g. `scorecard-2020-06.pdf`.
    pub pdf_name: &'a str,
    /// The PDF.
    pub pdf: &'a [u8],
    /// The PDF's SHA-256, lower-case hex.
    pub pdf_sha256: &'a str,
    /// Mark the subject as revised.
    pub revised: bool,
    /// The `Date:` header, in seconds since 1970 (the render's creation time).
    pub date: i64,
}

/// A finished message: its RFC 5322 bytes (CRLF line ends) and what identifies it.
#[derive(Debug, Clone)]
pub struct Built {
    /// The subject as sent (with the revised marker when there is one).
    pub subject: String,
    /// The `Message-ID`, with its angle brackets.
    pub message_id: String,
    /// The complete message, exactly as an `.eml` file holds it and SMTP sends it.
    pub bytes: Vec<u8>,
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds the message. Fails only on what validation already refuses (a header with a
/// line break).
pub fn build(parts: &MessageParts<'_>) -> Result<Built, BuildError> {
    let subject = if parts.revised {
        // A pack whose PDF changed since it was last sent says so.
        fill(ENGLISH.revised, &[("subject", parts.subject)])
    } else {
        parts.subject.to_string()
    };
    if subject.chars().any(char::is_control) {
        return Err(BuildError::ControlInSubject { subject });
    }
    // Every field that shapes the message, each ended by a NUL so that no two different
    // messages hash the same input.
    let mut identity: Vec<u8> = Vec::new();
    let mut add = |text: &str| {
        identity.extend_from_slice(text.as_bytes());
        identity.push(0);
    };
    add("scorecard send v1");
    add(parts.month);
    add(parts.list.pack.as_deref().unwrap_or(""));
    add(&parts.from.to_string());
    add(&parts.reply_to.map(Mailbox::to_string).unwrap_or_default());
    for (field, mailbox) in parts.list.recipients() {
        add(field.name());
        add(&mailbox.to_string());
    }
    add(&subject);
    add(parts.body);
    add(parts.pdf_name);
    add(parts.pdf_sha256);
    let digest = sha256_hex(&identity);
    let domain = address::ascii_domain(&parts.from.email);
    let message_id = format!("<{}.{}@{domain}>", &digest[..32], parts.month);
    // Base64 and quoted-printable output never contain `_`, so this cannot occur inside
    // the encoded parts.
    let boundary = format!("=_scorecard_{}", &digest[32..56]);

    let mut builder = Message::builder()
        .from(address::header_mailbox(parts.from))
        .subject(subject.clone())
        .date(SystemTime::UNIX_EPOCH + Duration::from_secs(parts.date.max(0) as u64))
        .message_id(Some(message_id.clone()));
    if let Some(reply_to) = parts.reply_to {
        builder = builder.reply_to(address::header_mailbox(reply_to));
    }
    for (field, mailbox) in parts.list.recipients() {
        // A Unicode domain is written in its ASCII form, which every server accepts.
        let mailbox = &address::header_mailbox(mailbox);
        builder = match field {
            Field::To => builder.to(mailbox.clone()),
            Field::Cc => builder.cc(mailbox.clone()),
            Field::Bcc => builder.bcc(mailbox.clone()),
        };
    }
    // A commentary request carries its workbook rather than a PDF.
    let kind = if parts.pdf_name.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "application/pdf"
    };
    let pdf_type = ContentType::parse(kind).map_err(BuildError::ContentType)?;
    let body = normalise_body(parts.body);
    let message = builder
        .multipart(
            MultiPart::mixed()
                .boundary(boundary)
                .singlepart(SinglePart::plain(body))
                .singlepart(
                    Attachment::new(parts.pdf_name.to_string()).body(parts.pdf.to_vec(), pdf_type),
                ),
        )
        .map_err(BuildError::Lettre)?;
    Ok(Built {
        subject,
        message_id,
        bytes: message.formatted(),
    })
}

/// Why a message could not be built.
#[derive(Debug)]
pub enum BuildError {
    /// The subject (as expanded) holds a line break or another control character.
    ControlInSubject {
        /// The subject.
        subject: String,
    },
    /// The attachment's content type was refused.
    ContentType(ContentTypeErr),
    /// lettre refused the message.
    Lettre(lettre::error::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::ControlInSubject { subject } => write!(
                f,
                "the subject `{}` has a line break or control character",
                subject.escape_debug()
            ),
            BuildError::ContentType(error) => write!(f, "content type: {error}"),
            BuildError::Lettre(error) => write!(f, "the message cannot be built: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::ControlInSubject { .. } => None,
            BuildError::ContentType(error) => Some(error),
            BuildError::Lettre(error) => Some(error),
        }
    }
}

/// One line ending style (LF; lettre writes CRLF) and one final line break.
fn normalise_body(body: &str) -> String {
    let mut text = body.replace("\r\n", "\n").replace('\r', "\n");
    while text.ends_with('\n') {
        text.pop();
    }
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> RecipientList {
        RecipientList {
            pack: None,
            to: vec!["Chair <chair@example.org>".parse().unwrap()],
            cc: vec!["cc@example.org".parse().unwrap()],
            bcc: vec!["hidden@example.org".parse().unwrap()],
        }
    }

    fn parts<'a>(
        from: &'a Mailbox,
        list: &'a RecipientList,
        pdf: &'a [u8],
        sha: &'a str,
    ) -> MessageParts<'a> {
        MessageParts {
            from,
            reply_to: None,
            list,
            subject: "Testshire: June 2020",
            body: "Dear board,\n\nThe scorecard is attached.\n",
            month: "2020-06",
            pdf_name: "scorecard-2020-06.pdf",
            pdf,
            pdf_sha256: sha,
            revised: false,
            date: 1_593_475_200,
        }
    }

    #[test]
    fn same_input_same_bytes_and_bcc_is_hidden() {
        let from: Mailbox = "Performance <perf@example.org>".parse().unwrap();
        let list = list();
        let pdf = b"%PDF-1.7 not really".to_vec();
        let sha = sha256_hex(&pdf);
        let a = build(&parts(&from, &list, &pdf, &sha)).unwrap();
        let b = build(&parts(&from, &list, &pdf, &sha)).unwrap();
        assert_eq!(a.bytes, b.bytes);
        let text = String::from_utf8_lossy(&a.bytes);
        assert!(
            text.contains("Date: Tue, 30 Jun 2020 00:00:00 +0000"),
            "{text}"
        );
        assert!(
            text.contains(&format!("Message-ID: {}", a.message_id)),
            "{text}"
        );
        assert!(
            !text.contains("hidden@example.org"),
            "Bcc stays out of the headers"
        );
        assert!(text.contains("\r\n"), "CRLF line ends");

        let mut revised = parts(&from, &list, &pdf, &sha);
        revised.revised = true;
        let r = build(&revised).unwrap();
        assert_eq!(r.subject, "Revised: Testshire: June 2020");
        assert_ne!(r.message_id, a.message_id);
    }

    #[test]
    fn a_subject_with_a_line_break_is_refused_and_shown_escaped() {
        let from: Mailbox = "perf@example.org".parse().unwrap();
        let list = list();
        let mut injected = parts(&from, &list, b"%PDF", "00");
        injected.subject = "June\r\nBcc: all@example.org";
        let error = build(&injected).unwrap_err();
        assert!(
            matches!(&error, BuildError::ControlInSubject { subject } if subject.contains('\n'))
        );
        assert_eq!(
            error.to_string(),
            "the subject `June\\r\\nBcc: all@example.org` has a line break or control character"
        );
    }

    #[test]
    fn sha256_matches_a_known_value() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
