//! `scorecard init`: write the starter data folder (embedded from `templates/init/`) into
//! a new or empty folder, and say what to run next.

use std::path::Path;

use scorecard::diag::Problem;
use scorecard::error::{Error, ErrorKind};
use scorecard::output;
use scorecard::scaffold::STARTER_FILES;

use crate::args::InitArgs;

pub(super) fn run(args: &InitArgs) -> Result<(), Error> {
    let dir = &args.dir;
    refuse_unless_empty(dir)?;
    let mut written = Vec::new();
    for file in STARTER_FILES {
        let path = dir.join(file.path);
        output::write_atomically(&path, file.text.as_bytes())?;
        written.push(path);
    }
    scorecard::say!("wrote a starter data folder in {}:", dir.display());
    for path in &written {
        scorecard::say!("  {}", path.display());
    }
    let latest = STARTER_FILES
        .iter()
        .filter_map(|f| f.path.strip_prefix("months/")?.strip_suffix(".yaml"))
        .max()
        .unwrap_or_default();
    let d = dir.display();
    scorecard::say!("every field is explained by a comment in the files; next, run:");
    scorecard::say!("  scorecard check --data {d}       # validate the data");
    scorecard::say!("  scorecard render --data {d}      # write out/scorecard-{latest}.pdf");
    scorecard::say!("  scorecard new-month --data {d}   # start next month's file");
    scorecard::say!(
        "  scorecard commentary request --data {d}   # a workbook per owner for the commentary"
    );
    Ok(())
}

/// Refuses a folder that exists and holds anything, or a path that is not a folder.
fn refuse_unless_empty(dir: &Path) -> Result<(), Error> {
    let refuse = |message: String| {
        Err(Error::one(
            ErrorKind::Usage,
            Problem::error(dir, message).hint(
                "give a new folder, or an empty one, e.g. `scorecard init my-scorecard`; nothing was written",
            ),
        ))
    };
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return refuse("this is a file, not a folder".into());
    }
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => refuse("the folder is not empty; `init` never overwrites files".into()),
        Err(e) => refuse(format!("cannot read the folder: {e}")),
    }
}
