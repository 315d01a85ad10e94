#!/usr/bin/python3
"""A bounded loopback flood of one stirkit server, valid requests mixed with
malformed ones; python3 standard library only.

Usage: flood.py x5u|vs|acme WORKDIR [SECONDS]

The server is started here on 127.0.0.1 with port 0 (x5u: TLS; vs: plain
HTTP, with an x5u host behind it; acme: plain HTTP), its stderr kept in
WORKDIR/NAME.err. For SECONDS (default 8) worker threads send, round robin,
every request class of the server's table below; each answer is checked
(status, and the error text where the server gives one). Meanwhile a
slowloris attack from 127.0.0.2 opens SLOW_N (200) connections that send
half a request and then nothing or a byte a second: the server must accept
at most its per-address limit (64) and close each by its 10 s request
deadline, while the flood from 127.0.0.1 is served. Afterwards the
server must still be alive and answer a valid request rightly; then SIGTERM
must stop it with exit 0 and no AddressSanitizer/LeakSanitizer/UBSan report
in its stderr.

WORKDIR holds the files testdata/acme-pki.sh makes (tls.crt, tls.key,
acme.conf, ...). Environment: STIRKIT (the binary), STIR_PKI_DIR (the
integration tests' PKI: x5u root and the vs signing key), NOW (the time the
vs is given with --now). Prints one line per check; exits 1 on a failure."""
import json
import os
import random
import re
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadlib  # noqa: E402

KIND, WORK = sys.argv[1], sys.argv[2]
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 8.0
STIRKIT = os.environ["STIRKIT"]
PKI = os.environ["STIR_PKI_DIR"]
NOW = int(os.environ.get("NOW", "1767225600"))
HOST = "127.0.0.1"
IO_TIMEOUT = 30.0           # no answer within this is a hang
SLOW_LIMIT = 25.0           # a slowloris connection must be closed by then (deadline: 10 s)
SLOW_FROM = "127.0.0.2"     # the attacker's address
SLOW_PER_IP = 64            # the servers' default connections per address
MIDCLOSE_FROM = "127.0.0.3" # clients that vanish mid-request

check = loadlib.Checks(KIND)
procs = []


# ---- servers ---------------------------------------------------------------

def start(name, argv):
    """Starts a server; (Popen, port) once it printed its address."""
    out = open(os.path.join(WORK, name + ".out"), "w+")
    err = open(os.path.join(WORK, name + ".err"), "w")
    p = subprocess.Popen(argv, stdout=out, stderr=err, cwd=WORK)
    p.name, p.out_path, p.err_path = name, out.name, err.name
    procs.append(p)
    deadline = time.monotonic() + 60  # ASan start-up can be slow on a loaded machine
    while time.monotonic() < deadline:
        with open(out.name) as f:
            m = re.search(r"127\.0\.0\.1:(\d+)", f.readline())
        if m:
            return p, int(m.group(1))
        if p.poll() is not None:
            break
        time.sleep(0.1)
    with open(err.name) as f:
        raise SystemExit("FAIL %s: %s did not start: %s" % (KIND, name, f.read()[-2000:]))


def stop(p):
    """SIGTERM; the server must exit 0 and leave no sanitizer report."""
    alive = p.poll() is None
    check(p.name + " still alive before SIGTERM", alive, "exit %s" % p.returncode)
    if alive:
        loadlib.stop_server(p, p.name, p.err_path, check)
    else:
        report = loadlib.sanitizer_report(p.err_path)
        check(p.name + " stderr free of sanitizer reports", not report, report)


# ---- raw HTTP ----------------------------------------------------------------

class Resp:
    def __init__(self, raw):
        self.raw = raw
        self.status = None
        self.headers = {}
        self.body = b""
        head, sep, body = raw.partition(b"\r\n\r\n")
        m = re.match(rb"HTTP/1\.[01] (\d{3})", head)
        if m:
            self.status = int(m.group(1))
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                self.headers[k.strip().lower().decode("latin-1")] = v.strip().decode("latin-1")
            self.body = body

    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return "status %s, %r" % (self.status, self.raw[:300])


TLS_CTX = ssl.create_default_context()
TLS_CTX.check_hostname = False
TLS_CTX.verify_mode = ssl.CERT_NONE


def connect(port, tls, source=None):
    s = socket.create_connection((HOST, port), timeout=IO_TIMEOUT,
                                 source_address=(source, 0) if source else None)
    if tls:
        s = TLS_CTX.wrap_socket(s)
    return s


