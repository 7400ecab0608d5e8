//! The SMTP login (RFC 4954): AUTH PLAIN or LOGIN with a password, or SASL XOAUTH2 with
//! an OAuth 2.0 bearer token. With a token only XOAUTH2 is ever sent; with a password,
//! PLAIN when offered, else LOGIN. Every encoded credential is registered with the run's
//! [`Secrets`] before it is written, so not even its base64 form can be echoed into a
//! message.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::wire::{Failure, Reply, Stage, Wire};
use crate::send::settings::{Secret, Secrets};

/// What to log in with.
pub(super) enum Credentials<'a> {
    /// User name and password.
    Password(&'a str, &'a Secret),
    /// The mailbox and a bearer token.
    Xoauth2(&'a str, &'a Secret),
}

/// The mechanisms an EHLO reply offers after `AUTH`, upper-cased.
pub(super) fn offered(ehlo: &Reply) -> Vec<String> {
    ehlo.lines
        .iter()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let keyword = words.next()?;
            keyword
                .eq_ignore_ascii_case("AUTH")
                .then(|| words.map(str::to_ascii_uppercase).collect::<Vec<_>>())
        })
        .flatten()
        .collect()
}

fn secret_base64(text: &str, secrets: &mut Secrets) -> String {
    let encoded = STANDARD.encode(text);
    secrets.add(&Secret::new(encoded.clone()));
    encoded
}

/// Logs in, or says why not.
pub(super) fn login(
    wire: &mut Wire,
    offered: &[String],
    credentials: &Credentials<'_>,
    secrets: &mut Secrets,
) -> Result<(), Failure> {
    let has = |name: &str| offered.iter().any(|m| m == name);
    let listed = if offered.is_empty() {
        "no login at all".to_string()
    } else {
        offered.join(" ")
    };
    match credentials {
        Credentials::Xoauth2(user, token) => {
            if !has("XOAUTH2") {
                return Err(Failure::Protocol(
                    Stage::Auth,
                    format!("the server does not offer AUTH XOAUTH2 (it offers {listed})"),
                ));
            }
            let blob = format!("user={user}\x01auth=Bearer {}\x01\x01", token.expose());
            let line = format!("AUTH XOAUTH2 {}", secret_base64(&blob, secrets));
            wire.write_all(format!("{line}\r\n").as_bytes())?;
            let reply = wire.read_reply()?;
            if reply.code == 334 {
                // A refusal with details (RFC 7628): the client answers with an empty
                // line and the server then sends its final refusal.
                let detail = reply
                    .lines
                    .first()
                    .and_then(|l| STANDARD.decode(l.trim()).ok())
                    .map(|d| String::from_utf8_lossy(&d).into_owned());
                wire.write_all(b"\r\n")?;
                let mut last = wire.read_reply()?;
                if let Some(detail) = detail {
                    last.lines.push(format!("({})", secrets.scrub(&detail)));
                }
                return Err(Failure::Refused(Stage::Auth, last));
            }
            accepted(reply)
        }
        Credentials::Password(user, password) => {
            if has("PLAIN") {
                let blob = format!("\0{user}\0{}", password.expose());
                let line = format!("AUTH PLAIN {}", secret_base64(&blob, secrets));
                wire.write_all(format!("{line}\r\n").as_bytes())?;
                accepted(wire.read_reply()?)
            } else if has("LOGIN") {
                wire.command("AUTH LOGIN")?;
                wire.command(&STANDARD.encode(user))?;
                let encoded = secret_base64(password.expose(), secrets);
                wire.write_all(format!("{encoded}\r\n").as_bytes())?;
                accepted(wire.read_reply()?)
            } else {
                Err(Failure::Protocol(
                    Stage::Auth,
                    format!("the server offers no password login, AUTH PLAIN or LOGIN (it offers {listed})"),
                ))
            }
        }
    }
}

fn accepted(reply: Reply) -> Result<(), Failure> {
    if reply.code == 235 {
        Ok(())
    } else {
        Err(Failure::Refused(Stage::Auth, reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mechanisms_are_read_from_the_auth_line() {
        let ehlo = Reply {
            code: 250,
            lines: vec![
                "mail.example.org".into(),
                "SIZE 36700160".into(),
                "AUTH login XOAUTH2".into(),
                "STARTTLS".into(),
            ],
        };
        assert_eq!(offered(&ehlo), ["LOGIN", "XOAUTH2"]);
    }

    #[test]
    fn the_encoded_credential_is_a_secret_too() {
        let mut secrets = Secrets::default();
        let encoded = secret_base64("user=a\x01auth=Bearer t0k3n\x01\x01", &mut secrets);
        assert_eq!(secrets.scrub(&format!("echo {encoded}")), "echo ***");
    }
}
