#!/usr/bin/python3
"""The ACME server killed with SIGKILL during issuance, then restarted on the
same database: both databases stay consistent and issuance goes on.

Usage: acme_kill.py WORKDIR [ROUNDS]

WORKDIR holds what testdata/acme-pki.sh's mk_acme_pki makes (acme.conf, the
carrier CA in carrier/, the token authority ta.key/ta.pem). Each round starts
`stirkit acme serve`, runs TNAuthList issuances over tkauth-01 in a loop with
python3-acme (scripts/acme_tnauth_client.py, as tests/integration/
acme_client.py does), and kills the server with SIGKILL: after a fixed
sleep that differs between rounds, or just as a finalize request (the CA
issuance) is sent. Whatever moment the kill lands on, after it:

- PRAGMA integrity_check is ok for the ACME and the CA database;
- every order, authorization and challenge state is one the server can make,
  and the three agree (a valid order has its certificate, a ready or valid
  order a valid authorization and challenge, ...);
- every certificate the ACME database holds parses, belongs to its order and
  account, and is in the CA's records with the same DER and serial;
- every used jti and order belongs to an existing account.

A certificate the CA issued but the ACME database does not hold (a kill
between the CA's commit and the ACME one: two databases, no common
transaction) is allowed and counted: its order stays ready. After the last round a fresh issuance must succeed.
Environment: STIRKIT, STIR_SRCDIR. Exits 1 on a failure."""
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.environ["STIR_SRCDIR"], "scripts"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import loadlib  # noqa: E402
from acme_tnauth_client import answer, csr_for, finalize, fingerprint, new_client, order, tnal  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402

WORK = sys.argv[1]
ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 7
STIRKIT = os.environ["STIRKIT"]
check = loadlib.Checks("acme kill", 1500)
proc = [None]

ORDER = {"pending", "ready", "valid", "invalid"}
AUTHZ = {"pending", "valid", "invalid", "deactivated"}
CHALL = {"pending", "valid", "invalid"}


def start(round_no):
    out = os.path.join(WORK, "kill%d.out" % round_no)
    err = os.path.join(WORK, "kill%d.err" % round_no)
    p = subprocess.Popen([STIRKIT, "acme", "serve", "--config", "acme.conf"], cwd=WORK,
                         stdout=open(out, "w"), stderr=open(err, "w"))
    proc[0] = p
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with open(out) as f:
            line = f.readline()
        if line.startswith("directory "):
            return p, line.split()[1], err
        if p.poll() is not None:
            break
        time.sleep(0.1)
    with open(err) as f:
        raise SystemExit("FAIL acme kill: the server did not start (round %d): %s" % (round_no, f.read()))


def token(fp):
    return subprocess.run([STIRKIT, "ta", "token", "--key", os.path.join(WORK, "ta.key"), "--x5c",
                           os.path.join(WORK, "ta.pem"), "--tnauthlist", "range:12125551800:100",
                           "--fingerprint", fp, "--exp", "600"],
                          check=True, capture_output=True, text=True).stdout.strip()


def issue_once(acme, fp, before_finalize=None):
    """One issuance; the chain PEM (raises on any error)."""
    scope = tnal("range:12125551800:100")
    body, url, authzr, challb = order(acme, scope)
    ch = answer(acme, challb, token(fp))
    if ch.get("status") != "valid":
        raise RuntimeError("challenge %s" % ch)
    authzr = acme._authzr_from_response(acme._post_as_get(authzr.uri), uri=authzr.uri)
    _, csr = csr_for(scope)
    if before_finalize is not None:
        before_finalize()
    return finalize(acme, url, body, authzr, csr).fullchain_pem


def issuing_loop(directory, stop, counts, before_finalize=None):
    try:
        acme, _ = new_client(directory)
        fp = fingerprint(acme)
    except Exception:  # the kill came first
        return
    while not stop.is_set():
        try:
            issue_once(acme, fp, before_finalize)
            counts[0] += 1
        except Exception:  # the kill: connection refused or reset
            return


