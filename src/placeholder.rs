//! `{name}` placeholders: the one filler for every template, the sentences of the table
//! of words (`view::words`) and the mail templates users write (`send::template`).
//! `{{` and `}}` are literal braces; a name the caller has no value for, or a brace
//! without its partner, is an error the caller locates (send points at the user's line;
//! the words table is checked by its unit tests, so its templates always fill).

/// A template that cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderError {
    /// `{name}` where name is not a known placeholder.
    Unknown(String),
    /// A `{` or `}` without its partner.
    Unmatched,
}

impl std::fmt::Display for PlaceholderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlaceholderError::Unknown(name) => write!(f, "unknown placeholder `{{{name}}}`"),
            PlaceholderError::Unmatched => write!(f, "a `{{` or `}}` without its partner"),
        }
    }
}

impl std::error::Error for PlaceholderError {}

/// A template's parts, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Literal text.
    Text(&'a str),
    /// A placeholder's name, one of the known names.
    Placeholder(&'a str),
}

/// Splits a template into literal text and placeholder names, checking every name
/// against `known`.
pub fn parse<'a>(template: &'a str, known: &[&str]) -> Result<Vec<Piece<'a>>, PlaceholderError> {
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
            return Err(PlaceholderError::Unmatched);
        } else {
            let end = tail.find('}').ok_or(PlaceholderError::Unmatched)?;
            let name = &tail[1..end];
            if name.contains('{') {
                return Err(PlaceholderError::Unmatched);
            }
            if !known.contains(&name) {
                return Err(PlaceholderError::Unknown(name.to_string()));
            }
            pieces.push(Piece::Placeholder(name));
            rest = &tail[end + 1..];
        }
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

/// `template` with each `{name}` replaced by its value from `values`; the values are
/// inserted as they are (a brace in a value is not read as a placeholder).
pub fn fill(template: &str, values: &[(&str, &str)]) -> Result<String, PlaceholderError> {
    let names: Vec<&str> = values.iter().map(|(name, _)| *name).collect();
    let mut out = String::with_capacity(template.len() + 64);
    for piece in parse(template, &names)? {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Placeholder(name) => {
                let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
                out.push_str(value.unwrap_or_default());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_names_and_literal_braces() {
        assert_eq!(
            fill("{a} and {b} {{x}}", &[("a", "{b}"), ("b", "1")]).unwrap(),
            "{b} and 1 {x}"
        );
    }

    #[test]
    fn an_unknown_name_or_a_lone_brace_is_an_error() {
        assert_eq!(
            fill("{monht}", &[("month", "June")]),
            Err(PlaceholderError::Unknown("monht".into()))
        );
        assert_eq!(
            fill("{}", &[]),
            Err(PlaceholderError::Unknown(String::new()))
        );
        assert_eq!(fill("{month", &[]), Err(PlaceholderError::Unmatched));
        assert_eq!(fill("a } b", &[]), Err(PlaceholderError::Unmatched));
        assert_eq!(
            fill("{a{b}", &[("b", "")]),
            Err(PlaceholderError::Unmatched)
        );
    }
}
