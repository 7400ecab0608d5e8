//! Which PDF standards a document conforms to (PDF/A-2a and PDF/UA-1 by default): the
//! names a user writes (`a-2b`, `ua-1`, `untagged`, `none`), parsed once into a checked
//! [`StandardsChoice`] that refuses sets that cannot hold, wherever they are written: on
//! the command line, or as a pack's `pdf_standard` in report.yaml (parsed when it is
//! loaded, so a bad value is a data error located in the file, and never reparsed).

use typst_pdf::{PdfStandard, PdfStandards};

/// The standards every render conforms to unless told otherwise.
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// Which PDF standards to write, as chosen on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardsChoice {
    /// The standards to enforce (empty for `none`).
    pub standards: Vec<PdfStandard>,
    /// Whether to write a tagged PDF.
    pub tagged: bool,
}

impl Default for StandardsChoice {
    fn default() -> Self {
        Self {
            standards: DEFAULT_STANDARDS.to_vec(),
            tagged: true,
        }
    }
}

/// One entry of a standards list: a PDF standard, `untagged` or `none`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StandardName {
    /// A PDF/A or PDF/UA standard.
    Standard(PdfStandard),
    /// Drop the structure tree.
    Untagged,
    /// No standard at all.
    None,
}

impl std::str::FromStr for StandardName {
    type Err = StandardsError;

    /// Parses `a-2b`, `ua-1`, `untagged` or `none`.
    fn from_str(name: &str) -> Result<Self, StandardsError> {
        match name.trim() {
            "none" => Ok(StandardName::None),
            "untagged" => Ok(StandardName::Untagged),
            name => serde_json::from_value(serde_json::Value::String(name.into()))
                .map(StandardName::Standard)
                .map_err(|_| StandardsError::Unknown {
                    name: name.to_string(),
                }),
        }
    }
}

/// Turns a list of standard names into a checked choice, refusing sets that cannot hold.
/// `untagged` may be added to drop the structure tree, which is refused with any standard
/// that needs tags.
pub fn choose_standards(names: &[StandardName]) -> Result<StandardsChoice, StandardsError> {
    if names.is_empty() {
        return Err(StandardsError::Empty);
    }
    let has_standard = names.iter().any(|n| matches!(n, StandardName::Standard(_)));
    if names.contains(&StandardName::None) && has_standard {
        return Err(StandardsError::NoneWithStandard);
    }
    let mut choice = StandardsChoice {
        standards: Vec::new(),
        tagged: !names.contains(&StandardName::Untagged),
    };
    for name in names {
        if let StandardName::Standard(standard) = name {
            if !choice.standards.contains(standard) {
                choice.standards.push(*standard);
            }
        }
    }
    validate_standards(&choice)?;
    Ok(choice)
}

/// Parses a comma-separated list such as `a-2b,ua-1`, or `none`.
pub fn parse_standards(text: &str) -> Result<StandardsChoice, StandardsError> {
    let names = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<StandardName>, StandardsError>>()?;
    choose_standards(&names)
}

/// Refuses combinations that cannot hold, before any work is done. Typst itself would
/// write an untagged file that claims PDF/UA, so that case is checked here.
pub fn validate_standards(choice: &StandardsChoice) -> Result<(), StandardsError> {
    let needs_tags: Vec<&str> = choice
        .standards
        .iter()
        .filter_map(|s| match s {
            PdfStandard::Ua_1 => Some("ua-1"),
            PdfStandard::A_1a => Some("a-1a"),
            PdfStandard::A_2a => Some("a-2a"),
            PdfStandard::A_3a => Some("a-3a"),
            _ => None,
        })
        .collect();
    if !choice.tagged && !needs_tags.is_empty() {
        return Err(StandardsError::UntaggedNeedsTags {
            standards: needs_tags,
        });
    }
    PdfStandards::new(&choice.standards).map_err(|e| StandardsError::Incompatible {
        message: e.message().to_string(),
        hints: e.hints().iter().map(ToString::to_string).collect(),
    })?;
    Ok(())
}

