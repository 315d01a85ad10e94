/* libFuzzer: the chain linter on arbitrary bundles, under both profiles. */
#include <string.h>

#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void ignore(const stir_lint_finding *f, void *arg)
{
    (void)f;
    (void)arg;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    stir_lint_opts o;
    stir_lint_summary sum;

    memset(&o, 0, sizeof(o));
    o.at = 1767225600;
    o.profile = STIR_LINT_PROFILE_SHAKEN;
    stir_lint_bundle((const char *)data, size, &o, ignore, NULL, &sum, NULL);
    o.profile = STIR_LINT_PROFILE_DELEGATE;
    stir_lint_bundle((const char *)data, size, &o, ignore, NULL, &sum, NULL);
    return 0;
}
