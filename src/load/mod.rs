//! Reading a data folder: `report.yaml`, `indicators.yaml` and `months/YYYY-MM.yaml`
//! become a checked [`Dataset`]. This is the only module that reads data files. It
//! reports every problem it finds in one pass (not just the first), each located by file,
//! line, column and field with a hint on how to fix it, and it never panics on any input.
//!
//! Its parts, in the order a folder is read: [`read`] (one file, with guards), [`yaml`]
//! (parsing and the parser's errors in the user's words), `report`, `indicators` with
//! `formulas` (the formula graph), and `months`.

mod formulas;
mod indicators;
mod months;
pub mod read;
mod relocate;
mod report;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Problem;
use crate::error::{count, Error, ErrorKind};
use crate::fonts::Coverage;
use crate::model::{Dataset, Report, SourceFile, YearMonth};

pub use months::LONG_COMMENTARY;
pub use read::MAX_FILE_BYTES;
pub use report::{is_language_tag, DEFAULT_LANGUAGE};

/// What loading produced: the data when it is usable, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The dataset, present only when there are no errors.
    pub dataset: Option<Dataset>,
    /// Errors and warnings, in the order found.
    pub problems: Vec<Problem>,
    /// report.yaml as checked, when it had no errors itself (even if other files had):
    /// what the files beside it (distribution.yaml) are checked against, so that a typo
    /// elsewhere does not make correct lines there look wrong.
    pub report: Option<Report>,
}

impl Loaded {
    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }

    /// The dataset and its warnings, or a data error listing every problem.
    pub fn into_result(self, root: &Path) -> Result<(Dataset, Vec<Problem>), Error> {
        match self.dataset {
            Some(dataset) if !self.problems.iter().any(Problem::is_error) => {
                Ok((dataset, self.problems))
            }
            _ => {
                let errors = self.problems.iter().filter(|p| p.is_error()).count();
                Err(
                    Error::new(ErrorKind::Data, self.problems).with_summary(format!(
                        "{} in {}",
                        count(errors, "error"),
                        root.display()
                    )),
                )
            }
        }
    }
}

/// Reads and checks the data folder at `root`.
pub fn load(root: &Path) -> Loaded {
    load_with(root, Loader::default())
}

/// Reads and checks the data folder at `root` as a writer of month files sees it: a
/// folder with no month files yet (or no `months/` folder) is a new one, not an error.
pub fn load_before_first_month(root: &Path) -> Loaded {
    load_with(
        root,
        Loader {
            months_optional: true,
            ..Loader::default()
        },
    )
}

fn load_with(root: &Path, mut loader: Loader) -> Loaded {
    let dataset = loader.load(root);
    in_line_order(&mut loader.problems);
    let has_errors = loader.problems.iter().any(Problem::is_error);
    Loaded {
        dataset: if has_errors { None } else { dataset },
        problems: loader.problems,
        report: loader.report,
    }
}

/// Each file's problems in line order (the checks run field by field, not line by line);
/// the files stay in the order their first problem was found.
fn in_line_order(problems: &mut [Problem]) {
    let mut files: Vec<Option<PathBuf>> = Vec::new();
    for p in problems.iter() {
        if !files.contains(&p.file) {
            files.push(p.file.clone());
        }
    }
    problems.sort_by_key(|p| {
        let file = files
            .iter()
            .position(|f| *f == p.file)
            .unwrap_or(usize::MAX);
        (file, p.line.unwrap_or(0), p.column.unwrap_or(0))
    });
}

/// Reads a custom template from disk, with the same guards as data files.
pub fn read_template(path: &Path) -> Result<String, Error> {
    read::read_named_file(path, "give the path of a .typ file")
        .map_err(|p| Error::one(ErrorKind::Usage, *p))
}

/// Reads a page template given with `--html-template`; failures are usage errors.
pub fn read_html_template(path: &Path) -> Result<String, Error> {
    read::read_named_file(path, "give the path of a Jinja .html page template")
        .map_err(|p| Error::one(ErrorKind::Usage, *p))
}

