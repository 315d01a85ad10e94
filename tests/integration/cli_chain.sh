#!/bin/sh
# Runs `stirkit chain check` on every case of the openssl-built PKI
# (testdata/mkpki.sh, listed in cases.tsv) and checks the exit status, the
# JSON code, and that a failure's detail names a certificate.
set -eu

: "${STIRKIT:?}" "${STIR_PKI_DIR:?}"
cd "$STIR_PKI_DIR"
AT=1767225600
pass=0
fail=0
tab=$(printf '\t')

while IFS="$tab" read -r name code status args; do
    case "$name" in ''|'#'*) continue ;; esac
    set --
    case " $args " in *" --trust "*) ;; *) set -- "$@" --trust root.pem ;; esac
    case " $args " in *" --at "*) ;; *) set -- "$@" --at "$AT" ;; esac
    # shellcheck disable=SC2086
    set -- "$@" --json $args "$name.pem"
    rc=0
    out=$("$STIRKIT" chain check "$@" 2>/dev/null) || rc=$?
    got=$(printf '%s\n' "$out" | sed -n 's/.*"code":"\([a-z_]*\)".*/\1/p')
    why=""
    [ "$rc" = "$status" ] || why="exit $rc, want $status"
    [ "$got" = "$code" ] || why="$why code '$got', want '$code'"
    if [ "$code" != ok ] && [ "$status" = 1 ]; then
        printf '%s\n' "$out" | grep -q '"detail":"certificate '"'" ||
            why="$why detail does not name a certificate"
    fi
    if [ -n "$why" ]; then
        echo "FAIL $name: $why"
        echo "     stirkit chain check $*"
        echo "     $out"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done < cases.tsv

# The text output shows the verdict and the reordered chain.
out=$("$STIRKIT" chain check --trust root.pem --at "$AT" reordered.pem)
printf '%s\n' "$out" | grep -q '^verdict: valid (ok)$' || { echo "FAIL text verdict"; fail=$((fail + 1)); }
printf '%s\n' "$out" | grep -q 'does not start with the leaf' || { echo "FAIL text order"; fail=$((fail + 1)); }

# leaf_first is reported.
"$STIRKIT" chain check --trust root.pem --at "$AT" --json good.pem | grep -q '"leaf_first":true' ||
    { echo "FAIL leaf_first true"; fail=$((fail + 1)); }
"$STIRKIT" chain check --trust root.pem --at "$AT" --json reordered.pem | grep -q '"leaf_first":false' ||
    { echo "FAIL leaf_first false"; fail=$((fail + 1)); }

# Usage errors exit 2 with a one-line reason.
check_usage() {
    want=$1; shift
    rc=0
    err=$("$STIRKIT" chain check "$@" 2>&1 >/dev/null) || rc=$?
    if [ "$rc" != 2 ] || ! printf '%s\n' "$err" | grep -q "$want"; then
        echo "FAIL usage ($*): exit $rc, stderr: $err"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
}
check_usage 'needs at least one --trust' good.pem
check_usage 'unknown SPC policy' --trust root.pem --spc-policy maybe good.pem
check_usage "holds 'x'" --trust root.pem --tn 12x4 good.pem
check_usage 'is not a time' --trust root.pem --at yesterday good.pem
check_usage 'cannot open' --trust root.pem no-such-file.pem
check_usage 'private key' --trust root.pem private-key-in-bundle.pem
check_usage 'trust.*private key' --trust private-key-in-bundle.pem good.pem

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
