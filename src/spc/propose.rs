//! Proposed recalculations: where a sustained shift makes new process limits appropriate,
//! found on the XmR chart as drawn, and offered to a person to accept with a reason. Pure
//! maths, beside [`super::analyse`]; nothing here moves a limit.
//!
//! The rule (a cautious reading of autospc's "Stable Shift Algorithm"; Making Data Count
//! recalculates only when a change is sustained, and only a person knows whether it is
//! understood), applied within the latest period only, the one after the last accepted
//! `recalculate_at`:
//! 1. a run of at least [`PROPOSAL_RUN`] points in a row strictly on one side of the
//!    period's centre line (longer than the chart's shift rule of 6, so that a proposal
//!    is rarer than a signal) says the level has moved; the candidate period starts where
//!    the cumulative sum of deviations from the centre line turns before the run (where
//!    the level most likely changed), or else at the run's first points;
//! 2. the period before the candidate keeps at least [`PERIOD_MIN`] points, and the
//!    candidate has at least [`PERIOD_MIN`] points up to the report month (the same
//!    minimum as limits on a first chart);
//! 3. the change is sustained: at least [`MAJORITY_PERCENT`] % of the candidate's points lie
//!    on the run's side of the old centre line;
//! 4. the candidate's own limits hold: no run of [`PROPOSAL_RUN`] points back on the old
//!    side of its own centre line, and no point beyond its own limit on that side.
//!
//! A candidate that passes is proposed, and the stretches before and after it are searched
//! the same way, each as a period of its own (so a long history, or a staircase of steps,
//! can get more than one proposal); one that fails is passed over for the next run.

use serde::Serialize;

use super::{Lines, Side, SpcSettings, MIN_POINTS_FOR_LIMITS};

/// Points in a row on one side of the centre line that start a candidate period: autospc's
/// shift-rule threshold, two more than the chart's own shift rule.
pub const PROPOSAL_RUN: usize = 8;
/// Points each period needs, before and after a proposed recalculation: the same as limits
/// need on any chart.
pub const PERIOD_MIN: usize = MIN_POINTS_FOR_LIMITS;
/// The share (in per cent) of the candidate's points that must lie on the run's side of
/// the old centre line.
pub const MAJORITY_PERCENT: usize = 80;

/// How many points into a run a new period may start.
const LATE_START: usize = 2;

/// A recalculation the figures suggest, with the evidence for it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Proposal {
    /// The 0-based index of the point that would start the new period.
    pub index: usize,
    /// The side of the old centre line the new period lies on.
    pub side: Side,
    /// How many points from `index` to the end lie on that side of the old centre line.
    pub on_side: usize,
    /// How many points there are from `index` to the end, or to the next proposal.
    pub points: usize,
    /// The centre line the points are judged against now.
    pub old_mean: f64,
    /// The centre line the new period would have.
    pub new_mean: f64,
}

/// The recalculations proposed for a series, oldest first, under the rule in the module
/// documentation. Respects `settings.recalculate_at` (only the latest period is searched)
/// and `settings.baseline` (the first period's centre line comes from its baseline).
/// Never panics; a short series gives none.
pub fn propose(values: &[f64], settings: &SpcSettings) -> Vec<Proposal> {
    let n = values.len();
    let start = settings
        .recalculate_at
        .iter()
        .copied()
        .filter(|&i| i < n)
        .max()
        .unwrap_or(0);
    let baseline = settings.baseline.filter(|&b| start == 0 && b > 0);
    let mut out = Vec::new();
    search(values, (start, n), baseline, &mut out);
    out
}

/// Searches the stretch `start..end` as one period: the first candidate that passes is
/// proposed, then the stretches before it (a staircase hides its earlier steps behind one
/// centre line) and after it are searched in turn, each with its own centre line.
fn search(
    values: &[f64],
    (start, end): (usize, usize),
    baseline: Option<usize>,
    out: &mut Vec<Proposal>,
) {
    if end.saturating_sub(start) < 2 * PERIOD_MIN {
        return;
    }
    let basis_end = baseline.map_or(end, |b| end.min(start + b));
    let old = Lines::from_values(&values[start..basis_end]);
    let found = candidates(&values[..end], start, old.mean)
        .into_iter()
        .take_while(|&(s, _)| end - s >= PERIOD_MIN)
        .find_map(|(s, side)| judge(&values[s..end], s, side, old.mean));
    if let Some(p) = found {
        search(values, (start, p.index), baseline, out);
        out.push(p);
        search(values, (p.index, end), None, out);
    }
}

