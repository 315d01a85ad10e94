/*
 * ACME Authority Tokens (RFC 9447) for TNAuthList (RFC 9448): minting as a
 * token authority, validating for tkauth-01 (RFC 9448 §6, acme-ca.md §2.2),
 * and the RFC 7638 thumbprint / RFC 9448 fingerprint of an account key.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "stirkit/tkauth.h"
#include "chain_int.h"
#include "error_int.h"
#include "jose.h"
#include "es256.h"
#include "jwk.h"
#include "trust_int.h"

/* Bytes of random jti minted when the caller gives none. */
#define JTI_RANDOM_BYTES 16

/* Hex digits of a fingerprint after "SHA256 ": 32 pairs and 31 colons. */
#define FP_HEX_LEN (SKIT_SHA256_LEN * 3 - 1)

/* ---- thumbprint ----------------------------------------------------------------- */

stir_status stir_key_thumbprint(EVP_PKEY *key, char b64url[44], char fingerprint[104],
                                stir_error_t *err)
{
    unsigned char digest[SKIT_SHA256_LEN];
    char *b64 = NULL;
    stir_error_t local;
    json_t *jwk;
    stir_status st;

    if (key == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL key");
    jwk = skit_pkey_to_jwk(key, &local);
    if (jwk == NULL) {
        if (err != NULL)
            *err = local;
        return local.code;
    }
    st = skit_jwk_thumbprint(jwk, digest, err);
    json_decref(jwk);
    if (st == STIR_OK && b64url != NULL)
        st = stir_base64_encode(digest, sizeof(digest), 1, &b64, err);
    if (st != STIR_OK)
        return st;
    if (b64url != NULL) {
        memcpy(b64url, b64, 44); /* 43 characters and NUL */
        free(b64);
    }
    if (fingerprint != NULL)
        skit_fingerprint_format(digest, fingerprint);
    return STIR_OK;
}

/* ---- shared helpers ------------------------------------------------------------- */

/* ---- minting -------------------------------------------------------------------- */

/* Sets a string member; STIR_E_MALFORMED when s is not UTF-8. */
static stir_status set_string(json_t *obj, const char *key, const char *s, const char *what,
                              stir_error_t *err)
{
    json_t *v = json_string(s);

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED, "%s is not a UTF-8 string", what);
    if (json_object_set_new(obj, key, v) != 0)
        return skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
    return STIR_OK;
}

static stir_status set_new(json_t *obj, const char *key, json_t *v, stir_error_t *err)
{
    if (v == NULL || json_object_set_new(obj, key, v) != 0)
        return skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
    return STIR_OK;
}

/* The "x5c" array of a PEM chain, leaf first; the leaf must hold key. */
static stir_status x5c_array(const char *pem, EVP_PKEY *key, json_t **out, stir_error_t *err)
{
    stir_chain *chain = NULL;
    json_t *arr;
    stir_status st = stir_chain_from_pem(pem, strlen(pem), &chain, err);

    if (st != STIR_OK)
        return skit_error_prefix(err, st, "x5c certificate chain: ");
    if (stir_chain_bundle_count(chain) != stir_chain_length(chain)) {
        stir_chain_free(chain);
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "x5c PEM holds %zu certificate(s) of which only %zu form the chain",
                         stir_chain_bundle_count(chain), stir_chain_length(chain));
    }
    if (EVP_PKEY_eq(X509_get0_pubkey(stir_chain_get0_cert(chain, 0)), key) != 1) {
        stir_chain_free(chain);
        ERR_clear_error();
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "the x5c leaf certificate does not hold the token authority's key");
    }
    arr = json_array();
    if (arr == NULL)
        st = skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
    for (size_t d = 0; st == STIR_OK && d < stir_chain_length(chain); d++) {
        unsigned char *der = NULL;
        char *b64 = NULL;
        int len = i2d_X509(stir_chain_get0_cert(chain, d), &der);

        if (len <= 0)
            st = skit_fail_openssl(err, "cannot encode an x5c certificate");
        else
            st = stir_base64_encode(der, (size_t)len, 0, &b64, err);
        OPENSSL_free(der);
        if (st == STIR_OK && json_array_append_new(arr, json_string(b64)) != 0)
            st = skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
        free(b64);
    }
    stir_chain_free(chain);
    if (st != STIR_OK) {
        json_decref(arr);
        return st;
    }
    *out = arr;
    return STIR_OK;
}

