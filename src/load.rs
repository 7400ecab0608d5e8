//! Reading a data folder: `report.yaml`, `indicators.yaml` and `months/YYYY-MM.yaml`
//! become a checked [`Dataset`]. This is the only module that reads files. It reports
//! every problem it finds in one pass (not just the first), each located by file, line,
//! column and field with a hint on how to fix it, and it never panics on any input:
//! YAML goes through serde-saphyr with input budgets, so alias bombs and absurd nesting
//! fail fast in bounded memory.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{closest, Problem};
use crate::model::{
    Comparator, Dataset, DirectionRule, Formula, Indicator, MonthData, Polarity, Population,
    Report, Section, SourceFile, SpcConfig, Unit, Value, YearMonth,
};

/// Largest input file we accept. Real files are a few kilobytes; anything near this is a
/// mistake (a spreadsheet export dropped in the wrong folder) and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What loading produced: the data when it is usable, and every problem found.
#[derive(Debug)]
pub struct Loaded {
    /// The dataset, present only when there are no errors.
    pub dataset: Option<Dataset>,
    /// Errors and warnings, in the order found.
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// True when any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

// ---------------------------------------------------------------------------------------
// The files as written. Every struct denies unknown fields so that a typo is an error with
// a suggestion rather than a silently ignored setting.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    organisation: String,
    title: String,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    protective_marking: Option<String>,
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
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparator {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPopulation {
    name: String,
    value: Spanned<f64>,
}

struct RawIndicatorsFile {
    sections: Vec<RawSection>,
}

struct RawSection {
    id: Spanned<String>,
    title: String,
    indicators: Vec<RawIndicator>,
}

/// indicators.yaml with each indicator left unparsed but located.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LooseIndicatorsFile {
    sections: Vec<LooseSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LooseSection {
    id: Spanned<String>,
    title: String,
    #[serde(default)]
    indicators: Vec<Spanned<LooseIndicator>>,
}

/// Only an indicator's id; every other key is left for the strict pass.
#[derive(Deserialize)]
struct LooseIndicator {
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum RawUnit {
    Count,
    Percentage,
    Rate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
    title: String,
    #[serde(default)]
    outcome: String,
    unit: Spanned<RawUnit>,
    #[serde(default)]
    per: Option<Spanned<f64>>,
    polarity: Polarity,
    #[serde(default)]
    decimals: Option<Spanned<u8>>,
    #[serde(default)]
    benchmarks: BTreeMap<String, Spanned<f64>>,
    #[serde(default)]
    target: Option<f64>,
    #[serde(default)]
    formula: Option<Spanned<RawFormula>>,
    #[serde(default)]
    spc: Option<RawSpc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormula {
    numerator: Spanned<String>,
    #[serde(default)]
    denominator: Option<Spanned<String>>,
    #[serde(default)]
    population: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpc {
    #[serde(default)]
    baseline: Option<Spanned<usize>>,
    #[serde(default)]
    recalculate_at: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonth {
    month: Spanned<String>,
    #[serde(default)]
    reconstructed: bool,
    #[serde(default)]
    values: BTreeMap<String, Spanned<Option<RawValue>>>,
    #[serde(default)]
    commentary: BTreeMap<String, Spanned<String>>,
}

/// A typed value: a number, or text (only `n/a` is accepted).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawValue {
    Number(f64),
    Text(String),
}

// ---------------------------------------------------------------------------------------

/// Reads and checks the data folder at `root`.
pub fn load(root: &Path) -> Loaded {
    let mut loader = Loader {
        problems: Vec::new(),
        sources: Vec::new(),
        unparsed_ids: BTreeSet::new(),
    };
    let dataset = loader.load(root);
    let has_errors = loader.problems.iter().any(Problem::is_error);
    Loaded {
        dataset: if has_errors { None } else { dataset },
        problems: loader.problems,
    }
}

/// A month file as loaded, with where each value was written (for warnings).
struct LoadedMonth {
    path: PathBuf,
    data: MonthData,
    value_sites: BTreeMap<String, (u64, u64)>,
}

/// Where a formula and each of its inputs were written, for locating formula errors.
struct FormulaSites {
    formula: (u64, u64),
    inputs: Vec<(String, (u64, u64))>,
}

struct Loader {
    problems: Vec<Problem>,
    sources: Vec<SourceFile>,
    /// Indicators whose definitions had errors: they exist, but could not be checked.
    unparsed_ids: BTreeSet<String>,
}

fn location<T>(spanned: &Spanned<T>) -> (u64, u64) {
    (spanned.referenced.line(), spanned.referenced.column())
}

impl Loader {
    fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
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
            .parse_file::<RawReport>(root, &report_path)
            .and_then(|raw| self.check_report(&report_path, raw));
        let sections = self
            .parse_indicators(root, &indicators_path)
            .map(|raw| self.check_indicators(&indicators_path, raw, report.as_ref()));
        let months = self.load_months(root, sections.as_deref());
        let (report, sections) = (report?, sections?);
        self.check_months_plausible(&sections, &months);
        Some(Dataset {
            root: root.to_path_buf(),
            report,
            sections,
            months: months
                .into_iter()
                .map(|(m, loaded)| (m, loaded.data))
                .collect(),
            sources: std::mem::take(&mut self.sources),
        })
    }

    /// Reads one file with every guard (exists, size, UTF-8, not empty) and parses it.
    fn parse_file<T: for<'de> Deserialize<'de>>(&mut self, root: &Path, path: &Path) -> Option<T> {
        let text = self.read_text(root, path)?;
        match serde_saphyr::from_str_with_options::<T>(&text, yaml_options()) {
            Ok(value) => Some(value),
            Err(error) => {
                let problem = yaml_problem(path, &error);
                self.push(problem);
                None
            }
        }
    }

    /// Parses indicators.yaml in two passes so that every indicator's mistakes are
    /// reported, not just the first in the file: a loose pass checks the file's shape and
    /// finds where each indicator starts, then each indicator's block is parsed strictly on
    /// its own, at its original line and column.
    fn parse_indicators(&mut self, root: &Path, path: &Path) -> Option<RawIndicatorsFile> {
        let text = self.read_text(root, path)?;
        let loose: LooseIndicatorsFile =
            match serde_saphyr::from_str_with_options(&text, yaml_options()) {
                Ok(value) => value,
                Err(error) => {
                    self.push(yaml_problem(path, &error));
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
                match serde_saphyr::from_str_with_options::<RawIndicator>(&source, yaml_options()) {
                    Ok(indicator) => indicators.push(indicator),
                    Err(error) => {
                        self.push(yaml_problem(path, &error));
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

    fn read_text(&mut self, root: &Path, path: &Path) -> Option<String> {
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.push(Problem::error(path, "file not found").hint(format!(
                    "create it; see docs/data-format.md for what {} holds",
                    path.file_name().unwrap_or_default().to_string_lossy()
                )));
                return None;
            }
            Err(e) => {
                self.push(Problem::error(path, format!("cannot read the file: {e}")));
                return None;
            }
        };
        if !metadata.is_file() {
            self.push(Problem::error(path, "this is not a regular file"));
            return None;
        }
        if metadata.len() > MAX_FILE_BYTES {
            self.push(
                Problem::error(
                    path,
                    format!(
                        "the file is {} bytes, over the {} byte limit for a data file",
                        metadata.len(),
                        MAX_FILE_BYTES
                    ),
                )
                .hint("data files hold a few kilobytes of YAML; check this is the right file"),
            );
            return None;
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                self.push(Problem::error(path, format!("cannot read the file: {e}")));
                return None;
            }
        };
        let text = match String::from_utf8(bytes.clone()) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let before = &bytes[..offset];
                let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                let column = (offset
                    - before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |p| p + 1)) as u64
                    + 1;
                self.push(
                    Problem::error(path, "the file is not valid UTF-8 text")
                        .at(line, column)
                        .hint("save it as UTF-8 (most editors offer this under \"Save As\")"),
                );
                return None;
            }
        };
        if text.trim().is_empty() {
            self.push(
                Problem::error(path, "the file is empty")
                    .hint("see docs/data-format.md for what it must contain"),
            );
            return None;
        }
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        self.sources.push(SourceFile { name, bytes });
        Some(text)
    }

    fn check_report(&mut self, path: &Path, raw: RawReport) -> Option<Report> {
        let errors_before = self.error_count();
        let mut comparators: Vec<Comparator> = Vec::new();
        for c in raw.comparators {
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
                id: c.id.value,
                name: c.name.unwrap_or_else(|| c.label.clone()),
                label: c.label,
            });
        }
        let mut populations = BTreeMap::new();
        for (id, p) in raw.populations {
            if !is_positive(p.value.value) {
                let (line, column) = location(&p.value);
                self.push(
                    Problem::error(
                        path,
                        format!("population must be above zero, not {}", p.value.value),
                    )
                    .at(line, column)
                    .field(format!("populations.{id}.value")),
                );
            }
            populations.insert(
                id,
                Population {
                    name: p.name,
                    value: p.value.value,
                },
            );
        }
        let steady_band_pct = match raw.steady_band_pct {
            Some(band) if !(0.0..100.0).contains(&band.value) => {
                let (line, column) = location(&band);
                self.push(
                    Problem::error(path, format!("{} is not a usable band", band.value))
                        .at(line, column)
                        .field("steady_band_pct")
                        .hint("give a percentage from 0 to 99, e.g. 5 for ±5%"),
                );
                5.0
            }
            Some(band) => band.value,
            None => 5.0,
        };
        let data_as_at = raw.data_as_at.and_then(|d| {
            match chrono::NaiveDate::parse_from_str(&d.value, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    let (line, column) = location(&d);
                    self.push(
                        Problem::error(path, format!("`{}` is not a date", d.value))
                            .at(line, column)
                            .field("data_as_at")
                            .hint("write it as YYYY-MM-DD, e.g. 2020-07-10"),
                    );
                    None
                }
            }
        });
        let language = match raw.language {
            Some(lang) if !is_language_tag(&lang.value) => {
                let (line, column) = location(&lang);
                self.push(
                    Problem::error(path, format!("`{}` is not a language tag", lang.value))
                        .at(line, column)
                        .field("language")
                        .hint("use a BCP 47 tag such as en-GB or cy-GB"),
                );
                "en-GB".to_string()
            }
            Some(lang) => lang.value,
            None => "en-GB".to_string(),
        };
        (self.error_count() == errors_before).then_some(Report {
            organisation: raw.organisation,
            title: raw.title,
            language,
            protective_marking: raw.protective_marking.filter(|m| !m.trim().is_empty()),
            data_as_at,
            steady_band_pct,
            direction_rule: raw.direction_of_travel.unwrap_or_default(),
            comparators,
            populations,
        })
    }

    fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    fn check_indicators(
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

    fn check_indicator(
        &mut self,
        path: &Path,
        raw: RawIndicator,
        report: Option<&Report>,
    ) -> Option<Indicator> {
        let id = raw.id.value.clone();
        let (line, column) = location(&raw.id);
        let field = |name: &str| format!("{id}.{name}");
        let unit = match (raw.unit.value, &raw.per) {
            (RawUnit::Rate, per) => {
                let per_value = per.as_ref().map_or(10_000.0, |p| p.value);
                if !is_positive(per_value) {
                    let (l, c) = per.as_ref().map_or((line, column), location);
                    self.push(
                        Problem::error(path, format!("`per` must be above zero, not {per_value}"))
                            .at(l, c)
                            .field(field("per"))
                            .hint("for a rate per 10,000 write `per: 10000`"),
                    );
                }
                Unit::Rate { per: per_value }
            }
            (other, Some(per)) => {
                let (l, c) = location(per);
                self.push(
                    Problem::error(path, "`per` applies only to rates")
                        .at(l, c)
                        .field(field("per"))
                        .hint("remove `per`, or set `unit: rate`"),
                );
                match other {
                    RawUnit::Count => Unit::Count,
                    _ => Unit::Percentage,
                }
            }
            (RawUnit::Count, None) => Unit::Count,
            (RawUnit::Percentage, None) => Unit::Percentage,
        };
        let decimals = match raw.decimals {
            Some(d) if d.value > 4 => {
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
                    problem =
                        match closest(comparator, report.comparators.iter().map(|c| c.id.as_str()))
                        {
                            Some(near) => problem.hint(format!("did you mean `{near}`?")),
                            None => problem.hint("comparators are listed in report.yaml"),
                        };
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
            match (unit, denominator, population) {
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
                                    .hint(match closest(&pop.value, known.iter().copied()) {
                                        Some(near) => format!("did you mean `{near}`?"),
                                        None => format!(
                                            "populations are defined in report.yaml; known: {}",
                                            if known.is_empty() { "none".to_string() } else { known.join(", ") }
                                        ),
                                    }),
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
                        Unit::Count => "counts are typed in month files; only percentages and rates can have a formula",
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
                    match m.value.parse::<YearMonth>() {
                        Ok(month) => recalculate_at.push(month),
                        Err(()) => {
                            let (l, c) = location(m);
                            self.push(
                                Problem::error(path, format!("`{}` is not a month", m.value))
                                    .at(l, c)
                                    .field(field("spc.recalculate_at"))
                                    .hint("write months as YYYY-MM, e.g. 2020-04"),
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
            target: raw.target,
            formula,
            spc,
        })
    }

    /// Formulas must name defined indicators and must not depend on themselves.
    fn check_formulas(
        &mut self,
        path: &Path,
        sections: &[Section],
        sites: &BTreeMap<String, FormulaSites>,
    ) {
        let by_id: BTreeMap<&str, &Indicator> = sections
            .iter()
            .flat_map(|s| &s.indicators)
            .map(|i| (i.id.as_str(), i))
            .collect();
        for indicator in by_id.values() {
            let Some(formula) = &indicator.formula else {
                continue;
            };
            let site = sites.get(&indicator.id);
            let unchecked = &self.unparsed_ids;
            let inputs: Vec<&str> = formula
                .inputs()
                .into_iter()
                .filter(|i| !unchecked.contains(*i))
                .collect();
            for input in inputs {
                let (line, column) = site
                    .and_then(|s| s.inputs.iter().find(|(name, _)| name == input))
                    .map_or((0, 0), |(_, at)| *at);
                if !by_id.contains_key(input) {
                    let hint = match closest(input, by_id.keys().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "name an indicator defined in this file".to_string(),
                    };
                    self.push(
                        Problem::error(
                            path,
                            format!("the formula names unknown indicator `{input}`"),
                        )
                        .at(line, column)
                        .field(format!("{}.formula", indicator.id))
                        .hint(hint),
                    );
                }
            }
        }
        // Depth-first search for cycles; each cycle is reported once, at its first member.
        let mut reported: BTreeSet<String> = BTreeSet::new();
        for start in by_id.keys() {
            let mut stack: Vec<&str> = vec![start];
            if let Some(cycle) = find_cycle(&by_id, &mut stack) {
                let key = {
                    let mut members: Vec<&str> = cycle.clone();
                    members.sort();
                    members.join(",")
                };
                if reported.insert(key) {
                    let first = cycle[0];
                    let (line, column) = sites.get(first).map_or((0, 0), |s| s.formula);
                    self.push(
                        Problem::error(
                            path,
                            format!("formulas form a cycle: {} -> {}", cycle.join(" -> "), first),
                        )
                        .at(line, column)
                        .field(format!("{first}.formula"))
                        .hint("one indicator in the cycle must be typed in month files instead of computed"),
                    );
                }
            }
        }
    }

    fn load_months(
        &mut self,
        root: &Path,
        sections: Option<&[Section]>,
    ) -> BTreeMap<YearMonth, LoadedMonth> {
        let folder = root.join("months");
        let mut months = BTreeMap::new();
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(_) => {
                self.push(
                    Problem::error(&folder, "the months folder is missing")
                        .hint("create months/ with one YYYY-MM.yaml file per month"),
                );
                return months;
            }
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let indicators: BTreeMap<&str, &Indicator> = sections
            .unwrap_or_default()
            .iter()
            .flat_map(|s| &s.indicators)
            .map(|i| (i.id.as_str(), i))
            .collect();
        for path in paths {
            let file_name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if file_name.starts_with('.') {
                continue;
            }
            let Some(stem) = file_name
                .strip_suffix(".yaml")
                .or_else(|| file_name.strip_suffix(".yml"))
            else {
                self.push(Problem::warning(&path, "not a YAML file; ignored"));
                continue;
            };
            let Ok(month) = stem.parse::<YearMonth>() else {
                self.push(
                    Problem::error(&path, format!("`{file_name}` is not named after a month"))
                        .hint("name month files YYYY-MM.yaml, e.g. 2020-06.yaml"),
                );
                continue;
            };
            let Some(raw) = self.parse_file::<RawMonth>(root, &path) else {
                continue;
            };
            let (line, column) = location(&raw.month);
            if raw.month.value.parse::<YearMonth>() != Ok(month) {
                self.push(
                    Problem::error(
                        &path,
                        format!(
                            "the file says `month: {}` but is named {file_name}",
                            raw.month.value
                        ),
                    )
                    .at(line, column)
                    .field("month")
                    .hint(format!("set `month: {month}` or rename the file")),
                );
            }
            let value_sites = raw
                .values
                .iter()
                .map(|(id, v)| (id.clone(), location(v)))
                .collect();
            let data = self.check_month(&path, raw, &indicators, sections.is_some());
            months.insert(
                month,
                LoadedMonth {
                    path,
                    data,
                    value_sites,
                },
            );
        }
        if months.is_empty() && self.error_count() == 0 {
            self.push(
                Problem::error(&folder, "there are no month files")
                    .hint("add one YYYY-MM.yaml file per month, e.g. months/2020-06.yaml"),
            );
        }
        months
    }

    fn check_month(
        &mut self,
        path: &Path,
        raw: RawMonth,
        indicators: &BTreeMap<&str, &Indicator>,
        indicators_known: bool,
    ) -> MonthData {
        let mut values = BTreeMap::new();
        for (id, value) in raw.values {
            let (line, column) = location(&value);
            let field = format!("values.{id}");
            // A value's own form is checked even when indicators.yaml could not be read.
            let typed = match value.value {
                None => Value::Missing,
                Some(RawValue::Number(x)) => Value::Present(x),
                Some(RawValue::Text(text)) if text.trim().eq_ignore_ascii_case("n/a") => {
                    Value::NotApplicable
                }
                Some(RawValue::Text(text)) => {
                    self.push(
                        Problem::error(path, format!("`{text}` is not a number"))
                            .at(line, column)
                            .field(field)
                            .hint("write a number such as 1403 or 24.4, `null` when there is no figure, or `n/a` when it does not apply"),
                    );
                    continue;
                }
            };
            let Some(indicator) = indicators.get(id.as_str()) else {
                if indicators_known && !self.unparsed_ids.contains(&id) {
                    self.push(self.unknown_indicator(path, &id, indicators, line, column, &field));
                }
                continue;
            };
            if indicator.formula.is_some() {
                self.push(
                    Problem::error(
                        path,
                        format!("`{id}` is computed by its formula and takes no typed value"),
                    )
                    .at(line, column)
                    .field(field)
                    .hint("remove this line; enter the formula's inputs instead"),
                );
                continue;
            }
            if let Value::Present(x) = typed {
                let problem = match indicator.unit {
                    Unit::Percentage if !(0.0..=100.0).contains(&x) => Some(
                        Problem::error(path, format!("{x} is not a percentage"))
                            .hint("percentages are written as percents from 0 to 100, e.g. 24.4 for 24.4%"),
                    ),
                    Unit::Count if x < 0.0 => {
                        Some(Problem::error(path, format!("a count cannot be negative ({x})")))
                    }
                    Unit::Rate { .. } if x < 0.0 => {
                        Some(Problem::error(path, format!("a rate cannot be negative ({x})")))
                    }
                    _ => None,
                };
                if let Some(problem) = problem {
                    self.push(problem.at(line, column).field(field));
                    continue;
                }
            }
            values.insert(id, typed);
        }
        let mut commentary = BTreeMap::new();
        for (id, text) in raw.commentary {
            if indicators_known
                && !indicators.contains_key(id.as_str())
                && !self.unparsed_ids.contains(&id)
            {
                let (line, column) = location(&text);
                let field = format!("commentary.{id}");
                self.push(self.unknown_indicator(path, &id, indicators, line, column, &field));
                continue;
            }
            let text = text.value.trim().to_string();
            if !text.is_empty() {
                commentary.insert(id, text);
            }
        }
        MonthData {
            reconstructed: raw.reconstructed,
            values,
            commentary,
        }
    }

    fn unknown_indicator(
        &self,
        path: &Path,
        id: &str,
        indicators: &BTreeMap<&str, &Indicator>,
        line: u64,
        column: u64,
        field: &str,
    ) -> Problem {
        let problem = Problem::error(path, format!("no indicator `{id}` is defined"))
            .at(line, column)
            .field(field);
        match closest(id, indicators.keys().copied()) {
            Some(near) => problem.hint(format!("did you mean `{near}`?")),
            None => problem.hint("define it in indicators.yaml, or remove this line"),
        }
    }

    /// Warns about typed counts that jump more than tenfold in a month. Small counts swing
    /// naturally, so only movements to or from 50 or more are flagged.
    fn check_months_plausible(
        &mut self,
        sections: &[Section],
        months: &BTreeMap<YearMonth, LoadedMonth>,
    ) {
        for indicator in sections.iter().flat_map(|s| &s.indicators) {
            if indicator.unit != Unit::Count {
                continue;
            }
            for ((previous_month, previous), (month, current)) in
                months.iter().zip(months.iter().skip(1))
            {
                if month.months_since(*previous_month) != 1 {
                    continue;
                }
                let (Some(Value::Present(before)), Some(Value::Present(now))) = (
                    previous.data.values.get(&indicator.id),
                    current.data.values.get(&indicator.id),
                ) else {
                    continue;
                };
                let (low, high) = (before.min(*now), before.max(*now));
                if high >= 50.0 && high > 10.0 * low {
                    let (line, column) = current
                        .value_sites
                        .get(&indicator.id)
                        .copied()
                        .unwrap_or((0, 0));
                    self.push(
                        Problem::warning(
                            &current.path,
                            format!(
                                "`{}` moved from {before} in {previous_month} to {now} in {month}, more than tenfold",
                                indicator.id
                            ),
                        )
                        .at(line, column)
                        .field(format!("values.{}", indicator.id))
                        .hint("check the figure was typed correctly"),
                    );
                }
            }
        }
    }
}

/// The YAML of one indicator, cut from the file so that it parses on its own with its
/// original line and column numbers: earlier lines become blank, the `- ` that opens the
/// sequence item becomes spaces, and the block ends at the first line indented less than
/// its keys. `line` and `column` are 1-based, where the indicator's mapping starts.
fn indicator_block(lines: &[&str], line: usize, column: usize) -> String {
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

/// Follows formula inputs from the top of `stack`; returns the cycle's members if one
/// leads back to the start.
fn find_cycle<'a>(
    by_id: &BTreeMap<&str, &'a Indicator>,
    stack: &mut Vec<&'a str>,
) -> Option<Vec<&'a str>> {
    let current = *stack.last()?;
    let formula = by_id.get(current).and_then(|i| i.formula.as_ref())?;
    for input in formula.inputs() {
        let Some(next) = by_id.get(input) else {
            continue;
        };
        let next_id = next.id.as_str();
        if next_id == stack[0] {
            return Some(stack.clone());
        }
        if stack.contains(&next_id) {
            continue;
        }
        stack.push(next_id);
        if let Some(cycle) = find_cycle(by_id, stack) {
            return Some(cycle);
        }
        stack.pop();
    }
    None
}

/// True for a finite number above zero (NaN is not).
fn is_positive(x: f64) -> bool {
    x.is_finite() && x.partial_cmp(&0.0) == Some(std::cmp::Ordering::Greater)
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()))
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Parser limits: far above any real scorecard, far below what hurts the machine.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 24;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_events = 500_000;
    budget.max_nodes = 200_000;
    budget.max_documents = 1;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    options
}

/// Turns a serde-saphyr error into a located problem, adding a suggestion for unknown
/// fields and values from the list serde puts in the message.
fn yaml_problem(path: &Path, error: &serde_saphyr::Error) -> Problem {
    let mut options = serde_saphyr::RenderOptions::default();
    options.snippets = serde_saphyr::SnippetMode::Off;
    let mut message = error.render_with_options(options);
    let mut problem = Problem::error(path, "");
    if let Some(loc) = error.location() {
        problem = problem.at(loc.line(), loc.column());
        // The rendered text repeats the location; we print our own.
        for suffix in [
            format!(" at line {}, column {}", loc.line(), loc.column()),
            format!(" at {}:{}", loc.line(), loc.column()),
        ] {
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_string();
            }
        }
    }
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    // serde lists the valid names after "expected one of" (or "expected"), with or
    // without backticks depending on the formatter.
    let expected: Vec<String> = message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map(|(_, list)| {
            list.split(", ")
                .map(|name| name.trim().trim_matches('`').to_string())
                .filter(|name| !name.is_empty() && !name.contains(' '))
                .collect()
        })
        .unwrap_or_default();
    if message.contains("unknown field") || message.contains("unknown variant") {
        if let Some(unknown) = quoted.first() {
            problem = problem.field(*unknown);
            problem = match closest(unknown, expected.iter().map(String::as_str)) {
                Some(near) => problem.hint(format!("did you mean `{near}`?")),
                None if !expected.is_empty() => problem.hint(format!(
                    "valid names here: {}",
                    expected
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                None => problem,
            };
        }
    } else if message.contains("missing field") {
        if let Some(field) = quoted.first() {
            problem = problem
                .field(*field)
                .hint(format!("add `{field}:`; see docs/data-format.md"));
        }
    } else if let Some(rest) = message.strip_prefix("budget breached: ") {
        // Say which safety limit was hit in words, not the parser's internal names.
        let what = if rest.starts_with("Depth") {
            "the YAML is nested too deeply (more than 24 levels)"
        } else if ["Alias", "Anchor", "Replay", "Expansion"]
            .iter()
            .any(|k| rest.contains(k))
        {
            "the YAML uses too many aliases or anchors (an alias bomb?)"
        } else {
            "the YAML has too many elements for a data file"
        };
        message = what.to_string();
        problem = problem.hint("data files are small and shallow; check this is the right file");
    } else if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim().to_string();
        message = format!("`{key}` is given twice");
        problem = problem.field(key).hint("keep one of them");
    } else if message.contains("expected string") {
        problem = problem.hint("write plain text here (quote it if it starts with a symbol)");
    } else {
        problem = problem.hint("see docs/data-format.md for the file's layout");
    }
    problem.message = message;
    problem
}

/// Reads a custom template from disk, with the same guards as data files.
pub fn read_template(path: &Path) -> Result<String, Box<Problem>> {
    read_guarded(path, "give the path of a .typ file")
}

/// Reads a CSV series for `scorecard spc`.
pub fn read_series_file(path: &Path) -> Result<String, Box<Problem>> {
    read_guarded(path, "give the path of a CSV file with a `value` column")
}

fn read_guarded(path: &Path, hint: &str) -> Result<String, Box<Problem>> {
    let mut loader = Loader {
        problems: Vec::new(),
        sources: Vec::new(),
        unparsed_ids: BTreeSet::new(),
    };
    let root = path.parent().unwrap_or(Path::new("."));
    match loader.read_text(root, path) {
        Some(text) => Ok(text),
        None => Err(loader
            .problems
            .pop()
            .map(|p| p.hint(hint))
            .unwrap_or_else(|| Problem::error(path, "cannot read the file"))
            .into()),
    }
}
