/*
 * Orders for TNAuthList identifiers (RFC 8555 §7.4, RFC 9448 §3), their
 * tkauth-01 authorization (RFC 9448 §4-6) and finalization through the CA.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "stirkit/stirkit.h"
#include "error_int.h"
#include "jwk.h"
#include "server_int.h"

/* The identifier's DER; NULL (and a problem answered) when it is not a TNAuthList. */
static unsigned char *identifier_der(skit_acme_ctx *c, const char *value, size_t *len,
                                     stir_tnauthlist **tnal)
{
    unsigned char *der = NULL;
    stir_error_t err;

    if (stir_base64url_decode_strict(value, strlen(value), &der, len, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "malformed", "the TNAuthList identifier value must be base64url "
                          "without padding (RFC 9448 §3): %s", err.text);
        return NULL;
    }
    if (stir_tnauthlist_parse(der, *len, tnal, &err) != STIR_OK) {
        free(der);
        skit_acme_problem(c, 400, "malformed", "the identifier is not a DER TNAuthList: %s",
                          err.text);
        return NULL;
    }
    return der;
}

void skit_acme_new_order(skit_acme_ctx *c)
{
    stir_acme_server *s = c->s;
    json_t *ids = json_object_get(c->jws.payload, "identifiers"), *id;
    const char *type, *value;
    stir_tnauthlist *tnal = NULL;
    unsigned char *der;
    size_t len;
    skit_order o;
    char url[700];
    stir_error_t err;

    if (!json_is_array(ids) || json_array_size(ids) == 0) {
        skit_acme_problem(c, 400, "malformed", "newOrder needs a non-empty identifiers array");
        return;
    }
    if (json_object_get(c->jws.payload, "notBefore") || json_object_get(c->jws.payload, "notAfter")) {
        skit_acme_problem(c, 400, "malformed", "notBefore and notAfter are not supported; the "
                          "validity follows the CA and the Authority Token");
        return;
    }
    id = json_array_get(ids, 0);
    type = json_string_value(json_object_get(id, "type"));
    value = json_string_value(json_object_get(id, "value"));
    if (type == NULL || value == NULL) {
        skit_acme_problem(c, 400, "malformed", "an identifier needs a type and a value");
        return;
    }
    if (strcmp(type, "TNAuthList") != 0) {
        skit_acme_problem(c, 400, "unsupportedIdentifier",
                          "identifier type %.40s is not supported; this server issues for "
                          "TNAuthList identifiers (RFC 9448)", type);
        return;
    }
    if (json_array_size(ids) > 1) {
        skit_acme_problem(c, 400, "malformed", "one TNAuthList identifier per order (RFC 9448 "
                          "§8.1: split large sets into several certificates)");
        return;
    }
    der = identifier_der(c, value, &len, &tnal);
    if (der == NULL)
        return;
    free(der);
    if (stir_ca_check_scope(s->ca, tnal, &err) != STIR_OK) {
        stir_tnauthlist_free(tnal);
        skit_acme_problem(c, 400, "rejectedIdentifier", "%s", err.text);
        return;
    }
    stir_tnauthlist_free(tnal);
    memset(&o, 0, sizeof(o));
    skit_random_id(o.id);
    snprintf(o.account, sizeof(o.account), "%s", c->acct.id);
    snprintf(o.status, sizeof(o.status), "pending");
    snprintf(o.authz_status, sizeof(o.authz_status), "pending");
    snprintf(o.chall_status, sizeof(o.chall_status), "pending");
    skit_random_id(o.token);
    o.identifier = strdup(value);
    o.expires = c->now + (s->cfg.order_lifetime > 0 ? s->cfg.order_lifetime : 7 * 86400);
    if (o.identifier == NULL || skit_order_insert(s->db, &o, NULL) != STIR_OK) {
        skit_acme_problem(c, 500, "serverInternal", "the order could not be stored");
    } else {
        skit_acme_url(s, url, sizeof(url), "/order/%s", o.id);
        skit_acme_json(c, 201, skit_acme_order_json(s, &o), url);
    }
    skit_order_clear(&o);
}

