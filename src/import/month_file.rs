//! Editing a month file's YAML text in place, line by line, so that everything the user
//! wrote (comments, commentary, other values, their order, blank lines, line endings)
//! stays byte for byte. The file is never re-serialised: an existing `  id: value` line
//! under `values:` has only its value replaced (a trailing `# comment` is kept), and new
//! entries are inserted after the last entry of their block. Pure functions on strings.

use crate::model::YearMonth;

/// The two blocks of a month file that import writes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// `values:`
    Values,
    /// `commentary:`
    Commentary,
}

impl Block {
    fn key(self) -> &'static str {
        match self {
            Block::Values => "values",
            Block::Commentary => "commentary",
        }
    }
}

/// The new YAML for one entry's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// Written on the key's line: `1403`, `n/a`, `"Text"`.
    Inline(String),
    /// A folded block (`>-`) with these lines, each indented below the key.
    Folded(Vec<String>),
}

/// Set `key` in `block` to `scalar`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// Which block.
    pub block: Block,
    /// The indicator id.
    pub key: String,
    /// Its new value.
    pub scalar: Scalar,
}

/// The text of a new month file, before any edit: the month, and empty `values` and
/// `commentary` blocks for the service to fill in. They are written `{}` because an empty
/// block (`commentary:` alone) reads as null, which the loader refuses; [`apply`] turns
/// `{}` back into a plain `values:` when it adds the first entry.
pub fn new_file(month: YearMonth) -> String {
    format!("month: {month}\nvalues: {{}}\ncommentary: {{}}\n")
}

/// A number as YAML: the shortest text that reads back as the same number.
pub fn number_scalar(x: f64) -> Scalar {
    // -0 would read back as 0 anyway; write it plainly.
    let x = if x == 0.0 { 0.0 } else { x };
    Scalar::Inline(format!("{x}"))
}

/// Commentary as YAML: a folded block wrapped at about 88 columns when the text is one
/// plain paragraph, otherwise a double-quoted string with escapes (always safe).
pub fn text_scalar(text: &str) -> Scalar {
    let foldable = text.len() > 60
        && text == text.trim()
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || is_printable(c))
        && !text.contains('\t');
    if !foldable {
        return Scalar::Inline(double_quoted(text));
    }
    // Break only at single spaces, so folding the lines back with one space gives the
    // text exactly.
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.len() + 1 + word.len() > 84 {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    Scalar::Folded(lines)
}

fn is_printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A YAML double-quoted scalar.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !is_printable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One physical line: its text and its ending (`\n`, `\r\n` or nothing at the end).
#[derive(Debug, Clone)]
struct Line {
    text: String,
    ending: String,
}

fn split_lines(text: &str) -> Vec<Line> {
    text.split_inclusive('\n')
        .map(|raw| {
            let (body, ending) = match raw.strip_suffix("\r\n") {
                Some(b) => (b, "\r\n"),
                None => match raw.strip_suffix('\n') {
                    Some(b) => (b, "\n"),
                    None => (raw, ""),
                },
            };
            Line {
                text: body.to_string(),
                ending: ending.to_string(),
            }
        })
        .collect()
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

/// Blank or a comment: lines that belong to no entry.
fn is_quiet(text: &str) -> bool {
    let t = text.trim();
    t.is_empty() || t.starts_with('#')
}

/// Where the comment starts in the text after a key's colon: a `#` after white space,
/// outside quotes. Returns the length of the value part (with its trailing spaces).
fn value_part_len(rest: &str) -> usize {
    let (mut single, mut double, mut previous) = (false, false, ' ');
    for (i, c) in rest.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single && previous != '\\' => double = !double,
            '#' if !single && !double && previous.is_whitespace() => return i,
            _ => {}
        }
        previous = c;
    }
    rest.len()
}

/// The key of an entry line (`  contacts: 12` → `contacts`) and the byte offset just after
/// its colon.
fn entry_key(text: &str) -> Option<(String, usize)> {
    let body = text.trim_start_matches(' ');
    let start = text.len() - body.len();
    let (key, after) = if let Some(q @ ('"' | '\'')) = body.chars().next() {
        let close = body[1..].find(q)? + 1;
        (&body[1..close], close + 1)
    } else {
        let colon = body
            .char_indices()
            .find(|&(i, c)| {
                c == ':' && body[i + 1..].chars().next().is_none_or(char::is_whitespace)
            })?
            .0;
        (body[..colon].trim_end(), colon)
    };
    body[after..]
        .starts_with(':')
        .then(|| (key.to_string(), start + after + 1))
}

