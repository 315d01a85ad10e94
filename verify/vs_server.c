/* The verification service (and signing endpoint) over HTTP, JSON in and out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stirkit/stirkit.h"
#include "stirkit/vs_server.h"
#include "error_int.h"
#include "httpd.h"

#define MAX_BODY 65536
#define MAX_IDENTITIES 16
#define MAX_DEST 16

struct stir_vs_server {
    stir_vs_server_opts opts;
    skit_http_simple http;
    skit_httpd *httpd;
    unsigned short port;
};

static char *dump(json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

    json_decref(v);
    return s;
}

/* A 400 answer: {"error": sentence}. */
static void bad_request(unsigned *status, char **out, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    skit_utf8_sanitize(msg);
    *status = 400;
    *out = dump(json_pack("{s:s}", "error", msg));
}

/* A string or an array of strings into list[max]; returns the count or -1. */
static int strings(json_t *v, const char **list, int max)
{
    size_t i;
    json_t *e;

    if (json_is_string(v)) {
        list[0] = json_string_value(v);
        return 1;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > (size_t)max)
        return -1;
    json_array_foreach(v, i, e) {
        if (!json_is_string(e))
            return -1;
        list[i] = json_string_value(e);
    }
    return (int)json_array_size(v);
}

static const char *opt_string(json_t *o, const char *key, int *bad)
{
    json_t *v = json_object_get(o, key);

    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_string(v))
        *bad = 1;
    return json_string_value(v);
}

static void do_verify(stir_vs_server *s, json_t *req, unsigned *status, char **out)
{
    const char *ids[MAX_IDENTITIES], *from, *to;
    json_t *t = json_object_get(req, "time");
    int n = 0, bad = 0;
    int64_t now = (int64_t)time(NULL);
    stir_vs_result r;

    if (json_object_get(req, "identity") != NULL) {
        n = strings(json_object_get(req, "identity"), ids, MAX_IDENTITIES);
        if (n < 0)
            return bad_request(status, out, "\"identity\" must be a string or an array of 1 to %d "
                               "strings", MAX_IDENTITIES);
    }
    from = opt_string(req, "from", &bad);
    to = opt_string(req, "to", &bad);
    if (bad)
        return bad_request(status, out, "\"from\" and \"to\" must be strings");
    if (s->opts.now > 0)
        now = s->opts.now;
    if (t != NULL && !json_is_null(t)) {
        json_int_t date;
        int64_t window = s->opts.date_window > 0 ? s->opts.date_window : 60;

        if (!json_is_integer(t) || (date = json_integer_value(t)) < 0)
            return bad_request(status, out, "\"time\" must be seconds since 1970 (an integer)");
        /* The request's Date (RFC 8224 §6.2.1): it must be fresh, but the
         * checks themselves always run on the server's clock. */
        if (date < now - window || date > now + window) {
            memset(&r, 0, sizeof(r));
            r.code = STIR_VS_STALE;
            r.sip_code = stir_vs_sip_code(r.code);
            r.reason = stir_vs_reason(r.code);
            r.verstat = stir_vs_verstat(r.code);
            snprintf(r.detail, sizeof(r.detail),
                     "the request time %lld is more than %lld s from the verifier's clock %lld",
                     (long long)date, (long long)window, (long long)now);
            *status = 200;
            *out = dump(stir_vs_result_json(&r));
            return;
        }
    }
    stir_verifier_verify(s->opts.verifier, ids, (size_t)n, from, to, now, &r);
    *status = 200;
    *out = dump(stir_vs_result_json(&r));
}

