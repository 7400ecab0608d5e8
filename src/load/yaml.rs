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
/// value a wrongly typed scalar was and the key it was written under (`decimals` and `two`
/// in `  decimals: two`), or the `id` of the entry a required field is missing from.
fn in_context(mut problem: Problem, error: &YamlError, text: &str) -> Problem {
    let (Some(line), Some(column)) = (problem.line, problem.column) else {
        return problem;
    };
    let lines: Vec<&str> = text.lines().take(line as usize).collect();
    let scalar = lines.last().and_then(|l| scalar_at(l, column));
    let name_field = |problem: &mut Problem| {
        if let Some((Some(key), _)) = scalar {
            problem.field.get_or_insert_with(|| key.to_string());
        }
    };
    match error {
        YamlError::InvalidScalar { ty, .. } => {
            let (kind, example) = scalar_words(ty);
            problem.message = is_not(scalar, kind);
            name_field(&mut problem);
            problem.hints = vec![format!("write {example}")];
        }
        YamlError::SerdeUnknownVariant { .. } => {
            // `contacts.unit`, naming the indicator, not the word that was not understood.
            if let (Some((Some(key), _)), Some(last)) = (scalar, lines.last()) {
                let (key_column, _) = key_start(last);
                problem.field = Some(match entry_id(&lines, key_column) {
                    Some(id) => format!("{id}.{key}"),
                    None => key.to_string(),
                });
            }
        }
        YamlError::DuplicateMappingKey { key: Some(key), .. } => {
            // `values.referrals`, not just `referrals`: the same id may be under
            // `commentary:` too, once, and rightly.
            if let Some(parent) = parent_key(&lines, column) {
                problem.field = Some(format!("{parent}.{key}"));
            }
        }
        YamlError::SerdeMissingField { field, .. } => {
            if let Some(id) = entry_id(&lines, column) {
                problem.message = format!("`{id}` has no `{field}`");
            } else if let Some((_, above)) = lines.split_last() {
                // `populations.households.value`, not a bare `value` that could be
                // anywhere in the file.
                let mut path = path_to(above, column);
                path.push(field);
                problem.field = Some(path.join("."));
            }
        }
        _ if problem.message.contains("untagged enum") => {
            // A value that can take several forms (a number or a list of steps) matched
            // none of them; say which forms there are.
            let (_, what, forms) = SEVERAL_FORMS
                .iter()
                .find(|(name, ..)| problem.message.ends_with(name))
                .unwrap_or(&SEVERAL_FORMS[0]);
            problem.message = is_not(scalar, what);
            name_field(&mut problem);
            // The full path, so the indicator (or population) is named: a target written
            // as `{steps: [...]}` on its key's line, or a list below its key.
            let path = path_to(&lines, column);
            if !path.is_empty() {
                problem.field = Some(path.join("."));
            } else if problem.field.is_none() {
                // A list or mapping written below its key: the key is the nearest line
                // further left that ends with `:`.
                problem.field = parent_key(&lines, column).map(str::to_string);
            }
            problem.hints = vec![format!("write {forms}")];
        }
        _ => {}
    }
    problem
}

/// The values that take one of several forms, by the type the parser names: what a
/// wrong value is not, and the forms to write. The first (a month's value) is the
/// fallback.
const SEVERAL_FORMS: [(&str, &str, &str); 3] = [
    (
        "RawValue",
        "a number",
        "a number, `null` when there is no figure, or `n/a` when it does not apply",
    ),
    (
        "RawSchedule",
        "a valid target",
        "a number, or steps such as `[{from: 2020-04, value: 90}]`",
    ),
    (
        "RawRecalculation",
        "a valid recalculation",
        "a month such as 2020-04, or `{month: 2020-04, reason: ...}`",
    ),
];

/// "`two` is not a number", or "this is not a number" when the value cannot be quoted.
fn is_not(scalar: Option<(Option<&str>, &str)>, what: &str) -> String {
    match scalar {
        Some((_, value)) => format!("`{value}` is not {what}"),
        None => format!("this is not {what}"),
    }
}

