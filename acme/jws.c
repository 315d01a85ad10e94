/*
 * ACME request JWS (RFC 8555 §6.2): the flattened JSON serialization,
 * parsed strictly, and its signature checked with ES256, RS256 or EdDSA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>

#include "stirkit/base64.h"
#include "error_int.h"
#include "jose.h"
#include "es256.h"
#include "jwk.h"
#include "jws.h"

/* A top-level member that must be a JSON string. */
static stir_status outer_string(const json_t *body, const char *name, const char **out,
                                stir_error_t *err)
{
    const json_t *v = json_object_get(body, name);

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS has no \"%s\" member; RFC 8555 §6.2 requires the flattened JSON "
                         "serialization with protected, payload and signature", name);
    if (!json_is_string(v))
        return skit_fail(err, STIR_E_MALFORMED, "JWS member \"%s\" is a JSON %s, not a string",
                         name, skit_json_kind(v));
    *out = json_string_value(v);
    return STIR_OK;
}

/* A protected header parameter that must be a non-empty string. */
static stir_status header_string(const json_t *hdr, const char *name, const char **out,
                                 stir_error_t *err)
{
    const json_t *v = json_object_get(hdr, name);

    if (v == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header has no \"%s\"; RFC 8555 §6.2 requires alg, "
                         "nonce and url", name);
    if (!json_is_string(v) || json_string_length(v) == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header \"%s\" is %s, not a non-empty string", name,
                         json_is_string(v) ? "empty" : skit_json_kind(v));
    *out = json_string_value(v);
    return STIR_OK;
}

/* RFC 8555 §6.2: no "none", no MAC; this server: ES256, RS256, EdDSA. */
static stir_status check_alg(const char *alg, stir_error_t *err)
{
    if (strcmp(alg, "ES256") == 0 || strcmp(alg, "RS256") == 0 || strcmp(alg, "EdDSA") == 0)
        return STIR_OK;
    if (strcmp(alg, "none") == 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "JWS alg \"none\" is refused; RFC 8555 §6.2 requires a signature "
                         "(supported: ES256, RS256, EdDSA)");
    if (strncmp(alg, "HS", 2) == 0)
        return skit_fail(err, STIR_E_UNSUPPORTED,
                         "JWS alg \"%.40s\" is a MAC; RFC 8555 §6.2 forbids MAC algorithms "
                         "(supported: ES256, RS256, EdDSA)", alg);
    return skit_fail(err, STIR_E_UNSUPPORTED,
                     "JWS alg \"%.40s\" is not supported (supported: ES256, RS256, EdDSA)",
                     alg);
}

/* The protected header's rules; fills the borrowed fields of out. inner:
 * the keyChange inner JWS (RFC 8555 §7.3.5): no nonce, jwk only. */
static stir_status check_header(skit_jws *out, int inner, stir_error_t *err)
{
    const json_t *hdr = out->protected_hdr;
    json_t *jwk, *kid;
    stir_status st = header_string(hdr, "alg", &out->alg, err);

    if (st == STIR_OK)
        st = check_alg(out->alg, err);
    if (st != STIR_OK)
        return st;
    if (json_object_get(hdr, "b64") != NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header carries \"b64\"; RFC 8555 §6.2 forbids an "
                         "unencoded payload (RFC 7797)");
    if (json_object_get(hdr, "crit") != NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header carries \"crit\"; this server understands no "
                         "JWS extension (RFC 7515 §4.1.11)");
    if (inner && json_object_get(hdr, "nonce") != NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "inner JWS protected header carries \"nonce\"; RFC 8555 §7.3.5 "
                         "requires the inner JWS to omit it");
    st = inner ? STIR_OK : header_string(hdr, "nonce", &out->nonce, err);
    if (st == STIR_OK)
        st = header_string(hdr, "url", &out->url, err);
    if (st != STIR_OK)
        return st;
    jwk = json_object_get(hdr, "jwk");
    kid = json_object_get(hdr, "kid");
    if (inner && (jwk == NULL || kid != NULL))
        return skit_fail(err, STIR_E_MALFORMED,
                         "inner JWS protected header must carry the new key as \"jwk\" and no "
                         "\"kid\" (RFC 8555 §7.3.5)");
    if (jwk != NULL && kid != NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header carries both \"jwk\" and \"kid\"; RFC 8555 "
                         "§6.2 requires exactly one");
    if (jwk == NULL && kid == NULL)
        return skit_fail(err, STIR_E_MALFORMED,
                         "JWS protected header carries neither \"jwk\" nor \"kid\"; RFC 8555 "
                         "§6.2 requires exactly one");
    if (jwk != NULL) {
        if (!json_is_object(jwk))
            return skit_fail(err, STIR_E_MALFORMED,
                             "JWS protected header \"jwk\" is a JSON %s, not an object",
                             skit_json_kind(jwk));
        out->jwk = jwk;
        return STIR_OK;
    }
    return header_string(hdr, "kid", &out->kid, err);
}

