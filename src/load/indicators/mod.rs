//! `indicators.yaml`: sections of indicators, each checked on its own so that every
//! indicator's mistakes are reported in one run. The file is parsed twice: a loose pass
//! reads its shape and where each indicator starts, then each indicator's block is parsed
//! strictly on its own and its positions moved to its original lines (see `relocate`).

mod fields;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::formulas::{FormulaSites, RawFormula};
use super::relocate::Relocate;
use super::yaml::{self, location};
use super::Loader;
use crate::diag::Problem;
use crate::model::{Indicator, Polarity, Report, Scale, Section};

pub(super) struct RawIndicatorsFile {
    sections: Vec<RawSection>,
}

pub(super) struct RawSection {
    id: Spanned<String>,
    title: String,
    owner: Option<Spanned<String>>,
    indicators: Vec<RawIndicator>,
}

/// indicators.yaml with each indicator left unparsed but located.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LooseIndicatorsFile {
    sections: Vec<LooseSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LooseSection {
    id: Spanned<String>,
    title: String,
    /// The default owner of the section's indicators (see distribution.yaml's `owners`).
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    indicators: Vec<Spanned<LooseIndicator>>,
}

/// Only an indicator's id; every other key is left for the strict pass.
#[derive(Deserialize)]
pub(super) struct LooseIndicator {
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
pub(super) enum RawUnit {
    Count,
    Percentage,
    Rate,
    Money,
    Number,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    id: Spanned<String>,
    #[serde(rename = "ref")]
    reference: Option<Spanned<String>>,
    title: Spanned<String>,
    #[serde(default)]
    outcome: Option<Spanned<String>>,
    unit: Spanned<RawUnit>,
    #[serde(default)]
    per: Option<Spanned<f64>>,
    #[serde(default)]
    scale: Option<Spanned<Scale>>,
    #[serde(default)]
    suffix: Option<Spanned<String>>,
    #[serde(default)]
    negative: Option<Spanned<bool>>,
    polarity: Polarity,
    #[serde(default)]
    decimals: Option<Spanned<u8>>,
    #[serde(default)]
    benchmarks: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    target: Option<Spanned<RawSchedule>>,
    #[serde(default)]
    floor: Option<Spanned<RawSchedule>>,
    #[serde(default)]
    formula: Option<Spanned<RawFormula>>,
    #[serde(default)]
    spc: Option<RawSpc>,
    #[serde(default)]
    events: Vec<RawEvent>,
    #[serde(default)]
    change: Option<Spanned<RawChange>>,
    /// Who writes its commentary, when not the section's owner.
    #[serde(default)]
    owner: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvent {
    month: Spanned<String>,
    text: Spanned<String>,
}

/// `change: percent` (the default) or `change: points`.
#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(super) enum RawChange {
    Percent,
    Points,
}

/// A month the SPC limits restart from, with or without the reason.
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawRecalculation {
    Month(String),
    WithReason {
        month: String,
        #[serde(default)]
        reason: Option<String>,
    },
}

/// A number, or steps that each start in a month (targets are often reset each April).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawSchedule {
    Constant(f64),
    Steps(Vec<RawStep>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStep {
    from: Spanned<String>,
    value: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpc {
    #[serde(default)]
    baseline: Option<Spanned<usize>>,
    #[serde(default)]
    recalculate_at: Vec<Spanned<RawRecalculation>>,
}

impl Loader {
    /// Parses indicators.yaml in two passes so that every indicator's mistakes are
    /// reported, not just the first in the file: a loose pass checks the file's shape and
    /// finds where each indicator starts, then each indicator's block is parsed strictly on
    /// its own, at its original line and column.
    pub(super) fn parse_indicators(
        &mut self,
        root: &Path,
        path: &Path,
    ) -> Option<RawIndicatorsFile> {
        let text = self.read_text(root, path)?;
        let loose: LooseIndicatorsFile = match yaml::parse(path, &text) {
            Ok(value) => value,
            Err(problem) => {
                self.push(*problem);
                return None;
            }
        };
        let lines: Vec<&str> = text.lines().collect();
        let mut sections = Vec::new();
        for section in loose.sections {
            let mut indicators = Vec::new();
            for block in &section.indicators {
                let (line, column) = location(block);
                let source = indicator_block(&lines, line as usize, column as usize);
                // The block's first line is its line 1.
                let above = line.saturating_sub(1);
                match yaml::parse::<RawIndicator>(path, &source) {
                    Ok(mut indicator) => {
                        indicator.move_down(above);
                        indicators.push(indicator);
                    }
                    Err(mut problem) => {
                        problem.move_down(above);
                        self.push(*problem);
                        // Known to exist, so formulas and month files naming it are not
                        // reported as naming an unknown indicator.
                        if let Some(id) = &block.value.id {
                            self.unparsed_ids.insert(id.clone());
                        }
                    }
                }
            }
            sections.push(RawSection {
                id: section.id,
                title: section.title,
                owner: section.owner,
                indicators,
            });
        }
        Some(RawIndicatorsFile { sections })
    }

    pub(super) fn check_indicators(
        &mut self,
        path: &Path,
        raw: RawIndicatorsFile,
        report: Option<&Report>,
    ) -> Vec<Section> {
        // A formula may name an indicator defined further down the file.
        self.defined_ids = raw
            .sections
            .iter()
            .flat_map(|s| &s.indicators)
            .map(|i| i.id.value.clone())
            .chain(self.unparsed_ids.iter().cloned())
            .collect();
        let mut sections: Vec<Section> = Vec::new();
        let mut seen_ids: BTreeMap<String, u64> = BTreeMap::new();
        let mut formula_sites: BTreeMap<String, FormulaSites> = BTreeMap::new();
        for raw_section in raw.sections {
            self.check_section_head(path, &raw_section, &sections);
            let mut indicators = Vec::new();
            for raw_indicator in raw_section.indicators {
                self.check_unique_id(path, &raw_indicator.id, &mut seen_ids);
                self.check_indicator_texts(path, &raw_indicator);
                let id = raw_indicator.id.value.clone();
                let (mut indicator, sites) = self.check_indicator(path, raw_indicator, report);
                if indicator.owner.is_none() {
                    indicator.owner = raw_section.owner.as_ref().map(|o| o.value.clone());
                }
                if let Some(sites) = sites {
                    formula_sites.insert(id, sites);
                }
                indicators.push(indicator);
            }
            sections.push(Section {
                id: raw_section.id.value,
                title: raw_section.title,
                owner: raw_section.owner.map(|o| o.value),
                indicators,
            });
        }
        self.check_formulas(path, &sections, &formula_sites);
        sections
    }

    /// A section's id is valid and its own, and its title can be printed.
    fn check_section_head(&mut self, path: &Path, raw: &RawSection, earlier: &[Section]) {
        let (line, column) = location(&raw.id);
        self.check_id(path, &raw.id, "sections.id");
        if earlier.iter().any(|s| s.id == raw.id.value) {
            self.push(
                Problem::error(path, format!("section id `{}` is used twice", raw.id.value))
                    .at(line, column)
                    .field("sections.id")
                    .hint("give each section its own id"),
            );
        }
        let field = format!("sections.{}.title", raw.id.value);
        self.check_printed(path, (line, column), &field, &raw.title);
    }

    /// An indicator's id is valid and used once across all sections.
    fn check_unique_id(
        &mut self,
        path: &Path,
        id: &Spanned<String>,
        seen: &mut BTreeMap<String, u64>,
    ) {
        let (line, column) = location(id);
        self.check_id(path, id, "indicators.id");
        if crate::expr::reads_as_number(&id.value) {
            self.push(
                Problem::error(
                    path,
                    format!(
                        "the id `{}` is a number, so a formula would read it as one",
                        id.value
                    ),
                )
                .at(line, column)
                .field("indicators.id")
                .hint(format!(
                    "give the indicator an id with a letter in it, e.g. `i{}` or `{}-contacts`",
                    id.value, id.value
                )),
            );
        }
        if let Some(first) = seen.get(&id.value) {
            self.push(
                Problem::error(path, format!("indicator id `{}` is used twice", id.value))
                    .at(line, column)
                    .field("indicators.id")
                    .hint(format!(
                        "the first use is on line {first}; ids must be unique across all sections"
                    )),
            );
        } else {
            seen.insert(id.value.clone(), line);
        }
    }

    /// Every text of an indicator that reaches the page can be printed.
    fn check_indicator_texts(&mut self, path: &Path, raw: &RawIndicator) {
        let id = &raw.id.value;
        let at = location(&raw.id);
        let spanned = |name: &'static str, text: Option<&Spanned<String>>| {
            text.map(|t| (name, location(t), t.value.clone()))
        };
        let mut printed: Vec<(&str, (u64, u64), String)> = [
            spanned("ref", raw.reference.as_ref()),
            spanned("title", Some(&raw.title)),
            spanned("outcome", raw.outcome.as_ref()),
            spanned("suffix", raw.suffix.as_ref()),
        ]
        .into_iter()
        .flatten()
        .collect();
        for event in &raw.events {
            printed.push((
                "events.text",
                location(&event.text),
                event.text.value.clone(),
            ));
        }
        for recalculation in raw.spc.iter().flat_map(|s| &s.recalculate_at) {
            if let RawRecalculation::WithReason {
                reason: Some(reason),
                ..
            } = &recalculation.value
            {
                printed.push((
                    "spc.recalculate_at.reason",
                    location(recalculation),
                    reason.clone(),
                ));
            }
        }
        for (name, place, text) in printed {
            let place = if place.0 == 0 { at } else { place };
            self.check_printed(path, place, &format!("{id}.{name}"), &text);
        }
    }

    fn check_id(&mut self, path: &Path, id: &Spanned<String>, field: &str) {
        let valid = id
            .value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && id
                .value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            let (line, column) = location(id);
            self.push(
                Problem::error(path, format!("`{}` is not a valid id", id.value))
                    .at(line, column)
                    .field(field)
                    .hint("use lower-case letters, digits, '-' and '_', starting with a letter or digit"),
            );
        }
    }

    /// One indicator checked into the model, with where its formula was written; every
    /// mistake is reported, and the indicator is kept so later checks can name it.
    fn check_indicator(
        &mut self,
        path: &Path,
        raw: RawIndicator,
        report: Option<&Report>,
    ) -> (Indicator, Option<FormulaSites>) {
        let id = raw.id.value.clone();
        let at = location(&raw.id);
        let unit = self.check_unit(path, &raw, report, at);
        let decimals = self.check_decimals(path, &id, raw.decimals);
        self.check_benchmarks(path, &id, &raw.benchmarks, report);
        let change = self.check_change(path, &id, &unit, raw.change);
        let (formula, sites) = match raw
            .formula
            .and_then(|f| self.check_formula(path, &id, &unit, f, report))
        {
            Some((formula, sites)) => (Some(formula), Some(sites)),
            None => (None, None),
        };
        let target = self.check_schedule(path, raw.target, format!("{id}.target"));
        let floor = self.check_schedule(path, raw.floor, format!("{id}.floor"));
        if !floor.is_empty() && target.is_empty() {
            self.push(
                Problem::error(path, "a floor needs a target")
                    .at(at.0, at.1)
                    .field(format!("{id}.floor"))
                    .hint("RAG compares each month with the target and the floor; add `target:`, or remove `floor:`"),
            );
        }
        let mut events = self.check_events(path, &id, &raw.events);
        let spc = self.check_spc(path, &id, raw.spc, &mut events);
        events.sort_by_key(|e| e.month);
        let indicator = Indicator {
            reference: raw.reference.map(|r| r.value).unwrap_or_default(),
            id,
            title: raw.title.value,
            outcome: raw.outcome.map(|o| o.value).unwrap_or_default(),
            unit,
            polarity: raw.polarity,
            decimals,
            benchmarks: raw
                .benchmarks
                .into_iter()
                .map(|(k, v)| (k, v.value))
                .collect(),
            target,
            floor,
            formula,
            change,
            spc,
            events,
            owner: raw.owner.map(|o| o.value),
        };
        (indicator, sites)
    }
}

/// The YAML of one indicator, cut from the file so that it parses on its own with its
/// original columns: the `- ` that opens the sequence item becomes spaces, and the block
/// ends at the first line indented less than its keys. Its lines are numbered from 1, so
/// positions read from it are moved down by the lines above it (`line - 1`; see
/// [`Relocate`]). `line` and `column` are 1-based, where the indicator's mapping starts.
pub(super) fn indicator_block(lines: &[&str], line: usize, column: usize) -> String {
    let indent = column.saturating_sub(1);
    let mut out = String::new();
    for (i, text) in lines.iter().enumerate().skip(line.saturating_sub(1)) {
        if i + 1 == line {
            let prefix: String = text
                .chars()
                .take(indent)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&prefix);
            out.extend(text.chars().skip(indent));
        } else {
            let trimmed = text.trim_start();
            let blank = trimmed.is_empty() || trimmed.starts_with('#');
            if !blank && text.len() - trimmed.len() < indent {
                break;
            }
            out.push_str(text);
        }
        out.push('\n');
    }
    out
}

