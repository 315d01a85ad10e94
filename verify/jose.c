/* Shared JOSE pieces: JSON kinds for messages, ES256 compact JWS (RFC 7515). */
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
        return skit_fail_openssl(err, what[0] == 'P' ? "ES256 signing failed for the PASSporT "
                                                       "(is it a private key?)"
                                                     : "ES256 signing failed for the Authority "
                                                       "Token (is it a private key?)");
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
