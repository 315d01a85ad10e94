/* Shared JOSE pieces: JSON kinds for messages, ES256 compact JWS (RFC 7515). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "stirkit/base64.h"
#include "stirkit/passport.h"
#include "error_int.h"
#include "es256.h"
#include "jose.h"

const char *skit_json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "real number";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "value";
}

stir_status skit_json_load_strict(const char *text, size_t len, const char *label, json_t **out,
                                  stir_error_t *err)
{
    json_error_t jerr;
    /* jansson refuses \u0000 in strings unless JSON_ALLOW_NUL is given. */
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);

    if (v == NULL) {
        if (json_error_code(&jerr) == json_error_duplicate_key)
            return skit_fail(err, STIR_E_MALFORMED,
                             "%s repeats a JSON member name (%s); duplicate names are refused",
                             label, jerr.text);
        return skit_fail(err, STIR_E_MALFORMED, "%s is not valid JSON: %s (byte %d)", label,
                         jerr.text, jerr.position);
    }
    *out = v;
    return STIR_OK;
}

stir_status skit_jws_segment_decode(const char *seg, size_t len, const char *label,
                                    unsigned char **out, size_t *outlen, stir_error_t *err)
{
    stir_status st;

    if (len == 0)
        return skit_fail(err, STIR_E_MALFORMED, "%s segment is empty", label);
    st = stir_base64url_decode_strict(seg, len, out, outlen, err);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "%s segment: ", label);
    return STIR_OK;
}

stir_status skit_jws_segment_object(const char *seg, size_t len, const char *label,
                                    json_t **out, stir_error_t *err)
{
    unsigned char *bin = NULL;
    size_t n = 0;
    json_t *v = NULL;
    stir_status st = skit_jws_segment_decode(seg, len, label, &bin, &n, err);

    if (st != STIR_OK)
        return st;
    st = skit_json_load_strict((const char *)bin, n, label, &v, err);
    free(bin);
    if (st != STIR_OK)
        return st;
    if (!json_is_object(v)) {
        st = skit_fail(err, STIR_E_MALFORMED, "%s is a JSON %s, not an object", label,
                       skit_json_kind(v));
        json_decref(v);
        return st;
    }
    *out = v;
    return STIR_OK;
}

stir_status skit_jws_segment(const json_t *v, const char *what, const char *name, char **seg,
                             stir_error_t *err)
{
    char *text = NULL;
    stir_status st = stir_json_canonical(v, &text, err);

    if (st != STIR_OK)
        return skit_error_prefix(err, st, "%s %s: ", what, name);
    st = stir_base64_encode((const unsigned char *)text, strlen(text), 1, seg, err);
    free(text);
    return st;
}

/* ES256 over tbs: the raw signature, base64url. */
static stir_status sign(EVP_PKEY *key, const char *tbs, size_t len, const char *what,
                        char **sig64, stir_error_t *err)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char *der = NULL, raw[SKIT_ES256_SIG_LEN];
    char msg[96];
    size_t derlen = 0;
    stir_status st;

    if (md == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory signing the %s", what);
    if (EVP_DigestSignInit_ex(md, NULL, "SHA256", NULL, NULL, key, NULL) != 1 ||
        EVP_DigestSign(md, NULL, &derlen, (const unsigned char *)tbs, len) != 1 ||
        (der = OPENSSL_malloc(derlen)) == NULL ||
        EVP_DigestSign(md, der, &derlen, (const unsigned char *)tbs, len) != 1) {
        OPENSSL_free(der);
        EVP_MD_CTX_free(md);
        snprintf(msg, sizeof(msg), "ES256 signing failed for the %s (is it a private key?)",
                 what);
        return skit_fail_openssl(err, msg);
    }
    EVP_MD_CTX_free(md);
    st = skit_es256_der_to_raw(der, derlen, raw, err);
    OPENSSL_free(der);
    if (st == STIR_OK)
        st = stir_base64_encode(raw, sizeof(raw), 1, sig64, err);
    return st;
}

stir_status skit_jws_compact_es256(const json_t *header, const json_t *payload, EVP_PKEY *key,
                                   size_t max_len, const char *what, char **out,
                                   stir_error_t *err)
{
    char *h64 = NULL, *p64 = NULL, *s64 = NULL, *tok = NULL;
    size_t hlen, plen, total;
    stir_status st = skit_jws_segment(header, what, "header", &h64, err);

    if (st == STIR_OK)
        st = skit_jws_segment(payload, what, "payload", &p64, err);
    if (st != STIR_OK)
        goto done;
    hlen = strlen(h64);
    plen = strlen(p64);
    total = hlen + plen + 2 + 86; /* header "." payload "." 86 signature characters */
    if (total > max_len) {
        st = skit_fail(err, STIR_E_TOO_LARGE, "the %s would be %zu bytes, over the %zu-byte limit",
                       what, total, max_len);
        goto done;
    }
    tok = malloc(total + 1);
    if (tok == NULL) {
        st = skit_fail(err, STIR_E_NOMEM, "out of memory signing the %s", what);
        goto done;
    }
    memcpy(tok, h64, hlen);
    tok[hlen] = '.';
    memcpy(tok + hlen + 1, p64, plen);
    st = sign(key, tok, hlen + 1 + plen, what, &s64, err);
    if (st != STIR_OK)
        goto done;
    tok[hlen + 1 + plen] = '.';
    memcpy(tok + hlen + plen + 2, s64, strlen(s64) + 1);
    *out = tok;
    tok = NULL;
done:
    free(h64);
    free(p64);
    free(s64);
    free(tok);
    return st;
}
