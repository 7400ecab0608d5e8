//! The settings of one indicator that need more than a type to check: its unit and
//! scale, its schedule, decimals, benchmarks, change basis, events and SPC settings. Each
//! mistake is located and reported, and a safe default kept so later checks can go on.

use std::collections::BTreeMap;
use std::path::Path;

use serde_saphyr::Spanned;

use super::super::report::is_positive;
use super::super::yaml::location;
use super::super::Loader;
use super::{RawChange, RawEvent, RawIndicator, RawRecalculation, RawSchedule, RawSpc, RawUnit};
use crate::diag::{did_you_mean, Problem};
use crate::model::Report;
use crate::model::{
    describe_number, implausible, ChangeBasis, Event, Schedule, SpcConfig, Unit, YearMonth,
    DEFAULT_CURRENCY, DEFAULT_PER, MAX_DECIMALS,
};

impl Loader {
    /// The indicator's unit, with each setting that belongs to another unit refused.
    pub(super) fn check_unit(
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
                if !is_positive(per_value) || implausible(per_value).is_some() {
                    let (l, c) = raw.per.as_ref().map_or(at, location);
                    self.push(
                        Problem::error(
                            path,
                            format!(
                                "`per` must be above zero and below 10^15, not {}",
                                describe_number(per_value)
                            ),
                        )
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
    pub(super) fn check_schedule(
        &mut self,
        path: &Path,
        raw: Option<Spanned<RawSchedule>>,
        field: String,
    ) -> Schedule {
        let Some(raw) = raw else {
            return Schedule::default();
        };
        let at = location(&raw);
        let steps = match raw.value {
            RawSchedule::Constant(value) => {
                if let Some((message, hint)) = implausible(value) {
                    self.push(
                        Problem::error(path, message)
                            .at(at.0, at.1)
                            .field(field)
                            .hint(hint),
                    );
                    return Schedule::default();
                }
                return Schedule::constant(value);
            }
            RawSchedule::Steps(steps) => steps,
        };
        let mut schedule = Schedule::default();
        for step in steps {
            let (line, column) = location(&step.from);
            if let Some((message, hint)) = implausible(step.value) {
                self.push(
                    Problem::error(path, message)
                        .at(line, column)
                        .field(field.clone())
                        .hint(hint),
                );
                continue;
            }
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

    /// Decimals shown, at most [`MAX_DECIMALS`].
    pub(super) fn check_decimals(&mut self, path: &Path, id: &str, raw: Option<Spanned<u8>>) -> u8 {
        match raw {
            Some(d) if d.value > MAX_DECIMALS => {
                let (l, c) = location(&d);
                self.push(
                    Problem::error(
                        path,
                        format!("{} decimals is more than a scorecard can show", d.value),
                    )
                    .at(l, c)
                    .field(format!("{id}.decimals"))
                    .hint("use 0 to 4"),
                );
                0
            }
            Some(d) => d.value,
            None => 0,
        }
    }

    /// Each benchmark is for a comparator report.yaml lists, and is a plausible number.
    pub(super) fn check_benchmarks(
        &mut self,
        path: &Path,
        id: &str,
        benchmarks: &BTreeMap<String, Spanned<f64>>,
        report: Option<&Report>,
    ) {
        for (comparator, value) in benchmarks {
            let (l, c) = location(value);
            if let Some((message, hint)) = implausible(value.value) {
                self.push(
                    Problem::error(path, message)
                        .at(l, c)
                        .field(format!("{id}.benchmarks.{comparator}"))
                        .hint(hint),
                );
            }
            let Some(report) = report else {
                continue;
            };
            if !report.comparators.iter().any(|c| &c.id == comparator) {
                let hint =
                    did_you_mean(comparator, report.comparators.iter().map(|c| c.id.as_str()))
                        .unwrap_or_else(|| "comparators are listed in report.yaml".to_string());
                self.push(
                    Problem::error(
                        path,
                        format!("benchmark for unknown comparator `{comparator}`"),
                    )
                    .at(l, c)
                    .field(format!("{id}.benchmarks"))
                    .hint(hint),
                );
            }
        }
    }

    /// `change: points` is for percentages: the difference of two percentages.
    pub(super) fn check_change(
        &mut self,
        path: &Path,
        id: &str,
        unit: &Unit,
        raw: Option<Spanned<RawChange>>,
    ) -> ChangeBasis {
        match raw {
            Some(change) if change.value == RawChange::Points => {
                if *unit == Unit::Percentage {
                    return ChangeBasis::Points;
                }
                let (l, c) = location(&change);
                self.push(
                    Problem::error(
                        path,
                        format!("`change: points` applies only to percentages, and this is a {}", unit.name()),
                    )
                    .at(l, c)
                    .field(format!("{id}.change"))
                    .hint("remove `change: points` (changes are then a % of the earlier value), or change the unit to `percentage`"),
                );
                ChangeBasis::Percent
            }
            _ => ChangeBasis::Percent,
        }
    }

    /// Events need a month and some text.
    pub(super) fn check_events(&mut self, path: &Path, id: &str, raw: &[RawEvent]) -> Vec<Event> {
        let mut events = Vec::new();
        for event in raw {
            let (l, c) = location(&event.month);
            match event.month.value.parse::<YearMonth>() {
                Ok(month) if !event.text.value.trim().is_empty() => events.push(Event {
                    month,
                    text: event.text.value.trim().to_string(),
                    recalculation: false,
                }),
                Ok(_) => self.push(
                    Problem::error(path, "an event needs some text")
                        .at(l, c)
                        .field(format!("{id}.events.text"))
                        .hint("say what happened, e.g. `text: new case management system`"),
                ),
                Err(()) => self.push(
                    Problem::error(path, format!("`{}` is not a month", event.month.value))
                        .at(l, c)
                        .field(format!("{id}.events.month"))
                        .hint("write months as YYYY-MM, e.g. 2020-04"),
                ),
            }
        }
        events
    }

    /// SPC settings; each recalculation month also becomes an event on the charts.
    pub(super) fn check_spc(
        &mut self,
        path: &Path,
        id: &str,
        raw: Option<RawSpc>,
        events: &mut Vec<Event>,
    ) -> SpcConfig {
        let Some(spc) = raw else {
            return SpcConfig::default();
        };
        if let Some(b) = spc.baseline.as_ref().filter(|b| b.value < 2) {
            let (l, c) = location(b);
            self.push(
                Problem::error(path, "an SPC baseline needs at least 2 months")
                    .at(l, c)
                    .field(format!("{id}.spc.baseline"))
                    .hint("Making Data Count recommends a baseline of 12 to 20 months"),
            );
        }
        let mut recalculate_at = Vec::new();
        for m in &spc.recalculate_at {
            let (text, reason) = match &m.value {
                RawRecalculation::Month(text) => (text, None),
                RawRecalculation::WithReason { month, reason } => (month, reason.as_ref()),
            };
            let Ok(month) = text.parse::<YearMonth>() else {
                let (l, c) = location(m);
                self.push(
                    Problem::error(path, format!("`{text}` is not a month"))
                        .at(l, c)
                        .field(format!("{id}.spc.recalculate_at"))
                        .hint("write months as YYYY-MM, e.g. 2020-04, or `{month: 2020-04, reason: ...}`"),
                );
                continue;
            };
            let (l, c) = location(m);
            if recalculate_at.contains(&month) {
                self.push(
                    Problem::error(path, format!("{month} is listed twice"))
                        .at(l, c)
                        .field(format!("{id}.spc.recalculate_at"))
                        .hint("keep one entry for the month (with its reason, if it has one)"),
                );
                continue;
            }
            self.recalculation_sites
                .push((id.to_string(), month, (l, c)));
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
        recalculate_at.sort();
        SpcConfig {
            baseline: spc.baseline.map(|b| b.value),
            recalculate_at,
        }
    }
}

impl Loader {
    /// Each accepted recalculation must fall inside the months the data has (one at or
    /// before the first month, or after the last, changes nothing), and two may not
    /// leave a single month between them, whose limits would rest on that one value.
    pub(in super::super) fn check_recalculations<T>(
        &mut self,
        path: &Path,
        months: &BTreeMap<YearMonth, T>,
    ) {
        let (Some(first), Some(last)) = (months.keys().next(), months.keys().next_back()) else {
            return;
        };
        let sites = std::mem::take(&mut self.recalculation_sites);
        for (id, month, (line, column)) in &sites {
            let field = format!("{id}.spc.recalculate_at");
            if month <= first || month > last {
                self.push(
                    Problem::warning(
                        path,
                        format!("a recalculation at {month} changes nothing: the data runs from {first} to {last}, and new limits can start only after its first month"),
                    )
                    .at(*line, *column)
                    .field(field)
                    .hint("check the month; remove it if it was meant for another indicator"),
                );
                continue;
            }
            let next = sites
                .iter()
                .filter(|(other, m, _)| other == id && m > month)
                .map(|(_, m, _)| *m)
                .min();
            if next.is_some_and(|next| next.months_since(*month) == 1) {
                self.push(
                    Problem::warning(
                        path,
                        format!("the limits from {month} rest on that one month: the next recalculation starts a month later"),
                    )
                    .at(*line, *column)
                    .field(field)
                    .hint("keep the recalculation at the month the process changed, and remove the other"),
                );
            }
        }
    }
}