def exchange(port, tls, data, half_close=False):
    """Sends data, reads to EOF; a Resp (status None when no HTTP answer).
    A reset after the server answered or closed counts as EOF; a timeout
    raises (a hang)."""
    s = connect(port, tls)
    buf = b""
    try:
        try:
            s.sendall(data)
            if half_close and not tls:
                s.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass  # the server refused early; what it said, if anything, is below
        while True:
            try:
                d = s.recv(65536)
            except (ConnectionResetError, ssl.SSLError):
                break
            if not d:
                break
            buf += d
    finally:
        s.close()
    return Resp(buf)


def req(method, path, body=b"", headers=(), version=b"HTTP/1.1"):
    h = [method.encode() + b" " + path + b" " + version, b"Host: 127.0.0.1", b"Connection: close"]
    h += [x.encode() if isinstance(x, str) else x for x in headers]
    if body or method in ("POST", "PUT"):
        h.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(h) + b"\r\n\r\n" + body


def expect(r, status, *texts, ctype=None):
    """'' when r has status and every text in its body (and ctype), else why."""
    if r.status != status:
        return "want %s: %r" % (status, r)
    for t in texts:
        if t not in r.text():
            return "want %r in the body: %r" % (t, r)
    if ctype is not None and not r.headers.get("content-type", "").startswith(ctype):
        return "want Content-Type %s: %r" % (ctype, r)
    return ""


def no_5xx(r):
    """For input no HTTP answer is owed to: nothing, or a 4xx."""
    if r.status is None and r.raw == b"":
        return ""
    if r.status is not None and 400 <= r.status < 500:
        return ""
    return "want a 4xx or a close: %r" % r


RNG = random.Random(8)
GARBAGE = [bytes(RNG.randrange(256) for _ in range(RNG.randrange(1, 400))) for _ in range(16)]
MHD_MALFORMED = "Request malformed"   # libmicrohttpd's own 400 page
MHD_TOO_BIG = "Request too big"       # its 414/431 page


