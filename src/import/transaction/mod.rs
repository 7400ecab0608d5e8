//! Writing month files as one transaction, and one writer per data folder.
//!
//! A writer (`import`, `new-month`) first takes an exclusive lock on the folder's
//! `.scorecard-lock` file (`flock`, released by the operating system if the process dies)
//! and writes its process id there, so a second writer can name it; the file is removed
//! when the writer is done. Then every changed
//! file is staged in `.scorecard-import/` inside the data folder (a folder only the owner
//! can open, on the same file system, so each rename is atomic), together with a link to
//! each file it replaces. The set of renames is recorded in a journal, made durable, and
//! only then are the files renamed into place; the journal is removed last.
//!
//! A run that finds `.scorecard-import/` without a journal removes it: nothing of that
//! import had been written (rolled back). With a journal (`.scorecard-journal.json`), it
//! completes the renames the journal lists (rolled forward). Either way the folder ends up as before the import or
//! as after it, never in between, and `check` reports an import left interrupted.
//!
//! When a rename fails part-way, the files already replaced are put back from their
//! backups. A marker (`rollback` in the staging folder) is written first, so that if
//! putting back fails too, nothing is deleted: the journal and every backup stay, the
//! error says which month file holds which values, and the next run (or `--recover`)
//! finishes putting them back. The only copy of a user's data is never removed.
//!
//! Once every file is in place, a marker (`done`) is written in the staging folder before
//! it is removed: if removing it (or the journal) fails, the import is still complete, and
//! the marker lets `check` and the next run tell that leftover from an interrupted import.
//! The caller is told ([`Committed::left_behind`]) so that it can warn and exit non-zero.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};

mod recovery;

pub use recovery::{interrupted, recover, Recovery};

/// The lock file in the data folder.
pub const LOCK_FILE: &str = ".scorecard-lock";
/// The staging folder in the data folder.
pub const STAGING_DIR: &str = ".scorecard-import";
/// The journal, beside the staging folder: it outlives the folder, so a run stopped
/// after the folder is cleared is still known to have finished its renames.
pub const JOURNAL: &str = ".scorecard-journal.json";
const JOURNAL_PARTIAL: &str = "journal.partial";
/// In the staging folder: the import failed and its replaced files are being put back,
/// so a recovery rolls back instead of completing the renames.
const ROLLBACK_MARKER: &str = "rollback";
/// In the staging folder: every file of the import is in place, and the folder (with the
/// journal) is only being removed.
const DONE_MARKER: &str = "done";

/// How long a second writer waits for the first before refusing, in seconds; the
/// `SCORECARD_LOCK_WAIT` variable changes it.
const LOCK_WAIT_SECS: u64 = 10;

fn lock_wait() -> Duration {
    let secs = std::env::var("SCORECARD_LOCK_WAIT")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(LOCK_WAIT_SECS);
    Duration::from_secs(secs.min(3600))
}

/// The exclusive lock on a data folder, held until dropped. The lock file is removed
/// while still locked, so none is left behind; a waiting process that then gets the lock
/// on the removed file sees it is no longer the folder's and tries again.
#[derive(Debug)]
pub struct FolderLock {
    file: File,
    path: PathBuf,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn output_error(path: &Path, message: String, hint: &str) -> Error {
    Error::one(ErrorKind::Output, Problem::error(path, message).hint(hint))
}

/// True when `file` is still the one at `path` (not removed by the previous holder).
fn still_there(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.ino() == b.ino() && a.dev() == b.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

/// Takes the data folder's writer lock, waiting (ten seconds by default) for another
/// writer to finish.
pub fn lock_folder(root: &Path) -> Result<FolderLock, Error> {
    let path = root.join(LOCK_FILE);
    let started = Instant::now();
    let wait = lock_wait();
    loop {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| {
                output_error(
                    &path,
                    format!("cannot open the data folder's lock file: {e}"),
                    "the data folder must be writable to import into it",
                )
            })?;
        match file.try_lock() {
            Ok(()) if still_there(&file, &path) => {
                // Only the holder writes here, so the pid a waiting process reads is the
                // holder's.
                let _ = file.set_len(0);
                let _ = file.rewind();
                let _ = write!(file, "{}", std::process::id());
                let _ = file.flush();
                return Ok(FolderLock { file, path });
            }
            Ok(()) => continue,
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < wait => {
                std::thread::sleep(Duration::from_millis(25));
            }
            Err(fs::TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let who = match holder.trim().parse::<u32>() {
                    Ok(pid) => format!("another scorecard process (pid {pid})"),
                    Err(_) => "another scorecard process".to_string(),
                };
                return Err(Error::one(
                    ErrorKind::Output,
                    Problem::error(
                        root,
                        format!(
                            "{who} is writing to this data folder; waited {} s",
                            wait.as_secs()
                        ),
                    )
                    .hint("nothing was written; run this again when that one has finished"),
                ));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(output_error(
                    &path,
                    format!("cannot lock the data folder: {e}"),
                    "the data folder must be on a file system that supports locks",
                ))
            }
        }
    }
}

/// One file of a transaction, as the journal records it. Names are relative to the
/// staging folder; the target is the real file (a symlinked month file's destination).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Step {
    staged: String,
    /// A link to the file being replaced, for putting it back after a failed rename.
    backup: Option<String>,
    target: PathBuf,
}