/// The scalar that starts at `column` (1-based, in characters) of `line`, with the key
/// it was written under when that is on the same line: `decimals` and `two` from
/// `  decimals: two`, or `sn` and `high` from `  benchmarks: {sn: high, england: 300}`.
/// `None` where no plain scalar starts there (a block scalar, a list, a nested mapping).
fn scalar_at(line: &str, column: u64) -> Option<(Option<&str>, &str)> {
    let index = usize::try_from(column).ok()?.checked_sub(1)?;
    let (start, _) = line.char_indices().nth(index)?;
    let (before, rest) = line.split_at(start);
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => {
            let value = rest.split([',', '}', ']']).next()?;
            let value = value.split(" #").next()?.trim_end();
            let structure = value.starts_with(['-', '{', '[', '|', '>', '&', '*', '!'])
                && value.parse::<f64>().is_err();
            if value.is_empty() || structure || value.ends_with(':') || value.contains(": ") {
                return None;
            }
            value
        }
    };
    let key = before
        .trim_end()
        .strip_suffix(':')
        .and_then(|k| k.rsplit([' ', '{', ',', '[']).next())
        .filter(|k| is_plain_key(k));
    Some((key, value))
}

/// The `id` of the mapping whose keys start at `column`, found on its lines at or above
/// the last of `lines`; the search stops at the mapping's first line or where a line
/// starts further left (a parent, so the field is missing from something with no id).
fn entry_id<'a>(lines: &[&'a str], column: u64) -> Option<&'a str> {
    for line in lines.iter().rev() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (key_column, entry) = key_start(line);
        let item = content.starts_with("- ");
        if key_column < column {
            return None;
        }
        if key_column == column {
            let id = entry
                .split_once(':')
                .filter(|(key, _)| *key == "id")
                .map(|(_, id)| {
                    id.split(" #")
                        .next()
                        .unwrap_or("")
                        .trim()
                        .trim_matches(['"', '\''])
                })
                .filter(|id| !id.is_empty());
            if id.is_some() || item {
                return id;
            }
        }
    }
    None
}

/// The key of the block that holds the value at `column` of the last of `lines`.
fn parent_key<'a>(lines: &[&'a str], column: u64) -> Option<&'a str> {
    let (_, above) = lines.split_last()?;
    above.iter().rev().find_map(|line| {
        let (key_column, content) = key_start(line);
        let key = content.split(" #").next()?.trim_end().strip_suffix(':')?;
        (key_column < column && is_plain_key(key)).then_some(key)
    })
}

/// The keys leading to `column` of the last of `lines`, outermost first, a list entry
/// named by its `id`: `sections.front-door.indicators.contacts.target` for the value at
/// column 17 of `        target: {steps: ...}`. Read from the lines' indentation, so
/// it covers block mappings and lists (the form data files are written in).
fn path_to<'a>(lines: &[&'a str], column: u64) -> Vec<&'a str> {
    let mut path = Vec::new();
    let mut column = column;
    // The id of the list entry being climbed through, seen among its keys.
    let mut sibling_id = None;
    for line in lines.iter().rev() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let (key_column, entry) = key_start(line);
        let key = entry.split_once(':').map(|(k, _)| k.trim_end());
        let dash_column = (line.len() - content.len()) as u64 + 1;
        if content.starts_with("- ") && dash_column < column {
            let own_id = (key == Some("id"))
                .then(|| entry.split_once(':').map(|(_, v)| clean(v)))
                .flatten();
            if let Some(id) = own_id.or(sibling_id.take()) {
                path.push(id);
            }
            column = dash_column;
        } else if key_column < column {
            let Some(key) = key.filter(|k| is_plain_key(k)) else {
                break;
            };
            path.push(key);
            column = key_column;
            sibling_id = None;
        } else if key_column == column && key == Some("id") {
            sibling_id = entry.split_once(':').map(|(_, v)| clean(v));
        }
    }
    // An entry parsed on its own (an indicator block): its id still names it.
    path.extend(sibling_id);
    path.reverse();
    path
}

/// A plain scalar as written after its key: without a comment, spaces or quotes.
fn clean(value: &str) -> &str {
    value
        .split(" #")
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
}

/// Where a line's key starts (1-based column), past its indentation and any `- ` that
/// opens a list entry, and the text from there.
fn key_start(line: &str) -> (u64, &str) {
    let content = line.trim_start();
    let entry = content.strip_prefix("- ").map_or(content, str::trim_start);
    ((line.len() - entry.len()) as u64 + 1, entry)
}