def common_cases(port, tls, good_path):
    """Request classes every server answers alike (libmicrohttpd's parser)."""
    n = [0]

    def garbage():
        n[0] += 1
        return no_5xx(exchange(port, tls, GARBAGE[n[0] % len(GARBAGE)] + b"\r\n\r\n",
                               half_close=True))

    return [
        ("garbage bytes (slow)", garbage),
        ("truncated request line (slow)", lambda: no_5xx(
            exchange(port, tls, b"GET " + good_path[:3], half_close=True))),
        ("request line without a version", lambda: expect(
            exchange(port, tls, b"GET " + good_path + b"\r\n\r\n"), 400, MHD_MALFORMED)),
        ("unknown HTTP version (505 is its right answer)", lambda: expect(
            exchange(port, tls, req("GET", good_path, version=b"HTTP/7.3")), 505,
            "HTTP version is not supported")),
        ("huge header (100 KB)", lambda: expect(
            exchange(port, tls, req("GET", good_path, headers=["X-Big: " + "a" * 100000])),
            431, MHD_TOO_BIG)),
        ("many headers", lambda: expect(
            exchange(port, tls, req("GET", good_path,
                                    headers=["X-H%d: %s" % (i, "b" * 60) for i in range(2000)])),
            431, MHD_TOO_BIG)),
        ("huge URI (100 KB)", lambda: expect(
            exchange(port, tls, req("GET", b"/" + b"a" * 100000 + b".pem")), 414, MHD_TOO_BIG)),
        ("negative Content-Length", lambda: no_5xx(
            exchange(port, tls, req("GET", good_path, headers=["Content-Length: -1"])))),
        # the x5u host answers a POST 405 before it reads any body
        ("bad chunked encoding", lambda: expect(
            exchange(port, tls, b"POST " + good_path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nxx\r\n"),
            *((405,) if KIND == "x5u" else (400, MHD_MALFORMED)))),
        ("closed mid-request", lambda: closed_mid_request(port, tls, good_path)),
    ]


def closed_mid_request(port, tls, path):
    # From its own address: the server frees such a connection only once
    # it sees the client gone (a quarter to half a second), and this class
    # alone, sent a hundred times a second, would fill 127.0.0.1's
    # per-address limit and starve the other classes.
    s = connect(port, tls, MIDCLOSE_FROM)
    try:
        s.sendall(req("POST", path, body=b"x" * 1000)[:-900])
    except OSError:
        pass
    s.close()
    return ""


# ---- the servers' tables -------------------------------------------------------

def x5u_setup():
    p, port = start("x5u", [STIRKIT, "x5u", "serve", "--root", PKI, "--listen", HOST + ":0",
                            "--tls-cert", "tls.crt", "--tls-key", "tls.key"])
    with open(os.path.join(PKI, "good.pem"), "rb") as f:
        good = f.read()

    def valid():
        r = exchange(port, True, req("GET", b"/good.pem"))
        why = expect(r, 200, ctype="application/pem-certificate-chain")
        if not why and r.body != good:
            why = "the body is not good.pem"
        return why or etag(r.headers.get("etag"))

    def etag(tag):
        if not tag:
            return "no ETag"
        return expect(exchange(port, True, req("GET", b"/good.pem", headers=["If-None-Match: " + tag])),
                      304)

    def not_tls():
        # Plain HTTP, then TLS-looking junk, to the TLS port: no answer, a close.
        r = exchange(port, False, req("GET", b"/good.pem"), half_close=True)
        if r.raw.startswith(b"HTTP/"):
            return "a plain-HTTP answer on the TLS port: %r" % r
        r = exchange(port, False, b"\x16\x03\x01\x00\x05hello" + b"\x00" * 50, half_close=True)
        return "" if not r.raw.startswith(b"HTTP/") else "answered junk: %r" % r

    def tls_abandoned():
        s = socket.create_connection((HOST, port), timeout=IO_TIMEOUT)
        s.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(20))
        s.close()
        return ""

    nf = "not found\n"
    cases = common_cases(port, True, b"/good.pem") + [
        ("valid GET, then If-None-Match gets 304", valid),
        ("HEAD", lambda: expect(exchange(port, True, req("HEAD", b"/good.pem")), 200)),
        ("wrong method (DELETE)", lambda: allow(exchange(port, True, req("DELETE", b"/good.pem")))),
        ("wrong method (BREW)", lambda: allow(exchange(port, True, req("BREW", b"/good.pem")))),
        ("POST with a body", lambda: allow(
            exchange(port, True, req("POST", b"/good.pem", body=b"x" * 100)))),
        ("GET with a body", lambda: expect(
            exchange(port, True, req("GET", b"/good.pem", body=b"x" * 100)), 400,
            "a GET or HEAD request has no body")),
        ("POST with a huge body (1 MB)", lambda: no_5xx(
            exchange(port, True, req("POST", b"/good.pem", body=b"x" * 1000000)))),
        (".. traversal", lambda: expect(exchange(port, True, req("GET", b"/../../etc/passwd")), 404, nf)),
        (".. traversal to a .pem", lambda: expect(
            exchange(port, True, req("GET", b"/certs/../good.pem")), 404, nf)),
        ("%2e%2e traversal", lambda: expect(
            exchange(port, True, req("GET", b"/%2e%2e/%2e%2e/etc/ssl/certs/ca-certificates.crt")),
            404, nf)),
        ("%00 in the path", lambda: expect(
            exchange(port, True, req("GET", b"/good.pem%00.txt")), 404, nf)),
        ("%00 before .pem", lambda: expect(exchange(port, True, req("GET", b"/good%00.pem")), 404, nf)),
        ("absolute path outside the root", lambda: expect(
            exchange(port, True, req("GET", b"//etc/passwd.pem")), 404, nf)),
        ("missing file", lambda: expect(exchange(port, True, req("GET", b"/missing.pem")), 404, nf)),
        ("private key in the bundle", lambda: expect(
            exchange(port, True, req("GET", b"/private-key-in-bundle.pem")), 404, nf)),
        ("non-TLS bytes to the TLS port", not_tls),
        ("TLS handshake abandoned", tls_abandoned),
    ]
    final = [("valid GET after the flood", valid)]
    return [p], port, True, b"GET /good.pem HTTP/1.1\r\nHost: 127.0.0.1\r\n", cases, final


def allow(r):
    why = expect(r, 405)
    if not why and r.headers.get("allow") != "GET, HEAD":
        why = "want Allow: GET, HEAD: %r" % r
    return why