/// A top-level block found in the file.
struct Found {
    /// Index of the `values:` line.
    key_line: usize,
    /// Index of the first line after the block (the next top-level key, or the end).
    end: usize,
    /// Entries: key, first line, one past the last line (trailing blank lines excluded).
    entries: Vec<(String, usize, usize)>,
    /// Indentation of the entries (2 when the block is empty).
    indent: usize,
}

fn find_block(lines: &[Line], name: &str) -> Result<Option<Found>, EditError> {
    let top_key = |l: &Line| {
        let t = l.text.trim_start_matches('\u{FEFF}');
        indent_of(t) == 0 && !is_quiet(t) && entry_key(t).map(|(k, _)| k).is_some_and(|k| k == name)
    };
    let Some(key_line) = lines.iter().position(top_key) else {
        return Ok(None);
    };
    let end = (key_line + 1..lines.len())
        .find(|&i| indent_of(&lines[i].text) == 0 && !is_quiet(&lines[i].text))
        .unwrap_or(lines.len());
    let inline = {
        let text = &lines[key_line].text;
        let after = entry_key(text).map(|(_, a)| a).unwrap_or(text.len());
        let rest = &text[after..];
        rest[..value_part_len(rest)].trim().to_string()
    };
    if !matches!(inline.as_str(), "" | "{}" | "~" | "null") {
        return Err(EditError::Inline {
            block: name.to_string(),
            written: inline,
        });
    }
    let indent = (key_line + 1..end)
        .find(|&i| !is_quiet(&lines[i].text))
        .map(|i| indent_of(&lines[i].text))
        .unwrap_or(2);
    let mut entries: Vec<(String, usize, usize)> = Vec::new();
    let mut i = key_line + 1;
    while i < end {
        let text = &lines[i].text;
        if is_quiet(text) || indent_of(text) != indent {
            if !is_quiet(text) && indent_of(text) < indent {
                return Err(EditError::Indentation {
                    line: i + 1,
                    block: name.to_string(),
                });
            }
            i += 1;
            continue;
        }
        let Some((key, _)) = entry_key(text) else {
            return Err(EditError::NotAnEntry {
                line: i + 1,
                block: name.to_string(),
            });
        };
        let start = i;
        i += 1;
        // Lines indented deeper (a block scalar's text) and blank lines belong to it.
        while i < end && (lines[i].text.trim().is_empty() || indent_of(&lines[i].text) > indent) {
            i += 1;
        }
        let mut stop = i;
        while stop > start + 1 && lines[stop - 1].text.trim().is_empty() {
            stop -= 1;
        }
        entries.push((key, start, stop));
    }
    Ok(Some(Found {
        key_line,
        end,
        entries,
        indent,
    }))
}

fn render(indent: usize, key: &str, scalar: &Scalar, ending: &str) -> Vec<Line> {
    let pad = " ".repeat(indent);
    let line = |text: String| Line {
        text,
        ending: ending.to_string(),
    };
    match scalar {
        Scalar::Inline(s) => vec![line(format!("{pad}{key}: {s}"))],
        Scalar::Folded(parts) => std::iter::once(line(format!("{pad}{key}: >-")))
            .chain(parts.iter().map(|p| line(format!("{pad}  {p}"))))
            .collect(),
    }
}

/// Applies `edits` to a month file's text. Existing entries are changed in place; new
/// ones go after the block's last entry, in the order given. Fails (changing nothing)
/// when a block is written in a form that cannot be edited line by line.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    let mut lines = split_lines(text);
    let ending = lines
        .first()
        .filter(|l| l.ending == "\r\n")
        .map_or("\n", |_| "\r\n")
        .to_string();
    for block in [Block::Values, Block::Commentary] {
        let mine: Vec<&Edit> = edits.iter().filter(|e| e.block == block).collect();
        if mine.is_empty() {
            continue;
        }
        if let Some(last) = lines.last_mut() {
            if last.ending.is_empty() {
                last.ending = ending.clone();
            }
        }
        let found = open_block(&mut lines, block, &ending)?;
        let mut replacements: Vec<(usize, usize, Vec<Line>)> = Vec::new();
        let mut appended: Vec<Line> = Vec::new();
        for edit in mine {
            match found.entries.iter().find(|(k, ..)| *k == edit.key) {
                Some((_, start, stop)) => {
                    let new_lines = replaced_entry(&lines, &found, edit, (*start, *stop), &ending);
                    replacements.push((*start, *stop, new_lines));
                }
                None => appended.extend(render(found.indent, &edit.key, &edit.scalar, &ending)),
            }
        }
        let insert_at = found
            .entries
            .last()
            .map_or(found.key_line + 1, |(_, _, stop)| *stop)
            .min(found.end);
        // Splice from the bottom up so earlier indices stay valid.
        replacements.push((insert_at, insert_at, appended));
        replacements.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
        for (start, stop, new_lines) in replacements {
            lines.splice(start..stop, new_lines);
        }
    }
    Ok(lines
        .iter()
        .flat_map(|l| [l.text.as_str(), l.ending.as_str()])
        .collect())
}

