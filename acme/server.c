/*
 * The ACME server front (RFC 8555 §6, §7.1-7.2): directory, nonces, the
 * JWS checks every POST passes (content type, flattened JWS, url, nonce,
 * account key), routing, and the server's lifecycle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stirkit/stirkit.h"
#include "error_int.h"
#include "jwk.h"
#include "server_int.h"

static void add_nonce_and_index(stir_acme_server *s, skit_http_response *res)
{
    char nonce[SKIT_ID_LEN], link[700];

    skit_nonce_new(s->nonces, nonce);
    skit_http_add_header(res, "Replay-Nonce", nonce);
    snprintf(link, sizeof(link), "<%s>;rel=\"index\"", s->directory);
    skit_http_add_header(res, "Link", link);
    skit_http_add_header(res, "Cache-Control", "no-store");
}

static void directory(skit_acme_ctx *c)
{
    stir_acme_server *s = c->s;
    char nn[700], na[700], no[700], rc[700], kc[700];
    json_t *meta = json_pack("{s:b}", "externalAccountRequired", 0);

    skit_acme_url(s, nn, sizeof(nn), "/new-nonce");
    skit_acme_url(s, na, sizeof(na), "/new-account");
    skit_acme_url(s, no, sizeof(no), "/new-order");
    skit_acme_url(s, rc, sizeof(rc), "/revoke-cert");
    skit_acme_url(s, kc, sizeof(kc), "/key-change");
    if (s->cfg.terms_of_service != NULL)
        json_object_set_new(meta, "termsOfService", json_string(s->cfg.terms_of_service));
    skit_acme_json(c, 200,
                   json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "newNonce", nn, "newAccount", na,
                             "newOrder", no, "revokeCert", rc, "keyChange", kc, "meta", meta),
                   NULL);
}

/* 1 when path is PREFIX/ID[SUFFIX]; copies ID. */
static int match(const char *path, const char *prefix, const char *suffix, char id[SKIT_ID_LEN])
{
    size_t p = strlen(prefix), n;
    const char *rest;

    if (strncmp(path, prefix, p) != 0)
        return 0;
    rest = path + p;
    n = strcspn(rest, "/");
    if (n == 0 || n >= SKIT_ID_LEN || strcmp(rest + n, suffix) != 0)
        return 0;
    memcpy(id, rest, n);
    id[n] = '\0';
    return 1;
}

/* Checks the JWS of a POST and finds the signing key; answers errors itself. */
static int authenticate(skit_acme_ctx *c, const char *path, int want_jwk)
{
    stir_acme_server *s = c->s;
    stir_error_t err;
    char url[700], prefix[700];
    stir_status st;
    size_t pl;

    if (c->req->content_type == NULL ||
        strncmp(c->req->content_type, "application/jose+json", 21) != 0) {
        skit_acme_problem(c, 415, "malformed",
                          "Content-Type must be application/jose+json (RFC 8555 §6.2), not %.60s",
                          c->req->content_type != NULL ? c->req->content_type : "absent");
        return 0;
    }
    st = skit_jws_parse(c->req->body, c->req->len, &c->jws, &err);
    if (st == STIR_E_UNSUPPORTED) {
        skit_acme_problem(c, 400, "badSignatureAlgorithm", "%s", err.text);
        return 0;
    }
    if (st != STIR_OK) {
        skit_acme_problem(c, 400, "malformed", "%s", err.text);
        return 0;
    }
    skit_acme_url(s, url, sizeof(url), "%s", path);
    if (strcmp(c->jws.url, url) != 0) {
        skit_acme_problem(c, 401, "unauthorized",
                          "the JWS url %.200s is not the request URL %.200s (RFC 8555 §6.4)",
                          c->jws.url, url);
        return 0;
    }
    if (!skit_nonce_use(s->nonces, c->jws.nonce)) {
        skit_acme_problem(c, 400, "badNonce", "the nonce is unknown or was already used");
        return 0;
    }
    if (want_jwk == 1 && c->jws.jwk == NULL) {
        skit_acme_problem(c, 400, "malformed", "this request must carry the key as jwk, not kid");
        return 0;
    }
    if (want_jwk == 0 && c->jws.kid == NULL) {
        skit_acme_problem(c, 400, "malformed",
                          "this request must name the account as kid, not carry a jwk");
        return 0;
    }
    if (c->jws.kid != NULL) {
        skit_acme_url(s, prefix, sizeof(prefix), "/acct/");
        pl = strlen(prefix);
        if (strncmp(c->jws.kid, prefix, pl) != 0 ||
            skit_acct_by_id(s->db, c->jws.kid + pl, &c->acct, NULL) != STIR_OK) {
            skit_acme_problem(c, 400, "accountDoesNotExist", "no account %.200s", c->jws.kid);
            return 0;
        }
        if (strcmp(c->acct.status, "valid") != 0) {
            skit_acme_problem(c, 401, "unauthorized", "the account is %s", c->acct.status);
            return 0;
        }
        {
            json_t *jwk = json_loads(c->acct.jwk, 0, NULL);

            st = skit_jwk_to_pkey(jwk, &c->key, &err);
            json_decref(jwk);
        }
    } else {
        st = skit_jwk_to_pkey(c->jws.jwk, &c->key, &err);
    }
    if (st != STIR_OK) {
        skit_acme_problem(c, 400, "badPublicKey", "%s", err.text);
        return 0;
    }
    st = skit_jws_verify(&c->jws, c->key, &err);
    if (st != STIR_OK) {
        skit_acme_problem(c, 400, st == STIR_E_UNSUPPORTED ? "badSignatureAlgorithm" : "malformed",
                          "%s", err.text);
        return 0;
    }
    return 1;
}

