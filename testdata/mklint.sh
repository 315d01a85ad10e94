#!/bin/sh
# mklint.sh OUTDIR
#
# Builds the certificates and bundles the "stirkit chain lint" tests read:
# a compliant SHAKEN chain (ATIS-1000080 v005), a compliant RFC 9060
# delegate chain, and for every lint rule a bundle with exactly that one
# defect next to a compliant twin. openssl command-line tool only (plus
# od, sed and printf to patch a few bytes before re-signing).
#
# Output (under OUTDIR, created if missing):
#   NAME.pem       the bundle of case NAME, leaf first unless the case says
#   manifest.tsv   one line per check, TAB-separated:
#                    file  profile  rule  kind  also
#                  kind: defect (rule fires), twin (rule does not fire and
#                  the file lints clean: no error, no warning) or clean (no
#                  error, no warning; rule is "-"); also: ids that may fire
#                  besides rule on a defect file, comma-separated, or "-"
#   certs/         every certificate (PEM); keys/ every private key
#   README         what all this is
#
# Dates are fixed: 20240101000000Z..20340101000000Z unless a case needs
# others; the tests lint at 1767225600 (2026-01-01T00:00:00Z). Serial
# numbers are fixed too; keys, and so signatures and key identifiers, are
# fresh on every run. Writes only under OUTDIR; silent on success.

set -eu

PROG=mklint.sh
. "$(dirname "$0")/pkiwork.sh"
mkdir "$WORK/signer"

START=20240101000000Z
END=20340101000000Z
SHAKEN_CP=2.16.840.1.114569.1.1.3
SERIAL_N=0

# newkey ROLE TYPE: keys/ROLE.key (ec256, ec384 or rsa) and a CSR for it.
newkey() {
    case $2 in
    ec256) run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$KEYS/$1.key" ;;
    ec384) run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$KEYS/$1.key" ;;
    rsa) run openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/$1.key" ;;
    *) die "newkey $1: bad type $2" ;;
    esac
    run openssl req -new -config "$OPENSSL_CONF" -key "$KEYS/$1.key" -subj "/CN=$1" \
        -out "$WORK/$1.csr"
}

# tnal_section NAME ENTRIES: the ASN1 sections of a TNAuthList, entries
# spc:CODE range:START:COUNT one:TN implicit-spc:CODE (malformed IMPLICIT).
tnal_section() {
    echo "[ tnal_$1 ]"
    i=0
    ranges=
    for e in $2; do
        i=$((i + 1))
        val=${e#*:}
        case ${e%%:*} in
        spc) echo "e$i = EXPLICIT:0,IA5STRING:$val" ;;
        one) echo "e$i = EXPLICIT:2,IA5STRING:$val" ;;
        implicit-spc) echo "e$i = IMPLICIT:0,IA5STRING:$val" ;;
        range)
            echo "e$i = EXPLICIT:1,SEQUENCE:rng_$1_$i"
            ranges="$ranges
[ rng_$1_$i ]
start = IA5STRING:${val%%:*}
count = INTEGER:${val#*:}"
            ;;
        *) die "tnal $1: bad entry $e" ;;
        esac
    done
    echo "$ranges"
}

