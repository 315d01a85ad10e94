/* The ACME server's key = value configuration file. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acme_int.h"
#include "error_int.h"
#include "kvconf.h"

typedef struct {
    stir_acme_config *c;
    const char *dir; /* the config file's directory */
} loader;

static stir_status set_path(char **slot, const loader *l, const char *v, stir_error_t *err)
{
    size_t n = strlen(l->dir) + strlen(v) + 2;
    char *p = malloc(n);

    if (p == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    if (v[0] == '/')
        snprintf(p, n, "%s", v);
    else
        snprintf(p, n, "%s/%s", l->dir, v);
    free(*slot);
    *slot = p;
    return STIR_OK;
}

static stir_status set_string(char **slot, const char *v, stir_error_t *err)
{
    char *p = strdup(v);

    if (p == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    free(*slot);
    *slot = p;
    return STIR_OK;
}

static stir_status set_number(int64_t *slot, const char *key, const char *v, int64_t lo, int64_t hi,
                              stir_error_t *err)
{
    char *end;
    long long n;

    errno = 0;
    n = strtoll(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno != 0 || n < lo || n > hi)
        return skit_fail(err, STIR_E_MALFORMED, "%s must be a number from %lld to %lld", key,
                         (long long)lo, (long long)hi);
    *slot = n;
    return STIR_OK;
}

static stir_status apply(void *arg, const char *key, const char *v, stir_error_t *err)
{
    loader *l = arg;
    stir_acme_config *c = l->c;
    int64_t n;
    stir_status st;

    if (strcmp(key, "listen") == 0)
        return set_string(&c->listen, v, err);
    if (strcmp(key, "base_url") == 0)
        return set_string(&c->base_url, v, err);
    if (strcmp(key, "tls_cert") == 0)
        return set_path(&c->tls_cert, l, v, err);
    if (strcmp(key, "tls_key") == 0)
        return set_path(&c->tls_key, l, v, err);
    if (strcmp(key, "ca_dir") == 0)
        return set_path(&c->ca_dir, l, v, err);
    if (strcmp(key, "database") == 0)
        return set_path(&c->database, l, v, err);
    if (strcmp(key, "ta_anchors") == 0)
        return set_path(&c->ta_anchors, l, v, err);
    if (strcmp(key, "ta_tls_ca") == 0)
        return set_path(&c->ta_tls_ca, l, v, err);
    if (strcmp(key, "ta_allow_address") == 0)
        return set_string(&c->ta_allow_address, v, err);
    if (strcmp(key, "terms_of_service") == 0)
        return set_string(&c->terms_of_service, v, err);
    if (strcmp(key, "jti_policy") == 0) {
        if (strcmp(v, "same-account") == 0)
            c->jti_policy = STIR_JTI_SAME_ACCOUNT;
        else if (strcmp(v, "single-use") == 0)
            c->jti_policy = STIR_JTI_SINGLE_USE;
        else
            return skit_fail(err, STIR_E_MALFORMED, "jti_policy is same-account or single-use");
        return STIR_OK;
    }
    if (strcmp(key, "bound_validity_by_token") == 0) {
        if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
            return skit_fail(err, STIR_E_MALFORMED, "bound_validity_by_token is yes or no");
        c->bound_by_token_exp = strcmp(v, "yes") == 0;
        return STIR_OK;
    }
    if (strcmp(key, "clock_skew") == 0)
        return set_number(&c->clock_skew, key, v, 0, 3600, err);
    if (strcmp(key, "order_lifetime") == 0)
        return set_number(&c->order_lifetime, key, v, 60, 90 * 86400, err);
    if (strcmp(key, "cert_days") == 0) {
        st = set_number(&n, key, v, 1, 3650, err);
        c->cert_days = (int)n;
        return st;
    }
    if (strcmp(key, "ta_allow_port") == 0) {
        st = set_number(&n, key, v, 1, 65535, err);
        c->ta_allow_port = (int)n;
        return st;
    }
    if (strcmp(key, "max_body") == 0) {
        st = set_number(&n, key, v, 1024, 1048576, err);
        c->max_body = (size_t)n;
        return st;
    }
    if (strcmp(key, "max_conn_per_ip") == 0) {
        st = set_number(&n, key, v, 1, 512, err);
        c->max_conn_per_ip = (unsigned)n;
        return st;
    }
    return skit_fail(err, STIR_E_MALFORMED, "unknown key '%.40s'", key);
}

stir_status stir_acme_config_load(const char *path, stir_acme_config *c, stir_error_t *err)
{
    FILE *f;
    char *text = NULL, *copy, *dir;
    long n;
    loader l;
    stir_status st;

    if (path == NULL || c == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL config path or output");
    memset(c, 0, sizeof(*c));
    c->bound_by_token_exp = 1;
    f = fopen(path, "rb");
    if (f == NULL)
        return skit_fail(err, STIR_E_IO, "cannot open %.300s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 1048576 &&
        fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)) != NULL &&
        fread(text, 1, (size_t)n, f) == (size_t)n)
        text[n] = '\0';
    else {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text == NULL)
        return skit_fail(err, STIR_E_IO, "cannot read %.300s", path);
    copy = strdup(path);
    dir = copy != NULL ? dirname(copy) : ".";
    l.c = c;
    l.dir = dir;
    st = skit_kv_parse(text, path, apply, &l, err);
    free(copy);
    free(text);
    if (st != STIR_OK)
        stir_acme_config_clear(c);
    return st;
}

void stir_acme_config_clear(stir_acme_config *c)
{
    if (c == NULL)
        return;
    free(c->listen);
    free(c->base_url);
    free(c->tls_cert);
    free(c->tls_key);
    free(c->ca_dir);
    free(c->database);
    free(c->ta_anchors);
    free(c->terms_of_service);
    free(c->ta_allow_address);
    free(c->ta_tls_ca);
    memset(c, 0, sizeof(*c));
}