/// A key written plainly: letters, digits, `_` and `-`.
fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
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
                "`{variant}` is not one of the values this field takes: {}",
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
    struct Report {
        title: String,
        comparators: Vec<Entry>,
    }

    #[test]
    fn a_missing_field_outside_any_entry_names_none() {
        let p = error_of::<Report>("comparators:\n  - id: england\n    title: England\n");
        assert_eq!(p.message, "missing field `title`");
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
    fn a_value_inside_a_flow_mapping_is_quoted_under_its_own_key() {
        let p = error_of::<BTreeMap<String, BTreeMap<String, f64>>>(
            "benchmarks: {sn: high, england: 300}\n",
        );
        assert_eq!(p.message, "`high` is not a number");
        assert_eq!(p.field.as_deref(), Some("sn"));
    }

    #[test]
    fn a_value_that_is_not_a_scalar_is_described_without_quoting_a_neighbour() {
        // A folded scalar is reported where its text starts, away from its key.
        let p = error_of::<BTreeMap<String, u8>>("decimals: >-\n  two\n");
        assert_eq!(p.message, "`two` is not a whole number of 0 or more");
        assert_eq!(p.field, None);
        let p = error_of::<BTreeMap<String, f64>>("contacts:\n  low: 1\n");
        assert!(
            !p.message.contains("`low`") && !p.message.contains("`1`"),
            "{p}"
        );
    }

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum RawSchedule {
        Constant(f64),
        Steps(Vec<BTreeMap<String, f64>>),
    }

    #[test]
    fn a_value_of_several_forms_lists_them_under_its_key() {
        let p = error_of::<BTreeMap<String, RawSchedule>>("target: high\n");
        assert_eq!(p.message, "`high` is not a valid target");
        assert_eq!(p.field.as_deref(), Some("target"));
        assert_eq!(
            p.hints,
            ["write a number, or steps such as `[{from: 2020-04, value: 90}]`"]
        );
        let p =
            error_of::<BTreeMap<String, RawSchedule>>("target:\n  - from: 2020\n    value: high\n");
        assert_eq!(p.message, "this is not a valid target");
        assert_eq!(p.field.as_deref(), Some("target"));
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Sections {
        sections: Vec<Section>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Section {
        id: String,
        indicators: Vec<Target>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Target {
        id: String,
        title: String,
        target: Option<RawSchedule>,
    }

    #[test]
    fn a_value_of_several_forms_is_named_by_its_full_path() {
        let p = error_of::<Sections>(
            "sections:\n  - id: front-door\n    indicators:\n      - id: contacts\n        title: Contacts\n        target: {steps: [{from: 2020-04, value: 90}]}\n",
        );
        assert_eq!(
            p.field.as_deref(),
            Some("sections.front-door.indicators.contacts.target"),
            "{p}"
        );
    }

    #[test]
    fn an_entry_parsed_on_its_own_is_named_by_its_id() {
        let p = error_of::<Target>(
            "\n\n    id: contacts\n    title: Contacts\n    target: {steps: [{from: 2020-04, value: 90}]}\n",
        );
        assert_eq!(p.field.as_deref(), Some("contacts.target"), "{p}");
    }

    #[test]
    fn a_missing_field_of_a_nested_mapping_is_named_by_its_full_path() {
        let p = error_of::<BTreeMap<String, BTreeMap<String, Thing>>>(
            "populations:\n  households:\n    polarity: up\n",
        );
        assert_eq!(
            p.field.as_deref(),
            Some("populations.households.title"),
            "{p}"
        );
    }

    #[test]
    fn a_duplicate_key_says_keep_one() {
        let p = error_of::<BTreeMap<String, u32>>("a: 1\nb: 2\na: 3\n");
        assert_eq!(p.message, "`a` is given twice");
        assert_eq!(p.line, Some(3));
        assert_eq!(p.field.as_deref(), Some("a"));
        let p = error_of::<BTreeMap<String, BTreeMap<String, u32>>>(
            "values:\n  a: 1\n  a: 2\ncommentary:\n  a: 3\n",
        );
        assert_eq!(p.field.as_deref(), Some("values.a"));
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