def vs_setup():
    x, xport = start("x5u", [STIRKIT, "x5u", "serve", "--root", PKI, "--listen", HOST + ":0",
                             "--tls-cert", "tls.crt", "--tls-key", "tls.key"])
    p, port = start("vs", [STIRKIT, "vs", "serve", "--listen", HOST + ":0", "--trust",
                           os.path.join(PKI, "root.pem"), "--allow-address", HOST,
                           "--allow-port", str(xport), "--tls-ca", "tls.crt",
                           "--sign-key", os.path.join(PKI, "keys/leaf.key"), "--now", str(NOW),
                           "--sign-x5u", "https://%s:%d/good.pem" % (HOST, xport)])
    J = ["Content-Type: application/json"]

    def post(path, obj, raw=None):
        body = raw if raw is not None else json.dumps(obj).encode()
        return exchange(port, False, req("POST", path, body=body, headers=J))

    def valid():
        r = post(b"/v1/sign", {"orig": "12125551824", "dest": ["12155550131"], "attest": "A",
                               "iat": NOW})
        why = expect(r, 200, '"identity"')
        if why:
            return "sign: " + why
        ident = json.loads(r.body)["identity"]
        r = post(b"/v1/verify", {"identity": ident, "from": "12125551824", "to": "12155550131",
                                 "time": NOW})
        return expect(r, 200, '"valid":true', '"sip_code":200', '"verstat":"TN-Validation-Passed"')

    nores = "no such resource"
    cases = common_cases(port, False, b"/v1/verify") + [
        ("valid sign then verify", valid),
        ("verify without identity (428)", lambda: expect(
            post(b"/v1/verify", {"time": NOW}), 200, '"sip_code":428', '"code":"no_identity"')),
        ("invalid JSON", lambda: expect(post(b"/v1/verify", None, b"{not json"), 400,
                                        '"error":"the request body is not a JSON object')),
        ("JSON that is not an object", lambda: expect(
            post(b"/v1/verify", [1, 2]), 400, "another JSON value")),
        ("duplicate JSON keys", lambda: expect(
            post(b"/v1/verify", None, b'{"time":1,"time":2}'), 400, "not a JSON object")),
        ("NUL inside the JSON body", lambda: expect(
            post(b"/v1/verify", None, b'{"identity":"a\x00b"}'), 400, '"error"')),
        ("deeply nested JSON", lambda: expect(
            post(b"/v1/verify", None, b"[" * 20000 + b"]" * 20000), 400, '"error"')),
        ("identity of the wrong type", lambda: expect(
            post(b"/v1/verify", {"identity": 42}), 400, '"identity\\" must be a string')),
        ("garbage identity", lambda: no_5xx_or_200(post(b"/v1/verify", {
            "identity": "a.b.c;info=<https://127.0.0.1:1/x.pem>", "time": NOW}))),
        ("sign without dest", lambda: expect(post(b"/v1/sign", {"orig": "12125551824"}), 400,
                                             '"error":"sign needs')),
        ("huge body (over 64 KiB)", lambda: expect(
            post(b"/v1/verify", None, b"{" * 70000), 413, '"error":"request body too large"')),
        ("huge body (2 MB)", lambda: too_large(
            post(b"/v1/verify", None, b"x" * 2000000))),
        ("wrong method GET", lambda: expect(exchange(port, False, req("GET", b"/v1/verify")), 405,
                                            '"error":"use POST"')),
        ("wrong method PUT", lambda: expect(
            exchange(port, False, req("PUT", b"/v1/sign", body=b"{}", headers=J)), 405, "use POST")),
        (".. traversal", lambda: expect(post(b"/v1/verify/../../etc/passwd", {}), 404, nores)),
        ("%00 in the path", lambda: expect(post(b"/v1/verify%00x", {}), 404, nores)),
        ("unknown path", lambda: expect(post(b"/v2/verify", {}), 404, nores)),
    ]
    final = [("valid sign then verify after the flood", valid)]
    return [x, p], port, False, b"POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{", cases, final


def too_large(r, text="request body too large"):
    """A body far over the limit: 413, or a close before all of it was read."""
    if r.status is None and r.raw == b"":
        return ""
    return expect(r, 413, text)


def no_5xx_or_200(r):
    if r.status is not None and r.status < 500:
        return ""
    return "want no 5xx: %r" % r


