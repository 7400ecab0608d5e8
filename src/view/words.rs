//! Every word a reader sees, in one table per language. [`ENGLISH`] is the only table
//! today; a report in Welsh is one more [`Table`], not a template fork. Fixed words an
//! edition prints around the figures travel in the view as [`Words`]; sentences that
//! carry a figure or a month are templates whose `{name}` placeholders [`fill`] replaces.

use std::borrow::Borrow;

use chrono::Datelike;
use serde::Serialize;

use crate::model::YearMonth;

/// Page furniture: the fixed words an edition prints around the figures.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Words {
    /// `Page` in "Page 2 of 5".
    pub page: &'static str,
    /// `of` in "Page 2 of 5".
    pub of: &'static str,
    /// Before the data's date.
    pub data_as_at: &'static str,
    /// The summary page's heading.
    pub summary: &'static str,
    /// The matrix's heading.
    pub matrix: &'static str,
    /// The matrix's top-left cell.
    pub matrix_corner: &'static str,
    /// The contents list's heading.
    pub contents: &'static str,
    /// The detail pages' heading (and their contents entry).
    pub detail_pages: &'static str,
    /// The reference column.
    pub reference: &'static str,
    /// The indicator column.
    pub indicator: &'static str,
    /// The outcome column.
    pub outcome: &'static str,
    /// The attention list's reasons column.
    pub why: &'static str,
    /// The attention list's page column.
    pub page_column: &'static str,
    /// The section column.
    pub section: &'static str,
    /// After a section's label on a page it continues onto.
    pub continued: &'static str,
    /// The direction-of-travel column.
    pub direction: &'static str,
    /// The 12-month average column.
    pub average_column: &'static str,
    /// The 12-month maximum column.
    pub maximum_column: &'static str,
    /// The detail panel's 12-month line.
    pub average: &'static str,
    /// `maximum` in that line.
    pub maximum: &'static str,
    /// The detail panel's SPC line.
    pub spc: &'static str,
    /// Before a detail panel's reasons.
    pub needs_attention: &'static str,
    /// Before a detail panel's events.
    pub events: &'static str,
    /// The link from a detail panel to its row, before the page number.
    pub row_link: &'static str,
    /// An empty matrix cell.
    pub empty: &'static str,
    /// The web page's link past the summary to the tables.
    pub skip_link: &'static str,
    /// The legend's heading as a web page heading.
    pub legend_title: &'static str,
    /// The web page's key to its shorthand.
    pub shorthand_heading: &'static str,
    /// What `[x]` stands for.
    pub not_available: &'static str,
    /// What `[z]` stands for.
    pub not_applicable_key: &'static str,
    /// The legend's other notes, on the web page (whose shorthand has its own key).
    pub web_notes: &'static str,
    /// A commentary cell with no commentary, on the web page (which has no blank cells).
    pub no_commentary: &'static str,
    /// The link from a detail panel back to its row, on the web page.
    pub back_to_row: &'static str,

    // The web page's indicator blocks and the index of a folder of months.
    /// After an indicator's name, the caption of its small table of figures.
    pub figures_caption: &'static str,
    /// Added to that caption when the table has the 12-month columns.
    pub figures_window: &'static str,
    /// Added to that caption when the table has benchmark columns.
    pub figures_benchmarks: &'static str,
    /// The index page's line under its heading.
    pub index_intro: &'static str,
    /// The index's name for a web page.
    pub index_web_page: &'static str,
    /// The index's name for a PDF.
    pub index_pdf: &'static str,
    /// The index's name for a Word document.
    pub index_word: &'static str,
    /// After a file's size in kilobytes.
    pub kilobytes: &'static str,
    // The statistical shorthand an edition may write for a figure that is not a number
    // (the Government Statistical Service's, on the web page).
    /// A withheld figure (`[c]`).
    pub withheld_short: &'static str,
    /// No figure for the month (`[x]`).
    pub missing_short: &'static str,
    /// A figure that does not apply (`[z]`).
    pub not_applicable_short: &'static str,
    /// A figure that does not apply, as the tables print it (`n/a`).
    pub not_applicable: &'static str,
}

