#!/usr/bin/python3
"""Drives the stirkit ACME server with python3-acme (an independent client):
a TNAuthList order answered over tkauth-01, and every refusal the server
must make. Authority Tokens come from `stirkit ta token`, or are built here
(josepy-independent JWTs) for the bad cases. Prints one line per check and
"N passed, M failed"; exits 1 on a failure.

Usage: acme_client.py DIRECTORY WORKDIR
WORKDIR holds ta.key/ta.pem (trusted token authority), ta-other.key/
ta-other.pem (an untrusted one), and receives the issued chain (leaf.pem).
Environment: STIRKIT (the binary), STIR_SRCDIR (the source tree)."""
import base64
import json
import os
import subprocess
import sys
import time

import josepy as jose
import requests
from acme import client, errors, messages
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils

sys.path.insert(0, os.path.join(os.environ["STIR_SRCDIR"], "scripts"))
from acme_tnauth_client import (TNAUTHLIST, answer, b64url, csr_for, finalize,  # noqa: E402
                                fingerprint, new_client, order, tnal)

DIRECTORY, WORK = sys.argv[1], sys.argv[2]
STIRKIT = os.environ["STIRKIT"]
results = {"pass": 0, "fail": 0}


def check(name, ok, info=""):
    results["pass" if ok else "fail"] += 1
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(info)), flush=True)


def load(path):
    with open(path, "rb") as f:
        return f.read()


def jwt(key_path, cert_path, claims, alg="ES256"):
    """A compact JWS built here, with x5c, signed ES256 (raw r||s)."""
    key = serialization.load_pem_private_key(load(key_path), None)
    cert = x509.load_pem_x509_certificate(load(cert_path))
    header = {"alg": alg, "typ": "JWT",
              "x5c": [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()]}
    head = b64url(json.dumps(header).encode())
    body = b64url(json.dumps(claims).encode())
    r, s = utils.decode_dss_signature(key.sign((head + "." + body).encode(),
                                               ec.ECDSA(hashes.SHA256())))
    return head + "." + body + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def claims(der, fp, **over):
    now = int(time.time())
    c = {"iss": "https://ta.example.net", "exp": now + 600, "iat": now, "jti": os.urandom(8).hex(),
         "atc": {"tktype": "TNAuthList", "tkvalue": b64url(der), "ca": False, "fingerprint": fp}}
    for k, v in over.items():
        if k.startswith("atc_"):
            c["atc"][k[4:]] = v
        elif v is None:
            c.pop(k, None)
        else:
            c[k] = v
    return c


