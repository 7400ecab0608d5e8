//! The Word package: the body wrapped in `word/document.xml` with its page (A4 or A3
//! landscape), the styles (Word's own heading styles, the document's language), the
//! header and footer (the protective marking, "Page N of M"), the core properties and
//! the pictures, zipped in a fixed order with every entry dated from the document's
//! creation time, so the same data gives the same bytes.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::pictures::Media;
use super::xml::{escape, field, paragraph, run, text, Look, Para};
use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::model::Paper;
use crate::view::DocumentView;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The package's bytes: `body` (the body's paragraphs and tables) in its page, with the
/// `media` it places, dated `timestamp` (seconds since 1970, UTC).
pub(super) fn package(
    view: &DocumentView,
    body: &str,
    media: &[Media],
    timestamp: i64,
) -> Result<Vec<u8>, Error> {
    let moment = chrono::DateTime::from_timestamp(timestamp, 0).unwrap_or_default();
    let parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), content_types().into_bytes()),
        ("_rels/.rels".into(), package_rels().into_bytes()),
        ("docProps/core.xml".into(), core(view, &moment).into_bytes()),
        ("docProps/app.xml".into(), app().into_bytes()),
        (
            "word/document.xml".into(),
            document(view, body).into_bytes(),
        ),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(media).into_bytes(),
        ),
        ("word/styles.xml".into(), styles(view).into_bytes()),
        ("word/settings.xml".into(), settings(view).into_bytes()),
        ("word/header1.xml".into(), header(view).into_bytes()),
        ("word/footer1.xml".into(), footer(view).into_bytes()),
    ];
    let media_parts = media
        .iter()
        .map(|m| (format!("word/media/{}", m.name), m.png.clone()));
    zip_parts(parts.into_iter().chain(media_parts), &moment).map_err(|e| {
        Error::one(
            ErrorKind::Template,
            Problem::general(format!("could not write the Word document: {e}")),
        )
    })
}

/// Zips `parts` in order, every entry dated `moment` (zip dates run from 1980 to 2107).
fn zip_parts(
    parts: impl Iterator<Item = (String, Vec<u8>)>,
    moment: &chrono::DateTime<chrono::Utc>,
) -> zip::result::ZipResult<Vec<u8>> {
    use chrono::{Datelike, Timelike};
    let date = DateTime::from_date_and_time(
        moment.year().clamp(1980, 2107) as u16,
        moment.month() as u8,
        moment.day() as u8,
        moment.hour() as u8,
        moment.minute() as u8,
        moment.second() as u8,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(date)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // PNGs are compressed already.
        let options = if name.ends_with(".png") {
            options.compression_method(CompressionMethod::Stored)
        } else {
            options
        };
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types() -> String {
    format!(
        "{XML}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
         <Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         </Types>"
    )
}

fn package_rels() -> String {
    format!(
        "{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>"
    )
}

fn document_rels(media: &[Media]) -> String {
    let rel = |id: &str, kind: &str, target: &str| {
        format!("<Relationship Id=\"{id}\" Type=\"{R}/{kind}\" Target=\"{target}\"/>")
    };
    let mut rels = rel("rIdStyles", "styles", "styles.xml")
        + &rel("rIdSettings", "settings", "settings.xml")
        + &rel("rIdHeader", "header", "header1.xml")
        + &rel("rIdFooter", "footer", "footer1.xml");
    for m in media {
        rels.push_str(&rel(&m.rel, "image", &format!("media/{}", m.name)));
    }
    format!("{XML}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>")
}

/// Title, author (the organisation), subject, keywords, language and dates: the same
/// as the PDF's, from the same clock.
fn core(view: &DocumentView, moment: &chrono::DateTime<chrono::Utc>) -> String {
    let r = &view.report;
    let when = moment.format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "{XML}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator>\
         <cp:keywords>{}</cp:keywords><dc:language>{}</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>\
         </cp:coreProperties>",
        escape(&r.document_title),
        escape(&format!("{} \u{b7} {}", r.organisation, r.month_name)),
        escape(&r.organisation),
        escape(&r.keywords.join(", ")),
        escape(&r.language_tag),
    )
}

fn app() -> String {
    format!(
        "{XML}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
         <Application>scorecard</Application></Properties>"
    )
}

/// Every namespace a part of the body may use.
fn namespaces() -> String {
    format!(
        "xmlns:w=\"{W}\" xmlns:r=\"{R}\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
    )
}

fn document(view: &DocumentView, body: &str) -> String {
    // Landscape: the long side across. Margins as the PDF's (8 mm sides, 13 mm top,
    // 11 mm bottom), in twips.
    let (width, height) = match view.paper {
        Paper::A4 => (16838, 11906),
        Paper::A3 => (23811, 16838),
    };
    format!(
        "{XML}<w:document {}><w:body>{body}<w:sectPr>\
         <w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/>\
         <w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"{width}\" w:h=\"{height}\" w:orient=\"landscape\"/>\
         <w:pgMar w:top=\"737\" w:right=\"454\" w:bottom=\"624\" w:left=\"454\" w:header=\"284\" w:footer=\"284\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
        namespaces()
    )
}

/// Word's own styles (Normal, Title, Heading 1 and 2, a table style), in the report's
/// font size; the document's language on every run by default.
fn styles(view: &DocumentView) -> String {
    let (size, title, h1, h2) = match view.paper {
        Paper::A4 => (14, 30, 22, 17),
        Paper::A3 => (16, 36, 26, 20),
    };
    let lang = escape(&view.report.language_tag);
    let heading = |id: &str, name: &str, level: u8, size: u32| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
             <w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"160\" w:after=\"80\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
             <w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>"
        )
    };
    format!(
        "{XML}<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"DejaVu Sans Condensed\" w:hAnsi=\"DejaVu Sans Condensed\" w:eastAsia=\"DejaVu Sans Condensed\" w:cs=\"DejaVu Sans Condensed\"/>\
         <w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/><w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/>\
         </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:spacing w:after=\"60\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val=\"{title}\"/><w:szCs w:val=\"{title}\"/></w:rPr></w:style>\
         {}{}\
         <w:style w:type=\"paragraph\" w:styleId=\"Legend\"><w:name w:val=\"Legend\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"BFBFBF\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"BFBFBF\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"BFBFBF\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"2\" w:color=\"BFBFBF\"/></w:pBdr>\
         <w:spacing w:before=\"120\" w:after=\"120\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>\
         <w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"{}\"/><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs></w:pPr>\
         <w:rPr><w:color w:val=\"595959\"/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Header\"/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"ScorecardTable\"><w:name w:val=\"Scorecard Table\"/><w:basedOn w:val=\"TableNormal\"/>\
         <w:tblPr><w:tblCellMar><w:top w:w=\"20\" w:type=\"dxa\"/><w:bottom w:w=\"20\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
         </w:styles>",
        heading("Heading1", "heading 1", 1, h1),
        heading("Heading2", "heading 2", 2, h2),
        tab_stops(view).0,
        tab_stops(view).1,
    )
}