# mkcert NAME ISSUER ROLE KIND [key=value ...]
#   NAME   certs/NAME.pem;  ISSUER: a certificate NAME, or "self"
#   ROLE   the key (keys/ROLE.key);  KIND: root, ca or ee (SHAKEN shape)
#   options: dn=/C=../O=../CN=..  start= end= (YYYYMMDDHHMMSSZ)  serial=HEX
#     md=sha256|sha384  tnal="ENTRY ..."  and, to replace one extension
#     line of the shape ("-" drops it): skid= akid= bc= ku= cp= crldp=;
#     extra=LINE adds a line.
mkcert() {
    name=$1 issuer=$2 role=$3 kind=$4
    shift 4
    dn="/CN=$name" start=$START end=$END md=sha256 tnal='' extra=''
    SERIAL_N=$((SERIAL_N + 1))
    serial=$(printf '4C494E54%024X' "$SERIAL_N")
    skid="hash" akid="keyid:always" cp="$SHAKEN_CP" crldp="crldp_sect"
    case $kind in
    root) bc="critical, CA:TRUE" ku="critical, keyCertSign" akid=- cp=- crldp=- ;;
    ca) bc="critical, CA:TRUE" ku="critical, keyCertSign" ;;
    ee) bc="critical, CA:FALSE" ku="critical, digitalSignature" ;;
    *) die "mkcert $name: bad kind $kind" ;;
    esac
    for opt in "$@"; do
        v=${opt#*=}
        case $opt in
        dn=*) dn=$v ;;
        start=*) start=$v ;;
        end=*) end=$v ;;
        serial=*) serial=$v ;;
        md=*) md=$v ;;
        tnal=*) tnal=$v ;;
        skid=*) skid=$v ;;
        akid=*) akid=$v ;;
        bc=*) bc=$v ;;
        ku=*) ku=$v ;;
        cp=*) cp=$v ;;
        crldp=*) crldp=$v ;;
        extra=*) extra=$v ;;
        *) die "mkcert $name: bad option $opt" ;;
        esac
    done
    ext=$WORK/ext/$name.cnf
    {
        echo "[ ext ]"
        [ "$skid" = - ] || echo "subjectKeyIdentifier = $skid"
        [ "$akid" = - ] || echo "authorityKeyIdentifier = $akid"
        [ "$bc" = - ] || echo "basicConstraints = $bc"
        [ "$ku" = - ] || echo "keyUsage = $ku"
        [ "$cp" = - ] || echo "certificatePolicies = $cp"
        [ "$crldp" = - ] || echo "crlDistributionPoints = $crldp"
        [ -z "$tnal" ] || echo "1.3.6.1.5.5.7.1.26 = ASN1:SEQUENCE:tnal_$name"
        [ -z "$extra" ] || echo "$extra"
        cat <<'EOF'
[ crldp_sect ]
fullname = URI:https://sti-pa.lint.example/crl
CRLissuer = dirName:crl_issuer_dn
[ crldp_uri_only ]
fullname = URI:https://sti-pa.lint.example/crl
[ crl_issuer_dn ]
C = US
O = STI-PA
CN = STI-PA CRL
EOF
        [ -z "$tnal" ] || tnal_section "$name" "$tnal"
    } >"$ext"
    echo "$serial" >"$WORK/serial"
    if [ "$issuer" = self ]; then
        irole=$role
        set -- -selfsign -keyfile "$KEYS/$role.key"
    else
        read -r irole <"$WORK/role/$issuer"
        set -- -cert "$CERTS/$issuer.pem" -keyfile "$KEYS/$irole.key"
    fi
    echo "$irole" >"$WORK/signer/$name"
    run openssl ca -config "$OPENSSL_CONF" -batch -notext -md "$md" \
        -startdate "$start" -enddate "$end" -subj "$dn" -in "$WORK/$role.csr" "$@" \
        -extfile "$ext" -extensions ext -out "$CERTS/$name.pem"
    echo "$role" >"$WORK/role/$name"
}

# ---- byte patches: hex in, DER out, re-signed with the openssl CLI ---------
i=0
while [ $i -lt 256 ]; do
    printf 's/%02x /\\\\%03o/g\n' $i $i
    i=$((i + 1))
done >"$WORK/hex.sed"

hexof() { od -An -tx1 -v "$1" | tr -d ' \n'; }

# unhex HEX FILE: the bytes of HEX (lower case) into FILE.
unhex() {
    # shellcheck disable=SC2059
    printf "$(printf '%s' "$1" | sed 's/../& /g' | sed -f "$WORK/hex.sed")" >"$2"
}

derlen() {
    if [ "$1" -lt 128 ]; then printf '%02x' "$1"
    elif [ "$1" -lt 256 ]; then printf '81%02x' "$1"
    else printf '82%04x' "$1"; fi
}

# pem_of DER NAME: certs/NAME.pem from DER bytes without parsing them.
pem_of() {
    { echo "-----BEGIN CERTIFICATE-----"; openssl base64 -in "$1"; echo "-----END CERTIFICATE-----"; } \
        >"$CERTS/$2.pem"
}

