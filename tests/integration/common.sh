# Shell helpers shared by the integration tests (sourced, not run).

# wait_port FILE: prints the port on FILE's first line - a server's
# "listening on https://127.0.0.1:PORT/..." or a bare number - once it is
# there (up to 10 s); fails otherwise.
wait_port() {
    i=0
    while [ $i -lt 100 ]; do
        port=$(sed -n '1s/.*127\.0\.0\.1:\([0-9]*\).*/\1/p; 1s/^\([0-9][0-9]*\)$/\1/p' "$1" 2>/dev/null | head -n 1)
        [ -n "$port" ] && { echo "$port"; return 0; }
        i=$((i + 1))
        sleep 0.1
    done
    echo "no port in $1" >&2
    return 1
}

# usage WANT ARGS...: `$S ARGS...` must exit 2 with one line on stderr,
# "stirkit: ..." holding WANT. Counts with the caller's ok and bad.
usage() {
    want=$1
    shift
    rc=0
    err=$("$S" "$@" 2>&1 >/dev/null) || rc=$?
    if [ "$rc" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] &&
        printf '%s\n' "$err" | grep -q "^stirkit: .*$want"; then
        ok
    else
        bad "usage ($*): exit $rc: $err"
    fi
}
