//! `scorecard import` as a transaction with one writer per data folder: two imports at
//! once both land (the second waits for the first); a writer that holds the lock too long
//! is named by its pid; an import stopped at any point leaves the folder as it was, or
//! as the import would leave it once the next run (or `--recover`) finishes it, and
//! `check` says so in between; month files keep their permissions, and a symlinked month
//! file is written through.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{assert_fails, copy_tree, files_under, root, scorecard_in, scratch, stderr, stdout};

fn small_workspace(test: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(test);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/small"), &data);
    (dir, data)
}

fn ok(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// Revises May and June 2020 and adds July: three month files change.
const REVISION: &str = "id,2020-05,2020-06,2020-07\ncontacts,1180,1410,1500\n";

#[test]
fn an_import_stopped_at_any_point_leaves_the_folder_old_new_or_recoverable() {
    let (dir, data) = small_workspace("kill-reference");
    fs::write(dir.join("rev.csv"), REVISION).unwrap();
    let old = files_under(&data);
    ok(&scorecard_in(
        &dir,
        &["import", "rev.csv", "--data", "data", "--revise"],
        &[],
    ));
    let new = files_under(&data);
    assert_ne!(old, new);
    let mut points = 0;
    for n in 1..=100 {
        let (dir, data) = small_workspace(&format!("kill-{n}"));
        fs::write(dir.join("rev.csv"), REVISION).unwrap();
        let stop = n.to_string();
        let run = scorecard_in(
            &dir,
            &["import", "rev.csv", "--data", "data", "--revise"],
            &[("SCORECARD_TEST_INTERRUPT_AT", &stop)],
        );
        if run.status.code() == Some(0) {
            assert_eq!(files_under(&data), new, "n={n}");
            break;
        }
        assert_eq!(run.status.code(), Some(86), "n={n}: {}", stderr(&run));
        points = n;
        let after_stop = files_under(&data);
        let months = |files: &[(String, Vec<u8>)]| -> Vec<(String, Vec<u8>)> {
            files
                .iter()
                .filter(|(name, _)| name.starts_with("months/"))
                .cloned()
                .collect()
        };
        if !data.join(".scorecard-import").exists() && data.join(".scorecard-journal.json").exists()
        {
            // The staging folder goes only once every file is in place: a journal alone is
            // what a finished import left, and `check` warns without failing.
            assert_eq!(months(&after_stop), months(&new), "n={n}");
            let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
            assert_eq!(check.status.code(), Some(0), "n={n}");
            assert!(
                stderr(&check).contains(
                    "warning: data/.scorecard-journal.json: left behind by an import that finished"
                ),
                "n={n}: {}",
                stderr(&check)
            );
        } else if data.join(".scorecard-import").exists() {
            let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
            assert_eq!(check.status.code(), Some(1), "n={n}");
            assert!(
                stderr(&check).contains("an import was interrupted"),
                "n={n}: {}",
                stderr(&check)
            );
        } else {
            assert!(
                months(&after_stop) == months(&old) || months(&after_stop) == months(&new),
                "n={n}: months are neither old nor new"
            );
        }
        let recover = ok(&scorecard_in(
            &dir,
            &["import", "--recover", "--data", "data"],
            &[],
        ));
        let recovered = files_under(&data);
        assert!(
            recovered == old || recovered == new,
            "n={n}: after recovery the folder is neither old nor new ({recover})"
        );
        if recovered == new && months(&after_stop) != months(&new) {
            assert!(
                recover.contains("finished an interrupted import"),
                "n={n}: {recover}"
            );
        }
        ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
    }
    // Three files staged, the journal written and committed, three renames, the staging
    // folder removed: nine points, each tested.
    assert_eq!(points, 9, "interruption points");
    eprintln!("import interruption points tested: {points}");
}

#[test]
fn two_imports_at_once_are_both_written() {
    for round in 0..8 {
        let (dir, data) = small_workspace(&format!("concurrent-{round}"));
        fs::write(dir.join("may.csv"), "id,2020-07\ncontacts,1500\n").unwrap();
        fs::write(dir.join("aug.csv"), "id,2020-08\nreferrals,310\n").unwrap();
        let spawn = |file: &str| {
            Command::new(env!("CARGO_BIN_EXE_scorecard"))
                .args(["import", file, "--data", "data"])
                .current_dir(&dir)
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(|| spawn("may.csv").unwrap());
            let b = s.spawn(|| spawn("aug.csv").unwrap());
            (a.join().unwrap(), b.join().unwrap())
        });
        ok(&a);
        ok(&b);
        let july = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
        let august = fs::read_to_string(data.join("months/2020-08.yaml")).unwrap();
        assert!(july.contains("contacts: 1500"), "round {round}: {july}");
        assert!(august.contains("referrals: 310"), "round {round}: {august}");
        assert!(!data.join(".scorecard-lock").exists());
        assert!(!data.join(".scorecard-import").exists());
    }
}

