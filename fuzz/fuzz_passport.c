/* libFuzzer: PASSporT JWS decoding and claim checks (RFC 8225, RFC 8588). */
#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stir_passport *p = NULL;
    stir_passport_idtype type;
    int64_t iat;

    if (stir_passport_decode((const char *)data, size, &p, NULL) == STIR_OK) {
        stir_passport_check(p, NULL);
        stir_passport_check_iat(p, 1767225600, 60, NULL);
        stir_passport_get_iat(p, &iat, NULL);
        stir_passport_get0_orig(p, &type);
        for (size_t i = 0; i < stir_passport_dest_count(p, STIR_PASSPORT_ID_TN); i++)
            stir_passport_get0_dest(p, STIR_PASSPORT_ID_TN, i);
    }
    stir_passport_free(p);
    return 0;
}