static stir_status mint_header(const stir_tkauth_mint_opts *o, json_t **out, stir_error_t *err)
{
    json_t *hdr = json_object(), *x5c = NULL;
    stir_status st;

    if (hdr == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
    st = set_string(hdr, "alg", "ES256", "alg", err);
    if (st == STIR_OK)
        st = set_string(hdr, "typ", "JWT", "typ", err);
    if (st == STIR_OK && o->x5u != NULL)
        st = set_string(hdr, "x5u", o->x5u, "x5u", err);
    if (st == STIR_OK && o->x5c_pem != NULL) {
        st = x5c_array(o->x5c_pem, o->key, &x5c, err);
        if (st == STIR_OK)
            st = set_new(hdr, "x5c", x5c, err);
    }
    if (st != STIR_OK) {
        json_decref(hdr);
        return st;
    }
    *out = hdr;
    return STIR_OK;
}

static stir_status mint_claims(const stir_tkauth_mint_opts *o, json_t **out, stir_error_t *err)
{
    int64_t lifetime = o->lifetime > 0 ? o->lifetime : STIR_TKAUTH_DEFAULT_LIFETIME;
    json_t *claims = json_object(), *atc = json_object();
    char *tkvalue = NULL, *jti = NULL;
    unsigned char rnd[JTI_RANDOM_BYTES];
    stir_status st = STIR_OK;

    if (claims == NULL || atc == NULL)
        st = skit_fail(err, STIR_E_NOMEM, "out of memory minting an Authority Token");
    if (st == STIR_OK && o->now > INT64_MAX - lifetime)
        st = skit_fail(err, STIR_E_INVALID_ARG, "now + lifetime overflows");
    if (st == STIR_OK)
        st = stir_base64_encode(o->tnauthlist_der, o->tnauthlist_len, 1, &tkvalue, err);
    if (st == STIR_OK && o->jti == NULL) {
        if (RAND_bytes(rnd, sizeof(rnd)) != 1)
            st = skit_fail_openssl(err, "cannot draw a random jti");
        else
            st = stir_base64_encode(rnd, sizeof(rnd), 1, &jti, err);
    }
    if (st == STIR_OK)
        st = set_new(atc, "ca", json_boolean(o->ca), err);
    if (st == STIR_OK)
        st = set_string(atc, "fingerprint", o->fingerprint, "fingerprint", err);
    if (st == STIR_OK)
        st = set_string(atc, "tktype", "TNAuthList", "tktype", err);
    if (st == STIR_OK)
        st = set_string(atc, "tkvalue", tkvalue, "tkvalue", err);
    if (st == STIR_OK) {
        st = set_new(claims, "atc", atc, err);
        atc = NULL;
    }
    if (st == STIR_OK)
        st = set_new(claims, "exp", json_integer((json_int_t)(o->now + lifetime)), err);
    if (st == STIR_OK)
        st = set_new(claims, "iat", json_integer((json_int_t)o->now), err);
    if (st == STIR_OK)
        st = set_new(claims, "nbf", json_integer((json_int_t)o->now), err);
    if (st == STIR_OK && o->iss != NULL)
        st = set_string(claims, "iss", o->iss, "iss", err);
    if (st == STIR_OK)
        st = set_string(claims, "jti", o->jti != NULL ? o->jti : jti, "jti", err);
    free(tkvalue);
    free(jti);
    json_decref(atc);
    if (st != STIR_OK) {
        json_decref(claims);
        return st;
    }
    *out = claims;
    return STIR_OK;
}

static stir_status check_mint_opts(const stir_tkauth_mint_opts *o, stir_error_t *err)
{
    stir_tnauthlist *tnal = NULL;
    stir_status st;

    if (o->key == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "no token authority key");
    if ((o->x5u == NULL) == (o->x5c_pem == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "give exactly one of x5u and x5c for the token authority certificate");
    if (o->x5u != NULL && strncasecmp(o->x5u, "https://", 8) != 0)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "x5u '%.200s' is not an https URL (RFC 9448 §6 step 2)", o->x5u);
    if (o->tnauthlist_der == NULL || o->tnauthlist_len == 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "no TNAuthList DER for atc.tkvalue");
    if (o->fingerprint == NULL || o->fingerprint[0] == '\0')
        return skit_fail(err, STIR_E_INVALID_ARG, "no atc.fingerprint");
    if (o->lifetime < 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "negative token lifetime %lld",
                         (long long)o->lifetime);
    if (o->iss != NULL && o->iss[0] == '\0')
        return skit_fail(err, STIR_E_INVALID_ARG, "empty iss");
    if (o->jti != NULL && (o->jti[0] == '\0' || strlen(o->jti) >= 128))
        return skit_fail(err, STIR_E_INVALID_ARG, "jti must have 1 to 127 bytes");
    st = skit_es256_check_key(o->key, err);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "token authority key: ");
    st = stir_tnauthlist_parse(o->tnauthlist_der, o->tnauthlist_len, &tnal, err);
    stir_tnauthlist_free(tnal);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "atc.tkvalue: ");
    return STIR_OK;
}

