//! The index of a folder of months: after a render that writes documents for several
//! months or packs, `index.html` beside them lists every scorecard in the folder, newest
//! month first, each with its pack's title, its edition and its size. The folder itself is
//! the record: the index is rebuilt from the files there whose names a render writes
//! ([`crate::batch::file_name`]) for a pack report.yaml defines, so a later run for
//! another range keeps the months already there, a deleted file drops out, and the same
//! folder always gives the same bytes. A run that writes only public packs lists only
//! public files, so a public site's index never names a board paper.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::batch::{file_name, Job};
use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::model::{Audience, Dataset, Format, Pack, YearMonth};
use crate::view::words::{Words, ENGLISH};

/// The index page's template, compiled into the binary.
const TEMPLATE: &str = include_str!("../../templates/index.html");

/// The index's file name in the output folder.
pub const INDEX_FILE: &str = "index.html";

/// The index one render owes its output folder.
#[derive(Debug, Clone)]
pub struct FolderIndex {
    /// Where the documents and the index go.
    folder: PathBuf,
    /// List only public packs' files.
    public_only: bool,
}

impl FolderIndex {
    /// The index a render of `jobs` into `folder` writes: one when the jobs cover more
    /// than one month or pack and go to the folder under their own names (not `--out`).
    pub fn for_render(jobs: &[Job], folder: &Path, own_names: bool) -> Option<Self> {
        let mut documents: Vec<(YearMonth, Option<&str>)> = jobs
            .iter()
            .map(|j| (j.month, j.pack.as_ref().map(|p| p.id.as_str())))
            .collect();
        documents.sort();
        documents.dedup();
        (own_names && documents.len() > 1).then(|| Self {
            folder: folder.to_path_buf(),
            public_only: jobs.iter().all(|j| {
                j.pack
                    .as_ref()
                    .is_some_and(|p| p.audience == Audience::Public)
            }),
        })
    }

    /// Writes the index (atomically) and says what was written, as render's other lines
    /// do.
    pub fn write(&self, dataset: &Dataset) -> Result<String, Error> {
        let path = self.folder.join(INDEX_FILE);
        crate::output::refuse_data_inputs(std::slice::from_ref(&path), &dataset.root)?;
        let names = std::fs::read_dir(&self.folder)
            .map_err(|e| {
                Error::one(
                    ErrorKind::Output,
                    Problem::error(&self.folder, format!("cannot list the folder: {e}"))
                        .hint("check the folder is readable; the documents were written"),
                )
            })?
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| {
                let size = entry.metadata().ok()?.len();
                Some((entry.file_name().to_string_lossy().into_owned(), size))
            });
        let files: Vec<Listed> = names
            .filter_map(|(name, size)| listed(dataset, &name, size))
            .filter(|l| !self.public_only || l.audience == Audience::Public)
            .collect();
        let count = files.len();
        let html = page(dataset, files)?;
        crate::output::write_atomically(&path, &html)?;
        Ok(format!(
            "wrote {} (index of {} {}, {} KB)",
            path.display(),
            count,
            if count == 1 { "file" } else { "files" },
            html.len().div_ceil(1024)
        ))
    }
}

/// A document found in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listed {
    month: YearMonth,
    /// The pack's place in report.yaml (0 without packs).
    order: usize,
    audience: Audience,
    title: String,
    format: Format,
    name: String,
    size: u64,
}

