//! The one error type every fallible operation returns: what kind of failure it is (which
//! decides the exit status), the located problems to show the user, and a closing line
//! that says what happened to the output. Nothing here prints; the program's edge does.

use std::fmt;

use crate::diag::Problem;

/// What kind of failure stopped the work. Each kind has its own exit status, documented
/// in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The data folder (or a CSV given to `spc`) has errors, or the month asked for has
    /// no file.
    Data,
    /// The command line or the environment is wrong.
    Usage,
    /// The template failed to compile or export.
    Template,
    /// The output could not be written.
    Output,
    /// A spreadsheet could not be imported.
    Import,
    /// Some messages could not be delivered.
    Mail,
    /// Several documents were asked for and some of them failed; the rest were written.
    Partial,
    /// A message would be over the size limit; nothing was sent.
    Oversize,
}

impl ErrorKind {
    /// The process exit status for this kind of failure.
    pub fn exit_status(self) -> u8 {
        match self {
            ErrorKind::Data => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Template => 3,
            ErrorKind::Output => 4,
            ErrorKind::Mail => 5,
            ErrorKind::Import => 6,
            ErrorKind::Partial => 7,
            ErrorKind::Oversize => 8,
        }
    }
}

/// A failure, with every problem that explains it.
#[derive(Debug, Clone)]
pub struct Error {
    /// Which kind of failure.
    pub kind: ErrorKind,
    /// The problems to show, errors and warnings, in the order found.
    pub problems: Vec<Problem>,
    /// A closing line, e.g. "2 errors in data" or "no PDF was written".
    pub summary: Option<String>,
}

impl Error {
    /// A failure explained by `problems`.
    pub fn new(kind: ErrorKind, problems: Vec<Problem>) -> Self {
        Self {
            kind,
            problems,
            summary: None,
        }
    }

    /// A failure explained by one problem.
    pub fn one(kind: ErrorKind, problem: Problem) -> Self {
        Self::new(kind, vec![problem])
    }

    /// A command-line error with no file: the message and how to fix it.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::one(ErrorKind::Usage, Problem::general(message).hint(hint))
    }

    /// Adds the closing line.
    pub fn with_summary(mut self, summary: impl Into<String>) -> Self {
        self.summary = Some(summary.into());
        self
    }

    /// The process exit status.
    pub fn exit_status(&self) -> u8 {
        self.kind.exit_status()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut lines: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        lines.extend(self.summary.clone());
        write!(f, "{}", lines.join("\n"))
    }
}

impl std::error::Error for Error {}

/// "1 error" / "2 errors".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_exit_status() {
        let kinds = [
            ErrorKind::Data,
            ErrorKind::Usage,
            ErrorKind::Template,
            ErrorKind::Output,
            ErrorKind::Mail,
            ErrorKind::Import,
            ErrorKind::Partial,
            ErrorKind::Oversize,
        ];
        let mut statuses: Vec<u8> = kinds.iter().map(|k| k.exit_status()).collect();
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(statuses.len(), kinds.len());
        assert!(!statuses.contains(&0));
    }

    #[test]
    fn display_lists_problems_then_the_summary() {
        let error = Error::usage("`June` is not a month", "write it as YYYY-MM")
            .with_summary("nothing was rendered");
        assert_eq!(
            error.to_string(),
            "error: `June` is not a month\n  = hint: write it as YYYY-MM\nnothing was rendered"
        );
    }
}