/// A list of standards that cannot be used: its text says which names to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StandardsError {
    /// A name that is not a standard, `untagged` or `none`.
    Unknown {
        /// The name as written (trimmed).
        name: String,
    },
    /// No name at all.
    Empty,
    /// `none` with a standard.
    NoneWithStandard,
    /// `untagged` with standards that need tags.
    UntaggedNeedsTags {
        /// The standards that need tags, as a user writes them.
        standards: Vec<&'static str>,
    },
    /// Typst refuses the set (e.g. two PDF/A parts at once).
    Incompatible {
        /// Typst's message.
        message: String,
        /// Typst's hints.
        hints: Vec<String>,
    },
}

impl std::fmt::Display for StandardsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StandardsError::Unknown { name } => write!(
                f,
                "unknown PDF standard `{name}`; use a-1b, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1, untagged or none"
            ),
            StandardsError::Empty => {
                f.write_str("no standard given; name one or more (e.g. a-2a,ua-1), or `none`")
            }
            StandardsError::NoneWithStandard => {
                f.write_str("`none` cannot be combined with a standard")
            }
            StandardsError::UntaggedNeedsTags { standards } => write!(
                f,
                "an untagged PDF cannot conform to {}: these standards require a tagged structure; drop `untagged` or choose e.g. a-2b",
                standards.join(" and ")
            ),
            StandardsError::Incompatible { message, hints } => {
                f.write_str(message)?;
                hints.iter().try_for_each(|hint| write!(f, "; {hint}"))
            }
        }
    }
}

impl std::error::Error for StandardsError {}

/// True when the standards allow embedded files (PDF/A-3, PDF/A-4f, PDF/A-4e, or no
/// PDF/A at all).
pub fn allows_attachments(standards: &[PdfStandard]) -> bool {
    !standards.iter().any(|s| {
        matches!(
            s,
            PdfStandard::A_1b
                | PdfStandard::A_1a
                | PdfStandard::A_2b
                | PdfStandard::A_2u
                | PdfStandard::A_2a
                | PdfStandard::A_4
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_standards_are_archival_and_accessible() {
        let choice = StandardsChoice::default();
        assert!(validate_standards(&choice).is_ok());
        assert!(!allows_attachments(&choice.standards));
    }

    #[test]
    fn standards_parse_and_refuse_impossible_sets() {
        assert_eq!(parse_standards("none").unwrap().standards, vec![]);
        assert_eq!(
            parse_standards("a-3b, ua-1").unwrap().standards,
            vec![PdfStandard::A_3b, PdfStandard::Ua_1]
        );
        assert_eq!(
            parse_standards("ua-1,a-2a,untagged"),
            Err(StandardsError::UntaggedNeedsTags {
                standards: vec!["ua-1", "a-2a"]
            })
        );
        assert!(parse_standards("ua-1,untagged")
            .unwrap_err()
            .to_string()
            .contains("drop `untagged`"));
        assert!(
            matches!(
                parse_standards("a-2b,a-3b"),
                Err(StandardsError::Incompatible { .. })
            ),
            "two PDF/A parts at once"
        );
        assert_eq!(
            parse_standards(" a-9z "),
            Err(StandardsError::Unknown {
                name: "a-9z".into()
            })
        );
        assert!(parse_standards("a-9z")
            .unwrap_err()
            .to_string()
            .starts_with("unknown PDF standard `a-9z`; use a-1b"));
        assert!(parse_standards("untagged").is_ok());
        assert_eq!(choose_standards(&[]), Err(StandardsError::Empty));
        assert_eq!(
            parse_standards(""),
            Err(StandardsError::Empty),
            "an empty list is not `none`"
        );
        assert_eq!(
            parse_standards("none,ua-1"),
            Err(StandardsError::NoneWithStandard)
        );
        assert!(!allows_attachments(
            &parse_standards("a-4").unwrap().standards
        ));
        assert!(allows_attachments(
            &parse_standards("a-4f").unwrap().standards
        ));
        assert!(allows_attachments(
            &parse_standards("a-3a,ua-1").unwrap().standards
        ));
    }
}
