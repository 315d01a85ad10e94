/* libFuzzer: strict TNAuthList DER decoding (RFC 8226); what decodes re-encodes to itself. */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stir_tnauthlist *t = NULL;
    unsigned char *der = NULL;
    size_t len;

    if (stir_tnauthlist_parse(data, size, &t, NULL) == STIR_OK) {
        if (stir_tnauthlist_encode(t, &der, &len, NULL) != STIR_OK || len != size ||
            memcmp(der, data, size) != 0)
            abort(); /* strict DER: decode then encode is the identity */
        OPENSSL_free(der);
    }
    stir_tnauthlist_free(t);
    return 0;
}
