#!/bin/sh
# Cross-checks our TNAuthList decoding against an independent decoder:
# python3-pyasn1-modules' rfc8226 module. TNAuthLists come from two encoders
# (ours and the openssl CLI's ASN1_generate_nconf); both decoders must agree
# entry by entry on every one, and pyasn1 must accept what we encode.
set -eu

: "${STIRKIT:?}" "${STIR_SRCDIR:?}"
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import pyasn1_modules.rfc8226' 2>/dev/null; then PY=$p; break; fi
done
if [ -z "$PY" ]; then
    echo "pyasn1_oracle: no python3 with pyasn1_modules.rfc8226 (Debian: python3-pyasn1-modules)" >&2
    exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
# Our encoder: a spread of entry mixes.
while read -r entries; do
    n=$((n + 1))
    # shellcheck disable=SC2086
    "$STIRKIT" tnauth encode $entries >"$tmp/ours-$n.der"
done <<'EOF2'
spc:1234
one:12155551212
range:12155551000:1000
spc:1234 range:12155551000:1000 one:12155559999
one:*67 one:#31# one:0
range:0:2 range:99999999999998:2 range:100000000000000:899999999999999
spc:ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 spc:a-b_c.d spc:~
range:12125550000:65536 range:12125560000:128 range:12125570000:127 range:12125580000:255 range:12125590000:256
EOF2

# The openssl CLI's encoder (EXPLICIT tags), including a long list.
i=0
{
    echo "asn1 = SEQUENCE:tnal"
    echo "[tnal]"
    while [ $i -lt 300 ]; do
        i=$((i + 1))
        echo "e$i = EXPLICIT:1,SEQUENCE:r$i"
    done
    echo "s = EXPLICIT:0,IA5STRING:SPC42"
    i=0
    while [ $i -lt 300 ]; do
        i=$((i + 1))
        printf '[r%d]\nstart = IA5STRING:1%010d\ncount = INTEGER:%d\n' $i $((i * 1000)) $((i + 1))
    done
} >"$tmp/gen.cnf"
n=$((n + 1))
openssl asn1parse -genconf "$tmp/gen.cnf" -out "$tmp/openssl-$n.der" >/dev/null

fail=0
count=0
for f in "$tmp"/*.der; do
    count=$((count + 1))
    ours=$("$STIRKIT" tnauth decode --json "$f")
    theirs=$("$PY" - "$f" <<'PYEOF'
import json, sys
from pyasn1.codec.der.decoder import decode
from pyasn1_modules import rfc8226

der = open(sys.argv[1], "rb").read()
tnal, rest = decode(der, asn1Spec=rfc8226.TNAuthorizationList())
assert not rest, "trailing bytes"
out = []
for entry in tnal:
    name = entry.getName()
    value = entry.getComponent()
    if name == "range":
        out.append({"range": {"start": str(value["start"]), "count": int(value["count"])}})
    else:
        out.append({name: str(value)})
print(json.dumps({"tnauthlist": out}, separators=(",", ":")))
PYEOF
)
    if [ "$ours" != "$theirs" ]; then
        echo "FAIL $(basename "$f"): stirkit and pyasn1 disagree"
        echo "  stirkit: $ours"
        echo "  pyasn1:  $theirs"
        fail=$((fail + 1))
    fi
done
echo "$((count - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