void skit_acme_order(skit_acme_ctx *c, const char *id)
{
    skit_order o;

    if (!skit_acme_own_order(c, id, &o))
        return;
    skit_acme_json(c, 200, skit_acme_order_json(c->s, &o), NULL);
    skit_order_clear(&o);
}

void skit_acme_authz(skit_acme_ctx *c, const char *id)
{
    json_t *status = json_object_get(c->jws.payload, "status");
    skit_order o;

    if (!skit_acme_own_order(c, id, &o))
        return;
    if (status != NULL) {
        if (!json_is_string(status) || strcmp(json_string_value(status), "deactivated") != 0) {
            skit_acme_problem(c, 400, "malformed", "an authorization can only become "
                              "\"deactivated\"");
            skit_order_clear(&o);
            return;
        }
        snprintf(o.authz_status, sizeof(o.authz_status), "deactivated");
        snprintf(o.status, sizeof(o.status), "invalid");
        skit_order_update(c->s->db, &o, NULL);
    }
    skit_acme_json(c, 200, skit_acme_authz_json(c->s, &o), NULL);
    skit_order_clear(&o);
}

/* Records a failed validation: challenge, authorization and order invalid. */
static void invalidate(skit_acme_ctx *c, skit_order *o, const char *type, const char *detail)
{
    char urn[96];
    json_t *p;

    snprintf(urn, sizeof(urn), "urn:ietf:params:acme:error:%s", type);
    p = json_pack("{s:s,s:s,s:i}", "type", urn, "detail", detail, "status", 403);
    free(o->chall_error);
    o->chall_error = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(p);
    snprintf(o->chall_status, sizeof(o->chall_status), "invalid");
    snprintf(o->authz_status, sizeof(o->authz_status), "invalid");
    snprintf(o->status, sizeof(o->status), "invalid");
    (void)c;
}

/*
 * Validates the Authority Token of a tkauth-01 response (RFC 9448 §6),
 * without the server lock (it may fetch the token authority's certificate).
 */
static stir_status validate(skit_acme_ctx *c, const skit_order *o, const char *token,
                            stir_tkauth_grant *grant, stir_error_t *err)
{
    unsigned char *der = NULL, thumb[32];
    size_t len;
    json_t *jwk = json_loads(c->acct.jwk, 0, NULL);
    stir_status st = stir_base64url_decode_strict(o->identifier, strlen(o->identifier), &der,
                                                  &len, err);

    if (st == STIR_OK)
        st = skit_jwk_thumbprint(jwk, thumb, err);
    if (st == STIR_OK)
        st = stir_tkauth_validate(token, der, len, thumb, c->key, c->now, &c->s->policy, grant,
                                  err);
    json_decref(jwk);
    free(der);
    return st;
}

/* Records the validation's result on the order (under the server lock). */
static void record(skit_acme_ctx *c, skit_order *o, stir_status st,
                   const stir_tkauth_grant *grant, stir_error_t *err)
{
    if (st == STIR_OK)
        st = skit_jti_use(c->s->db, grant->jti, c->acct.id, grant->exp, c->s->cfg.jti_policy,
                          err);
    if (st != STIR_OK) {
        invalidate(c, o, st == STIR_E_FETCH ? "connection" : "incorrectResponse", err->text);
        return;
    }
    snprintf(o->chall_status, sizeof(o->chall_status), "valid");
    snprintf(o->authz_status, sizeof(o->authz_status), "valid");
    snprintf(o->status, sizeof(o->status), "ready");
    o->validated = c->now;
    o->grant_ca = grant->ca;
    o->grant_exp = grant->exp;
}

