/* stir_ca_init: a new self-signed root, or an adopted CA, in a directory. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "stirkit/stirkit.h"
#include "ca_int.h"
#include "error_int.h"

static const char config_text[] =
    "# stirkit CA settings (README: \"stirkit ca\"). Paths are relative to this directory.\n"
    "issuer_cert = issuer.pem\n"
    "key_uri = %s\n"
    "database = ca.db\n"
    "# delegate (RFC 9060) or shaken (ATIS-1000080)\n"
    "profile = delegate\n"
    "# trust-issuer or reject: TNs under the issuer's SPC\n"
    "spc_policy = trust-issuer\n"
    "default_days = 90\n"
    "crl_days = 7\n"
    "# policy_oid = 2.16.840.1.114569.1.1.3\n"
    "# crl_url = http://crl.example.net/ca.crl\n"
    "# openssl_conf = openssl-pkcs11.cnf\n";

/* A PEM text of certs (borrowed). malloc'd. */
static char *certs_pem(STACK_OF(X509) *certs, EVP_PKEY *key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    int ok = bio != NULL;
    char *mem, *out = NULL;
    long len;

    for (int i = 0; ok && certs != NULL && i < sk_X509_num(certs); i++)
        ok = PEM_write_bio_X509(bio, sk_X509_value(certs, i));
    if (ok && key != NULL)
        ok = PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
    len = ok ? BIO_get_mem_data(bio, &mem) : -1;
    if (len >= 0 && (out = malloc((size_t)len + 1)) != NULL) {
        memcpy(out, mem, (size_t)len);
        out[len] = '\0';
    }
    BIO_free(bio);
    return out;
}

/* The self-signed root: P-256, ecdsa-with-SHA256, CA extensions. */
static stir_status make_root(const stir_ca_init_opts *o, EVP_PKEY **key_out, X509 **out,
                             stir_error_t *err)
{
    X509_NAME *name = NULL;
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    X509 *x = X509_new();
    int days = o->days != 0 ? o->days : 3650;
    stir_status st = key != NULL && x != NULL ? STIR_OK
                                              : skit_fail_openssl(err, "generating the CA key");

    if (st == STIR_OK && (days < 1 || days > 36500))
        st = skit_fail(err, STIR_E_INVALID_ARG, "validity of %d days is not 1..36500", days);
    if (st == STIR_OK)
        st = skit_parse_dn(o->subject, &name, err);
    if (st == STIR_OK &&
        (!X509_set_version(x, X509_VERSION_3) || !X509_set_subject_name(x, name) ||
         !X509_set_issuer_name(x, name) || !X509_set_pubkey(x, key) ||
         ASN1_TIME_set(X509_getm_notBefore(x), (time_t)o->now) == NULL ||
         ASN1_TIME_set(X509_getm_notAfter(x), (time_t)(o->now + (int64_t)days * 86400)) == NULL))
        st = skit_fail_openssl(err, "building the root certificate");
    if (st == STIR_OK)
        st = skit_set_random_serial(x, err);
    if (st == STIR_OK)
        st = skit_add_ext(x, x, NID_subject_key_identifier, "hash", err);
    if (st == STIR_OK)
        st = skit_add_ext(x, x, NID_authority_key_identifier, "keyid:always", err);
    if (st == STIR_OK)
        st = skit_add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE", err);
    if (st == STIR_OK)
        st = skit_add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign", err);
    if (st == STIR_OK && o->tnauthlist != NULL)
        st = skit_add_tnauthlist(x, o->tnauthlist, err);
    if (st == STIR_OK && X509_sign(x, key, EVP_sha256()) <= 0)
        st = skit_fail_openssl(err, "signing the root certificate");
    X509_NAME_free(name);
    if (st != STIR_OK) {
        X509_free(x);
        EVP_PKEY_free(key);
        return st;
    }
    *key_out = key;
    *out = x;
    return STIR_OK;
}

/* uri made absolute against the current directory (a path or file: URI). */
static char *absolute_uri(const char *uri)
{
    char cwd[PATH_MAX];
    const char *path = strncmp(uri, "file:", 5) == 0 ? uri + 5 : uri;
    int is_path = path != uri || strchr(uri, ':') == NULL;

    if (!is_path || path[0] == '/' || getcwd(cwd, sizeof(cwd)) == NULL)
        return strdup(uri);
    return skit_ca_path(cwd, path);
}

