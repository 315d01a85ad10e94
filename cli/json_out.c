/* JSON views of TNAuthLists and certificates, shared by the CLI verbs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/x509v3.h>

#include "cli.h"

void cli_print_json(json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER);

    if (s != NULL) {
        fputs(s, stdout);
        fputc('\n', stdout);
        free(s);
    }
    json_decref(v);
}

json_t *cli_tnauthlist_json(const stir_tnauthlist *tnal)
{
    json_t *a = json_array();

    for (size_t i = 0; i < stir_tnauthlist_count(tnal); i++) {
        const stir_tnentry *e = stir_tnauthlist_get0_entry(tnal, i);

        switch (e->type) {
        case STIR_TNENTRY_SPC:
            json_array_append_new(a, json_pack("{s:s}", "spc", e->value));
            break;
        case STIR_TNENTRY_RANGE:
            json_array_append_new(a, json_pack("{s:{s:s,s:I}}", "range", "start", e->value,
                                               "count", (json_int_t)e->count));
            break;
        case STIR_TNENTRY_ONE:
            json_array_append_new(a, json_pack("{s:s}", "one", e->value));
            break;
        }
    }
    return a;
}

char *cli_time_format(const ASN1_TIME *t, char *buf, size_t n)
{
    struct tm tm;

    if (t == NULL || !ASN1_TIME_to_tm(t, &tm) || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, n, "invalid");
    return buf;
}

static json_t *hex_or_null(const ASN1_OCTET_STRING *s)
{
    char hex[2 * 64 + 1];

    if (s == NULL)
        return json_null();
    return json_string(stir_hex_format(ASN1_STRING_get0_data(s), (size_t)ASN1_STRING_length(s),
                                       hex, sizeof(hex)));
}

static json_t *serial_json(const X509 *x)
{
    BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
    char *hex = bn != NULL ? BN_bn2hex(bn) : NULL;
    json_t *v = json_string(hex != NULL ? hex : "");

    OPENSSL_free(hex);
    BN_free(bn);
    return v;
}

json_t *cli_cert_json(X509 *x)
{
    char subject[512], issuer[512], nb[32], na[32];
    stir_tnauthlist *tnal = NULL;
    stir_error_t err;
    stir_status st = stir_tnauthlist_from_cert(x, &tnal, &err);
    json_t *o = json_object();

    json_object_set_new(o, "subject",
                        json_string(stir_name_format(X509_get_subject_name(x), subject,
                                                     sizeof(subject))));
    json_object_set_new(o, "issuer",
                        json_string(stir_name_format(X509_get_issuer_name(x), issuer,
                                                     sizeof(issuer))));
    json_object_set_new(o, "serial", serial_json(x));
    json_object_set_new(o, "not_before",
                        json_string(cli_time_format(X509_get0_notBefore(x), nb, sizeof(nb))));
    json_object_set_new(o, "not_after",
                        json_string(cli_time_format(X509_get0_notAfter(x), na, sizeof(na))));
    json_object_set_new(o, "ca", json_boolean(X509_check_ca(x) != 0));
    json_object_set_new(o, "skid", hex_or_null(X509_get0_subject_key_id(x)));
    json_object_set_new(o, "akid", hex_or_null(X509_get0_authority_key_id(x)));
    json_object_set_new(o, "tnauthlist", st == STIR_OK ? cli_tnauthlist_json(tnal) : json_null());
    if (st != STIR_OK && st != STIR_E_NO_TNAUTHLIST)
        json_object_set_new(o, "tnauthlist_error", json_string(err.text));
    stir_tnauthlist_free(tnal);
    return o;
}