#[test]
fn a_second_writer_waits_then_names_the_first() {
    let (dir, data) = small_workspace("lock-held");
    fs::write(dir.join("july.csv"), "id,2020-07\ncontacts,1500\n").unwrap();
    let mut lock = fs::File::create(data.join(".scorecard-lock")).unwrap();
    lock.lock().unwrap();
    use std::io::Write;
    write!(lock, "4242").unwrap();
    let before = files_under(&data);
    let started = std::time::Instant::now();
    let run = scorecard_in(
        &dir,
        &["import", "july.csv", "--data", "data"],
        &[("SCORECARD_LOCK_WAIT", "1")],
    );
    assert!(started.elapsed().as_millis() >= 1000, "it waited");
    assert_eq!(run.status.code(), Some(4), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(
            "error: data: another scorecard process (pid 4242) is writing to this data folder; waited 1 s"
        ),
        "{}",
        stderr(&run)
    );
    let new_month = scorecard_in(
        &dir,
        &["new-month", "--data", "data"],
        &[("SCORECARD_LOCK_WAIT", "0")],
    );
    assert!(
        stderr(&new_month).contains("(pid 4242)"),
        "{}",
        stderr(&new_month)
    );
    assert_eq!(files_under(&data), before);
    // Readers do not wait.
    ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
    drop(lock);
    ok(&scorecard_in(
        &dir,
        &["import", "july.csv", "--data", "data"],
        &[],
    ));
}

#[cfg(unix)]
#[test]
fn month_files_keep_their_permissions_and_symlinks_are_written_through() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, data) = small_workspace("permissions");
    let may = data.join("months/2020-05.yaml");
    fs::set_permissions(&may, fs::Permissions::from_mode(0o640)).unwrap();
    // June lives elsewhere in the folder, linked from months/.
    let kept = data.join("archive");
    fs::create_dir(&kept).unwrap();
    fs::rename(data.join("months/2020-06.yaml"), kept.join("june.yaml")).unwrap();
    std::os::unix::fs::symlink("../archive/june.yaml", data.join("months/2020-06.yaml")).unwrap();
    fs::write(
        dir.join("rev.csv"),
        "id,2020-05,2020-06\ncontacts,1180,1410\n",
    )
    .unwrap();
    ok(&scorecard_in(
        &dir,
        &["import", "rev.csv", "--data", "data", "--revise"],
        &[],
    ));
    let mode = fs::metadata(&may).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert!(fs::read_to_string(&may).unwrap().contains("contacts: 1180"));
    let link = data.join("months/2020-06.yaml");
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "still a link"
    );
    assert!(fs::read_to_string(kept.join("june.yaml"))
        .unwrap()
        .contains("contacts: 1410"));
    // A link that leads nowhere is refused plainly, and nothing is written.
    fs::remove_file(kept.join("june.yaml")).unwrap();
    let before = files_under(&data);
    let run = scorecard_in(
        &dir,
        &["import", "rev.csv", "--data", "data", "--revise"],
        &[],
    );
    assert_ne!(run.status.code(), Some(0));
    assert!(
        stderr(&run).contains("months/2020-06.yaml"),
        "{}",
        stderr(&run)
    );
    assert_eq!(files_under(&data), before);
    // A link to another file system cannot be replaced in one step: refused, said plainly.
    use std::os::unix::fs::MetadataExt;
    let elsewhere = PathBuf::from("/dev/shm");
    let other_device =
        fs::metadata(&elsewhere).is_ok_and(|m| m.dev() != fs::metadata(&data).unwrap().dev());
    if other_device {
        let far = elsewhere.join(format!("scorecard-june-{}.yaml", std::process::id()));
        fs::copy(data.join("months/2020-05.yaml"), &far).unwrap();
        replace_month(&far, "2020-05", "2020-06");
        fs::remove_file(&link).unwrap();
        std::os::unix::fs::symlink(&far, &link).unwrap();
        let before = files_under(&data);
        let run = scorecard_in(
            &dir,
            &["import", "rev.csv", "--data", "data", "--revise"],
            &[],
        );
        let _ = fs::remove_file(&far);
        assert_eq!(run.status.code(), Some(4), "{}", stderr(&run));
        assert!(
            stderr(&run).contains("is not a regular file on the data folder's file system, so it cannot be replaced in one step"),
            "{}",
            stderr(&run)
        );
        assert_eq!(files_under(&data), before);
    }
}