/// Reads a CSV series for `scorecard spc`.
pub fn read_series_file(path: &Path) -> Result<String, Error> {
    read::read_named_file(path, "give the path of a CSV file with a `value` column")
        .map_err(|p| Error::one(ErrorKind::Data, *p))
}

/// Characters named in one message about characters no font can draw.
const MAX_CHARACTERS_NAMED: usize = 4;

/// The state of one load: problems found so far and the files read.
#[derive(Default)]
struct Loader {
    problems: Vec<Problem>,
    sources: Vec<SourceFile>,
    /// Each file's text, for locating a character in it.
    texts: BTreeMap<PathBuf, String>,
    /// Where each line of each kept text starts (byte offsets), so locating something
    /// on a line does not rescan the file: thousands of formulas stay linear.
    line_starts: BTreeMap<PathBuf, Vec<usize>>,
    /// What the report's fonts can draw, once report.yaml has been read.
    coverage: Option<Coverage>,
    /// Each section a pack names: the pack, where, and the section id.
    pack_sections: Vec<(String, (u64, u64), String)>,
    /// Each accepted SPC recalculation: the indicator, the month and where it is written,
    /// to be checked against the months once they are read.
    recalculation_sites: Vec<(String, YearMonth, (u64, u64))>,
    /// Indicators whose definitions had errors: they exist, but could not be checked.
    unparsed_ids: BTreeSet<String>,
    /// Every indicator id indicators.yaml defines, for formulas naming later indicators.
    defined_ids: BTreeSet<String>,
    /// A folder with no month files is not an error (for the commands that write them).
    months_optional: bool,
    /// report.yaml, once checked without errors.
    report: Option<Report>,
}

/// Characters that cannot be printed, as an error names them.
struct Unprintable {
    /// What they are, in the singular (`control character`).
    noun: &'static str,
    /// How one is named.
    name: fn(char) -> String,
    /// Why not, after the message, for one and for several.
    reason: (&'static str, &'static str),
    /// How to fix it.
    hint: &'static str,
}

impl Loader {
    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    fn load(&mut self, root: &Path) -> Option<Dataset> {
        if !root.is_dir() {
            self.push(
                Problem::error(root, "the data folder does not exist or is not a folder").hint(
                    "pass the folder holding report.yaml, indicators.yaml and months/ with --data",
                ),
            );
            return None;
        }
        let report_path = root.join("report.yaml");
        let indicators_path = root.join("indicators.yaml");
        let report = self
            .parse_file::<report::RawReport>(root, &report_path)
            .and_then(|raw| self.check_report(&report_path, raw));
        let sections = self
            .parse_indicators(root, &indicators_path)
            .map(|raw| self.check_indicators(&indicators_path, raw, report.as_ref()));
        self.report.clone_from(&report);
        let months = self.load_months(root, sections.as_deref());
        let (report, sections) = (report?, sections?);
        self.check_pack_sections(&report_path, &sections);
        self.check_recalculations(&indicators_path, &months);
        self.check_months_plausible(&sections, &months);
        let dataset = Dataset {
            root: root.to_path_buf(),
            report,
            sections,
            months: months
                .into_iter()
                .map(|(m, loaded)| (m, loaded.data))
                .collect(),
            sources: std::mem::take(&mut self.sources),
        };
        Some(dataset)
    }

    /// Every section a pack names must exist.
    fn check_pack_sections(&mut self, report_path: &Path, sections: &[crate::model::Section]) {
        let named = std::mem::take(&mut self.pack_sections);
        for (pack, (line, column), id) in named {
            if sections.iter().any(|s| s.id == id) {
                continue;
            }
            let known = sections.iter().map(|s| s.id.as_str());
            let hint = crate::diag::did_you_mean(&id, known)
                .unwrap_or_else(|| "name a section id from indicators.yaml".to_string());
            self.push(
                Problem::error(
                    report_path,
                    format!("pack `{pack}` names no section `{id}`"),
                )
                .at(line, column)
                .field(format!("packs.{pack}.sections"))
                .hint(hint),
            );
        }
    }

