//! The final write: a file (a PDF, a message, a template) goes to a temporary file beside its destination and is renamed
//! into place only when complete and flushed, so a failed or interrupted run leaves any
//! earlier file exactly as it was and no stray files behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};

/// Writes `bytes` to `path` atomically, creating the parent folder if needed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let fail = |message: String, hint: &str| {
        Error::one(ErrorKind::Output, Problem::error(path, message).hint(hint))
    };
    if path.is_dir() {
        return Err(fail(
            "this is a folder, not a file".into(),
            "give a file name, e.g. --out out/scorecard.pdf",
        ));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| {
        // Name the culprit when a file stands where a folder is needed.
        let blocker = parent.ancestors().find(|a| a.is_file());
        let message = match blocker {
            Some(file) => format!(
                "cannot create the folder {}: {} is a file, not a folder",
                parent.display(),
                file.display()
            ),
            None => format!("cannot create the folder {}: {e}", parent.display()),
        };
        fail(
            message,
            "choose an output path in a folder you can write to",
        )
    })?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{file_name}.{}.partial", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&temporary);
        fail(
            format!("cannot write the file: {e}"),
            "check the folder is writable and has space; any earlier file there is unchanged",
        )
    })
}

/// The files a data folder is read from or keeps, relative to the folder: an output at
/// one of these paths would destroy the data or stop the folder from loading. Anything in
/// `months/` is matched by pattern (see [`data_input`]), so a month file not written yet
/// is protected too; the import's own lock, staging folder and journal are included.
const DATA_FILES: &[&str] = &[
    "report.yaml",
    "indicators.yaml",
    "distribution.yaml",
    "imports.yaml",
    crate::send::log::FILE_NAME,
    crate::import::transaction::LOCK_FILE,
    crate::import::transaction::STAGING_DIR,
    crate::import::transaction::JOURNAL,
    "months",
];

/// What the data folder reads at `relative` (a path inside it), if anything: a name for
/// the user.
fn data_input(relative: &Path) -> Option<String> {
    let mut parts = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    if first == "months" {
        return match parts.next() {
            None => Some("months folder".into()),
            // Every file in months/ is read (another file is warned about), so none is
            // written there.
            Some(name) if !name.starts_with('.') => Some(format!("file months/{name}")),
            Some(_) => None,
        };
    }
    if DATA_FILES.contains(&first.as_ref()) {
        return Some(format!("file {first}"));
    }
    // Other YAML and the fonts report.yaml names may be read too.
    let extension = relative.extension()?.to_string_lossy().to_lowercase();
    ["yaml", "yml", "ttf", "otf", "ttc", "otc"]
        .contains(&extension.as_str())
        .then(|| format!("file {}", relative.display()))
}

/// `path` made absolute with symbolic links resolved as far as it exists; the rest (not
/// created yet) appended as written, with `.` and `..` applied.
fn resolved(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut out = real;
            for part in rest.iter().rev() {
                match part {
                    std::path::Component::ParentDir => {
                        out.pop();
                    }
                    std::path::Component::CurDir => {}
                    other => out.push(other.as_os_str()),
                }
            }
            return out;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// The one guard for every command that writes files (`render`, `send`, and any other
/// that writes beside the data): refuses, as a usage error with one located problem per
/// path, each of `paths` that
/// - is, or would be once created, a file the data folder at `data_root` reads or keeps
///   (report.yaml, indicators.yaml, distribution.yaml, imports.yaml, the send log, any
///   `months/*.yaml`, the months folder itself, the import's lock, staging folder and
///   journal), symbolic links resolved, whether or not the file exists yet;
/// - exists and is not a regular file (a folder, a FIFO, a device, a socket, or a link to
///   one), which a write would replace or block on;
/// - lies inside a file (a file stands where a folder is needed).
///
/// Call it before any work, so a refused run writes nothing.
pub fn refuse_data_inputs(paths: &[PathBuf], data_root: &Path) -> Result<(), Error> {
    let root = resolved(data_root);
    let mut problems = Vec::new();
    for path in paths {
        let real = resolved(path);
        let input = real.strip_prefix(&root).ok().and_then(data_input);
        if let Some(what) = input {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "this is the data folder's {what}{}, and writing here would replace it or stop the folder from loading",
                        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                            format!(" (the link leads to {})", real.display())
                        } else {
                            String::new()
                        }
                    ),
                )
                .hint("give a path outside the data's own files, e.g. --out out/scorecard.pdf, or run from a folder whose out/ is not inside the data"),
            );
            continue;
        }
        if let Some(blocker) = path
            .ancestors()
            .skip(1)
            .filter(|a| !a.as_os_str().is_empty())
            .find(|a| a.exists() && !a.is_dir())
        {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "{} is a file, not a folder, so nothing can be written inside it",
                        blocker.display()
                    ),
                )
                .hint("move that file away, or choose an output path in a folder you can write to"),
            );
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => problems.push(
                Problem::error(path, "this is a folder, not a regular file, and a file is written here")
                    .hint("give a file name, e.g. --out out/scorecard.pdf, or move the folder away"),
            ),
            Ok(meta) if !meta.is_file() => problems.push(
                Problem::error(
                    path,
                    "this is not a regular file (a device, a FIFO or a socket), and a file is written here",
                )
                .hint("give the path of a regular file, or of one that does not exist yet"),
            ),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::new(ErrorKind::Usage, problems))
    }
}

