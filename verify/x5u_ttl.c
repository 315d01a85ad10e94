/* How long to cache an x5u response (RFC 7234 §4.2.1, ATIS-1000074 §5.3.1). */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "stirkit/verifier.h"

/* RFC 7234 §1.2.1: delta-seconds too large are taken as 2^31. */
#define DELTA_MAX 2147483648LL

/* The value of directive name (max-age, s-maxage) in cc, or -1. */
static int64_t directive(const char *cc, const char *name)
{
    size_t n = strlen(name);

    for (const char *p = cc; p != NULL && *p != '\0'; p = strchr(p, ',')) {
        int64_t v = 0;

        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, name, n) != 0 || p[n] != '=')
            continue;
        p += n + 1;
        if (*p == '"')
            p++;
        if (!isdigit((unsigned char)*p))
            continue;
        while (isdigit((unsigned char)*p)) {
            v = v * 10 + (*p++ - '0');
            if (v > DELTA_MAX)
                v = DELTA_MAX;
        }
        return v;
    }
    return -1;
}

int64_t stir_x5u_ttl(const char *cache_control, const char *expires, int64_t now,
                     int64_t min_ttl, int64_t not_after)
{
    int64_t ttl = -1;

    if (cache_control != NULL) {
        ttl = directive(cache_control, "s-maxage");
        if (ttl < 0)
            ttl = directive(cache_control, "max-age");
    }
    if (ttl < 0 && expires != NULL) {
        time_t t = curl_getdate(expires, NULL);

        if (t != -1)
            ttl = (int64_t)t - now;
    }
    if (min_ttl <= 0)
        min_ttl = 86400;
    if (ttl < min_ttl)
        ttl = min_ttl;
    if (not_after > 0 && now + ttl > not_after)
        ttl = not_after > now ? not_after - now : 0;
    return ttl;
}
