/* libFuzzer: ACME request bodies (flattened JWS, RFC 8555 §6.2) and their JWKs. */
#include <openssl/evp.h>

#include "stirkit/stirkit.h"
#include "jwk.h"
#include "jws.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    skit_jws j;
    EVP_PKEY *key = NULL;
    unsigned char thumb[32];

    if (skit_jws_parse((const char *)data, size, &j, NULL) == STIR_OK) {
        if (j.jwk != NULL && skit_jwk_to_pkey(j.jwk, &key, NULL) == STIR_OK) {
            skit_jwk_thumbprint(j.jwk, thumb, NULL);
            skit_jws_verify(&j, key, NULL);
        }
        EVP_PKEY_free(key);
        skit_jws_clear(&j);
    }
    return 0;
}
