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

/// The files of a data folder a render reads or another command keeps: an output that
/// replaced one would destroy the data.
pub fn data_inputs(root: &Path) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = [
        "report.yaml",
        "indicators.yaml",
        "distribution.yaml",
        "imports.yaml",
        crate::send::log::FILE_NAME,
    ]
    .iter()
    .map(|name| root.join(name))
    .collect();
    if let Ok(entries) = fs::read_dir(root.join("months")) {
        inputs.extend(entries.filter_map(|e| e.ok().map(|e| e.path())));
    }
    inputs
}

/// Refuses, as a usage error, an output path that is one of `inputs` (symlinks resolved)
/// or that exists and is neither a regular file nor a folder: a device, a FIFO, a socket,
/// or a symlink to one. A path that does not exist yet is fine.
pub fn check_output_file(path: &Path, inputs: &[PathBuf]) -> Result<(), Error> {
    let Ok(meta) = fs::metadata(path) else {
        return Ok(());
    };
    let refuse =
        |what: String, hint: &str| Err(Error::usage(format!("{}: {what}", path.display()), hint));
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let is_input = inputs
        .iter()
        .filter_map(|input| fs::canonicalize(input).ok())
        .any(|input| input == target);
    if is_input {
        return refuse(
            "this is one of the data folder's input files, and writing the PDF would replace it"
                .into(),
            "give a path outside the data's own files, e.g. --out out/scorecard.pdf",
        );
    }
    // A folder is refused when the file is written (exit status 4), as it always was.
    if !meta.is_file() && !meta.is_dir() {
        return refuse(
            "this is not a regular file (a device, a FIFO or a socket), and a PDF cannot replace it".into(),
            "give the path of a regular file, or of one that does not exist yet",
        );
    }
    Ok(())
}

/// Refuses, as a usage error, an output folder that exists and is not a folder.
pub fn check_output_folder(path: &Path) -> Result<(), Error> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => Err(Error::usage(
            format!("--out-dir {}: this is not a folder", path.display()),
            "give a folder for the PDFs (it is created if missing), or use --out for one file",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_or_a_file_that_is_not_regular_is_refused() {
        let dir = std::env::temp_dir().join(format!("scorecard-dest-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("months")).unwrap();
        fs::write(dir.join("report.yaml"), "x").unwrap();
        fs::write(dir.join("months/2020-06.yaml"), "x").unwrap();
        fs::write(dir.join("old.pdf"), "x").unwrap();
        let inputs = data_inputs(&dir);
        let refused = |p: &Path| check_output_file(p, &inputs).is_err();
        assert!(refused(&dir.join("report.yaml")));
        assert!(refused(&dir.join("months/../months/2020-06.yaml")));
        assert!(!refused(&dir.join("old.pdf")), "an earlier PDF is replaced");
        assert!(!refused(&dir.join("new.pdf")));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("report.yaml"), dir.join("link.pdf")).unwrap();
            assert!(refused(&dir.join("link.pdf")), "a symlink to an input");
            assert!(refused(Path::new("/dev/null")), "a device");
        }
        assert!(check_output_folder(&dir.join("old.pdf")).is_err());
        assert!(check_output_folder(&dir.join("months")).is_ok());
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