# repatch NAME FROM FROMHEX TOHEX: certs/NAME.pem = certs/FROM.pem with
# FROMHEX (once in its TBSCertificate) replaced by TOHEX, re-signed with
# the key that signed FROM with ecdsa-with-SHA256 (P-256 issuers only).
repatch() {
    name=$1 from=$2 old=$3 new=$4
    run openssl x509 -in "$CERTS/$from.pem" -outform DER -out "$WORK/$from.der"
    hex=$(hexof "$WORK/$from.der")
    case $hex in 3082????3082*) ;; *) die "repatch $from: unexpected DER header" ;; esac
    tlen=$(printf '%s' "$hex" | cut -c 13-16)
    tbs=$(printf '%s' "$hex" | cut -c "9-$((8 + 2 * (4 + 0x$tlen)))")
    [ "$(printf '%s' "$tbs" | grep -o "$old" | wc -l)" -eq 1 ] || die "repatch $name: pattern not once"
    tbs=$(printf '%s' "$tbs" | sed "s/$old/$new/")
    unhex "$tbs" "$WORK/$name.tbs"
    read -r srole <"$WORK/signer/$from"
    run openssl dgst -sha256 -sign "$KEYS/$srole.key" -out "$WORK/$name.sig" "$WORK/$name.tbs"
    sig=$(hexof "$WORK/$name.sig")
    bits="03$(derlen $((${#sig} / 2 + 1)))00$sig"
    body="${tbs}300a06082a8648ce3d040302$bits"
    unhex "30$(derlen $((${#body} / 2)))$body" "$WORK/$name.der"
    pem_of "$WORK/$name.der" "$name"
    cp "$WORK/role/$from" "$WORK/role/$name"
    cp "$WORK/signer/$from" "$WORK/signer/$name"
}

# skid_hex NAME: the certificate's SKID as lower-case hex.
skid_hex() {
    openssl x509 -in "$CERTS/$1.pem" -noout -ext subjectKeyIdentifier | tail -n 1 |
        tr -d ' :\n' | tr 'A-F' 'a-f'
}

# flip_first HEX: HEX with its first octet changed.
flip_first() {
    case $1 in 00*) printf '01%s' "${1#??}" ;; *) printf '00%s' "${1#??}" ;; esac
}

# ---- keys ----------------------------------------------------------------
for r in root root2 inter leaf leaf2 spca ent; do newkey "$r" ec256; done
newkey inter384 ec384
newkey leaf384 ec384
newkey rsa rsa

# ---- the compliant SHAKEN chain ----------------------------------------------
ROOT_DN="/C=US/O=Lint STI-PA/CN=SHAKEN Lint Root CA"
INTER_DN="/C=US/O=Lint STI-CA/CN=SHAKEN Lint Intermediate CA"
LEAF_DN="/C=US/O=Lint Telecom/serialNumber=LINT-1234/CN=SHAKEN 1234"
mkcert root self root root dn="$ROOT_DN"
mkcert inter root inter ca dn="$INTER_DN"
mkcert leaf inter leaf ee dn="$LEAF_DN" tnal="spc:1234"

