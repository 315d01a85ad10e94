/* Loading the CA key through OSSL_STORE, and checking it matches the certificate. */
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/store.h>

#include "ca_int.h"
#include "error_int.h"

stir_status skit_ca_load_key(OSSL_LIB_CTX *libctx, const char *uri, EVP_PKEY **out,
                             stir_error_t *err)
{
    OSSL_STORE_CTX *store = OSSL_STORE_open_ex(uri, libctx, NULL, NULL, NULL, NULL, NULL, NULL);
    EVP_PKEY *key = NULL;

    if (store == NULL) {
        unsigned long e = ERR_peek_last_error();

        skit_fail(err, STIR_E_IO, "cannot open the CA key '%.200s': %s", uri,
                  e && ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "no such key");
        ERR_clear_error();
        return STIR_E_IO;
    }
    OSSL_STORE_expect(store, OSSL_STORE_INFO_PKEY);
    while (key == NULL && !OSSL_STORE_eof(store)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(store);

        if (info != NULL && OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY)
            key = OSSL_STORE_INFO_get1_PKEY(info);
        OSSL_STORE_INFO_free(info);
        if (info == NULL && OSSL_STORE_error(store))
            break;
    }
    OSSL_STORE_close(store);
    ERR_clear_error();
    if (key == NULL)
        return skit_fail(err, STIR_E_IO, "no private key found at '%.200s'", uri);
    *out = key;
    return STIR_OK;
}

stir_status stir_key_load(const char *uri, EVP_PKEY **out, stir_error_t *err)
{
    if (uri == NULL || out == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL key URI or output");
    return skit_ca_load_key(NULL, uri, out, err);
}

stir_status skit_ca_key_matches(EVP_PKEY *key, X509 *cert, stir_error_t *err)
{
    static const unsigned char nonce[] = "stirkit CA key check";
    /* Separate contexts: OpenSSL 3.0 does not reset a signing context
     * re-initialised for verification, and then "verifies" anything. */
    EVP_MD_CTX *sign = EVP_MD_CTX_new(), *verify = EVP_MD_CTX_new();
    unsigned char sig[256];
    size_t siglen = sizeof(sig);
    int ok = sign != NULL && verify != NULL &&
             EVP_DigestSignInit(sign, NULL, EVP_sha256(), NULL, key) == 1 &&
             EVP_DigestSign(sign, sig, &siglen, nonce, sizeof(nonce)) == 1 &&
             EVP_DigestVerifyInit(verify, NULL, EVP_sha256(), NULL, X509_get0_pubkey(cert)) == 1 &&
             EVP_DigestVerify(verify, sig, siglen, nonce, sizeof(nonce)) == 1;

    EVP_MD_CTX_free(sign);
    EVP_MD_CTX_free(verify);
    ERR_clear_error();
    if (!ok)
        return skit_fail(err, STIR_E_REFUSED,
                         "the private key does not match the CA certificate's public key");
    return STIR_OK;
}
