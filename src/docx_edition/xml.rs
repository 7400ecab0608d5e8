//! WordprocessingML pieces as strings: runs, paragraphs, cells, rows, tables and fields,
//! with every piece of text escaped on the way in. Element order inside `w:pPr`, `w:rPr`,
//! `w:tcPr` and `w:tblPr` follows the schema, which Word enforces.

/// Text safe inside an element or a double-quoted attribute.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters other than tab, line feed and carriage return cannot
            // appear in XML 1.0 at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Look {
    /// Bold.
    pub(super) bold: bool,
    /// Italic.
    pub(super) italic: bool,
    /// Grey, for notes.
    pub(super) quiet: bool,
    /// Size in half-points, when not the paragraph's.
    pub(super) size: Option<u32>,
}

/// The notes' grey, as the PDF's `neutral`.
const QUIET: &str = "595959";

/// A run of text; line breaks in `text` become `w:br`.
pub(super) fn run(text: &str, look: Look) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut props = String::new();
    if look.bold {
        props.push_str("<w:b/>");
    }
    if look.italic {
        props.push_str("<w:i/>");
    }
    if look.quiet {
        props.push_str(&format!("<w:color w:val=\"{QUIET}\"/>"));
    }
    if let Some(size) = look.size {
        props.push_str(&format!(
            "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
        ));
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    let body: Vec<String> = text
        .split('\n')
        .map(|line| format!("<w:t xml:space=\"preserve\">{}</w:t>", escape(line)))
        .collect();
    format!("<w:r>{props}{}</w:r>", body.join("<w:br/>"))
}

/// Plain text.
pub(super) fn text(text: &str) -> String {
    run(text, Look::default())
}

/// Bold text.
pub(super) fn bold(text: &str) -> String {
    run(
        text,
        Look {
            bold: true,
            ..Look::default()
        },
    )
}

/// Grey text, for notes.
pub(super) fn quiet(text: &str) -> String {
    run(
        text,
        Look {
            quiet: true,
            ..Look::default()
        },
    )
}

/// A line break inside a paragraph.
pub(super) const BREAK: &str = "<w:r><w:br/></w:r>";

/// How a paragraph sits.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Para<'a> {
    /// Its style id (`Heading1`), when not Normal.
    pub(super) style: Option<&'a str>,
    /// Right-aligned (figures).
    pub(super) right: bool,
    /// Centred.
    pub(super) centre: bool,
    /// Kept on the page with the next paragraph.
    pub(super) keep_next: bool,
    /// Starts a new page.
    pub(super) page_break: bool,
}

/// A paragraph holding `runs`.
pub(super) fn paragraph(para: Para, runs: &str) -> String {
    let mut props = String::new();
    if let Some(style) = para.style {
        props.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
    }
    if para.keep_next {
        props.push_str("<w:keepNext/>");
    }
    if para.page_break {
        props.push_str("<w:pageBreakBefore/>");
    }
    if para.right {
        props.push_str("<w:jc w:val=\"right\"/>");
    } else if para.centre {
        props.push_str("<w:jc w:val=\"center\"/>");
    }
    if props.is_empty() {
        format!("<w:p>{runs}</w:p>")
    } else {
        format!("<w:p><w:pPr>{props}</w:pPr>{runs}</w:p>")
    }
}

/// A plain paragraph.
pub(super) fn plain(runs: &str) -> String {
    paragraph(Para::default(), runs)
}

/// A paragraph in style `style`.
pub(super) fn styled(style: &str, runs: &str) -> String {
    paragraph(
        Para {
            style: Some(style),
            ..Para::default()
        },
        runs,
    )
}

/// A bookmark named `name` around nothing, for links and page references to point at.
pub(super) fn bookmark(id: usize, name: &str) -> String {
    format!(
        "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/><w:bookmarkEnd w:id=\"{id}\"/>",
        escape(name)
    )
}

/// `runs` as a link to the bookmark `anchor`.
pub(super) fn link(anchor: &str, runs: &str) -> String {
    format!(
        "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">{runs}</w:hyperlink>",
        escape(anchor)
    )
}

/// A field (`PAGE`, `NUMPAGES`, `PAGEREF name \h`) showing `shown` until the reader's
/// program updates it.
pub(super) fn field(instruction: &str, shown: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>\
         <w:r><w:instrText xml:space=\"preserve\"> {} </w:instrText></w:r>\
         <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}\
         <w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        escape(instruction),
        text(shown)
    )
}

/// A table cell `width` twips wide (spanning `span` grid columns) holding `paragraphs`
/// (at least one, as the schema requires).
pub(super) fn cell(width: u32, span: usize, shade: bool, paragraphs: &str) -> String {
    let span = if span > 1 {
        format!("<w:gridSpan w:val=\"{span}\"/>")
    } else {
        String::new()
    };
    let shade = if shade {
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EDEDED\"/>"
    } else {
        ""
    };
    let body = if paragraphs.is_empty() {
        "<w:p/>"
    } else {
        paragraphs
    };
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{span}{shade}</w:tcPr>{body}</w:tc>"
    )
}

/// What kind of table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RowKind {
    /// The header row, repeated at the top of every page the table runs onto.
    Header,
    /// A row of the body.
    Body,
}

/// A table row that never splits across pages.
pub(super) fn row(kind: RowKind, cells: &str) -> String {
    let header = if kind == RowKind::Header {
        "<w:tblHeader/>"
    } else {
        ""
    };
    format!("<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{cells}</w:tr>")
}

/// A full-width table with fixed column `widths` (twips) holding `rows`, titled
/// `caption` for assistive technology; `ruled` draws every cell's borders, otherwise
/// only lines between rows.
pub(super) fn table(widths: &[u32], caption: &str, ruled: bool, rows: &str) -> String {
    let total: u32 = widths.iter().sum();
    let inside_v = if ruled { "single" } else { "nil" };
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"ScorecardTable\"/><w:tblW w:w=\"{total}\" w:type=\"dxa\"/>\
         <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
         <w:left w:val=\"{inside_v}\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
         <w:right w:val=\"{inside_v}\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/>\
         <w:insideV w:val=\"{inside_v}\" w:sz=\"4\" w:space=\"0\" w:color=\"BFBFBF\"/></w:tblBorders>\
         <w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:left w:w=\"48\" w:type=\"dxa\"/><w:right w:w=\"48\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/>\
         <w:tblCaption w:val=\"{}\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>",
        escape(caption)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(escape("a < b & \"c\"\u{7}"), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(
            text("one\ntwo"),
            "<w:r><w:t xml:space=\"preserve\">one</w:t><w:br/><w:t xml:space=\"preserve\">two</w:t></w:r>"
        );
    }

    #[test]
    fn header_rows_repeat_and_no_row_splits() {
        let header = row(RowKind::Header, "");
        assert!(header.contains("<w:cantSplit/><w:tblHeader/>"));
        let body = row(RowKind::Body, "");
        assert!(body.contains("<w:cantSplit/>") && !body.contains("tblHeader"));
    }
}
