//! `distribution.yaml`: who receives the scorecard and what the message says. Parsed with
//! serde-saphyr under the same input budgets as the data files and checked in one pass:
//! every address must parse as a mailbox, the subject and body may use only the known
//! placeholders, no CR, LF or other control character may reach a header (also after the
//! report's organisation and title are put into the subject), and each list names a pack
//! that exists, each pack at most once; a report without packs has exactly one list,
//! naming none, which receives the one scorecard. Every problem is a [`Problem`] with
//! file, line, column, field and hint.

use std::path::{Path, PathBuf};

use lettre::message::Mailbox;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::template::{placeholders, TemplateError, PLACEHOLDERS};
use crate::diag::{closest, did_you_mean, Problem};
use crate::load::{read, yaml};
use crate::model::Report;

/// The file's name inside the data folder.
pub const FILE_NAME: &str = "distribution.yaml";

/// The message size limit when the file sets none, in MB (1 MB = 1,000,000 bytes),
/// counted on the encoded message (after base64). 25 MB is the common attachment limit.
pub const DEFAULT_MAX_MESSAGE_MB: f64 = 25.0;

/// Where a recipient appears in the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// `To:`.
    To,
    /// `Cc:`.
    Cc,
    /// Blind copy: in the envelope only, never in a header.
    Bcc,
}

impl Field {
    /// `to`, `cc` or `bcc`, as written in distribution.yaml and the send log.
    pub fn name(self) -> &'static str {
        match self {
            Field::To => "to",
            Field::Cc => "cc",
            Field::Bcc => "bcc",
        }
    }
}

/// One list: the recipients of one document (a pack, once packs exist).
#[derive(Debug, Clone)]
pub struct RecipientList {
    /// The pack this list receives; `None` for the one scorecard (no packs defined).
    pub pack: Option<String>,
    /// `To:` recipients.
    pub to: Vec<Mailbox>,
    /// `Cc:` recipients.
    pub cc: Vec<Mailbox>,
    /// Blind-copy recipients.
    pub bcc: Vec<Mailbox>,
}

impl RecipientList {
    /// Every recipient with where it appears, in file order: to, then cc, then bcc.
    pub fn recipients(&self) -> Vec<(Field, &Mailbox)> {
        let to = self.to.iter().map(|m| (Field::To, m));
        let cc = self.cc.iter().map(|m| (Field::Cc, m));
        let bcc = self.bcc.iter().map(|m| (Field::Bcc, m));
        to.chain(cc).chain(bcc).collect()
    }
}

/// A checked distribution.yaml.
#[derive(Debug, Clone)]
pub struct Distribution {
    /// The file it came from.
    pub path: PathBuf,
    /// The sender (header `From:` and envelope sender).
    pub from: Mailbox,
    /// Optional `Reply-To:`.
    pub reply_to: Option<Mailbox>,
    /// The subject template (one line, known placeholders only).
    pub subject: String,
    /// The plain-text body template.
    pub body: String,
    /// The largest message allowed, in bytes, counted after base64.
    pub max_message_bytes: u64,
    /// The recipient lists.
    pub lists: Vec<RecipientList>,
    /// The people who write commentary (`owners:`), in file order.
    pub owners: Vec<super::owners::Owner>,
    /// How commentary is requested (`commentary:`), with defaults when absent.
    pub commentary: super::owners::CommentarySettings,
}

