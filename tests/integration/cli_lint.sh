#!/bin/sh
# `stirkit chain lint` on every case testdata/mklint.sh lists in
# manifest.tsv (exit status and JSON), its text output, usage errors and
# --list-rules; then `stirkit x5u lint` against `stirkit x5u serve` (and a
# misconfigured HTTPS server) on 127.0.0.1 with a throwaway TLS
# certificate: status, Content-Type, Cache-Control, strict PEM, URL rules,
# and the chain behind the URL. The lint time is fixed.
set -eu

: "${STIRKIT:?}" "${STIR_LINT_DIR:?}"
S=$STIRKIT
L=$STIR_LINT_DIR
AT=1767225600
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
tab=$(printf '\t')

# ---- every manifest row, by exit status and JSON ------------------------------
while IFS="$tab" read -r file profile rule kind also; do
    case "$file" in ''|'#'*) continue ;; esac
    rc=0
    out=$("$S" chain lint --profile "$profile" --at "$AT" --json "$L/$file" 2>&1) || rc=$?
    case $kind in
    defect)
        want=0
        case "$rule,$also" in e_* | *,e_*) want=1 ;; esac
        case "$rc:$out" in
        "$want":'{"findings":['*"\"id\":\"$rule\""*'"summary":{"errors":'*) ok ;;
        *) bad "$file ($profile) $rule: exit $rc (want $want): $out" ;;
        esac
        ;;
    twin | clean)
        case "$rc:$out" in
        0:*"\"id\":\"$rule\""*) bad "$file ($profile): $rule fired on the $kind: $out" ;;
        0:*'"summary":{"errors":0,"warnings":0,'*) ok ;;
        *) bad "$file ($profile) $kind: exit $rc: $out" ;;
        esac
        ;;
    *) bad "manifest: unknown kind '$kind'" ;;
    esac
done <"$L/manifest.tsv"

# ---- text output: compiler-style lines and a summary ----------------------------
rc=0
out=$("$S" chain lint --profile shaken --at "$AT" "$L/delegate-good.pem") || rc=$?
B=$L/delegate-good.pem
[ "$rc" = 1 ] && ok || bad "text: exit $rc"
printf '%s\n' "$out" | grep -qxF "$B: cert 1 'CN=SHAKEN Lint SP CA 1234,O=Lint Telecom,C=US': error: e_atis_tnal_on_ca: the CA certificate carries a TNAuthList extension; SHAKEN root and intermediate certificates carry none [ATIS-1000080 v005 §6.4.1]" &&
    ok || bad "text: the SP CA line: $out"
printf '%s\n' "$out" | grep -q "^$B: cert 0 'CN=SHAKEN 1234,serialNumber=LINT-D1,O=Lint Customer,C=US': error: e_atis_tnal_not_one_spc: " &&
    ok || bad "text: the leaf line: $out"
[ "$(printf '%s\n' "$out" | tail -n 1)" = "$B: 2 errors, 0 warnings, 1 notice" ] && ok || bad "text: summary: $out"
out=$("$S" chain lint --profile shaken --at "$AT" "$L/shaken-good-noroot.pem")
printf '%s\n' "$out" | grep -q "^$L/shaken-good-noroot.pem: chain: notice: n_chain_root_absent: the chain ends at 'CN=SHAKEN Lint Intermediate CA,O=Lint STI-CA,C=US'" &&
    ok || bad "text: chain-level line: $out"
out=$("$S" chain lint --profile shaken --at "$AT" "$L/bundle-private-key.pem") || true
printf '%s\n' "$out" | grep -q "^$L/bundle-private-key.pem: cert 3: error: e_bundle_not_certificate: PEM block 4 is a private key" &&
    ok || bad "text: a block without subject: $out"

# JSON: the shape, with python's parser
out=$("$S" chain lint --profile delegate --at "$AT" --json "$L/d-not-encompassed.pem") || true
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert set(d) == {"findings", "summary"}, d
f = [x for x in d["findings"] if x["id"] == "e_rfc9060_not_encompassed"][0]
assert set(f) == {"id", "severity", "position", "subject", "source", "text"}, f
assert f["severity"] == "error" and f["position"] == 0 and f["source"] == "RFC 9060 §4", f
assert f["subject"] == "CN=SHAKEN 1234,serialNumber=LINT-D1,O=Lint Customer,C=US", f
assert "entry \x27one 12125551900\x27" in f["text"], f
assert d["summary"] == {"errors": 1, "warnings": 0, "notices": 1}, d
n = [x for x in d["findings"] if x["id"] == "n_chain_root_included"][0]
assert n["position"] == 3
' && ok || bad "json shape: $out"
out=$("$S" chain lint --profile shaken --at "$AT" --json "$L/chain-order.pem")
case "$out" in *'{"id":"w_chain_order","severity":"warning","position":-1,"subject":null,'*) ok ;;
*) bad "json chain-level finding: $out" ;; esac

