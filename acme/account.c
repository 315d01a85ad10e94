/* Accounts (RFC 8555 §7.3): newAccount, account update and deactivation, keyChange. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stirkit/base64.h"
#include "error_int.h"
#include "jwk.h"
#include "server_int.h"

/* RFC 7638 thumbprint of jwk as base64url into out. */
static int thumb_of(const json_t *jwk, char out[48])
{
    unsigned char d[32];
    char *s = NULL;

    if (skit_jwk_thumbprint(jwk, d, NULL) != STIR_OK ||
        stir_base64_encode(d, sizeof(d), 1, &s, NULL) != STIR_OK)
        return 0;
    snprintf(out, 48, "%s", s);
    free(s);
    return 1;
}

/* Validates "contact": an array of mailto: URLs (RFC 8555 §7.3). */
static int contacts_ok(skit_acme_ctx *c, json_t *contact)
{
    size_t i;
    json_t *e;

    if (contact == NULL)
        return 1;
    if (!json_is_array(contact)) {
        skit_acme_problem(c, 400, "malformed", "contact must be an array of URLs");
        return 0;
    }
    json_array_foreach(contact, i, e) {
        const char *v = json_string_value(e);

        if (v == NULL || strncmp(v, "mailto:", 7) != 0) {
            skit_acme_problem(c, 400, "unsupportedContact",
                              "only mailto: contacts are supported, not %.100s", v ? v : "(not a string)");
            return 0;
        }
        if (v[7] == '\0' || strchr(v + 7, '@') == NULL || strchr(v, ',') != NULL) {
            skit_acme_problem(c, 400, "invalidContact", "%.100s is not one e-mail address", v);
            return 0;
        }
    }
    return 1;
}

void skit_acme_new_account(skit_acme_ctx *c)
{
    stir_acme_server *s = c->s;
    json_t *p = c->jws.payload, *contact = json_object_get(p, "contact");
    skit_acct a;
    char thumb[48], url[700];

    if (!json_is_object(p)) {
        skit_acme_problem(c, 400, "malformed", "newAccount needs a JSON object payload");
        return;
    }
    if (!thumb_of(c->jws.jwk, thumb)) {
        skit_acme_problem(c, 400, "badPublicKey", "the jwk has no RFC 7638 thumbprint");
        return;
    }
    if (skit_acct_by_thumb(s->db, thumb, &a, NULL) == STIR_OK) { /* §7.3.1: existing key */
        skit_acme_url(s, url, sizeof(url), "/acct/%s", a.id);
        skit_acme_json(c, 200, skit_acme_account_json(s, &a), url);
        skit_acct_clear(&a);
        return;
    }
    if (json_is_true(json_object_get(p, "onlyReturnExisting"))) {
        skit_acme_problem(c, 400, "accountDoesNotExist", "no account has this key");
        return;
    }
    if (s->cfg.terms_of_service != NULL &&
        !json_is_true(json_object_get(p, "termsOfServiceAgreed"))) {
        skit_acme_problem(c, 400, "malformed", "agree to the terms of service (%s) with "
                          "termsOfServiceAgreed", s->cfg.terms_of_service);
        return;
    }
    if (!contacts_ok(c, contact))
        return;
    memset(&a, 0, sizeof(a));
    skit_random_id(a.id);
    snprintf(a.thumb, sizeof(a.thumb), "%s", thumb);
    snprintf(a.status, sizeof(a.status), "valid");
    a.jwk = json_dumps(c->jws.jwk, JSON_COMPACT | JSON_SORT_KEYS);
    a.contact = json_dumps(contact != NULL ? contact : json_array(), JSON_COMPACT);
    if (a.jwk == NULL || a.contact == NULL || skit_acct_insert(s->db, &a, c->now, NULL) != STIR_OK) {
        skit_acme_problem(c, 500, "serverInternal", "the account could not be stored");
    } else {
        skit_acme_url(s, url, sizeof(url), "/acct/%s", a.id);
        skit_acme_json(c, 201, skit_acme_account_json(s, &a), url);
    }
    skit_acct_clear(&a);
}

