//! Text patterns in `imports.yaml`: `*` matches any text (none included), everything else
//! matches itself, ignoring case and runs of white space, so a heading that drifts from
//! "greater than 4 hours" to "> 4 hours" can be matched by one pattern with a `*`, and a
//! trailing space in a published heading does not matter.

/// Lower-cased, trimmed, with every run of white space made one space.
pub(crate) fn normal(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True when `text` matches `pattern` as a whole.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    wildcard(&chars(&normal(pattern)), &chars(&normal(text)), false)
}

/// A file-name glob: `*` any text and `?` one character, case-insensitively.
pub(crate) fn glob(pattern: &str, name: &str) -> bool {
    wildcard(
        &chars(&pattern.to_lowercase()),
        &chars(&name.to_lowercase()),
        true,
    )
}

fn chars(text: &str) -> Vec<char> {
    text.chars().collect()
}

/// The classic wildcard walk: `*` matches any run of characters (remembering the last
/// one and retrying from one character further on), `?` one character when
/// `question_is_any`, and everything else itself.
fn wildcard(pattern: &[char], text: &[char], question_is_any: bool) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len()
            && (pattern[p] == text[t] || (question_is_any && pattern[p] == '?'))
        {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_match_with_wildcards_case_and_spacing_ignored() {
        assert!(matches("Code", " code "));
        assert!(matches(
            "A&E attendances greater than 4 hours*",
            "A&E attendances greater than 4 hours from arrival to admission"
        ));
        assert!(matches(
            "A&E attendances * 4 hours*",
            "A&E attendances > 4 hours"
        ));
        assert!(matches(
            "*(type 1)",
            "Percentage in 4 hours or less (type 1)"
        ));
        assert!(!matches(
            "*(type 1)",
            "Percentage in 4 hours or less (type 2)"
        ));
        assert!(!matches("Type 1", "Type 1 Departments"));
        assert!(matches("Type  1*", "type 1 departments"));
    }

    #[test]
    fn file_globs() {
        assert!(glob(
            "*-AE-by-provider-*.xls",
            "June-2021-AE-by-provider-2Qavs.xls"
        ));
        assert!(glob("Monthly-AE-*.xls", "monthly-ae-march.XLS"));
        assert!(!glob("*.xls", "june.xlsx"));
        assert!(glob("20??-*.csv", "2021-06.csv"));
    }
}
