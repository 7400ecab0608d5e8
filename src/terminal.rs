//! Everything the program prints goes through here. Text from outside (a spreadsheet
//! heading, a YAML value, a server's reply) is shown with its control characters escaped
//! (`\u{1b}` for ESC), so no file or server can retitle, clear or reorder the user's
//! terminal; and a closed standard output (`scorecard send | head -1`) never stops the
//! work or panics: the rest of the output is dropped and the exit status is what it would
//! have been.

use std::borrow::Cow;
use std::io::Write;

/// True for a character that must not reach a terminal as it is: C0 and C1 controls
/// (other than newline and tab), DEL, and the bidirectional overrides and isolates that
/// make a line read differently from the bytes it holds.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unsafe character written as `\u{…}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Prints one line of messages to standard output, escaped; a closed or failing output
/// is ignored, as the work it reports goes on.
pub fn out_line(text: &str) {
    let mut line = escape(text).into_owned();
    line.push('\n');
    let _ = std::io::stdout().lock().write_all(line.as_bytes());
}

/// Prints one line to standard error, escaped, ignoring a closed or failing output.
pub fn err_line(text: &str) {
    let mut line = escape(text).into_owned();
    line.push('\n');
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Writes data (a CSV, a JSON document, a template) to standard output as it is. A reader
/// that stopped reading (a closed pipe) is not an error; any other failure (a full disk)
/// is, with exit status 4.
pub fn out_data(bytes: &[u8]) -> Result<(), crate::error::Error> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(crate::error::Error::one(
            crate::error::ErrorKind::Output,
            crate::diag::Problem::general(format!("cannot write to standard output: {e}"))
                .hint("write to a file or a folder with space, e.g. `> figures.csv`"),
        )),
        _ => Ok(()),
    }
}

/// `println!` for messages: formats, escapes, and prints to standard output, ignoring a
/// closed pipe.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::terminal::out_line(&format!($($arg)*))
    };
}

/// `eprintln!` for messages: formats, escapes, and prints to standard error, ignoring a
/// closed pipe.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {
        $crate::terminal::err_line(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_the_rest_kept() {
        assert_eq!(escape("plain £ text\nnext"), "plain £ text\nnext");
        assert_eq!(escape("a\u{1b}]0;owned\u{7}b"), "a\\u{1b}]0;owned\\u{7}b");
        assert_eq!(escape("x\u{202E}y\u{9b}z\r"), "x\\u{202e}y\\u{9b}z\\u{d}");
    }
}
