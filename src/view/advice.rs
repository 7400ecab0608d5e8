//! SPC advice in the reader's words: the evidence for a proposed recalculation (for
//! `scorecard check` and the detail chart's note), a trajectory's last step (for the chart's
//! alt text), and why this month's RAG mark and the assurance icon can disagree (for the
//! needs-attention reasons). Pure functions of the figures and the words' [`Table`].

use super::words::{fill, Table};
use crate::figures::{IndicatorFigures, Rag};
use crate::format::format_in_unit;
use crate::model::{Polarity, YearMonth};
use crate::spc::{Assurance, Proposal, Side};

/// The evidence for a proposal, e.g. "21 of the 23 months since July 2018 are below the
/// centre line; new limits from July 2018 hold every later month"; `last` is the last month
/// it covers when another proposal follows it.
pub fn evidence(t: &Table, month: YearMonth, p: &Proposal, last: Option<YearMonth>) -> String {
    let w = &t.advice_words;
    let side = match p.side {
        Side::High => w.sides[0],
        Side::Low => w.sides[1],
    };
    let last_name = last.map(|m| t.long(m)).unwrap_or_default();
    fill(
        if last.is_some() {
            w.evidence_until
        } else {
            w.evidence
        },
        &[
            ("on", &p.on_side.to_string()),
            ("n", &p.points.to_string()),
            ("month", &t.long(month)),
            ("last", &last_name),
            ("side", side),
        ],
    )
}

/// `scorecard check`'s note for an indicator with proposals (each month and its evidence),
/// and the hint that says how to accept them, with the YAML to put under the indicator
/// (its recalculations already accepted kept, with their reasons); none without proposals.
pub fn check_note(t: &Table, f: &IndicatorFigures, file: &str) -> Option<(String, String)> {
    let w = &t.advice_words;
    if f.proposals.is_empty() {
        return None;
    }
    let note = f
        .proposals
        .iter()
        .enumerate()
        .map(|(k, (month, p))| {
            let last = f.proposals.get(k + 1).map(|(next, _)| next.plus(-1));
            let evidence = evidence(t, *month, p, last);
            fill(
                w.check_note,
                &[("month", &t.long(month)), ("evidence", &evidence)],
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let hint = fill(w.check_hint, &[("id", &f.indicator.id), ("file", file)]);
    let accepted = f.indicator.spc.recalculate_at.iter().map(|m| {
        let reason = f
            .indicator
            .events
            .iter()
            .find(|e| e.recalculation && e.month == *m)
            .map(|e| e.text.as_str())
            .map(|text| {
                text.strip_prefix("SPC limits recalculated: ")
                    .unwrap_or(text)
            });
        (*m, reason.unwrap_or(w.reason_placeholder).to_string())
    });
    let proposed = f
        .proposals
        .iter()
        .map(|(m, _)| (*m, w.reason_placeholder.to_string()));
    let mut yaml = format!("{hint}\n        spc:\n          recalculate_at:");
    for (m, reason) in accepted.chain(proposed) {
        let quoted = serde_json::to_string(&reason).unwrap_or_default();
        yaml.push_str(&format!("\n            - {{month: {m}, reason: {quoted}}}"));
    }
    Some((note, yaml))
}

/// The months in words, "July 2018", "July 2018 and March 2021", "A, B and C".
fn month_list(t: &Table, months: &[YearMonth]) -> String {
    let names: Vec<String> = months.iter().map(|m| t.long(m)).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{}{}{last}", rest.join(", "), t.advice_words.and),
    }
}

/// The note the detail chart and its alt text carry when recalculations are proposed.
pub fn chart_note(t: &Table, f: &IndicatorFigures) -> Option<String> {
    let w = &t.advice_words;
    let months: Vec<YearMonth> = f.proposals.iter().map(|(m, _)| *m).collect();
    match months.len() {
        0 => None,
        1 => Some(fill(w.chart_note, &[("month", &t.long(months[0]))])),
        _ => Some(fill(w.chart_notes, &[("months", &month_list(t, &months))])),
    }
}

/// The planned target's last step after the report month, in the alt text's words
/// (" The planned target rises to 78% by March 2025."); none without a later step.
pub fn trajectory(t: &Table, f: &IndicatorFigures) -> Option<String> {
    let w = &t.advice_words;
    let (Some(from), last) = f.indicator.target.steps.last().copied()? else {
        return None;
    };
    if from <= f.month {
        return None;
    }
    let moves = match f.target {
        Some(now) if last > now => w.moves[0],
        Some(now) if last < now => w.moves[1],
        Some(_) => w.moves[2],
        None => w.moves[2],
    };
    let target = format_in_unit(last, &f.indicator.unit, f.indicator.decimals);
    Some(fill(
        w.trajectory,
        &[
            ("moves", moves),
            ("target", &target),
            ("month", &t.long(from)),
        ],
    ))
}

/// The month the last section of limits starts, and how many months it spans.
fn last_section(f: &IndicatorFigures) -> Option<(YearMonth, usize)> {
    let last = f.spc.points.last()?;
    let same = f
        .spc
        .points
        .iter()
        .rev()
        .take_while(|p| p.mean == last.mean && p.upper == last.upper)
        .count();
    let first = *f.spc_months.get(f.spc_months.len() - same)?;
    Some((first, same))
}

/// A needs-attention reason with, when this month's RAG mark and the assurance icon
/// disagree, why they can: the limits span many months, and describe the process over all
/// of them rather than this month. `reason` is the plain words; `fail` says whether the
/// reason is the assurance's (else it is the floor's).
pub fn explain_disagreement(t: &Table, f: &IndicatorFigures, reason: String, fail: bool) -> String {
    let w = &t.advice_words;
    let disagree = match (f.spc.assurance, f.rag) {
        (Assurance::Fail, Some(Rag::Green)) if fail => w.fail_but_met,
        (Assurance::Pass, Some(Rag::Red)) if !fail => w.below_but_pass,
        _ => return reason,
    };
    let Some((first, n)) = last_section(f) else {
        return reason;
    };
    // The limits sit on the side the icon says: below a target that higher values meet.
    let below = matches!(
        (f.spc.assurance, f.indicator.polarity),
        (Assurance::Fail, Polarity::Up) | (Assurance::Pass, Polarity::Down)
    );
    let side = w.sides[usize::from(below)];
    let proposal = f
        .proposals
        .last()
        .map(|(m, _)| fill(w.proposed, &[("month", &t.long(m))]))
        .unwrap_or_default();
    fill(
        disagree,
        &[
            ("reason", &reason),
            ("month", &t.long(f.month)),
            ("n", &n.to_string()),
            ("first", &t.long(first)),
            ("side", side),
            ("proposal", &proposal),
        ],
    )
}
