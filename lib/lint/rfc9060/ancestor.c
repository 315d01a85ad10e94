/* The nearest ancestor of a certificate that carries a TNAuthList. */
#include "lint/lint_int.h"

const skit_lint_cert *skit_lint_tnal_parent(const skit_lint_ctx *ctx, const skit_lint_cert *c)
{
    const skit_lint_cert *a = skit_lint_cert_at(ctx, c->up);

    for (size_t steps = 0; a != NULL && a != c && steps < ctx->n; steps++) {
        if (a->tnal_status != STIR_E_NO_TNAUTHLIST)
            return a;
        a = skit_lint_cert_at(ctx, a->up);
    }
    return NULL;
}