stir_status stir_tkauth_mint(const stir_tkauth_mint_opts *o, char **jwt, stir_error_t *err)
{
    json_t *hdr = NULL, *claims = NULL;
    stir_status st;

    if (o == NULL || jwt == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL mint options or output");
    st = check_mint_opts(o, err);
    if (st == STIR_OK)
        st = mint_header(o, &hdr, err);
    if (st == STIR_OK)
        st = mint_claims(o, &claims, err);
    if (st == STIR_OK)
        st = skit_jws_compact_es256(hdr, claims, o->key, STIR_TKAUTH_MAX_LEN, "Authority Token",
                                    jwt, err);
    json_decref(hdr);
    json_decref(claims);
    return st;
}

/* ---- validation: the JWS -------------------------------------------------------- */

typedef struct token {
    json_t *hdr, *claims;
    const char *tbs;        /* header "." payload, borrowed from the token */
    size_t tbs_len;
    unsigned char *sig;
    size_t sig_len;
} token;

static void token_clear(token *t)
{
    json_decref(t->hdr);
    json_decref(t->claims);
    free(t->sig);
    memset(t, 0, sizeof(*t));
}

/* Step 2: the compact serialization (RFC 7515 §7.1). */
static stir_status parse_token(const char *s, size_t len, token *t, stir_error_t *err)
{
    const char *d1 = memchr(s, '.', len), *d2;
    size_t dots = 0;
    stir_status st;

    for (size_t i = 0; i < len; i++)
        dots += s[i] == '.';
    if (dots != 2)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token is not a compact JWS: it has %zu segment(s), not 3 "
                         "(header.payload.signature)", dots + 1);
    d2 = memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - s));
    st = skit_jws_segment_object(s, (size_t)(d1 - s), "Authority Token header", &t->hdr, err);
    if (st == STIR_OK)
        st = skit_jws_segment_object(d1 + 1, (size_t)(d2 - d1 - 1), "Authority Token payload",
                                     &t->claims, err);
    /* An empty signature (an unsecured JWT, RFC 7519 §6) is still a compact
     * JWS; steps 3 and 6 refuse it with a better reason. */
    if (st == STIR_OK && d2 + 1 < s + len)
        st = skit_jws_segment_decode(d2 + 1, len - (size_t)(d2 + 1 - s),
                                     "Authority Token signature", &t->sig, &t->sig_len, err);
    t->tbs = s;
    t->tbs_len = (size_t)(d2 - s);
    return st;
}

/* ---- validation: the token authority certificate -------------------------------- */

