/* libFuzzer: certificate bundles (strict PEM, AKID/SKID linking, TNAuthLists of the chain). */
#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stir_chain *chain = NULL;

    if (stir_chain_from_pem((const char *)data, size, &chain, NULL) == STIR_OK) {
        for (size_t d = 0; d < stir_chain_length(chain); d++) {
            stir_tnauthlist *t = NULL;

            stir_tnauthlist_from_cert(stir_chain_get0_cert(chain, d), &t, NULL);
            stir_tnauthlist_free(t);
        }
    }
    stir_chain_free(chain);
    return 0;
}
