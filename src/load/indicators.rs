//! `indicators.yaml`: sections of indicators, each checked on its own so that every
//! indicator's mistakes are reported in one run. The file is parsed twice: a loose pass
//! reads its shape and where each indicator starts, then each indicator's block is parsed
//! strictly at its original line and column.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::formulas::FormulaSites;
use super::report::is_positive;
use super::yaml::{self, location};
use super::Loader;
use crate::diag::{did_you_mean, Problem};
use crate::model::{
    Event, Formula, Indicator, Polarity, Report, Scale, Schedule, Section, SpcConfig, Unit,
    YearMonth, DEFAULT_CURRENCY, DEFAULT_PER, MAX_DECIMALS,
};

pub(super) struct RawIndicatorsFile {
    sections: Vec<RawSection>,
}

pub(super) struct RawSection {
    id: Spanned<String>,
    title: String,
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
    reference: Option<String>,
    title: String,
    #[serde(default)]
    outcome: String,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEvent {
    month: Spanned<String>,
    text: String,
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
pub(super) struct RawFormula {
    numerator: Spanned<String>,
    #[serde(default)]
    denominator: Option<Spanned<String>>,
    #[serde(default)]
    population: Option<Spanned<String>>,
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
                match yaml::parse::<RawIndicator>(path, &source) {
                    Ok(indicator) => indicators.push(indicator),
                    Err(problem) => {
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
        let mut sections: Vec<Section> = Vec::new();
        let mut seen_ids: BTreeMap<String, u64> = BTreeMap::new();
        let mut formula_sites: BTreeMap<String, FormulaSites> = BTreeMap::new();
        for raw_section in raw.sections {
            let (line, column) = location(&raw_section.id);
            self.check_id(path, &raw_section.id, "sections.id");
            if sections.iter().any(|s| s.id == raw_section.id.value) {
                self.push(
                    Problem::error(
                        path,
                        format!("section id `{}` is used twice", raw_section.id.value),
                    )
                    .at(line, column)
                    .field("sections.id")
                    .hint("give each section its own id"),
                );
            }
            let field = format!("sections.{}.title", raw_section.id.value);
            self.check_glyphs(path, (line, column), &field, &raw_section.title);
            let mut indicators = Vec::new();
            for raw_indicator in raw_section.indicators {
                let id = &raw_indicator.id;
                let (line, column) = location(id);
                self.check_id(path, id, "indicators.id");
                if let Some(first) = seen_ids.get(&id.value) {
                    self.push(
                        Problem::error(path, format!("indicator id `{}` is used twice", id.value))
                            .at(line, column)
                            .field("indicators.id")
                            .hint(format!("the first use is on line {first}; ids must be unique across all sections")),
                    );
                } else {
                    seen_ids.insert(id.value.clone(), line);
                }
                let printed = [
                    (
                        "ref",
                        raw_indicator.reference.as_deref().unwrap_or_default(),
                    ),
                    ("title", raw_indicator.title.as_str()),
                    ("outcome", raw_indicator.outcome.as_str()),
                ];
                for (name, text) in printed {
                    let field = format!("{}.{name}", id.value);
                    self.check_glyphs(path, (line, column), &field, text);
                }
                for event in &raw_indicator.events {
                    let field = format!("{}.events.text", id.value);
                    self.check_glyphs(path, location(&event.month), &field, &event.text);
                }
                for recalculation in raw_indicator.spc.iter().flat_map(|s| &s.recalculate_at) {
                    if let RawRecalculation::WithReason {
                        reason: Some(reason),
                        ..
                    } = &recalculation.value
                    {
                        let field = format!("{}.spc.recalculate_at.reason", id.value);
                        self.check_glyphs(path, location(recalculation), &field, reason);
                    }
                }
                if let Some(formula) = &raw_indicator.formula {
                    let f = &formula.value;
                    let mut inputs = vec![(f.numerator.value.clone(), location(&f.numerator))];
                    if let Some(d) = &f.denominator {
                        inputs.push((d.value.clone(), location(d)));
                    }
                    formula_sites.insert(
                        id.value.clone(),
                        FormulaSites {
                            formula: location(formula),
                            inputs,
                        },
                    );
                }
                if let Some(indicator) = self.check_indicator(path, raw_indicator, report) {
                    indicators.push(indicator);
                }
            }
            sections.push(Section {
                id: raw_section.id.value,
                title: raw_section.title,
                indicators,
            });
        }
        self.check_formulas(path, &sections, &formula_sites);
        sections
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

    /// The indicator's unit, with each setting that belongs to another unit refused.
    fn check_unit(
        &mut self,
        path: &Path,
        raw: &RawIndicator,
        report: Option<&Report>,
        at: (u64, u64),
    ) -> Unit {
        let id = &raw.id.value;
        let kind = raw.unit.value;
        let misplaced = [
            (
                "per",
                raw.per.as_ref().map(location),
                matches!(kind, RawUnit::Rate),
                "rates (`unit: rate`)",
            ),
            (
                "scale",
                raw.scale.as_ref().map(location),
                matches!(kind, RawUnit::Money),
                "money (`unit: money`)",
            ),
            (
                "suffix",
                raw.suffix.as_ref().map(location),
                matches!(kind, RawUnit::Number),
                "numbers (`unit: number`)",
            ),
            (
                "negative",
                raw.negative.as_ref().map(location),
                matches!(kind, RawUnit::Number),
                "numbers (`unit: number`); money may always be negative",
            ),
        ];
        for (name, place, fits, belongs) in misplaced {
            if let (Some((l, c)), false) = (place, fits) {
                self.push(
                    Problem::error(path, format!("`{name}` applies only to {belongs}"))
                        .at(l, c)
                        .field(format!("{id}.{name}"))
                        .hint(format!("remove `{name}`, or change the unit")),
                );
            }
        }
        match kind {
            RawUnit::Count => Unit::Count,
            RawUnit::Percentage => Unit::Percentage,
            RawUnit::Rate => {
                let per_value = raw.per.as_ref().map_or(DEFAULT_PER, |p| p.value);
                if !is_positive(per_value) {
                    let (l, c) = raw.per.as_ref().map_or(at, location);
                    self.push(
                        Problem::error(path, format!("`per` must be above zero, not {per_value}"))
                            .at(l, c)
                            .field(format!("{id}.per"))
                            .hint("for a rate per 10,000 write `per: 10000`"),
                    );
                }
                Unit::Rate { per: per_value }
            }
            RawUnit::Money => Unit::Money {
                currency: report.map_or(DEFAULT_CURRENCY.to_string(), |r| r.currency.clone()),
                scale: raw.scale.as_ref().map(|s| s.value).unwrap_or_default(),
            },
            RawUnit::Number => Unit::Number {
                suffix: raw
                    .suffix
                    .as_ref()
                    .map(|s| s.value.trim().to_string())
                    .filter(|s| !s.is_empty()),
                negative: raw.negative.as_ref().is_some_and(|n| n.value),
            },
        }
    }

    /// A target or floor as a schedule; months must be real and in order.
    fn check_schedule(
        &mut self,
        path: &Path,
        raw: Option<Spanned<RawSchedule>>,
        field: String,
    ) -> Schedule {
        let Some(raw) = raw else {
            return Schedule::default();
        };
        let steps = match raw.value {
            RawSchedule::Constant(value) => return Schedule::constant(value),
            RawSchedule::Steps(steps) => steps,
        };
        let mut schedule = Schedule::default();
        for step in steps {
            let (line, column) = location(&step.from);
            match step.from.value.parse::<YearMonth>() {
                Ok(month)
                    if schedule
                        .steps
                        .last()
                        .is_some_and(|(m, _)| *m >= Some(month)) =>
                {
                    self.push(
                        Problem::error(path, format!("`{month}` is not after the step before it"))
                            .at(line, column)
                            .field(field.clone())
                            .hint("list the steps in calendar order, each from a later month"),
                    );
                }
                Ok(month) => schedule.steps.push((Some(month), step.value)),
                Err(()) => self.push(
                    Problem::error(path, format!("`{}` is not a month", step.from.value))
                        .at(line, column)
                        .field(field.clone())
                        .hint("write months as YYYY-MM, e.g. 2020-04"),
                ),
            }
        }
        schedule
    }

    fn check_indicator(
        &mut self,
        path: &Path,
        raw: RawIndicator,
        report: Option<&Report>,
    ) -> Option<Indicator> {
        let id = raw.id.value.clone();
        let (line, column) = location(&raw.id);
        let field = |name: &str| format!("{id}.{name}");
        let unit = self.check_unit(path, &raw, report, (line, column));
        let decimals = match raw.decimals {
            Some(d) if d.value > MAX_DECIMALS => {
                let (l, c) = location(&d);
                self.push(
                    Problem::error(
                        path,
                        format!("{} decimals is more than a scorecard can show", d.value),
                    )
                    .at(l, c)
                    .field(field("decimals"))
                    .hint("use 0 to 4"),
                );
                0
            }
            Some(d) => d.value,
            None => 0,
        };
        if let Some(report) = report {
            for (comparator, value) in &raw.benchmarks {
                if !report.comparators.iter().any(|c| &c.id == comparator) {
                    let (l, c) = location(value);
                    let mut problem = Problem::error(
                        path,
                        format!("benchmark for unknown comparator `{comparator}`"),
                    )
                    .at(l, c)
                    .field(field("benchmarks"));
                    problem = problem.hint(
                        did_you_mean(comparator, report.comparators.iter().map(|c| c.id.as_str()))
                            .unwrap_or_else(|| "comparators are listed in report.yaml".to_string()),
                    );
                    self.push(problem);
                }
            }
        }
        let formula = raw.formula.and_then(|f| {
            let (fl, fc) = location(&f);
            let RawFormula {
                numerator,
                denominator,
                population,
            } = f.value;
            match (&unit, denominator, population) {
                (Unit::Percentage, Some(den), None) => Some(Formula::Ratio {
                    numerator: numerator.value,
                    denominator: den.value,
                }),
                (Unit::Rate { .. }, None, Some(pop)) => {
                    if let Some(report) = report {
                        if !report.populations.contains_key(&pop.value) {
                            let (l, c) = location(&pop);
                            let known: Vec<&str> = report.populations.keys().map(String::as_str).collect();
                            self.push(
                                Problem::error(path, format!("unknown population `{}`", pop.value))
                                    .at(l, c)
                                    .field(field("formula.population"))
                                    .hint(did_you_mean(&pop.value, known.iter().copied()).unwrap_or_else(|| format!(
                                            "populations are defined in report.yaml; known: {}",
                                            if known.is_empty() { "none".to_string() } else { known.join(", ") }
                                        ))),
                            );
                        }
                    }
                    Some(Formula::Rate {
                        numerator: numerator.value,
                        population: pop.value,
                    })
                }
                (unit, den, pop) => {
                    let hint = match unit {
                        Unit::Percentage => "a percentage formula takes `numerator` and `denominator` (indicator ids)",
                        Unit::Rate { .. } => "a rate formula takes `numerator` (an indicator id) and `population` (from report.yaml)",
                        Unit::Count | Unit::Money { .. } | Unit::Number { .. } => "counts, money and numbers are typed in month files; only percentages and rates can have a formula",
                    };
                    let what = match (den.is_some(), pop.is_some()) {
                        (true, true) => "a formula names either a denominator or a population, not both",
                        _ => "this formula does not fit the indicator's unit",
                    };
                    self.push(Problem::error(path, what).at(fl, fc).field(field("formula")).hint(hint));
                    None
                }
            }
        });
        let target = self.check_schedule(path, raw.target, field("target"));
        let floor = self.check_schedule(path, raw.floor, field("floor"));
        if !floor.is_empty() && target.is_empty() {
            self.push(
                Problem::error(path, "a floor needs a target")
                    .at(line, column)
                    .field(field("floor"))
                    .hint("RAG compares each month with the target and the floor; add `target:`, or remove `floor:`"),
            );
        }
        let mut events = Vec::new();
        for event in &raw.events {
            let (l, c) = location(&event.month);
            match event.month.value.parse::<YearMonth>() {
                Ok(month) if !event.text.trim().is_empty() => events.push(Event {
                    month,
                    text: event.text.trim().to_string(),
                    recalculation: false,
                }),
                Ok(_) => self.push(
                    Problem::error(path, "an event needs some text")
                        .at(l, c)
                        .field(field("events.text"))
                        .hint("say what happened, e.g. `text: new case management system`"),
                ),
                Err(()) => self.push(
                    Problem::error(path, format!("`{}` is not a month", event.month.value))
                        .at(l, c)
                        .field(field("events.month"))
                        .hint("write months as YYYY-MM, e.g. 2020-04"),
                ),
            }
        }
        let spc = match raw.spc {
            None => SpcConfig::default(),
            Some(spc) => {
                if let Some(b) = &spc.baseline {
                    if b.value < 2 {
                        let (l, c) = location(b);
                        self.push(
                            Problem::error(path, "an SPC baseline needs at least 2 months")
                                .at(l, c)
                                .field(field("spc.baseline"))
                                .hint("Making Data Count recommends a baseline of 12 to 20 months"),
                        );
                    }
                }
                let mut recalculate_at = Vec::new();
                for m in &spc.recalculate_at {
                    let (text, reason) = match &m.value {
                        RawRecalculation::Month(text) => (text, None),
                        RawRecalculation::WithReason { month, reason } => (month, reason.as_ref()),
                    };
                    match text.parse::<YearMonth>() {
                        Ok(month) => {
                            recalculate_at.push(month);
                            events.push(Event {
                                month,
                                text: reason.map_or_else(
                                    || "SPC limits recalculated".to_string(),
                                    |r| format!("SPC limits recalculated: {}", r.trim()),
                                ),
                                recalculation: true,
                            });
                        }
                        Err(()) => {
                            let (l, c) = location(m);
                            self.push(
                                Problem::error(path, format!("`{text}` is not a month"))
                                    .at(l, c)
                                    .field(field("spc.recalculate_at"))
                                    .hint("write months as YYYY-MM, e.g. 2020-04, or `{month: 2020-04, reason: ...}`"),
                            );
                        }
                    }
                }
                recalculate_at.sort();
                SpcConfig {
                    baseline: spc.baseline.map(|b| b.value),
                    recalculate_at,
                }
            }
        };
        Some(Indicator {
            reference: raw.reference.unwrap_or_default(),
            id,
            title: raw.title,
            outcome: raw.outcome,
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
            spc,
            events: {
                events.sort_by_key(|e| e.month);
                events
            },
        })
    }
}

/// The YAML of one indicator, cut from the file so that it parses on its own with its
/// original line and column numbers: earlier lines become blank, the `- ` that opens the
/// sequence item becomes spaces, and the block ends at the first line indented less than
/// its keys. `line` and `column` are 1-based, where the indicator's mapping starts.
pub(super) fn indicator_block(lines: &[&str], line: usize, column: usize) -> String {
    let indent = column.saturating_sub(1);
    let mut out = "\n".repeat(line.saturating_sub(1));
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

#[cfg(test)]
mod tests {
    use super::*;

    const TWO_BAD_INDICATORS: &str = "sections:\n  - id: one\n    title: One\n    indicators:\n      - id: a\n        title: A\n        unit: count\n        polarty: up\n      - id: b\n        title: B\n        unit: percentage\n        polarity: up\n        decimals: 9\n      - id: c\n        title: C\n        unit: count\n        polarity: down\n";

    #[test]
    fn a_block_is_cut_at_its_original_position() {
        let lines: Vec<&str> = TWO_BAD_INDICATORS.lines().collect();
        let block = indicator_block(&lines, 9, 9);
        assert_eq!(block.lines().count(), 13, "ends before the next indicator");
        assert_eq!(block.lines().nth(8), Some("        id: b"));
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
