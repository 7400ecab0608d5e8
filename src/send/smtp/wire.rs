//! One SMTP connection on the wire: TCP, optionally upgraded to TLS (rustls), read and
//! written under a deadline. Each exchange (greeting, EHLO, STARTTLS, AUTH, one message)
//! gets its own deadline from [`Wire::begin`]; every read and write is given only the time
//! left, so a server that trickles a line every few seconds is abandoned when the
//! exchange's time is up, however lively it looks. Past the deadline the socket is shut
//! down, and nothing more is read from it.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

/// The longest any single read or write may wait, within the exchange's deadline.
const IDLE_LIMIT: Duration = Duration::from_secs(30);

/// The most a reply may hold; a server sending more is broken or hostile.
const REPLY_LIMIT: usize = 64 * 1024;

/// The exchange under way, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    /// Connecting and reading the server's greeting (with the TLS handshake on smtps://).
    Greeting,
    /// EHLO and its list of extensions.
    Ehlo,
    /// STARTTLS and the TLS handshake.
    StartTls,
    /// The login.
    Auth,
    /// One message: MAIL, RCPT, DATA and the message itself.
    Message,
}

impl Stage {
    /// How the stage is named in a sentence.
    pub(super) fn name(self) -> &'static str {
        match self {
            Stage::Greeting => "the greeting",
            Stage::Ehlo => "EHLO",
            Stage::StartTls => "STARTTLS",
            Stage::Auth => "the login",
            Stage::Message => "the message",
        }
    }
}

/// A complete reply: its code and its lines' text (without the code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Reply {
    /// The three-digit code.
    pub code: u16,
    /// Each line's text after the code and separator.
    pub lines: Vec<String>,
}

impl Reply {
    /// The reply as the server wrote it, lines joined by spaces: `535 5.7.3 ...`.
    pub(super) fn text(&self) -> String {
        format!("{} {}", self.code, self.lines.join(" "))
            .trim_end()
            .to_string()
    }
}

/// What went wrong on the wire.
#[derive(Debug)]
pub(super) enum Failure {
    /// The server answered with a refusal (4xx or 5xx).
    Refused(Stage, Reply),
    /// The exchange did not finish in time.
    Deadline(Stage, Duration),
    /// The connection failed (refused, reset, closed, TLS).
    Io(Stage, io::Error),
    /// The server said something that is not SMTP, or lacks what is needed.
    Protocol(Stage, String),
}

enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
    Closed,
}

/// An open connection.
pub(super) struct Wire {
    stream: Stream,
    buffer: Vec<u8>,
    stage: Stage,
    limit: Duration,
    deadline: Instant,
}