fn replace_month(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(&format!("month: {from}")));
    fs::write(
        path,
        text.replace(&format!("month: {from}"), &format!("month: {to}")),
    )
    .unwrap();
}

/// strace injects the faults below; CI must have it (`scripts/test` installs it).
fn strace(test: &str) -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        common::skip_or_fail(test, "strace is not installed, so no fault can be injected");
    }
    found
}

/// `scorecard ARGS` run in `dir` under strace with `fault` (e.g.
/// `inject=rename:error=EIO:when=4+`) injected, as a user would run it.
fn faulted(dir: &Path, fault: &str, args: &[&str]) -> Output {
    faulted_all(dir, &[fault], args)
}

/// As [`faulted`], with several faults injected at once.
fn faulted_all(dir: &Path, faults: &[&str], args: &[&str]) -> Output {
    Command::new("strace")
        .args(["-f", "-o", "/dev/null"])
        .args(faults.iter().flat_map(|fault| ["-e", fault]))
        .arg(env!("CARGO_BIN_EXE_scorecard"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("strace runs")
}

/// Revises five months, February to June 2020.
const FIVE_MONTHS: &str =
    "id,2020-02,2020-03,2020-04,2020-05,2020-06\ncontacts,1101,1102,1103,1104,1105\n";

/// How many of February to June 2020 hold the revised contacts.
fn revised_months(data: &Path) -> Vec<bool> {
    (2..=6)
        .map(|m| {
            let text = fs::read_to_string(data.join(format!("months/2020-0{m}.yaml"))).unwrap();
            text.contains(&format!("contacts: 110{}", m - 1))
        })
        .collect()
}

/// A five-month revision (the new values, for comparing), then the workspace reset.
fn five_month_workspace(test: &str) -> (PathBuf, PathBuf, Vec<(String, Vec<u8>)>) {
    let (dir, data) = small_workspace(test);
    fs::write(dir.join("rev.csv"), FIVE_MONTHS).unwrap();
    (dir, data.clone(), files_under(&data))
}

#[test]
fn a_rollback_that_fails_too_keeps_every_backup_says_which_file_holds_what_and_recover_finishes_it()
{
    if !strace("rollback-fails") {
        return;
    }
    let (dir, data, old) = five_month_workspace("rollback-fails");
    let import = ["import", "rev.csv", "--data", "data", "--revise"];
    // The journal's rename is the first; the third month's (the 4th rename) fails, and so
    // does every rename after it, including each putting back.
    let run = faulted(&dir, "inject=rename:error=EIO:when=4+", &import);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert_eq!(revised_months(&data), [true, true, false, false, false]);
    assert!(!err.contains("no month file was changed"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    for needle in [
        "error: data/months/2020-04.yaml: cannot replace the month file: Input/output error",
        "note: cannot put back data/months/2020-02.yaml: Input/output error",
        "note: data/months/2020-02.yaml holds the new values; its old values are kept at data/.scorecard-import/0.old",
        "note: data/months/2020-03.yaml holds the new values; its old values are kept at data/.scorecard-import/1.old",
        "note: data/months/2020-04.yaml holds its old values (not replaced)",
        "note: data/months/2020-06.yaml holds its old values (not replaced)",
        "nothing was deleted",
        "scorecard import --recover",
    ] {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    // The only copies of February's and March's old values are kept.
    for (backup, month) in [("0.old", "2020-02"), ("1.old", "2020-03")] {
        let kept = fs::read(data.join(".scorecard-import").join(backup)).unwrap();
        let original = &old
            .iter()
            .find(|(name, _)| name == &format!("months/{month}.yaml"))
            .unwrap()
            .1;
        assert_eq!(&kept, original, "{backup}");
    }
    assert!(data.join(".scorecard-journal.json").exists());
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    for needle in [
        "an import failed and could not put back every month file it had replaced",
        "data/months/2020-02.yaml holds the new values; its old values are kept at",
        "run `scorecard import --recover`",
    ] {
        assert!(
            stderr(&check).contains(needle),
            "{needle:?}: {}",
            stderr(&check)
        );
    }
    let recover = ok(&scorecard_in(
        &dir,
        &["import", "--recover", "--data", "data"],
        &[],
    ));
    assert!(
        recover.contains(
            "finished putting back a failed import: 2 month files now hold their old values again"
        ),
        "{recover}"
    );
    assert_eq!(
        files_under(&data),
        old,
        "the folder is exactly as before the import"
    );
    ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
}

#[test]
fn a_rename_that_fails_once_is_put_back_whole_and_a_failed_sync_is_an_error() {
    if !strace("rename-fails-once") {
        return;
    }
    let import = ["import", "rev.csv", "--data", "data", "--revise"];
    // Only the third month's rename fails: the two before it are put back.
    let (dir, data, old) = five_month_workspace("rename-fails-once");
    let run = faulted(&dir, "inject=rename:error=EIO:when=4", &import);
    assert_fails(
        &run,
        4,
        &["no month file was changed: those already replaced were put back"],
    );
    assert_eq!(files_under(&data), old);
    ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));

    // Each month staged is flushed (five), then the journal (six), then the data folder
    // holding the journal (seven): a failure there changes nothing.
    let (dir, data, old) = five_month_workspace("journal-sync-fails");
    let run = faulted(&dir, "inject=fsync:error=EIO:when=7", &import);
    assert_fails(
        &run,
        4,
        &[
            "cannot record the import: Input/output error",
            "no month file was changed",
        ],
    );
    assert_eq!(files_under(&data), old);

    // After the renames, the months folder is flushed (the eighth): the files are in
    // place, but that is not known to be durable until a recovery flushes them again.
    let (dir, data, _) = five_month_workspace("months-sync-fails");
    let run = faulted(&dir, "inject=fsync:error=EIO:when=8", &import);
    assert_fails(
        &run,
        4,
        &["the new month files are in place, but the disk did not confirm they are saved: Input/output error"],
    );
    assert_eq!(revised_months(&data), [true; 5]);
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    let recover = ok(&scorecard_in(
        &dir,
        &["import", "--recover", "--data", "data"],
        &[],
    ));
    assert!(
        recover.contains("finished an interrupted import"),
        "{recover}"
    );
    assert!(!data.join(".scorecard-import").exists());
    assert!(!data.join(".scorecard-journal.json").exists());
    ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
}

#[test]
fn a_rollback_whose_tidy_up_fails_is_never_completed_later() {
    if !strace("rollback-tidy-up-fails") {
        return;
    }
    let (dir, data, old) = five_month_workspace("rollback-tidy-up-fails");
    let import = ["import", "rev.csv", "--data", "data", "--revise"];
    // The second month's rename fails, so the first is put back; then removing the
    // journal fails, and with it everything staged stays.
    let run = faulted_all(
        &dir,
        &[
            "inject=rename:error=EIO:when=3",
            "inject=unlink:error=EIO:when=1",
            "inject=unlinkat:error=EIO:when=20",
        ],
        &import,
    );
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert!(err.contains("no month file was changed"), "{err}");
    assert!(err.contains("could not all be removed"), "{err}");
    assert_eq!(revised_months(&data), [false; 5]);

    // Whatever was left, recovering it changes no month file.
    let recovered = scorecard_in(&dir, &["import", "--recover", "--data", "data"], &[]);
    assert!(recovered.status.success(), "{}", stderr(&recovered));
    assert_eq!(revised_months(&data), [false; 5], "{}", stdout(&recovered));
    assert_eq!(files_under(&data), old, "the folder is as it was");
    ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
}

#[test]
fn a_tidy_up_that_fails_after_the_import_warns_exits_4_and_the_next_run_finishes_it() {
    if !strace("tidy-up-fails") {
        return;
    }
    let (dir, data, _) = five_month_workspace("tidy-up-fails");
    let import = ["import", "rev.csv", "--data", "data", "--revise"];
    // Every unlink fails: the backups in the staging folder, the journal and the lock file
    // stay. (The check before writing removes its scratch copy with unlinkat.)
    let run = faulted(&dir, "inject=unlink:error=EIO", &import);
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(4), "{err}");
    assert_eq!(revised_months(&data), [true; 5], "the import is complete");
    assert!(
        stdout(&run).contains("imported 5 months"),
        "{}",
        stdout(&run)
    );
    for needle in [
        "warning: data/.scorecard-import: every month file was written and is in place, but this could not be removed: Input/output error",
        "data/.scorecard-journal.json could not be removed either: Input/output error",
        "`scorecard check` warns about it until the next import or new-month removes it",
        "every month file was written; only the tidy-up after it failed",
    ] {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    assert!(!err.contains("error:"), "{err}");
    assert!(data.join(".scorecard-import").is_dir());
    // `check` says what is left and that nothing in it is needed; it is no error.
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    ok(&check);
    assert!(
        stderr(&check).contains("warning: data/.scorecard-import: left behind by an import that finished: every month file of it is in place"),
        "{}",
        stderr(&check)
    );
    assert!(
        !stderr(&check).contains("interrupted"),
        "{}",
        stderr(&check)
    );
    // The next import removes it and says so; nothing is left to warn about.
    let again = ok(&scorecard_in(&dir, &import, &[]));
    assert!(
        again.contains("removed what a finished import had left behind in data"),
        "{again}"
    );
    assert!(!data.join(".scorecard-import").exists());
    assert!(!data.join(".scorecard-journal.json").exists());
    assert_eq!(revised_months(&data), [true; 5]);
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    ok(&check);
    assert!(
        !stderr(&check).contains("left behind"),
        "{}",
        stderr(&check)
    );

    // Only the journal's removal fails: five backups and the `done` marker are removed
    // (unlinks one to six) and the staging folder with them; the journal is the seventh.
    let (dir, data, _) = five_month_workspace("tidy-up-journal-fails");
    let run = faulted(&dir, "inject=unlink:error=EIO:when=7", &import);
    assert_fails(
        &run,
        4,
        &["warning: data/.scorecard-journal.json: every month file was written and is in place, but this could not be removed: Input/output error"],
    );
    assert_eq!(revised_months(&data), [true; 5]);
    assert!(!data.join(".scorecard-import").exists());
    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    ok(&check);
    assert!(
        stderr(&check).contains(
            "warning: data/.scorecard-journal.json: left behind by an import that finished"
        ),
        "{}",
        stderr(&check)
    );
    let recover = ok(&scorecard_in(
        &dir,
        &["import", "--recover", "--data", "data"],
        &[],
    ));
    assert!(
        recover.contains("removed what a finished import had left behind"),
        "{recover}"
    );
    assert!(!data.join(".scorecard-journal.json").exists());
}