/* Step 4, x5c: base64 DER certificates, the first the signer's. */
static stir_status certs_from_x5c(const json_t *x5c, STACK_OF(X509) **out, stir_error_t *err)
{
    STACK_OF(X509) *certs;
    size_t n = json_array_size(x5c);
    stir_status st = STIR_OK;

    if (!json_is_array(x5c) || n == 0 || n > STIR_CHAIN_MAX_DEPTH)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token header x5c is %s; it must be an array of 1 to %d "
                         "base64 DER certificates (RFC 7515 §4.1.6)",
                         json_is_array(x5c) ? (n == 0 ? "empty" : "too long") : "not an array",
                         STIR_CHAIN_MAX_DEPTH);
    certs = sk_X509_new_null();
    if (certs == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading x5c");
    for (size_t i = 0; st == STIR_OK && i < n; i++) {
        const json_t *v = json_array_get(x5c, i);
        unsigned char *der = NULL;
        const unsigned char *p;
        size_t len = 0;
        X509 *x = NULL;

        if (!json_is_string(v)) {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "Authority Token header x5c[%zu] is a JSON %s, not a string", i,
                           skit_json_kind(v));
            break;
        }
        st = stir_base64_decode(json_string_value(v), json_string_length(v), &der, &len, err);
        if (st != STIR_OK) {
            skit_error_prefix(err, STIR_E_MALFORMED, "Authority Token header x5c[%zu]: ", i);
            st = STIR_E_MALFORMED;
            break;
        }
        p = der;
        if (len > 0 && len < LONG_MAX)
            x = d2i_X509(NULL, &p, (long)len);
        if (x == NULL || p != der + len) {
            st = skit_fail(err, STIR_E_MALFORMED,
                           "Authority Token header x5c[%zu] is not one DER certificate", i);
            X509_free(x);
            ERR_clear_error();
        } else if (!sk_X509_push(certs, x)) {
            X509_free(x);
            st = skit_fail(err, STIR_E_NOMEM, "out of memory reading x5c");
        }
        free(der);
    }
    if (st != STIR_OK) {
        sk_X509_pop_free(certs, X509_free);
        return st;
    }
    *out = certs;
    return STIR_OK;
}

/* Step 4, x5u: policy check, fetch, PEM chain. */
static stir_status certs_from_x5u(const char *url, const stir_tkauth_policy *pol,
                                  STACK_OF(X509) **out, stir_error_t *err)
{
    stir_fetch_result r;
    stir_error_t ferr;
    stir_status st;

    st = stir_fetch_check_url(url, &pol->fetch, err);
    if (st != STIR_OK)
        return skit_error_prefix(err, st == STIR_E_MALFORMED ? STIR_E_MALFORMED : STIR_E_REFUSED,
                                 "Authority Token x5u refused by the fetch policy: ");
    memset(&r, 0, sizeof(r));
    stir_error_clear(&ferr);
    st = pol->fetch_fn != NULL ? pol->fetch_fn(pol->fetch_arg, url, &pol->fetch, &r, &ferr)
                               : stir_fetch(url, &pol->fetch, &r, &ferr);
    if (st != STIR_OK) {
        stir_fetch_result_clear(&r);
        if (st == STIR_E_NOMEM || st == STIR_E_REFUSED)
            return skit_fail(err, st, "Authority Token x5u %.200s %s: %s", url,
                             st == STIR_E_REFUSED ? "refused by the fetch policy"
                                                  : "could not be fetched",
                             ferr.text);
        return skit_fail(err, STIR_E_FETCH,
                         "cannot fetch the token authority certificate from x5u %.200s: %s",
                         url, ferr.text);
    }
    if (r.status != 200) {
        st = skit_fail(err, STIR_E_FETCH,
                       "cannot fetch the token authority certificate from x5u %.200s: HTTP "
                       "%ld%s", url, r.status,
                       r.status >= 300 && r.status < 400 ? " (redirects are not followed)" : "");
    } else if (r.body == NULL) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "x5u %.200s answered with an empty body, not a certificate chain", url);
    } else {
        st = stir_pem_read_certs(r.body, r.len, out, err);
        if (st != STIR_OK)
            skit_error_prefix(err, st, "x5u %.200s does not hold a PEM certificate chain: ",
                              url);
    }
    stir_fetch_result_clear(&r);
    return st;
}

/* Accepts a critical TNAuthList, which OpenSSL does not know. */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
    X509 *x;

    if (ok || X509_STORE_CTX_get_error(ctx) != X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION)
        return ok;
    x = X509_STORE_CTX_get_current_cert(ctx);
    for (int i = 0; i < X509_get_ext_count(x); i++) {
        X509_EXTENSION *ext = X509_get_ext(x, i);
        int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));

        if (X509_EXTENSION_get_critical(ext) && !X509_supported_extension(ext) &&
            (nid == NID_undef || nid != stir_nid_tnauthlist()))
            return 0;
    }
    X509_STORE_CTX_set_error(ctx, X509_V_OK);
    return 1;
}