/// The starts of every run of [`PROPOSAL_RUN`] points on one side of `mean` that leaves at
/// least [`PERIOD_MIN`] points of the period before it, with the run's side.
fn candidates(values: &[f64], start: usize, mean: f64) -> Vec<(usize, Side)> {
    let side_of = |v: f64| {
        if v > mean {
            Some(Side::High)
        } else if v < mean {
            Some(Side::Low)
        } else {
            None
        }
    };
    let mut out = Vec::new();
    let mut i = start;
    while i < values.len() {
        let Some(side) = side_of(values[i]) else {
            i += 1;
            continue;
        };
        let mut end = i + 1;
        while end < values.len() && side_of(values[end]) == Some(side) {
            end += 1;
        }
        if end - i >= PROPOSAL_RUN && i - start >= PERIOD_MIN {
            // Where the level changed: the turn of the cumulative sum of deviations from
            // the centre line, at or before the run (a run can begin a little after the
            // change when the first points after it fall on the old side by chance).
            let at = change_point(values, start, i + LATE_START.min(end - i - 1), mean, side);
            out.push((at, side));
            // The run itself, up to LATE_START points in, in case a stray point at its head
            // sinks the estimate.
            for s in i..=i + LATE_START {
                if end >= s + PROPOSAL_RUN && s != at {
                    out.push((s, side));
                }
            }
        }
        i = end;
    }
    out
}

/// The index in `start + PERIOD_MIN ..= last` where the cumulative sum of deviations from
/// `mean` turns: its highest point before a fall to the low side, its lowest before a rise.
fn change_point(values: &[f64], start: usize, last: usize, mean: f64, side: Side) -> usize {
    let mut sum = 0.0;
    let mut best = (f64::NEG_INFINITY, last);
    for (k, v) in values.iter().enumerate().take(last + 1).skip(start) {
        // The sum over the points before k: the level change starts at k.
        if k >= start + PERIOD_MIN {
            let score = match side {
                Side::Low => sum,
                Side::High => -sum,
            };
            if score > best.0 {
                best = (score, k);
            }
        }
        sum += v - mean;
    }
    best.1
}

