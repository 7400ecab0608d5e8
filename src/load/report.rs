//! `report.yaml`: the organisation, title, language, comparators, populations and the
//! settings that shape the figures (steady band, direction-of-travel rule), checked into a
//! [`Report`].

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::location;
use super::{read, Loader};
use crate::diag::Problem;
use crate::fonts::{faces, Coverage, MAX_FONT_BYTES};
use crate::model::{
    describe_number, implausible, is_plausible, Audience, CommentaryPlacement, Comparator, Detail,
    DirectionRule, FontFile, Format, Layout, OptionalColumn, OutcomePlacement, Pack, PackStandards,
    Paper, Population, Report, Suppression, DEFAULT_CURRENCY, DEFAULT_STEADY_BAND_PCT,
    DEFAULT_SUPPRESSION_SYMBOL,
};

/// The language a report is in unless it says otherwise.
pub const DEFAULT_LANGUAGE: &str = "en-GB";

// report.yaml as written. Every struct denies unknown fields so that a typo is an error
// with a suggestion rather than a silently ignored setting.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReport {
    organisation: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    protective_marking: Option<Spanned<String>>,
    #[serde(default)]
    data_as_at: Option<Spanned<String>>,
    #[serde(default)]
    steady_band_pct: Option<Spanned<f64>>,
    #[serde(default)]
    direction_of_travel: Option<DirectionRule>,
    #[serde(default)]
    comparators: Vec<RawComparator>,
    #[serde(default)]
    populations: BTreeMap<String, RawPopulation>,
    #[serde(default)]
    fonts: Vec<Spanned<String>>,
    #[serde(default)]
    packs: Vec<RawPack>,
    #[serde(default)]
    suppression: Option<Spanned<RawSuppression>>,
    #[serde(default)]
    currency: Option<Spanned<String>>,
    #[serde(default)]
    layout: RawLayout,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLayout {
    #[serde(default)]
    outcome: OutcomePlacement,
    #[serde(default)]
    commentary: CommentaryPlacement,
    #[serde(default)]
    hide: Vec<OptionalColumn>,
    #[serde(default)]
    summary: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPack {
    id: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    sections: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    audience: Audience,
    #[serde(default)]
    paper: Option<Paper>,
    #[serde(default)]
    pdf_standard: Option<Spanned<String>>,
    #[serde(default)]
    detail: Option<Detail>,
    #[serde(default)]
    formats: Option<Spanned<Vec<Format>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSuppression {
    below: Spanned<u32>,
    #[serde(default)]
    symbol: Option<Spanned<String>>,
    #[serde(default)]
    round_to: Option<Spanned<u32>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparator {
    id: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    name: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPopulation {
    name: Spanned<String>,
    value: Spanned<f64>,
}

impl Loader {
    pub(super) fn check_report(&mut self, path: &Path, raw: RawReport) -> Option<Report> {
        let errors_before = self.error_count();
        let comparators = self.check_comparators(path, &raw.comparators);
        let populations = self.check_populations(path, &raw.populations);
        let steady_band_pct = self.check_steady_band(path, raw.steady_band_pct.as_ref());
        let data_as_at = self.check_data_as_at(path, raw.data_as_at.as_ref());
        let language = self.check_language(path, raw.language.as_ref());
        let fonts = self.read_fonts(path, &raw.fonts);
        let printed = printed_texts(&raw);
        for (field, at, text) in &printed {
            self.check_controls(path, *at, field, text);
        }
        // A rule that is present but wrong is reported on its own; public packs are not
        // then also told that there is no rule.
        let has_suppression = raw.suppression.is_some();
        let suppression = raw
            .suppression
            .and_then(|s| self.check_suppression(path, s));
        let packs = self.check_packs(path, raw.packs, has_suppression);
        let report_ok = self.error_count() == errors_before;
        if report_ok {
            self.coverage = Some(Coverage::new(&fonts));
            for (field, at, text) in &printed {
                self.check_glyphs(path, *at, field, text);
            }
        }
        report_ok.then_some(Report {
            organisation: raw.organisation.value,
            title: raw.title.value,
            language,
            protective_marking: raw
                .protective_marking
                .map(|m| m.value)
                .filter(|m| !m.trim().is_empty()),
            data_as_at,
            steady_band_pct,
            direction_rule: raw.direction_of_travel.unwrap_or_default(),
            comparators,
            populations,
            fonts,
            packs,
            suppression,
            currency: raw
                .currency
                .map(|c| c.value.trim().to_string())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| DEFAULT_CURRENCY.to_string()),
            layout: Layout {
                outcome: raw.layout.outcome,
                commentary: raw.layout.commentary,
                hide: raw.layout.hide.into_iter().collect(),
                summary: raw.layout.summary.unwrap_or(true),
            },
        })
    }

    /// Comparators, each listed once.
    fn check_comparators(&mut self, path: &Path, raw: &[RawComparator]) -> Vec<Comparator> {
        let mut comparators: Vec<Comparator> = Vec::new();
        for c in raw {
            let (line, column) = location(&c.id);
            if comparators.iter().any(|k| k.id == c.id.value) {
                self.push(
                    Problem::error(path, format!("comparator `{}` is listed twice", c.id.value))
                        .at(line, column)
                        .field("comparators.id")
                        .hint("give each comparator its own id"),
                );
            }
            comparators.push(Comparator {
                id: c.id.value.clone(),
                name: c.name.as_ref().unwrap_or(&c.label).value.clone(),
                label: c.label.value.clone(),
            });
        }
        comparators
    }

    /// Populations, each a plausible number above zero.
    fn check_populations(
        &mut self,
        path: &Path,
        raw: &BTreeMap<String, RawPopulation>,
    ) -> BTreeMap<String, Population> {
        let mut populations = BTreeMap::new();
        for (id, p) in raw {
            let value = p.value.value;
            if !is_positive(value) || !is_plausible(value) {
                let (line, column) = location(&p.value);
                let problem = match implausible(value) {
                    Some((message, hint)) => Problem::error(path, message).hint(hint),
                    None => {
                        Problem::error(path, format!("population must be above zero, not {value}"))
                    }
                };
                self.push(
                    problem
                        .at(line, column)
                        .field(format!("populations.{id}.value")),
                );
            }
            populations.insert(
                id.clone(),
                Population {
                    name: p.name.value.clone(),
                    value,
                },
            );
        }
        populations
    }

    /// The steady band, a percentage from 0 to 99.
    fn check_steady_band(&mut self, path: &Path, raw: Option<&Spanned<f64>>) -> f64 {
        match raw {
            Some(band) if !(0.0..100.0).contains(&band.value) => {
                let (line, column) = location(band);
                self.push(
                    Problem::error(
                        path,
                        format!("{} is not a usable band", describe_number(band.value)),
                    )
                    .at(line, column)
                    .field("steady_band_pct")
                    .hint("give a percentage from 0 to 99, e.g. 5 for ±5%"),
                );
                DEFAULT_STEADY_BAND_PCT
            }
            Some(band) => band.value,
            None => DEFAULT_STEADY_BAND_PCT,
        }
    }

    /// The date the data was extracted, when given.
    fn check_data_as_at(
        &mut self,
        path: &Path,
        raw: Option<&Spanned<String>>,
    ) -> Option<chrono::NaiveDate> {
        let d = raw?;
        match chrono::NaiveDate::parse_from_str(&d.value, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                let (line, column) = location(d);
                self.push(
                    Problem::error(path, format!("`{}` is not a date", d.value))
                        .at(line, column)
                        .field("data_as_at")
                        .hint("write it as YYYY-MM-DD, e.g. 2020-07-10"),
                );
                None
            }
        }
    }

    /// The document's language tag, or the default.
    fn check_language(&mut self, path: &Path, raw: Option<&Spanned<String>>) -> String {
        match raw {
            Some(lang) if !is_language_tag(&lang.value) => {
                let (line, column) = location(lang);
                self.push(
                    Problem::error(path, format!("`{}` is not a language tag", lang.value))
                        .at(line, column)
                        .field("language")
                        .hint("use a BCP 47 tag such as en-GB, cy-GB or sr-Latn-RS"),
                );
                DEFAULT_LANGUAGE.to_string()
            }
            Some(lang) => lang.value.clone(),
            None => DEFAULT_LANGUAGE.to_string(),
        }
    }

    fn check_suppression(
        &mut self,
        path: &Path,
        raw: Spanned<RawSuppression>,
    ) -> Option<Suppression> {
        let RawSuppression {
            below,
            symbol,
            round_to,
        } = raw.value;
        let mut ok = true;
        if below.value < 2 {
            let (line, column) = location(&below);
            self.push(
                Problem::error(path, format!("`below: {}` suppresses nothing", below.value))
                    .at(line, column)
                    .field("suppression.below")
                    .hint("counts from 1 up to `below` are withheld: e.g. 5 (1 to 4) or 8 (1 to 7, the NHS Digital rule)"),
            );
            ok = false;
        }
        if let Some(r) = round_to.as_ref().filter(|r| r.value < 2) {
            let (line, column) = location(r);
            self.push(
                Problem::error(path, format!("`round_to: {}` rounds nothing", r.value))
                    .at(line, column)
                    .field("suppression.round_to")
                    .hint("give the multiple to round to, e.g. 5, or leave it out"),
            );
            ok = false;
        }
        let symbol = match symbol {
            Some(s) if s.value.trim().is_empty() || s.value.chars().any(|c| c.is_ascii_digit()) => {
                let (line, column) = location(&s);
                self.push(
                    Problem::error(path, format!("`{}` cannot mark a withheld figure", s.value))
                        .at(line, column)
                        .field("suppression.symbol")
                        .hint(
                            "use a letter or mark with no digits, e.g. c (the DfE convention) or *",
                        ),
                );
                ok = false;
                String::new()
            }
            Some(s) => s.value.trim().to_string(),
            None => DEFAULT_SUPPRESSION_SYMBOL.to_string(),
        };
        ok.then_some(Suppression {
            below: below.value,
            symbol,
            round_to: round_to.map(|r| r.value),
        })
    }

    /// Each pack checked into the model, every mistake reported; the sections each names
    /// are kept to be checked against indicators.yaml.
    fn check_packs(&mut self, path: &Path, raw: Vec<RawPack>, has_suppression: bool) -> Vec<Pack> {
        let mut packs: Vec<Pack> = Vec::new();
        for pack in raw {
            self.check_pack_id(path, &pack, &packs, has_suppression);
            let standards = pack.pdf_standard.as_ref().and_then(|standard| {
                match crate::standards::parse_standards(&standard.value) {
                    Ok(choice) => Some(PackStandards {
                        written: standard.value.clone(),
                        choice,
                    }),
                    Err(message) => {
                        let (line, column) = location(standard);
                        self.push(
                            Problem::error(path, message.to_string())
                                .at(line, column)
                                .field(format!("packs.{}.pdf_standard", pack.id.value))
                                .hint("for example: pdf_standard: a-2a,ua-1"),
                        );
                        None
                    }
                }
            });
            self.check_pack_lists(path, &pack);
            let sections = pack.sections.map(|ids| {
                ids.into_iter()
                    .map(|id| {
                        self.pack_sections.push((
                            pack.id.value.clone(),
                            location(&id),
                            id.value.clone(),
                        ));
                        id.value
                    })
                    .collect()
            });
            packs.push(Pack {
                id: pack.id.value,
                title: pack.title,
                sections,
                audience: pack.audience,
                paper: pack.paper,
                standards,
                detail: pack.detail,
                formats: pack.formats.map(|f| {
                    let mut formats = f.value;
                    formats.sort();
                    formats.dedup();
                    formats
                }),
            });
        }
        packs
    }

    /// A pack's id is valid and its own, and a public pack has a suppression rule to
    /// withhold small numbers by.
    fn check_pack_id(
        &mut self,
        path: &Path,
        pack: &RawPack,
        earlier: &[Pack],
        has_suppression: bool,
    ) {
        let (line, column) = location(&pack.id);
        if !is_pack_id(&pack.id.value) {
            self.push(
                Problem::error(path, format!("`{}` is not a valid pack id", pack.id.value))
                    .at(line, column)
                    .field("packs.id")
                    .hint("pack ids become part of file names: use lower-case letters, digits and '-'"),
            );
        }
        if earlier.iter().any(|p| p.id == pack.id.value) {
            self.push(
                Problem::error(path, format!("pack `{}` is listed twice", pack.id.value))
                    .at(line, column)
                    .field("packs.id")
                    .hint("give each pack its own id"),
            );
        }
        if pack.audience == Audience::Public && !has_suppression {
            self.push(
                Problem::error(path, format!("pack `{}` is public, and report.yaml has no `suppression:` rule", pack.id.value))
                    .at(line, column)
                    .field("packs.audience")
                    .hint("add e.g. `suppression: {below: 5}` so small counts are withheld from the public version"),
            );
        }
    }

    /// A pack's `formats:` and `sections:`, when given, list something.
    fn check_pack_lists(&mut self, path: &Path, pack: &RawPack) {
        if let Some(formats) = pack.formats.as_ref().filter(|f| f.value.is_empty()) {
            let (line, column) = location(formats);
            self.push(
                Problem::error(path, format!("pack `{}` lists no formats", pack.id.value))
                    .at(line, column)
                    .field(format!("packs.{}.formats", pack.id.value))
                    .hint(
                        "write `formats: [pdf, html]`, or leave out `formats:` to follow --format",
                    ),
            );
        }
        if pack.sections.as_ref().is_some_and(Vec::is_empty) {
            let (line, column) = location(&pack.id);
            self.push(
                Problem::error(path, format!("pack `{}` lists no sections", pack.id.value))
                    .at(line, column)
                    .field(format!("packs.{}.sections", pack.id.value))
                    .hint(
                        "list the section ids it shows, or leave out `sections:` for every section",
                    ),
            );
        }
    }

    /// Reads the font files report.yaml names, relative to the data folder.
    fn read_fonts(&mut self, report: &Path, names: &[Spanned<String>]) -> Vec<FontFile> {
        let root = report.parent().unwrap_or(Path::new("."));
        let mut fonts = Vec::new();
        for name in names {
            let (line, column) = location(name);
            let font_path = root.join(&name.value);
            let problem = |message: String| {
                Problem::error(report, message)
                    .at(line, column)
                    .field("fonts")
            };
            match read::read_binary(&font_path, MAX_FONT_BYTES) {
                Ok(bytes) if faces(&bytes).is_empty() => self.push(
                    problem(format!("{} is not a font file", font_path.display()))
                        .hint("give a TrueType or OpenType file (.ttf, .otf or .ttc)"),
                ),
                Ok(bytes) => fonts.push(FontFile {
                    name: name.value.clone(),
                    bytes,
                }),
                Err(reason) => self.push(
                    problem(format!("cannot read the font {}: {reason}", font_path.display()))
                        .hint("font paths are relative to the data folder, e.g. fonts/NotoSans-Regular.ttf"),
                ),
            }
        }
        fonts
    }
}

/// Every text of report.yaml that reaches the page: its field, where it was written, and
/// the text.
fn printed_texts(raw: &RawReport) -> Vec<(String, (u64, u64), String)> {
    let spanned = |field: &str, text: &Spanned<String>| {
        (field.to_string(), location(text), text.value.clone())
    };
    let mut texts = vec![
        spanned("organisation", &raw.organisation),
        spanned("title", &raw.title),
    ];
    texts.extend(
        raw.protective_marking
            .iter()
            .map(|m| spanned("protective_marking", m)),
    );
    texts.extend(raw.currency.iter().map(|c| spanned("currency", c)));
    for c in &raw.comparators {
        texts.push(spanned("comparators.label", &c.label));
        texts.push(spanned(
            "comparators.name",
            c.name.as_ref().unwrap_or(&c.label),
        ));
    }
    for (id, p) in &raw.populations {
        texts.push(spanned(&format!("populations.{id}.name"), &p.name));
    }
    for pack in &raw.packs {
        if let Some(title) = &pack.title {
            let field = format!("packs.{}.title", pack.id.value);
            texts.push((field, location(&pack.id), title.clone()));
        }
    }
    if let Some(symbol) = raw
        .suppression
        .as_ref()
        .and_then(|s| s.value.symbol.as_ref())
    {
        texts.push(spanned("suppression.symbol", symbol));
    }
    texts
}

/// True for an id that is safe in a file name: lower-case letters, digits and '-'.
fn is_pack_id(id: &str) -> bool {
    id.chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// True for a finite number above zero (NaN is not).
pub(super) fn is_positive(x: f64) -> bool {
    x.is_finite() && x.partial_cmp(&0.0) == Some(std::cmp::Ordering::Greater)
}

/// True for a BCP 47 tag typst and PDF readers understand: a language (2 or 3 letters),
/// then optionally a script (4 letters, e.g. `Latn`), a region (2 letters or 3 digits) and
/// variants.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-').peekable();
    let alpha = |p: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
    };
    if !parts.next().is_some_and(|p| alpha(p, 2..=3)) {
        return false;
    }
    if parts.peek().is_some_and(|p| alpha(p, 4..=4)) {
        parts.next();
    }
    if parts
        .peek()
        .is_some_and(|p| alpha(p, 2..=2) || (p.len() == 3 && p.chars().all(|c| c.is_ascii_digit())))
    {
        parts.next();
    }
    parts.all(|p| (4..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_may_carry_a_script_and_a_region() {
        for good in [
            "en",
            "en-GB",
            "cy-GB",
            "sr-Latn-RS",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "e", "english", "en_GB", "en-", "en-GB-x", "12-GB"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn a_report_is_checked_whole() {
        let mut loader = Loader::default();
        let path = Path::new("report.yaml");
        let raw: RawReport = super::super::yaml::parse(
            path,
            "organisation: A\ntitle: B\nsteady_band_pct: 150\nlanguage: english\n\
             comparators:\n  - {id: sn, label: SN}\n  - {id: sn, label: SN2}\n\
             populations:\n  children: {name: Children, value: 0}\n",
        )
        .unwrap();
        assert!(loader.check_report(path, raw).is_none());
        let fields: Vec<_> = loader
            .problems
            .iter()
            .map(|p| p.field.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            fields,
            [
                "comparators.id",
                "populations.children.value",
                "steady_band_pct",
                "language"
            ]
        );
    }
}
