#!/bin/sh
# mkpki.sh OUTDIR
#
# Builds the test delegate-certificate PKIs used by the stirkit
# "chain check" tests, with the openssl command-line tool only.
#
# Output (all under OUTDIR, which is created if missing):
#   root.pem          the main trust anchor (self-signed, no TNAuthList)
#   other-root.pem    a different root with the SAME subject DN as root.pem
#   other-root2.pem   an unrelated root with a different subject DN
#   NAME.pem          the certificate bundle for test case NAME
#   cases.tsv         name <TAB> expected_code <TAB> expected_exit <TAB> args
#   certs/            every individual certificate (PEM)
#   keys/             the private keys (one per role, EC P-256)
#   README            what all this is
#
# All validity dates are fixed (default 20250101000000Z..20350101000000Z);
# the tests check at 1767225600 (2026-01-01T00:00:00Z). Everything except the
# key material (and so the signatures, key identifiers) is deterministic.
#
# The script writes only under OUTDIR (the openssl "ca" database and the
# generated configuration files live in OUTDIR/.work, removed on success),
# so it runs from any working directory and from a read-only source tree.
# It is silent on success; when an openssl command fails its output is shown.

set -eu

PROG=mkpki.sh
. "$(dirname "$0")/pkiwork.sh"
echo 1000 >"$WORK/serial"

DEF_START=20250101000000Z
DEF_END=20350101000000Z

# ---------------------------------------------------------------------------
# Keys: one per role. Every issuer/subject pair below uses two different roles.
for role in root other-root other-root2 shaken ca sub dept leaf; do
    run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
        -out "$KEYS/$role.key"
    # The subject of a CSR is replaced by "ca -subj", so one CSR per key will do.
    run openssl req -new -config "$OPENSSL_CONF" -key "$KEYS/$role.key" \
        -subj "/CN=$role" -out "$WORK/$role.csr"
done

# mkcert NAME ISSUER ROLE KIND START END DN [TNENTRY...]
#   NAME    certificate file name: certs/NAME.pem
#   ISSUER  name of the issuing certificate, or "self" for a root
#   ROLE    key role (keys/ROLE.key); must differ from the issuer's
#   KIND    ca  (critical CA:TRUE, critical keyCertSign,cRLSign) or
#           ee  (critical CA:FALSE, critical digitalSignature)
#   START, END  validity, YYYYMMDDHHMMSSZ ("-" for the defaults)
#   DN      subject, /C=../O=../CN=..
#   TNENTRY TNAuthList entries, in order; none = no TNAuthList extension:
#           spc:CODE  range:START:COUNT  one:TN
#           implicit-one:TN   (malformed: IMPLICIT [2] instead of EXPLICIT)
#           critical          (first: mark the TNAuthList extension critical)
mkcert() {
    name=$1 issuer=$2 role=$3 kind=$4 start=$5 end=$6 dn=$7
    shift 7
    [ "$start" = - ] && start=$DEF_START
    [ "$end" = - ] && end=$DEF_END
    ext=$WORK/ext/$name.cnf
    {
        echo "[ ext ]"
        echo "subjectKeyIdentifier = hash"
        if [ "$issuer" != self ]; then
            echo "authorityKeyIdentifier = keyid:always"
        fi
        case $kind in
        ca)
            echo "basicConstraints = critical, CA:TRUE"
            echo "keyUsage = critical, keyCertSign, cRLSign"
            ;;
        ee)
            echo "basicConstraints = critical, CA:FALSE"
            echo "keyUsage = critical, digitalSignature"
            ;;
        *) die "mkcert $name: bad kind $kind" ;;
        esac
        crit=
        if [ "${1-}" = critical ]; then
            crit="critical, "
            shift
        fi
        if [ $# -gt 0 ]; then
            echo "1.3.6.1.5.5.7.1.26 = ${crit}ASN1:SEQUENCE:tnal_$name"
            echo "[ tnal_$name ]"
            i=0
            ranges=
            for e in "$@"; do
                i=$((i + 1))
                typ=${e%%:*}
                val=${e#*:}
                case $typ in
                spc) echo "e$i = EXPLICIT:0,IA5STRING:$val" ;;
                one) echo "e$i = EXPLICIT:2,IA5STRING:$val" ;;
                implicit-one) echo "e$i = IMPLICIT:2,IA5STRING:$val" ;;
                range)
                    echo "e$i = EXPLICIT:1,SEQUENCE:rng_${name}_$i"
                    ranges="$ranges