impl Relocate for RawIndicator {
    fn move_down(&mut self, lines: u64) {
        // Named one by one, so that a new field must be placed here too.
        let RawIndicator {
            id,
            reference,
            title,
            outcome,
            unit,
            per,
            scale,
            suffix,
            negative,
            polarity,
            decimals,
            benchmarks,
            target,
            floor,
            formula,
            spc,
            events,
            change,
            owner,
        } = self;
        id.move_down(lines);
        reference.move_down(lines);
        title.move_down(lines);
        outcome.move_down(lines);
        unit.move_down(lines);
        per.move_down(lines);
        scale.move_down(lines);
        suffix.move_down(lines);
        negative.move_down(lines);
        polarity.move_down(lines);
        decimals.move_down(lines);
        benchmarks.move_down(lines);
        target.move_down(lines);
        floor.move_down(lines);
        formula.move_down(lines);
        spc.move_down(lines);
        events.move_down(lines);
        change.move_down(lines);
        owner.move_down(lines);
    }
}

impl Relocate for RawEvent {
    fn move_down(&mut self, lines: u64) {
        let RawEvent { month, text } = self;
        month.move_down(lines);
        text.move_down(lines);
    }
}

impl Relocate for RawSchedule {
    fn move_down(&mut self, lines: u64) {
        match self {
            RawSchedule::Constant(_) => {}
            RawSchedule::Steps(steps) => steps.move_down(lines),
        }
    }
}