def consistency(tag):
    acme_db = os.path.join(WORK, "carrier", "acme.db")
    ca_db = os.path.join(WORK, "carrier", "ca.db")
    problems = []
    a = sqlite3.connect(acme_db)
    c = sqlite3.connect(ca_db)
    for name, db in (("acme.db", a), ("ca.db", c)):
        r = db.execute("PRAGMA integrity_check").fetchall()
        if r != [("ok",)]:
            problems.append("%s integrity_check: %s" % (name, r))
    accounts = {row[0] for row in a.execute("SELECT id FROM accounts")}
    certs = {row[0]: row[1:] for row in a.execute(
        "SELECT id, order_id, account, serial, pem FROM certs")}
    ca = {row[0]: row[1] for row in c.execute("SELECT serial, der FROM certificates")}
    n_valid = 0
    for oid, acct, st, cert, az, ch in a.execute(
            "SELECT id, account, status, cert, authz_status, chall_status FROM orders"):
        where = "order %s (%s/%s/%s)" % (oid, st, az, ch)
        if st not in ORDER or az not in AUTHZ or ch not in CHALL:
            problems.append(where + ": an unknown state")
        if acct not in accounts:
            problems.append(where + ": no account " + acct)
        if (st == "valid") != (cert != ""):
            problems.append(where + ": status and certificate %r disagree" % cert)
        if st in ("ready", "valid") and (az != "valid" or ch != "valid"):
            problems.append(where + ": ready/valid without a valid authorization and challenge")
        if st == "pending" and (az != "pending" or ch != "pending"):
            problems.append(where + ": pending with a decided authorization or challenge")
        if ch == "valid" and az != "valid":
            problems.append(where + ": a valid challenge in an authorization not valid")
        if st == "valid":
            n_valid += 1
            if cert not in certs:
                problems.append(where + ": its certificate %s is missing" % cert)
            elif certs[cert][0] != oid or certs[cert][1] != acct:
                problems.append(where + ": its certificate belongs to %s" % (certs[cert][:2],))
    orders = {row[0]: row[1:] for row in a.execute("SELECT id, status, cert FROM orders")}
    for cid, (oid, acct, serial, pem) in certs.items():
        where = "certificate %s (serial %s)" % (cid, serial)
        if oid not in orders or orders[oid] != ("valid", cid):
            problems.append(where + ": order %s is %s" % (oid, orders.get(oid)))
        try:
            leaf = x509.load_pem_x509_certificate(pem.encode())
        except ValueError as e:
            problems.append(where + ": does not parse: %s" % e)
            continue
        if pem.count("-----BEGIN CERTIFICATE-----") < 2:
            problems.append(where + ": not a chain")
        if "%X" % leaf.serial_number != serial:
            problems.append(where + ": the PEM's serial is %X" % leaf.serial_number)
        der = leaf.public_bytes(serialization.Encoding.DER)
        if serial not in ca:
            problems.append(where + ": not in the CA's records")
        elif bytes(ca[serial]) != der:
            problems.append(where + ": the CA holds another certificate under this serial")
    for jti, acct in a.execute("SELECT jti, account FROM jtis"):
        if acct not in accounts:
            problems.append("jti %s: no account %s" % (jti, acct))
    orphans = len(set(ca) - {v[2] for v in certs.values()})
    a.close()
    c.close()
    check("%s: databases consistent (%d orders valid, %d certificates, %d in the CA, %d of them "
          "issued but not recorded by ACME)" % (tag, n_valid, len(certs), len(ca), orphans),
          not problems, "; ".join(problems[:10]))
    return orphans


def main():
    # (round, kill after this many seconds from the start of the round, or
    # after this many seconds from the moment the round's second finalize
    # request (the CA issuance) is about to be sent)
    plan = [(1, "start", 0.4), (2, "finalize", 0.0), (3, "start", 1.3), (4, "finalize", 0.01),
            (5, "start", 2.9), (6, "finalize", 0.03), (7, "start", 0.05)][:ROUNDS]
    total = 0
    for rnd, base, delay in plan:
        p, directory, err = start(rnd)
        stop, counts, fin = threading.Event(), [0], threading.Event()
        hook = None
        if base == "finalize":
            seen = [0]

            def hook(seen=seen):
                seen[0] += 1
                if seen[0] == 2:  # the second finalize of the round: mid-loop
                    fin.set()
        t = threading.Thread(target=issuing_loop, args=(directory, stop, counts, hook))
        t.start()
        if base == "finalize":
            fin.wait(timeout=60)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        stop.set()
        t.join(timeout=60)
        total += counts[0]
        report = loadlib.sanitizer_report(err, loadlib.SAN_MARKERS_BEFORE_KILL)
        check("round %d: killed %.2f s after the %s (%d issuances completed); no sanitizer "
              "report before the kill" % (rnd, delay, "start" if base == "start" else
                                          "2nd finalize request", counts[0]),
              not report, report)
        consistency("round %d" % rnd)

    # Restart on the same database: a fresh issuance, and the state after it.
    p, directory, err = start(len(plan) + 1)
    try:
        acme, _ = new_client(directory)
        chain = issue_once(acme, fingerprint(acme))
        ok = chain.count("BEGIN CERTIFICATE") >= 2
        check("a fresh issuance after %d kills (%d issued before)" % (len(plan), total), ok, chain)
        # Everything the killed rounds left behind is still answered.
        import requests
        check("the server answers its directory after the restart",
              requests.get(directory, timeout=30).status_code == 200)
    except Exception as e:  # noqa: BLE001
        check("a fresh issuance after the kills", False, repr(e))
    consistency("after the restart")
    loadlib.stop_server(p, "the restarted server", err, check)
    return check.summary()


if __name__ == "__main__":
    loadlib.run(main, proc)
