//! Formulas: each checked against its indicator's unit (the mapping form of a numerator
//! with a denominator or a population, or an expression whose names are resolved to
//! indicators and populations), then the graph: every formula names defined indicators
//! and none depends on itself, directly or through others. A cycle is reported once, at
//! its first member.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::relocate::Relocate;
use super::yaml::location;
use super::Loader;
use crate::diag::{did_you_mean, Problem};
use crate::expr::{self, Expression, NameKind, NameSite};
use crate::model::{Formula, Indicator, Report, Section, Unit};

/// Where a formula and each of its inputs were written, for locating formula errors.
pub(super) struct FormulaSites {
    /// Where the formula starts.
    pub(super) formula: (u64, u64),
    /// Each input id and where it was written.
    pub(super) inputs: Vec<(String, (u64, u64))>,
}

/// A formula as written: an expression in a string, or the mapping form.
pub(super) enum RawFormula {
    Expression(String),
    Mapping(Box<RawFormulaMapping>),
}

impl<'de> Deserialize<'de> for RawFormula {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawFormula;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an expression such as \"100 * part / whole\", or a mapping of `numerator` with `denominator` or `population`")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<RawFormula, E> {
                Ok(RawFormula::Expression(text.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RawFormula, A::Error> {
                let mapping = RawFormulaMapping::deserialize(
                    serde::de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(RawFormula::Mapping(Box::new(mapping)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawFormulaMapping {
    pub(super) numerator: Spanned<String>,
    #[serde(default)]
    pub(super) denominator: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) population: Option<Spanned<String>>,
}

impl Relocate for RawFormula {
    fn move_down(&mut self, lines: u64) {
        match self {
            RawFormula::Expression(_) => {}
            RawFormula::Mapping(mapping) => {
                let RawFormulaMapping {
                    numerator,
                    denominator,
                    population,
                } = &mut **mapping;
                numerator.move_down(lines);
                denominator.move_down(lines);
                population.move_down(lines);
            }
        }
    }
}

impl Loader {
    /// The formula of indicator `id`, checked against its unit, with where it and its
    /// inputs were written; `None` after an error.
    pub(super) fn check_formula(
        &mut self,
        path: &Path,
        id: &str,
        unit: &Unit,
        raw: Spanned<RawFormula>,
        report: Option<&Report>,
    ) -> Option<(Formula, FormulaSites)> {
        let at = location(&raw);
        match raw.value {
            RawFormula::Mapping(mapping) => {
                let mut inputs = vec![(
                    mapping.numerator.value.clone(),
                    location(&mapping.numerator),
                )];
                if let Some(d) = &mapping.denominator {
                    inputs.push((d.value.clone(), location(d)));
                }
                let formula = self.check_mapping(path, id, unit, *mapping, at, report)?;
                Some((
                    formula,
                    FormulaSites {
                        formula: at,
                        inputs,
                    },
                ))
            }
            RawFormula::Expression(text) => self.check_expression(path, id, unit, text, at, report),
        }
    }

    /// The mapping form: a percentage of two indicators, or a rate of a population.
    fn check_mapping(
        &mut self,
        path: &Path,
        id: &str,
        unit: &Unit,
        raw: RawFormulaMapping,
        at: (u64, u64),
        report: Option<&Report>,
    ) -> Option<Formula> {
        let RawFormulaMapping {
            numerator,
            denominator,
            population,
        } = raw;
        match (unit, denominator, population) {
            (Unit::Percentage, Some(den), None) => Some(Formula::Ratio {
                numerator: numerator.value,
                denominator: den.value,
            }),
            (Unit::Rate { .. }, None, Some(pop)) => {
                if let Some(report) = report.filter(|r| !r.populations.contains_key(&pop.value)) {
                    let (l, c) = location(&pop);
                    let known: Vec<&str> = report.populations.keys().map(String::as_str).collect();
                    let hint =
                        did_you_mean(&pop.value, known.iter().copied()).unwrap_or_else(|| {
                            format!(
                                "populations are defined in report.yaml; known: {}",
                                if known.is_empty() {
                                    "none".to_string()
                                } else {
                                    known.join(", ")
                                }
                            )
                        });
                    self.push(
                        Problem::error(path, format!("unknown population `{}`", pop.value))
                            .at(l, c)
                            .field(format!("{id}.formula.population"))
                            .hint(hint),
                    );
                }
                Some(Formula::Rate {
                    numerator: numerator.value,
                    population: pop.value,
                })
            }
            (unit, den, pop) => {
                let hint = match unit {
                    Unit::Percentage => "a percentage formula takes `numerator` and `denominator` (indicator ids), or an expression such as \"100 * part / whole\"",
                    Unit::Rate { .. } => "a rate formula takes `numerator` (an indicator id) and `population` (from report.yaml), or an expression such as \"1000 * falls / bed-days\"",
                    Unit::Count | Unit::Money { .. } | Unit::Number { .. } => "the mapping form is for percentages and rates; money and numbers can be computed by an expression such as \"spend / cases\", and counts are typed in month files",
                };
                let what = match (den.is_some(), pop.is_some()) {
                    (true, true) => {
                        "a formula names either a denominator or a population, not both"
                    }
                    _ => "this formula does not fit the indicator's unit",
                };
                self.push(
                    Problem::error(path, what)
                        .at(at.0, at.1)
                        .field(format!("{id}.formula"))
                        .hint(hint),
                );
                None
            }
        }
    }

    /// An expression: parsed, and each name resolved to an indicator or a population.
    fn check_expression(
        &mut self,
        path: &Path,
        id: &str,
        unit: &Unit,
        text: String,
        at: (u64, u64),
        report: Option<&Report>,
    ) -> Option<(Formula, FormulaSites)> {
        let field = format!("{id}.formula");
        if *unit == Unit::Count {
            self.push(
                Problem::error(path, "a count cannot be computed by a formula")
                    .at(at.0, at.1)
                    .field(field)
                    .hint("counts are typed in month files (so small ones can be withheld from public packs); give the indicator the unit of what the expression gives, e.g. `unit: number`"),
            );
            return None;
        }
        let (tree, names) = match expr::parse(&text) {
            Ok(parsed) => parsed,
            Err(mistake) => {
                let (line, column) = self.position_in_scalar(path, at, mistake.offset);
                self.push(
                    Problem::error(
                        path,
                        format!(
                            "{} in the formula \"{}\"",
                            mistake.message,
                            shortened(&text)
                        ),
                    )
                    .at(line, column)
                    .field(field)
                    .hint(mistake.hint),
                );
                return None;
            }
        };
        let populations: BTreeSet<&str> = report
            .map(|r| r.populations.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut inputs = Vec::new();
        let mut ok = true;
        for NameSite { name, offset } in &names {
            let place = self.position_in_scalar(path, at, *offset);
            let indicator = self.defined_ids.contains(name);
            let population = populations.contains(name.as_str());
            let problem = match (indicator, population) {
                (true, true) => Problem::error(path, format!("`{name}` is both an indicator and a population"))
                    .hint("give the population in report.yaml another id, so the formula says which it means"),
                (true, false) => {
                    inputs.push((name.clone(), place));
                    continue;
                }
                // Without a readable report.yaml, populations cannot be told from mistakes.
                (false, true) => continue,
                (false, false) if report.is_none() => continue,
                (false, false) => self.unknown_name(path, name, &populations),
            };
            ok = false;
            self.push(problem.at(place.0, place.1).field(field.clone()));
        }
        if !ok {
            return None;
        }
        let ids = &self.defined_ids;
        let kind = |name: &str| {
            if ids.contains(name) {
                Some(NameKind::Indicator)
            } else if populations.contains(name) {
                Some(NameKind::Population)
            } else {
                None
            }
        };
        let tree = expr::resolve(tree, &kind);
        Some((
            Formula::Expression(Expression { source: text, tree }),
            FormulaSites {
                formula: at,
                inputs,
            },
        ))
    }

    /// A name that is neither an indicator nor a population, with the nearest that is,
    /// or the two ids a minus without spaces joined.
    fn unknown_name(&self, path: &Path, name: &str, populations: &BTreeSet<&str>) -> Problem {
        let known = |part: &str| self.defined_ids.contains(part) || populations.contains(part);
        let split = name
            .match_indices('-')
            .map(|(i, _)| (&name[..i], &name[i + 1..]))
            .find(|(left, right)| known(left) && known(right));
        let hint = match split {
            Some((left, right)) => {
                format!("a minus between ids needs spaces around it: `{left} - {right}`")
            }
            None => did_you_mean(
                name,
                self.defined_ids
                    .iter()
                    .map(String::as_str)
                    .chain(populations.iter().copied()),
            )
            .unwrap_or_else(|| {
                "name an indicator from indicators.yaml or a population from report.yaml"
                    .to_string()
            }),
        };
        Problem::error(
            path,
            format!("the formula names `{name}`, which is neither an indicator nor a population"),
        )
        .hint(hint)
    }

    /// The line and column of the character `offset` characters into the scalar that
    /// starts at `start`, past its opening quote if it has one.
    fn position_in_scalar(&self, path: &Path, start: (u64, u64), offset: usize) -> (u64, u64) {
        let (line, column) = start;
        let quoted = self
            .line_of(path, line)
            .and_then(|l| l.chars().nth(column.saturating_sub(1) as usize))
            .is_some_and(|c| c == '"' || c == '\'');
        (line, column + u64::from(quoted) + offset as u64)
    }
    /// Formulas must name defined indicators and must not depend on themselves.
    pub(super) fn check_formulas(
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
                    let hint = did_you_mean(input, by_id.keys().copied())
                        .unwrap_or_else(|| "name an indicator defined in this file".to_string());
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
        // Each cycle is reported once, at its first member by id.
        for cycle in find_cycles(&by_id) {
            let first = cycle[0];
            let (line, column) = sites.get(first).map_or((0, 0), |s| s.formula);
            self.push(
                Problem::error(
                    path,
                    format!("formulas form a cycle: {} -> {}", cycle_text(&cycle), first),
                )
                .at(line, column)
                .field(format!("{first}.formula"))
                .hint(
                    "one indicator in the cycle must be typed in month files instead of computed",
                ),
            );
        }
    }
}

/// A cycle's members joined by arrows; a long one shows its first five and last two.
fn cycle_text(cycle: &[&str]) -> String {
    if cycle.len() <= 12 {
        return cycle.join(" -> ");
    }
    format!(
        "{} -> … ({} more) … -> {}",
        cycle[..5].join(" -> "),
        cycle.len() - 7,
        cycle[cycle.len() - 2..].join(" -> ")
    )
}

/// A formula's text as quoted in a message: the first 60 characters of a long one.
fn shortened(text: &str) -> String {
    if text.chars().count() <= 80 {
        return text.to_string();
    }
    let head: String = text.chars().take(60).collect();
    format!("{head}…")
}

/// The cycles among formulas, each as its members in order, starting from its first by
/// id. One depth-first walk without recursion, each indicator and each input visited
/// once, so a chain of thousands of formulas is checked in time that grows with its
/// length (not its cube) and cannot overflow the stack.
fn find_cycles<'a>(by_id: &BTreeMap<&'a str, &'a Indicator>) -> Vec<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        OnPath(usize),
        Done,
    }
    let inputs_of = |id: &str| -> Vec<&'a str> {
        by_id
            .get(id)
            .and_then(|i| i.formula.as_ref())
            .map(|f| {
                f.inputs()
                    .into_iter()
                    .filter_map(|input| by_id.get_key_value(input).map(|(k, _)| *k))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut marks: BTreeMap<&'a str, Mark> = BTreeMap::new();
    let mut cycles: Vec<Vec<&'a str>> = Vec::new();
    let mut seen: BTreeSet<Vec<&'a str>> = BTreeSet::new();
    for &start in by_id.keys() {
        if marks.contains_key(start) {
            continue;
        }
        // The path walked so far: each indicator with its inputs and the next to follow.
        let mut path: Vec<(&'a str, Vec<&'a str>, usize)> = vec![(start, inputs_of(start), 0)];
        marks.insert(start, Mark::OnPath(0));
        while let Some((_, inputs, next)) = path.last_mut() {
            let Some(&input) = inputs.get(*next) else {
                let (done, _, _) = path.pop().expect("the path is not empty");
                marks.insert(done, Mark::Done);
                continue;
            };
            *next += 1;
            match marks.get(input) {
                Some(Mark::OnPath(at)) => {
                    let mut cycle: Vec<&'a str> =
                        path[*at..].iter().map(|(id, _, _)| *id).collect();
                    let smallest = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    cycle.rotate_left(smallest);
                    let mut members = cycle.clone();
                    members.sort_unstable();
                    if seen.insert(members) {
                        cycles.push(cycle);
                    }
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(input, Mark::OnPath(path.len()));
                    path.push((input, inputs_of(input), 0));
                }
            }
        }
    }
    cycles.sort();
    cycles
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Formula, Unit};

    fn indicator(id: &str, inputs: Option<(&str, &str)>) -> Indicator {
        let formula = inputs.map(|(n, d)| Formula::Ratio {
            numerator: n.into(),
            denominator: d.into(),
        });
        let unit = if inputs.is_some() {
            Unit::Percentage
        } else {
            Unit::Count
        };
        Indicator::for_test(id, unit, formula)
    }

    fn problems(indicators: Vec<Indicator>) -> Vec<String> {
        let sections = vec![Section {
            id: "s".into(),
            title: "S".into(),
            owner: None,
            indicators,
        }];
        let mut loader = Loader::default();
        loader.check_formulas(Path::new("indicators.yaml"), &sections, &BTreeMap::new());
        loader.problems.iter().map(|p| p.message.clone()).collect()
    }

    #[test]
    fn a_cycle_is_reported_once() {
        let found = problems(vec![
            indicator("a", Some(("b", "n"))),
            indicator("b", Some(("a", "n"))),
            indicator("n", None),
        ]);
        assert_eq!(found, ["formulas form a cycle: a -> b -> a"]);
    }

    #[derive(Deserialize)]
    struct Written {
        formula: Spanned<RawFormula>,
    }

    /// Checks `formula: <text>`, written on line 2, for a number indicator with `a`, `b`
    /// and `t1-a` defined; returns the formula or each problem's column, message and hint.
    fn expression(text: &str) -> Result<Formula, Vec<(Option<u64>, String, String)>> {
        let path = Path::new("indicators.yaml");
        let mut loader = Loader::default();
        let report = super::super::yaml::parse(path, "organisation: O\ntitle: T\n").unwrap();
        let report = loader.check_report(Path::new("report.yaml"), report);
        loader.defined_ids = ["a", "b", "t1-a"].iter().map(|s| s.to_string()).collect();
        let file = format!("id: x\nformula: {text}\n");
        loader.texts.insert(path.to_path_buf(), file.clone());
        let written: Written = super::super::yaml::parse(path, &file).unwrap();
        let unit = Unit::Number {
            suffix: None,
            negative: false,
        };
        match loader.check_formula(path, "x", &unit, written.formula, report.as_ref()) {
            Some((formula, _)) => Ok(formula),
            None => Err(loader
                .problems
                .iter()
                .map(|p| (p.column, p.message.clone(), p.hints.join("; ")))
                .collect()),
        }
    }

    #[test]
    fn an_expression_is_resolved_and_its_mistakes_located_past_the_quote() {
        let Ok(Formula::Expression(e)) = expression("\"2 * (a - t1-a)\"") else {
            panic!("a valid expression");
        };
        assert_eq!(e.indicators(), ["a", "t1-a"]);
        // `formula: "a + c"`: the quote is at column 10, so `c` is at 15.
        let found = expression("\"a + c\"").unwrap_err();
        assert_eq!(found[0].0, Some(15), "{found:?}");
        let found = expression("a + c").unwrap_err();
        assert_eq!(found[0].0, Some(14), "unquoted: {found:?}");
        let found = expression("\"a-b\"").unwrap_err();
        assert_eq!(
            found[0].2,
            "a minus between ids needs spaces around it: `a - b`"
        );
        let found = expression("'(a'").unwrap_err();
        assert_eq!(
            (found[0].0, found[0].1.as_str()),
            (Some(11), "this `(` is never closed in the formula \"(a\"")
        );
    }

    #[test]
    fn an_unknown_input_is_named() {
        let found = problems(vec![
            indicator("a", Some(("n", "missing"))),
            indicator("n", None),
        ]);
        assert_eq!(found, ["the formula names unknown indicator `missing`"]);
    }
}