[ rng_${name}_$i ]
start = IA5STRING:${val%%:*}
count = INTEGER:${val#*:}"
                    ;;
                *) die "mkcert $name: bad TNAuthList entry $e" ;;
                esac
            done
            echo "$ranges"
        fi
    } >"$ext"

    if [ "$issuer" = self ]; then
        set -- -selfsign -keyfile "$KEYS/$role.key"
    else
        read -r irole <"$WORK/role/$issuer"
        [ "$irole" != "$role" ] || die "mkcert $name: same key role as issuer $issuer"
        set -- -cert "$CERTS/$issuer.pem" -keyfile "$KEYS/$irole.key"
    fi
    run openssl ca -config "$OPENSSL_CONF" -batch -notext -md sha256 \
        -startdate "$start" -enddate "$end" \
        -subj "$dn" -in "$WORK/$role.csr" "$@" \
        -extfile "$ext" -extensions ext -out "$CERTS/$name.pem"
    echo "$role" >"$WORK/role/$name"
}

# bundle CASE CERT...: OUTDIR/CASE.pem = the given certificates, in order.
bundle() {
    b=$1
    shift
    for c in "$@"; do
        cat "$CERTS/$c.pem"
    done >"$OUT/$b.pem"
}

# ---------------------------------------------------------------------------
# Roots
mkcert root self root ca - - "/C=US/O=Demo Root/CN=Demo STIR Root"
mkcert other-root self other-root ca - - "/C=US/O=Demo Root/CN=Demo STIR Root"
mkcert other-root2 self other-root2 ca - - "/C=US/O=Other Root/CN=Other STIR Root"
for r in root other-root other-root2; do
    cp "$CERTS/$r.pem" "$OUT/$r.pem"
done

# Main hierarchy
mkcert carrier root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier CA" \
    range:12125550000:10000
mkcert enterprise carrier sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise CA" \
    range:12125551800:100
mkcert leaf enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125551824" \
    one:12125551824

# Leaves under the main enterprise CA, each with one defect (or none)
mkcert leaf-1900 enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125551900" \
    one:12125551900
mkcert leaf-10digit enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 2125551824" \
    one:2125551824
mkcert leaf-notnal enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf Without TNAuthList"
mkcert leaf-future enterprise leaf ee 20300101000000Z - \
    "/C=US/O=Demo Enterprise/CN=Demo Leaf Not Yet Valid" one:12125551824
mkcert leaf-critical enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf Critical TNAuthList" \
    critical one:12125551824
mkcert leaf-second enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125551825" \
    one:12125551825
mkcert leaf-implicit enterprise leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf Malformed TNAuthList" \
    implicit-one:12125551824

# Enterprise CA valid from 2024, for the expired leaf
mkcert enterprise-legacy carrier sub ca 20240101000000Z - \
    "/C=US/O=Demo Enterprise/CN=Demo Enterprise Legacy CA" range:12125551800:100
mkcert leaf-expired enterprise-legacy leaf ee 20240101000000Z 20250601000000Z \
    "/C=US/O=Demo Enterprise/CN=Demo Leaf Expired" one:12125551824

# Enterprise CA running past the carrier's block
mkcert enterprise-wide carrier sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Wide CA" \
    range:12125559950:100
mkcert leaf-9960 enterprise-wide leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125559960" \
    one:12125559960

# Enterprise CAs ending exactly at / one past the carrier's last number
mkcert enterprise-edge carrier sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Edge CA" \
    range:12125559900:100
mkcert leaf-9999 enterprise-edge leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125559999" \
    one:12125559999
mkcert enterprise-edge2 carrier sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Edge CA 2" \
    range:12125559901:100
mkcert leaf-9901 enterprise-edge2 leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125559901" \
    one:12125559901

# Enterprise CA with a malformed (IMPLICIT [2]) TNAuthList
mkcert enterprise-implicit carrier sub ca - - \
    "/C=US/O=Demo Enterprise/CN=Demo Enterprise Malformed CA" implicit-one:12125551824
