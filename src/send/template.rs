//! The subject and body templates: literal text with `{organisation}`, `{title}`,
//! `{month}` and `{pack}` placeholders, and `{{` / `}}` for literal braces. Checking and
//! expanding share one parser ([`crate::placeholder`], the table of words' too), so a
//! template that `check` accepts always expands.

/// The placeholders a subject or body may use.
pub const PLACEHOLDERS: [&str; 4] = ["organisation", "title", "month", "pack"];

/// The values placeholders are replaced with.
#[derive(Debug, Clone)]
pub struct Values<'a> {
    /// `{organisation}`: report.yaml's organisation.
    pub organisation: &'a str,
    /// `{title}`: report.yaml's title.
    pub title: &'a str,
    /// `{month}`: the report month's long name, e.g. "June 2020".
    pub month: &'a str,
    /// `{pack}`: the pack's name; without packs, the report's title.
    pub pack: &'a str,
}

use crate::placeholder::Piece;
/// A template that cannot be expanded.
pub use crate::placeholder::PlaceholderError as TemplateError;

/// Splits a template into literal text and placeholder names, checking every name.
pub(super) fn placeholders(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    crate::placeholder::parse(template, &PLACEHOLDERS)
}

/// Replaces the placeholders in a checked template, with the filler the table of words
/// uses.
pub fn expand(template: &str, values: &Values<'_>) -> Result<String, TemplateError> {
    crate::placeholder::fill(
        template,
        &[
            ("organisation", values.organisation),
            ("title", values.title),
            ("month", values.month),
            ("pack", values.pack),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values<'static> {
        Values {
            organisation: "Testshire",
            title: "Scorecard",
            month: "June 2020",
            pack: "Scorecard",
        }
    }

    #[test]
    fn expands_known_placeholders_and_literal_braces() {
        assert_eq!(
            expand("{organisation}: {title}, {month} {{draft}}", &values()).unwrap(),
            "Testshire: Scorecard, June 2020 {draft}"
        );
        assert_eq!(
            expand("{monht}", &values()),
            Err(TemplateError::Unknown("monht".into()))
        );
        assert_eq!(expand("{month", &values()), Err(TemplateError::Unmatched));
        assert_eq!(expand("a } b", &values()), Err(TemplateError::Unmatched));
        assert_eq!(
            expand("{}", &values()),
            Err(TemplateError::Unknown(String::new()))
        );
    }
}