def acme_setup():
    p, port = start("acme", [STIRKIT, "acme", "serve", "--config", "acme.conf"])
    JOSE = ["Content-Type: application/jose+json"]

    def post(path, raw, headers=JOSE):
        return exchange(port, False, req("POST", path, body=raw, headers=headers))

    def problem(r, status, typ, *texts):
        why = expect(r, status, *texts, ctype="application/problem+json")
        if not why:
            try:
                t = json.loads(r.body).get("type", "")
            except ValueError:
                return "not JSON: %r" % r
            if t != "urn:ietf:params:acme:error:" + typ:
                why = "want type %s: %r" % (typ, r)
        return why

    def valid():
        r = exchange(port, False, req("GET", b"/directory"))
        why = expect(r, 200, '"newNonce":"http://127.0.0.1:%d/new-nonce"' % port, '"newOrder"')
        if why:
            return why
        return nonce_given(exchange(port, False, req("HEAD", b"/new-nonce")), 200)

    def nonce_given(r, status=413):
        if r.status != status or not re.fullmatch(r"[A-Za-z0-9_-]{16,}",
                                                   r.headers.get("replay-nonce", "")):
            return "want %d with a Replay-Nonce: %r" % (status, r)
        return ""

    b64 = b"eyJhbGciOiJFUzI1NiJ9"  # {"alg":"ES256"}
    cases = common_cases(port, False, b"/directory") + [
        ("valid directory and nonce", valid),
        ("invalid JSON", lambda: problem(post(b"/new-order", b"{not json"), 400, "malformed")),
        ("JSON array", lambda: problem(post(b"/new-order", b"[]"), 400, "malformed")),
        ("JWS with garbage fields", lambda: problem(post(b"/new-order", b'{"protected":"' + b64 +
                                                         b'","payload":"!!","signature":"@@"}'),
                                                    400, "malformed")),
        ("JWS with an unknown nonce", lambda: no_5xx(post(b"/new-account", jws_unknown_nonce(port)))),
        ("deeply nested JSON", lambda: problem(post(b"/new-order", b"[" * 20000 + b"]" * 20000), 400,
                                               "malformed")),
        ("wrong Content-Type", lambda: problem(post(b"/new-order", b"{}", ["Content-Type: text/plain"]),
                                               415, "malformed")),
        ("huge body (over 64 KiB)", lambda: problem(
            post(b"/new-order", b"{" * 70000), 413, "malformed", "over 65536 bytes")
            or nonce_given(post(b"/new-order", b"{" * 70000))),
        ("huge body (2 MB)", lambda: too_large(post(b"/new-order", b"x" * 2000000),
                                               "over 65536 bytes")),
        ("wrong method GET on a POST resource", lambda: problem(
            exchange(port, False, req("GET", b"/new-order")), 405, "malformed", "POST")),
        ("wrong method DELETE", lambda: problem(
            exchange(port, False, req("DELETE", b"/directory")), 405, "malformed")),
        (".. traversal (GET)", lambda: problem(
            exchange(port, False, req("GET", b"/../../etc/passwd")), 405, "malformed")),
        (".. traversal (POST)", lambda: problem(post(b"/order/../../etc/passwd", b"{}"), 400,
                                                "malformed")),
        ("%00 in the path", lambda: problem(post(b"/order/ab%00cd/finalize", b"{}"), 400,
                                            "malformed")),
        ("unknown object", lambda: no_5xx(post(b"/cert/doesnotexist", b"{}"))),
    ]
    final = [("valid directory and nonce after the flood", valid)]
    return [p], port, False, b"POST /new-order HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{", cases, final


def jws_unknown_nonce(port):
    """A well-formed flattened JWS (bad signature, unknown nonce)."""
    import base64

    def b(x):
        return base64.urlsafe_b64encode(x).rstrip(b"=")
    prot = json.dumps({"alg": "ES256", "nonce": "AAAAAAAAAAAAAAAAAAAAAA",
                       "url": "http://127.0.0.1:%d/new-account" % port,
                       "jwk": {"kty": "EC", "crv": "P-256", "x": b(b"\x01" * 32).decode(),
                               "y": b(b"\x02" * 32).decode()}}).encode()
    return json.dumps({"protected": b(prot).decode(), "payload": b(b"{}").decode(),
                       "signature": b(b"\x00" * 64).decode()}).encode()


# ---- the flood ---------------------------------------------------------------

