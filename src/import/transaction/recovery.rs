//! Finding and finishing what an import left in a data folder: an import interrupted
//! before or during its renames (completed from its journal, or its staged files removed),
//! a failed one whose files could not all be put back (put back now), and what a finished
//! one could not remove (removed now). `check` reports each through [`interrupted`].

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::diag::Problem;
use crate::error::Error;

use super::{
    output_error, put_back, states, sync_dir, Journal, Step, DONE_MARKER, JOURNAL, LOCK_FILE,
    ROLLBACK_MARKER, STAGING_DIR,
};

/// What a recovery did, for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovery {
    /// The interrupted import was completed: these files were put in place.
    Completed(Vec<PathBuf>),
    /// The interrupted import had written nothing; its staged files were removed.
    RolledBack,
    /// A failed import whose files could not all be put back: these were put back now.
    PutBack(Vec<PathBuf>),
    /// A finished import had left its staging folder or journal behind; removed now.
    Tidied,
}

/// Completes or rolls back an interrupted import found in `root`. Call with the lock held.
pub fn recover(root: &Path) -> Result<Option<Recovery>, Error> {
    let staging = root.join(STAGING_DIR);
    let journal = root.join(JOURNAL);
    let staged = fs::symlink_metadata(&staging).is_ok();
    if !staged && fs::symlink_metadata(&journal).is_err() {
        return Ok(None);
    }
    let fail = |e: std::io::Error| {
        output_error(
            &staging,
            format!("cannot finish the interrupted import: {e}"),
            "check the data folder is writable and the disk is sound, then run `scorecard import --recover` again; every backup is kept until then",
        )
    };
    // The journal outlives the staging folder, which goes only once every file is in place.
    let finished = staging.join(DONE_MARKER).exists() || (!staged && journal.exists());
    let recovery = if finished {
        Recovery::Tidied
    } else {
        match read_journal(root)? {
            Some(steps) => replay(&staging, &steps).map_err(fail)?,
            None => Recovery::RolledBack,
        }
    };
    if staged {
        fs::remove_dir_all(&staging).map_err(fail)?;
    }
    if journal.exists() {
        fs::remove_file(&journal).map_err(fail)?;
    }
    sync_dir(root).map_err(fail)?;
    Ok(Some(recovery))
}

/// Finishes what the journal lists: puts the old files back when a rollback had started,
/// otherwise completes the renames; then flushes each month folder.
fn replay(staging: &Path, steps: &[Step]) -> std::io::Result<Recovery> {
    let rolling_back = staging.join(ROLLBACK_MARKER).exists();
    let mut done = Vec::new();
    for step in steps {
        let changed = if rolling_back {
            put_back(staging, step)?
        } else {
            let from = staging.join(&step.staged);
            let staged = from.exists();
            if staged {
                fs::rename(&from, &step.target)?;
            }
            staged
        };
        if changed {
            done.push(step.target.clone());
        }
    }
    for step in steps {
        if let Some(parent) = step.target.parent() {
            sync_dir(parent)?;
        }
    }
    Ok(if rolling_back {
        Recovery::PutBack(done)
    } else {
        Recovery::Completed(done)
    })
}

/// The journal's steps; `None` when there is no journal.
fn read_journal(root: &Path) -> Result<Option<Vec<Step>>, Error> {
    let journal = root.join(JOURNAL);
    match fs::read(&journal) {
        Ok(bytes) => {
            let steps: Journal = serde_json::from_slice(&bytes).map_err(|e| {
                output_error(
                    &journal,
                    format!("the interrupted import's journal cannot be read ({e})"),
                    "restore the months folder from a backup, then delete .scorecard-import and this file",
                )
            })?;
            Ok(Some(steps.steps))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(output_error(
            &journal,
            format!("cannot read the interrupted import's journal: {e}"),
            "check the data folder is readable, then run `scorecard import --recover`",
        )),
    }
}

/// What `check` reports of a staging folder or a journal with no writer holding the lock:
/// an error for an import left interrupted, a warning for what a finished one could not
/// remove.
pub fn interrupted(root: &Path) -> Option<Problem> {
    let staging = root.join(STAGING_DIR);
    let journal = root.join(JOURNAL).exists();
    if !journal && fs::symlink_metadata(&staging).is_err() {
        return None;
    }
    if let Ok(file) = File::open(root.join(LOCK_FILE)) {
        if file.try_lock_shared().is_err() {
            // A writer is at work right now; its staging folder is not a leftover.
            return None;
        }
    }
    let staged = fs::symlink_metadata(&staging).is_ok();
    if staging.join(DONE_MARKER).exists() || (journal && !staged) {
        let left = if staged { staging } else { root.join(JOURNAL) };
        let mut problem = Problem::warning(&left, "left behind by an import that finished: every month file of it is in place, and this holds nothing still needed")
            .hint("run `scorecard import --recover` on this data folder to remove it (any import or new-month does it first), or delete it");
        if staged && journal {
            problem = problem.note(format!(
                "{} was left behind too",
                root.join(JOURNAL).display()
            ));
        }
        return Some(problem);
    }
    let steps = read_journal(root).ok().flatten();
    let rolling_back = staging.join(ROLLBACK_MARKER).exists();
    let (message, hint) = match (&steps, rolling_back) {
        (Some(_), true) => (
            "an import failed and could not put back every month file it had replaced, so the folder holds some of its new months and some old ones".to_string(),
            "run `scorecard import --recover` on this data folder to put the old values back (any import or new-month does it first); the old values are kept until then",
        ),
        (_, _) if journal => (
            "an import was interrupted: it had started replacing month files, so the folder may hold some of its months and not others".to_string(),
            "run `scorecard import --recover` on this data folder (any import or new-month does it first) to finish it",
        ),
        _ => (
            "an import was interrupted: it had not replaced any month file yet".to_string(),
            "run `scorecard import --recover` on this data folder (any import or new-month does it first) to finish it",
        ),
    };
    let mut problem = Problem::error(&staging, message).hint(hint);
    for state in states(&staging, steps.as_deref().unwrap_or_default()) {
        problem = problem.note(state);
    }
    Some(problem)
}