def main():
    acme, _ = new_client(DIRECTORY)
    fp = fingerprint(acme)
    scope = tnal("range:12125551800:100")

    # 1. The full flow with a token from `stirkit ta token`.
    body, url, authzr, challb = order(acme, scope)
    check("challenge offers tkauth-01 with tkauth-type atc",
          challb.chall.jobj.get("tkauth-type") == "atc" and challb.chall.jobj.get("token"))
    token = subprocess.run([STIRKIT, "ta", "token", "--key", WORK + "/ta.key", "--x5c",
                            WORK + "/ta.pem", "--tnauthlist", "range:12125551800:100",
                            "--fingerprint", fp, "--exp", "600"],
                           check=True, capture_output=True, text=True).stdout.strip()
    ch = answer(acme, challb, token)
    check("valid token makes the challenge valid", ch.get("status") == "valid", ch)
    authzr = acme._authzr_from_response(acme._post_as_get(authzr.uri), uri=authzr.uri)
    _, csr = csr_for(scope)
    done = finalize(acme, url, body, authzr, csr)
    chain = done.fullchain_pem
    with open(WORK + "/leaf.pem", "w") as f:
        f.write(chain)
    check("certificate downloaded as a PEM chain, leaf first",
          chain.startswith("-----BEGIN CERTIFICATE-----") and chain.count("BEGIN CERTIFICATE") >= 2)

    # 2. Tokens that must make the challenge invalid, each with its reason.
    other_acme, _ = new_client(DIRECTORY)
    bad = [
        ("bad signature", jwt(WORK + "/ta-other.key", WORK + "/ta.pem", claims(scope, fp)),
         "signature"),
        ("untrusted token authority", jwt(WORK + "/ta-other.key", WORK + "/ta-other.pem",
                                          claims(scope, fp)), "untrusted"),
        ("expired token", jwt(WORK + "/ta.key", WORK + "/ta.pem",
                              claims(scope, fp, exp=int(time.time()) - 3600)), "expired"),
        ("wrong tktype", jwt(WORK + "/ta.key", WORK + "/ta.pem",
                             claims(scope, fp, atc_tktype="JWTClaimConstraints")), "tktype"),
        ("tkvalue for other numbers", jwt(WORK + "/ta.key", WORK + "/ta.pem",
                                          claims(tnal("range:12125551850:10"), fp)), "tkvalue"),
        ("fingerprint of another account", jwt(WORK + "/ta.key", WORK + "/ta.pem",
                                               claims(scope, fingerprint(other_acme))),
         "fingerprint"),
        ("missing jti", jwt(WORK + "/ta.key", WORK + "/ta.pem", claims(scope, fp, jti=None)),
         "jti"),
    ]
    for name, tok, why in bad:
        _, _, _, cb = order(acme, scope)
        ch = answer(acme, cb, tok)
        err = ch.get("error") or {}
        check(name + " makes the challenge invalid",
              ch.get("status") == "invalid" and why in err.get("detail", ""), ch)

    # 3. Finalize refusals.
    body, url, authzr, challb = order(acme, scope)
    try:
        finalize(acme, url, body, authzr, csr_for(scope)[1])
        check("finalize before ready is refused", False, "issued")
    except errors.Error as e:
        check("finalize before ready is refused (orderNotReady)", "orderNotReady" in str(e), e)
    answer(acme, challb, subprocess.run(
        [STIRKIT, "ta", "token", "--key", WORK + "/ta.key", "--x5c", WORK + "/ta.pem",
         "--tnauthlist", "range:12125551800:100", "--fingerprint", fp],
        check=True, capture_output=True, text=True).stdout.strip())
    authzr = acme._authzr_from_response(acme._post_as_get(authzr.uri), uri=authzr.uri)
    for name, csr, why in [
            ("CSR for numbers outside the identifier", csr_for(tnal("range:12125551800:50"))[1],
             "not the order's identifier"),
            ("CA CSR without the ca grant", csr_for(scope, ca=True)[1], "does not grant")]:
        try:
            finalize(acme, url, body, authzr, csr)
            check(name + " is refused", False, "issued")
        except errors.Error as e:
            check(name + " is refused (badCSR)", "badCSR" in str(e) and why in str(e), e)

    # 4. newOrder outside the issuer's scope.
    try:
        order(acme, tnal("range:12125560000:100"))
        check("numbers outside the issuer's scope are refused", False, "order created")
    except errors.Error as e:
        check("numbers outside the issuer's scope are refused (rejectedIdentifier)",
              "rejectedIdentifier" in str(e) and "not encompassed" in str(e), e)
    try:
        acme._post(acme.directory["newOrder"], messages.NewOrder(
            identifiers=[messages.Identifier(typ=messages.IDENTIFIER_FQDN, value="example.net")]))
        check("dns identifiers are refused", False, "order created")
    except errors.Error as e:
        check("dns identifiers are refused (unsupportedIdentifier)",
              "unsupportedIdentifier" in str(e), e)

    # 5. JWS envelope refusals, sent raw.
    net = acme.net
    nonce = requests.head(acme.directory["newNonce"]).headers["Replay-Nonce"]
    url = acme.directory["newOrder"]
    payload = messages.NewOrder(identifiers=[messages.Identifier(typ=TNAUTHLIST,
                                                                 value=b64url(scope))])

    def raw(nonce, url_in_jws, content_type="application/jose+json", target=None):
        r = requests.post(target or url,
                          data=net._wrap_in_jws(payload, jose.b64decode(nonce), url_in_jws),
                          headers={"Content-Type": content_type})
        return r.status_code, r.json().get("type", "") if r.content else "", r

    st, typ, r = raw(nonce, url)
    check("a fresh nonce works", st == 201, (st, typ))
    st, typ, r = raw(nonce, url)
    check("a reused nonce gets badNonce with a fresh Replay-Nonce",
          st == 400 and typ.endswith(":badNonce") and r.headers.get("Replay-Nonce"), (st, typ))
    st, typ, _ = raw("AAAAAAAAAAAAAAAAAAAAAA", url)
    check("an unknown nonce gets badNonce", st == 400 and typ.endswith(":badNonce"), (st, typ))
    fresh = r.headers["Replay-Nonce"]
    st, typ, r = raw(fresh, url + "x")
    check("a wrong url gets unauthorized", st == 401 and typ.endswith(":unauthorized"), (st, typ))
    st, typ, r = raw(r.headers["Replay-Nonce"], url, content_type="application/json")
    check("a wrong Content-Type gets 415", st == 415 and typ.endswith(":malformed"), (st, typ))
    r = requests.get(acme.directory["newOrder"])
    check("GET on a POST resource gets 405", r.status_code == 405, r.status_code)
    r = requests.post(acme.directory["newOrder"], data="{not json",
                      headers={"Content-Type": "application/jose+json"})
    check("a malformed body gets a problem and the server keeps serving",
          r.status_code == 400 and r.headers["Content-Type"] == "application/problem+json"
          and requests.get(DIRECTORY).status_code == 200, r.text)
    r = requests.post(acme.directory["newOrder"], data="{" * 70000,
                      headers={"Content-Type": "application/jose+json"})
    check("a body over max_body gets 413, a malformed problem and a fresh Replay-Nonce",
          r.status_code == 413 and r.headers["Content-Type"] == "application/problem+json"
          and r.json().get("type") == "urn:ietf:params:acme:error:malformed"
          and "over 65536 bytes" in r.json().get("detail", "")
          and r.headers.get("Replay-Nonce"), (r.status_code, r.headers, r.text[:200]))

    # 6. A deactivated authorization cannot be revived by answering its challenge.
    body2, url2, authzr2, challb2 = order(acme, scope)
    acme.deactivate_authorization(authzr2)
    try:
        answer(acme, challb2, subprocess.run(
            [STIRKIT, "ta", "token", "--key", WORK + "/ta.key", "--x5c", WORK + "/ta.pem",
             "--tnauthlist", "range:12125551800:100", "--fingerprint", fp],
            check=True, capture_output=True, text=True).stdout.strip())
        check("a deactivated authorization stays dead", False, "challenge answered")
    except errors.Error as e:
        check("a deactivated authorization stays dead", "no longer be answered" in str(e), e)

    # 7. Revocation refusals: removeFromCRL, and a look-alike certificate
    #    carrying the real one's serial but the attacker's key.
    from OpenSSL import crypto
    cert = x509.load_pem_x509_certificate(chain.encode())
    wrapped = jose.ComparableX509(crypto.load_certificate(crypto.FILETYPE_PEM, chain.encode()))
    try:
        acme.revoke(wrapped, 8)
        check("reason removeFromCRL is refused", False, "accepted")
    except errors.Error as e:
        check("reason removeFromCRL is refused (badRevocationReason)",
              "badRevocationReason" in str(e), e)
    evil = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Look-alike")])
    forged = (x509.CertificateBuilder().subject_name(name).issuer_name(cert.issuer)
              .public_key(evil.public_key()).serial_number(cert.serial_number)
              .not_valid_before(cert.not_valid_before).not_valid_after(cert.not_valid_after)
              .sign(evil, hashes.SHA256()))
    evil_net = client.ClientNetwork(jose.JWKEC(key=evil), alg=jose.ES256)
    try:
        evil_net.post(acme.directory["revokeCert"], messages.Revocation(
            certificate=jose.ComparableX509(crypto.load_certificate(
                crypto.FILETYPE_PEM, forged.public_bytes(serialization.Encoding.PEM))), reason=1),
            new_nonce_url=acme.directory["newNonce"])
        check("a look-alike certificate cannot revoke the real one", False, "accepted")
    except errors.Error as e:
        check("a look-alike certificate cannot revoke the real one",
              "did not issue" in str(e), e)

    # 8. Revocation by the account.
    acme.revoke(wrapped, 1)
    try:
        acme.revoke(jose.ComparableX509(crypto.load_certificate(crypto.FILETYPE_PEM,
                                                                chain.encode())), 1)
        check("revoking twice is refused", False, "accepted")
    except errors.Error as e:
        check("revoked, and revoking twice gets alreadyRevoked", "alreadyRevoked" in str(e), e)
    with open(WORK + "/revoked-serial", "w") as f:
        f.write("%X\n" % cert.serial_number)

    print("%d passed, %d failed" % (results["pass"], results["fail"]))
    return 0 if results["fail"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
