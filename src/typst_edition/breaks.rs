//! Line-breaking hints for the PDF's narrow cells: an invisible break opportunity inside
//! a word longer than twenty characters (a URL, a long compound), which could otherwise
//! run out of its cell. Ordinary words are untouched, so they stay whole and searchable.
//! (A minus stays with the currency symbol after it, `−£0.9m`, by the template's own
//! rule, which adds no character to the PDF's text.)

use crate::view::DocumentView;

/// Words longer than this may break inside, so they cannot run out of a narrow cell.
const LONG_WORD: usize = 20;

/// `text` with an invisible break opportunity (a zero-width space) every ten characters
/// of any word longer than twenty characters.
pub fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    let mut word_len = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            run = 0;
            word_len = 0;
        } else {
            if word_len == 0 {
                word_len = text[i..].chars().take_while(|c| !c.is_whitespace()).count();
            }
            if word_len > LONG_WORD && run > 0 && run % 10 == 0 {
                out.push('\u{200b}');
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// The view with its hints: break opportunities in the free text that sits in narrow
/// cells (row titles, outcomes and commentary, and the titles in the attention list).
pub(super) fn with_break_hints(view: &DocumentView) -> DocumentView {
    let mut hinted = view.clone();
    for row in hinted.sections.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        row.title = breakable(&row.title);
        row.outcome = breakable(&row.outcome);
        row.commentary = breakable(&row.commentary);
    }
    for item in hinted
        .summary
        .iter_mut()
        .flat_map(|s| s.attention.iter_mut())
    {
        item.title = breakable(&item.title);
    }
    hinted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_long_words_get_break_opportunities() {
        assert_eq!(breakable("a normal sentence"), "a normal sentence");
        let long = "x".repeat(25);
        assert_eq!(
            breakable(&format!("see {long} now")),
            format!(
                "see {}\u{200b}{}\u{200b}{} now",
                "x".repeat(10),
                "x".repeat(10),
                "x".repeat(5)
            )
        );
    }
}
