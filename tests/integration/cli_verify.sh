#!/bin/sh
# PASSporTs end to end on loopback: `stirkit passport sign` with a delegate
# certificate, `stirkit x5u serve` publishing the chain over TLS, and
# `stirkit passport verify` / `stirkit vs serve` fetching it - every outcome
# with its SIP code, verstat and machine code. All times are passed in.
set -eu

: "${STIRKIT:?}" "${STIR_PKI_DIR:?}" "${STIR_SRCDIR:?}"
S=$STIRKIT
NOW=1767225600
P=$STIR_PKI_DIR
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/tls.key" \
    -out "$tmp/tls.crt" -subj /CN=localhost -days 2 \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null

. "$STIR_SRCDIR/tests/integration/common.sh"

usage "--max-conn-per-ip: '0' is not a number from 1 to 512" x5u serve --root "$P" \
    --listen 127.0.0.1:0 --max-conn-per-ip 0
usage "--max-conn-per-ip: '600' is not a number from 1 to 512" vs serve --trust "$P/root.pem" \
    --listen 127.0.0.1:0 --max-conn-per-ip 600
usage "--max-age: 'x' is not a number from 1 to 2147483647" x5u serve --root "$P" \
    --listen 127.0.0.1:0 --max-age x

"$S" x5u serve --root "$P" --listen 127.0.0.1:0 --tls-cert "$tmp/tls.crt" --tls-key "$tmp/tls.key" \
    >"$tmp/x5u.out" 2>"$tmp/x5u.err" &
x5u_pid=$!
pids="$pids $x5u_pid"
X5U=$(wait_port "$tmp/x5u.out")
python3 "$STIR_SRCDIR/tests/integration/odd_https_server.py" "$tmp/tls.crt" "$tmp/tls.key" \
    >"$tmp/odd.out" &
pids="$pids $!"
ODD=$(wait_port "$tmp/odd.out")
BASE="https://127.0.0.1:$X5U"
VOPTS="--trust $P/root.pem --allow-address 127.0.0.1 --allow-port $X5U --allow-port $ODD --tls-ca $tmp/tls.crt --now $NOW"

sign() { # URL ORIG [IAT] -> Identity header
    "$S" passport sign --key "$P/keys/leaf.key" --x5u "$1" --orig "$2" --dest 12155550131 \
        --attest A --iat "${3:-$NOW}"
}

# expect NAME CODE SIP VERSTAT HDR [extra verify args]: passport verify --json
expect() {
    name=$1 code=$2 sip=$3 verstat=$4 hdr=$5
    shift 5
    rc=0
    # shellcheck disable=SC2086
    out=$("$S" passport verify --identity "$hdr" $VOPTS --json "$@") || rc=$?
    want_rc=1
    [ "$code" = ok ] && want_rc=0
    case "$rc:$out" in
    "$want_rc":*"\"sip_code\":$sip,"*"\"code\":\"$code\",\"verstat\":\"$verstat\""*) ok ;;
    *) bad "$name: exit $rc: $out" ;;
    esac
}

GOOD=$(sign "$BASE/good.pem" "+1 212 555 1824")
expect "valid (cache miss)" ok 200 TN-Validation-Passed "$GOOD" --orig 12125551824 --dest 12155550131
expect "three-level delegation" ok 200 TN-Validation-Passed "$(sign "$BASE/three-level.pem" 12125551824)"
expect "SPC carrier, TN delegate" ok 200 TN-Validation-Passed "$(sign "$BASE/spc-parent-tn-child.pem" 12125551824)"

# a tampered payload: another PASSporT's header and payload with GOOD's signature
OTHER=$(sign "$BASE/good.pem" 12125551899)
sig=$(printf '%s' "$GOOD" | cut -d';' -f1 | cut -d. -f3)
TAMPERED="$(printf '%s' "$OTHER" | cut -d';' -f1 | cut -d. -f1,2).$sig;$(printf '%s' "$OTHER" | cut -d';' -f2-)"
expect "tampered payload" signature_invalid 438 TN-Validation-Failed "$TAMPERED"
expect "stale iat" stale 403 No-TN-Validation "$(sign "$BASE/good.pem" 12125551824 $((NOW - 61)))"
expect "future iat" iat_in_future 403 No-TN-Validation "$(sign "$BASE/good.pem" 12125551824 $((NOW + 61)))"
expect "iat window option" ok 200 TN-Validation-Passed "$(sign "$BASE/good.pem" 12125551824 $((NOW - 100)))" --max-age 120
rc=0
out=$("$S" passport verify --identity "$GOOD" --trust "$P/other-root2.pem" --allow-address 127.0.0.1 \
    --allow-port "$X5U" --tls-ca "$tmp/tls.crt" --now $NOW --json) || rc=$?