# The lint time: the expired leaf was fine in February 2025.
rc=0
"$S" chain lint --profile shaken --at 1740000000 "$L/chain-expired.pem" >/dev/null || rc=$?
[ "$rc" = 0 ] && ok || bad "--at 1740000000: exit $rc"

# stdin
rc=0
out=$("$S" chain lint --profile shaken --at "$AT" - <"$L/shaken-good.pem") || rc=$?
case "$rc:$out" in "0:-: cert 2 "*"n_chain_root_included"*"-: 0 errors, 0 warnings, 1 notice") ok ;;
*) bad "stdin: exit $rc: $out" ;; esac

# ---- usage errors and unreadable input: exit 2, one line on stderr ---------------
. "$STIR_SRCDIR/tests/integration/common.sh"
echo "no certificate here" >"$tmp/text.pem"
usage "no PEM CERTIFICATE block found" chain lint --profile shaken "$tmp/text.pem"
usage "cannot open" chain lint --profile shaken "$tmp/missing.pem"
usage "needs --profile shaken or --profile delegate" chain lint "$L/shaken-good.pem"
usage "unknown lint profile 'atis'" chain lint --profile atis "$L/shaken-good.pem"
usage "takes one BUNDLE" chain lint --profile shaken
usage "unknown option, or one missing its value: '--bogus'" chain lint --bogus "$L/shaken-good.pem"
usage "is not a time" chain lint --profile shaken --at yesterday "$L/shaken-good.pem"
usage "takes one URL" x5u lint
usage "--allow-port: '0' is not a number from 1 to 65535" x5u lint --allow-port 0 https://127.0.0.1/x.pem
usage "is not an IP address" x5u lint --allow-address localhost https://127.0.0.1/x.pem
usage "is not a URL" x5u lint 'not a url'
"$S" chain lint --help | grep -q '^usage: stirkit chain lint --profile shaken|delegate' && ok || bad "chain lint --help"
"$S" x5u lint --help | grep -q '^usage: stirkit x5u lint URL' && ok || bad "x5u lint --help"

# ---- the rule catalogue ----------------------------------------------------------
n_cli=$("$S" chain lint --list-rules | wc -l)
n_doc=0
[ -n "${STIR_SRCDIR-}" ] && n_doc=$(grep -c '^| `[enw]_' "$STIR_SRCDIR/testdata/lint-rules.md")
[ -z "${STIR_SRCDIR-}" ] || [ "$n_cli" = "$n_doc" ] && ok || bad "--list-rules: $n_cli rules, lint-rules.md $n_doc"
"$S" chain lint --list-rules --profile delegate --json | python3 -c '
import json, sys
r = json.load(sys.stdin)["rules"]
assert all("delegate" in x["profiles"] for x in r)
assert not any(x["id"].startswith("e_atis") for x in r)
assert {"e_rfc9060_not_encompassed", "e_chain_leaf_not_first"} <= {x["id"] for x in r}
' && ok || bad "--list-rules --profile delegate --json"

# ---- stirkit x5u lint over TLS on loopback -------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/tls.key" \
    -out "$tmp/tls.crt" -subj /CN=localhost -days 2 \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
www=$tmp/www
mkdir "$www"
cp "$L/shaken-good.pem" "$L/delegate-good.pem" "$L/chain-leaf-not-first.pem" "$www/"
{ echo "subject=CN=SHAKEN 1234"; cat "$L/shaken-good.pem"; } >"$www/explained.pem"


"$S" x5u serve --root "$www" --listen 127.0.0.1:0 --tls-cert "$tmp/tls.crt" --tls-key "$tmp/tls.key" \
    >"$tmp/host.out" 2>"$tmp/host.err" &
pids="$pids $!"
HOST=$(wait_port "$tmp/host.out")
"$S" x5u serve --root "$www" --listen 127.0.0.1:0 --tls-cert "$tmp/tls.crt" --tls-key "$tmp/tls.key" \
    --max-age 60 >"$tmp/short.out" 2>"$tmp/short.err" &
pids="$pids $!"
SHORT=$(wait_port "$tmp/short.out")
# A server that answers text/plain without Cache-Control.
python3 - "$tmp/tls.crt" "$tmp/tls.key" "$www" >"$tmp/plain.out" <<'EOF' &
import http.server, os, ssl, sys

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            body = open(os.path.join(sys.argv[3], os.path.basename(self.path)), "rb").read()
        except OSError:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = ctx.wrap_socket(server.socket, server_side=True)
print(server.server_port, flush=True)
server.serve_forever()
EOF
pids="$pids $!"
PLAIN=$(wait_port "$tmp/plain.out")

