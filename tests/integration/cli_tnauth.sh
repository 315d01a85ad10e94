#!/bin/sh
# `stirkit tnauth decode|encode` and `stirkit cert show` from the command line:
# the output contract, the exit codes and the one-line reasons.
set -eu

: "${STIRKIT:?}" "${STIR_SRCDIR:?}" "${STIR_PKI_DIR:?}"
V=$STIR_SRCDIR/testdata/vectors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

expect() { # NAME WANT GOT
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
    else
        echo "FAIL $1"
        echo "  want: $2"
        echo "  got:  $3"
        fail=$((fail + 1))
    fi
}

# V1 (all three arms) in text and JSON.
expect "decode V1 text" "spc bogus
range 5715551212 788
one 7035551212" "$("$STIRKIT" tnauth decode --base64 "$V/v1-tnauthlist.b64")"
expect "decode V1 json" \
    '{"tnauthlist":[{"spc":"bogus"},{"range":{"start":"5715551212","count":788}},{"one":"7035551212"}]}' \
    "$("$STIRKIT" tnauth decode --base64 --json - <"$V/v1-tnauthlist.b64")"

# The issue's example, encoded then decoded (DER through a pipe).
expect "encode/decode round trip" \
    '{"tnauthlist":[{"spc":"1234"},{"range":{"start":"12125551000","count":1000}},{"one":"12125551824"}]}' \
    "$("$STIRKIT" tnauth encode spc:1234 range:12125551000:1000 one:12125551824 |
        "$STIRKIT" tnauth decode --json)"

# vectors.md D1: exact base64.
expect "encode D1 row 4" "MCygBhYEMTIzNKETMBEWCzEyMTU1NTUxMDAwAgID6KINFgsxMjE1NTU1OTk5OQ==" \
    "$("$STIRKIT" tnauth encode --base64 spc:1234 range:12155551000:1000 one:12155559999)"
expect "encode D1 row 2, raw DER" "300fa20d160b3132313535353531323132" \
    "$("$STIRKIT" tnauth encode one:12155551212 | od -An -tx1 | tr -d ' \n')"

# Malformed input: exit 2 and one line naming the fault.
check_bad() { # NAME WANT-SUBSTRING ARGS... (input on stdin from $tmp/in)
    name=$1 want=$2
    shift 2
    rc=0
    err=$("$STIRKIT" tnauth "$@" <"$tmp/in" 2>&1 >/dev/null) || rc=$?
    lines=$(printf '%s\n' "$err" | wc -l)
    case "$err" in
    *"$want"*) ok=1 ;;
    *) ok=0 ;;
    esac
    if [ "$rc" = 2 ] && [ "$ok" = 1 ] && [ "$lines" = 1 ]; then
        pass=$((pass + 1))
    else
        echo "FAIL $name: exit $rc, stderr: $err"
        fail=$((fail + 1))
    fi
}
printf 'MA2CCzEyMTU1NTUxMjEy\n' >"$tmp/in" # IMPLICIT [2]
check_bad "implicit tag" "IMPLICIT" decode --base64
printf 'MAA=\n' >"$tmp/in"
check_bad "empty list" "SEQUENCE SIZE (1..MAX)" decode --base64
printf 'MAigBhYEMTIzNAA=\n' >"$tmp/in"
check_bad "trailing byte" "follow the TNAuthList SEQUENCE" decode --base64
printf 'not base64!\n' >"$tmp/in"
check_bad "bad base64" "not a base64" decode --base64
printf 'hello' >"$tmp/in"
check_bad "raw garbage" "stirkit: tnauth decode:" decode
: >"$tmp/in"
check_bad "range count 1" "count is 1" encode range:12125551000:1
check_bad "bad entry" "is not spc:CODE" encode two:1
check_bad "no entries" "needs at least one ENTRY" encode
check_bad "unknown verb" "unknown verb 'frobnicate'" frobnicate

# cert show on V3 (text and JSON) and on a delegate leaf.
out=$("$STIRKIT" cert show --json "$V/v3-rfc9118-cert.pem")
case "$out" in
*'"skid":"0E51B77711F2CCA2FF1597D23C8EEBA6EB9E45BB","akid":"953A0AB6B41E16BC30C97A4C8F5AAEDD34047A81","tnauthlist":[{"spc":"1234"}]'*)
    pass=$((pass + 1)) ;;
*) echo "FAIL cert show V3 json: $out"; fail=$((fail + 1)) ;;
esac
out=$("$STIRKIT" cert show "$STIR_PKI_DIR/certs/enterprise.pem")
case "$out" in
*"ca          yes"*"tnauthlist  range 12125551800 100"*) pass=$((pass + 1)) ;;
*) echo "FAIL cert show text: $out"; fail=$((fail + 1)) ;;
esac
rc=0
err=$("$STIRKIT" cert show "$STIR_PKI_DIR/good.pem" 2>&1) || rc=$?
case "$rc:$err" in
2:*"holds 3 certificates"*) pass=$((pass + 1)) ;;
*) echo "FAIL cert show bundle: $rc $err"; fail=$((fail + 1)) ;;
esac
out=$("$STIRKIT" cert show --json "$STIR_PKI_DIR/certs/leaf-implicit.pem")
case "$out" in
*'"tnauthlist":null,"tnauthlist_error":"TNAuthList: entry 1 (one): [2] is primitive'*) pass=$((pass + 1)) ;;
*) echo "FAIL cert show malformed: $out"; fail=$((fail + 1)) ;;
esac

# --help everywhere exits 0.
for cmd in "--help" "tnauth --help" "tnauth decode --help" "tnauth encode --help" \
    "cert show --help" "chain check --help"; do
    # shellcheck disable=SC2086
    if "$STIRKIT" $cmd >/dev/null; then pass=$((pass + 1)); else echo "FAIL $cmd"; fail=$((fail + 1)); fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