/* Reads and checks an existing CA for adoption. */
static stir_status adopt(const stir_ca_init_opts *o, STACK_OF(X509) **chain, char **uri,
                         stir_error_t *err)
{
    EVP_PKEY *key = NULL;
    char *text = NULL;
    size_t len;
    stir_status st = skit_read_file(o->issuer_cert_file, &text, &len, err);

    if (st == STIR_OK)
        st = stir_pem_read_certs(text, len, chain, err);
    free(text);
    if (st != STIR_OK)
        return skit_error_prefix(err, st, "--issuer-cert: ");
    if (X509_check_ca(sk_X509_value(*chain, 0)) == 0)
        return skit_fail(err, STIR_E_REFUSED,
                         "--issuer-cert: the first certificate is not a CA certificate");
    *uri = absolute_uri(o->issuer_key_uri);
    if (*uri == NULL)
        return skit_fail(err, STIR_E_NOMEM, "out of memory");
    st = skit_ca_load_key(NULL, *uri, &key, err);
    if (st == STIR_OK)
        st = skit_ca_key_matches(key, sk_X509_value(*chain, 0), err);
    EVP_PKEY_free(key);
    return st;
}

static stir_status write_in(const char *dir, const char *name, const char *data, int mode,
                            stir_error_t *err)
{
    char *p = skit_ca_path(dir, name);
    stir_status st = p != NULL ? skit_write_file(p, data, strlen(data), mode, err)
                               : skit_fail(err, STIR_E_NOMEM, "out of memory");

    free(p);
    return st;
}

stir_status stir_ca_init(const char *dir, const stir_ca_init_opts *o, stir_error_t *err)
{
    int adopting = o != NULL && (o->issuer_cert_file != NULL || o->issuer_key_uri != NULL);
    STACK_OF(X509) *chain = NULL;
    EVP_PKEY *key = NULL;
    X509 *root = NULL;
    char *uri = NULL, *pem = NULL, *keypem = NULL, conf[sizeof(config_text) + PATH_MAX];
    struct stat sb;
    stir_status st;

    if (dir == NULL || o == NULL)
        return skit_fail(err, STIR_E_INVALID_ARG, "NULL CA directory or options");
    if (adopting && (o->issuer_cert_file == NULL || o->issuer_key_uri == NULL))
        return skit_fail(err, STIR_E_INVALID_ARG,
                         "adopting a CA needs both the issuer certificate and its key URI");
    if (!adopting && (o->subject == NULL || o->subject[0] == '\0'))
        return skit_fail(err, STIR_E_INVALID_ARG, "a new root CA needs a subject DN");
    st = stir_global_init(err);
    if (st != STIR_OK)
        return st;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return skit_fail(err, STIR_E_IO, "cannot create %.300s: %s", dir, strerror(errno));
    uri = skit_ca_path(dir, "ca.conf");
    if (uri != NULL && stat(uri, &sb) == 0)
        st = skit_fail(err, STIR_E_REFUSED, "%.300s already holds a CA (ca.conf)", dir);
    free(uri);
    uri = NULL;
    if (st != STIR_OK)
        return st;
    if (adopting) {
        st = adopt(o, &chain, &uri, err);
    } else {
        st = make_root(o, &key, &root, err);
        if (st == STIR_OK && ((chain = sk_X509_new_null()) == NULL || !sk_X509_push(chain, root)))
            st = skit_fail(err, STIR_E_NOMEM, "out of memory");
        else if (st == STIR_OK)
            root = NULL; /* the chain owns it */
        if (st == STIR_OK && (uri = strdup("ca.key")) == NULL)
            st = skit_fail(err, STIR_E_NOMEM, "out of memory");
    }
    if (st == STIR_OK && ((pem = certs_pem(chain, NULL)) == NULL ||
                          (key != NULL && (keypem = certs_pem(NULL, key)) == NULL)))
        st = skit_fail(err, STIR_E_NOMEM, "out of memory");
    if (st == STIR_OK && keypem != NULL)
        st = write_in(dir, "ca.key", keypem, 0600, err);
    if (st == STIR_OK)
        st = write_in(dir, "issuer.pem", pem, 0644, err);
    if (st == STIR_OK) {
        snprintf(conf, sizeof(conf), config_text, uri);
        st = write_in(dir, "ca.conf", conf, 0600, err);
    }
    if (st == STIR_OK) {
        stir_ca *ca = NULL;

        st = stir_ca_open(dir, &ca, err); /* creates the database and checks it all */
        stir_ca_close(ca);
    }
    if (keypem != NULL)
        OPENSSL_cleanse(keypem, strlen(keypem));
    free(keypem);
    free(pem);
    free(uri);
    X509_free(root);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
    return st;
}