static void route(skit_acme_ctx *c)
{
    const char *path = c->req->url, *method = c->req->method;
    char id[SKIT_ID_LEN];
    int jwk = -1; /* -1 either, 1 jwk, 0 kid */

    if (strcmp(path, "/directory") == 0 && strcmp(method, "GET") == 0)
        return directory(c);
    if (strcmp(path, "/new-nonce") == 0 &&
        (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)) {
        c->res->status = strcmp(method, "GET") == 0 ? 204 : 200;
        c->res->content_type = NULL;
        return;
    }
    if (strcmp(method, "POST") != 0) {
        skit_acme_problem(c, 405, "malformed",
                          "%s is answered to POST (or POST-as-GET) only (RFC 8555 §6.3)", path);
        skit_http_add_header(c->res, "Allow", "POST");
        return;
    }
    if (strcmp(path, "/new-account") == 0)
        jwk = 1;
    else if (strcmp(path, "/revoke-cert") != 0)
        jwk = 0;
    if (!authenticate(c, path, jwk))
        return;
    if (strcmp(path, "/new-account") == 0)
        return skit_acme_new_account(c);
    if (strcmp(path, "/revoke-cert") == 0)
        return skit_acme_revoke(c);
    if (strcmp(path, "/key-change") == 0)
        return skit_acme_key_change(c);
    if (strcmp(path, "/new-order") == 0)
        return skit_acme_new_order(c);
    if (match(path, "/acct/", "", id))
        return skit_acme_account(c, id, 0);
    if (match(path, "/acct/", "/orders", id))
        return skit_acme_account(c, id, 1);
    if (match(path, "/order/", "", id))
        return skit_acme_order(c, id);
    if (match(path, "/order/", "/finalize", id))
        return skit_acme_finalize(c, id);
    if (match(path, "/authz/", "", id))
        return skit_acme_authz(c, id);
    if (match(path, "/chall/", "", id))
        return skit_acme_chall(c, id);
    if (match(path, "/cert/", "", id))
        return skit_acme_cert(c, id);
    skit_acme_problem(c, 404, "malformed", "no resource %.200s", path);
}

static void ctx_init(skit_acme_ctx *c, void *cls, const skit_http_request *req,
                     skit_http_response *res)
{
    memset(c, 0, sizeof(*c));
    c->s = cls;
    c->req = req;
    c->res = res;
    c->now = (int64_t)time(NULL);
}

static void handle(void *cls, const skit_http_request *req, skit_http_response *res)
{
    skit_acme_ctx c;

    ctx_init(&c, cls, req, res);
    pthread_mutex_lock(&c.s->lock);
    route(&c);
    pthread_mutex_unlock(&c.s->lock);
    if (strcmp(req->url, "/directory") != 0)
        add_nonce_and_index(c.s, res);
    skit_jws_clear(&c.jws);
    skit_acct_clear(&c.acct);
    EVP_PKEY_free(c.key);
}

/* A body over max_body: a problem document with a fresh nonce, like every
 * other error (RFC 8555 §6.5, §6.7); the request itself is never read. */
static void too_large(void *cls, const skit_http_request *req, skit_http_response *res)
{
    skit_acme_ctx c;

    ctx_init(&c, cls, req, res);
    skit_acme_problem(&c, 413, "malformed", "the request body is over %zu bytes",
                      c.s->http.max_body);
    add_nonce_and_index(c.s, res);
}

int skit_acme_own_order(skit_acme_ctx *c, const char *id, skit_order *o)
{
    if (skit_order_by_id(c->s->db, id, o, NULL) != STIR_OK) {
        skit_acme_problem(c, 404, "malformed", "no such order or authorization");
        return 0;
    }
    if (strcmp(o->account, c->acct.id) != 0) {
        skit_order_clear(o);
        skit_acme_problem(c, 403, "unauthorized", "the object belongs to another account");
        return 0;
    }
    return 1;
}

/* Copies the string settings, so the server owns its configuration. */
static stir_status copy_config(stir_acme_config *dst, const stir_acme_config *src,
                               stir_error_t *err)
{
    char **d[] = {&dst->listen, &dst->base_url, &dst->tls_cert, &dst->tls_key, &dst->ca_dir,
                  &dst->database, &dst->ta_anchors, &dst->terms_of_service,
                  &dst->ta_allow_address, &dst->ta_tls_ca};

    *dst = *src;
    for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++)
        if (*d[i] != NULL && (*d[i] = strdup(*d[i])) == NULL)
            return skit_fail(err, STIR_E_NOMEM, "out of memory");
    return STIR_OK;
}