# ---- variants, each with one defect or the twin of one -----------------------
ee() { n=$1; shift; mkcert "$n" inter leaf ee dn="$LEAF_DN" tnal="spc:1234" "$@"; }
ee leaf-serial-short serial=1000
ee leaf-serial-63 serial=7FFFFFFFFFFFFFFF
ee leaf-serial-64 serial=008000000000000000
ee leaf-serial-zero serial=00
ee leaf-serial-21 serial=4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C
ee leaf-serial-20 serial=4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C4C
ee leaf-serial-padded serial=0123456789ABCDEF0123456789ABCDEF
ee leaf-sha384 md=sha384
ee leaf-sha384-cp14 md=sha384 cp=2.16.840.1.114569.1.1.4
mkcert leaf-p384 inter leaf384 ee dn="$LEAF_DN" tnal="spc:1234" cp=2.16.840.1.114569.1.1.4
ee leaf-nobc bc=-
ee leaf-bc-noncrit bc="CA:FALSE"
ee leaf-noku ku=-
ee leaf-ku-noncrit ku="digitalSignature"
ee leaf-ku-agree ku="critical, digitalSignature, keyAgreement"
ee leaf-noskid skid=none
ee leaf-skid-other skid=0102030405060708090A0B0C0D0E0F1011121314
ee leaf-noakid akid=none
ee leaf-nocp cp=-
ee leaf-cp-two cp="$SHAKEN_CP, 2.23.140.1.2.1"
ee leaf-cp-other cp=1.2.3.4
ee leaf-cp-critical cp="critical, $SHAKEN_CP"
ee leaf-cp12-nosn cp=2.16.840.1.114569.1.1.2 dn="/C=US/O=Lint Telecom/CN=SHAKEN 1234"
ee leaf-nosn dn="/C=US/O=Lint Telecom/CN=SHAKEN 1234"
ee leaf-nocrldp crldp=-
ee leaf-crldp-uri crldp=crldp_uri_only
ee leaf-eku extra="extendedKeyUsage = serverAuth"
ee leaf-eku-2021 extra="extendedKeyUsage = serverAuth" start=20210601000000Z
ee leaf-expired start=20240601000000Z end=20250601000000Z
ee leaf-future start=20300101000000Z end=20330101000000Z
ee leaf-c-missing dn="/O=Lint Telecom/serialNumber=LINT-1234/CN=SHAKEN 1234"
ee leaf-c-lower dn="/C=us/O=Lint Telecom/serialNumber=LINT-1234/CN=SHAKEN 1234"
ee leaf-o-missing dn="/C=US/serialNumber=LINT-1234/CN=SHAKEN 1234"
ee leaf-cn-missing dn="/C=US/O=Lint Telecom/serialNumber=LINT-1234"
ee leaf-cn-wrong dn="/C=US/O=Lint Telecom/serialNumber=LINT-1234/CN=SHAKEN 5678"
ee leaf-notnal tnal=
ee leaf-two-spc tnal="spc:1234 spc:5678"
ee leaf-implicit tnal="implicit-spc:1234"
mkcert leaf-spc-lower inter leaf ee dn="/C=US/O=Lint Telecom/serialNumber=LINT-12AB/CN=SHAKEN 12ab" \
    tnal="spc:12ab"
mkcert leaf2 inter leaf2 ee dn="/C=US/O=Lint Other Telecom/serialNumber=LINT-5678/CN=SHAKEN 5678" \
    tnal="spc:5678"
mkcert leaf-v3src inter leaf ee dn="$LEAF_DN" tnal="spc:1234"
repatch leaf-v2 leaf-v3src a003020102 a003020101
repatch leaf-serial-nonminimal leaf-serial-padded 021001234567 021000234567
iskid=$(skid_hex inter)
repatch leaf-akid-other leaf "30168014$iskid" "30168014$(flip_first "$iskid")"

# Bad signature: the last bit of the leaf's signature flipped (the last
# octet is the last of the ECDSA "s" INTEGER, so the DER stays well-formed).
run openssl x509 -in "$CERTS/leaf.pem" -outform DER -out "$WORK/leaf.der"
hex=$(hexof "$WORK/leaf.der")
last=$(printf '%s' "$hex" | tail -c 2)
unhex "${hex%??}$(printf '%02x' $((0x$last ^ 1)))" "$WORK/leaf-badsig.der"
pem_of "$WORK/leaf-badsig.der" leaf-badsig

# Intermediates (the standard leaf links to any with the same key and DN)
ca() { n=$1; shift; mkcert "$n" root inter ca dn="$INTER_DN" "$@"; }
ca inter-ku-crlsign ku="critical, keyCertSign, cRLSign"
ca inter-ku-crlsign-2022 ku="critical, keyCertSign, cRLSign" start=20220101000000Z
ca inter-ku-agree-2022 ku="critical, keyCertSign, keyAgreement" start=20220101000000Z
ca inter-noskid skid=none
ca inter-tnal tnal="spc:1234"
mkcert inter-cn root inter ca dn="/C=US/O=Lint STI-CA/CN=Lint Intermediate CA"
mkcert leaf-under-cn inter-cn leaf ee dn="$LEAF_DN" tnal="spc:1234"
mkcert inter384 root inter384 ca dn="/C=US/O=Lint STI-CA/CN=SHAKEN Lint P-384 CA" \
    cp=2.16.840.1.114569.1.1.4
