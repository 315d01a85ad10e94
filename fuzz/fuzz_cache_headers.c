/* libFuzzer: HTTP Cache-Control / Expires values to an x5u cache TTL (RFC 7234). */
#include <stdlib.h>
#include <string.h>

#include "stirkit/stirkit.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* Cache-Control, a NUL, then Expires. */
    char *text = malloc(size + 1);
    const char *expires;
    int64_t ttl;

    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    expires = strlen(text) < size ? text + strlen(text) + 1 : NULL;
    ttl = stir_x5u_ttl(text, expires, 1767225600, 0, 1767225600 + 365 * 86400);
    if (ttl < 0 || ttl > 365 * 86400)
        abort(); /* never negative, never past notAfter */
    free(text);
    return 0;
}
