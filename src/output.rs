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

#[cfg(test)]
mod tests {
    use super::*;

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
