//! How far the month's commentary has come: per owner, how many of their indicators have
//! commentary in the month file and the references of those still outstanding, with the
//! indicators nobody owns as one more line. Pure: the caller prints it.

use crate::model::{Dataset, YearMonth};
use crate::send::owners::Owner;

/// The CSV header of `scorecard commentary status --format csv` (checks use exactly this).
pub const CSV_HEADER: &str = "owner,name,email,indicators,with_commentary,outstanding_refs";

/// One owner's progress.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerStatus {
    /// The owner's id; `None` for the indicators nobody owns.
    pub owner: Option<String>,
    /// Their name (empty for nobody).
    pub name: String,
    /// Their address, when known.
    pub email: Option<String>,
    /// How many indicators they hold.
    pub indicators: usize,
    /// How many of them have commentary for the month.
    pub with_commentary: usize,
    /// The refs (or ids, where an indicator has no ref) still without commentary.
    pub outstanding: Vec<String>,
}

/// Every owner in `owners` order who holds an indicator, an owner indicators.yaml names
/// that is not listed, then the indicators with no owner (when there are any).
pub fn status(dataset: &Dataset, month: YearMonth, owners: &[Owner]) -> Vec<OwnerStatus> {
    let commentary = dataset.months.get(&month).map(|m| &m.commentary);
    let mut out: Vec<OwnerStatus> = owners
        .iter()
        .map(|o| OwnerStatus {
            owner: Some(o.id.clone()),
            name: o.name.clone(),
            email: o.email.as_ref().map(|m| m.email.to_string()),
            indicators: 0,
            with_commentary: 0,
            outstanding: Vec::new(),
        })
        .collect();
    for (_, indicator) in dataset.indicators() {
        let at = match out.iter().position(|s| s.owner == indicator.owner) {
            Some(at) => at,
            None => {
                out.push(OwnerStatus {
                    owner: indicator.owner.clone(),
                    name: String::new(),
                    email: None,
                    indicators: 0,
                    with_commentary: 0,
                    outstanding: Vec::new(),
                });
                out.len() - 1
            }
        };
        let entry = &mut out[at];
        entry.indicators += 1;
        if commentary.is_some_and(|c| c.contains_key(&indicator.id)) {
            entry.with_commentary += 1;
        } else if indicator.reference.is_empty() {
            entry.outstanding.push(indicator.id.clone());
        } else {
            entry.outstanding.push(indicator.reference.clone());
        }
    }
    out.retain(|s| s.indicators > 0);
    // Nobody's indicators last.
    out.sort_by_key(|s| s.owner.is_none());
    out
}

/// One CSV line (without its line break), fields quoted where CSV needs it.
pub fn csv_line(s: &OwnerStatus) -> String {
    let fields = [
        s.owner.clone().unwrap_or_default(),
        s.name.clone(),
        s.email.clone().unwrap_or_default(),
        s.indicators.to_string(),
        s.with_commentary.to_string(),
        s.outstanding.join(";"),
    ];
    fields
        .iter()
        .map(|f| {
            if f.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One line of the text report: `mash-lead (Sam Patel): 3 of 5 with commentary; outstanding: 4, 5`.
pub fn text_line(s: &OwnerStatus) -> String {
    let who = match (&s.owner, s.name.is_empty()) {
        (Some(id), false) => format!("{id} ({})", s.name),
        (Some(id), true) => format!("{id} (not in distribution.yaml's owners)"),
        (None, _) => "no owner".to_string(),
    };
    let outstanding = if s.outstanding.is_empty() {
        "none outstanding".to_string()
    } else {
        format!("outstanding: {}", s.outstanding.join(", "))
    };
    format!(
        "{who}: {} of {} with commentary; {outstanding}",
        s.with_commentary, s.indicators
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let s = OwnerStatus {
            owner: Some("mash-lead".into()),
            name: "Patel, Sam".into(),
            email: None,
            indicators: 3,
            with_commentary: 1,
            outstanding: vec!["2".into(), "3".into()],
        };
        assert_eq!(csv_line(&s), "mash-lead,\"Patel, Sam\",,3,1,2;3");
        assert_eq!(
            text_line(&s),
            "mash-lead (Patel, Sam): 1 of 3 with commentary; outstanding: 2, 3"
        );
    }
}