/// What reading distribution.yaml produced.
#[derive(Debug, Default)]
pub struct LoadedDistribution {
    /// The checked file, when it exists and has no errors.
    pub distribution: Option<Distribution>,
    /// True when the file exists.
    pub present: bool,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl LoadedDistribution {
    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistribution {
    from: Spanned<String>,
    #[serde(default)]
    reply_to: Option<Spanned<String>>,
    subject: Spanned<String>,
    body: Spanned<String>,
    #[serde(default)]
    max_message_mb: Option<Spanned<f64>>,
    lists: Vec<Spanned<RawList>>,
    #[serde(default)]
    owners: Vec<Spanned<super::owners::RawOwner>>,
    #[serde(default)]
    commentary: Option<Spanned<super::owners::RawCommentary>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawList {
    #[serde(default)]
    pack: Option<Spanned<String>>,
    #[serde(default)]
    to: Vec<Spanned<String>>,
    #[serde(default)]
    cc: Vec<Spanned<String>>,
    #[serde(default)]
    bcc: Vec<Spanned<String>>,
}

pub(super) fn at<T>(problem: Problem, spanned: &Spanned<T>) -> Problem {
    problem.at(spanned.referenced.line(), spanned.referenced.column())
}

/// Reads and checks `root/distribution.yaml`. `report` (when report.yaml loaded) lets the
/// subject be checked with the real organisation and title; `packs` are the pack ids
/// report.yaml defines. Without `report`, the lists' packs are not checked: report.yaml
/// failed to load, and what it defines is unknown.
pub fn load(root: &Path, report: Option<&Report>, packs: &[&str]) -> LoadedDistribution {
    let path = root.join(FILE_NAME);
    let mut out = LoadedDistribution::default();
    if !path.exists() {
        return out;
    }
    out.present = true;
    let parsed = read::read_text(root, &path)
        .and_then(|(text, _)| yaml::parse::<RawDistribution>(&path, &text).map(|raw| (raw, text)));
    match parsed {
        Ok((raw, text)) => {
            out.distribution = check(&path, &text, raw, report, packs, &mut out.problems);
        }
        Err(problem) => out.problems.push(*problem),
    }
    if out.has_errors() {
        out.distribution = None;
    }
    out
}

fn check(
    path: &Path,
    source: &str,
    raw: RawDistribution,
    report: Option<&Report>,
    packs: &[&str],
    problems: &mut Vec<Problem>,
) -> Option<Distribution> {
    // Warnings (an address only SMTPUTF8 can carry) do not stop the file being used.
    let errors = |problems: &[Problem]| problems.iter().filter(|p| p.is_error()).count();
    let before = errors(problems);
    let from = mailbox(path, "from", &raw.from, problems);
    let reply_to = raw
        .reply_to
        .as_ref()
        .and_then(|r| mailbox(path, "reply_to", r, problems));
    check_template(path, source, "subject", &raw.subject, true, problems);
    check_template(path, source, "body", &raw.body, false, problems);
    if let (Some(report), true) = (report, errors(problems) == before) {
        // The report's own text goes into the subject too: it must not break the header.
        // Without packs, `{pack}` is the title too.
        for (name, placeholder, value) in [
            ("organisation", "{organisation}", &report.organisation),
            ("title", "{title}", &report.title),
            ("title", "{pack}", &report.title),
        ] {
            if raw.subject.value.contains(placeholder) && has_control(value) {
                problems.push(
                    at(Problem::error(path, format!("the subject uses `{placeholder}`, and report.yaml's {name} has a line break or control character")), &raw.subject)
                        .field("subject")
                        .hint(format!("write report.yaml's {name} on one line")),
                );
            }
        }
    }
    let max_message_bytes = match &raw.max_message_mb {
        None => (DEFAULT_MAX_MESSAGE_MB * 1e6) as u64,
        Some(mb) if mb.value.is_finite() && mb.value > 0.0 && mb.value <= 10_000.0 => {
            (mb.value * 1e6) as u64
        }
        Some(mb) => {
            problems.push(
                at(
                    Problem::error(path, format!("{} is not a message size", mb.value)),
                    mb,
                )
                .field("max_message_mb")
                .hint("give the size limit of your mail server in MB, e.g. 25"),
            );
            0
        }
    };
    let lists = check_lists(path, &raw.lists, report.map(|_| packs), problems);
    let owners = super::owners::check_owners(path, &raw.owners, problems);
    let commentary = super::owners::check_commentary(path, raw.commentary.as_ref(), problems);
    if errors(problems) > before {
        return None;
    }
    Some(Distribution {
        path: path.to_path_buf(),
        from: from?,
        reply_to,
        subject: raw.subject.value,
        body: raw.body.value,
        max_message_bytes,
        lists,
        owners,
        commentary,
    })
}

fn check_lists(
    path: &Path,
    raw: &[Spanned<RawList>],
    known_packs: Option<&[&str]>,
    problems: &mut Vec<Problem>,
) -> Vec<RecipientList> {
    if raw.is_empty() {
        problems.push(
            Problem::error(
                path,
                "there are no lists, so nobody would receive the scorecard",
            )
            .field("lists")
            .hint("add `lists:` with `- to: [name@example.org]`"),
        );
    }
    let mut lists = Vec::new();
    let mut seen_packs: Vec<Option<String>> = Vec::new();
    for (i, list) in raw.iter().enumerate() {
        let field = format!("lists[{i}]");
        check_list_pack(path, &field, list, known_packs, problems);
        let pack = list.value.pack.as_ref().map(|p| p.value.clone());
        // Without packs every list would receive the one scorecard.
        let key = match known_packs {
            Some([]) => None,
            _ => pack.clone(),
        };
        if seen_packs.contains(&key) {
            let message = match &key {
                Some(p) => format!("a second list for pack `{p}`"),
                None => "a second list: the scorecard goes to exactly one list".to_string(),
            };
            problems.push(
                at(Problem::error(path, message), list)
                    .field(field.clone())
                    .hint("put all its recipients in one list, under to, cc or bcc"),
            );
        }
        seen_packs.push(key);
        lists.push(list_recipients(path, &field, list, pack, problems));
    }
    lists
}

/// Checks the pack a list names against those report.yaml defines; nothing is checked
/// when `known_packs` is unknown (report.yaml did not load).
fn check_list_pack(
    path: &Path,
    field: &str,
    list: &Spanned<RawList>,
    known_packs: Option<&[&str]>,
    problems: &mut Vec<Problem>,
) {
    let Some(packs) = known_packs else {
        return;
    };
    match &list.value.pack {
        Some(p) if packs.is_empty() => problems.push(
            at(
                Problem::error(
                    path,
                    format!(
                        "pack `{}` is named, but report.yaml defines no packs",
                        p.value
                    ),
                ),
                p,
            )
            .field(format!("{field}.pack"))
            .hint("leave `pack:` out: without packs, the list receives the one scorecard"),
        ),
        Some(p) if !packs.contains(&p.value.as_str()) => {
            let hint = did_you_mean(&p.value, packs.iter().copied())
                .unwrap_or_else(|| format!("packs in report.yaml: {}", packs.join(", ")));
            problems.push(
                at(
                    Problem::error(path, format!("there is no pack `{}`", p.value)),
                    p,
                )
                .field(format!("{field}.pack"))
                .hint(hint),
            );
        }
        None if !packs.is_empty() => problems.push(
            at(Problem::error(path, "this list names no pack"), list)
                .field(format!("{field}.pack"))
                .hint(format!("add `pack:` with one of: {}", packs.join(", "))),
        ),
        _ => {}
    }
}

/// A list's recipients under to, cc and bcc, each address once across the three.
fn list_recipients(
    path: &Path,
    field: &str,
    list: &Spanned<RawList>,
    pack: Option<String>,
    problems: &mut Vec<Problem>,
) -> RecipientList {
    let mut parsed = RecipientList {
        pack,
        to: Vec::new(),
        cc: Vec::new(),
        bcc: Vec::new(),
    };
    let mut addresses: Vec<String> = Vec::new();
    for (kind, raw_list) in [
        (Field::To, &list.value.to),
        (Field::Cc, &list.value.cc),
        (Field::Bcc, &list.value.bcc),
    ] {
        for (j, entry) in raw_list.iter().enumerate() {
            let name = format!("{field}.{}[{j}]", kind.name());
            let Some(m) = mailbox(path, &name, entry, problems) else {
                continue;
            };
            let key = m.email.to_string().to_lowercase();
            if addresses.contains(&key) {
                problems.push(
                    at(
                        Problem::error(path, format!("{} is listed twice", m.email)),
                        entry,
                    )
                    .field(name)
                    .hint("give each address once: in to, cc or bcc"),
                );
                continue;
            }
            addresses.push(key);
            match kind {
                Field::To => parsed.to.push(m),
                Field::Cc => parsed.cc.push(m),
                Field::Bcc => parsed.bcc.push(m),
            }
        }
    }
    let written = list.value.to.len() + list.value.cc.len() + list.value.bcc.len();
    if written == 0 {
        problems.push(
            at(Problem::error(path, "this list has no recipients"), list)
                .field(field.to_string())
                .hint("add addresses under `to:`, `cc:` or `bcc:`"),
        );
    }
    parsed
}

fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

pub(super) fn mailbox(
    path: &Path,
    field: &str,
    text: &Spanned<String>,
    problems: &mut Vec<Problem>,
) -> Option<Mailbox> {
    let problem = |message: String, hint: &str| {
        at(Problem::error(path, message), text)
            .field(field)
            .hint(hint)
    };
    if has_control(&text.value) {
        problems.push(problem(
            "the address has a line break or control character".into(),
            "write one address on one line, e.g. Jo Bloggs <jo@example.org>",
        ));
        return None;
    }
    match text.value.trim().parse::<Mailbox>() {
        Ok(m) => {
            if super::address::needs_smtputf8(&m.email) {
                problems.push(
                    at(
                        Problem::warning(
                            path,
                            format!(
                                "`{}` has non-ASCII letters before the @: only a mail server that offers SMTPUTF8 can deliver it, and any other refuses this recipient at send time",
                                m.email
                            ),
                        ),
                        text,
                    )
                    .field(field)
                    .hint("ask for an ASCII address if your server does not offer SMTPUTF8 (a non-ASCII domain after the @ is converted for you)"),
                );
            }
            Some(m)
        }
        Err(e) => {
            problems.push(problem(
                format!("`{}` is not an email address ({e})", text.value),
                "write name@example.org or Jo Bloggs <jo@example.org>",
            ));
            None
        }
    }
}

pub(super) fn check_template(
    path: &Path,
    source: &str,
    field: &str,
    text: &Spanned<String>,
    header: bool,
    problems: &mut Vec<Problem>,
) {
    let problem = |message: String, hint: String| {
        at(Problem::error(path, message), text)
            .field(field)
            .hint(hint)
    };
    if header && has_control(&text.value) {
        problems.push(problem(
            "the subject has a line break or control character, which cannot go in a header".into(),
            "write it on one line (YAML's `|` keeps line breaks; use a plain or quoted string)"
                .into(),
        ));
    }
    if header && text.value.trim().is_empty() {
        problems.push(problem(
            "the subject is empty".into(),
            "write a subject such as \"{title}: {month}\"".into(),
        ));
    }
    if let Err(e) = placeholders(&text.value) {
        let hint = match &e {
            TemplateError::Unknown(name) => match closest(name, PLACEHOLDERS) {
                Some(near) => format!("did you mean `{{{near}}}`?"),
                None => known_list(),
            },
            TemplateError::Unmatched => {
                "write `{{` or `}}` for a literal brace; placeholders are ".to_string()
                    + &known_list()
            }
        };
        // An unknown placeholder is pointed at where it is written, on its own line of
        // a long body.
        let site = match &e {
            TemplateError::Unknown(name) => placeholder_site(source, text, name),
            TemplateError::Unmatched => None,
        };
        let error = problem(e.to_string(), hint);
        problems.push(match site {
            Some((line, column)) => error.at(line, column),
            None => error,
        });
    }
}

/// Where `{name}` is written in the file: `text` starts at its span, or for a literal
/// block (`|`) on the line after it, and keeps the file's line breaks.
fn placeholder_site(source: &str, text: &Spanned<String>, name: &str) -> Option<(u64, u64)> {
    let needle = format!("{{{name}}}");
    let offset = text.value.find(&needle)?;
    let (line, column) = (text.referenced.line(), text.referenced.column());
    let start = source
        .lines()
        .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let block = start
        .chars()
        .nth(usize::try_from(column).ok()?.checked_sub(1)?)
        == Some('|');
    let breaks = text.value[..offset].matches('\n').count() as u64;
    let at_line = line + u64::from(block) + breaks;
    let written = source.lines().nth(usize::try_from(at_line).ok()? - 1)?;
    let index = written.find(&needle)?;
    Some((at_line, written[..index].chars().count() as u64 + 1))
}

fn known_list() -> String {
    PLACEHOLDERS
        .iter()
        .map(|p| format!("`{{{p}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