mkcert leaf-cp14 inter384 leaf ee dn="$LEAF_DN" tnal="spc:1234" md=sha384 \
    cp=2.16.840.1.114569.1.1.4
mkcert inter384-cp13 root inter384 ca dn="/C=US/O=Lint STI-CA/CN=SHAKEN Lint P-384 CP13 CA"
mkcert leaf-under-384cp13 inter384-cp13 leaf ee dn="$LEAF_DN" tnal="spc:1234"

# Roots (intermediates link to any root with the same key and DN)
mkcert root-cp self root root dn="$ROOT_DN" cp="$SHAKEN_CP"
mkcert root-crldp self root root dn="$ROOT_DN" crldp=crldp_sect
mkcert root-akid self root root dn="$ROOT_DN" akid="keyid:always"
rskid=$(skid_hex root)
repatch root-akid-other root-akid "30168014$rskid" "30168014$(flip_first "$rskid")"
mkcert root2 self root2 root dn="/C=US/O=Lint Other PA/CN=SHAKEN Lint Other Root CA"
mkcert root-cn self root root dn="/C=US/O=Lint STI-PA/CN=SHAKEN Lint Anchor CA"
mkcert inter-under-root-cn root-cn inter ca dn="$INTER_DN"

# ---- the compliant RFC 9060 delegate chain -----------------------------------
# root > STI-CA intermediate (no TNAuthList) > SP CA (spc 1234) > delegate
SPCA_DN="/C=US/O=Lint Telecom/CN=SHAKEN Lint SP CA 1234"
DLEAF_DN="/C=US/O=Lint Customer/serialNumber=LINT-D1/CN=SHAKEN 1234"
ENT_DN="/C=US/O=Lint Customer/CN=SHAKEN Lint Enterprise CA"
mkcert spca inter spca ca dn="$SPCA_DN" tnal="spc:1234"
mkcert dleaf spca leaf ee dn="$DLEAF_DN" tnal="range:12125551800:100"
mkcert dleaf-notnal spca leaf ee dn="$DLEAF_DN"
mkcert dleaf-ku spca leaf ee dn="$DLEAF_DN" tnal="range:12125551800:100" ku="critical, keyAgreement"
mkcert dleaf-long spca leaf ee dn="$DLEAF_DN" tnal="range:12125551800:100" end=20350101000000Z
mkcert spca-range inter spca ca dn="/C=US/O=Lint Telecom/CN=SHAKEN Lint SP CA Ranges" \
    tnal="range:12125551800:100"
mkcert dleaf-in spca-range leaf ee dn="$DLEAF_DN" tnal="one:12125551824"
mkcert dleaf-out spca-range leaf ee dn="$DLEAF_DN" tnal="one:12125551900"
mkcert ent spca ent ca dn="$ENT_DN" tnal="range:12125551800:100"
mkcert ent-notnal spca ent ca dn="$ENT_DN"
mkcert ent-ee spca ent ee dn="$ENT_DN" tnal="range:12125551800:100"
mkcert ent-nokcs spca ent ca dn="$ENT_DN" tnal="range:12125551800:100" ku="critical, digitalSignature"
mkcert dleaf-ent ent leaf ee dn="$DLEAF_DN" tnal="one:12125551824"
mkcert spca-pl0 inter spca ca dn="$SPCA_DN" tnal="spc:1234" bc="critical, CA:TRUE, pathlen:0"
mkcert spca-pl1 inter spca ca dn="$SPCA_DN" tnal="spc:1234" bc="critical, CA:TRUE, pathlen:1"
mkcert ent-rsa spca rsa ca dn="/C=US/O=Lint Customer/CN=SHAKEN Lint Enterprise RSA CA" \
    tnal="range:12125551800:100"
mkcert dleaf-rsa ent-rsa leaf ee dn="$DLEAF_DN" tnal="one:12125551824"

# ---- bundles and the manifest ----------------------------------------------------
MANIFEST=$OUT/manifest.tsv
cat >"$MANIFEST" <<'EOF'
# stirkit chain lint cases, generated by mklint.sh. TAB-separated:
# file, profile, rule, kind (defect: rule fires; twin: rule does not fire
# and the file lints clean; clean: no error or warning), also (ids that may
# fire besides rule on a defect file, or -). Lint time 1767225600.
EOF