/// One language's words: the page furniture and the sentence templates.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Table {
    /// The fixed words.
    pub words: Words,
    /// The months' names, January first.
    pub month_names: [&'static str; 12],
    /// A month in words: `{month} {year}`.
    pub long_month: &'static str,
    /// A month as a column heading: `{abbreviation}-{yy}`, the abbreviation the name's
    /// first three letters.
    pub short_month: &'static str,
    /// A day: `{day} {month} {year}`.
    pub date: &'static str,
    /// The document's metadata keyword.
    pub keyword: &'static str,
    /// `{title} — {month}`.
    pub document_title: &'static str,
    /// `% change from {month}`.
    pub change_from: &'static str,
    /// `Commentary ({month})`.
    pub commentary: &'static str,
    /// `Trend (up to {n} months)`.
    pub trend: &'static str,
    /// `up to the last {n} months`.
    pub trend_legend: &'static str,
    /// Under the detail pages' heading.
    pub detail_intro: &'static str,
    /// The legend's heading.
    pub legend_heading: &'static str,
    /// The arrows' legend entries: (alt, words), improving, worsening, neutral, steady.
    pub arrows: [(&'static str, &'static str); 4],
    /// `DoT = direction of travel: {rule}.`
    pub direction: &'static str,
    /// The direction rules: against the 12-month average, last month, a year ago.
    pub direction_rules: [&'static str; 3],
    /// The shorthand.
    pub notes: &'static str,
    /// The withheld symbol and what it means: `{symbol}`, `{meaning}`.
    pub suppression: &'static str,
    /// What a withheld figure is: `{top}` and `{rounding}`.
    pub suppression_meaning: &'static str,
    /// `; other counts are rounded to the nearest {n}`.
    pub rounding: &'static str,
    /// The RAG legend's lead-in.
    pub rag_intro: &'static str,
    /// The RAG legend's entries: (alt, words), green, amber, red.
    pub rag: [(&'static str, &'static str); 3],
    /// How to read a sparkline: `{months}`.
    pub trend_key: &'static str,
    /// The SPC legend's lead-in.
    pub spc_intro: &'static str,
    /// The SPC legend's entries: (alt, words): common, improvement, concern, neither,
    /// target met, missed, hit and miss.
    pub spc: [(&'static str, &'static str); 7],
    /// `Months {months} are reconstructed …`.
    pub reconstructed: &'static str,
    /// What a trend cell says when its series is withheld.
    pub withheld_trend: &'static str,
    /// Alt text where a trend or SPC icon is withheld.
    pub withheld_trend_alt: &'static str,
    /// The matrix rows: improvement, common, concern, neither, no limits.
    pub variation_rows: [&'static str; 5],
    /// The matrix columns: pass, hit or miss, fail, no target.
    pub assurance_columns: [&'static str; 4],
    /// `and {n} more`.
    pub more: &'static str,
    /// One indicator not assessed.
    pub not_assessed_one: &'static str,
    /// `{n}` indicators not assessed.
    pub not_assessed: &'static str,
    /// `Needs attention ({n})`.
    pub attention_heading: &'static str,
    /// Nothing needs attention in `{month}`.
    pub nothing: &'static str,
    /// The reasons: concern high, concern low, fail, below the floor.
    pub reasons: [&'static str; 4],
    /// `no value for {month}`.
    pub no_value: &'static str,
    /// `no value for {month}; last updated {last}`.
    pub no_value_since: &'static str,
    /// `last updated {month}`, in the month cell.
    pub last_updated: &'static str,
    /// `(no value this month; last updated {month})`, on the detail page.
    pub no_value_note: &'static str,
    /// `1 month` in the window note.
    pub one_month: &'static str,
    /// `{n} months` in the window note.
    pub months: &'static str,
    /// A benchmark that is not published.
    pub local: &'static str,
    /// A direction of travel that does not apply.
    pub not_applicable: &'static str,
    /// `{label} = {name}`: a comparator's heading spelled out in the legend.
    pub comparator: &'static str,
    /// `Input file {name}`: an attached input's description.
    pub attached_input: &'static str,
    /// `Derived figures for {month}`: the attached figures' description.
    pub attached_figures: &'static str,
    /// Trend alt texts; see [`TrendWords`].
    pub trend_words: TrendWords,
    /// SPC and RAG alt texts; see [`SpcWords`].
    pub spc_words: SpcWords,
    /// Sparkline and chart alt texts; see [`ChartWords`].
    pub chart_words: ChartWords,
    /// Proposed recalculations, trajectories and icons that disagree with the mark; see
    /// [`AdviceWords`].
    pub advice_words: AdviceWords,
    /// The commentary workbook's headings and suggested openings; see
    /// [`CommentaryWords`].
    pub commentary_words: CommentaryWords,

    // What `send` writes around a document.
    /// A revised pack's email subject: `Revised: {subject}`.
    pub revised: &'static str,
}

// Proposed recalculations, trajectories, and a mark that disagrees with the assurance
// icon: the words of `scorecard check`'s notes, the detail chart and its alt text.
/// The words that explain SPC advice.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct AdviceWords {
    /// `{on} of the {n} months since {month} are {side} the centre line; new limits from
    /// {month} hold every later month`.
    pub evidence: &'static str,
    /// The same for a proposal followed by another: `{on} of the {n} months from {month} to
    /// {last} are {side} the centre line; new limits from {month} hold every month to {last}`.
    pub evidence_until: &'static str,
    /// above, below (the centre line).
    pub sides: [&'static str; 2],
    /// `a recalculation of the SPC limits from {month} is proposed: {evidence}`.
    pub check_note: &'static str,
    /// `if the change is sustained and you know its cause, accept it under `{id}` in
    /// {file} (nothing is changed until you do):`.
    pub check_hint: &'static str,
    /// The reason written in the YAML to accept, for the analyst to replace.
    pub reason_placeholder: &'static str,
    /// `a recalculation from {month} is proposed: see `scorecard check``, on the chart.
    pub chart_note: &'static str,
    /// `recalculations from {months} are proposed: see `scorecard check``.
    pub chart_notes: &'static str,
    /// ` and ` between the last two of a list of months.
    pub and: &'static str,
    /// ` The planned target {moves} {target} by {month}.` in the chart's alt text.
    pub trajectory: &'static str,
    /// rises to, falls to, stays at.
    pub moves: [&'static str; 3],
    /// The label over the months drawn ahead of the data.
    pub plan: &'static str,
    /// After "target consistently missed" when this month meets the target:
    /// `{reason}, though {month} meets it: the limits span the {n} months since {first}
    /// and sit {side} the target{proposal}`.
    pub fail_but_met: &'static str,
    /// After "below the floor" when the limits say the target is consistently met.
    pub below_but_pass: &'static str,
    /// `; a recalculation from {month} is proposed`.
    pub proposed: &'static str,
}

/// The words of a change's or a direction's alt text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct TrendWords {
    /// `from last month`.
    pub from_last_month: &'static str,
    /// `from the same month last year`.
    pub from_last_year: &'static str,
    /// up, down, steady.
    pub arrows: [&'static str; 3],
    /// improving, worsening, neither.
    pub judgements: [&'static str; 3],
    /// `{arrow} {change} {context}, {judgement}`.
    pub change: &'static str,
    /// A change in percentage points as printed: `{n} pts`, after its sign.
    pub points: &'static str,
    /// The same, spoken: `{n} percentage points`.
    pub points_spoken: &'static str,
    /// `change {context} withheld to protect small numbers`.
    pub withheld: &'static str,
    /// `change {context} not applicable`.
    pub not_applicable: &'static str,
    /// `change {context} not available`.
    pub not_available: &'static str,
    /// `direction of travel {arrow}, {judgement}`.
    pub direction: &'static str,
    /// The direction of travel withheld.
    pub direction_withheld: &'static str,
    /// No direction of travel.
    pub direction_not_available: &'static str,
}

/// The words of the SPC icons' and the RAG mark's alt text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct SpcWords {
    /// No limits.
    pub no_limits: &'static str,
    /// common, improvement high, low, concern high, low, neither high, low.
    pub variations: [&'static str; 7],
    /// `Variation: {variation}{assurance}`.
    pub variation: &'static str,
    /// `; will consistently meet the target of {target}`.
    pub pass: &'static str,
    /// `; will consistently miss the target of {target}`.
    pub fail: &'static str,
    /// `; will hit and miss the target of {target} at random`.
    pub hit_or_miss: &'static str,
    /// RAG green, amber, red: `{target}`.
    pub rag: [&'static str; 3],
}

/// The words of the sparklines' and the detail charts' alt text.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ChartWords {
    /// `Trend of {title}: no data in the {n} months to {month}.`
    pub spark_empty: &'static str,
    /// `Trend of {title} from {first} to {last}: {points}.`
    pub spark: &'static str,
    /// `{month} no data`.
    pub gap_one: &'static str,
    /// `{first} to {last} no data`.
    pub gap: &'static str,
    /// ` Target {target}.`
    pub target: &'static str,
    /// ` Mean {mean}, process limits {lower} to {upper}.`
    pub limits: &'static str,
    /// ` Marked: {events}.`
    pub marked: &'static str,
    /// ` Events marked: {events}.`
    pub events_marked: &'static str,
    /// `SPC chart of {title}: no data up to {month}.{events}`
    pub chart_empty: &'static str,
    /// `SPC chart of {title}, {first} to {last}, {n} months with data.`
    pub chart: &'static str,
    /// ` Latest value {value} in {month}.`
    pub latest: &'static str,
    /// ` No value for {month}.`
    pub no_value: &'static str,
    /// ` Mean {mean}; too few months for process limits.`
    pub mean_only: &'static str,
    /// The signals: improvement, concern, neither.
    pub signals: [&'static str; 3],
    /// high, low.
    pub sides: [&'static str; 2],
    /// `{signal} ({side}) in {months}`.
    pub signal: &'static str,
    /// ` Common cause variation only.`
    pub common_only: &'static str,
    /// ` Signals: {signals}.`
    pub signals_list: &'static str,
    /// What an empty detail chart says.
    pub no_values: &'static str,
}

/// The words of a commentary workbook (`scorecard commentary request`): its headings and
/// the suggested opening sentence built from the figures.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CommentaryWords {
    /// `Organisation`, `Report`, `Month`, `Owner`, `Due by`: the labels at the top.
    pub top: [&'static str; 5],
    /// What the owner is asked to do, under the labels.
    pub instructions: &'static str,
    /// The 12-month average column.
    pub average: &'static str,
    /// The target column.
    pub target: &'static str,
    /// The SPC column.
    pub spc: &'static str,
    /// The trend column (the sparkline).
    pub trend: &'static str,
    /// `Commentary for {month}` before last: last month's.
    pub last_month: &'static str,
    /// The suggested opening's column (checks use exactly `Suggested opening`).
    pub suggested: &'static str,
    /// `Commentary for {month}`: the one editable column.
    pub editable: &'static str,
    /// `{value} in {month}`.
    pub opening: &'static str,
    /// `no value for {month}`.
    pub opening_missing: &'static str,
    /// Changes: up, down, level: `{change}`, `{month}`.
    pub changes: [&'static str; 3],
    /// `{first} and {second}`.
    pub and: &'static str,
    /// The title of the message a spreadsheet shows for commentary that is too long.
    pub too_long_title: &'static str,
    /// Its text: `{limit}`.
    pub too_long: &'static str,
    /// Against the average: above, below, at: `{average}`.
    pub against_average: [&'static str; 3],
}

/// A figure that does not apply, in English: the tables' text, and what a web page's
/// shorthand recognises.
const ENGLISH_NOT_APPLICABLE: &str = "n/a";

/// The English words.
pub const ENGLISH: Table = Table {
    month_names: crate::model::MONTH_NAMES,
    long_month: "{month} {year}",
    short_month: "{abbreviation}-{yy}",
    date: "{day} {month} {year}",
    words: Words {
        page: "Page",
        of: "of",
        data_as_at: "Data as at",
        summary: "Summary",
        matrix: "Making Data Count: variation and assurance of every indicator",
        matrix_corner: "Variation \u{2193}, assurance \u{2192}",
        contents: "Contents",
        detail_pages: "Detail pages: SPC charts",
        reference: "Ref",
        indicator: "Indicator",
        outcome: "Outcome",
        why: "Why",
        page_column: "Page",
        section: "Section",
        continued: "(cont.)",
        direction: "DoT",
        average_column: "12-mth avg",
        maximum_column: "12-mth max",
        average: "12-month average",
        maximum: "maximum",
        spc: "SPC",
        needs_attention: "Needs attention:",
        events: "Events:",
        row_link: "Row in the table, page",
        empty: "\u{2013}",
        skip_link: "Skip to the indicators",
        legend_title: "How to read this scorecard",
        shorthand_heading: "Shorthand in the tables",
        not_available: "not available: no figure for the month",
        not_applicable_key: "not applicable: the base is zero or negative (a change from a negative figure has no meaningful percentage), or the denominator is zero",
        web_notes: "Local = no published benchmark; \u{201c}last updated\u{201d} = no value this month, the latest is from the month shown.",
        no_commentary: "No commentary this month",
        back_to_row: "Back to the indicator\u{2019}s figures",
        figures_caption: "figures by month",
        figures_window: "12-month average and maximum",
        figures_benchmarks: "benchmarks",
        index_intro: "Every scorecard in this folder, the newest month first.",
        index_web_page: "web page",
        index_pdf: "PDF",
        index_word: "Word document",
        kilobytes: "KB",
        withheld_short: "[c]",
        missing_short: "[x]",
        not_applicable_short: "[z]",
        not_applicable: ENGLISH_NOT_APPLICABLE,
    },
    keyword: "performance scorecard",
    document_title: "{title} \u{2014} {month}",
    change_from: "% change from {month}",
    commentary: "Commentary ({month})",
    trend: "Trend (up to {n} months)",
    trend_legend: "up to the last {n} months",
    detail_intro: "Each chart: every month with data up to {month}. Dots = monthly values; shaded band = process limits (dashed edges), grey line = mean; dashed red = target; blue circle = special cause improvement, orange triangle = concern, purple cross = neither; numbered dashed line = an event (long dashes: limits recalculated).",
    legend_heading: "How to read this scorecard.",
    arrows: [
        ("filled triangle: improving", "improving"),
        ("hollow triangle: worsening", "worsening"),
        ("thin arrow: neither direction is better", "up/down, neither is better"),
        ("diamond: steady", "steady (within {band})"),
    ],
    direction: "DoT = direction of travel: {rule}.",
    direction_rules: [
        "latest month against the 12-month average",
        "latest month against the previous month",
        "latest month against the same month last year",
    ],
    notes: "Local = no published benchmark; n/a = not applicable (a zero or negative base, or a zero denominator); \u{2013} = no data; \u{201c}last updated\u{201d} = no value this month, the latest is from the month shown.",
    suppression: "{symbol} = {meaning}.",
    suppression_meaning: "withheld to protect small numbers (counts of 1 to {top}, and figures derived from them){rounding}",
    rounding: "; other counts are rounded to the nearest {n}, and the percentages, rates, changes and directions of travel are worked out from the rounded counts, so they can differ from figures worked out from the exact counts",
    rag_intro: "RAG against target and floor:",
    rag: [
        ("circle with G: on target", "on target"),
        ("triangle with A: floor met, target missed", "floor met"),
        ("square with R: below the floor", "below the floor"),
    ],
    trend_key: "Trend: {months}, latest month ringed; shaded band = SPC process limits, grey line = mean, dashed red = target, tick at the foot = an event.",
    spc_intro: "SPC (Making Data Count):",
    spc: [
        ("grey circle: common cause variation", "common cause"),
        ("blue circle with H or L: special cause improvement", "improvement (H high, L low)"),
        ("orange circle with H or L: special cause concern", "concern"),
        ("purple circle with H or L: special cause, neither better nor worse", "neither"),
        ("P: target consistently met", "target met"),
        ("F: target consistently missed", "missed"),
        ("question mark: target hit and miss", "hit and miss"),
    ],
    reconstructed: "Months {months} are reconstructed from published aggregates, not reported figures.",
    withheld_trend: "Not shown (small numbers)",
    withheld_trend_alt: "Trend not shown: it includes figures withheld to protect small numbers",
    variation_rows: [
        "Special cause improvement",
        "Common cause",
        "Special cause concern",
        "Special cause, neither better nor worse",
        "Too few months for limits",
    ],
    assurance_columns: [
        "Target consistently met",
        "Target hit and miss",
        "Target consistently missed",
        "No target, or not assessed",
    ],
    more: "and {n} more",
    not_assessed_one: "1 indicator is not assessed: its series includes figures withheld to protect small numbers.",
    not_assessed: "{n} indicators are not assessed: their series include figures withheld to protect small numbers.",
    attention_heading: "Needs attention ({n})",
    nothing: "Nothing needs attention in {month}: no special cause concern, no target the process will consistently miss, nothing below its floor and no value missing.",
    reasons: [
        "special cause concern: the latest value is unusually high",
        "special cause concern: the latest value is unusually low",
        "the target will consistently be missed (SPC assurance)",
        "below the floor (RAG red)",
    ],
    no_value: "no value for {month}",
    no_value_since: "no value for {month}; last updated {last}",
    last_updated: "last updated {month}",
    no_value_note: "(no value this month; last updated {month})",
    one_month: "1 month",
    months: "{n} months",
    local: "Local",
    not_applicable: ENGLISH_NOT_APPLICABLE,
    comparator: "{label} = {name}",
    attached_input: "Input file {name}",
    attached_figures: "Derived figures for {month}",
    trend_words: TrendWords {
        from_last_month: "from last month",
        from_last_year: "from the same month last year",
        arrows: ["up", "down", "steady"],
        judgements: ["improving", "worsening", "no better or worse"],
        change: "{arrow} {change} {context}, {judgement}",
        points: "{n}\u{a0}pts",
        points_spoken: "{n} percentage points",
        withheld: "change {context} withheld to protect small numbers",
        not_applicable: "change {context} not applicable",
        not_available: "change {context} not available",
        direction: "direction of travel {arrow}, {judgement}",
        direction_withheld: "direction of travel withheld to protect small numbers",
        direction_not_available: "direction of travel not available",
    },
    spc_words: SpcWords {
        no_limits: "Too few months for SPC limits",
        variations: [
            "common cause variation",
            "special cause improvement, high",
            "special cause improvement, low",
            "special cause concern, high",
            "special cause concern, low",
            "special cause, higher (neither better nor worse)",
            "special cause, lower (neither better nor worse)",
        ],
        variation: "Variation: {variation}{assurance}",
        pass: "; will consistently meet the target of {target}",
        fail: "; will consistently miss the target of {target}",
        hit_or_miss: "; will hit and miss the target of {target} at random",
        rag: [
            "RAG green: the target of {target} is met",
            "RAG amber: the floor is met, the target of {target} is not",
            "RAG red: below the floor (target {target})",
        ],
    },
    chart_words: ChartWords {
        spark_empty: "Trend of {title}: no data in the {n} months to {month}.",
        spark: "Trend of {title} from {first} to {last}: {points}.",
        gap_one: "{month} no data",
        gap: "{first} to {last} no data",
        target: " Target {target}.",
        limits: " Mean {mean}, process limits {lower} to {upper}.",
        marked: " Marked: {events}.",
        events_marked: " Events marked: {events}.",
        chart_empty: "SPC chart of {title}: no data up to {month}.{events}",
        chart: "SPC chart of {title}, {first} to {last}, {n} months with data.",
        latest: " Latest value {value} in {month}.",
        no_value: " No value for {month}.",
        mean_only: " Mean {mean}; too few months for process limits.",
        signals: [
            "special cause improvement",
            "special cause concern",
            "special cause, neither better nor worse",
        ],
        sides: ["high", "low"],
        signal: "{signal} ({side}) in {months}",
        common_only: " Common cause variation only.",
        signals_list: " Signals: {signals}.",
        no_values: "No values to chart",
    },
    advice_words: AdviceWords {
        evidence: "{on} of the {n} months since {month} are {side} the centre line; new limits from {month} hold every later month",
        evidence_until: "{on} of the {n} months from {month} to {last} are {side} the centre line; new limits from {month} hold every month to {last}",
        sides: ["above", "below"],
        check_note: "a recalculation of the SPC limits from {month} is proposed: {evidence}",
        check_hint: "a proposal is advice: if the change is sustained and you know its cause, accept it under `{id}` in {file} (nothing changes until you do):",
        reason_placeholder: "say what changed",
        chart_note: "A recalculation from {month} is proposed: see `scorecard check`.",
        chart_notes: "Recalculations from {months} are proposed: see `scorecard check`.",
        and: " and ",
        trajectory: " The planned target {moves} {target} by {month}.",
        moves: ["rises to", "falls to", "stays at"],
        plan: "Plan",
        fail_but_met: "{reason}, though {month} meets it: the process limits span the {n} months since {first} and sit {side} the target{proposal}",
        below_but_pass: "{reason}, though the process limits over the {n} months since {first} sit {side} the target{proposal}",
        proposed: "; a recalculation from {month} is proposed",
    },
    // The commentary workbook.
    commentary_words: CommentaryWords {
        top: ["Organisation", "Report", "Month", "Owner", "Due by"],
        instructions: "Write your commentary for each indicator in the last column (the only one you can edit), save the workbook and send it back. The suggested opening is built from the figures: keep it, edit it or leave it out; only what you write in the last column is used.",
        average: "12-month average",
        target: "Target",
        spc: "SPC (Making Data Count)",
        trend: "Trend (24 months)",
        last_month: "Commentary for {month}",
        suggested: "Suggested opening",
        editable: "Commentary for {month}",
        opening: "{value} in {month}",
        opening_missing: "no value for {month}",
        changes: ["up {change} on {month}", "down {change} on {month}", "level with {month}"],
        and: "{first} and {second}",
        too_long_title: "Commentary too long",
        too_long: "Commentary is at most {limit} characters: keep it to a short paragraph.",
        against_average: [
            "above the 12-month average of {average}",
            "below the 12-month average of {average}",
            "at the 12-month average of {average}",
        ],
    },
    revised: "Revised: {subject}",
};

impl Table {
    fn month_name(&self, month: u32) -> &'static str {
        self.month_names[(month as usize).clamp(1, 12) - 1]
    }

    /// A month in words: "June 2020".
    pub fn long(&self, month: impl Borrow<YearMonth>) -> String {
        let month = *month.borrow();
        let year = month.year().to_string();
        let name = self.month_name(month.month());
        fill(self.long_month, &[("month", name), ("year", &year)])
    }

    /// A month as a column heading: "Jun-20".
    pub fn short(&self, month: impl Borrow<YearMonth>) -> String {
        let month = *month.borrow();
        let abbreviation: String = self.month_name(month.month()).chars().take(3).collect();
        let yy = format!("{:02}", month.year().rem_euclid(100));
        fill(
            self.short_month,
            &[("abbreviation", &abbreviation), ("yy", &yy)],
        )
    }

    /// A day in words: "10 July 2020".
    pub fn date(&self, day: chrono::NaiveDate) -> String {
        let (d, year) = (day.day().to_string(), day.year().to_string());
        let name = self.month_name(day.month());
        fill(self.date, &[("day", &d), ("month", name), ("year", &year)])
    }
}

/// `template` with each `{name}` replaced by its value. Values are inserted as they
/// are: a value holding braces is never read as a placeholder.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    // The table's templates are checked by the tests below, so this always fills; were
    // one wrong, the reader would see the template rather than a half-filled sentence.
    crate::placeholder::fill(template, values).unwrap_or_else(|_| template.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days_are_written_in_the_tables_words() {
        let june: YearMonth = "2020-06".parse().unwrap();
        assert_eq!(ENGLISH.long(june), june.long_name());
        assert_eq!(ENGLISH.short(june), june.short_name());
        assert_eq!(ENGLISH.short(june.plus(-240)), "Jun-00");
        let day = chrono::NaiveDate::from_ymd_opt(2020, 7, 10).unwrap();
        assert_eq!(ENGLISH.date(day), "10 July 2020");
    }

    #[test]
    fn placeholders_are_filled_and_values_left_as_they_are() {
        assert_eq!(
            fill("% change from {month}", &[("month", "May-20")]),
            "% change from May-20"
        );
        assert_eq!(
            fill("{a} and {b}", &[("a", "{b}"), ("b", "x")]),
            "{b} and x"
        );
    }

    /// Every name a caller of [`fill`] passes for the table's templates.
    const KNOWN: &[&str] = &[
        "abbreviation",
        "arrow",
        "assurance",
        "average",
        "band",
        "change",
        "context",
        "day",
        "events",
        "evidence",
        "file",
        "first",
        "id",
        "judgement",
        "label",
        "last",
        "limit",
        "lower",
        "meaning",
        "mean",
        "months",
        "month",
        "moves",
        "name",
        "n",
        "on",
        "points",
        "proposal",
        "reason",
        "rounding",
        "rule",
        "second",
        "side",
        "signals",
        "signal",
        "subject",
        "symbol",
        "target",
        "title",
        "top",
        "upper",
        "value",
        "variation",
        "year",
        "yy",
    ];

    /// Every string of a table, walked through its serialised form.
    fn strings(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_placeholder_in_the_english_table_is_known() {
        let mut all = Vec::new();
        strings(&serde_json::to_value(ENGLISH).unwrap(), &mut all);
        assert!(all.len() > 200, "every template is walked: {}", all.len());
        for template in &all {
            assert!(
                crate::placeholder::parse(template, KNOWN).is_ok(),
                "{template:?}: {:?}",
                crate::placeholder::parse(template, KNOWN).err()
            );
        }
    }
}
