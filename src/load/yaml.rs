//! YAML parsing for every data file: serde-saphyr with input budgets far above any real
//! scorecard and far below what hurts the machine, and its errors turned into located
//! problems in the user's words (which safety limit, which key was duplicated, which
//! field name was meant), chosen by the parser's error variant rather than its wording.

use std::path::Path;

use serde::Deserialize;
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::{Error as YamlError, Spanned};

use crate::diag::{closest, Problem};

/// Deepest nesting a data file may use.
pub const MAX_DEPTH: usize = 24;
/// Most aliases (and anchors) a data file may use.
const MAX_ALIASES: usize = 1_000;

/// Parses `text` (the contents of `path`) strictly.
pub fn parse<T: for<'de> Deserialize<'de>>(path: &Path, text: &str) -> Result<T, Box<Problem>> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| Box::new(in_context(problem(path, &e), innermost(&e), text)))
}

/// Adds what the parser reports only by position, read from the file's own lines: the
/// key a wrongly typed value was written under (`decimals` in `  decimals: two`) and the
/// value itself, or the `id` of the list entry a required field is missing from.
fn in_context(mut problem: Problem, error: &YamlError, text: &str) -> Problem {
    let Some(line) = problem.line else {
        return problem;
    };
    let lines: Vec<&str> = text.lines().take(line as usize).collect();
    match error {
        YamlError::InvalidScalar { ty, .. } => {
            let Some((key, value)) = lines.last().and_then(|l| key_and_value(l)) else {
                return problem;
            };
            let (kind, example) = scalar_words(ty);
            problem.message = format!("`{value}` is not {kind}");
            if problem.field.is_none() {
                problem.field = Some(key.to_string());
            }
            problem.hints = vec![format!("write {example}")];
        }
        YamlError::SerdeMissingField { field, .. } => {
            // The entry's id is on the nearest `id:` line at or above the reported one.
            let entry_id = lines
                .iter()
                .rev()
                .find_map(|l| key_and_value(l).filter(|(key, _)| *key == "id"));
            if let Some((_, id)) = entry_id {
                problem.message = format!("`{id}` has no `{field}`");
            }
        }
        _ if problem.message.contains("untagged enum") => {
            // A value that can take several forms (a number or a list of steps) matched
            // none of them; say which forms there are.
            let forms = if problem.message.ends_with("RawSchedule") {
                "a number, or steps such as `[{from: 2020-04, value: 90}]`"
            } else if problem.message.ends_with("RawRecalculation") {
                "a month such as 2020-04, or `{month: 2020-04, reason: ...}`"
            } else {
                "a number, `null` when there is no figure, or `n/a` when it does not apply"
            };
            if let Some((key, value)) = lines.last().and_then(|l| key_and_value(l)) {
                problem.message = if problem.message.ends_with("RawValue") {
                    format!("`{value}` is not a number")
                } else {
                    format!("`{value}` is not a valid `{key}`")
                };
                if problem.field.is_none() {
                    problem.field = Some(key.to_string());
                }
            }
            problem.hints = vec![format!("write {forms}")];
        }
        _ => {}
    }
    problem
}

/// `key` and `value` of a plain `key: value` line, if it is one.
fn key_and_value(line: &str) -> Option<(&str, &str)> {
    let entry = line.trim_start().trim_start_matches("- ");
    let (key, value) = entry.split_once(':')?;
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let value = value.split(" #").next().unwrap_or("").trim();
    (plain && !value.is_empty()).then_some((key, value.trim_matches(['"', '\''])))
}

/// What a Rust scalar type means to someone writing the file, and an example.
fn scalar_words(ty: &str) -> (&'static str, &'static str) {
    match ty {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => (
            "a whole number of 0 or more",
            "a whole number such as 1 or 12",
        ),
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => {
            ("a whole number", "a whole number such as 12 or -3")
        }
        "bool" | "boolean" => ("true or false", "true or false"),
        _ => ("a number", "a number such as 5 or 2.5"),
    }
}

/// The 1-based line and column where a spanned value was written.
pub fn location<T>(spanned: &Spanned<T>) -> (u64, u64) {
    (spanned.referenced.line(), spanned.referenced.column())
}

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_events = 500_000;
    budget.max_nodes = 200_000;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// A serde-saphyr error as a located problem with a hint.
pub fn problem(path: &Path, error: &YamlError) -> Problem {
    let mut problem = Problem::error(path, "");
    if let Some(location) = error.location() {
        problem = problem.at(location.line(), location.column());
    }
    let (message, problem) = describe(innermost(error), problem);
    Problem { message, ..problem }
}

/// The error an alias or snippet wrapper carries.
fn innermost(error: &YamlError) -> &YamlError {
    match error {
        YamlError::WithSnippet { error, .. } | YamlError::AliasError { error, .. } => {
            innermost(error)
        }
        other => other,
    }
}