/// Finds `block` in the file, adding its key where it belongs when it is missing (values
/// before the commentary, commentary at the end), and opens an empty flow value
/// (`values: {}` or `values: null`) into a block key, keeping its comment.
fn open_block(lines: &mut Vec<Line>, block: Block, ending: &str) -> Result<Found, EditError> {
    let found = match find_block(lines, block.key())? {
        Some(found) => found,
        None => {
            let at = match block {
                Block::Values => {
                    find_block(lines, "commentary")?.map_or(lines.len(), |c| c.key_line)
                }
                Block::Commentary => lines.len(),
            };
            lines.insert(
                at,
                Line {
                    text: format!("{}:", block.key()),
                    ending: ending.to_string(),
                },
            );
            find_block(lines, block.key())?.ok_or(EditError::NotInserted { block })?
        }
    };
    let line = &mut lines[found.key_line];
    if let Some((_, after)) = entry_key(&line.text) {
        let rest = line.text[after..].to_string();
        let value_len = value_part_len(&rest);
        if !rest[..value_len].trim().is_empty() {
            let comment = rest[value_len..].to_string();
            let gap = if comment.is_empty() { "" } else { " " };
            line.text = format!("{}{gap}{comment}", &line.text[..after]);
        }
    }
    Ok(found)
}

/// A month file written in a form that cannot be edited line by line; nothing was
/// changed. Lines are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The block's entries are written on its key's line (`values: {a: 1}`).
    Inline {
        /// The block's key.
        block: String,
        /// What follows the key.
        written: String,
    },
    /// A line indented less than the block's entries, inside the block.
    Indentation {
        /// The line.
        line: usize,
        /// The block's key.
        block: String,
    },
    /// A line at the entries' indentation that is not `id: value`.
    NotAnEntry {
        /// The line.
        line: usize,
        /// The block's key.
        block: String,
    },
    /// A block key was added but is not found again: a fault in this module.
    NotInserted {
        /// The block.
        block: Block,
    },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Inline { block, written } => write!(
                f,
                "`{block}:` is written inline (`{block}: {written}`); import edits only the usual layout with one `id: value` per line"
            ),
            EditError::Indentation { line, block } => {
                write!(f, "line {line}: unexpected indentation under `{block}:`")
            }
            EditError::NotAnEntry { line, block } => {
                write!(f, "line {line}: expected `id: value` under `{block}:`")
            }
            EditError::NotInserted { block } => {
                write!(f, "internal: the `{}:` block was not inserted", block.key())
            }
        }
    }
}

impl std::error::Error for EditError {}

