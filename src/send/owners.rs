//! distribution.yaml's `owners:` (the people who write each indicator's commentary) and
//! `commentary:` (when it is due and what the request says). Checked in the same pass as
//! the rest of the file: ids unique and usable in a file name, names printable, addresses
//! valid, a due day every month has, and templates using only the known placeholders
//! (send's, plus `{owner}` and `{due}`).

use std::path::Path;

use lettre::message::Mailbox;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::distribution::{at, mailbox};
use super::template::{self, Values};
use crate::diag::Problem;

/// The subject of a request when distribution.yaml gives none.
pub const DEFAULT_SUBJECT: &str = "Commentary for {title}, {month}: due {due}";

/// The body of a request when distribution.yaml gives none.
pub const DEFAULT_BODY: &str = "Dear {owner},\n\nThe {title} for {month} is being prepared. Please write your commentary in the attached workbook, in the column headed \"Commentary for {month}\", save it and send it back by {due}.\n\nThank you.\n";

/// The day of the following month commentary is due by when distribution.yaml gives none.
pub const DEFAULT_DUE_DAY: u32 = 8;

/// One person who writes commentary.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    /// The id indicators.yaml uses (`owner: mash-lead`).
    pub id: String,
    /// Their name, as the workbook and the message greet them.
    pub name: String,
    /// Their address; without one the workbook is only written.
    pub email: Option<Mailbox>,
}

/// How commentary is requested.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentarySettings {
    /// Commentary is due by this day of the month after the report month (1 to 28).
    pub due_day: u32,
    /// The request's subject template.
    pub subject: String,
    /// The request's body template.
    pub body: String,
}

impl Default for CommentarySettings {
    fn default() -> Self {
        Self {
            due_day: DEFAULT_DUE_DAY,
            subject: DEFAULT_SUBJECT.into(),
            body: DEFAULT_BODY.into(),
        }
    }
}

impl CommentarySettings {
    /// `template` (the subject or the body) with every placeholder filled.
    pub fn expand(
        template: &str,
        values: &Values<'_>,
        owner: &str,
        due: &str,
    ) -> Result<String, template::TemplateError> {
        let escape = |v: &str| v.replace('{', "{{").replace('}', "}}");
        let replaced = template
            .replace("{owner}", &escape(owner))
            .replace("{due}", &escape(due));
        template::expand(&replaced, values)
    }
}

/// `owners:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOwner {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    email: Option<Spanned<String>>,
}

/// `commentary:` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCommentary {
    #[serde(default)]
    due_day: Option<Spanned<u32>>,
    #[serde(default)]
    subject: Option<Spanned<String>>,
    #[serde(default)]
    body: Option<Spanned<String>>,
}

/// The checked owners; problems go to `problems`.
pub(super) fn check_owners(
    path: &Path,
    raw: &[Spanned<RawOwner>],
    problems: &mut Vec<Problem>,
) -> Vec<Owner> {
    let mut owners: Vec<Owner> = Vec::new();
    for (i, entry) in raw.iter().enumerate() {
        let field = format!("owners[{i}]");
        let id = &entry.value.id;
        let usable = !id.value.is_empty()
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !usable {
            problems.push(
                at(Problem::error(path, format!("`{}` is not an owner id", id.value)), id)
                    .field(format!("{field}.id"))
                    .hint("use letters, digits, - and _ only (it names the owner's workbook file), e.g. mash-lead"),
            );
            continue;
        }
        if owners.iter().any(|o| o.id == id.value) {
            problems.push(
                at(
                    Problem::error(path, format!("owner `{}` is listed twice", id.value)),
                    id,
                )
                .field(format!("{field}.id"))
                .hint("give each owner once"),
            );
            continue;
        }
        let name = &entry.value.name;
        if name.value.trim().is_empty() || name.value.chars().any(char::is_control) {
            problems.push(
                at(
                    Problem::error(
                        path,
                        "the owner's name is empty or has a line break or control character",
                    ),
                    name,
                )
                .field(format!("{field}.name"))
                .hint("write the name on one line, e.g. Sam Patel"),
            );
            continue;
        }
        let email = match &entry.value.email {
            Some(text) => match mailbox(path, &format!("{field}.email"), text, problems) {
                Some(m) => Some(m),
                None => continue,
            },
            None => None,
        };
        owners.push(Owner {
            id: id.value.clone(),
            name: name.value.trim().to_string(),
            email,
        });
    }
    owners
}

/// The checked `commentary:` settings, or the defaults.
pub(super) fn check_commentary(
    path: &Path,
    raw: Option<&Spanned<RawCommentary>>,
    problems: &mut Vec<Problem>,
) -> CommentarySettings {
    let mut settings = CommentarySettings::default();
    let Some(raw) = raw else {
        return settings;
    };
    if let Some(day) = &raw.value.due_day {
        if (1..=28).contains(&day.value) {
            settings.due_day = day.value;
        } else {
            problems.push(
                at(
                    Problem::error(path, format!("{} is not a day every month has", day.value)),
                    day,
                )
                .field("commentary.due_day")
                .hint("give a day from 1 to 28 of the month after the report month, e.g. 8"),
            );
        }
    }
    for (name, text, header) in [
        ("commentary.subject", &raw.value.subject, true),
        ("commentary.body", &raw.value.body, false),
    ] {
        let Some(text) = text else { continue };
        let sample = Values {
            organisation: "o",
            title: "t",
            month: "m",
            pack: "p",
        };
        match CommentarySettings::expand(&text.value, &sample, "x", "x") {
            Ok(_) if header && text.value.chars().any(char::is_control) => problems.push(
                at(Problem::error(path, "the subject has a line break or control character, which cannot go in a header"), text)
                    .field(name)
                    .hint("write it on one line"),
            ),
            Ok(_) => {
                if header {
                    settings.subject = text.value.clone();
                } else {
                    settings.body = text.value.clone();
                }
            }
            Err(e) => problems.push(
                at(Problem::error(path, e.to_string()), text)
                    .field(name)
                    .hint("the placeholders are `{organisation}`, `{title}`, `{month}`, `{pack}`, `{owner}` and `{due}`; write `{{` or `}}` for a literal brace"),
            ),
        }
    }
    settings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_and_due_fill_the_templates_beside_sends_placeholders() {
        let values = Values {
            organisation: "Testshire",
            title: "Scorecard",
            month: "June 2020",
            pack: "Scorecard",
        };
        let filled =
            CommentarySettings::expand(DEFAULT_SUBJECT, &values, "Sam {P}", "8 July 2020").unwrap();
        assert_eq!(
            filled,
            "Commentary for Scorecard, June 2020: due 8 July 2020"
        );
        let body = CommentarySettings::expand("Dear {owner}", &values, "Sam {P}", "x").unwrap();
        assert_eq!(body, "Dear Sam {P}");
        assert!(CommentarySettings::expand("{ownr}", &values, "a", "b").is_err());
    }
}