# bundle FILE CERT...: OUTDIR/FILE.pem = the certificates in order.
bundle() {
    b_file=$1
    shift
    for b_cert in "$@"; do cat "$CERTS/$b_cert.pem"; done >"$OUT/$b_file.pem"
}

# row FILE PROFILE RULE KIND [ALSO]
row() {
    printf '%s.pem\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:--}" >>"$MANIFEST"
}

# shaken CASE RULE LEAF [INTER [ROOT]]: a defect bundle LEAF INTER ROOT.
shaken() {
    bundle "$1" "$3" "${4:-inter}" "${5:-root}"
    row "$1" shaken "$2" defect
}

bundle shaken-good leaf inter root
row shaken-good shaken - clean
bundle shaken-good-noroot leaf inter
row shaken-good-noroot shaken - clean
bundle cp14-p384 leaf-cp14 inter384 root
row cp14-p384 shaken - clean

shaken atis-version e_atis_version leaf-v2
shaken atis-serial-short e_atis_serial_entropy leaf-serial-short
bundle atis-serial-63 leaf-serial-63 inter root
row atis-serial-63 shaken e_atis_serial_entropy defect
bundle atis-serial-64 leaf-serial-64 inter root
row atis-serial-64 shaken e_atis_serial_entropy twin
shaken rfc5280-serial-zero e_rfc5280_serial_not_positive leaf-serial-zero
shaken rfc5280-serial-21 e_rfc5280_serial_too_long leaf-serial-21
bundle rfc5280-serial-20 leaf-serial-20 inter root
row rfc5280-serial-20 shaken e_rfc5280_serial_too_long twin
# (the leaf does not decode, so the chain has no end-entity certificate)
bundle rfc5280-serial-nonminimal leaf-serial-nonminimal inter root
row rfc5280-serial-nonminimal shaken e_rfc5280_serial_not_minimal defect e_chain_no_end_entity
shaken atis-sigalg-sha384 e_atis_signature_algorithm leaf-sha384
shaken atis-sigalg-sha384-p256-cp14 e_atis_signature_algorithm leaf-sha384-cp14
row cp14-p384 shaken e_atis_signature_algorithm twin
shaken atis-spk-leaf-p384 e_atis_subject_public_key leaf-p384
shaken atis-spk-ca-p384-cp13 e_atis_subject_public_key leaf-under-384cp13 inter384-cp13
row cp14-p384 shaken e_atis_subject_public_key twin
shaken atis-bc-missing e_atis_basic_constraints_missing leaf-nobc
shaken atis-bc-noncritical e_atis_basic_constraints_not_critical leaf-bc-noncrit
shaken atis-ku-missing e_atis_key_usage_missing leaf-noku
shaken atis-ku-noncritical e_atis_key_usage_not_critical leaf-ku-noncrit
shaken atis-ku-ee e_atis_key_usage_ee leaf-ku-agree
shaken atis-ku-ca-crlsign e_atis_key_usage_ca leaf inter-ku-crlsign
bundle atis-ku-ca-crlsign-2022 leaf inter-ku-crlsign-2022 root
row atis-ku-ca-crlsign-2022 shaken e_atis_key_usage_ca twin
row atis-ku-ca-crlsign-2022 shaken e_atis_key_usage_ca_v004 twin
shaken atis-ku-ca-agree-2022 e_atis_key_usage_ca_v004 leaf inter-ku-agree-2022
shaken atis-skid-missing-ee e_atis_skid_missing_ee leaf-noskid
shaken atis-skid-other e_atis_skid_not_sha1 leaf-skid-other
shaken rfc5280-skid-missing e_rfc5280_skid_missing leaf inter-noskid
shaken rfc5280-akid-missing e_rfc5280_akid_missing leaf-noakid
shaken atis-root-akid-other e_atis_root_akid_mismatch leaf inter root-akid-other
bundle atis-root-akid-self leaf inter root-akid
row atis-root-akid-self shaken e_atis_root_akid_mismatch twin
shaken chain-akid-mismatch e_chain_akid_mismatch leaf-akid-other
shaken atis-cp-missing e_atis_cp_missing leaf-nocp
shaken atis-cp-two e_atis_cp_not_shaken leaf-cp-two
shaken atis-cp-other e_atis_cp_not_shaken leaf-cp-other
shaken atis-cp-root e_atis_cp_on_root leaf inter root-cp
shaken atis-cp-critical n_atis_cp_critical leaf-cp-critical
shaken atis-crldp-missing e_atis_crldp_missing leaf-nocrldp
shaken atis-crldp-uri-only e_atis_crldp_shape leaf-crldp-uri
shaken atis-crldp-root e_atis_crldp_on_root leaf inter root-crldp
shaken atis-tnal-missing e_atis_tnal_missing leaf-notnal
shaken atis-tnal-two-spc e_atis_tnal_not_one_spc leaf-two-spc
shaken atis-tnal-spc-lower e_atis_tnal_spc_format leaf-spc-lower
shaken atis-tnal-on-ca e_atis_tnal_on_ca leaf inter-tnal
shaken rfc8226-tnal-implicit e_rfc8226_tnal_malformed leaf-implicit
shaken atis-c-missing e_atis_subject_c leaf-c-missing
shaken atis-c-lower e_atis_subject_c leaf-c-lower
shaken atis-o-missing e_atis_subject_o leaf-o-missing
shaken atis-cn-missing e_atis_subject_cn leaf-cn-missing
shaken atis-cn-ca e_atis_subject_cn_ca leaf-under-cn inter-cn
shaken atis-cn-root e_atis_subject_cn_root leaf inter-under-root-cn root-cn
shaken atis-cn-leaf e_atis_subject_cn_leaf leaf-cn-wrong
shaken us-cp-serial-number w_us_cp_subject_serial_number leaf-nosn
bundle us-cp12-no-serial-number leaf-cp12-nosn inter root
row us-cp12-no-serial-number shaken w_us_cp_subject_serial_number twin
shaken atis-ext-eku e_atis_ext_unknown leaf-eku
bundle atis-ext-eku-2021 leaf-eku-2021 inter root
row atis-ext-eku-2021 shaken e_atis_ext_unknown twin