impl Wire {
    /// Connects to `host:port`, starting the greeting exchange with `limit` to finish it.
    pub(super) fn connect(host: &str, port: u16, limit: Duration) -> Result<Self, Failure> {
        let deadline = Instant::now() + limit;
        let addresses = (host, port)
            .to_socket_addrs()
            .map_err(|e| Failure::Io(Stage::Greeting, e))?;
        let mut last = io::Error::new(io::ErrorKind::NotFound, "the host name has no address");
        for address in addresses {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(Failure::Deadline(Stage::Greeting, limit));
            }
            match TcpStream::connect_timeout(&address, left.min(IDLE_LIMIT)) {
                Ok(tcp) => {
                    return Ok(Self {
                        stream: Stream::Plain(tcp),
                        buffer: Vec::new(),
                        stage: Stage::Greeting,
                        limit,
                        deadline,
                    })
                }
                Err(e) => last = e,
            }
        }
        Err(Failure::Io(Stage::Greeting, last))
    }

    /// Starts a new exchange, which must finish within `limit`.
    pub(super) fn begin(&mut self, stage: Stage, limit: Duration) {
        self.stage = stage;
        self.limit = limit;
        self.deadline = Instant::now() + limit;
    }

    fn tcp(&self) -> Option<&TcpStream> {
        match &self.stream {
            Stream::Plain(tcp) => Some(tcp),
            Stream::Tls(tls) => Some(&tls.sock),
            Stream::Closed => None,
        }
    }

    /// The time left, or the deadline failure (after which the socket is shut down).
    fn left(&mut self) -> Result<Duration, Failure> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            self.abandon();
            return Err(Failure::Deadline(self.stage, self.limit));
        }
        Ok(left.min(IDLE_LIMIT))
    }

    /// Shuts the connection down at once, without a word to the server.
    pub(super) fn abandon(&mut self) {
        if let Some(tcp) = self.tcp() {
            let _ = tcp.shutdown(Shutdown::Both);
        }
        self.stream = Stream::Closed;
    }

    /// True when the TLS upgrade has happened (or the connection began with TLS).
    pub(super) fn is_encrypted(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }

    fn io_failure(&mut self, error: io::Error) -> Failure {
        let timed_out = matches!(
            error.kind(),
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
        );
        self.abandon();
        if timed_out {
            Failure::Deadline(self.stage, self.limit)
        } else {
            Failure::Io(self.stage, error)
        }
    }

    /// Writes every byte, within the exchange's time.
    pub(super) fn write_all(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        for chunk in bytes.chunks(64 * 1024) {
            let left = self.left()?;
            if let Some(tcp) = self.tcp() {
                let _ = tcp.set_write_timeout(Some(left));
            }
            let result = match &mut self.stream {
                Stream::Plain(tcp) => tcp.write_all(chunk).and_then(|()| tcp.flush()),
                Stream::Tls(tls) => tls.write_all(chunk).and_then(|()| tls.flush()),
                Stream::Closed => Err(closed()),
            };
            result.map_err(|e| self.io_failure(e))?;
        }
        Ok(())
    }

    fn fill(&mut self) -> Result<(), Failure> {
        let left = self.left()?;
        if let Some(tcp) = self.tcp() {
            let _ = tcp.set_read_timeout(Some(left));
        }
        let mut chunk = [0u8; 4096];
        let read = match &mut self.stream {
            Stream::Plain(tcp) => tcp.read(&mut chunk),
            Stream::Tls(tls) => tls.read(&mut chunk),
            Stream::Closed => Err(closed()),
        };
        match read {
            Ok(0) => {
                let e = io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the server closed the connection",
                );
                Err(self.io_failure(e))
            }
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
            }
            Err(e) => Err(self.io_failure(e)),
        }
    }

    /// Reads one complete reply (every `250-` line up to the final `250 `).
    pub(super) fn read_reply(&mut self) -> Result<Reply, Failure> {
        let mut lines = Vec::new();
        let mut size = 0;
        loop {
            let Some(end) = self.buffer.windows(2).position(|w| w == b"\r\n") else {
                if self.buffer.len() + size > REPLY_LIMIT {
                    self.abandon();
                    return Err(Failure::Protocol(
                        self.stage,
                        "the reply is too long".into(),
                    ));
                }
                self.fill()?;
                continue;
            };
            let line: Vec<u8> = self.buffer.drain(..end + 2).take(end).collect();
            size += line.len();
            let text = String::from_utf8_lossy(&line).into_owned();
            let code = text.get(..3).and_then(|c| c.parse::<u16>().ok());
            let separator = text.as_bytes().get(3).copied();
            let (Some(code), Some(b' ' | b'-') | None) = (code, separator) else {
                self.abandon();
                return Err(Failure::Protocol(
                    self.stage,
                    format!(
                        "the server answered `{}`, which is not SMTP",
                        text.escape_debug()
                    ),
                ));
            };
            lines.push(text.get(4..).unwrap_or("").to_string());
            if size > REPLY_LIMIT {
                self.abandon();
                return Err(Failure::Protocol(
                    self.stage,
                    "the reply is too long".into(),
                ));
            }
            if separator != Some(b'-') {
                return Ok(Reply { code, lines });
            }
        }
    }

    /// Reads a reply and turns a refusal (4xx, 5xx) into a failure.
    pub(super) fn expect(&mut self) -> Result<Reply, Failure> {
        let reply = self.read_reply()?;
        if reply.code >= 400 {
            return Err(Failure::Refused(self.stage, reply));
        }
        Ok(reply)
    }

    /// Sends one command line and reads the answer, refusals as failures.
    pub(super) fn command(&mut self, line: &str) -> Result<Reply, Failure> {
        self.write_all(format!("{line}\r\n").as_bytes())?;
        self.expect()
    }

    /// Upgrades the connection to TLS (after STARTTLS's `220`, or at once on smtps://),
    /// checking the certificate against `host`.
    pub(super) fn upgrade(
        &mut self,
        config: &Arc<ClientConfig>,
        host: &str,
    ) -> Result<(), Failure> {
        if !self.buffer.is_empty() {
            // Anything sent before the handshake could have been injected by a
            // man in the middle; RFC 3207 says to discard it, so refuse the server.
            self.abandon();
            return Err(Failure::Protocol(
                self.stage,
                "the server sent data before the TLS handshake".into(),
            ));
        }
        let Stream::Plain(tcp) = std::mem::replace(&mut self.stream, Stream::Closed) else {
            return Err(Failure::Protocol(self.stage, "already encrypted".into()));
        };
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| Failure::Protocol(self.stage, format!("`{host}` is not a host name")))?;
        let connection = ClientConnection::new(config.clone(), name)
            .map_err(|e| Failure::Io(self.stage, io::Error::other(e.to_string())))?;
        let mut tls = StreamOwned::new(connection, tcp);
        while tls.conn.is_handshaking() {
            let left = match self.deadline.saturating_duration_since(Instant::now()) {
                d if d.is_zero() => {
                    let _ = tls.sock.shutdown(Shutdown::Both);
                    return Err(Failure::Deadline(self.stage, self.limit));
                }
                d => d.min(IDLE_LIMIT),
            };
            let _ = tls.sock.set_read_timeout(Some(left));
            let _ = tls.sock.set_write_timeout(Some(left));
            let (conn, sock) = (&mut tls.conn, &mut tls.sock);
            if let Err(e) = conn.complete_io(sock) {
                let _ = tls.sock.shutdown(Shutdown::Both);
                return Err(self.io_failure(e));
            }
        }
        self.stream = Stream::Tls(Box::new(tls));
        Ok(())
    }
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::NotConnected, "the connection was closed")
}