mkcert leaf-under-implicit enterprise-implicit leaf ee - - \
    "/C=US/O=Demo Enterprise/CN=Demo Leaf Under Malformed CA" one:12125551824

# "Enterprise" end-entity certificate (CA:FALSE) used as an issuer
mkcert enterprise-noca carrier sub ee - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Not A CA" \
    range:12125551800:100
mkcert leaf-under-noca enterprise-noca leaf ee - - \
    "/C=US/O=Demo Enterprise/CN=Demo Leaf Under Non-CA" one:12125551824

# Department CAs (three levels of delegation)
mkcert dept enterprise dept ca - - "/C=US/O=Demo Enterprise/CN=Demo Department CA" \
    range:12125551820:10
mkcert leaf-dept dept leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Department Leaf 12125551824" \
    one:12125551824
mkcert dept-bad enterprise dept ca - - "/C=US/O=Demo Enterprise/CN=Demo Department Wide CA" \
    range:12125551890:20
mkcert leaf-dept-bad dept-bad leaf ee - - \
    "/C=US/O=Demo Enterprise/CN=Demo Department Leaf 12125551895" one:12125551895

# Additive: two abutting carrier ranges, enterprise spanning both
mkcert carrier2 root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier Two-Range CA" \
    range:12125550000:5000 range:12125555000:5000
mkcert enterprise2 carrier2 sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Spanning CA" \
    range:12125554900:200
mkcert leaf-4950 enterprise2 leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125554950" \
    one:12125554950

# Gap: carrier ranges leave 12125554900..12125554999 uncovered
mkcert carrier3 root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier Gap CA" \
    range:12125550000:4900 range:12125555000:5000
mkcert enterprise3 carrier3 sub ca - - "/C=US/O=Demo Enterprise/CN=Demo Enterprise Over Gap CA" \
    range:12125554900:200
mkcert leaf-5050 enterprise3 leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125555050" \
    one:12125555050

# Two single numbers covering a range of two
mkcert ones-ca root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier Two-Number CA" \
    one:12125551212 one:12125551213
mkcert leaf-range1212 ones-ca leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125551212 Count 2" \
    range:12125551212:2

# Parent listing its ranges out of numeric order
mkcert reversed-ca root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier Reversed Ranges CA" \
    range:12125555000:5000 range:12125550000:5000
mkcert leaf-range4990 reversed-ca leaf ee - - "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125554990 Count 20" \
    range:12125554990:20

# SPC carrier
mkcert carrier-spc root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier SPC CA" spc:1234
mkcert enterprise-spc carrier-spc sub ca - - \
    "/C=US/O=Demo Enterprise/CN=Demo Enterprise Under SPC CA" range:12125551800:100
mkcert leaf-under-spc enterprise-spc leaf ee - - \
    "/C=US/O=Demo Enterprise/CN=Demo Leaf 12125551824 Under SPC" one:12125551824
mkcert leaf-spc1234 carrier-spc leaf ee - - "/C=US/O=Demo Carrier/CN=Demo Leaf SPC 1234" spc:1234
mkcert leaf-spc5678 carrier-spc leaf ee - - "/C=US/O=Demo Carrier/CN=Demo Leaf SPC 5678" spc:5678
mkcert leaf-spc-under-tn carrier leaf ee - - "/C=US/O=Demo Carrier/CN=Demo Leaf SPC 1234 Under TN CA" \
    spc:1234

# Mixed spc + range
mkcert mixed-ca root ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier Mixed CA" \
    spc:1234 range:12125551000:10
mkcert leaf-mixed mixed-ca leaf ee - - "/C=US/O=Demo Carrier/CN=Demo Leaf Mixed" \
    spc:1234 one:12125551005

# SHAKEN-style intermediate without TNAuthList
mkcert shaken-int root shaken ca - - "/C=US/O=Demo SHAKEN/CN=Demo SHAKEN Intermediate CA"
mkcert carrier-spc-s shaken-int ca ca - - "/C=US/O=Demo Carrier/CN=Demo Carrier SPC CA Via SHAKEN" \
    spc:1234
mkcert leaf-spc-s carrier-spc-s leaf ee - - "/C=US/O=Demo Carrier/CN=Demo Leaf SPC 1234 Via SHAKEN" \
    spc:1234

