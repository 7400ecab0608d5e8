//! The send log, `DATA/send-log.jsonl`: one JSON object a line for each recipient a
//! message was delivered to (month, pack, recipient, message id, the PDF's SHA-256,
//! subject, time). It lives beside the data, not in `out/`, which users clear.
//!
//! A real send opens it with an exclusive lock (`flock` on Unix), held for the whole send,
//! so two sends from one data folder cannot both deliver a copy; the lock dies with the
//! process, so a crash leaves nothing to clean up.
//!
//! It is append-only: a record is written, flushed and synced to disk right after the
//! server accepts that recipient's copy, before the next is sent. A crash therefore loses
//! at most the record of the one message in flight (the window between the server's `250`
//! and the write), and never causes a whole list to be sent twice. A last line cut short by
//! a crash is ignored when read and cut off before the next record is appended.
//!
//! The `sent_at` time is the clock's: the log records what happened, it is not output that
//! must be reproducible (messages and PDFs never read it).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diag::Problem;

/// The log's file name inside the data folder.
pub const FILE_NAME: &str = "send-log.jsonl";

/// One delivered copy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The report month, `YYYY-MM`.
    pub month: String,
    /// The pack id; `null` for the one scorecard (no packs).
    pub pack: Option<String>,
    /// The recipient's address (no display name).
    pub recipient: String,
    /// `to`, `cc` or `bcc`.
    pub field: String,
    /// The message's `Message-ID`.
    pub message_id: String,
    /// The attached PDF's SHA-256, lower-case hex.
    pub pdf_sha256: String,
    /// The subject as sent.
    pub subject: String,
    /// When the server accepted it (UTC, RFC 3339, from the clock).
    pub sent_at: String,
    /// True when the whole message was handed over and the server's answer never came:
    /// it may have arrived, so it counts as sent (no rerun sends it again) and is written
    /// only then, as `"unconfirmed": true`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unconfirmed: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

/// The log as read, and how to add to it.
#[derive(Debug)]
pub struct SendLog {
    path: PathBuf,
    records: Vec<Record>,
    /// When the file ends with a cut-short line: the length up to its last line break,
    /// to which the file is cut back before the next record is appended.
    cut_back_to: Option<u64>,
    /// The log opened for appending and locked, for a real send.
    locked: Option<File>,
}

/// A problem with the log file: its path and what went wrong.
pub type LogError = Box<Problem>;

fn fail(path: &Path, message: String) -> LogError {
    Box::new(Problem::error(path, message))
}