void skit_acme_chall(skit_acme_ctx *c, const char *id)
{
    json_t *p = c->jws.payload;
    const char *tk = json_string_value(json_object_get(p, "tkauth"));
    const char *atc = json_string_value(json_object_get(p, "atc"));
    skit_order o;
    char up[700], link[720];

    if (!skit_acme_own_order(c, id, &o))
        return;
    /* Only a pending challenge of a pending authorization and order is
     * validated (a deactivated authorization stays dead). */
    if (p != NULL && strcmp(o.chall_status, "pending") == 0 &&
        (strcmp(o.authz_status, "pending") != 0 || strcmp(o.status, "pending") != 0)) {
        skit_acme_problem(c, 403, "malformed", "the authorization is %s and the order %s; the "
                          "challenge can no longer be answered", o.authz_status, o.status);
        skit_order_clear(&o);
        return;
    }
    if (p != NULL && strcmp(o.chall_status, "pending") == 0) {
        /* RFC 9448 §4 names the field tkauth; SHAKEN practice sends atc. */
        if (tk != NULL && atc != NULL && strcmp(tk, atc) != 0) {
            skit_acme_problem(c, 400, "malformed", "tkauth and atc hold different tokens");
            skit_order_clear(&o);
            return;
        }
        if (tk == NULL && atc == NULL) {
            skit_acme_problem(c, 400, "malformed", "answer tkauth-01 with {\"tkauth\": "
                              "AUTHORITY_TOKEN} (RFC 9448 §4)");
            skit_order_clear(&o);
            return;
        }
        if (c->now > o.expires) {
            invalidate(c, &o, "malformed", "the order has expired");
        } else {
            /* Validation may fetch the token authority's certificate: let
             * other requests run meanwhile, then re-read the order. */
            char *token = strdup(tk != NULL ? tk : atc);
            stir_tkauth_grant grant;
            stir_error_t err;
            skit_order fresh;
            stir_status st;

            memset(&grant, 0, sizeof(grant));
            pthread_mutex_unlock(&c->s->lock);
            st = token != NULL ? validate(c, &o, token, &grant, &err)
                               : skit_fail(&err, STIR_E_NOMEM, "out of memory");
            pthread_mutex_lock(&c->s->lock);
            free(token);
            if (skit_order_by_id(c->s->db, id, &fresh, NULL) != STIR_OK ||
                strcmp(fresh.chall_status, "pending") != 0 || strcmp(fresh.status, "pending") != 0) {
                skit_order_clear(&fresh);
                skit_acme_problem(c, 409, "malformed", "the order changed while its challenge "
                                  "was being validated; fetch it again");
                skit_order_clear(&o);
                return;
            }
            skit_order_clear(&fresh);
            record(c, &o, st, &grant, &err);
        }
        if (skit_order_update(c->s->db, &o, NULL) != STIR_OK) {
            skit_acme_problem(c, 500, "serverInternal", "the validation could not be stored");
            skit_order_clear(&o);
            return;
        }
    }
    skit_acme_url(c->s, up, sizeof(up), "/authz/%s", o.id);
    snprintf(link, sizeof(link), "<%s>;rel=\"up\"", up);
    skit_acme_json(c, 200, skit_acme_chall_json(c->s, &o), NULL);
    skit_http_add_header(c->res, "Link", link);
    skit_order_clear(&o);
}