/* Step 5: the TA certificate (certs[0]) path-validates to the anchors at now. */
static stir_status check_authority(STACK_OF(X509) *certs, const stir_trust *anchors,
                                   int64_t now, stir_error_t *err)
{
    X509 *leaf = sk_X509_value(certs, 0);
    X509_STORE_CTX *ctx;
    STACK_OF(X509) *untrusted;
    char label[SKIT_LABEL_SIZE];
    stir_status st = STIR_OK;

    skit_cert_label(leaf, label, sizeof(label));
    if (stir_trust_count(anchors) == 0)
        return skit_fail(err, STIR_E_REFUSED,
                         "untrusted token authority '%s': no token-authority trust anchors are "
                         "configured", label);
    ctx = X509_STORE_CTX_new();
    untrusted = sk_X509_new_null();
    if (ctx == NULL || untrusted == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory validating the token authority");
        goto done;
    }
    for (int i = 1; i < sk_X509_num(certs); i++)
        if (!sk_X509_push(untrusted, sk_X509_value(certs, i))) {
            st = skit_fail(err, STIR_E_NOMEM, "out of memory validating the token authority");
            goto done;
        }
    if (!X509_STORE_CTX_init(ctx, anchors->store, leaf, untrusted)) {
        st = skit_fail_openssl(err, "cannot start validating the token authority");
        goto done;
    }
    X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), (time_t)now);
    X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(ctx), X509_V_FLAG_PARTIAL_CHAIN);
    X509_STORE_CTX_set_verify_cb(ctx, verify_cb);
    if (X509_verify_cert(ctx) != 1) {
        int e = X509_STORE_CTX_get_error(ctx);
        int depth = X509_STORE_CTX_get_error_depth(ctx);
        X509 *x = X509_STORE_CTX_get_current_cert(ctx);
        char at[SKIT_LABEL_SIZE] = "";

        if (x != NULL && depth > 0)
            skit_cert_label(x, at, sizeof(at));
        st = skit_fail(err, STIR_E_REFUSED,
                       "untrusted token authority '%s': its certificate does not validate to "
                       "the token-authority trust anchors: %s%s%s%s",
                       label, X509_verify_cert_error_string(e), at[0] ? " (at '" : "", at,
                       at[0] ? "')" : "");
        ERR_clear_error();
        goto done;
    }
    if ((X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) != 0 &&
        (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE) == 0) {
        st = skit_fail(err, STIR_E_REFUSED,
                       "untrusted token authority '%s': its keyUsage does not allow "
                       "digitalSignature", label);
        goto done;
    }
    st = skit_es256_check_key(X509_get0_pubkey(leaf), err);
    if (st != STIR_OK)
        skit_error_prefix(err, st, "token authority '%s': ", label);
done:
    sk_X509_free(untrusted);
    X509_STORE_CTX_free(ctx);
    return st;
}

/* Step 6: ES256 over the received header and payload. */
static stir_status check_signature(const token *t, X509 *leaf, stir_error_t *err)
{
    char label[SKIT_LABEL_SIZE];
    skit_es256_key *k;
    stir_status st;

    skit_cert_label(leaf, label, sizeof(label));
    if (t->sig_len != SKIT_ES256_SIG_LEN)
        return skit_fail(err, STIR_E_SIGNATURE,
                         "Authority Token signature is %zu bytes; ES256 needs %d bytes of raw "
                         "r||s (RFC 7518 §3.4)", t->sig_len, SKIT_ES256_SIG_LEN);
    k = skit_es256_key_new(X509_get0_pubkey(leaf), err);
    if (k == NULL)
        return err != NULL ? err->code : STIR_E_UNSUPPORTED;
    st = skit_es256_verify(k, t->tbs, t->tbs_len, t->sig, t->sig_len, err);
    skit_es256_key_free(k);
    if (st == STIR_E_SIGNATURE)
        return skit_fail(err, STIR_E_SIGNATURE,
                         "Authority Token signature does not verify with the key of token "
                         "authority '%s'", label);
    return st;
}

/* ---- validation: the claims ----------------------------------------------------- */

/* A NumericDate claim (RFC 7519 §2): 0 absent, 1 read into *out, -1 not a number. */
static int numeric_date(const json_t *claims, const char *name, int64_t *out)
{
    const json_t *v = json_object_get(claims, name);
    double d;

    if (v == NULL)
        return 0;
    /* NumericDates beyond year 36812 (2^40 s) are refused, which also keeps
     * the time arithmetic below free of overflow. */
    if (json_is_integer(v)) {
        *out = (int64_t)json_integer_value(v);
        return *out >= 0 && *out <= ((int64_t)1 << 40) ? 1 : -1;
    }
    if (!json_is_real(v))
        return -1;
    d = json_real_value(v);
    if (!(d >= 0 && d <= 1099511627776.0))
        return -1;
    *out = (int64_t)d;
    if ((double)*out > d)
        (*out)--; /* floor */
    return 1;
}

