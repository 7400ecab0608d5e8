//! Text patterns in `imports.yaml`, both matched by `globset`:
//!
//! - heading patterns: `*` matches any text (none included), everything else matches
//!   itself, ignoring case and runs of white space, so a heading that drifts from
//!   "greater than 4 hours" to "> 4 hours" can be matched by one pattern with a `*`, and a
//!   trailing space in a published heading does not matter;
//! - file-name globs: the shell's `*`, `?`, `[789]` and `{a,b}`, case-insensitively.

use globset::{Glob, GlobBuilder, GlobMatcher};

/// The longest heading pattern or file glob read: a published heading is a line or two,
/// and matching and the nearest-heading hint cost grows with the pattern's length.
pub(crate) const MAX_PATTERN_CHARS: usize = 500;

/// Lower-cased, trimmed, with every run of white space made one space.
pub(crate) fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A heading pattern, compiled once for the cells of a header row.
pub(crate) struct Heading(Option<GlobMatcher>);

impl Heading {
    /// Compiles `pattern`: each `*` any text, every other character itself.
    pub(crate) fn new(pattern: &str) -> Self {
        let escaped: Vec<String> = normal(pattern).split('*').map(globset::escape).collect();
        let glob = GlobBuilder::new(&escaped.join("*"))
            .literal_separator(false)
            .backslash_escape(false)
            .build();
        Self(glob.ok().map(|g| g.compile_matcher()))
    }

    /// True when `text` matches the pattern as a whole.
    pub(crate) fn matches(&self, text: &str) -> bool {
        self.0.as_ref().is_some_and(|m| m.is_match(normal(text)))
    }
}

/// A file-name glob compiled case-insensitively, or why it is not one (globset's error:
/// the pattern and the [`globset::ErrorKind`], which says what is wrong without repeating
/// the pattern).
pub(crate) fn file_glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern)
        .case_insensitive(true)
        .literal_separator(true)
        .build()
}

/// True when the file name `name` matches the glob `pattern` (false for a pattern that
/// is not a glob: `check` refuses those).
pub(crate) fn glob(pattern: &str, name: &str) -> bool {
    file_glob(pattern).is_ok_and(|g| g.compile_matcher().is_match(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, text: &str) -> bool {
        Heading::new(pattern).matches(text)
    }

    #[test]
    fn headings_match_with_wildcards_case_and_spacing_ignored() {
        assert!(matches("Code", " code "));
        assert!(matches(
            "A&E attendances greater than 4 hours*",
            "A&E attendances greater than 4 hours from arrival to admission"
        ));
        assert!(matches(
            "A&E attendances * 4 hours*",
            "A&E attendances > 4 hours"
        ));
        assert!(matches(
            "*(type 1)",
            "Percentage in 4 hours or less (type 1)"
        ));
        assert!(!matches(
            "*(type 1)",
            "Percentage in 4 hours or less (type 2)"
        ));
        assert!(!matches("Type 1", "Type 1 Departments"));
        assert!(matches("Type  1*", "type 1 departments"));
    }

    #[test]
    fn in_headings_only_the_star_is_special() {
        assert!(matches("Rate [per 1,000]?", "rate [per 1,000]?"));
        assert!(!matches("Rate?", "Rates"));
        assert!(matches("{Total}", "{total}"));
        assert!(matches("Contacts/Total*", "contacts/total (all)"));
        assert!(matches("a\\b", "A\\B"));
    }

    #[test]
    fn file_globs() {
        assert!(glob(
            "*-AE-by-provider-*.xls",
            "June-2021-AE-by-provider-2Qavs.xls"
        ));
        assert!(glob("Monthly-AE-*.xls", "monthly-ae-march.XLS"));
        assert!(!glob("*.xls", "june.xlsx"));
        assert!(glob("20??-*.csv", "2021-06.csv"));
        assert!(glob(
            "*-20{19,2[01]}-AE-by-provider-*.xls",
            "June-2021-AE-by-provider-2Qavs.xls"
        ));
        assert!(glob("*-201[789]-AE-*.xls", "May-2018-AE-x.xls"));
        assert!(!glob("*-201[789]-AE-*.xls", "May-2016-AE-x.xls"));
        let error = file_glob("*-201[789-AE.xls").unwrap_err();
        assert_eq!(error.glob(), Some("*-201[789-AE.xls"));
        assert_eq!(error.kind(), &globset::ErrorKind::UnclosedClass);
    }
}