# Bad signature: the main leaf with the last bit of its signature flipped.
# The last byte of the DER is the last byte of the ECDSA "s" INTEGER, so
# flipping its low bit keeps the DER well-formed.
run openssl x509 -in "$CERTS/leaf.pem" -outform DER -out "$WORK/leaf.der"
n=$(wc -c <"$WORK/leaf.der")
n=$((n + 0))
last=$(od -An -tu1 -v -j $((n - 1)) -N 1 "$WORK/leaf.der" | tr -d ' \n')
[ -n "$last" ] || die "cannot read the last byte of the leaf DER"
run dd if="$WORK/leaf.der" of="$WORK/badsig.der" bs=$((n - 1)) count=1
# shellcheck disable=SC2059
printf "\\$(printf '%03o' $((last ^ 1)))" >>"$WORK/badsig.der"
[ "$(wc -c <"$WORK/badsig.der")" -eq "$n" ] || die "bad-signature DER has the wrong size"
run openssl x509 -inform DER -in "$WORK/badsig.der" -outform PEM -out "$CERTS/leaf-badsig.pem"
echo leaf >"$WORK/role/leaf-badsig"

# ---------------------------------------------------------------------------
# Bundles and cases
CASES=$OUT/cases.tsv
: >"$CASES"

# addcase NAME CODE EXIT "COMMENT" [ARGS]
addcase() {
    printf '# %s\n%s\t%s\t%s\t%s\n' "$4" "$1" "$2" "$3" "${5-}" >>"$CASES"
}

cat >>"$CASES" <<'EOF'
# stirkit chain check test cases, generated by mkpki.sh.
# Columns (TAB-separated): name, expected_code, expected_exit, extra args.
# Bundle: NAME.pem. Run as: stirkit chain check --trust root.pem --at 1767225600
# --json ARGS NAME.pem, where a --trust or --at in ARGS replaces the default one.
EOF

bundle good leaf enterprise carrier
addcase good ok 0 "leaf 12125551824 < enterprise 12125551800+100 < carrier 12125550000+10000"

bundle good-with-root leaf enterprise carrier root
addcase good-with-root ok 0 "good chain with the trusted root included"

bundle reordered carrier leaf enterprise
addcase reordered ok 0 "good chain shuffled: carrier, leaf, enterprise"

bundle reordered-root-first root enterprise carrier leaf
addcase reordered-root-first ok 0 "good chain shuffled: root, enterprise, carrier, leaf"

bundle tn-in-scope leaf enterprise carrier
addcase tn-in-scope ok 0 "good chain, --tn in the leaf's TNAuthList (formatted)" \
    "--tn +1-212-555-1824"

bundle tn-dotted leaf enterprise carrier
addcase tn-dotted ok 0 "good chain, --tn with dots" "--tn 1.212.555.1824"

bundle tn-out-of-scope leaf enterprise carrier
addcase tn-out-of-scope tn_not_authorized 1 "good chain, --tn not in the leaf's TNAuthList" \
    "--tn 12125551825"

bundle leaf-out-of-scope leaf-1900 enterprise carrier
addcase leaf-out-of-scope not_encompassed 1 "leaf 12125551900 outside enterprise 12125551800..1899"

bundle enterprise-out-of-scope leaf-9960 enterprise-wide carrier
addcase enterprise-out-of-scope not_encompassed 1 \
    "enterprise 12125559950+100 runs past carrier's 12125559999"

bundle edge-exact leaf-9999 enterprise-edge carrier
addcase edge-exact ok 0 "enterprise 12125559900+100 ends exactly at carrier's last number"

bundle edge-off-by-one leaf-9901 enterprise-edge2 carrier
addcase edge-off-by-one not_encompassed 1 \
    "enterprise 12125559901+100 ends one past carrier's last number"

bundle additive leaf-4950 enterprise2 carrier2
addcase additive ok 0 \
    "enterprise 12125554900+200 spans carrier's abutting ranges 12125550000+5000 and 12125555000+5000"

bundle gap leaf-5050 enterprise3 carrier3
addcase gap not_encompassed 1 \
    "enterprise 12125554900+200 over carrier's gap 12125554900..4999"