/// The header's and footer's centre and right tab stops, in twips.
fn tab_stops(view: &DocumentView) -> (u32, u32) {
    let width = match view.paper {
        Paper::A4 => 16838 - 908,
        Paper::A3 => 23811 - 908,
    };
    (width / 2, width)
}

fn settings(view: &DocumentView) -> String {
    format!(
        "{XML}<w:settings xmlns:w=\"{W}\"><w:updateFields w:val=\"true\"/><w:defaultTabStop w:val=\"720\"/>\
         <w:characterSpacingControl w:val=\"doNotCompress\"/><w:themeFontLang w:val=\"{}\"/><w:compat>\
         <w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
         </w:compat></w:settings>",
        escape(&view.report.language_tag)
    )
}

/// The protective marking, bold, as the PDF boxes it.
fn marking(view: &DocumentView) -> String {
    view.report
        .protective_marking
        .as_deref()
        .map(|m| {
            run(
                m,
                Look {
                    bold: true,
                    ..Look::default()
                },
            )
        })
        .unwrap_or_default()
}

const TAB: &str = "<w:r><w:tab/></w:r>";

/// As the PDF's: organisation and title, the marking, the month.
fn header(view: &DocumentView) -> String {
    let r = &view.report;
    let line = format!(
        "{}{TAB}{}{TAB}{}",
        text(&format!("{} \u{2014} {}", r.organisation, r.title)),
        marking(view),
        text(&r.month_name)
    );
    format!(
        "{XML}<w:hdr {}>{}</w:hdr>",
        namespaces(),
        paragraph(
            Para {
                style: Some("Header"),
                ..Para::default()
            },
            &line
        )
    )
}

/// As the PDF's: title and month, the marking, "Page N of M".
fn footer(view: &DocumentView) -> String {
    let r = &view.report;
    let w = view.words;
    let line = format!(
        "{}{TAB}{}{TAB}{}{}{}{}",
        text(&format!("{} \u{2014} {}", r.title, r.month_name)),
        marking(view),
        text(&format!("{} ", w.page)),
        field("PAGE", "1"),
        text(&format!(" {} ", w.of)),
        field("NUMPAGES", "1"),
    );
    format!(
        "{XML}<w:ftr {}>{}</w:ftr>",
        namespaces(),
        paragraph(
            Para {
                style: Some("Footer"),
                ..Para::default()
            },
            &line
        )
    )
}
