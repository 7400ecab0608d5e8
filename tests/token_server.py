"""An OAuth 2.0 token endpoint for the `scorecard send` tests (tests/send.rs), behaving
like Microsoft Entra ID's client-credentials grant, in the Python standard library.

It serves HTTPS on 127.0.0.1 with the `localhost` certificate that tests/smtp_server.py
made in the same scratch folder (leaf.pem, leaf.key, signed by ca.pem). It answers POST
/test-tenant/oauth2/v2.0/token only, and checks the form as Entra ID does:

- `grant_type=client_credentials`, else 400 `unsupported_grant_type`;
- the tenant in the path, else 400 `invalid_request` (AADSTS90002);
- `client_id`, else 400 `unauthorized_client` (AADSTS700016);
- `client_secret`, else 401 `invalid_client` (AADSTS7000215);
- `scope`, else 400 `invalid_scope` (AADSTS70011).

A good request gets `{"token_type": "Bearer", "expires_in": 3599, "access_token": ...}`
with a fresh random token, which is appended to tokens.txt, the file the SMTP server in
`oauth` mode accepts tokens from. Every request appends one line to token-requests.txt
(`issued` or the error code), so a test can count them. A request to the tenant
`slow-tenant` gets a 200 whose body trickles for ever, like a stalled endpoint.

Usage: python token_server.py SCRATCH_DIR CLIENT_ID CLIENT_SECRET SCOPE
Prints `PORT <n>` on standard output when ready, then serves until killed.
"""

import http.server
import json
import os
import secrets
import ssl
import sys
import time
import urllib.parse

TENANT = "test-tenant"


class TokenHandler(http.server.BaseHTTPRequestHandler):
    folder = client_id = client_secret = scope = None

    def log_message(self, *args):
        pass

    def answer(self, status, body, outcome):
        with open(os.path.join(self.folder, "token-requests.txt"), "a") as f:
            f.write(outcome + "\n")
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, status, error, description):
        self.answer(status, {
            "error": error,
            "error_description": description + " Trace ID: 0000 Correlation ID: 1111"
                                 " Timestamp: 2026-12-04 03:00:00Z",
            "error_codes": [int(description[6:description.index(":")])]
            if description.startswith("AADSTS") else [],
        }, error)

    def trickle(self):
        """A 200 whose body never ends: a space every half second."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    def do_GET(self):
        self.refuse(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.")

    def do_POST(self):
        if self.path.startswith("/slow-tenant/"):
            return self.trickle()
        length = int(self.headers.get("Content-Length") or 0)
        kind = self.headers.get("Content-Type", "")
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        value = lambda key: (form.get(key) or [""])[0]
        if not kind.startswith("application/x-www-form-urlencoded"):
            return self.refuse(400, "invalid_request",
                               "AADSTS900144: The request body must contain the parameter 'grant_type'.")
        if self.path != "/%s/oauth2/v2.0/token" % TENANT:
            return self.refuse(400, "invalid_request",
                               "AADSTS90002: Tenant '%s' not found."
                               % urllib.parse.unquote(self.path.split("/")[1]))
        if value("grant_type") != "client_credentials":
            return self.refuse(400, "unsupported_grant_type",
                               "AADSTS70003: The app requested an unsupported grant type.")
        if value("client_id") != self.client_id:
            return self.refuse(400, "unauthorized_client",
                               "AADSTS700016: Application with identifier '%s' was not found"
                               " in the directory '%s'." % (value("client_id"), TENANT))
        if value("client_secret") != self.client_secret:
            return self.refuse(401, "invalid_client",
                               "AADSTS7000215: Invalid client secret provided. Ensure the secret"
                               " being sent in the request is the client secret value, not the"
                               " client secret ID.")
        if value("scope") != self.scope:
            return self.refuse(400, "invalid_scope",
                               "AADSTS70011: The provided value for the input parameter 'scope'"
                               " is not valid.")
        token = "eyJ0eXAiOiJKV1Qi." + secrets.token_urlsafe(48)
        with open(os.path.join(self.folder, "tokens.txt"), "a") as f:
            f.write(token + "\n")
        self.answer(200, {"token_type": "Bearer", "expires_in": 3599,
                          "ext_expires_in": 3599, "access_token": token}, "issued")


def main():
    folder, client_id, client_secret, scope = sys.argv[1:5]
    TokenHandler.folder, TokenHandler.client_id = folder, client_id
    TokenHandler.client_secret, TokenHandler.scope = client_secret, scope
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TokenHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(folder, "leaf.pem"), os.path.join(folder, "leaf.key"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