bundle chain-two-leaves leaf leaf2 inter root
row chain-two-leaves shaken e_chain_unlinkable defect
bundle chain-leaf-not-first inter leaf root
row chain-leaf-not-first shaken e_chain_leaf_not_first defect
bundle chain-order leaf root inter
row chain-order shaken w_chain_order defect
bundle chain-no-end-entity inter root
row chain-no-end-entity shaken e_chain_no_end_entity defect
bundle lone-intermediate inter
row lone-intermediate shaken e_chain_no_end_entity twin
bundle chain-duplicate leaf inter inter root
row chain-duplicate shaken w_chain_duplicate defect
bundle chain-unrelated leaf inter root root2
row chain-unrelated shaken w_chain_unrelated defect
row shaken-good shaken n_chain_root_included defect
row shaken-good-noroot shaken n_chain_root_included twin
row shaken-good-noroot shaken n_chain_root_absent defect
row shaken-good shaken n_chain_root_absent twin
shaken chain-bad-signature e_chain_signature_invalid leaf-badsig
shaken chain-expired e_chain_expired leaf-expired
shaken chain-not-yet-valid e_chain_not_yet_valid leaf-future
bundle bundle-private-key leaf inter root
cat "$KEYS/leaf.key" >>"$OUT/bundle-private-key.pem"
row bundle-private-key shaken e_bundle_not_certificate defect
bundle bundle-undecodable leaf inter root
printf '%s\n' '-----BEGIN CERTIFICATE-----' MAMCAQE= '-----END CERTIFICATE-----' \
    >>"$OUT/bundle-undecodable.pem"
row bundle-undecodable shaken e_cert_undecodable defect