/// The document a file in the folder is, when its name is one a render writes for a
/// pack report.yaml defines (or for the report, when it defines none).
fn listed(dataset: &Dataset, name: &str, size: u64) -> Option<Listed> {
    let (stem, format) = Format::all().find_map(|format| {
        let stem = name
            .strip_suffix(format.entry().extension)?
            .strip_suffix('.')?;
        Some((stem, format))
    })?;
    let rest = stem.strip_prefix("scorecard-")?;
    let month: YearMonth = rest.get(rest.len().checked_sub(7)?..)?.parse().ok()?;
    let packs = &dataset.report.packs;
    let (order, pack): (usize, Option<&Pack>) = if packs.is_empty() {
        (0, None)
    } else {
        let id = rest[..rest.len() - 7].strip_suffix('-')?;
        let (order, pack) = packs.iter().enumerate().find(|(_, p)| p.id == id)?;
        (order, Some(pack))
    };
    // The name must be exactly the one a render gives, so `scorecard-x-2020-6.pdf` or
    // another tool's file is never listed.
    if file_name(pack, month, format) != name {
        return None;
    }
    Some(Listed {
        month,
        order,
        audience: pack.map_or(Audience::Board, |p| p.audience),
        title: pack
            .and_then(|p| p.title.clone())
            .unwrap_or_else(|| dataset.report.title.clone()),
        format,
        name: name.to_string(),
        size,
    })
}

/// What the index template receives.
#[derive(Debug, Serialize)]
struct IndexPage {
    language_tag: String,
    organisation: String,
    title: String,
    words: Words,
    months: Vec<MonthEntry>,
}

/// One month's documents.
#[derive(Debug, Serialize)]
struct MonthEntry {
    /// `2020-06`, for the heading's id.
    id: String,
    /// `June 2020`.
    name: String,
    documents: Vec<DocumentEntry>,
}

/// One document's link.
#[derive(Debug, Serialize)]
struct DocumentEntry {
    title: String,
    edition: &'static str,
    href: String,
    size: String,
}

/// The index page's bytes: months newest first; in a month, packs in report.yaml's order,
/// the web page before the PDF.
fn page(dataset: &Dataset, mut files: Vec<Listed>) -> Result<Vec<u8>, Error> {
    let t = &ENGLISH;
    // The web page first (it is what a reader opens), then the list's order.
    let edition_rank = |f: Format| {
        if f.name() == "html" {
            (0, f)
        } else {
            (1, f)
        }
    };
    files.sort_by(|a, b| {
        b.month
            .cmp(&a.month)
            .then(a.order.cmp(&b.order))
            .then(edition_rank(a.format).cmp(&edition_rank(b.format)))
    });
    let mut months: Vec<MonthEntry> = Vec::new();
    for file in files {
        if months.last().is_none_or(|m| m.id != file.month.to_string()) {
            months.push(MonthEntry {
                id: file.month.to_string(),
                name: t.long(file.month),
                documents: Vec::new(),
            });
        }
        let edition = match file.format.name() {
            "html" => t.words.index_web_page,
            "pdf" => t.words.index_pdf,
            "docx" => t.words.index_word,
            _ => file.format.entry().noun,
        };
        if let Some(month) = months.last_mut() {
            month.documents.push(DocumentEntry {
                title: file.title,
                edition,
                href: href(&file.name),
                size: format!(
                    "{} {}",
                    thousands(file.size.div_ceil(1024)),
                    t.words.kilobytes
                ),
            });
        }
    }
    let report = &dataset.report;
    let context = IndexPage {
        language_tag: report.language.clone(),
        organisation: report.organisation.clone(),
        title: report.title.clone(),
        words: t.words,
        months,
    };
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let fail = |e: minijinja::Error| {
        Error::one(
            ErrorKind::Template,
            Problem::error("templates/index.html", e.to_string()),
        )
        .with_summary("no index was written")
    };
    let template = env
        .template_from_named_str("templates/index.html", TEMPLATE)
        .map_err(fail)?;
    Ok(template
        .render(minijinja::Value::from(minijinja::value::Serde(&context)))
        .map_err(fail)?
        .into_bytes())
}

/// A file name as a relative link: anything but letters, digits, `.`, `-` and `_`
/// percent-encoded, so a pack id can never make the link point elsewhere.
fn href(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b".-_".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// 1234 as "1,234".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_cannot_leave_the_folder() {
        assert_eq!(
            href("scorecard-public-2020-06.html"),
            "scorecard-public-2020-06.html"
        );
        assert_eq!(
            href("scorecard-a/../b?c#d.pdf"),
            "scorecard-a%2F..%2Fb%3Fc%23d.pdf"
        );
    }

    #[test]
    fn sizes_group_their_thousands() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
