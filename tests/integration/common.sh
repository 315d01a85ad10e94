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
