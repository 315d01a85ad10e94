/*
 * The x5u response rules - where a verifier fetches the chain
 * (RFC 8224 §7.2; RFC 9060 §7) and how it is served.
 * e_x5u_url: the URL is https, with a host, and no userinfo, query or
 * fragment (RFC 8224 §7.2 [R] and ATIS-1000074 [S]: "The verifier should
 * not dereference any protocol other than https"); verifiers refuse it
 * otherwise, stirkit's among them (stir_fetch_check_url).
 * w_x5u_url_port: port 443 or 8443 (ATIS [S]: "or a port other than 443
 * or 8443" - a SHOULD NOT for the verifier).
 * e_x5u_status: the chain comes with 200; verifiers follow no redirects.
 * w_x5u_content_type: "the mime type should be
 * application/pem-certificate-chain" (ATIS-1000080 [S]; RFC 8555 §9.1).
 * w_x5u_cache_control_missing, w_x5u_cache_max_age: ATIS-1000074 [S]:
 * "If the HTTP response does not include any recognized caching
 * directives or indicates caching for less than 24 hours, then the STI-VS
 * should cache the HTTP response for 24 hours" - a host that sends
 * Cache-Control with max-age >= 86400 gets the caching it intends.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/lint_int.h"

#define MEDIA_TYPE "application/pem-certificate-chain"
#define DAY 86400

static int ok_response(const stir_lint_http *r)
{
    return r->fetched && r->status == 200;
}

static void check_url(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    if (r->url_refusal != NULL)
        skit_lint_report(ctx, NULL, "%s; verifiers dereference only https URLs without "
                         "userinfo, query or fragment", r->url_refusal);
}

static void check_port(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    if (r->url_refusal == NULL && r->port_refusal != NULL)
        skit_lint_report(ctx, NULL, "%s; verifiers should fetch x5u only from port 443 or 8443",
                         r->port_refusal);
}

static void check_status(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    if (r->fetched && r->status != 200)
        skit_lint_report(ctx, NULL, "the server answered HTTP %ld; an x5u URL returns the chain "
                         "with 200, and verifiers follow no redirects", r->status);
}

static void check_content_type(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    size_t n;

    if (!ok_response(r))
        return;
    if (r->content_type == NULL) {
        skit_lint_report(ctx, NULL, "the response has no Content-Type; an x5u chain is served "
                         "as " MEDIA_TYPE);
        return;
    }
    n = strcspn(r->content_type, ";");
    while (n > 0 && isspace((unsigned char)r->content_type[n - 1]))
        n--;
    if (n != strlen(MEDIA_TYPE) || strncasecmp(r->content_type, MEDIA_TYPE, n) != 0)
        skit_lint_report(ctx, NULL, "the Content-Type is '%.80s'; an x5u chain is served as "
                         MEDIA_TYPE, r->content_type);
}

static void check_cache_present(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    if (ok_response(r) && r->cache_control == NULL)
        skit_lint_report(ctx, NULL, "the response has no Cache-Control; send max-age=86400 or "
                         "more so verifiers cache the chain for a day");
}

/*
 * The caching a Cache-Control value grants, in seconds: max-age's value,
 * 0 for no-store or no-cache, -1 when it says nothing about lifetime.
 */
static long granted(const char *cc)
{
    long max_age = -1;
    const char *p = cc;

    while (*p != '\0') {
        size_t len = strcspn(p, ",");
        char d[64];
        size_t k = 0;

        while (len > 0 && isspace((unsigned char)*p))
            p++, len--;
        for (size_t i = 0; i < len && k + 1 < sizeof(d); i++)
            if (!isspace((unsigned char)p[i]))
                d[k++] = (char)tolower((unsigned char)p[i]);
        d[k] = '\0';
        if (strcmp(d, "no-store") == 0 || strcmp(d, "no-cache") == 0)
            return 0;
        if (strncmp(d, "max-age=", 8) == 0) {
            char *end;
            long v = strtol(d + 8, &end, 10);

            max_age = *end == '\0' && d[8] != '\0' && v >= 0 ? v : 0;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    return max_age;
}

static void check_max_age(skit_lint_ctx *ctx, const stir_lint_http *r)
{
    long t;

    if (!ok_response(r) || r->cache_control == NULL)
        return;
    t = granted(r->cache_control);
    if (t >= 0 && t < DAY)
        skit_lint_report(ctx, NULL, "Cache-Control '%.80s' allows caching for %ld seconds, "
                         "less than a day (86400)", r->cache_control, t);
}

const skit_lint_rule skit_rule_e_x5u_url = {
    .info = {
        .id = "e_x5u_url",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "RFC 8224 §7.2; ATIS-1000074",
        .effective = SKIT_DATE_RFC8555,
        .description = "The x5u URL is https with a host and no userinfo, query or fragment.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_url,
};

const skit_lint_rule skit_rule_w_x5u_url_port = {
    .info = {
        .id = "w_x5u_url_port",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "ATIS-1000074",
        .effective = SKIT_DATE_RFC8555,
        .description = "The x5u URL uses port 443 or 8443.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_port,
};

const skit_lint_rule skit_rule_e_x5u_status = {
    .info = {
        .id = "e_x5u_status",
        .severity = STIR_LINT_ERROR,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "RFC 8224 §7.2; RFC 9060 §7",
        .effective = SKIT_DATE_RFC8555,
        .description = "The x5u URL answers 200 with the chain (no redirect, no error).",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_status,
};

const skit_lint_rule skit_rule_w_x5u_content_type = {
    .info = {
        .id = "w_x5u_content_type",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "ATIS-1000080; RFC 8555 §9.1",
        .effective = SKIT_DATE_RFC8555,
        .description = "The chain is served as application/pem-certificate-chain.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_content_type,
};

const skit_lint_rule skit_rule_w_x5u_cache_control_missing = {
    .info = {
        .id = "w_x5u_cache_control_missing",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "ATIS-1000074",
        .effective = SKIT_DATE_RFC8555,
        .description = "The response carries Cache-Control.",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_cache_present,
};

const skit_lint_rule skit_rule_w_x5u_cache_max_age = {
    .info = {
        .id = "w_x5u_cache_max_age",
        .severity = STIR_LINT_WARNING,
        .profiles = SKIT_LINT_BOTH,
        .scope = "x5u",
        .source = "ATIS-1000074",
        .effective = SKIT_DATE_RFC8555,
        .description = "Cache-Control allows caching for at least a day (max-age >= 86400, no "
                       "no-store or no-cache).",
    },
    .kind = SKIT_SCOPE_X5U,
    .check_x5u = check_max_age,
};
