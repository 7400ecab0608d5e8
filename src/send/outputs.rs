//! The files `send` writes (each pack's PDF and `.eml`) are checked before any work: none
//! may be one of the data folder's inputs (symbolic links resolved), and none may be
//! anything but a regular file where it already exists (a folder, a FIFO, a device, or a
//! link to one), which the write would replace or block on.

use std::path::{Path, PathBuf};

use crate::diag::Problem;

/// One problem per output path that must not be written.
pub fn refuse_unsafe(outputs: &[PathBuf], inputs: &[PathBuf]) -> Vec<Problem> {
    let inputs: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let mut problems = Vec::new();
    let mut folders_seen: Vec<&Path> = Vec::new();
    for path in outputs {
        if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
            if !folders_seen.contains(&folder) {
                folders_seen.push(folder);
                if folder.exists() && !folder.is_dir() {
                    problems.push(
                        Problem::error(
                            folder,
                            "this is not a folder, and send writes its PDFs and messages into it",
                        )
                        .hint("move the file away, or run send from another folder"),
                    );
                    continue;
                }
            }
        }
        let Ok(metadata) = std::fs::metadata(path) else {
            continue;
        };
        if let Some(input) = std::fs::canonicalize(path)
            .ok()
            .filter(|real| inputs.contains(real))
        {
            problems.push(
                Problem::error(
                    path,
                    format!(
                        "this is the data folder's input {}: send would overwrite it",
                        input.display()
                    ),
                )
                .hint(
                    "remove the link, or run send from a folder whose out/ is not inside the data",
                ),
            );
        } else if !metadata.is_file() {
            problems.push(
                Problem::error(
                    path,
                    "this is not a regular file (a folder, FIFO or device), and send writes a file here",
                )
                .hint("move it away, then run send again"),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_and_odd_files_are_refused_and_plain_files_allowed() {
        let dir = std::env::temp_dir().join(format!("scorecard-outputs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("data")).unwrap();
        std::fs::create_dir_all(dir.join("out/a.eml")).unwrap();
        std::fs::write(dir.join("data/report.yaml"), "x").unwrap();
        std::fs::write(dir.join("out/old.pdf"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.join("data/report.yaml"), dir.join("out/b.pdf")).unwrap();
        let outputs = [
            dir.join("out/a.eml"),
            dir.join("out/b.pdf"),
            dir.join("out/old.pdf"),
            dir.join("out/new.pdf"),
        ];
        let problems = refuse_unsafe(&outputs, &[dir.join("data/report.yaml")]);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), if cfg!(unix) { 2 } else { 1 }, "{text:?}");
        assert!(text[0].contains("not a regular file"), "{text:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