bundle two-ones leaf-range1212 ones-ca
addcase two-ones ok 0 "leaf range 12125551212+2 covered by parent's two single numbers"

bundle tn-range-leaf leaf-range1212 ones-ca
addcase tn-range-leaf ok 0 "two-ones chain, --tn inside the leaf's range" "--tn 12125551213"

bundle tn-range-leaf-out leaf-range1212 ones-ca
addcase tn-range-leaf-out tn_not_authorized 1 "two-ones chain, --tn just past the leaf's range" \
    "--tn 12125551214"

bundle length-mismatch leaf-10digit enterprise carrier
addcase length-mismatch not_encompassed 1 \
    "leaf 2125551824 (10 digits) vs enterprise 12125551800+100 (11 digits)"

bundle reversed-range-order leaf-range4990 reversed-ca
addcase reversed-range-order ok 0 \
    "parent lists 12125555000+5000 before 12125550000+5000; leaf 12125554990+20 spans both"

bundle spc-parent-tn-child leaf-under-spc enterprise-spc carrier-spc
addcase spc-parent-tn-child ok 0 \
    "carrier spc 1234 > enterprise range: allowed by the default --spc-policy trust-issuer"

bundle spc-parent-tn-child-reject leaf-under-spc enterprise-spc carrier-spc
addcase spc-parent-tn-child-reject not_encompassed 1 \
    "same chain as spc-parent-tn-child with --spc-policy reject" "--spc-policy reject"

bundle tn-parent-spc-child leaf-spc-under-tn carrier
addcase tn-parent-spc-child not_encompassed 1 "carrier with only a range > leaf spc 1234"

bundle spc-same leaf-spc1234 carrier-spc
addcase spc-same ok 0 "carrier spc 1234 > leaf spc 1234"

bundle tn-spc-leaf leaf-spc1234 carrier-spc
addcase tn-spc-leaf ok 0 "spc-only leaf, --tn decided by the default policy trust-issuer" \
    "--tn 12125551824"

bundle tn-spc-leaf-reject leaf-spc1234 carrier-spc
addcase tn-spc-leaf-reject tn_not_authorized 1 "spc-only leaf, --tn with --spc-policy reject" \
    "--spc-policy reject --tn 12125551824"

bundle spc-different leaf-spc5678 carrier-spc
addcase spc-different not_encompassed 1 "carrier spc 1234 > leaf spc 5678"

bundle spc-mixed leaf-mixed mixed-ca
addcase spc-mixed ok 0 "parent spc 1234 + 12125551000+10 > leaf spc 1234 + one 12125551005"

bundle shaken-intermediate leaf-spc-s carrier-spc-s shaken-int
addcase shaken-intermediate ok 0 \
    "root > intermediate without TNAuthList > carrier spc 1234 > leaf spc 1234"

bundle three-level leaf-dept dept enterprise carrier
addcase three-level ok 0 "carrier > enterprise > department 12125551820+10 > leaf 12125551824"

bundle three-level-bad leaf-dept-bad dept-bad enterprise carrier
addcase three-level-bad not_encompassed 1 \
    "department 12125551890+20 runs past enterprise's 12125551899"

bundle missing-intermediate leaf carrier
addcase missing-intermediate issuer_not_found 1 "leaf and carrier, enterprise CA missing"

bundle leaf-only leaf
addcase leaf-only issuer_not_found 1 "just the leaf"

bundle no-tnauthlist-leaf leaf-notnal enterprise carrier
addcase no-tnauthlist-leaf no_tnauthlist 1 "leaf without TNAuthList"

bundle expired-leaf leaf-expired enterprise-legacy carrier
addcase expired-leaf path_invalid 1 "leaf valid 20240101..20250601, checked in 2026"

bundle expired-leaf-at-past leaf-expired enterprise-legacy carrier
addcase expired-leaf-at-past ok 0 "expired-leaf chain checked at 2025-02-19 (1740000000)" \
    "--at 1740000000"

bundle not-yet-valid leaf-future enterprise carrier
addcase not-yet-valid path_invalid 1 "leaf valid from 20300101"

bundle not-yet-valid-at-future leaf-future enterprise carrier
addcase not-yet-valid-at-future ok 0 "not-yet-valid chain checked at 2030-03-17 (1900000000)" \
    "--at 1900000000"