void skit_acme_account(skit_acme_ctx *c, const char *id, int orders)
{
    stir_acme_server *s = c->s;
    json_t *p = c->jws.payload, *status, *contact;

    if (strcmp(id, c->acct.id) != 0) {
        skit_acme_problem(c, 403, "unauthorized", "an account may read and change only itself");
        return;
    }
    if (orders) {
        json_t *ids = skit_acct_orders(s->db, id), *urls = json_array(), *e;
        size_t i;
        char url[700];

        json_array_foreach(ids, i, e) {
            skit_acme_url(s, url, sizeof(url), "/order/%s", json_string_value(e));
            json_array_append_new(urls, json_string(url));
        }
        json_decref(ids);
        skit_acme_json(c, 200, json_pack("{s:o}", "orders", urls), NULL);
        return;
    }
    if (p != NULL) {
        status = json_object_get(p, "status");
        contact = json_object_get(p, "contact");
        if (status != NULL && (!json_is_string(status) ||
                               strcmp(json_string_value(status), "deactivated") != 0)) {
            skit_acme_problem(c, 400, "malformed", "an account's status can only become "
                              "\"deactivated\"");
            return;
        }
        if (!contacts_ok(c, contact))
            return;
        if (status != NULL)
            snprintf(c->acct.status, sizeof(c->acct.status), "deactivated");
        if (contact != NULL) {
            free(c->acct.contact);
            c->acct.contact = json_dumps(contact, JSON_COMPACT);
        }
        if (skit_acct_update(s->db, &c->acct, NULL) != STIR_OK) {
            skit_acme_problem(c, 500, "serverInternal", "the account could not be updated");
            return;
        }
    }
    skit_acme_json(c, 200, skit_acme_account_json(s, &c->acct), NULL);
}

void skit_acme_key_change(skit_acme_ctx *c)
{
    stir_acme_server *s = c->s;
    skit_jws inner;
    skit_acct other;
    EVP_PKEY *new_key = NULL;
    char *text, thumb_new[48], thumb_old[48], url[700];
    stir_error_t err;
    json_t *ip;

    memset(&inner, 0, sizeof(inner));
    text = c->jws.payload != NULL ? json_dumps(c->jws.payload, JSON_COMPACT) : NULL;
    if (text == NULL || skit_jws_parse_inner(text, strlen(text), &inner, &err) != STIR_OK ||
        inner.jwk == NULL) {
        skit_acme_problem(c, 400, "malformed", "keyChange needs an inner JWS signed with the new "
                          "key given as jwk (RFC 8555 §7.3.5)%s%s", text ? ": " : "",
                          text ? err.text : "");
        goto done;
    }
    ip = inner.payload;
    if (strcmp(inner.url, c->jws.url) != 0 ||
        !json_is_string(json_object_get(ip, "account")) ||
        strcmp(json_string_value(json_object_get(ip, "account")), c->jws.kid) != 0) {
        skit_acme_problem(c, 400, "malformed",
                          "the inner JWS must have the outer url and name this account");
        goto done;
    }
    if (skit_jwk_to_pkey(inner.jwk, &new_key, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "badPublicKey", "%s", err.text);
        goto done;
    }
    if (skit_jws_verify(&inner, new_key, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "malformed", "inner JWS: %s", err.text);
        goto done;
    }
    if (!thumb_of(json_object_get(ip, "oldKey"), thumb_old) ||
        strcmp(thumb_old, c->acct.thumb) != 0) {
        skit_acme_problem(c, 400, "malformed", "oldKey is not the account's current key");
        goto done;
    }
    thumb_of(inner.jwk, thumb_new);
    if (skit_acct_by_thumb(s->db, thumb_new, &other, NULL) == STIR_OK) {
        skit_acme_url(s, url, sizeof(url), "/acct/%s", other.id);
        skit_acct_clear(&other);
        skit_acme_problem(c, 409, "malformed", "the new key is already in use by an account");
        skit_http_add_header(c->res, "Location", url);
        goto done;
    }
    free(c->acct.jwk);
    c->acct.jwk = json_dumps(inner.jwk, JSON_COMPACT | JSON_SORT_KEYS);
    snprintf(c->acct.thumb, sizeof(c->acct.thumb), "%s", thumb_new);
    if (skit_acct_update(s->db, &c->acct, NULL) != STIR_OK)
        skit_acme_problem(c, 500, "serverInternal", "the account could not be updated");
    else
        skit_acme_json(c, 200, skit_acme_account_json(s, &c->acct), NULL);
done:
    EVP_PKEY_free(new_key);
    skit_jws_clear(&inner);
    free(text);
}
