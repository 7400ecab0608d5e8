//! The formula graph: every formula names defined indicators and none depends on itself,
//! directly or through others. A cycle is reported once, at its first member.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Loader;
use crate::diag::{did_you_mean, Problem};
use crate::model::{Indicator, Section};

/// Where a formula and each of its inputs were written, for locating formula errors.
pub(super) struct FormulaSites {
    /// Where the formula starts.
    pub(super) formula: (u64, u64),
    /// Each input id and where it was written.
    pub(super) inputs: Vec<(String, (u64, u64))>,
}

impl Loader {
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

    #[test]
    fn an_unknown_input_is_named() {
        let found = problems(vec![
            indicator("a", Some(("n", "missing"))),
            indicator("n", None),
        ]);
        assert_eq!(found, ["the formula names unknown indicator `missing`"]);
    }
}
