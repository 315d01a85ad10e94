#!/usr/bin/python3
"""ACME issuance rate: full tkauth-01 issuances per second through `stirkit
acme serve` with a python3-acme client, next to `stirkit ca issue` of the
same kind of delegate certificate by the same CA, measured in the same run.
Run by bench/acme_rate.sh, which sets up the CA, the token authority and the
server.

Usage: acme_rate.py DIRECTORY WORKDIR SECONDS
WORKDIR holds carrier/ (the `stirkit ca` directory the server issues from)
and ta.key/ta.pem (a token authority trusted by the server).
Environment: STIRKIT (the binary).

One account is registered and one Authority Token minted (`stirkit ta
token`) once, not timed: minting is the token authority's work, and the
server's default jti policy (same-account, RFC 9447 §3.3) lets the account
reuse the token until its exp. Each timed issuance is the rest of the flow:
newOrder for a TNAuthList identifier, fetch the authorization, answer
tkauth-01 with the token (the server validates it each time: signature,
x5c chain, claims), read the challenge back, fetch the authorization
again, finalize with a fresh key's CSR, download the chain. The functions come from
scripts/acme_tnauth_client.py; only finalize differs (see finalize_now).

The last three lines are the ones bench/run parses."""
import importlib.util
import os
import subprocess
import sys
import time

import josepy as jose
from acme import errors, messages
from cryptography.hazmat.primitives import serialization

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_spec = importlib.util.spec_from_file_location(
    "acme_tnauth_client", os.path.join(TOP, "scripts", "acme_tnauth_client.py"))
tc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tc)

SCOPE = "range:12125551800:100"
NET_TIMEOUT = 10  # seconds per HTTP request (python3-acme's default is 45)
SLICE = 0.25  # seconds of one kind of issuance before switching to the other


def finalize_now(acme, url, body, csr, deadline):
    """Finalize and download, like tc.finalize, but without python3-acme's
    unconditional time.sleep(1) before the first poll (finalize_order in
    python3-acme 2.x): the server issues synchronously and its finalize
    response is already the valid order with its certificate URL. Polls
    (every 20 ms) only if it is not. Returns the PEM chain."""
    resp = acme._post(body.finalize, messages.CertificateRequest(
        csr=jose.ComparableX509(_openssl_csr(csr))))
    order = messages.Order.from_json(resp.json())
    while not (order.status == messages.STATUS_VALID and order.certificate):
        if order.status == messages.STATUS_INVALID:
            raise errors.IssuanceError(order.error)
        if time.monotonic() > deadline:
            raise errors.TimeoutError()
        time.sleep(0.02)
        order = messages.Order.from_json(acme._post_as_get(url).json())
    return acme._post_as_get(order.certificate).text


def _openssl_csr(csr):
    from OpenSSL import crypto
    return crypto.load_certificate_request(
        crypto.FILETYPE_PEM, csr.public_bytes(serialization.Encoding.PEM))