/// The proposal for a candidate period `tail` starting at `index`, when it is sustained
/// and its own limits hold.
fn judge(tail: &[f64], index: usize, side: Side, old_mean: f64) -> Option<Proposal> {
    let beyond_old = |v: f64| match side {
        Side::High => v > old_mean,
        Side::Low => v < old_mean,
    };
    let on_side = tail.iter().filter(|&&v| beyond_old(v)).count();
    if on_side * 100 < MAJORITY_PERCENT * tail.len() {
        return None;
    }
    let new = Lines::from_values(tail);
    // "Back" is the old centre line's side of the new one.
    let back = |v: f64| match side {
        Side::High => v < new.mean,
        Side::Low => v > new.mean,
    };
    let beyond_limit = |v: f64| match side {
        Side::High => v < new.lower,
        Side::Low => v > new.upper,
    };
    let longest_back = tail
        .split(|&v| !back(v))
        .map(<[f64]>::len)
        .max()
        .unwrap_or(0);
    if longest_back >= PROPOSAL_RUN || tail.iter().any(|&v| beyond_limit(v)) {
        return None;
    }
    Some(Proposal {
        index,
        side,
        on_side,
        points: tail.len(),
        old_mean,
        new_mean: new.mean,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Polarity;

    /// A deterministic generator (xorshift64*) with normal deviates by Box–Muller, so the
    /// simulated series are the same on every machine.
    struct Rng(u64);

    impl Rng {
        fn uniform(&mut self) -> f64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
            ((x >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }

        fn normal(&mut self) -> f64 {
            let (u, v) = (self.uniform(), self.uniform());
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        }

        /// `n` points of mean 100 and standard deviation 5, stepping by `step` standard
        /// deviations from index `at`.
        fn series(&mut self, n: usize, at: usize, step: f64) -> Vec<f64> {
            (0..n)
                .map(|i| 100.0 + 5.0 * (self.normal() + if i >= at { step } else { 0.0 }))
                .collect()
        }
    }

    fn settings() -> SpcSettings {
        SpcSettings::new(Polarity::Up)
    }

    fn indices(values: &[f64], s: &SpcSettings) -> Vec<usize> {
        propose(values, s).iter().map(|p| p.index).collect()
    }

    /// A clean step: 30 points near 50, then 30 near 40.
    fn step_series() -> Vec<f64> {
        let wobble = [0.0, 1.0, -1.0, 0.5, -0.5];
        (0..60)
            .map(|i| if i < 30 { 50.0 } else { 40.0 } + wobble[i % 5])
            .collect()
    }

    #[test]
    fn a_clear_step_is_proposed_where_it_happened_with_its_evidence() {
        let v = step_series();
        let p = propose(&v, &settings());
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].index, 30);
        assert_eq!(p[0].side, Side::Low);
        assert_eq!((p[0].on_side, p[0].points), (30, 30));
        assert!((p[0].old_mean - 45.0).abs() < 1e-9);
        assert!((p[0].new_mean - 40.0).abs() < 1e-9);
    }

    #[test]
    fn an_accepted_month_is_never_proposed_and_only_the_latest_period_is_searched() {
        let v = step_series();
        let mut s = settings();
        s.recalculate_at = vec![30];
        assert!(indices(&v, &s).is_empty());
        // Accepted later than the step: the step is in an earlier period and left alone.
        s.recalculate_at = vec![45];
        assert!(indices(&v, &s).is_empty());
    }

    #[test]
    fn too_few_points_after_the_step_give_no_proposal_yet() {
        let v = step_series();
        assert!(indices(&v[..30 + PERIOD_MIN - 1], &settings()).is_empty());
        assert_eq!(indices(&v[..30 + PERIOD_MIN], &settings()), vec![30]);
    }

    #[test]
    fn two_steps_give_two_proposals_and_accepting_the_first_leaves_the_second() {
        let mut v = step_series();
        v.extend(step_series()[..30].iter().map(|x| x - 20.0));
        assert_eq!(indices(&v, &settings()), vec![30, 60]);
        let mut s = settings();
        s.recalculate_at = vec![30];
        assert_eq!(indices(&v, &s), vec![60]);
        s.recalculate_at = vec![30, 60];
        assert!(indices(&v, &s).is_empty());
    }

    #[test]
    fn a_shift_that_reverts_is_not_proposed() {
        // Down for 10 points (a shift on the chart), then back up for good: the dip is too
        // short to be a period of its own, so it is never proposed.
        let mut v = step_series();
        for x in &mut v[40..] {
            *x += 10.0;
        }
        let found = indices(&v, &settings());
        assert!(!found.contains(&30), "{found:?}");
        // Held for 14 points, the dip is a period of its own: two proposals.
        let mut v = step_series();
        for x in &mut v[44..] {
            *x += 10.0;
        }
        assert_eq!(indices(&v, &settings()), vec![30, 44]);
    }

    #[test]
    fn odd_input_never_panics() {
        for n in 0..40 {
            let v: Vec<f64> = (0..n).map(|i| (i % 3) as f64).collect();
            for recalc in [vec![], vec![0], vec![5], vec![100]] {
                let s = SpcSettings {
                    polarity: Polarity::Neutral,
                    target: None,
                    baseline: Some(n / 2),
                    recalculate_at: recalc,
                };
                let _ = propose(&v, &s);
            }
        }
        assert!(propose(&[f64::NAN; 40], &settings()).is_empty());
    }

    /// The rule's operating characteristics on simulated series, asserted so they cannot
    /// drift unnoticed: run `cargo test --release --lib simulated -- --nocapture` to print
    /// them.
    #[test]
    fn simulated_false_alarms_are_rare_and_steps_are_found_near_where_they_happened() {
        const SERIES: usize = 2000;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let s = settings();
        for n in [36usize, 60, 108] {
            let alarms = (0..SERIES)
                .filter(|_| !propose(&rng.series(n, n, 0.0), &s).is_empty())
                .count();
            let rate = alarms as f64 / SERIES as f64;
            println!("in control, {SERIES} series of {n}: {alarms} with a proposal ({rate:.3})");
            assert!(rate < 0.02, "false-alarm rate {rate} on {n} points");
        }
        // A step in the middle of nine years; found when a proposal lands within two
        // months of it, with the delay the months of data after the step it needed.
        for step in [1.0, 1.5, 2.0, 3.0] {
            let (mut found, mut delay) = (0usize, 0usize);
            for _ in 0..SERIES {
                let v = rng.series(108, 54, -step);
                let first = (54 + PERIOD_MIN..=108).find(|&end| {
                    propose(&v[..end], &s)
                        .iter()
                        .any(|p| p.index.abs_diff(54) <= 2)
                });
                if let Some(end) = first {
                    found += 1;
                    delay += end - 54;
                }
            }
            let rate = found as f64 / SERIES as f64;
            let mean_delay = delay as f64 / found.max(1) as f64;
            println!(
                "step of {step} sd at month 55 of 108, {SERIES} series: found within 2 months \
                 in {found} ({rate:.3}), after {mean_delay:.1} months of data on average"
            );
            if step >= 3.0 {
                assert!(rate > 0.98, "3 sd step found in only {rate}");
            }
            if step >= 1.5 {
                assert!(rate > 0.75, "{step} sd step found in only {rate}");
            }
        }
    }
}
