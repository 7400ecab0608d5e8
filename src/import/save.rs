//! Putting a plan on disk safely. Before anything is written, each edited month file is
//! read back to check it says exactly what the original said plus the edits, and the whole
//! data folder, with the edited files in place, is loaded in a scratch folder by the same
//! loader as `scorecard check`. Then every changed file is written in one transaction.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Problem;
use crate::error::Error;
use crate::model::Dataset;

use super::month_file::{self, Block, Edit};
use super::{transaction, MonthPlan, Plan};

/// A month file read leniently: only what import changes, to check an edit.
#[derive(serde::Deserialize, PartialEq, Debug)]
struct Readback {
    #[serde(default)]
    month: Option<String>,
    #[serde(default)]
    values: Option<BTreeMap<String, Option<ReadbackValue>>>,
    #[serde(default)]
    commentary: Option<BTreeMap<String, Option<String>>>,
}

#[derive(serde::Deserialize, PartialEq, Debug, Clone)]
#[serde(untagged)]
enum ReadbackValue {
    Number(f64),
    Text(String),
}

/// Checks that the edited text says exactly what the original said, plus the edits.
pub(super) fn verify(
    original: Option<&str>,
    edited: &str,
    edits: &[Edit],
) -> Result<(), VerifyError> {
    let parse = |text: &str| {
        serde_saphyr::from_str::<Readback>(text).map_err(|e| VerifyError::Unreadable(Box::new(e)))
    };
    let before = match original {
        Some(text) => parse(text)?,
        None => Readback {
            month: None,
            values: None,
            commentary: None,
        },
    };
    let after = parse(edited)?;
    if original.is_some() && before.month != after.month {
        return Err(VerifyError::MonthChanged);
    }
    let mut values = before.values.unwrap_or_default();
    let mut commentary = before.commentary.unwrap_or_default();
    for edit in edits {
        let text = match &edit.scalar {
            month_file::Scalar::Inline(s) => s.clone(),
            month_file::Scalar::Folded(lines) => lines.join(" "),
        };
        match edit.block {
            Block::Values => {
                let value = match text.parse::<f64>() {
                    Ok(x) => ReadbackValue::Number(x),
                    Err(_) => ReadbackValue::Text(text),
                };
                values.insert(edit.key.clone(), Some(value));
            }
            Block::Commentary => {
                let plain = match &edit.scalar {
                    month_file::Scalar::Inline(_) => serde_saphyr::from_str::<String>(&text)
                        .map_err(|source| VerifyError::Commentary {
                            key: edit.key.clone(),
                            source: Box::new(source),
                        })?,
                    month_file::Scalar::Folded(_) => text,
                };
                commentary.insert(edit.key.clone(), Some(plain));
            }
        }
    }
    let got_values = after.values.unwrap_or_default();
    let got_commentary = after.commentary.unwrap_or_default();
    if got_values != values || got_commentary != commentary {
        return Err(VerifyError::NotAsIntended);
    }
    Ok(())
}

/// Why an edited month file fails its read-back check; nothing is written.
#[derive(Debug)]
pub(super) enum VerifyError {
    /// The original or the edited text does not parse as a month file (boxed: the
    /// parser's error is large, and this path is rare).
    Unreadable(Box<serde_saphyr::Error>),
    /// The edit changed the `month:` line.
    MonthChanged,
    /// A commentary entry, as written, does not read back as text.
    Commentary {
        /// The indicator id.
        key: String,
        /// Why.
        source: Box<serde_saphyr::Error>,
    },
    /// The values or commentary read back differ from the original plus the edits.
    NotAsIntended,
}

impl std::fmt::Display for VerifyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifyError::Unreadable(error) => {
                write!(f, "the edited file would not read back ({error})")
            }
            VerifyError::MonthChanged => f.write_str("the edit would change the month"),
            VerifyError::Commentary { key, source } => write!(
                f,
                "the commentary for `{key}` would not read back as text ({source})"
            ),
            VerifyError::NotAsIntended => {
                f.write_str("the edited file would not say what was intended")
            }
        }
    }
}

