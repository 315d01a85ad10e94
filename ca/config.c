/* ca.conf: the CA directory's key = value settings. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/objects.h>

#include "ca_int.h"
#include "error_int.h"
#include "kvconf.h"

void skit_ca_config_defaults(skit_ca_config *c)
{
    memset(c, 0, sizeof(*c));
    c->profile = STIR_PROFILE_DELEGATE;
    c->spc_policy = STIR_SPC_POLICY_TRUST_ISSUER;
    c->default_days = 90;
    c->crl_days = 7;
}

void skit_ca_config_clear(skit_ca_config *c)
{
    free(c->issuer_cert);
    free(c->key_uri);
    free(c->openssl_conf);
    free(c->database);
    free(c->policy_oid);
    free(c->crl_url);
    memset(c, 0, sizeof(*c));
}

char *skit_ca_path(const char *dir, const char *name)
{
    size_t n;
    char *p;

    const char *scheme = "";

    if (strncmp(name, "file:", 5) == 0) { /* a file: URI may be relative too */
        scheme = "file:";
        name += 5;
    }
    if (name[0] == '/' || (scheme[0] == '\0' && strchr(name, ':') != NULL))
        dir = NULL; /* absolute, or another URI scheme (pkcs11:) */
    n = strlen(scheme) + (dir != NULL ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    p = malloc(n);
    if (p != NULL)
        snprintf(p, n, "%s%s%s%s", scheme, dir != NULL ? dir : "", dir != NULL ? "/" : "", name);
    return p;
}

static stir_status set_string(char **slot, const char *value, stir_error_t *err)
{
    char *copy = strdup(value);

    if (copy == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory reading ca.conf");
    free(*slot);
    *slot = copy;
    return STIR_OK;
}

static stir_status set_days(int *slot, const char *key, const char *value, stir_error_t *err)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(value, &end, 10);
    if (*value == '\0' || *end != '\0' || errno != 0 || v < 1 || v > 36500)
        return skit_fail(err, STIR_E_MALFORMED, "%s must be a number of days from 1 to 36500", key);
    *slot = (int)v;
    return STIR_OK;
}

/* Applies one key = value pair. */
static stir_status apply(void *arg, const char *key, const char *value, stir_error_t *err)
{
    skit_ca_config *c = arg;

    if (strcmp(key, "issuer_cert") == 0)
        return set_string(&c->issuer_cert, value, err);
    if (strcmp(key, "key_uri") == 0)
        return set_string(&c->key_uri, value, err);
    if (strcmp(key, "openssl_conf") == 0)
        return set_string(&c->openssl_conf, value, err);
    if (strcmp(key, "database") == 0)
        return set_string(&c->database, value, err);
    if (strcmp(key, "policy_oid") == 0) {
        ASN1_OBJECT *o = OBJ_txt2obj(value, 1);

        ASN1_OBJECT_free(o);
        if (o == NULL)
            return skit_fail(err, STIR_E_MALFORMED, "policy_oid '%.64s' is not a dotted OID", value);
        return set_string(&c->policy_oid, value, err);
    }
    if (strcmp(key, "crl_url") == 0)
        return set_string(&c->crl_url, value, err);
    if (strcmp(key, "default_days") == 0)
        return set_days(&c->default_days, key, value, err);
    if (strcmp(key, "crl_days") == 0)
        return set_days(&c->crl_days, key, value, err);
    if (strcmp(key, "profile") == 0)
        return stir_ca_profile_from_name(value, &c->profile, err) == STIR_OK ? STIR_OK
                                                                             : STIR_E_MALFORMED;
    if (strcmp(key, "spc_policy") == 0)
        return stir_spc_policy_from_name(value, &c->spc_policy, err) == STIR_OK ? STIR_OK
                                                                                : STIR_E_MALFORMED;
    return skit_fail(err, STIR_E_MALFORMED, "unknown key '%.40s'", key);
}

stir_status skit_ca_config_parse(const char *text, skit_ca_config *c, stir_error_t *err)
{
    return skit_kv_parse(text, "ca.conf", apply, c, err);
}