# Every rule's twin, where no case above names one: the compliant chains.
for r in e_atis_version e_rfc5280_serial_not_positive e_rfc5280_serial_not_minimal \
    e_atis_basic_constraints_missing e_atis_basic_constraints_not_critical \
    e_atis_key_usage_missing e_atis_key_usage_not_critical e_atis_key_usage_ee \
    e_atis_skid_missing_ee e_atis_skid_not_sha1 e_rfc5280_skid_missing e_rfc5280_akid_missing \
    e_chain_akid_mismatch e_atis_cp_missing e_atis_cp_not_shaken e_atis_cp_on_root \
    n_atis_cp_critical e_atis_crldp_missing e_atis_crldp_shape e_atis_crldp_on_root \
    e_atis_tnal_missing e_atis_tnal_not_one_spc e_atis_tnal_spc_format e_atis_tnal_on_ca \
    e_rfc8226_tnal_malformed e_atis_subject_c e_atis_subject_o e_atis_subject_cn \
    e_atis_subject_cn_ca e_atis_subject_cn_root e_atis_subject_cn_leaf e_chain_unlinkable \
    e_chain_leaf_not_first w_chain_order e_chain_no_end_entity w_chain_duplicate \
    w_chain_unrelated e_chain_signature_invalid e_chain_expired e_chain_not_yet_valid \
    e_bundle_not_certificate e_cert_undecodable; do
    row shaken-good shaken "$r" twin
done

# The delegate chain, and the delegate profile's rules
bundle delegate-good dleaf spca inter root
row delegate-good delegate - clean
row delegate-good shaken e_atis_tnal_on_ca defect e_atis_tnal_not_one_spc
row delegate-good shaken e_atis_tnal_not_one_spc defect e_atis_tnal_on_ca

# delegate CASE RULE CERT...: a defect bundle under the delegate profile.
delegate() {
    d_case=$1 d_rule=$2
    shift 2
    bundle "$d_case" "$@"
    row "$d_case" delegate "$d_rule" defect
}
delegate d-not-encompassed e_rfc9060_not_encompassed dleaf-out spca-range inter root
bundle d-encompassed dleaf-in spca-range inter root
row d-encompassed delegate e_rfc9060_not_encompassed twin
delegate d-tnal-missing e_rfc9060_tnal_missing dleaf-ent ent-notnal spca inter root
bundle d-three-level dleaf-ent ent spca inter root
row d-three-level delegate e_rfc9060_tnal_missing twin
delegate d-leaf-tnal-missing e_rfc8226_leaf_tnal_missing dleaf-notnal spca inter root
delegate d-leaf-key-usage e_rfc8226_leaf_key_usage dleaf-ku spca inter root
delegate d-validity w_rfc9060_validity_outside_parent dleaf-long spca inter root
delegate d-issuer-ee e_chain_issuer_not_ca dleaf-ent ent-ee spca inter root
delegate d-issuer-no-kcs e_chain_issuer_not_ca dleaf-ent ent-nokcs spca inter root
delegate d-path-len e_chain_path_len dleaf-ent ent spca-pl0 inter root
bundle d-path-len-1 dleaf-ent ent spca-pl1 inter root
row d-path-len-1 delegate e_chain_path_len twin
delegate d-mixed-keys w_chain_mixed_key_types dleaf-rsa ent-rsa spca inter root
for r in e_rfc8226_leaf_tnal_missing e_rfc8226_leaf_key_usage w_rfc9060_validity_outside_parent \
    e_chain_issuer_not_ca w_chain_mixed_key_types e_rfc9060_not_encompassed; do
    row delegate-good delegate "$r" twin
done

cat >"$OUT/README" <<'EOF'
Certificates and bundles for "stirkit chain lint", generated by
testdata/mklint.sh with the openssl command-line tool; re-run the script
rather than edit. manifest.tsv lists every check: the bundle, the profile
(shaken = ATIS-1000080 v005, delegate = RFC 9060), the rule id, whether
the rule must fire (defect), must not fire on a clean file (twin) or the
file must lint clean (clean), and ids that may also fire on a defect file.
shaken-good.pem is a compliant SHAKEN chain (leaf, intermediate, root),
delegate-good.pem a compliant RFC 9060 delegate chain (delegate, SP CA with
SPC 1234, STI-CA intermediate, root). Lint at 1767225600
(2026-01-01T00:00:00Z): certificates run from 20240101000000Z to
20340101000000Z unless a case needs other dates.
EOF

cd "$OUT"
rm -rf "$WORK"
exit 0