/* Step 7: exp and nbf at now, with skew. */
static stir_status check_times(const json_t *claims, int64_t now, int64_t skew, int64_t *exp,
                               stir_error_t *err)
{
    int64_t nbf = 0;
    int r = numeric_date(claims, "exp", exp);

    if (r == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token has no \"exp\" claim; RFC 9447 §4 requires it");
    if (r < 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token claim \"exp\" is not a NumericDate");
    if (*exp < now && now - *exp > skew)
        return skit_fail(err, STIR_E_STALE,
                         "Authority Token expired at %lld, %lld s before now (skew %lld s)",
                         (long long)*exp, (long long)(now - *exp), (long long)skew);
    r = numeric_date(claims, "nbf", &nbf);
    if (r < 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token claim \"nbf\" is not a NumericDate");
    if (r > 0 && nbf > now && nbf - now > skew)
        return skit_fail(err, STIR_E_STALE,
                         "Authority Token is not valid before %lld, %lld s after now (skew "
                         "%lld s)", (long long)nbf, (long long)(nbf - now), (long long)skew);
    return STIR_OK;
}

/* Step 8: jti. */
static stir_status check_jti(const json_t *claims, const char **jti, stir_error_t *err)
{
    const json_t *v = json_object_get(claims, "jti");

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token has no \"jti\" claim; RFC 9447 §4 requires it");
    if (!json_is_string(v) || json_string_length(v) == 0 || json_string_length(v) >= 128)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token claim \"jti\" must be a string of 1 to 127 bytes");
    *jti = json_string_value(v);
    return STIR_OK;
}

/* "one 12155551212" or "one 12155551212 and 2 more" for a tkvalue message. */
static void describe(const unsigned char *der, size_t len, char *buf, size_t n)
{
    stir_tnauthlist *tnal = NULL;
    char entry[128];

    if (stir_tnauthlist_parse(der, len, &tnal, NULL) != STIR_OK) {
        snprintf(buf, n, "%zu bytes that are not a DER TNAuthList", len);
        return;
    }
    stir_tnentry_format(stir_tnauthlist_get0_entry(tnal, 0), entry, sizeof(entry));
    if (stir_tnauthlist_count(tnal) > 1)
        snprintf(buf, n, "%s and %zu more entr%s", entry, stir_tnauthlist_count(tnal) - 1,
                 stir_tnauthlist_count(tnal) == 2 ? "y" : "ies");
    else
        snprintf(buf, n, "%s", entry);
    stir_tnauthlist_free(tnal);
}

/* atc string member: 1 found, 0 absent; -1 not a string. */
static int atc_string(const json_t *atc, const char *name, const char **out)
{
    const json_t *v = json_object_get(atc, name);

    if (v == NULL)
        return 0;
    if (!json_is_string(v))
        return -1;
    *out = json_string_value(v);
    return 1;
}

