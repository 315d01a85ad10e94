#!/bin/sh
# `stirkit ca` end to end with CSRs from the openssl CLI: root -> carrier CA
# -> enterprise CA -> leaf, each step inside its issuer's TNAuthList; checked
# by `stirkit chain check` and `openssl verify`; refusals with reasons;
# revocation seen by `openssl verify -crl_check`; a kill during issuance
# leaves the database consistent.
set -eu

: "${STIRKIT:?}"
S=$STIRKIT
NOW=1767225600 # 2026-01-01T00:00:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

csr() { # NAME SUBJECT: NAME.key and NAME.csr
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
    openssl req -new -key "$1.key" -subj "$2" -out "$1.csr"
}

# expect_refusal NAME WANT-SUBSTRING ARGS...: exit 1, "refused: ..." naming WANT
expect_refusal() {
    name=$1 want=$2
    shift 2
    rc=0
    err=$("$S" ca issue "$@" --now "$NOW" 2>&1 >/dev/null) || rc=$?
    case "$rc:$err" in
    1:*"refused: "*"$want"*) ok ;;
    *) bad "$name: exit $rc: $err" ;;
    esac
}

"$S" ca init root --subject "/C=US/O=Test Root/CN=Test STIR Root" --now "$NOW" >/dev/null
csr carrier "/C=US/O=Carrier/CN=Carrier CA"
"$S" ca issue root --csr carrier.csr --ca --pathlen 1 --tnauthlist range:12125550000:10000 \
    --days 1000 --now "$NOW" --out carrier.pem
"$S" ca init carrier --issuer-cert carrier.pem --issuer-key carrier.key --now "$NOW" >/dev/null
csr ent "/C=US/O=Enterprise/CN=Enterprise CA"
"$S" ca issue carrier --csr ent.csr --ca --tnauthlist range:12125551800 100 \
    --days 500 --now "$NOW" --out ent.pem 2>/dev/null && bad "a bare 100 is not an entry" || ok
"$S" ca issue carrier --csr ent.csr --ca --tnauthlist range:12125551800:100 \
    --days 500 --now "$NOW" --out ent.pem
"$S" ca init ent --issuer-cert ent.pem --issuer-key "file:$tmp/ent.key" --now "$NOW" >/dev/null
csr leaf "/C=US/O=Enterprise/CN=Enterprise Leaf"
"$S" ca issue ent --csr leaf.csr --tnauthlist one:12125551824 --now "$NOW" --out leaf.pem

# The chain (leaf, enterprise, carrier) validates with both tools.
[ "$(grep -c 'BEGIN CERTIFICATE' leaf.pem)" = 3 ] && ok || bad "chain length"
"$S" chain check --trust root/issuer.pem --at $((NOW + 60)) --tn 12125551824 leaf.pem >/dev/null &&
    ok || bad "chain check of the issued chain"
openssl verify -attime $((NOW + 60)) -CAfile root/issuer.pem -untrusted leaf.pem leaf.pem \
    >/dev/null 2>&1 && ok || bad "openssl verify of the issued chain"

# Refusals, each naming its reason.
expect_refusal "out of scope" "entry 'range 12125559950 100' is not covered" \
    carrier --csr ent.csr --ca --tnauthlist range:12125559950:100 --days 10
expect_refusal "TN parent, SPC child" "never encompass an SPC" \
    carrier --csr ent.csr --tnauthlist spc:1234 --days 10
expect_refusal "issuer key reused" "the issuer's own key" \
    carrier --csr carrier.csr --tnauthlist one:12125551824 --days 10
expect_refusal "validity past the issuer's" "after the issuer's notAfter" \
    ent --csr leaf.csr --tnauthlist one:12125551824 --days 600
openssl req -new -newkey rsa:2048 -nodes -keyout rsa.key -subj "/CN=RSA" -out rsa.csr 2>/dev/null
expect_refusal "RSA key" "need EC P-256" ent --csr rsa.csr --tnauthlist one:12125551824
openssl req -new -key leaf.key -subj "/CN=Wants CA" -addext "basicConstraints=critical,CA:TRUE" \
    -out wantsca.csr
expect_refusal "CA without --ca" "asks for a CA certificate" \
    ent --csr wantsca.csr --tnauthlist one:12125551824
# A CSR whose signature was damaged: flip a bit in the last byte.
openssl req -in leaf.csr -outform DER -out leaf.der
python3 -c "import sys; b=bytearray(open('leaf.der','rb').read()); b[-1]^=1; open('badsig.der','wb').write(b)"
expect_refusal "bad CSR signature" "signature does not verify" \
    ent --csr badsig.der --tnauthlist one:12125551824
openssl req -new -key leaf.key -subj "/CN=Ext" \
    -addext "1.3.6.1.5.5.7.1.26=DER:300FA20D160B3132313235353531383235" -out ext.csr
expect_refusal "CSR and option differ" "the requested TNAuthList and the CSR's differ" \
    ent --csr ext.csr --tnauthlist one:12125551824
"$S" ca issue ent --csr ext.csr --now "$NOW" --out ext.pem && ok || bad "TNAuthList from the CSR"

# Usage errors exit 2.
rc=0; "$S" ca issue ent --now "$NOW" 2>/dev/null || rc=$?
[ "$rc" = 2 ] && ok || bad "missing --csr: exit $rc"
rc=0; "$S" ca issue nowhere --csr leaf.csr --now "$NOW" 2>/dev/null || rc=$?
[ "$rc" = 2 ] && ok || bad "missing CA directory: exit $rc"

# Revocation: the CRL makes openssl refuse the leaf.
serial=$(openssl x509 -in leaf.pem -noout -serial | sed 's/serial=//')
"$S" ca revoke ent --serial "$serial" --reason keyCompromise --now $((NOW + 100)) >/dev/null
rc=0; err=$("$S" ca revoke ent --serial "$serial" --now $((NOW + 100)) 2>&1) || rc=$?
case "$rc:$err" in 1:*"already revoked"*) ok ;; *) bad "revoke twice: $rc $err" ;; esac
"$S" ca crl ent --now $((NOW + 200)) --out ent.crl
openssl crl -in ent.crl -noout -text | grep -q "Key Compromise" && ok || bad "reason in CRL"
out=$(openssl verify -attime $((NOW + 300)) -crl_check -CRLfile ent.crl -CAfile root/issuer.pem \
    -untrusted leaf.pem leaf.pem 2>&1 || true)
case "$out" in *"certificate revoked"*) ok ;; *) bad "openssl -crl_check: $out" ;; esac
"$S" ca list ent --json | grep -q '"status":"revoked","revoked_at":"2026-01-01T00:01:40Z","reason":"keyCompromise"' &&
    ok || bad "ca list shows the revocation"

# A kill -9 during a run of issuances leaves a consistent database.
(
    i=0
    while [ $i -lt 40 ]; do
        "$S" ca issue ent --csr leaf.csr --tnauthlist one:12125551824 --now "$NOW" >/dev/null
        i=$((i + 1))
    done
) &
loop=$!
sleep 1
kill -9 $loop 2>/dev/null || true
pkill -9 -f "ca issue ent" 2>/dev/null || true
wait $loop 2>/dev/null || true
check=$(python3 - ent/ca.db <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("PRAGMA integrity_check").fetchone()[0],
      db.execute("SELECT count(*) FROM certificates WHERE length(der) < 200 OR serial = ''").fetchone()[0])
PY
)
[ "$check" = "ok 0" ] && ok || bad "database after kill: $check"
"$S" ca list ent >/dev/null && ok || bad "ca list after kill"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