case "$rc:$out" in 1:*'"sip_code":437,'*'"code":"chain_untrusted"'*) ok ;; *) bad "untrusted root: $out" ;; esac
expect "orig outside the signer's TNAuthList" orig_not_authorized 438 TN-Validation-Failed \
    "$(sign "$BASE/good.pem" 12125551825)"
expect "delegate out of scope" delegation_not_encompassed 437 TN-Validation-Failed \
    "$(sign "$BASE/leaf-out-of-scope.pem" 12125551900)"
expect "x5u 404" x5u_fetch_failed 436 No-TN-Validation "$(sign "$BASE/missing.pem" 12125551824)"
expect "x5u not a chain (private key inside: host answers 404)" x5u_fetch_failed 436 No-TN-Validation \
    "$(sign "$BASE/private-key-in-bundle.pem" 12125551824)"
expect "x5u redirect" x5u_fetch_failed 436 No-TN-Validation \
    "$(sign "https://127.0.0.1:$ODD/redirect.pem" 12125551824)"
expect "x5u oversize body" x5u_fetch_failed 436 No-TN-Validation \
    "$(sign "https://127.0.0.1:$ODD/big.pem" 12125551824)"
expect "x5u too slow" x5u_fetch_failed 436 No-TN-Validation \
    "$(sign "https://127.0.0.1:$ODD/slow.pem" 12125551824)"
expect "x5u connection refused" x5u_fetch_failed 436 No-TN-Validation \
    "$(sign "https://127.0.0.1:8443/good.pem" 12125551824)"
expect "x5u wrong port" x5u_refused 436 No-TN-Validation \
    "$(sign "https://127.0.0.1:9/good.pem" 12125551824)"
rc=0
H=$("$S" passport sign --key "$P/keys/leaf.key" --x5u "http://127.0.0.1:$X5U/good.pem" \
    --orig 12125551824 --dest 1 --attest A --iat $NOW 2>&1) || rc=$?
case "$rc:$H" in 2:*"not https"*|2:*"https"*) ok ;; *) bad "sign with http x5u: $rc $H" ;; esac
rc=0
out=$("$S" passport verify --identity "$GOOD" --trust "$P/root.pem" --allow-port "$X5U" \
    --tls-ca "$tmp/tls.crt" --now $NOW --json) || rc=$?
case "$rc:$out" in 1:*'"code":"x5u_refused"'*"special-purpose address"*) ok ;; *) bad "special-purpose address: $out" ;; esac

# The verification service over HTTP, fetching from the x5u host.
"$S" vs serve --listen 127.0.0.1:0 --trust "$P/root.pem" --allow-address 127.0.0.1 \
    --allow-port "$X5U" --tls-ca "$tmp/tls.crt" --sign-key "$P/keys/leaf.key" --now "$NOW" \
    --sign-x5u "$BASE/good.pem" >"$tmp/vs.out" 2>"$tmp/vs.err" &
