"""A real SMTP server for the `scorecard send` tests (tests/send.rs).

Listens on 127.0.0.1 on a free port and behaves like a company submission server: it
requires STARTTLS, then AUTH (PLAIN or LOGIN) with a fixed user and password, before it
accepts mail. Its certificate is a `localhost` / 127.0.0.1 leaf signed by a small CA,
both made with openssl in the scratch folder at start-up (ca.pem is the file to trust).

Each accepted message is written as NNN.eml (the raw bytes received) and NNN.rcpt (the
envelope recipients, one a line). A recipient listed in refuse.txt (one address a line,
re-read at every RCPT) is answered with 550, so a test can refuse an address and then
accept it on the rerun by emptying that file; refuse-reply.txt, when present, is the text
of that 550 answer instead (a hostile server's reply). A recipient listed in drop.txt makes the
server cut the connection without an answer, as a dropped link would. A recipient listed in
unanswered.txt has the whole message stored, and then the connection cut before the answer
to it, so the client cannot know it arrived.

Options after the three arguments, in any order:

- `implicit`: TLS from the first byte instead (smtps://); AUTH is allowed at once because
  the whole connection is already encrypted.
- `oauth`: behaves like Microsoft 365 once basic authentication is switched off. It offers
  `AUTH LOGIN PLAIN XOAUTH2`, refuses PLAIN and LOGIN with `535 5.7.139 Authentication
  unsuccessful, basic authentication is disabled`, and accepts XOAUTH2 only for USER with
  a token listed in tokens.txt in the scratch folder (written by tests/token_server.py, or
  by the test for a ready token); any other token gets `535 5.7.3 Authentication
  unsuccessful`. The PASSWORD argument is then unused.
- `smtputf8`: offers SMTPUTF8 (by default it does not, like many relays).
- `trickle-ehlo` / `trickle-data`: answers EHLO, or the end of each message, with a `250-`
  line every second and never finishes, like a stalled server that still looks alive.

Every AUTH attempt is appended to auth.log (the mechanism and `accepted` or `refused`),
and each message's MAIL FROM options to NNN.mail.

Usage: python smtp_server.py SCRATCH_DIR USER PASSWORD [options...]
Prints `PORT <n>` on standard output when ready, then serves until killed.
"""

import asyncio
import base64
import os
import socket
import ssl
import subprocess
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def make_certificates(folder):
    """A CA and a leaf certificate for localhost and 127.0.0.1; returns (cert, key)."""
    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=scorecard test CA",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-new", *ec, "-keyout", "leaf.key", "-out", "leaf.csr",
            "-subj", "/CN=localhost")
    with open(os.path.join(folder, "leaf.ext"), "w") as f:
        f.write("basicConstraints=CA:FALSE\n"
                "keyUsage=critical,digitalSignature,keyEncipherment\n"
                "extendedKeyUsage=serverAuth\n"
                "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext")
    return os.path.join(folder, "leaf.pem"), os.path.join(folder, "leaf.key")


class Recorder:
    """Refuses listed recipients and writes every accepted message to the folder."""

    def __init__(self, folder, trickle=None):
        self.folder = folder
        self.count = 0
        self.trickle = trickle

    def note_auth(self, mechanism, outcome):
        with open(os.path.join(self.folder, "auth.log"), "a") as f:
            f.write("%s %s\n" % (mechanism, outcome))

    async def stall(self, server):
        """A `250-` line a second until the client gives up and closes the connection."""
        while not server.transport.is_closing():
            await server.push("250-still working on it")
            await asyncio.sleep(1)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.trickle == "ehlo":
            await self.stall(server)
        return responses

    def listed(self, name):
        try:
            with open(os.path.join(self.folder, name)) as f:
                return {line.strip().lower() for line in f if line.strip()}
        except FileNotFoundError:
            return set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.listed("drop.txt"):
            server.transport.abort()
            return "421 4.4.2 connection dropped (test)"
        if address.lower() in self.listed("refuse.txt"):
            try:
                with open(os.path.join(self.folder, "refuse-reply.txt")) as f:
                    return "550 5.1.1 " + f.read()
            except FileNotFoundError:
                return "550 5.1.1 <%s>: mailbox unavailable (test refusal)" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.trickle == "data":
            await self.stall(server)
            return "451 4.3.0 gave up (test)"
        self.count += 1
        stem = os.path.join(self.folder, "%03d" % self.count)
        with open(stem + ".eml.partial", "wb") as f:
            f.write(envelope.original_content)
        with open(stem + ".rcpt", "w") as f:
            f.write("".join(r + "\n" for r in envelope.rcpt_tos))
        with open(stem + ".mail", "w") as f:
            f.write(" ".join(envelope.mail_options) + "\n")
        os.rename(stem + ".eml.partial", stem + ".eml")
        unanswered = self.listed("unanswered.txt")
        if any(r.lower() in unanswered for r in envelope.rcpt_tos):
            server.transport.abort()
            return "421 4.4.2 connection dropped after the message (test)"
        return "250 2.0.0 accepted"