static stir_status parse(const char *body, size_t len, int inner, skit_jws *out,
                         stir_error_t *err)
{
    json_t *outer = NULL;
    const char *prot = NULL, *payload = NULL, *sig = NULL;
    size_t plen, ylen;
    stir_status st;

    if (out != NULL)
        memset(out, 0, sizeof(*out));
    if (body == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL request body or output");
    if (len > SKIT_JWS_MAX_BODY)
        return skit_fail(err, STIR_E_TOO_LARGE,
                         "request body of %zu bytes exceeds the %d-byte limit", len,
                         SKIT_JWS_MAX_BODY);
    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED,
                         "request body is empty; RFC 8555 §6.2 requires a JWS");
    st = skit_json_load_strict(body, len, "request body", &outer, err);
    if (st != STIR_OK)
        return st;
    if (!json_is_object(outer)) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "request body is a JSON %s, not a JWS in the flattened JSON "
                       "serialization (RFC 8555 §6.2)", skit_json_kind(outer));
        goto fail;
    }
    if (json_object_get(outer, "signatures") != NULL) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "JWS uses the general serialization (\"signatures\"); RFC 8555 §6.2 "
                       "requires the flattened JSON serialization with one signature");
        goto fail;
    }
    if (json_object_get(outer, "header") != NULL) {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "JWS carries an unprotected \"header\"; RFC 8555 §6.2 forbids it");
        goto fail;
    }
    st = outer_string(outer, "protected", &prot, err);
    if (st == STIR_OK)
        st = outer_string(outer, "payload", &payload, err);
    if (st == STIR_OK)
        st = outer_string(outer, "signature", &sig, err);
    if (st != STIR_OK)
        goto fail;
    if (prot[0] == '\0') {
        st = skit_fail(err, STIR_E_MALFORMED,
                       "JWS protected header is empty; RFC 8555 §6.2 requires alg, nonce and "
                       "url in it");
        goto fail;
    }
    st = skit_jws_segment_object(prot, strlen(prot), "JWS protected header", &out->protected_hdr,
                                 err);
    if (st == STIR_OK)
        st = check_header(out, inner, err);
    if (st == STIR_OK && payload[0] != '\0')
        st = skit_jws_segment_object(payload, strlen(payload), "JWS payload", &out->payload, err);
    if (st != STIR_OK)
        goto fail;
    st = skit_jws_segment_decode(sig, strlen(sig), "JWS signature", &out->sig, &out->sig_len,
                                 err);
    if (st != STIR_OK)
        goto fail;
    plen = strlen(prot);
    ylen = strlen(payload);
    out->signing_input = malloc(plen + 1 + ylen + 1);
    if (out->signing_input == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory parsing a JWS");
        goto fail;
    }
    memcpy(out->signing_input, prot, plen);
    out->signing_input[plen] = '.';
    memcpy(out->signing_input + plen + 1, payload, ylen + 1);
    out->signing_input_len = plen + 1 + ylen;
    json_decref(outer);
    return STIR_OK;
fail:
    json_decref(outer);
    skit_jws_clear(out);
    return st;
}

stir_status skit_jws_parse(const char *body, size_t len, skit_jws *out, stir_error_t *err)
{
    return parse(body, len, 0, out, err);
}