/* Step 9: atc's tktype, tkvalue and ca. */
static stir_status check_atc(const json_t *atc, const unsigned char *ident, size_t ident_len,
                             int *ca, stir_error_t *err)
{
    const char *tktype = NULL, *tkvalue = NULL;
    const json_t *cav;
    unsigned char *der = NULL;
    size_t len = 0;
    char have[200], want[200];
    stir_status st;

    if (atc == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token has no \"atc\" claim (RFC 9447 §4)");
    if (!json_is_object(atc))
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token claim \"atc\" is a JSON %s, not an object",
                         skit_json_kind(atc));
    if (atc_string(atc, "tktype", &tktype) <= 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token atc has no \"tktype\" string (RFC 9448 §5)");
    if (strcasecmp(tktype, "TNAuthList") != 0)
        return skit_fail(err, STIR_E_REFUSED,
                         "Authority Token atc.tktype \"%.60s\" is not TNAuthList (RFC 9448 §5)",
                         tktype);
    if (atc_string(atc, "tkvalue", &tkvalue) <= 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token atc has no \"tkvalue\" string (RFC 9448 §5)");
    st = stir_base64_decode(tkvalue, strlen(tkvalue), &der, &len, err);
    if (st != STIR_OK)
        return skit_error_prefix(err, STIR_E_MALFORMED,
                                 "Authority Token atc.tkvalue does not decode as base64: ");
    if (len != ident_len || memcmp(der, ident, len) != 0) {
        describe(der, len, have, sizeof(have));
        describe(ident, ident_len, want, sizeof(want));
        free(der);
        return skit_fail(err, STIR_E_REFUSED,
                         "Authority Token atc.tkvalue names other numbers than the identifier: "
                         "the token holds %s, the identifier %s (RFC 9448 §6 step 6)",
                         have, want);
    }
    free(der);
    cav = json_object_get(atc, "ca");
    if (cav != NULL && !json_is_boolean(cav))
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token atc.ca is a JSON %s, not a boolean (RFC 9448 §5)",
                         skit_json_kind(cav));
    *ca = cav != NULL && json_is_true(cav);
    return STIR_OK;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads atc.fingerprint's 32 bytes from "SHA256 XX:..." or base64url. */
static stir_status parse_fingerprint(const char *fp, unsigned char out[SKIT_SHA256_LEN],
                                     stir_error_t *err)
{
    const char *space = strchr(fp, ' ');

    if (space != NULL) {
        const char *hex = space + 1;

        if ((size_t)(space - fp) != 6 || strncasecmp(fp, "SHA256", 6) != 0)
            return skit_fail(err, STIR_E_UNSUPPORTED,
                             "Authority Token atc.fingerprint uses the hash \"%.*s\"; RFC 9448 "
                             "§10 specifies only SHA256", (int)((space - fp) < 40 ? space - fp
                                                                                   : 40), fp);
        if (strlen(hex) != FP_HEX_LEN)
            goto bad;
        for (size_t i = 0; i < SKIT_SHA256_LEN; i++) {
            int hi = hex_value(hex[3 * i]), lo = hex_value(hex[3 * i + 1]);

            if (hi < 0 || lo < 0 || (i + 1 < SKIT_SHA256_LEN && hex[3 * i + 2] != ':'))
                goto bad;
            out[i] = (unsigned char)(hi << 4 | lo);
        }
        return STIR_OK;
    } else {
        unsigned char *bin = NULL;
        size_t len = 0;

        if (strlen(fp) != 43 ||
            stir_base64url_decode_strict(fp, 43, &bin, &len, NULL) != STIR_OK ||
            len != SKIT_SHA256_LEN) {
            free(bin);
            goto bad;
        }
        memcpy(out, bin, SKIT_SHA256_LEN);
        free(bin);
        return STIR_OK;
    }
bad:
    return skit_fail(err, STIR_E_MALFORMED,
                     "Authority Token atc.fingerprint \"%.110s\" is neither \"SHA256 \" with 32 "
                     "colon-separated hex bytes nor a 43-character base64url thumbprint", fp);
}

/* Step 10: the fingerprint binds the token to the requesting account key. */
static stir_status check_fingerprint(const json_t *atc, const unsigned char thumb[32],
                                     EVP_PKEY *account_key, const stir_tkauth_policy *pol,
                                     stir_error_t *err)
{
    unsigned char fp[SKIT_SHA256_LEN], spki[SKIT_SHA256_LEN];
    const char *s = NULL;
    int spki_ok = pol->accept_spki_fingerprint && account_key != NULL;
    stir_status st;

    if (atc_string(atc, "fingerprint", &s) <= 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "Authority Token atc has no \"fingerprint\" string (RFC 9448 §5)");
    st = parse_fingerprint(s, fp, err);
    if (st != STIR_OK)
        return st;
    if (CRYPTO_memcmp(fp, thumb, SKIT_SHA256_LEN) == 0)
        return STIR_OK;
    if (spki_ok) {
        st = skit_pkey_spki_sha256(account_key, spki, err);
        if (st != STIR_OK)
            return st;
        if (CRYPTO_memcmp(fp, spki, SKIT_SHA256_LEN) == 0)
            return STIR_OK;
    }
    return skit_fail(err, STIR_E_REFUSED,
                     "Authority Token atc.fingerprint belongs to another account key: it is "
                     "not the RFC 7638 thumbprint of the requesting account's key%s "
                     "(RFC 9448 §6 step 8)", spki_ok ? " nor the SHA-256 of its SPKI" : "");
}