impl std::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VerifyError::Unreadable(error) | VerifyError::Commentary { source: error, .. } => {
                Some(error.as_ref())
            }
            VerifyError::MonthChanged | VerifyError::NotAsIntended => None,
        }
    }
}

/// Loads the data folder as it would be after the import, in a scratch folder inside the
/// staging folder (readable only by its owner, removed afterwards), with the loader
/// `scorecard check` uses; returns its errors, located in the real data folder. The
/// loaded files (`dataset.sources`) are copied byte for byte, so the result is what
/// `check` will say once the files are written. Call with the folder's lock held.
pub(super) fn precheck(dataset: &Dataset, months: &[MonthPlan]) -> Vec<Problem> {
    if months.iter().all(|m| m.new_text.is_none()) {
        return Vec::new();
    }
    let staging = dataset.root.join(transaction::STAGING_DIR);
    let stage = staging.join("check");
    let result = (|| -> std::io::Result<Vec<Problem>> {
        transaction::make_staging(&dataset.root)?;
        std::fs::create_dir_all(stage.join("months"))?;
        for source in &dataset.sources {
            let path = stage.join(&source.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &source.bytes)?;
        }
        for month in months {
            if let Some(text) = &month.new_text {
                let relative = month
                    .path
                    .strip_prefix(&dataset.root)
                    .unwrap_or(&month.path);
                std::fs::write(stage.join(relative), text)?;
            }
        }
        let loaded = crate::load::load(&stage);
        Ok(loaded
            .problems
            .into_iter()
            .filter(Problem::is_error)
            .map(|mut problem| {
                if let Some(relative) = problem
                    .file
                    .as_ref()
                    .and_then(|f| f.strip_prefix(&stage).ok())
                {
                    problem.file = Some(dataset.root.join(relative));
                }
                problem.message = format!("as this import would write it: {}", problem.message);
                problem.note("nothing has been written; the text comes from the imported file, so correct it there")
            })
            .collect())
    })();
    let _ = std::fs::remove_dir_all(&staging);
    result.unwrap_or_else(|e| {
        vec![Problem::error(
            &staging,
            format!("cannot check the imported data in the staging folder: {e}"),
        )
        .hint("check the data folder is writable and its disk has space; nothing was written")]
    })
}

/// Writes every changed month file as one transaction (see [`transaction`]): all are
/// written, or none. Call with the folder's lock held.
pub fn write(root: &Path, plan: &Plan) -> Result<transaction::Committed, Error> {
    let changed: Vec<(PathBuf, String)> = plan
        .months
        .iter()
        .filter_map(|m| Some((m.path.clone(), m.new_text.clone()?)))
        .collect();
    transaction::commit(root, &changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::month_file::Scalar;

    #[test]
    fn verify_accepts_a_faithful_edit_and_refuses_any_other_change() {
        let original = "month: 2020-06\nvalues:\n  a: 1\n  b: n/a\ncommentary:\n  a: Fine.\n";
        let edits = [Edit {
            block: Block::Values,
            key: "a".into(),
            scalar: Scalar::Inline("2".into()),
        }];
        let good = month_file::apply(original, &edits).unwrap();
        assert!(verify(Some(original), &good, &edits).is_ok());
        let lost = good.replace("  b: n/a\n", "");
        assert!(matches!(
            verify(Some(original), &lost, &edits),
            Err(VerifyError::NotAsIntended)
        ));
        let month = good.replace("2020-06", "2020-07");
        assert!(matches!(
            verify(Some(original), &month, &edits),
            Err(VerifyError::MonthChanged)
        ));
        let broken = format!("{good}  : [\n");
        let error = verify(Some(original), &broken, &edits).unwrap_err();
        assert!(matches!(error, VerifyError::Unreadable(_)), "{error:?}");
        assert!(std::error::Error::source(&error).is_some());
    }
}