def main():
    directory, work, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if not seconds > 0:
        raise RuntimeError("SECONDS must be positive")
    stirkit = os.environ["STIRKIT"]
    acme, _ = tc.new_client(directory)  # the one account, not timed
    acme.net._default_timeout = NET_TIMEOUT
    fp = tc.fingerprint(acme)
    der = tc.tnal(SCOPE)
    token_cmd = [stirkit, "ta", "token", "--key", os.path.join(work, "ta.key"),
                 "--x5c", os.path.join(work, "ta.pem"), "--tnauthlist", SCOPE,
                 "--fingerprint", fp]
    token = subprocess.run(token_cmd, check=True, capture_output=True, text=True,
                           timeout=NET_TIMEOUT).stdout.strip()
    phases = {"order+authz": 0.0, "answer": 0.0, "finalize+download": 0.0}

    def issue_acme():
        t0 = time.monotonic()
        body, url, authzr, challb = tc.order(acme, der)
        t1 = time.monotonic()
        ch = tc.answer(acme, challb, token)
        if ch.get("status") != "valid":
            raise RuntimeError("challenge %s: %s" % (ch.get("status"), ch.get("error")))
        authzr = acme._authzr_from_response(acme._post_as_get(authzr.uri), uri=authzr.uri)
        t3 = time.monotonic()
        _, csr = tc.csr_for(der)
        chain = finalize_now(acme, url, body, csr, time.monotonic() + NET_TIMEOUT)
        t4 = time.monotonic()
        if not chain.startswith("-----BEGIN CERTIFICATE-----") or chain.count("BEGIN CERT") < 2:
            raise RuntimeError("not a PEM chain: %r" % chain[:80])
        return t1 - t0, t3 - t1, t4 - t3

    # The reference: the same CA issuing the same kind of certificate (P-256
    # key, the same TNAuthList in the CSR, a leaf) from the command line.
    _, csr = tc.csr_for(der)
    ref_csr = os.path.join(work, "ref.csr")
    with open(ref_csr, "wb") as f:
        f.write(csr.public_bytes(serialization.Encoding.PEM))
    ref_out = os.path.join(work, "ref.pem")
    ref_cmd = [stirkit, "ca", "issue", os.path.join(work, "carrier"), "--csr", ref_csr,
               "--days", "30", "--out", ref_out]

    def issue_ref():
        subprocess.run(ref_cmd, check=True, capture_output=True, timeout=NET_TIMEOUT)

    class Meter:
        """Issuances and the time they took, over slices of the run."""
        def __init__(self, fn, on_result=None):
            self.fn, self.on_result = fn, on_result
            self.n, self.spent, self.slowest = 0, 0.0, 0.0

        def run(self, length):
            """Issues for `length` seconds (finishing the issuance under way)."""
            start = last = time.monotonic()
            while last - start < length:
                r = self.fn()
                now = time.monotonic()
                self.slowest = max(self.slowest, now - last)
                last = now
                self.n += 1
                if self.on_result:
                    self.on_result(r)
            self.spent += last - start

    def add(r):
        for k, v in zip(phases, r):
            phases[k] += v

    # One warm-up of each, not counted. Then the two alternate in slices of
    # SLICE seconds, so that both see the same machine (load from other jobs
    # comes and goes), until each has run for about SECONDS.
    issue_acme()
    issue_ref()
    acme_m, ref_m = Meter(issue_acme, add), Meter(issue_ref)
    while acme_m.spent < seconds or ref_m.spent < seconds:
        for m in (acme_m, ref_m):
            if m.spent < seconds:
                m.run(min(SLICE, seconds - m.spent))
    n_acme, t_acme, slow_acme = acme_m.n, acme_m.spent, acme_m.slowest
    n_ref, t_ref, slow_ref = ref_m.n, ref_m.spent, ref_m.slowest
    with open(ref_out) as f:
        if not f.read().startswith("-----BEGIN CERTIFICATE-----"):
            raise RuntimeError("stirkit ca issue wrote no chain")

    r_acme, r_ref = n_acme / t_acme, n_ref / t_ref
    split = ", ".join("%s %.1f" % (k, 1000 * v / n_acme) for k, v in phases.items())
    print("per ACME issuance, ms: %s; slowest %.1f" % (split, 1000 * slow_acme))
    print("per reference issuance, ms: %.1f; slowest %.1f" % (1000 / r_ref, 1000 * slow_ref))
    print("acme issuance: %.1f/s (%d issuances in %.1f s, python3-acme client, one account)"
          % (r_acme, n_acme, t_acme))
    print("reference: %.1f/s (stirkit ca issue, same CA)" % r_ref)
    print("ratio acme/reference: %.2f" % (r_acme / r_ref))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (errors.Error, RuntimeError, subprocess.SubprocessError, OSError) as e:
        print("acme_rate: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        sys.exit(1)
