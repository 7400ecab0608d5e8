//! Problems found in the user's input or the command line, and how they are shown: one
//! `error:` or `warning:` line naming the file, line, column and field, then `note:` and
//! `hint:` lines saying where it came from and how to fix it, in the manner of typst's own
//! command-line diagnostics. The program prints them in one place, at its edge.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; does not stop a render.
    Warning,
    /// The data cannot be used until it is fixed.
    Error,
}

/// One thing wrong with the input, located as precisely as we can.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// The file it is in; `None` for a problem with the command line or the environment.
    pub file: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 1-based column, when known.
    pub column: Option<u64>,
    /// The field concerned, e.g. `indicators[3].polarity`.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Where it came from (e.g. the template line that called the failing function).
    pub notes: Vec<String>,
    /// How to fix it.
    pub hints: Vec<String>,
}

impl Problem {
    /// An error in `file` with no location yet.
    pub fn error(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: Some(file.as_ref().to_path_buf()),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            notes: Vec::new(),
            hints: Vec::new(),
        }
    }

    /// An error that belongs to no file: the command line or the environment.
    pub fn general(message: impl Into<String>) -> Self {
        Self {
            file: None,
            ..Self::error("", message)
        }
    }

    /// A warning in `file` with no location yet.
    pub fn warning(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, message)
        }
    }

    /// Sets the line and column.
    pub fn at(mut self, line: u64, column: u64) -> Self {
        if line > 0 {
            self.line = Some(line);
            self.column = (column > 0).then_some(column);
        }
        self
    }

    /// Names the field.
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Says how to fix it (each call adds a hint line).
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        if !hint.is_empty() {
            self.hints.push(hint);
        }
        self
    }

    /// Adds a note on where the problem came from.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(column) = self.column {
                    write!(f, ":{column}")?;
                }
            }
            write!(f, ": ")?;
        }
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        for note in &self.notes {
            write!(f, "\n  = note: {note}")?;
        }
        for hint in &self.hints {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// "did you mean `polarity`?" when one of `candidates` is a likely typo of `word`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(|near| format!("did you mean `{near}`?"))
}

/// The nearest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        let fields = ["id", "title", "polarity", "unit", "outcome"];
        assert_eq!(closest("polarty", fields), Some("polarity"));
        assert_eq!(closest("titel", fields), Some("title"));
        assert_eq!(closest("zzzzzzzz", fields), None);
    }

    #[test]
    fn display_names_file_line_field_and_hint() {
        let p = Problem::error("data/indicators.yaml", "unknown field")
            .at(12, 7)
            .field("polarty")
            .hint("did you mean `polarity`?");
        assert_eq!(
            p.to_string(),
            "error: data/indicators.yaml:12:7: `polarty`: unknown field\n  = hint: did you mean `polarity`?"
        );
    }

    #[test]
    fn a_general_problem_names_no_file() {
        let p = Problem::general("`June` is not a month").hint("write it as YYYY-MM");
        assert_eq!(
            p.to_string(),
            "error: `June` is not a month\n  = hint: write it as YYYY-MM"
        );
    }
}
