//! The subject and body templates: literal text with `{organisation}`, `{title}`,
//! `{month}` and `{pack}` placeholders, and `{{` / `}}` for literal braces. Checking and
//! expanding share one parser, so a template that `check` accepts always expands.

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

/// A template that cannot be expanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// `{name}` where name is not a known placeholder.
    Unknown(String),
    /// A `{` or `}` without its partner.
    Unmatched,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::Unknown(name) => write!(f, "unknown placeholder `{{{name}}}`"),
            TemplateError::Unmatched => write!(f, "a `{{` or `}}` without its partner"),
        }
    }
}

/// Splits a template into literal text and placeholder names, checking every name.
pub(super) fn placeholders(template: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        let (literal, tail) = rest.split_at(i);
        pieces.push(Piece::Text(literal));
        if let Some(after) = tail.strip_prefix("{{") {
            pieces.push(Piece::Text("{"));
            rest = after;
        } else if let Some(after) = tail.strip_prefix("}}") {
            pieces.push(Piece::Text("}"));
            rest = after;
        } else if tail.starts_with('}') {
            return Err(TemplateError::Unmatched);
        } else {
            let end = tail.find('}').ok_or(TemplateError::Unmatched)?;
            let name = &tail[1..end];
            if name.contains('{') {
                return Err(TemplateError::Unmatched);
            }
            match PLACEHOLDERS.iter().find(|p| **p == name) {
                Some(p) => pieces.push(Piece::Placeholder(p)),
                None => return Err(TemplateError::Unknown(name.to_string())),
            }
            rest = &tail[end + 1..];
        }
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

pub(super) enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'static str),
}

/// Replaces the placeholders in a checked template.
pub fn expand(template: &str, values: &Values<'_>) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() + 64);
    for piece in placeholders(template)? {
        out.push_str(match piece {
            Piece::Text(t) => t,
            Piece::Placeholder("organisation") => values.organisation,
            Piece::Placeholder("title") => values.title,
            Piece::Placeholder("month") => values.month,
            Piece::Placeholder(_) => values.pack,
        });
    }
    Ok(out)
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
