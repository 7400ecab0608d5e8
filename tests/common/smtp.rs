//! The test SMTP server (tests/smtp_server.py, aiosmtpd with STARTTLS) and the Python
//! that runs the test servers, shared by the tests that send mail.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::root;

/// The login the test server accepts.
pub(crate) const USER: &str = "board-sender";
/// Its password.
pub(crate) const PASSWORD: &str = "Tr0ub4dor-and-3-horses";

/// The Python that runs the test servers: `SCORECARD_SMTP_PYTHON`, the venv `scripts/test`
/// makes, or `python3`.
pub(crate) fn python() -> PathBuf {
    std::env::var_os("SCORECARD_SMTP_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let venv = root().join("target/validator-venv/bin/python");
            venv.exists().then_some(venv)
        })
        .unwrap_or_else(|| PathBuf::from("python3"))
}

/// Starts `tests/SCRIPT` and waits for its `PORT <n>` line; the error says why not.
pub(crate) fn spawn_python(script: &str, args: &[&str]) -> Result<(Child, u16), String> {
    let python = python();
    let mut child = Command::new(&python)
        .arg(root().join("tests").join(script))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{} cannot run: {e}", python.display()))?;
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
    match line
        .strip_prefix("PORT ")
        .and_then(|p| p.trim().parse::<u16>().ok())
    {
        Some(port) => Ok((child, port)),
        None => {
            let _ = child.kill();
            let output = child.wait_with_output().unwrap();
            let why = String::from_utf8_lossy(&output.stderr);
            let last = why.lines().last().unwrap_or("no output").to_string();
            Err(format!("{} {script} said: {last}", python.display()))
        }
    }
}

/// A server that cannot start skips the test, except under `SCORECARD_REQUIRE_SMTP=1`.
pub(crate) fn skip_or_fail<T>(name: &str, why: &str) -> Option<T> {
    let required = std::env::var("SCORECARD_REQUIRE_SMTP").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "{why}\n(run ./scripts/test, which installs aiosmtpd)"
    );
    // Straight to the process's stderr: the test harness captures print macros, and
    // a skip must be visible in a normal run.
    let _ = writeln!(std::io::stderr(), "SKIPPED: {name}: {why}");
    None
}

/// The test SMTP server, killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// Where the server writes what it received.
    pub(crate) dir: PathBuf,
    /// Its port on 127.0.0.1.
    pub(crate) port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server (STARTTLS), or says why it cannot (`None`: the test is skipped).
    pub(crate) fn start(name: &str) -> Option<Server> {
        Self::start_with(name, &[])
    }

    pub(crate) fn start_with(name: &str, extra: &[&str]) -> Option<Server> {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("smtp-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut args = vec![dir.to_str().unwrap(), USER, PASSWORD];
        args.extend(extra);
        match spawn_python("smtp_server.py", &args) {
            Ok((child, port)) => Some(Server { child, dir, port }),
            Err(why) => skip_or_fail(
                name,
                &format!("the SMTP test server could not start: {why}"),
            ),
        }
    }

    /// Every AUTH attempt the server saw: `PLAIN refused`, `XOAUTH2 accepted`, ...
    pub(crate) fn auth_log(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("auth.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The settings `scorecard send` needs to reach this server.
    pub(crate) fn env<'a>(&'a self, url: &'a str, password: &'a str) -> Vec<(&'a str, &'a str)> {
        vec![
            ("SCORECARD_SMTP_URL", url),
            ("SCORECARD_SMTP_USER", USER),
            ("SCORECARD_SMTP_PASSWORD", password),
            ("SCORECARD_SMTP_CA", self.ca()),
        ]
    }

    pub(crate) fn url(&self) -> String {
        format!("smtp://localhost:{}", self.port)
    }

    pub(crate) fn ca(&self) -> &str {
        // Leaked once per server: a tiny string that lives as long as the test.
        Box::leak(
            self.dir
                .join("ca.pem")
                .to_str()
                .unwrap()
                .to_string()
                .into_boxed_str(),
        )
    }

    /// Every message received so far: (envelope recipients, raw bytes), in order.
    pub(crate) fn received(&self) -> Vec<(Vec<String>, Vec<u8>)> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|eml| {
                let rcpt = std::fs::read_to_string(eml.with_extension("rcpt")).unwrap();
                (
                    rcpt.lines().map(str::to_string).collect(),
                    std::fs::read(eml).unwrap(),
                )
            })
            .collect()
    }

    pub(crate) fn refuse(&self, addresses: &[&str]) {
        self.list("refuse.txt", addresses);
    }

    /// Stores the message for these recipients, then cuts the connection before
    /// answering it.
    pub(crate) fn leave_unanswered(&self, addresses: &[&str]) {
        self.list("unanswered.txt", addresses);
    }

    pub(crate) fn drop_connection_for(&self, addresses: &[&str]) {
        self.list("drop.txt", addresses);
    }

    pub(crate) fn list(&self, file: &str, addresses: &[&str]) {
        let text: String = addresses.iter().map(|a| format!("{a}\n")).collect();
        std::fs::write(self.dir.join(file), text).unwrap();
    }
}