stir_status stir_tkauth_validate(const char *tok, const unsigned char *identifier_der,
                                 size_t der_len, const unsigned char account_thumbprint[32],
                                 EVP_PKEY *account_key, int64_t now,
                                 const stir_tkauth_policy *policy, stir_tkauth_grant *grant,
                                 stir_error_t *err)
{
    token t;
    STACK_OF(X509) *certs = NULL;
    const json_t *alg, *x5u, *x5c;
    const char *jti = NULL;
    int64_t skew, exp = 0;
    int ca = 0;
    size_t len;
    stir_status st;

    memset(&t, 0, sizeof(t));
    if (grant != NULL)
        memset(grant, 0, sizeof(*grant));
    if (tok == NULL || identifier_der == NULL || der_len == 0 || account_thumbprint == NULL ||
        policy == NULL || policy->anchors == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "NULL token, identifier, account thumbprint, policy or anchors");
    if (policy->skew < 0)
        return skit_fail(err, STIR_E_INVALID_ARG, "negative clock skew");
    skew = policy->skew > 0 ? policy->skew : STIR_TKAUTH_DEFAULT_SKEW;
    st = stir_global_init(err);
    if (st != STIR_OK)
        return st;
    /* 1. size */
    len = strnlen(tok, STIR_TKAUTH_MAX_LEN + 1);
    if (len > STIR_TKAUTH_MAX_LEN)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "Authority Token is longer than %d bytes", STIR_TKAUTH_MAX_LEN);
    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED, "Authority Token is empty");
    /* 2. compact JWS */
    st = parse_token(tok, len, &t, err);
    if (st != STIR_OK)
        goto done;
    /* 3. alg */
    alg = json_object_get(t.hdr, "alg");
    if (!json_is_string(alg)) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "Authority Token header has no \"alg\" string (RFC 7515 §4.1.1)");
        goto done;
    }
    if (strcmp(json_string_value(alg), "ES256") != 0) {
        st = skit_fail(err, STIR_E_UNSUPPORTED,
                       "Authority Token alg \"%.40s\" is not accepted; token authorities sign "
                       "with ES256", json_string_value(alg));
        goto done;
    }
    if (json_object_get(t.hdr, "crit") != NULL) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "Authority Token header carries \"crit\"; no JWS extension is "
                       "understood here (RFC 7515 §4.1.11)");
        goto done;
    }
    /* 4. x5u xor x5c */
    x5u = json_object_get(t.hdr, "x5u");
    x5c = json_object_get(t.hdr, "x5c");
    if ((x5u == NULL) == (x5c == NULL)) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "Authority Token header carries %s of x5u and x5c; it must name the "
                       "token authority certificate by exactly one (RFC 9448 §6 steps 2-3)",
                       x5u != NULL ? "both" : "neither");
        goto done;
    }
    if (x5u != NULL && !json_is_string(x5u)) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "Authority Token header x5u is a JSON %s, not a string", skit_json_kind(x5u));
        goto done;
    }
    st = x5u != NULL ? certs_from_x5u(json_string_value(x5u), policy, &certs, err)
                     : certs_from_x5c(x5c, &certs, err);
    if (st != STIR_OK)
        goto done;
    /* 5. the token authority */
    st = check_authority(certs, policy->anchors, now, err);
    /* 6. signature */
    if (st == STIR_OK)
        st = check_signature(&t, sk_X509_value(certs, 0), err);
    /* 7.-10. claims */
    if (st == STIR_OK)
        st = check_times(t.claims, now, skew, &exp, err);
    if (st == STIR_OK)
        st = check_jti(t.claims, &jti, err);
    if (st == STIR_OK)
        st = check_atc(json_object_get(t.claims, "atc"), identifier_der, der_len, &ca, err);
    if (st == STIR_OK)
        st = check_fingerprint(json_object_get(t.claims, "atc"), account_thumbprint,
                               account_key, policy, err);
    if (st == STIR_OK && grant != NULL) {
        grant->ca = ca;
        grant->exp = exp;
        memcpy(grant->jti, jti, strlen(jti) + 1);
    }
done:
    sk_X509_pop_free(certs, X509_free);
    token_clear(&t);
    return st;
}