fn describe(error: &YamlError, problem: Problem) -> (String, Problem) {
    match error {
        YamlError::SerdeUnknownField {
            field, expected, ..
        } => (
            format!(
                "unknown field `{field}`, expected one of {}",
                expected.join(", ")
            ),
            suggest(problem.field(field.as_str()), field, expected),
        ),
        YamlError::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            format!(
                "unknown variant `{variant}`, expected one of {}",
                expected.join(", ")
            ),
            suggest(problem.field(variant.as_str()), variant, expected),
        ),
        YamlError::SerdeMissingField { field, .. } => (
            format!("missing field `{field}`"),
            problem
                .field(*field)
                .hint(format!("add `{field}:`; see docs/data-format.md")),
        ),
        YamlError::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_else(|| "a key".to_string());
            (
                format!("`{key}` is given twice"),
                problem.field(key).hint("keep one of them"),
            )
        }
        YamlError::Budget { breach, .. } => (
            budget_words(breach).to_string(),
            problem.hint("data files are small and shallow; check this is the right file"),
        ),
        YamlError::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => {
            let hint = if expected.contains("string") {
                "write plain text here (quote it if it starts with a symbol)"
            } else {
                "see docs/data-format.md for the file's layout"
            };
            (
                format!("invalid type: {unexpected}, expected {expected}"),
                problem.hint(hint),
            )
        }
        other => (
            parser_message(other),
            problem.hint("see docs/data-format.md for the file's layout"),
        ),
    }
}

/// Which safety limit was hit, in words rather than the parser's internal names.
fn budget_words(breach: &BudgetBreach) -> &'static str {
    match breach {
        BudgetBreach::Depth { .. } => "the YAML is nested too deeply (more than 24 levels)",
        BudgetBreach::Aliases { .. } | BudgetBreach::Anchors { .. } => {
            "the YAML uses too many aliases or anchors (an alias bomb?)"
        }
        _ => "the YAML has too many elements for a data file",
    }
}

/// The parser's own message without the location it appends (we print our own).
fn parser_message(error: &YamlError) -> String {
    let mut options = serde_saphyr::RenderOptions::default();
    options.snippets = serde_saphyr::SnippetMode::Off;
    let mut message = error.render_with_options(options);
    if let Some(location) = error.location() {
        for suffix in [
            format!(" at line {}, column {}", location.line(), location.column()),
            format!(" at {}:{}", location.line(), location.column()),
        ] {
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_string();
            }
        }
    }
    message
}

/// "did you mean" for a near miss, else the valid names.
fn suggest(problem: Problem, unknown: &str, expected: &[&'static str]) -> Problem {
    match closest(unknown, expected.iter().copied()) {
        Some(near) => problem.hint(format!("did you mean `{near}`?")),
        None if !expected.is_empty() => problem.hint(format!(
            "valid names here: {}",
            expected
                .iter()
                .map(|e| format!("`{e}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Thing {
        title: String,
        polarity: String,
    }

    fn error_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(text: &str) -> Problem {
        *parse::<T>(Path::new("thing.yaml"), text).unwrap_err()
    }

    #[test]
    fn an_unknown_field_names_the_nearest_valid_one() {
        let p = error_of::<Thing>("title: x\npolarty: up\n");
        assert_eq!(p.to_string(), "error: thing.yaml:2:1: `polarty`: unknown field `polarty`, expected one of title, polarity\n  = hint: did you mean `polarity`?");
    }

    #[test]
    fn a_missing_field_says_what_to_add() {
        let p = error_of::<Thing>("title: x\n");
        assert_eq!(p.field.as_deref(), Some("polarity"));
        assert_eq!(p.hints, ["add `polarity:`; see docs/data-format.md"]);
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Entry {
        id: String,
        title: String,
    }

    #[test]
    fn a_missing_field_names_the_entry_it_is_missing_from() {
        let p =
            error_of::<Vec<Entry>>("- id: contacts\n  title: x\n- id: referrals\n  ref: \"2\"\n");
        assert_eq!(p.message, "`referrals` has no `title`");
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Settings {
        decimals: u8,
        share: f64,
        shown: bool,
    }

    #[test]
    fn a_wrongly_typed_value_is_quoted_under_its_key() {
        let p = error_of::<Settings>("decimals: two\nshare: 1\nshown: true\n");
        assert_eq!(p.to_string(), "error: thing.yaml:1:11: `decimals`: `two` is not a whole number of 0 or more\n  = hint: write a whole number such as 1 or 12");
        let p = error_of::<Settings>("decimals: 2\nshare: \"half\" # of all\nshown: true\n");
        assert_eq!(p.message, "`half` is not a number");
        assert_eq!(p.field.as_deref(), Some("share"));
        let p = error_of::<Settings>("decimals: 2\nshare: 1\nshown: nope\n");
        assert_eq!(p.message, "`nope` is not true or false");
    }

    #[test]
    fn a_duplicate_key_says_keep_one() {
        let p = error_of::<BTreeMap<String, u32>>("a: 1\nb: 2\na: 3\n");
        assert_eq!(p.message, "`a` is given twice");
        assert_eq!(p.line, Some(3));
    }

    #[test]
    fn hostile_input_hits_a_named_limit() {
        let deep = format!("{}1{}", "[".repeat(30), "]".repeat(30));
        let p = error_of::<serde_json::Value>(&deep);
        assert!(p.message.contains("nested too deeply"), "{p}");

        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let p = error_of::<serde_json::Value>(&bomb);
        assert!(p.message.contains("too many"), "{p}");
    }
}
