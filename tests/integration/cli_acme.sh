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

# The issuing side: root -> carrier CA (range 12125550000+10000).
"$S" ca init root --subject "/C=US/O=Test Root/CN=Test STIR Root" >/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out carrier.key 2>/dev/null
openssl req -new -key carrier.key -subj "/C=US/O=Carrier/CN=Carrier CA" -out carrier.csr
"$S" ca issue root --csr carrier.csr --ca --tnauthlist range:12125550000:10000 --days 365 \
    --out carrier.pem
"$S" ca init carrier --issuer-cert carrier.pem --issuer-key carrier.key >/dev/null

# Token authorities: a trusted one (root + signing certificate), an untrusted one.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta-root.key \
    -out ta-root.pem -subj "/CN=Test Token Authority Root" -days 30 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta.key \
    -subj "/CN=Test Token Authority" -out ta.csr 2>/dev/null
openssl x509 -req -in ta.csr -CA ta-root.pem -CAkey ta-root.key -CAcreateserial -days 30 \
    -extfile /dev/stdin -out ta.pem 2>/dev/null <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
EXT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta-other.key \
    -out ta-other.pem -subj "/CN=Untrusted Token Authority" -days 30 2>/dev/null

cat >acme.conf <<'CONF'
# stirkit acme serve, for the test
listen = 127.0.0.1:0
ca_dir = carrier
ta_anchors = ta-root.pem
jti_policy = single-use
cert_days = 30
CONF
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