def slowloris(port, tls, partial, n):
    """A slowloris attack from another address (SLOW_FROM): n connections
    (more than the server's per-address limit) each send half a request;
    the even ones then nothing, the odd ones a byte a second. One thread,
    non-blocking. Returns a thread whose .result, when it ends, is a list of
    what went wrong: a connection over the per-address limit left open, one
    open after SLOW_LIMIT (no request deadline), or an answer to half a
    request."""
    out = []
    socks = []  # [socket, index, rest]
    for i in range(n):
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((SLOW_FROM, 0))
            s.settimeout(5.0)
            s.connect((HOST, port))
            if tls:
                s = TLS_CTX.wrap_socket(s)
            s.sendall(partial[:len(partial) // 2])
            s.setblocking(False)
            socks.append([s, i, partial[len(partial) // 2:]])
        except (OSError, ssl.SSLError):
            pass  # refused at once: the limit at work

    def run():
        t0 = time.monotonic()
        counted = False
        while socks and time.monotonic() - t0 < SLOW_LIMIT:
            time.sleep(1.0)
            for e in list(socks):
                s, i, rest = e
                try:
                    d = s.recv(4096)
                    if d:
                        out.append("slowloris %d got an answer to half a request: %r" % (i, d[:120]))
                    socks.remove(e)
                    s.close()
                    continue
                except (BlockingIOError, ssl.SSLWantReadError):
                    pass
                except (OSError, ssl.SSLError):
                    socks.remove(e)
                    s.close()
                    continue
                if i % 2 and rest:
                    try:
                        s.send(rest[:1])
                        e[2] = rest[1:]
                    except (BlockingIOError, ssl.SSLWantWriteError):
                        pass
                    except (OSError, ssl.SSLError):
                        socks.remove(e)
                        s.close()
            if not counted and time.monotonic() - t0 >= 3.0:
                counted = True
                if len(socks) > SLOW_PER_IP:
                    out.append("%d of %d connections from %s open after 3 s (limit %d per address)"
                               % (len(socks), n, SLOW_FROM, SLOW_PER_IP))
        if socks:
            out.append("%d slowloris connections (%d trickling) still open after %.0f s"
                       % (len(socks), sum(1 for e in socks if e[1] % 2), SLOW_LIMIT))
        for e in socks:
            e[0].close()
        t.result = out
    t = threading.Thread(target=run)
    t.start()
    return t


def main():
    setup = {"x5u": x5u_setup, "vs": vs_setup, "acme": acme_setup}[KIND]
    servers, port, tls, partial, cases, final = setup()
    target = servers[-1]
    slow = slowloris(port, tls, partial, int(os.environ.get("SLOW_N", "200")))

    stats = {name: [0, 0, [], 0.0] for name, _ in cases}  # sent, failed, first reasons, max s
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    # Classes libmicrohttpd may hold until its 10 s timeout run on their own
    # two threads, so that they do not starve the rest of the flood.
    fast = [c for c in cases if "(slow)" not in c[0]]
    slow_cases = [c for c in cases if "(slow)" in c[0]]

    def worker(w, table, step):
        i = w
        # Every class at least once, then round robin until the time is up.
        while i < len(table) or time.monotonic() < stop_at:
            name, fn = table[i % len(table)]
            i += step
            t0 = time.monotonic()
            try:
                why = fn()
            except socket.timeout:
                why = "no answer within %.0f s (a hang)" % IO_TIMEOUT
            except OSError as e:
                why = "%s: %s" % (type(e).__name__, e)
            with lock:
                st = stats[name]
                st[0] += 1
                st[3] = max(st[3], time.monotonic() - t0)
                if why:
                    st[1] += 1
                    if len(st[2]) < 2:
                        st[2].append(why)
    workers = [threading.Thread(target=worker, args=(w, fast, 8)) for w in range(8)]
    workers += [threading.Thread(target=worker, args=(w, slow_cases, 2)) for w in range(2)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    total = sum(s[0] for s in stats.values())
    for name, (sent, failed, why, slowest) in stats.items():
        check("%s (%d sent, slowest %.1f s)" % (name, sent, slowest), failed == 0, "%d failed: %s" % (failed, " | ".join(why)))
    print("     %s: %d requests in %.0f s" % (KIND, total, SECONDS), flush=True)

    slow.join()
    check("slowloris from %s: at most %d connections, each closed by its request deadline"
          % (SLOW_FROM, SLOW_PER_IP), not slow.result, "; ".join(slow.result[:4]))
    check(target.name + " alive after the flood", target.poll() is None, "exit %s" % target.returncode)
    for name, fn in final:
        why = fn()
        check(name, not why, why)
    for p in reversed(servers):
        stop(p)
    return check.summary()


if __name__ == "__main__":
    loadlib.run(main, procs)