static void do_sign(stir_vs_server *s, json_t *req, unsigned *status, char **out)
{
    const char *dest[MAX_DEST];
    stir_passport_claims c;
    json_t *iat = json_object_get(req, "iat");
    char uuid[37], *jws = NULL, *hdr = NULL;
    stir_error_t err;
    int n, bad = 0;

    if (s->opts.sign_key == NULL) {
        *status = 404;
        *out = dump(json_pack("{s:s}", "error", "signing is not configured on this server"));
        return;
    }
    memset(&c, 0, sizeof(c));
    c.orig_tn = opt_string(req, "orig", &bad);
    c.attest = opt_string(req, "attest", &bad);
    c.origid = opt_string(req, "origid", &bad);
    n = strings(json_object_get(req, "dest"), dest, MAX_DEST);
    if (bad || c.orig_tn == NULL || n < 0 || c.attest == NULL)
        return bad_request(status, out, "sign needs \"orig\" (string), \"dest\" (string or "
                           "array of strings) and \"attest\" (A, B or C)");
    c.dest_tn = dest;
    c.n_dest_tn = (size_t)n;
    c.ppt = "shaken";
    c.x5u = s->opts.sign_x5u;
    c.iat = s->opts.now > 0 ? s->opts.now : (int64_t)time(NULL);
    if (iat != NULL && !json_is_null(iat)) {
        if (!json_is_integer(iat))
            return bad_request(status, out, "\"iat\" must be seconds since 1970 (an integer)");
        c.iat = json_integer_value(iat);
    }
    if (c.origid == NULL && stir_origid_random(uuid))
        c.origid = uuid;
    if (stir_passport_sign(&c, s->opts.sign_key, &jws, &err) != STIR_OK ||
        stir_identity_build(jws, c.x5u, c.ppt, &hdr, &err) != STIR_OK) {
        free(jws);
        return bad_request(status, out, "%s", err.text);
    }
    *status = 200;
    *out = dump(json_pack("{s:s,s:s}", "identity", hdr, "jws", jws));
    free(jws);
    free(hdr);
}

static void handle(void *cls, const skit_http_request *hr, skit_http_response *res)
{
    stir_vs_server *s = cls;
    const char *url = hr->url, *method = hr->method, *body = hr->body;
    size_t len = hr->len;
    unsigned *status = &res->status;
    char **out = &res->body;
    int verify = strcmp(url, "/v1/verify") == 0, sign = strcmp(url, "/v1/sign") == 0;
    json_error_t jerr;
    json_t *req;

    if (!verify && !sign) {
        *status = 404;
        *out = dump(json_pack("{s:s}", "error", "no such resource; use POST /v1/verify or /v1/sign"));
        return;
    }
    if (strcmp(method, "POST") != 0) {
        *status = 405;
        *out = dump(json_pack("{s:s}", "error", "use POST"));
        return;
    }
    req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!json_is_object(req)) {
        json_decref(req);
        return bad_request(status, out, "the request body is not a JSON object: %s",
                           req == NULL ? jerr.text : "another JSON value");
    }
    if (verify)
        do_verify(s, req, status, out);
    else
        do_sign(s, req, status, out);
    json_decref(req);
}

stir_status stir_vs_server_start(const stir_vs_server_opts *o, stir_vs_server **out,
                                 stir_error_t *err)
{
    stir_vs_server *s;
    skit_httpd_conf conf = {0};
    stir_status st;

    if (o == NULL || o->verifier == NULL || out == NULL ||
        (o->sign_key != NULL && o->sign_x5u == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "the verification service needs a verifier (and an x5u with a signing key)");
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    s->opts = *o;
    s->http.fn = handle;
    s->http.cls = s;
    s->http.max_body = MAX_BODY;
    conf.listen = o->listen;
    conf.tls_cert_file = o->tls_cert_file;
    conf.tls_key_file = o->tls_key_file;
    conf.max_conn_per_ip = o->max_conn_per_ip;
    st = skit_httpd_start_simple(&conf, &s->http, &s->httpd, &s->port, err);
    if (st != STIR_OK) {
        free(s);
        return st;
    }
    *out = s;
    return STIR_OK;
}

unsigned short stir_vs_server_port(const stir_vs_server *s)
{
    return s != NULL ? s->port : 0;
}

void stir_vs_server_stop(stir_vs_server *s)
{
    if (s == NULL)
        return;
    skit_httpd_stop(s->httpd);
    free(s);
}