/// The lines that replace an existing entry (lines `start..stop`): a one-line value is
/// changed in place, keeping its spacing and any comment after it; anything else is
/// written anew.
fn replaced_entry(
    lines: &[Line],
    found: &Found,
    edit: &Edit,
    (start, stop): (usize, usize),
    ending: &str,
) -> Vec<Line> {
    let old = &lines[start].text;
    let after = entry_key(old).map(|(_, a)| a).unwrap_or(old.len());
    let rest = &old[after..];
    let value_len = value_part_len(rest);
    let old_value = rest[..value_len].trim();
    let single = stop == start + 1
        && !old_value.is_empty()
        && !old_value.starts_with(['|', '>'])
        && matches!(edit.scalar, Scalar::Inline(_));
    match (&edit.scalar, single) {
        (Scalar::Inline(s), true) => {
            let lead = &rest[..rest.len() - rest.trim_start().len()];
            let lead = if lead.is_empty() { " " } else { lead };
            let trail = &rest[..value_len];
            let trail = &trail[trail.trim_end().len()..];
            vec![Line {
                text: format!("{}{lead}{s}{trail}{}", &old[..after], &rest[value_len..]),
                ending: lines[start].ending.clone(),
            }]
        }
        _ => {
            let mut new = render(found.indent, &edit.key, &edit.scalar, ending);
            if let Some(last) = new.last_mut() {
                last.ending = lines[stop - 1].ending.clone();
                if last.ending.is_empty() {
                    last.ending = ending.to_string();
                }
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(key: &str, text: &str) -> Edit {
        Edit {
            block: Block::Values,
            key: key.into(),
            scalar: Scalar::Inline(text.into()),
        }
    }

    const FILE: &str = "\
# June figures, provisional
month: 2020-06
values:
  contacts: 1403    # from the CMS extract
  referrals: 342

  # on-time is late this month
  on-time: null
commentary:
  contacts: >-
    Contacts rose by 20%,
    as expected.
  referrals: 'Up: 27%' # quoted
";

    #[test]
    fn replaces_values_in_place_and_keeps_comments() {
        let out = apply(FILE, &[value("contacts", "1410"), value("on-time", "91")]).unwrap();
        assert_eq!(
            out,
            FILE.replace("contacts: 1403    #", "contacts: 1410    #")
                .replace("on-time: null", "on-time: 91")
        );
    }

    #[test]
    fn appends_new_values_after_the_last_entry() {
        let out = apply(FILE, &[value("new-one", "5"), value("new-two", "n/a")]).unwrap();
        assert_eq!(
            out,
            FILE.replace(
                "  on-time: null\n",
                "  on-time: null\n  new-one: 5\n  new-two: n/a\n"
            )
        );
    }

    #[test]
    fn commentary_is_added_and_replaced_whole() {
        let edits = [
            Edit {
                block: Block::Commentary,
                key: "contacts".into(),
                scalar: Scalar::Inline("\"New text\"".into()),
            },
            Edit {
                block: Block::Commentary,
                key: "on-time".into(),
                scalar: text_scalar("Timeliness improved again, with every team now meeting the target week by week."),
            },
        ];
        let out = apply(FILE, &edits).unwrap();
        assert!(out.contains(
            "commentary:\n  contacts: \"New text\"\n  referrals: 'Up: 27%' # quoted\n  on-time: >-\n    Timeliness improved"
        ), "{out}");
        assert!(out.starts_with(&FILE[..FILE.find("commentary:").unwrap()]));
    }

    #[test]
    fn new_file_gets_values_in_order() {
        let month: YearMonth = "2020-07".parse().unwrap();
        let out = apply(&new_file(month), &[value("a", "1"), value("b", "2")]).unwrap();
        assert_eq!(
            out,
            "month: 2020-07\nvalues:\n  a: 1\n  b: 2\ncommentary: {}\n"
        );
    }

    #[test]
    fn missing_blocks_flow_braces_crlf_and_no_final_newline() {
        let out = apply("month: 2020-07\r\ncommentary: {}\r\n", &[value("a", "1")]).unwrap();
        assert_eq!(
            out,
            "month: 2020-07\r\nvalues:\r\n  a: 1\r\ncommentary: {}\r\n"
        );
        let out = apply("month: 2020-07\nvalues: {}  # none yet", &[value("a", "1")]).unwrap();
        assert_eq!(out, "month: 2020-07\nvalues: # none yet\n  a: 1\n");
        let err = apply("month: 2020-07\nvalues: {a: 1}\n", &[value("a", "2")]).unwrap_err();
        assert_eq!(
            err,
            EditError::Inline {
                block: "values".into(),
                written: "{a: 1}".into()
            }
        );
        assert!(err.to_string().contains("written inline"), "{err}");
    }

    #[test]
    fn a_block_that_cannot_be_edited_names_its_line() {
        let shallow = "month: 2020-07\nvalues:\n    a: 1\n  b: 2\n";
        let err = apply(shallow, &[value("c", "3")]).unwrap_err();
        assert_eq!(
            err,
            EditError::Indentation {
                line: 4,
                block: "values".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "line 4: unexpected indentation under `values:`"
        );
        let listed = "month: 2020-07\nvalues:\n  - 1\n";
        let err = apply(listed, &[value("c", "3")]).unwrap_err();
        assert_eq!(
            err,
            EditError::NotAnEntry {
                line: 3,
                block: "values".into()
            }
        );
    }

    #[test]
    fn four_space_indentation_is_followed() {
        let out = apply("month: 2020-07\nvalues:\n    a: 1\n", &[value("b", "2")]).unwrap();
        assert_eq!(out, "month: 2020-07\nvalues:\n    a: 1\n    b: 2\n");
    }

    #[test]
    fn scalars() {
        assert_eq!(number_scalar(1403.0), Scalar::Inline("1403".into()));
        assert_eq!(number_scalar(24.4), Scalar::Inline("24.4".into()));
        assert_eq!(number_scalar(-0.0), Scalar::Inline("0".into()));
        assert_eq!(
            text_scalar("He said \"no\"\nthen\\left"),
            Scalar::Inline("\"He said \\\"no\\\"\\nthen\\\\left\"".into())
        );
        let long = "word ".repeat(40);
        let Scalar::Folded(lines) = text_scalar(long.trim()) else {
            panic!("long text folds")
        };
        assert_eq!(lines.join(" "), long.trim());
        assert!(lines.iter().all(|l| l.len() <= 84));
    }
}