stir_status skit_jws_parse_inner(const char *body, size_t len, skit_jws *out,
                                 stir_error_t *err)
{
    return parse(body, len, 1, out, err);
}

void skit_jws_clear(skit_jws *j)
{
    if (j == NULL)
        return;
    json_decref(j->protected_hdr);
    json_decref(j->payload);
    free(j->signing_input);
    free(j->sig);
    memset(j, 0, sizeof(*j));
}

/* Which key an alg needs; STIR_E_UNSUPPORTED when key is another kind. */
static stir_status check_fit(const char *alg, EVP_PKEY *key, stir_error_t *err)
{
    const char *type = EVP_PKEY_get0_type_name(key);

    if (type == NULL)
        type = "unknown";
    if (strcmp(alg, "ES256") == 0) {
        stir_status st = skit_es256_check_key(key, err);

        return st == STIR_OK ? STIR_OK
                             : skit_error_prefix(err, STIR_E_UNSUPPORTED,
                                                 "JWS alg ES256 does not fit the key: ");
    }
    if (strcmp(alg, "RS256") == 0) {
        if (!EVP_PKEY_is_a(key, "RSA"))
            return skit_fail(err, STIR_E_UNSUPPORTED,
                             "JWS alg RS256 does not fit a %s key; RS256 needs RSA", type);
        if (EVP_PKEY_get_bits(key) < SKIT_JWK_RSA_MIN_BITS)
            return skit_fail(err, STIR_E_UNSUPPORTED,
                             "RSA key of %d bits is too short for RS256; at least %d",
                             EVP_PKEY_get_bits(key), SKIT_JWK_RSA_MIN_BITS);
        return STIR_OK;
    }
    if (strcmp(alg, "EdDSA") == 0) {
        if (!EVP_PKEY_is_a(key, "ED25519"))
            return skit_fail(err, STIR_E_UNSUPPORTED,
                             "JWS alg EdDSA does not fit a %s key; this server's EdDSA needs "
                             "Ed25519", type);
        return STIR_OK;
    }
    return check_alg(alg, err);
}

stir_status skit_jws_verify(const skit_jws *j, EVP_PKEY *key, stir_error_t *err)
{
    const unsigned char *sig;
    unsigned char *der = NULL;
    size_t siglen, derlen = 0;
    EVP_MD_CTX *md;
    int eddsa, rc;
    stir_status st;

    if (j == NULL || key == NULL || j->alg == NULL || j->signing_input == NULL ||
        j->sig == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL or unparsed JWS, or NULL key");
    st = check_fit(j->alg, key, err);
    if (st != STIR_OK)
        return st;
    sig = j->sig;
    siglen = j->sig_len;
    eddsa = strcmp(j->alg, "EdDSA") == 0;
    if (strcmp(j->alg, "ES256") == 0) {
        if (siglen != SKIT_ES256_SIG_LEN)
            return skit_fail(err, STIR_E_SIGNATURE,
                             "JWS ES256 signature is %zu bytes; it must be %d bytes of raw "
                             "r||s (RFC 7518 §3.4)", siglen, SKIT_ES256_SIG_LEN);
        st = skit_es256_raw_to_der(sig, siglen, &der, &derlen, err);
        if (st != STIR_OK)
            return st;
        sig = der;
        siglen = derlen;
    }
    md = EVP_MD_CTX_new();
    if (md == NULL) {
        OPENSSL_free(der);
        return skit_fail(err, STIR_E_NOMEM, "out of memory verifying a JWS");
    }
    rc = EVP_DigestVerifyInit_ex(md, NULL, eddsa ? NULL : "SHA256", NULL, NULL, key, NULL);
    if (rc == 1)
        rc = EVP_DigestVerify(md, sig, siglen, (const unsigned char *)j->signing_input,
                              j->signing_input_len);
    else
        rc = -2;
    EVP_MD_CTX_free(md);
    OPENSSL_free(der);
    if (rc == -2)
        return skit_fail_openssl(err, "cannot set up JWS verification");
    ERR_clear_error();
    if (rc != 1)
        return skit_fail(err, STIR_E_SIGNATURE,
                         "JWS %s signature does not verify over the received protected header "
                         "and payload", j->alg);
    return STIR_OK;
}