impl Relocate for RawStep {
    fn move_down(&mut self, lines: u64) {
        let RawStep { from, value: _ } = self;
        from.move_down(lines);
    }
}

impl Relocate for RawSpc {
    fn move_down(&mut self, lines: u64) {
        let RawSpc {
            baseline,
            recalculate_at,
        } = self;
        baseline.move_down(lines);
        recalculate_at.move_down(lines);
    }
}

/// Its month and reason are plain values, located by the `Spanned` around it.
impl Relocate for RawRecalculation {
    fn move_down(&mut self, _lines: u64) {}
}

impl Relocate for RawUnit {
    fn move_down(&mut self, _lines: u64) {}
}

impl Relocate for RawChange {
    fn move_down(&mut self, _lines: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_BAD_INDICATORS: &str = "sections:\n  - id: one\n    title: One\n    indicators:\n      - id: a\n        title: A\n        unit: count\n        polarty: up\n      - id: b\n        title: B\n        unit: percentage\n        polarity: up\n        decimals: 9\n      - id: c\n        title: C\n        unit: count\n        polarity: down\n";

    #[test]
    fn a_block_is_cut_from_its_first_line_to_the_next_indicator() {
        let lines: Vec<&str> = TWO_BAD_INDICATORS.lines().collect();
        let block = indicator_block(&lines, 9, 9);
        assert_eq!(block.lines().count(), 5, "ends before the next indicator");
        assert_eq!(block.lines().next(), Some("        id: b"));
    }

    /// The problems found in `text` as indicators.yaml, as (line, column, field).
    fn located_problems(name: &str, text: &str) -> Vec<(Option<u64>, Option<u64>, Option<String>)> {
        let dir = std::env::temp_dir().join(format!("scorecard-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("indicators.yaml");
        std::fs::write(&path, text).unwrap();
        let mut loader = Loader::default();
        if let Some(raw) = loader.parse_indicators(&dir, &path) {
            loader.check_indicators(&path, raw, None);
        }
        std::fs::remove_dir_all(&dir).unwrap();
        loader
            .problems
            .iter()
            .map(|p| (p.line, p.column, p.field.clone()))
            .collect()
    }

    #[test]
    fn an_error_in_the_third_indicator_names_its_line_and_column_in_the_file() {
        let text = "# Indicators\n\nsections:\n  - id: one\n    title: One\n    indicators:\n      - id: a\n        title: A\n        unit: count\n        polarity: up\n\n      # the second\n      - id: b\n        title: B\n        unit: count\n        polarity: up\n  - id: two\n    title: Two\n    indicators:\n      - id: c\n        title: C\n        unit: percentage\n        polarity: up\n        events:\n          - month: 2021-4\n            text: New system\n        decimals: two\n";
        // A parser's error: line 27 is `        decimals: two`, `two` at column 19.
        assert_eq!(
            located_problems("third", text),
            [(Some(27), Some(19), Some("decimals".to_string()))],
        );
        // The model's errors, from positions in the value parsed from the block: line 25
        // is `          - month: 2021-4`, the month at column 20.
        let text = text.replace("decimals: two", "decimals: 9");
        assert_eq!(
            located_problems("third-model", &text),
            [
                (Some(27), Some(19), Some("c.decimals".to_string())),
                (Some(25), Some(20), Some("c.events.month".to_string())),
            ]
        );
    }

    #[test]
    fn every_indicator_is_checked_even_after_an_error() {
        let dir = std::env::temp_dir().join(format!("scorecard-ind-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("indicators.yaml");
        std::fs::write(&path, TWO_BAD_INDICATORS).unwrap();
        let mut loader = Loader::default();
        let raw = loader.parse_indicators(&dir, &path).unwrap();
        let sections = loader.check_indicators(&path, raw, None);
        let found: Vec<(Option<u64>, Option<String>)> = loader
            .problems
            .iter()
            .map(|p| (p.line, p.field.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (Some(8), Some("polarty".to_string())),
                (Some(13), Some("b.decimals".to_string()))
            ]
        );
        let ids: Vec<&str> = sections[0]
            .indicators
            .iter()
            .map(|i| i.id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["b", "c"],
            "the unparsable `a` is left out, the rest kept"
        );
        assert!(loader.unparsed_ids.contains("a"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