    /// Reads one file with every guard, keeping its bytes for attachment.
    fn read_text(&mut self, root: &Path, path: &Path) -> Option<String> {
        match read::read_text(root, path) {
            Ok((text, source)) => {
                self.keep(path, text.clone(), source);
                Some(text)
            }
            Err(problem) => {
                self.push(*problem);
                None
            }
        }
    }

    /// Keeps a file's text (for locating characters in it) and bytes (for attachment).
    fn keep(&mut self, path: &Path, text: String, source: SourceFile) {
        self.sources.push(source);
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.line_starts.insert(path.to_path_buf(), starts);
        self.texts.insert(path.to_path_buf(), text);
    }

    /// Line `line` (1-based) of a kept file, without its line break.
    fn line_of(&self, path: &Path, line: u64) -> Option<&str> {
        let text = self.texts.get(path)?;
        let index = usize::try_from(line.checked_sub(1)?).ok()?;
        match self.line_starts.get(path) {
            Some(starts) => {
                let start = *starts.get(index)?;
                let end = starts.get(index + 1).map_or(text.len(), |e| e - 1);
                text.get(start..end)
                    .map(|l| l.strip_suffix('\r').unwrap_or(l))
            }
            None => text.lines().nth(index),
        }
    }

    /// Checks text that reaches the page: no control characters, and every character
    /// drawable by the report's fonts.
    fn check_printed(&mut self, path: &Path, from: (u64, u64), field: &str, text: &str) {
        if text.chars().any(is_refused_control) {
            self.check_controls(path, from, field, text);
            let printable: String = text.chars().filter(|c| !is_refused_control(*c)).collect();
            self.check_glyphs(path, from, field, &printable);
        } else {
            self.check_glyphs(path, from, field, text);
        }
    }

    /// An error for the control characters in `text`: invisible, and no PDF can show
    /// them. An escape such as `\a` in a double-quoted YAML string writes one.
    fn check_controls(&mut self, path: &Path, from: (u64, u64), field: &str, text: &str) {
        let mut found: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| is_refused_control(*c)) {
            if !found.contains(&c) {
                found.push(c);
            }
        }
        let hint = if found.iter().any(|c| is_bidi_control(*c)) {
            "remove it: a bidirectional control character reorders the text after it, so a reader would see different characters from those the PDF's text holds (it often comes from a copy and paste)"
        } else {
            "remove it: it is invisible and a PDF cannot show it (in a double-quoted YAML string, an escape such as \\a, \\e or \\0 writes one; only \\t and \\n are allowed)"
        };
        self.push_unprintable(
            path,
            from,
            field,
            &found,
            &Unprintable {
                noun: "control character",
                name: |c| format!("U+{:04X}", c as u32),
                reason: ("", ""),
                hint,
            },
        );
    }

    /// An error for each character of `text` (the value of `field` in `path`) that the
    /// report's fonts cannot draw, located where it first appears at or after `from`.
    fn check_glyphs(&mut self, path: &Path, from: (u64, u64), field: &str, text: &str) {
        let Some(coverage) = &self.coverage else {
            return;
        };
        let missing = coverage.missing(text);
        self.push_unprintable(path, from, field, &missing, &Unprintable {
            noun: "character",
            name: |c| format!("`{c}` (U+{:04X})", c as u32),
            reason: (": no font in the report has it", ": no font in the report has them"),
            hint: "add a font file that has them to the data folder and list it under `fonts:` in report.yaml (e.g. fonts/NotoSansSC-Regular.otf), or remove them",
        });
    }

    /// One error naming the first few of `chars` (distinct, in order of appearance),
    /// located where the first of them appears in `path` at or after `from`.
    fn push_unprintable(
        &mut self,
        path: &Path,
        from: (u64, u64),
        field: &str,
        chars: &[char],
        what: &Unprintable,
    ) {
        let Some(&first) = chars.first() else {
            return;
        };
        let (line, column) = self
            .texts
            .get(path)
            .and_then(|file| find_char(file, from, first))
            .unwrap_or(from);
        let named: Vec<String> = chars
            .iter()
            .take(MAX_CHARACTERS_NAMED)
            .map(|c| (what.name)(*c))
            .collect();
        let noun = what.noun;
        let message = match chars.len() {
            1 => format!("the {noun} {} cannot be printed{}", named[0], what.reason.0),
            n if n > MAX_CHARACTERS_NAMED => format!(
                "the {noun}s {} and {} more cannot be printed{}",
                named.join(", "),
                n - MAX_CHARACTERS_NAMED,
                what.reason.1
            ),
            _ => format!(
                "the {noun}s {} cannot be printed{}",
                named.join(", "),
                what.reason.1
            ),
        };
        self.push(
            Problem::error(path, message)
                .at(line, column)
                .field(field)
                .hint(what.hint),
        );
    }

    /// Reads one file with every guard and parses it strictly.
    fn parse_file<T: for<'de> Deserialize<'de>>(&mut self, root: &Path, path: &Path) -> Option<T> {
        self.accept(path, read_and_parse(root, path))
    }

    /// Records a file read and parsed by [`read_and_parse`], perhaps on another thread:
    /// its text and bytes kept and its problems reported now, in the caller's order.
    fn accept<T>(&mut self, path: &Path, file: ParsedFile<T>) -> Option<T> {
        match file {
            ParsedFile::Unreadable(problem) => {
                self.push(*problem);
                None
            }
            ParsedFile::Read {
                text,
                source,
                parsed,
            } => {
                self.keep(path, text, source);
                parsed.map_err(|p| self.push(*p)).ok()
            }
        }
    }
}