/* The CSR of a finalize request, checked against the order and the grant. */
static X509_REQ *finalize_csr(skit_acme_ctx *c, const skit_order *o)
{
    const char *b64 = json_string_value(json_object_get(c->jws.payload, "csr"));
    unsigned char *der = NULL, *want = NULL, *got = NULL;
    const unsigned char *p;
    size_t len, wlen, glen;
    stir_tnauthlist *tnal = NULL;
    X509_REQ *req = NULL;
    stir_error_t err;
    EVP_PKEY *key;

    if (b64 == NULL || stir_base64url_decode_strict(b64, strlen(b64), &der, &len, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "malformed", "finalize needs {\"csr\": base64url(DER)}");
        goto fail;
    }
    p = der;
    req = d2i_X509_REQ(NULL, &p, (long)len);
    if (req == NULL || p != der + len) {
        skit_acme_problem(c, 400, "badCSR", "the CSR is not a DER PKCS #10 request");
        goto fail;
    }
    if (stir_tnauthlist_from_csr(req, &tnal, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "badCSR", "%s", err.text);
        goto fail;
    }
    if (stir_tnauthlist_encode(tnal, &got, &glen, &err) != STIR_OK ||
        stir_base64url_decode_strict(o->identifier, strlen(o->identifier), &want, &wlen, &err) !=
            STIR_OK ||
        glen != wlen || memcmp(got, want, glen) != 0) {
        skit_acme_problem(c, 400, "badCSR", "the CSR's TNAuthList is not the order's identifier "
                          "(RFC 8555 §7.4: the exact same identifiers)");
        goto fail;
    }
    key = X509_REQ_get0_pubkey(req);
    if (key != NULL && EVP_PKEY_eq(key, c->key) == 1) {
        skit_acme_problem(c, 400, "badCSR", "the CSR's key is the account key");
        goto fail;
    }
    if (stir_csr_requests_ca(req) != (o->grant_ca != 0)) {
        skit_acme_problem(c, 400, "badCSR",
                          o->grant_ca ? "the Authority Token grants a CA certificate (atc.ca) but "
                                        "the CSR does not ask for one (RFC 9448 §6 step 9)"
                                      : "the CSR asks for a CA certificate but the Authority "
                                        "Token does not grant one (atc.ca)");
        goto fail;
    }
    goto done;
fail:
    X509_REQ_free(req);
    req = NULL;
done:
    ERR_clear_error();
    stir_tnauthlist_free(tnal);
    OPENSSL_free(got);
    free(want);
    free(der);
    return req;
}

void skit_acme_finalize(skit_acme_ctx *c, const char *id)
{
    stir_acme_server *s = c->s;
    stir_ca_request r;
    skit_order o;
    X509_REQ *req = NULL;
    X509 *cert = NULL;
    char *pem = NULL, cid[SKIT_ID_LEN], *serial = NULL;
    stir_error_t err;
    BIGNUM *bn;

    if (!skit_acme_own_order(c, id, &o))
        return;
    if (strcmp(o.status, "ready") != 0) {
        skit_acme_problem(c, 403, "orderNotReady", "the order is %s, not ready", o.status);
        goto done;
    }
    if (c->now > o.expires) {
        skit_acme_problem(c, 403, "orderNotReady", "the order expired; place a new one");
        goto done;
    }
    req = finalize_csr(c, &o);
    if (req == NULL)
        goto done;
    memset(&r, 0, sizeof(r));
    r.csr = req;
    r.ca = o.grant_ca;
    r.pathlen = -1;
    r.profile = -1;
    r.days = s->cfg.cert_days;
    r.not_after_max = s->cfg.bound_by_token_exp ? o.grant_exp : 0;
    r.now = c->now;
    if (stir_ca_issue(s->ca, &r, &pem, &cert, &err) != STIR_OK) {
        skit_acme_problem(c, 400, "badCSR", "%s", err.text);
        goto done;
    }
    bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);
    serial = bn != NULL ? BN_bn2hex(bn) : NULL;
    BN_free(bn);
    skit_random_id(cid);
    if (serial == NULL || skit_cert_insert(s->db, cid, &o, serial, pem, NULL) != STIR_OK) {
        skit_acme_problem(c, 500, "serverInternal", "the certificate could not be stored");
        goto done;
    }
    skit_acme_json(c, 200, skit_acme_order_json(s, &o), NULL);
done:
    OPENSSL_free(serial);
    free(pem);
    X509_free(cert);
    X509_REQ_free(req);
    skit_order_clear(&o);
}

void skit_acme_cert(skit_acme_ctx *c, const char *id)
{
    char *pem = NULL, owner[SKIT_ID_LEN];

    if (skit_cert_get(c->s->db, id, &pem, owner, NULL) != STIR_OK) {
        skit_acme_problem(c, 404, "malformed", "no such certificate");
        return;
    }
    if (strcmp(owner, c->acct.id) != 0) {
        skit_acme_problem(c, 403, "unauthorized", "the certificate belongs to another account");
    } else {
        c->res->status = 200;
        c->res->content_type = "application/pem-certificate-chain";
        c->res->body = pem;
        pem = NULL;
    }
    free(pem);
}