pids="$pids $!"
VS=$(wait_port "$tmp/vs.out")
post() { # PATH JSON
    curl -s -X POST -H 'Content-Type: application/json' --data "$2" "http://127.0.0.1:$VS$1"
}
body=$(python3 -c 'import json,sys; print(json.dumps({"identity":[sys.argv[1]],"from":"12125551824","to":"+1 215 555 0131","time":int(sys.argv[2])}))' "$GOOD" $NOW)
out=$(post /v1/verify "$body")
case "$out" in *'"valid":true,"sip_code":200,'*'"verstat":"TN-Validation-Passed","attest":"A","orig":"12125551824","dest":"12155550131"'*) ok ;; *) bad "vs verify: $out" ;; esac
out=$(post /v1/verify '{not json')
case "$out" in *'"error":"the request body is not a JSON object'*) ok ;; *) bad "vs bad JSON: $out" ;; esac
out=$(post /v1/verify '{"identity":42}')
case "$out" in *'"error":"\"identity\" must be a string'*) ok ;; *) bad "vs bad identity: $out" ;; esac
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$VS/v1/verify")
[ "$code" = 405 ] && ok || bad "GET /v1/verify: $code"
out=$(post /v1/verify "{\"time\":$NOW}")
case "$out" in *'"sip_code":428,'*'"code":"no_identity"'*) ok ;; *) bad "vs no identity: $out" ;; esac
# A request time far from the server's clock is stale: it cannot replay old calls.
out=$(post /v1/verify "$(python3 -c 'import json,sys; print(json.dumps({"identity":sys.argv[1],"time":int(sys.argv[2])-3600}))' "$GOOD" $NOW)")
case "$out" in *'"sip_code":403,'*'"code":"stale"'*"from the verifier's clock"*) ok ;; *) bad "vs stale request time: $out" ;; esac
# A Content-Length over the limit is refused before the body is read: 413 at once,
# with no body sent (the server used to wait for all of it).
out=$(python3 - "$VS" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: 100000000\r\n\r\n")
try:
    print(s.recv(4096).decode(errors="replace").split("\r\n")[0])
except socket.timeout:
    print("no answer in 5 s")
EOF
)
case "$out" in "HTTP/1.1 413 "*) ok ;; *) bad "vs Content-Length over the limit: $out" ;; esac
# Keep-alive: a second GET on the same connection needs no new connection (TLS handshake).
out=$(curl -s --cacert "$tmp/tls.crt" -o /dev/null -o /dev/null -w '%{http_code}:%{num_connects} ' \
    "$BASE/good.pem" "$BASE/good.pem")
[ "$out" = "200:1 200:0 " ] && ok || bad "x5u keep-alive (code:connects per GET): $out"
# A body on a GET-only resource is read and answered 405 (it used to drop the connection).
out=$(curl -s -i --cacert "$tmp/tls.crt" -X POST --data x "$BASE/good.pem" | tr -d '\r')
case "$out" in "HTTP/1.1 405"*"Allow: GET, HEAD"*) ok ;; *) bad "x5u POST with a body: $out" ;; esac
out=$(curl -s -i --cacert "$tmp/tls.crt" -X GET --data x "$BASE/good.pem" | tr -d '\r')
case "$out" in "HTTP/1.1 400"*"a GET or HEAD request has no body"*) ok ;; *) bad "x5u GET with a body: $out" ;; esac
# %00 in a path names nothing (it used to cut the path: good.pem%00.txt was good.pem).
code=$(curl -s --cacert "$tmp/tls.crt" -o /dev/null -w '%{http_code}' "$BASE/good.pem%00.txt")
[ "$code" = 404 ] && ok || bad "x5u good.pem%00.txt: $code"
out=$(post '/v1/verify%00x' "$body")
case "$out" in *'"error":"no such resource'*) ok ;; *) bad "vs /v1/verify%00x: $out" ;; esac
# A cache hit: stop the x5u host; the cached chain still verifies.
kill "$x5u_pid"
wait "$x5u_pid" 2>/dev/null || true
out=$(post /v1/verify "$body")
case "$out" in *'"valid":true'*) ok ;; *) bad "vs verify from cache: $out" ;; esac
# The signing endpoint: its Identity header verifies through the service.
signed=$(post /v1/sign "{\"orig\":\"12125551824\",\"dest\":[\"12155550131\"],\"attest\":\"B\",\"iat\":$NOW}")
hdr=$(printf '%s' "$signed" | python3 -c 'import json,sys; print(json.load(sys.stdin)["identity"])')
out=$(post /v1/verify "$(python3 -c 'import json,sys; print(json.dumps({"identity":sys.argv[1],"time":int(sys.argv[2])}))' "$hdr" $NOW)")
case "$out" in *'"valid":true'*'"attest":"B"'*) ok ;; *) bad "vs sign then verify: $out" ;; esac
out=$(post /v1/sign '{"orig":"12125551824"}')
case "$out" in *'"error":"sign needs'*) ok ;; *) bad "vs sign bad request: $out" ;; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
