//! Long commentary split across table rows for the PDF. A table row never breaks across
//! pages, so a row taller than a page would be cut off at the page's foot; commentary over
//! [`ROW_CHARACTERS`] is therefore split at sentence ends, the first part staying in the
//! row and each further part going into a continuation row beneath it (the row's reference
//! and title repeated, marked as continued). Every word reaches the page.

use std::collections::BTreeMap;

use crate::view::DocumentView;

/// The most commentary one row carries: at the PDF's narrowest commentary column about 30
/// lines, well inside a page.
pub(super) const ROW_CHARACTERS: usize = 1_500;

/// Splits every row's commentary that is over [`ROW_CHARACTERS`] in `view`, leaving the
/// first part in the row; returns the further parts by row id.
pub(super) fn split_long_commentary(view: &mut DocumentView) -> BTreeMap<String, Vec<String>> {
    let mut continuations = BTreeMap::new();
    for row in view.sections.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        let mut parts = split(&row.commentary, ROW_CHARACTERS);
        if parts.len() > 1 {
            row.commentary = parts.remove(0);
            continuations.insert(row.id.clone(), parts);
        }
    }
    continuations
}

/// `text` in parts of at most `limit` bytes, each ending at a sentence end (or else at a
/// space, or else at a character boundary), none empty; the parts joined with single
/// spaces give the text back, apart from the white space at the cuts.
fn split(text: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while rest.len() > limit {
        let window = &rest[..floor_char_boundary(rest, limit)];
        let cut = sentence_end(window)
            .or_else(|| window.rfind(char::is_whitespace))
            .filter(|&at| at > 0)
            .unwrap_or(window.len());
        parts.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || parts.is_empty() {
        parts.push(rest.to_string());
    }
    parts
}

/// Where the last sentence in `window` ends (after its `.`, `!` or `?` and before a
/// space), if any does.
fn sentence_end(window: &str) -> Option<usize> {
    window
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && window[i + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_whitespace)
        })
        .map(|(i, c)| i + c.len_utf8())
}

/// The largest index at most `at` that starts a character.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_commentary_stays_whole() {
        assert_eq!(split("One sentence. Two.", 100), vec!["One sentence. Two."]);
        assert_eq!(split("", 100), vec![""]);
    }

    #[test]
    fn long_commentary_splits_at_sentence_ends_and_keeps_every_word() {
        let sentence = "Referrals rose again this month. ";
        let text = sentence.repeat(100);
        let parts = split(&text, 300);
        assert!(parts.len() > 10);
        for part in &parts {
            assert!(part.len() <= 300, "{part}");
            assert!(part.ends_with('.'), "{part}");
        }
        assert_eq!(parts.join(" "), text.trim());
    }

    #[test]
    fn a_text_without_sentence_ends_splits_at_spaces_or_inside_a_word() {
        let words = "word ".repeat(100);
        let parts = split(&words, 42);
        assert!(parts.iter().all(|p| p.len() <= 42 && !p.ends_with(' ')));
        assert_eq!(parts.join(" "), words.trim());
        let long = "é".repeat(50);
        let parts = split(&long, 11);
        assert!(parts.iter().all(|p| p.len() <= 11));
        assert_eq!(parts.concat(), long);
    }
}
