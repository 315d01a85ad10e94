# The issuing side of an ACME test or benchmark, made in the current
# directory (sourced, not run; POSIX sh). Used by tests/integration/cli_acme.sh,
# tests/load/run and bench/acme_rate.sh. Needs $S (the stirkit binary).

# mk_tls: tls.crt and tls.key, a self-signed loopback server certificate.
mk_tls() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key \
        -out tls.crt -subj /CN=localhost -days 2 \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
}

# mk_acme_pki: root -> carrier CA (range 12125550000+10000) in root/ and
# carrier/, a token authority (ta-root.pem, ta.pem, ta.key) and acme.conf.
mk_acme_pki() {
    "$S" ca init root --subject "/C=US/O=Test Root/CN=Test STIR Root" >/dev/null
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out carrier.key 2>/dev/null
    openssl req -new -key carrier.key -subj "/C=US/O=Carrier/CN=Carrier CA" -out carrier.csr
    "$S" ca issue root --csr carrier.csr --ca --tnauthlist range:12125550000:10000 --days 365 \
        --out carrier.pem
    "$S" ca init carrier --issuer-cert carrier.pem --issuer-key carrier.key >/dev/null
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta-root.key \
        -out ta-root.pem -subj "/CN=Test Token Authority Root" -days 30 \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" 2>/dev/null
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ta.key \
        -subj "/CN=Test Token Authority" -out ta.csr 2>/dev/null
    openssl x509 -req -in ta.csr -CA ta-root.pem -CAkey ta-root.key -CAcreateserial -days 30 \
        -extfile /dev/stdin -out ta.pem 2>/dev/null <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
EXT
    cat >acme.conf <<'CONF'
# stirkit acme serve, for a test or benchmark
listen = 127.0.0.1:0
ca_dir = carrier
ta_anchors = ta-root.pem
jti_policy = single-use
cert_days = 30
CONF
}