static stir_status open_state(stir_acme_server *s, stir_error_t *err)
{
    char *pem = NULL, path[4096];
    FILE *f;
    long n;
    stir_status st = stir_ca_open(s->cfg.ca_dir, &s->ca, err);

    if (st != STIR_OK)
        return st;
    if (s->cfg.database == NULL)
        snprintf(path, sizeof(path), "%s/acme.db", s->cfg.ca_dir);
    else
        snprintf(path, sizeof(path), "%s", s->cfg.database);
    st = skit_acme_db_open(path, &s->db, err);
    if (st != STIR_OK)
        return st;
    f = fopen(s->cfg.ta_anchors, "rb");
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && n < 4194304 &&
        fseek(f, 0, SEEK_SET) == 0 && (pem = malloc((size_t)n + 1)) != NULL &&
        fread(pem, 1, (size_t)n, f) == (size_t)n)
        pem[n] = '\0';
    else {
        free(pem);
        pem = NULL;
    }
    if (f != NULL)
        fclose(f);
    if (pem == NULL)
        return skit_fail(err, STIR_E_IO, "cannot read ta_anchors %.300s", s->cfg.ta_anchors);
    s->ta_anchors = stir_trust_new();
    st = s->ta_anchors != NULL ? stir_trust_add_pem(s->ta_anchors, pem, (size_t)n, err)
                               : skit_fail(err, STIR_E_NOMEM, "out of memory");
    free(pem);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "ta_anchors: ");
    s->policy.anchors = s->ta_anchors;
    s->policy.skew = s->cfg.clock_skew;
    s->policy.fetch.ca_file = s->cfg.ta_tls_ca;
    if (s->cfg.ta_allow_address != NULL) {
        s->policy.fetch.allow_addresses[0] = s->cfg.ta_allow_address;
        s->policy.fetch.n_allow = 1;
    }
    if (s->cfg.ta_allow_port > 0) {
        s->policy.fetch.ports[0] = 443;
        s->policy.fetch.ports[1] = 8443;
        s->policy.fetch.ports[2] = (unsigned short)s->cfg.ta_allow_port;
        s->policy.fetch.n_ports = 3;
    }
    return STIR_OK;
}

stir_status stir_acme_server_start(const stir_acme_config *cfg, stir_acme_server **out,
                                   stir_error_t *err)
{
    stir_acme_server *s;
    stir_status st;

    if (cfg == NULL || out == NULL || cfg->listen == NULL || cfg->ca_dir == NULL ||
        cfg->ta_anchors == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "the ACME server needs listen, ca_dir and ta_anchors");
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    pthread_mutex_init(&s->lock, NULL);
    st = copy_config(&s->cfg, cfg, err);
    if (st == STIR_OK)
        st = open_state(s, err);
    if (st == STIR_OK && (s->nonces = skit_nonces_new(0)) == NULL)
        st = skit_fail(err, STIR_E_NOMEM, "out of memory");
    if (st == STIR_OK) {
        s->http.fn = handle;
        s->http.cls = s;
        s->http.max_body = s->cfg.max_body > 0 ? s->cfg.max_body : 65536;
        s->http.too_large = too_large;
        skit_httpd_conf conf = {s->cfg.listen, s->cfg.tls_cert, s->cfg.tls_key,
                                s->cfg.max_conn_per_ip, 0};

        st = skit_httpd_start_simple(&conf, &s->http, &s->httpd, &s->port, err);
    }
    if (st != STIR_OK) {
        stir_acme_server_stop(s);
        return st;
    }
    pthread_mutex_lock(&s->lock);
    if (s->cfg.base_url != NULL)
        snprintf(s->base, sizeof(s->base), "%s", s->cfg.base_url);
    else
        snprintf(s->base, sizeof(s->base), "%s://%.*s:%u", s->cfg.tls_cert ? "https" : "http",
                 (int)(strrchr(s->cfg.listen, ':') - s->cfg.listen), s->cfg.listen, s->port);
    snprintf(s->directory, sizeof(s->directory), "%s/directory", s->base);
    pthread_mutex_unlock(&s->lock);
    *out = s;
    return STIR_OK;
}

unsigned short stir_acme_server_port(const stir_acme_server *s)
{
    return s != NULL ? s->port : 0;
}

const char *stir_acme_server_directory(const stir_acme_server *s)
{
    return s != NULL ? s->directory : NULL;
}

void stir_acme_server_stop(stir_acme_server *s)
{
    if (s == NULL)
        return;
    skit_httpd_stop(s->httpd);
    skit_nonces_free(s->nonces);
    stir_trust_free(s->ta_anchors);
    skit_acme_db_close(s->db);
    stir_ca_close(s->ca);
    stir_acme_config_clear(&s->cfg);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