#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    steps: Vec<Step>,
}

/// Counts the points where a test may stop the process (`SCORECARD_TEST_INTERRUPT_AT=N`
/// exits at the Nth), to prove that every interruption leaves a recoverable folder.
fn checkpoint() {
    static PASSED: AtomicUsize = AtomicUsize::new(0);
    let n = PASSED.fetch_add(1, Ordering::SeqCst) + 1;
    let stop = std::env::var("SCORECARD_TEST_INTERRUPT_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    if stop == Some(n) {
        std::process::exit(86);
    }
}

/// Puts one step's file back as it was before the import; true when it changed a file.
fn put_back(staging: &Path, step: &Step) -> std::io::Result<bool> {
    let replaced = !staging.join(&step.staged).exists();
    match &step.backup {
        Some(backup) => {
            let backup = staging.join(backup);
            if !backup.exists() {
                // Already put back.
                return Ok(false);
            }
            fs::rename(&backup, &step.target)?;
            Ok(replaced)
        }
        None if replaced && fs::symlink_metadata(&step.target).is_ok() => {
            fs::remove_file(&step.target)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// What each file of a transaction holds now, one line each, read from the files
/// themselves: the new values (with where the old ones are kept), or the old ones.
fn states(staging: &Path, steps: &[Step]) -> Vec<String> {
    steps
        .iter()
        .map(|step| {
            let target = step.target.display();
            let replaced = !staging.join(&step.staged).exists();
            match (&step.backup, replaced) {
                (_, false) => match &step.backup {
                    Some(_) => format!("{target} holds its old values (not replaced)"),
                    None => format!("{target} was not written (it did not exist before)"),
                },
                (Some(backup), true) if staging.join(backup).exists() => format!(
                    "{target} holds the new values; its old values are kept at {}",
                    staging.join(backup).display()
                ),
                (Some(_), true) => format!("{target} holds its old values (put back)"),
                (None, true) if step.target.exists() => {
                    format!("{target} holds the new values (it did not exist before the import)")
                }
                (None, true) => format!("{target} was not written (removed again)"),
            }
        })
        .collect()
}

/// The staging folder, created empty, readable only by its owner.
pub(crate) fn make_staging(root: &Path) -> std::io::Result<PathBuf> {
    let staging = root.join(STAGING_DIR);
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(&staging)?;
    Ok(staging)
}

/// Where a file will really be written: itself, or a symlink's destination on the same
/// file system as the data folder. A link to another file system is refused.
fn real_target(root: &Path, path: &Path) -> Result<PathBuf, Error> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(path.to_path_buf());
    };
    if !meta.file_type().is_symlink() {
        if !meta.is_file() {
            return Err(output_error(
                path,
                "this is not a regular file".into(),
                "nothing was written; move it away so the month file can be written",
            ));
        }
        return Ok(path.to_path_buf());
    }
    let real = fs::canonicalize(path).map_err(|e| {
        output_error(
            path,
            format!("this month file is a symbolic link that leads nowhere ({e})"),
            "nothing was written; point the link at the month file, or replace it with the file",
        )
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let same_device = match (fs::metadata(&real), fs::metadata(root)) {
            (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev(),
            _ => false,
        };
        if !same_device {
            return Err(output_error(
                path,
                format!(
                    "this month file is a symbolic link to {}, which is not a regular file on the data folder's file system, so it cannot be replaced in one step",
                    real.display()
                ),
                "nothing was written; replace the link with a copy of the file, or move the file into the data folder",
            ));
        }
    }
    Ok(real)
}

/// What a commit wrote, and what it could not tidy away afterwards.
#[derive(Debug)]
pub struct Committed {
    /// The paths written.
    pub files: Vec<PathBuf>,
    /// Every file is in place, but the staging folder or the journal could not be
    /// removed: the warning (exit status 4) the caller gives once it has said what it did.
    pub left_behind: Option<Error>,
}

impl Committed {
    /// `Err` with the warning when something was left behind; call last, after saying
    /// what was written.
    pub fn tidied(self) -> Result<(), Error> {
        self.left_behind.map_or(Ok(()), Err)
    }
}

/// Writes `files` (path and new text) as one transaction; returns the paths written.
/// Each replaced file keeps its permissions; a symlinked file is written through.
pub fn commit(root: &Path, files: &[(PathBuf, String)]) -> Result<Committed, Error> {
    if files.is_empty() {
        return Ok(Committed {
            files: Vec::new(),
            left_behind: None,
        });
    }
    let targets = files
        .iter()
        .map(|(path, _)| real_target(root, path))
        .collect::<Result<Vec<_>, _>>()?;
    for target in &targets {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| {
                output_error(
                    parent,
                    format!("cannot create the folder: {e}"),
                    "the data folder must be writable; no month file was changed",
                )
            })?;
        }
    }
    let staging = root.join(STAGING_DIR);
    let cleanup = || {
        let _ = fs::remove_dir_all(&staging);
    };
    let steps = stage(root, files, &targets).inspect_err(|_| cleanup())?;
    let journal_fail = |e: std::io::Error| {
        cleanup();
        output_error(
            &staging,
            format!("cannot record the import: {e}"),
            "check the data folder is writable and has space; no month file was changed",
        )
    };
    let journal = Journal {
        steps: steps.clone(),
    };
    let bytes = serde_json::to_vec_pretty(&journal).map_err(|e| journal_fail(e.into()))?;
    write_synced(&staging.join(JOURNAL_PARTIAL), &bytes, Mode::Private).map_err(journal_fail)?;
    checkpoint();
    fs::rename(staging.join(JOURNAL_PARTIAL), root.join(JOURNAL)).map_err(journal_fail)?;
    if let Err(e) = sync_dir(root) {
        let _ = fs::remove_file(root.join(JOURNAL));
        return Err(journal_fail(e));
    }
    checkpoint();
    for (i, step) in steps.iter().enumerate() {
        if let Err(e) = fs::rename(staging.join(&step.staged), &step.target) {
            return Err(roll_back(root, &steps, i, &e));
        }
        checkpoint();
    }
    let unsaved = |e: std::io::Error| {
        let mut problem = Problem::error(
            &staging,
            format!("the new month files are in place, but the disk did not confirm they are saved: {e}"),
        )
        .hint("run `scorecard import --recover` on this data folder to save them again; the old values are kept until then");
        for state in states(&staging, &steps) {
            problem = problem.note(state);
        }
        Error::one(ErrorKind::Output, problem)
    };
    for target in &targets {
        if let Some(parent) = target.parent() {
            sync_dir(parent).map_err(unsaved)?;
        }
    }
    let left_behind = tidy_up(root, &staging);
    sync_dir(root).map_err(|e| {
        output_error(
            &root.join(JOURNAL),
            format!("every month file was written, but the disk did not confirm the import's journal was removed: {e}"),
            "if `scorecard check` reports an interrupted import, run `scorecard import --recover`; it changes nothing more",
        )
    })?;
    Ok(Committed {
        files: files.iter().map(|(path, _)| path.clone()).collect(),
        left_behind,
    })
}

/// Removes the staging folder (the `done` marker last, so that whatever is left is known
/// to be a finished import's) and then the journal; the warning for what could not be.
fn tidy_up(root: &Path, staging: &Path) -> Option<Error> {
    // Without the marker a leftover folder would read as an import interrupted before its
    // journal; the folder is still removed, and only that description would be wrong.
    let _ = fs::write(staging.join(DONE_MARKER), b"");
    let folder = fs::read_dir(staging).and_then(|entries| {
        for entry in entries {
            let entry = entry?;
            if entry.file_name() != DONE_MARKER {
                if entry.file_type()?.is_dir() {
                    fs::remove_dir_all(entry.path())?;
                } else {
                    fs::remove_file(entry.path())?;
                }
            }
        }
        fs::remove_file(staging.join(DONE_MARKER))?;
        fs::remove_dir(staging)
    });
    checkpoint();
    let journal = root.join(JOURNAL);
    let left: Vec<(PathBuf, std::io::Error)> = [
        folder.err().map(|e| (staging.to_path_buf(), e)),
        fs::remove_file(&journal).err().map(|e| (journal, e)),
    ]
    .into_iter()
    .flatten()
    .collect();
    let ((first, e), rest) = left.split_first()?;
    let mut problem = Problem::warning(
        first,
        format!("every month file was written and is in place, but this could not be removed: {e}"),
    );
    for (path, e) in rest {
        problem = problem.note(format!(
            "{} could not be removed either: {e}",
            path.display()
        ));
    }
    problem = problem.hint("it holds nothing still needed: `scorecard check` warns about it until the next import or new-month removes it; `scorecard import --recover` removes it now, or delete it");
    Some(
        Error::one(ErrorKind::Output, problem)
            .with_summary("every month file was written; only the tidy-up after it failed"),
    )
}

/// After the rename of `steps[failed]` failed with `cause`: puts back the files already
/// replaced. A marker is written first, so that if putting back fails too, the journal and
/// the backups stay and the next run puts back the rest; the error says which file holds
/// which values either way.
fn roll_back(root: &Path, steps: &[Step], failed: usize, cause: &std::io::Error) -> Error {
    let staging = root.join(STAGING_DIR);
    let target = &steps[failed].target;
    let message = format!("cannot replace the month file: {cause}");
    let marked = write_synced(&staging.join(ROLLBACK_MARKER), b"", Mode::Private)
        .and_then(|()| sync_dir(&staging));
    if let Err(e) = marked {
        // Without the marker a recovery completes the import, which the journal allows:
        // nothing is put back now, and nothing is deleted.
        let mut problem = Problem::error(target, message)
            .note(format!("the import could not prepare putting back the files it had replaced: {e}"))
            .hint("run `scorecard import --recover` on this data folder to complete the import; nothing was deleted");
        for state in states(&staging, steps) {
            problem = problem.note(state);
        }
        return Error::one(ErrorKind::Output, problem);
    }
    let failures: Vec<String> = steps[..failed]
        .iter()
        .filter_map(|step| {
            put_back(&staging, step)
                .err()
                .map(|e| format!("cannot put back {}: {e}", step.target.display()))
        })
        .collect();
    if failures.is_empty() {
        // The journal goes first: a staging folder left without it is a rolled-back
        // import, which a recovery only removes, while one left with it and without its
        // marker would look like an import to complete.
        let tidied = fs::remove_file(root.join(JOURNAL))
            .and_then(|()| sync_dir(root))
            .and_then(|()| fs::remove_dir_all(&staging));
        let mut problem = Problem::error(target, message)
            .hint("no month file was changed: those already replaced were put back");
        if let Err(e) = tidied {
            problem = problem.note(format!(
                "what the import had staged could not all be removed ({e}); it holds nothing still needed, and `scorecard check` reports it until the next import or `scorecard import --recover` removes it"
            ));
        }
        return Error::one(ErrorKind::Output, problem);
    }
    let mut problem = Problem::error(target, message);
    for failure in failures {
        problem = problem.note(failure);
    }
    for state in states(&staging, steps) {
        problem = problem.note(state);
    }
    problem = problem.hint(format!(
        "nothing was deleted: the journal {} and the old values in {} are kept; run `scorecard import --recover` on this data folder to put the old values back once the disk is sound",
        root.join(JOURNAL).display(),
        staging.display()
    ));
    Error::one(ErrorKind::Output, problem)
}

/// Stages every file, with a link to each file it will replace.
fn stage(
    root: &Path,
    files: &[(PathBuf, String)],
    targets: &[PathBuf],
) -> Result<Vec<Step>, Error> {
    let staging = make_staging(root).map_err(|e| {
        output_error(
            &root.join(STAGING_DIR),
            format!("cannot stage the import: {e}"),
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                "another import's staging folder is there; run `scorecard import --recover`"
            } else {
                "check the data folder is writable; no month file was changed"
            },
        )
    })?;
    let mut steps = Vec::new();
    for (i, ((path, text), target)) in files.iter().zip(targets).enumerate() {
        let staged = format!("{i}.new");
        let existing = fs::metadata(target).ok();
        let fail = |e: std::io::Error| {
            output_error(
                path,
                format!("cannot write the month file: {e}"),
                "check the data folder is writable and has space; no month file was changed",
            )
        };
        let mode = existing.as_ref().map_or(Mode::New, Mode::Like);
        write_synced(&staging.join(&staged), text.as_bytes(), mode).map_err(fail)?;
        let backup = match existing {
            Some(_) => {
                let name = format!("{i}.old");
                fs::hard_link(target, staging.join(&name))
                    .or_else(|_| fs::copy(target, staging.join(&name)).map(|_| ()))
                    .map_err(fail)?;
                Some(name)
            }
            None => None,
        };
        checkpoint();
        steps.push(Step {
            staged,
            backup,
            target: target.clone(),
        });
    }
    Ok(steps)
}

