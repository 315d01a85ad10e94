#!/usr/bin/python3
"""A small ACME client (python3-acme) that obtains a delegate certificate for
a TNAuthList over tkauth-01 (RFC 9447/9448) - for demos and tests; the
functions are reused by tests/integration/acme_client.py.

Usage: acme_tnauth_client.py DIRECTORY --tnauthlist ENTRY... --token-cmd CMD
           --out-chain FILE --out-key FILE [--ca]
ENTRY is spc:CODE, range:START:COUNT or one:TN. CMD is run through the shell
with {fingerprint} replaced by the account key's RFC 9448 fingerprint; its
standard output is the Authority Token. Environment: STIRKIT (the binary)."""
import argparse
import base64
import datetime
import os
import subprocess
import sys

import josepy as jose
from acme import challenges, client, messages
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TNAL_OID = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.26")
TNAUTHLIST = messages.IdentifierType("TNAuthList")  # registers the type with the library


@challenges.ChallengeResponse.register
class TkauthResponse(challenges.ChallengeResponse):
    """The tkauth-01 response: {"tkauth": Authority Token} (RFC 9448 §4)."""
    typ = "tkauth-01"
    tkauth: str = jose.field("tkauth")


def b64url(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def tnal(*entries):
    """DER TNAuthList from `stirkit tnauth encode`."""
    return subprocess.run([os.environ.get("STIRKIT", "stirkit"), "tnauth", "encode", *entries],
                          check=True, capture_output=True).stdout


def new_client(directory_url):
    """A new account with a fresh P-256 key; (client, key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    net = client.ClientNetwork(jose.JWKEC(key=key), alg=jose.ES256, user_agent="stirkit-demo")
    directory = messages.Directory.from_json(net.get(directory_url).json())
    acme = client.ClientV2(directory, net)
    acme.new_account(messages.NewRegistration.from_data(
        email="noc@example.net", terms_of_service_agreed=True))
    return acme, key


def fingerprint(acme):
    """The account key's RFC 9448 fingerprint: SHA256 of the RFC 7638 thumbprint."""
    digest = acme.net.key.public_key().thumbprint(hash_function=hashes.SHA256)
    return "SHA256 " + ":".join("%02X" % b for b in digest)


def order(acme, der):
    """newOrder for one TNAuthList identifier: (order body, order URL, authz, challenge)."""
    resp = acme._post(acme.directory["newOrder"], messages.NewOrder(
        identifiers=[messages.Identifier(typ=TNAUTHLIST, value=b64url(der))]))
    body = messages.Order.from_json(resp.json())
    url = resp.headers["Location"]
    authz_url = body.authorizations[0]
    authzr = acme._authzr_from_response(acme._post_as_get(authz_url), uri=authz_url)
    challb = [c for c in authzr.body.challenges if c.chall.jobj.get("type") == "tkauth-01"][0]
    return body, url, authzr, challb


def answer(acme, challb, token):
    """Answers tkauth-01 with the token; returns the challenge object after it."""
    acme.answer_challenge(challb, TkauthResponse(tkauth=token))
    return acme._post_as_get(challb.uri).json()


def csr_for(der, ca=False, key=None, cn="Enterprise Delegate"):
    """(key, CSR) carrying the TNAuthList extension (and cA=TRUE when ca)."""
    key = key or ec.generate_private_key(ec.SECP256R1())
    b = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
    b = b.add_extension(x509.UnrecognizedExtension(TNAL_OID, der), critical=False)
    if ca:
        b = b.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    return key, b.sign(key, hashes.SHA256())


def finalize(acme, url, body, authzr, csr):
    """Finalizes and downloads: the OrderResource with fullchain_pem."""
    orderr = messages.OrderResource(body=body, uri=url, authorizations=[authzr],
                                    csr_pem=csr.public_bytes(serialization.Encoding.PEM))
    return acme.finalize_order(orderr, datetime.datetime.now() + datetime.timedelta(seconds=30))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("directory")
    ap.add_argument("--tnauthlist", nargs="+", required=True)
    ap.add_argument("--token-cmd", required=True)
    ap.add_argument("--out-chain", required=True)
    ap.add_argument("--out-key", required=True)
    ap.add_argument("--ca", action="store_true")
    a = ap.parse_args()
    acme, _ = new_client(a.directory)
    fp = fingerprint(acme)
    print("account created; its key's fingerprint is " + fp)
    der = tnal(*a.tnauthlist)
    body, url, authzr, challb = order(acme, der)
    print("order %s: one tkauth-01 challenge (tkauth-type %s)" % (url, challb.chall.jobj.get("tkauth-type")))
    token = subprocess.run(a.token_cmd.replace("{fingerprint}", fp), shell=True, check=True,
                           capture_output=True, text=True).stdout.strip()
    print("Authority Token from the token authority: %s..." % token[:40])
    ch = answer(acme, challb, token)
    if ch.get("status") != "valid":
        print("challenge %s: %s" % (ch.get("status"), (ch.get("error") or {}).get("detail")))
        return 1
    print("challenge valid: the token authority vouched for " + " ".join(a.tnauthlist))
    authzr = acme._authzr_from_response(acme._post_as_get(authzr.uri), uri=authzr.uri)
    key, csr = csr_for(der, ca=a.ca)
    done = finalize(acme, url, body, authzr, csr)
    with open(a.out_chain, "w") as f:
        f.write(done.fullchain_pem)
    with open(a.out_key, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    os.chmod(a.out_key, 0o600)
    print("certificate issued and downloaded: " + a.out_chain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
