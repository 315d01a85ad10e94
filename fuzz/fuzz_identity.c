/* libFuzzer: SIP Identity header values (RFC 8224 §4). */
#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stir_identity *id = NULL;

    stir_identity_parse((const char *)data, size, &id, NULL);
    stir_identity_free(id);
    return 0;
}
