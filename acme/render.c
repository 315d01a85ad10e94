/* ACME objects (RFC 8555 §7.1) and problem documents (§6.7) as JSON. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server_int.h"
#include "error_int.h"

void skit_acme_url(const stir_acme_server *s, char *out, size_t n, const char *fmt, ...)
{
    size_t used = (size_t)snprintf(out, n, "%s", s->base);
    va_list ap;

    if (used >= n)
        return;
    va_start(ap, fmt);
    vsnprintf(out + used, n - used, fmt, ap);
    va_end(ap);
}

json_t *skit_acme_time(int64_t t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    char buf[32];

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return json_null();
    return json_string(buf);
}

void skit_acme_json(skit_acme_ctx *c, unsigned status, json_t *body, const char *location)
{
    c->res->status = status;
    c->res->content_type = "application/json";
    c->res->body = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(body);
    if (location != NULL)
        skit_http_add_header(c->res, "Location", location);
}

void skit_acme_problem(skit_acme_ctx *c, unsigned status, const char *type, const char *fmt, ...)
{
    char detail[768], urn[96];
    json_t *p;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(detail, sizeof(detail), fmt, ap);
    va_end(ap);
    skit_utf8_sanitize(detail);
    snprintf(urn, sizeof(urn), "urn:ietf:params:acme:error:%s", type);
    p = json_pack("{s:s,s:s,s:i}", "type", urn, "detail", detail, "status", (int)status);
    if (strcmp(type, "badSignatureAlgorithm") == 0)
        json_object_set_new(p, "algorithms", json_pack("[s,s,s]", "ES256", "RS256", "EdDSA"));
    c->res->status = status;
    c->res->content_type = "application/problem+json";
    c->res->body = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(p);
}

json_t *skit_acme_account_json(const stir_acme_server *s, const skit_acct *a)
{
    char url[700];
    json_t *contact = json_loads(a->contact != NULL ? a->contact : "[]", 0, NULL);

    skit_acme_url(s, url, sizeof(url), "/acct/%s/orders", a->id);
    return json_pack("{s:s,s:o,s:s}", "status", a->status, "contact",
                     contact != NULL ? contact : json_array(), "orders", url);
}

json_t *skit_acme_chall_json(const stir_acme_server *s, const skit_order *o)
{
    char url[700];
    json_t *ch;

    skit_acme_url(s, url, sizeof(url), "/chall/%s", o->id);
    /* RFC 9448 §4; "token-authority" is omitted, as SHAKEN does not use it. */
    ch = json_pack("{s:s,s:s,s:s,s:s,s:s}", "type", "tkauth-01", "url", url, "status",
                   o->chall_status, "token", o->token, "tkauth-type", "atc");
    if (o->validated > 0)
        json_object_set_new(ch, "validated", skit_acme_time(o->validated));
    if (o->chall_error != NULL)
        json_object_set_new(ch, "error", json_loads(o->chall_error, 0, NULL));
    return ch;
}

json_t *skit_acme_authz_json(const stir_acme_server *s, const skit_order *o)
{
    return json_pack("{s:s,s:o,s:{s:s,s:s},s:[o]}", "status", o->authz_status, "expires",
                     skit_acme_time(o->expires), "identifier", "type", "TNAuthList", "value",
                     o->identifier, "challenges", skit_acme_chall_json(s, o));
}

json_t *skit_acme_order_json(const stir_acme_server *s, const skit_order *o)
{
    char authz[700], fin[700], cert[700];
    json_t *j;

    skit_acme_url(s, authz, sizeof(authz), "/authz/%s", o->id);
    skit_acme_url(s, fin, sizeof(fin), "/order/%s/finalize", o->id);
    j = json_pack("{s:s,s:o,s:[{s:s,s:s}],s:[s],s:s}", "status", o->status, "expires",
                  skit_acme_time(o->expires), "identifiers", "type", "TNAuthList", "value",
                  o->identifier, "authorizations", authz, "finalize", fin);
    if (o->cert[0] != '\0') {
        skit_acme_url(s, cert, sizeof(cert), "/cert/%s", o->cert);
        json_object_set_new(j, "certificate", json_string(cert));
    }
    if (o->error != NULL)
        json_object_set_new(j, "error", json_loads(o->error, 0, NULL));
    return j;
}