BASIC_DISABLED = "535 5.7.139 Authentication unsuccessful, basic authentication is disabled"


class OAuthRecorder(Recorder):
    """Microsoft 365 without basic authentication: XOAUTH2 with an issued token only."""

    def __init__(self, folder, user, trickle=None):
        super().__init__(folder, trickle)
        self.user = user

    async def auth_PLAIN(self, server, args):
        self.note_auth("PLAIN", "refused")
        return AuthResult(success=False, handled=False, message=BASIC_DISABLED)

    async def auth_LOGIN(self, server, args):
        self.note_auth("LOGIN", "refused")
        return AuthResult(success=False, handled=False, message=BASIC_DISABLED)

    async def auth_XOAUTH2(self, server, args):
        if len(args) > 1:
            answer = args[1].encode()
        else:
            answer = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(answer, bytes):
                return AuthResult(success=False, handled=True)
        try:
            fields = base64.b64decode(answer, validate=True).decode().split("\x01")
        except ValueError:
            fields = []
        values = dict(f.split("=", 1) for f in fields if "=" in f)
        bearer = values.get("auth", "")
        token = bearer[len("Bearer "):] if bearer.startswith("Bearer ") else None
        ok = (fields[-2:] == ["", ""] and values.get("user", "").encode() == self.user
              and token is not None and token in self.issued())
        self.note_auth("XOAUTH2", "accepted" if ok else "refused")
        if ok:
            return AuthResult(success=True, auth_data=values.get("user"))
        return AuthResult(success=False, handled=False,
                          message="535 5.7.3 Authentication unsuccessful")

    def issued(self):
        try:
            with open(os.path.join(self.folder, "tokens.txt")) as f:
                return {line.strip() for line in f if line.strip()}
        except FileNotFoundError:
            return set()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder, user, password = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
    options = set(sys.argv[4:])
    unknown = options - {"implicit", "oauth", "smtputf8", "trickle-ehlo", "trickle-data"}
    if unknown:
        sys.exit("unknown options: %s" % " ".join(sorted(unknown)))
    implicit = "implicit" in options
    trickle = ("ehlo" if "trickle-ehlo" in options
               else "data" if "trickle-data" in options else None)
    cert, key = make_certificates(folder)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user and auth_data.password == password)
        return AuthResult(success=ok, handled=False)

    port = free_port()
    if implicit:
        # aiosmtpd's AUTH-needs-TLS check knows only STARTTLS; here TLS came first.
        security = dict(ssl_context=context, auth_require_tls=False)
    else:
        security = dict(tls_context=context, require_starttls=True, auth_require_tls=True)
    if "oauth" in options:
        handler = OAuthRecorder(folder, user, trickle)
    else:
        handler = Recorder(folder, trickle)
    controller = Controller(
        handler, hostname="127.0.0.1", port=port,
        enable_SMTPUTF8="smtputf8" in options,
        authenticator=authenticator, auth_required=True,
        # The Rust test reads messages of a few hundred KB.
        data_size_limit=64 * 1024 * 1024,
        **security,
    )
    controller.start()
    print("PORT %d" % port, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
