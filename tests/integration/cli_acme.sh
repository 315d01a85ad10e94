#!/bin/sh
# The ACME server end to end with python3-acme on loopback: a carrier CA made
# with `stirkit ca`, a token authority made with the openssl CLI, `stirkit
# acme serve`, a full TNAuthList order over tkauth-01 and every refusal
# (tests/integration/acme_client.py); the issued chain passes `stirkit chain
# check`, and after revocation the CRL makes `openssl verify -crl_check` fail.
set -eu

: "${STIRKIT:?}" "${STIR_SRCDIR:?}"
S=$STIRKIT
PY=/usr/bin/python3
if ! "$PY" -c 'import acme' 2>/dev/null; then
    echo "cli_acme: /usr/bin/python3 lacks the acme module (Debian: python3-acme)" >&2
    exit 1
fi
tmp=$(mktemp -d)
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
fail=0

# The issuing side: root -> carrier CA (range 12125550000+10000), a trusted
# token authority, acme.conf; and an untrusted token authority.
. "$STIR_SRCDIR/testdata/acme-pki.sh"
mk_acme_pki
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta-other.key \
    -out ta-other.pem -subj "/CN=Untrusted Token Authority" -days 30 2>/dev/null

# A bad setting stops the server before it starts, naming the key.
{ cat acme.conf; echo "max_conn_per_ip = 0"; } >bad.conf
rc=0
"$S" acme serve --config bad.conf >bad.out 2>bad.err || rc=$?
if [ "$rc" = 2 ] && grep -q "max_conn_per_ip must be a number from 1 to 512" bad.err; then
    echo "ok   max_conn_per_ip = 0 is refused, named"
else
    echo "FAIL max_conn_per_ip = 0: exit $rc: $(cat bad.err)"
    fail=$((fail + 1))
fi

"$S" acme serve --config acme.conf >acme.out 2>acme.err &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^directory ' acme.out; do
    i=$((i + 1))
    sleep 0.1
done
DIR=$(sed -n 's/^directory //p' acme.out)
[ -n "$DIR" ] || { echo "FAIL acme serve did not start: $(cat acme.err)"; exit 1; }

STIRKIT="$S" "$PY" "$STIR_SRCDIR/tests/integration/acme_client.py" "$DIR" "$tmp" || fail=$((fail + 1))

# The issued chain: a delegate of the carrier, checked independently.
if [ -f leaf.pem ]; then
    "$S" chain check --trust root/issuer.pem --tn 12125551850 leaf.pem >/dev/null &&
        echo "ok   the ACME-issued chain passes stirkit chain check" ||
        { echo "FAIL the ACME-issued chain fails chain check"; fail=$((fail + 1)); }
    "$S" ca crl carrier --out carrier.crl
    out=$(openssl verify -crl_check -CRLfile carrier.crl -CAfile root/issuer.pem \
        -untrusted leaf.pem leaf.pem 2>&1 || true)
    case "$out" in
    *"certificate revoked"*) echo "ok   the revocation reaches the CRL" ;;
    *) echo "FAIL openssl -crl_check: $out"; fail=$((fail + 1)) ;;
    esac
else
    fail=$((fail + 1))
fi
kill -0 "$pid" 2>/dev/null && echo "ok   the server is still serving" ||
    { echo "FAIL the server died"; fail=$((fail + 1)); }
[ "$fail" -eq 0 ]