/// Refuses, as a usage error, an output folder that exists and is not a folder, or that
/// is the data folder's months folder (every PDF there would be read as a month file's
/// neighbour and warned about).
pub fn check_output_folder(path: &Path, data_root: &Path) -> Result<(), Error> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::usage(
                format!("--out-dir {}: this is not a folder", path.display()),
                "give a folder for the PDFs (it is created if missing), or use --out for one file",
            ))
        }
        _ => {}
    }
    if resolved(path) == resolved(&data_root.join("months")) {
        return Err(Error::usage(
            format!(
                "--out-dir {}: this is the data folder's months folder",
                path.display()
            ),
            "give a folder outside months/, e.g. --out-dir out",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_a_month_not_yet_written_or_a_file_that_is_not_regular_is_refused() {
        let dir = std::env::temp_dir().join(format!("scorecard-dest-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("months")).unwrap();
        fs::write(dir.join("report.yaml"), "x").unwrap();
        fs::write(dir.join("months/2020-06.yaml"), "x").unwrap();
        fs::write(dir.join("old.pdf"), "x").unwrap();
        let refused = |p: &Path| refuse_data_inputs(&[p.to_path_buf()], &dir).is_err();
        assert!(refused(&dir.join("report.yaml")));
        assert!(refused(&dir.join("months/../months/2020-06.yaml")));
        assert!(refused(&dir.join("months/2020-07.yaml")), "not there yet");
        assert!(refused(&dir.join("imports.yaml")), "not there yet");
        assert!(refused(&dir.join("months")), "the folder itself");
        assert!(!refused(&dir.join("old.pdf")), "an earlier PDF is replaced");
        assert!(!refused(&dir.join("new.pdf")));
        assert!(refused(&dir.join("old.pdf/inside.pdf")), "inside a file");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("report.yaml"), dir.join("link.pdf")).unwrap();
            assert!(refused(&dir.join("link.pdf")), "a symlink to an input");
            std::os::unix::fs::symlink(dir.join("months"), dir.join("elsewhere")).unwrap();
            assert!(
                refused(&dir.join("elsewhere/2021-01.yaml")),
                "through a linked folder"
            );
            assert!(refused(Path::new("/dev/null")), "a device");
        }
        assert!(check_output_folder(&dir.join("old.pdf"), &dir).is_err());
        assert!(check_output_folder(&dir.join("months"), &dir).is_err());
        assert!(check_output_folder(&dir.join("out"), &dir).is_ok());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn replaces_whole_file_and_leaves_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("scorecard-output-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let target = dir.join("nested/report.pdf");
        write_atomically(&target, b"first").unwrap();
        write_atomically(&target, b"second").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(dir.join("nested"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        assert!(write_atomically(&dir, b"x").is_err(), "a folder is refused");
        fs::remove_dir_all(&dir).unwrap();
    }
}