bundle untrusted-root leaf enterprise carrier
addcase untrusted-root issuer_not_found 1 \
    "good chain, trusting another root with root's DN but another key (AKID mismatch)" \
    "--trust other-root.pem"

bundle untrusted-root-in-bundle leaf enterprise carrier root
addcase untrusted-root-in-bundle path_invalid 1 \
    "good chain ending in its self-signed root, trusting an unrelated root" \
    "--trust other-root2.pem"

bundle untrusted-root-same-dn-in-bundle leaf enterprise carrier root
addcase untrusted-root-same-dn-in-bundle path_invalid 1 \
    "good chain ending in its self-signed root, trusting a root with the same DN but another key" \
    "--trust other-root.pem"

bundle bad-signature leaf-badsig enterprise carrier
addcase bad-signature path_invalid 1 "leaf with one bit of its signature flipped"

bundle malformed-tnauthlist leaf-implicit enterprise carrier
addcase malformed-tnauthlist malformed 1 "leaf TNAuthList uses IMPLICIT [2] (primitive 0x82)"

bundle malformed-intermediate leaf-under-implicit enterprise-implicit carrier
addcase malformed-intermediate malformed 1 \
    "enterprise CA TNAuthList uses IMPLICIT [2]; leaf is well-formed"

bundle private-key-in-bundle leaf enterprise carrier
cat "$KEYS/leaf.key" >>"$OUT/private-key-in-bundle.pem"
addcase private-key-in-bundle malformed 2 "good chain with the leaf's private key appended"

echo "this file holds no certificate" >"$OUT/empty-bundle.pem"
addcase empty-bundle malformed 2 "a line of text, no certificate"

bundle leaf-ca-false-issuer leaf-under-noca enterprise-noca carrier
addcase leaf-ca-false-issuer path_invalid 1 \
    "leaf issued by an end-entity certificate (CA:FALSE, digitalSignature)"

bundle critical-tnauthlist leaf-critical enterprise carrier
addcase critical-tnauthlist ok 0 "leaf whose TNAuthList extension is marked critical"

bundle trusted-intermediate leaf enterprise
addcase trusted-intermediate ok 0 "leaf and enterprise, trusting the carrier CA directly" \
    "--trust certs/carrier.pem"

bundle trusted-intermediate-out-of-scope leaf-9960 enterprise-wide
addcase trusted-intermediate-out-of-scope not_encompassed 1 \
    "enterprise past the trusted carrier anchor's range: the anchor's TNAuthList limits too" \
    "--trust certs/carrier.pem"

bundle two-leaves leaf leaf-second enterprise carrier
addcase two-leaves malformed 2 "two end-entity certificates in one bundle"

bundle duplicate-leaf leaf enterprise leaf carrier
addcase duplicate-leaf ok 0 "the leaf appears twice: a repeat counts once"

bundle duplicate-intermediate leaf enterprise enterprise carrier
addcase duplicate-intermediate ok 0 "the enterprise CA appears twice"

# ---------------------------------------------------------------------------
cat >"$OUT/README" <<'EOF'
Test delegate-certificate PKIs for "stirkit chain check" (STIR TNAuthList,
RFC 8226 / RFC 9060), generated by testdata/mkpki.sh with the openssl
command-line tool only; do not edit, re-run the script instead. root.pem is
the main trust anchor (self-signed, no TNAuthList); other-root.pem (same DN
as root.pem, different key) and other-root2.pem (different DN) are
alternative anchors for negative cases. Each NAME.pem is the PEM certificate
bundle of test case NAME (leaf first unless the case says otherwise), and
cases.tsv lists every case as name, expected_code, expected_exit and extra
arguments, TAB-separated; certs/ holds each certificate and keys/ the EC P-256
private keys. All keys are EC P-256 and all signatures ecdsa-with-SHA256;
certificates are valid from 20250101000000Z to 20350101000000Z unless a case
needs other dates (expired: 20240101000000Z to 20250601000000Z, not yet
valid: from 20300101000000Z), and the tests check at time 1767225600
(2026-01-01T00:00:00Z) unless a case passes its own --at.
EOF

cd "$OUT"
rm -rf "$WORK"
exit 0