/// The permissions a staged file gets.
#[derive(Clone, Copy)]
enum Mode<'a> {
    /// Those of the file it replaces (a month file readable only by its group stays so).
    Like(&'a fs::Metadata),
    /// A new month file's: the process's default.
    New,
    /// Readable by the owner only.
    Private,
}

/// Writes a new file and flushes it to disk.
fn write_synced(path: &Path, bytes: &[u8], mode: Mode<'_>) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if !matches!(mode, Mode::New) {
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    if let Mode::Like(meta) = mode {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// Makes a folder's entries (a rename, a removal) durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("scorecard-tx-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("months")).unwrap();
        dir
    }

    #[test]
    fn a_commit_writes_every_file_and_leaves_nothing_behind() {
        let root = folder("commit");
        let a = root.join("months/2020-01.yaml");
        fs::write(&a, "old").unwrap();
        let b = root.join("months/2020-02.yaml");
        commit(
            &root,
            &[(a.clone(), "new a".into()), (b.clone(), "new b".into())],
        )
        .unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "new a");
        assert_eq!(fs::read_to_string(&b).unwrap(), "new b");
        assert!(!root.join(STAGING_DIR).exists());
        assert_eq!(recover(&root).unwrap(), None);
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_failed_rename_puts_back_what_was_already_replaced() {
        let root = folder("undo");
        let replaced = root.join("months/2020-01.yaml");
        let created = root.join("months/2020-02.yaml");
        fs::write(&replaced, "old").unwrap();
        let staging = make_staging(&root).unwrap();
        fs::hard_link(&replaced, staging.join("0.old")).unwrap();
        // As the commit does it: the new text is renamed over the old file.
        fs::write(staging.join("0.new"), "new").unwrap();
        fs::rename(staging.join("0.new"), &replaced).unwrap();
        fs::write(&created, "new").unwrap();
        let done = [
            Step {
                staged: "0.new".into(),
                backup: Some("0.old".into()),
                target: replaced.clone(),
            },
            Step {
                staged: "1.new".into(),
                backup: None,
                target: created.clone(),
            },
        ];
        for step in &done {
            put_back(&staging, step).unwrap();
        }
        assert_eq!(fs::read_to_string(&replaced).unwrap(), "old");
        assert!(!created.exists());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_journal_is_completed_and_a_bare_staging_folder_rolled_back() {
        let root = folder("recover");
        let target = root.join("months/2020-01.yaml");
        fs::write(&target, "old").unwrap();
        let staging = make_staging(&root).unwrap();
        fs::write(staging.join("0.new"), "new").unwrap();
        assert!(interrupted(&root)
            .unwrap()
            .message
            .contains("not replaced any"));
        assert_eq!(recover(&root).unwrap(), Some(Recovery::RolledBack));
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        let staging = make_staging(&root).unwrap();
        fs::write(staging.join("0.new"), "new").unwrap();
        let journal = Journal {
            steps: vec![Step {
                staged: "0.new".into(),
                backup: None,
                target: target.clone(),
            }],
        };
        fs::write(root.join(JOURNAL), serde_json::to_vec(&journal).unwrap()).unwrap();
        assert!(interrupted(&root)
            .unwrap()
            .message
            .contains("started replacing"));
        assert_eq!(
            recover(&root).unwrap(),
            Some(Recovery::Completed(vec![target.clone()]))
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert!(interrupted(&root).is_none());
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn what_a_finished_import_left_behind_is_a_warning_and_is_removed() {
        let root = folder("leftover");
        let target = root.join("months/2020-01.yaml");
        fs::write(&target, "new").unwrap();
        let journal = Journal {
            steps: vec![Step {
                staged: "0.new".into(),
                backup: Some("0.old".into()),
                target: target.clone(),
            }],
        };
        // A journal with no staging folder: the folder goes only once every file is in place.
        fs::write(root.join(JOURNAL), serde_json::to_vec(&journal).unwrap()).unwrap();
        let problem = interrupted(&root).unwrap();
        assert!(!problem.is_error());
        assert_eq!(problem.file, Some(root.join(JOURNAL)));
        assert_eq!(recover(&root).unwrap(), Some(Recovery::Tidied));
        assert!(!root.join(JOURNAL).exists());
        // A staging folder holding the `done` marker and a backup.
        let staging = make_staging(&root).unwrap();
        fs::write(staging.join("0.old"), "old").unwrap();
        fs::write(staging.join(DONE_MARKER), "").unwrap();
        assert!(!interrupted(&root).unwrap().is_error());
        assert_eq!(recover(&root).unwrap(), Some(Recovery::Tidied));
        assert!(!staging.exists());
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        let _ = fs::remove_dir_all(&root);
    }
}