/// A file read and parsed, not yet recorded by a [`Loader`].
enum ParsedFile<T> {
    /// It could not be read (missing, too large, not UTF-8...).
    Unreadable(Box<Problem>),
    /// Its text, its bytes, and what parsing made of it.
    Read {
        text: String,
        source: SourceFile,
        parsed: Result<T, Box<Problem>>,
    },
}

/// Reads one file with every guard and parses it strictly; touches no [`Loader`], so
/// many files can be read at once (a year of month files with long commentary is
/// megabytes of YAML) and then recorded in order with [`Loader::accept`].
fn read_and_parse<T: for<'de> Deserialize<'de>>(root: &Path, path: &Path) -> ParsedFile<T> {
    match read::read_text(root, path) {
        Ok((text, source)) => {
            let parsed = yaml::parse::<T>(path, &text);
            ParsedFile::Read {
                text,
                source,
                parsed,
            }
        }
        Err(problem) => ParsedFile::Unreadable(problem),
    }
}

/// A C0 or C1 control character (DEL included) other than tab and line feed, or a
/// bidirectional override or isolate (U+202A to U+202E, U+2066 to U+2069).
pub fn is_refused_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || is_bidi_control(c)
}

/// A bidirectional embedding, override or isolate: it reorders the characters after it
/// on screen, so what a reader sees and what the PDF's text (copied, searched, read
/// aloud) holds can be different numbers.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Where `c` first appears in `text` at or after 1-based (line, column), as 1-based line
/// and column (in characters).
fn find_char(text: &str, (line, column): (u64, u64), c: char) -> Option<(u64, u64)> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i as u64 + 1 == line {
            start += l
                .char_indices()
                .nth(column.saturating_sub(1) as usize)
                .map_or(l.len(), |(b, _)| b);
            break;
        }
        start += l.len();
    }
    let offset = start + text.get(start..)?.find(c)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    Some((line, text[line_start..offset].chars().count() as u64 + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_is_found_from_a_position_onwards() {
        let text = "a: 会\nb:\n  x 会 y\n";
        assert_eq!(find_char(text, (1, 1), '会'), Some((1, 4)));
        assert_eq!(find_char(text, (2, 1), '会'), Some((3, 5)));
        assert_eq!(find_char(text, (3, 6), '会'), None);
    }
}