fn same_address(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl SendLog {
    /// Reads the log at `path` (a missing file is an empty log), for a dry run: no lock,
    /// nothing created. See [`SendLog::open_locked`] for the rules on broken lines.
    pub fn open(path: &Path) -> Result<(Self, Vec<String>), LogError> {
        let text = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(fail(path, format!("cannot read the send log: {e}"))),
        };
        Self::parse(path, text, None)
    }

    /// Opens the log for a real send: creates it if needed and takes an exclusive lock,
    /// held until this value is dropped (the operating system releases it if the process
    /// dies), so two sends from one data folder cannot both deliver the same copy. Then
    /// reads it. A line that is not a record is an error, except a last line with no line
    /// break (a crash mid-write), which is skipped, reported in the returned warnings and
    /// cut off before the next record is appended.
    pub fn open_locked(path: &Path) -> Result<(Self, Vec<String>), LogError> {
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| fail(path, format!("cannot open the send log: {e}")))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(fail(
                    path,
                    "another `scorecard send` is using this send log\n  = hint: wait for it to finish, then run this again: it will send only what is still missing".into(),
                ))
            }
            Err(TryLockError::Error(e)) => {
                return Err(fail(path, format!("cannot lock the send log: {e}")))
            }
        }
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .map_err(|e| fail(path, format!("cannot read the send log: {e}")))?;
        Self::parse(path, text, Some(file))
    }

    fn parse(
        path: &Path,
        bytes: Vec<u8>,
        locked: Option<File>,
    ) -> Result<(Self, Vec<String>), LogError> {
        let text = String::from_utf8(bytes)
            .map_err(|_| fail(path, "the send log is not UTF-8 text".into()))?;
        let cut_back_to = (!text.is_empty() && !text.ends_with('\n'))
            .then(|| text.rfind('\n').map_or(0, |i| i as u64 + 1));
        let mut records = Vec::new();
        let mut warnings = Vec::new();
        let lines: Vec<&str> = text.split('\n').collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Record>(line) {
                Ok(record) => records.push(record),
                Err(_) if i + 1 == lines.len() => warnings.push(format!(
                    "its last line (line {}) is incomplete (an interrupted send?) and is ignored",
                    i + 1
                )),
                Err(e) => {
                    return Err(fail(path, format!(
                        "line {} is not a send record ({e})\n  = hint: the log is written by scorecard only; restore it from a backup, or delete the line and accept that its recipient may be sent the pack again",
                        i + 1
                    )))
                }
            }
        }
        Ok((
            Self {
                path: path.to_path_buf(),
                records,
                cut_back_to,
                locked,
            },
            warnings,
        ))
    }

    /// The log's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every record, oldest first.
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// True when `recipient` has been sent this exact PDF for this month and pack.
    pub fn delivered(&self, month: &str, pack: Option<&str>, recipient: &str, sha: &str) -> bool {
        self.records.iter().any(|r| {
            r.month == month
                && r.pack.as_deref() == pack
                && r.pdf_sha256 == sha
                && same_address(&r.recipient, recipient)
        })
    }

    /// True when a different PDF was sent for this month and pack: this one is a revision.
    pub fn has_other_version(&self, month: &str, pack: Option<&str>, sha: &str) -> bool {
        self.records
            .iter()
            .any(|r| r.month == month && r.pack.as_deref() == pack && r.pdf_sha256 != sha)
    }

    /// Appends one record and syncs it to disk before returning.
    pub fn append(&mut self, record: Record) -> Result<(), LogError> {
        let path = self.path.clone();
        let failed = |e: std::io::Error| {
            Box::new(
                Problem::error(&path, format!("cannot write the send log: {e}"))
                    .hint("the message was delivered but not recorded; a rerun may send it again"),
            )
        };
        let mut line = serde_json::to_string(&record)
            .map_err(|e| fail(&path, format!("cannot write a record: {e}")))?;
        line.push('\n');
        if self.locked.is_none() {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .map_err(failed)?;
            self.locked = Some(file);
        }
        let Some(file) = self.locked.as_mut() else {
            return Err(fail(&path, "the send log is not open".into()));
        };
        // The remains of a write a crash interrupted are not a record: drop them.
        if let Some(length) = self.cut_back_to {
            file.set_len(length).map_err(failed)?;
        }
        let before = file.metadata().map(|m| m.len()).ok();
        if let Err(e) = file.write_all(line.as_bytes()) {
            // A line cut short (a full disk) is no record; the next write must not
            // continue it, so the file is cut back to where it was.
            if let Some(length) = before {
                if file.set_len(length).is_err() {
                    self.cut_back_to = Some(length);
                }
            }
            return Err(failed(e));
        }
        file.sync_data().map_err(failed)?;
        self.cut_back_to = None;
        self.records.push(record);
        Ok(())
    }
}

/// The time now as RFC 3339 UTC, for `sent_at`.
pub fn now_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(recipient: &str, sha: &str) -> Record {
        Record {
            month: "2020-06".into(),
            pack: None,
            recipient: recipient.into(),
            field: "to".into(),
            message_id: "<x@example.org>".into(),
            pdf_sha256: sha.into(),
            subject: "s".into(),
            sent_at: now_utc(),
            unconfirmed: false,
        }
    }

    #[test]
    fn appends_survive_a_cut_short_line() {
        let dir = std::env::temp_dir().join(format!("scorecard-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        let _ = std::fs::remove_file(&path);
        let (mut log, warnings) = SendLog::open(&path).unwrap();
        assert!(warnings.is_empty());
        log.append(record("a@example.org", "aa")).unwrap();
        // A crash in the middle of the next write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"month\":\"2020-").unwrap();
        drop(f);
        let (mut log, warnings) = SendLog::open(&path).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(log.delivered("2020-06", None, "A@example.org", "aa"));
        assert!(!log.delivered("2020-06", None, "a@example.org", "bb"));
        assert!(log.has_other_version("2020-06", None, "bb"));
        log.append(record("b@example.org", "aa")).unwrap();
        let (log, warnings) = SendLog::open(&path).unwrap();
        assert!(
            warnings.is_empty(),
            "the broken line was cut off: {warnings:?}"
        );
        assert_eq!(log.records().len(), 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_send_cannot_take_the_log() {
        let dir = std::env::temp_dir().join(format!("scorecard-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(FILE_NAME);
        let (mut first, _) = SendLog::open_locked(&path).unwrap();
        let error = SendLog::open_locked(&path).unwrap_err();
        assert!(
            error.message.contains("another `scorecard send`"),
            "{error}"
        );
        first.append(record("a@example.org", "aa")).unwrap();
        drop(first);
        let (again, _) = SendLog::open_locked(&path).unwrap();
        assert_eq!(again.records().len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
