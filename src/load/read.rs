//! Reading one input file with every guard a user's mistake calls for: it exists, is a
//! regular file, is not absurdly large, is UTF-8 (a bad byte is located by line and
//! column) and is not empty. Every reader of user files goes through here.

use std::path::Path;

use crate::diag::Problem;
use crate::model::SourceFile;

/// Largest input file we accept. Real files are a few kilobytes; anything near this is a
/// mistake (a spreadsheet export dropped in the wrong folder) and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads `path` as text, returning it with the exact bytes named relative to `root` (with
/// `/` separators), for attaching to an archival PDF.
pub fn read_text(root: &Path, path: &Path) -> Result<(String, SourceFile), Box<Problem>> {
    let metadata = std::fs::metadata(path).map_err(|e| {
        Box::new(if e.kind() == std::io::ErrorKind::NotFound {
            Problem::error(path, "file not found").hint(format!(
                "create it; see docs/data-format.md for what {} holds",
                path.file_name().unwrap_or_default().to_string_lossy()
            ))
        } else {
            Problem::error(path, format!("cannot read the file: {e}"))
        })
    })?;
    if !metadata.is_file() {
        return Err(Box::new(Problem::error(path, "this is not a regular file")));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Box::new(
            Problem::error(
                path,
                format!(
                    "the file is {} bytes, over the {MAX_FILE_BYTES} byte limit for a data file",
                    metadata.len()
                ),
            )
            .hint("data files hold a few kilobytes of YAML; check this is the right file"),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Box::new(Problem::error(path, format!("cannot read the file: {e}"))))?;
    let text = String::from_utf8(bytes.clone()).map_err(|e| {
        let (line, column) = line_and_column(&bytes, e.utf8_error().valid_up_to());
        Box::new(
            Problem::error(path, "the file is not valid UTF-8 text")
                .at(line, column)
                .hint("save it as UTF-8 (most editors offer this under \"Save As\")"),
        )
    })?;
    if text.trim().is_empty() {
        return Err(Box::new(
            Problem::error(path, "the file is empty")
                .hint("see docs/data-format.md for what it must contain"),
        ));
    }
    let name = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok((text, SourceFile { name, bytes }))
}

/// The 1-based line and column (in bytes) of `offset`.
fn line_and_column(bytes: &[u8], offset: usize) -> (u64, u64) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    (line, (before.len() - line_start) as u64 + 1)
}

/// Reads a binary file (a font) of at most `max` bytes.
pub fn read_binary(path: &Path, max: u64) -> Result<Vec<u8>, BinaryReadError> {
    let metadata = std::fs::metadata(path).map_err(BinaryReadError::Io)?;
    if !metadata.is_file() {
        return Err(BinaryReadError::NotAFile);
    }
    if metadata.len() > max {
        return Err(BinaryReadError::TooLarge {
            size: metadata.len(),
            max,
        });
    }
    std::fs::read(path).map_err(BinaryReadError::Io)
}

/// Why a binary file could not be read; the caller names the file.
#[derive(Debug)]
pub enum BinaryReadError {
    /// The system refused (no such file, no permission, a read error).
    Io(std::io::Error),
    /// A folder or a device, not a regular file.
    NotAFile,
    /// Over the size limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
}

impl std::fmt::Display for BinaryReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BinaryReadError::Io(error) => write!(f, "{error}"),
            BinaryReadError::NotAFile => f.write_str("it is not a regular file"),
            BinaryReadError::TooLarge { size, max } => {
                write!(f, "it is {size} bytes, over the {max} byte limit")
            }
        }
    }
}

impl std::error::Error for BinaryReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BinaryReadError::Io(error) => Some(error),
            BinaryReadError::NotAFile | BinaryReadError::TooLarge { .. } => None,
        }
    }
}

/// Reads a file named on the command line (a template, a CSV series), with the same
/// guards as data files; `hint` says what kind of file was expected.
pub fn read_named_file(path: &Path, hint: &str) -> Result<String, Box<Problem>> {
    let root = path.parent().unwrap_or(Path::new("."));
    read_text(root, path)
        .map(|(text, _)| text)
        .map_err(|problem| Box::new(problem.hint(hint)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("scorecard-read-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_binary_file_is_refused_when_it_is_a_folder_missing_or_too_large() {
        let dir = scratch("binary");
        let font = dir.join("font.ttf");
        std::fs::write(&font, [0u8; 10]).unwrap();
        assert_eq!(read_binary(&font, 10).unwrap().len(), 10);
        let large = read_binary(&font, 9).unwrap_err();
        assert!(matches!(
            large,
            BinaryReadError::TooLarge { size: 10, max: 9 }
        ));
        assert_eq!(large.to_string(), "it is 10 bytes, over the 9 byte limit");
        assert!(matches!(
            read_binary(&dir, 10),
            Err(BinaryReadError::NotAFile)
        ));
        let missing = read_binary(&dir.join("none.ttf"), 10).unwrap_err();
        assert!(std::error::Error::source(&missing).is_some(), "{missing}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_bad_byte_is_located_by_line_and_column() {
        assert_eq!(line_and_column(b"ab\ncd\xff", 5), (2, 3));
        assert_eq!(line_and_column(b"\xff", 0), (1, 1));
    }

    #[test]
    fn files_are_guarded_and_named_relative_to_the_root() {
        let dir = scratch("guards");
        std::fs::create_dir_all(dir.join("months")).unwrap();
        let good = dir.join("months/2020-06.yaml");
        std::fs::write(&good, "month: 2020-06\n").unwrap();
        let (text, source) = read_text(&dir, &good).unwrap();
        assert_eq!(text, "month: 2020-06\n");
        assert_eq!(source.name, "months/2020-06.yaml");

        std::fs::write(dir.join("empty.yaml"), " \n").unwrap();
        let empty = read_text(&dir, &dir.join("empty.yaml")).unwrap_err();
        assert_eq!(empty.message, "the file is empty");

        std::fs::write(dir.join("latin1.yaml"), b"a: 1\nb: caf\xe9\n").unwrap();
        let latin1 = read_text(&dir, &dir.join("latin1.yaml")).unwrap_err();
        assert_eq!((latin1.line, latin1.column), (Some(2), Some(7)));

        let missing = read_text(&dir, &dir.join("report.yaml")).unwrap_err();
        assert_eq!(missing.message, "file not found");
        assert!(missing.hints[0].contains("report.yaml"));

        let folder = read_text(&dir, &dir.join("months")).unwrap_err();
        assert_eq!(folder.message, "this is not a regular file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
