#!/bin/sh
# ACME issuance rate (issue 8): full tkauth-01 issuances per second through
# `stirkit acme serve` with a python3-acme client (bench/acme_rate.py, which
# reuses scripts/acme_tnauth_client.py), next to `stirkit ca issue` of the
# same kind of delegate certificate by the same CA, for SECONDS each.
# Sets up, in a temp dir: a root and a carrier CA (range 12125550000+10000)
# with `stirkit ca`, a token authority (openssl CLI), and `stirkit acme serve`
# on 127.0.0.1, port 0, plain HTTP (as tests/integration/cli_acme.sh runs it).
# Stops the server and removes the temp dir on exit. Ends with three lines:
#   acme issuance: N.N/s (K issuances in S.S s, python3-acme client, one account)
#   reference: N.N/s (stirkit ca issue, same CA)
#   ratio acme/reference: R.RR
# Usage: bench/acme_rate.sh BUILD_DIR [SECONDS]
set -eu

build=$1
secs=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$PWD/$build ;; esac
S=$build/stirkit
PY=/usr/bin/python3
[ -x "$S" ] || { echo "acme_rate: no $S" >&2; exit 2; }
# In a shared build, $build/stirkit is libtool's bash wrapper, which would
# add about 10 ms to every `stirkit ta token` and `stirkit ca issue` run:
# call the real binary with the library path the wrapper would set.
if [ -x "$build/.libs/stirkit" ] && head -c 2 "$S" | grep -q '^#!'; then
    S=$build/.libs/stirkit
    LD_LIBRARY_PATH=$build/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
fi
if ! (cd / && "$PY" -c 'import acme.client') 2>/dev/null; then
    echo "acme_rate: $PY lacks the acme module (Debian: python3-acme)" >&2
    exit 2
fi

tmp=$(mktemp -d)
pid=""
client=""
cleanup() {
    for p in $client $pid; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
cd "$tmp"

# The issuing side: root -> carrier CA (range 12125550000+10000), a token
# authority and acme.conf.
. "$top/testdata/acme-pki.sh"
mk_acme_pki
# The token is minted once and reused (acme_rate.py): the default policy.
sed -i 's/^jti_policy = single-use$/jti_policy = same-account/' acme.conf
grep -q '^jti_policy = same-account$' acme.conf ||
    { echo "acme_rate: acme.conf has no jti_policy line to change" >&2; exit 1; }
"$S" acme serve --config acme.conf >acme.out 2>acme.err &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q '^directory ' acme.out; do
    kill -0 "$pid" 2>/dev/null || break
    i=$((i + 1))
    sleep 0.1
done
DIR=$(sed -n 's/^directory //p' acme.out)
[ -n "$DIR" ] || { echo "acme_rate: acme serve did not start: $(cat acme.err)" >&2; exit 1; }
case $DIR in
http://127.0.0.1:* | https://127.0.0.1:*) ;;
*) echo "acme_rate: not on loopback: $DIR" >&2; exit 1 ;;
esac

# Bounded: 2 x SECONDS of measurement (the two kinds alternate in 0.25 s
# slices, each may end one issuance late), two warm-ups, and 20 s to spare.
limit=$(awk -v s="$secs" 'BEGIN { printf "%d", 2 * s + 20 }')
# In the background and waited for, so that a signal stops it at once.
STIRKIT="$S" timeout -k 2 "$limit" "$PY" "$top/bench/acme_rate.py" "$DIR" "$tmp" "$secs" &
client=$!
wait "$client" || { st=$?; client=""; exit "$st"; }
client=""
kill -0 "$pid" 2>/dev/null || { echo "acme_rate: the server died: $(cat acme.err)" >&2; exit 1; }