# x5u NAME WANT_EXIT URL [options] -> $out (stdout and stderr)
x5u() {
    name=$1 want=$2 url=$3
    shift 3
    rc=0
    out=$("$S" x5u lint "$url" --allow-address 127.0.0.1 --allow-port "$HOST" \
        --allow-port "$SHORT" --allow-port "$PLAIN" --tls-ca "$tmp/tls.crt" --at "$AT" "$@" 2>&1) ||
        rc=$?
    [ "$rc" = "$want" ] || { bad "x5u $name: exit $rc, want $want: $out"; return 1; }
}
has() { # NAME TEXT: $out holds TEXT
    case "$out" in *"$2"*) ok ;; *) bad "x5u $1: no '$2' in: $out" ;; esac
}
hasnt() {
    case "$out" in *"$2"*) bad "x5u $1: '$2' in: $out" ;; *) ok ;; esac
}

U=https://127.0.0.1:$HOST
if x5u good 0 "$U/shaken-good.pem"; then
    has good "$U/shaken-good.pem: x5u: warning: w_x5u_url_port: URL '$U/shaken-good.pem' uses port $HOST, which is not allowed; verifiers should fetch x5u only from port 443 or 8443 [ATIS-1000074]"
    has good "$U/shaken-good.pem: cert 2 'CN=SHAKEN Lint Root CA,O=Lint STI-PA,C=US': notice: n_chain_root_included:"
    has good "$U/shaken-good.pem: 0 errors, 1 warning, 1 notice"
    hasnt good "w_x5u_content_type"
    hasnt good "w_x5u_cache"
fi
if x5u good-json 0 "$U/shaken-good.pem" --json; then
    printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert [x["id"] for x in d["findings"]] == ["n_chain_root_included", "w_x5u_url_port"], d
assert d["findings"][1]["position"] == -1 and d["findings"][1]["subject"] is None
assert d["summary"] == {"errors": 0, "warnings": 1, "notices": 1}
' && ok || bad "x5u good json: $out"
fi
x5u leaf-not-first 1 "$U/chain-leaf-not-first.pem" &&
    has leaf-not-first "$U/chain-leaf-not-first.pem: chain: error: e_chain_leaf_not_first: the file starts with 'CN=SHAKEN Lint Intermediate CA"
# stirkit's own host refuses to publish text outside the blocks; a plain server does not.
x5u explanatory-text-host 1 "$U/explained.pem" &&
    has explanatory-text-host "x5u: error: e_x5u_status: the server answered HTTP 404"
x5u explanatory-text 1 "https://127.0.0.1:$PLAIN/explained.pem" &&
    has explanatory-text "x5u: error: e_x5u_pem_not_strict: the body is not strict PEM: line 1 is text outside the PEM blocks ('subject=CN=SHAKEN 1234')"
x5u 404 1 "$U/missing.pem" && has 404 "x5u: error: e_x5u_status: the server answered HTTP 404" &&
    hasnt 404 "e_x5u_body_not_chain"
x5u max-age 0 "https://127.0.0.1:$SHORT/shaken-good.pem" &&
    has max-age "x5u: warning: w_x5u_cache_max_age: Cache-Control 'public, max-age=60' allows caching for 60 seconds, less than a day (86400)"
if x5u plain 0 "https://127.0.0.1:$PLAIN/shaken-good.pem"; then
    has plain "x5u: warning: w_x5u_content_type: the Content-Type is 'text/plain'; an x5u chain is served as application/pem-certificate-chain"
    has plain "x5u: warning: w_x5u_cache_control_missing: the response has no Cache-Control"
fi
x5u delegate 0 "$U/delegate-good.pem" --profile delegate && hasnt delegate ": error: "
x5u delegate-as-shaken 1 "$U/delegate-good.pem" && has delegate-as-shaken "error: e_atis_tnal_on_ca:"
x5u http 1 "http://127.0.0.1:$HOST/shaken-good.pem" &&
    has http "x5u: error: e_x5u_url: URL 'http://127.0.0.1:$HOST/shaken-good.pem' is not https; verifiers dereference only https URLs" &&
    hasnt http "w_x5u_url_port"
x5u query 1 "$U/shaken-good.pem?x=1" && has query "carries a query, which is not allowed"
# Fetch failures cannot be judged: exit 2, one line.
x5u refused-port 2 "https://127.0.0.1:9/shaken-good.pem" && has refused-port "stirkit: x5u lint: "
rc=0
out=$("$S" x5u lint "$U/shaken-good.pem" --allow-port "$HOST" --tls-ca "$tmp/tls.crt" 2>&1) || rc=$?
case "$rc:$out" in "2:stirkit: x5u lint: "*"special-purpose address"*) ok ;;
*) bad "x5u special-purpose address: exit $rc: $out" ;; esac
rc=0
out=$("$S" x5u lint "$U/shaken-good.pem" --allow-address 127.0.0.1 --allow-port "$HOST" 2>&1) || rc=$?
case "$rc:$out" in "2:stirkit: x5u lint: fetching"*) ok ;; *) bad "x5u untrusted TLS: exit $rc: $out" ;; esac

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
