/* stirkit ca init|issue|revoke|crl|list - the issuing STI-CA (ca/). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "stirkit/ca.h"
#include "cli.h"

static const char init_usage[] =
    "usage: stirkit ca init DIR --subject DN [--tnauthlist ENTRY...] [--days N]\n"
    "       stirkit ca init DIR --issuer-cert FILE --issuer-key URI\n"
    "\n"
    "Creates a CA directory: a new self-signed P-256 root (no TNAuthList unless\n"
    "given), or adopts an existing CA certificate and its key.\n"
    "  --subject DN         \"/C=US/O=Example/CN=Example CA\" or \"CN=Example CA,O=Example,C=US\"\n"
    "  --tnauthlist ENTRY   spc:CODE, range:START:COUNT or one:TN (repeat, or list\n"
    "                       several after it, or separate them with commas)\n"
    "  --days N             root validity (default 3650)\n"
    "  --issuer-cert FILE   PEM chain of an existing CA, its certificate first\n"
    "  --issuer-key URI     its private key: a path, file:PATH or pkcs11:...\n"
    "  --now UNIXTIME       the current time (default: the clock)\n";

static const char issue_usage[] =
    "usage: stirkit ca issue DIR --csr FILE [--tnauthlist ENTRY...] [--ca [--pathlen N]]\n"
    "                        [--days N] [--profile shaken|delegate] [--out FILE]\n"
    "\n"
    "Issues a certificate for a CSR only inside the issuer's TNAuthList (RFC 9060)\n"
    "and writes the PEM chain, the new certificate first. Exit 1 with the reason\n"
    "when the CA refuses.\n"
    "  --csr FILE           PKCS #10 request, PEM or DER\n"
    "  --tnauthlist ENTRY   the scope (else the CSR's TNAuthList; both must agree)\n"
    "  --ca                 issue a CA (delegating) certificate\n"
    "  --pathlen N          its pathLenConstraint\n"
    "  --days N             validity (default: default_days in ca.conf)\n"
    "  --profile P          delegate (RFC 9060) or shaken (ATIS-1000080)\n"
    "  --out FILE           write the chain there instead of stdout\n"
    "  --now UNIXTIME       the current time (default: the clock)\n"
    "  --json               print {\"serial\":...,\"chain\":PEM}\n";

static const char revoke_usage[] =
    "usage: stirkit ca revoke DIR --serial HEX [--reason NAME] [--now UNIXTIME]\n"
    "\n"
    "Records a revocation; the next CRL lists it. NAME is an RFC 5280 CRLReason:\n"
    "unspecified (default), keyCompromise, cACompromise, affiliationChanged,\n"
    "superseded, cessationOfOperation, certificateHold, removeFromCRL,\n"
    "privilegeWithdrawn, aACompromise.\n";

static const char crl_usage[] =
    "usage: stirkit ca crl DIR [--out FILE] [--der] [--now UNIXTIME]\n"
    "\n"
    "Signs a v2 CRL of every revoked certificate (AKID, CRL number, thisUpdate,\n"
    "nextUpdate = now + crl_days) and writes it as PEM, or DER with --der.\n";

static const char list_usage[] =
    "usage: stirkit ca list DIR [--json]\n"
    "\n"
    "Lists the certificates the CA issued, with their revocation state.\n";

/* Options shared by the ca verbs. */
typedef struct {
    const char *dir, *subject, *issuer_cert, *issuer_key, *csr, *out, *serial, *reason;
    stir_tnauthlist *tnal;
    int days, ca, pathlen, profile, json, der;
    int64_t now;
} ca_args;

enum { OPT_SUBJECT = 256, OPT_TNAL, OPT_DAYS, OPT_ICERT, OPT_IKEY, OPT_NOW, OPT_CSR, OPT_CA,
       OPT_PATHLEN, OPT_PROFILE, OPT_OUT, OPT_SERIAL, OPT_REASON, OPT_JSON, OPT_DER, OPT_HELP };

static int add_entries(ca_args *a, const char *what, const char *list)
{
    char *copy = strdup(list), *save = NULL;
    stir_error_t err;
    int rc = -1;

    if (copy == NULL)
        return cli_fail(EXIT_INTERNAL, what, "out of memory");
    for (char *e = strtok_r(copy, ",", &save); e != NULL && rc < 0;
         e = strtok_r(NULL, ",", &save))
        if (stir_tnauthlist_add_text(a->tnal, e, &err) != STIR_OK)
            rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--tnauthlist %s: %s", e, err.text);
    free(copy);
    return rc;
}

static int parse_int(const char *what, const char *opt, const char *s, long lo, long hi, int *out)
{
    long v = 0;
    int rc = cli_parse_number(what, opt, s, lo, hi, &v);

    *out = (int)v;
    return rc;
}

/*
 * Parses the options of verb what; returns -1 to go on, else an exit code.
 * Positional arguments: DIR, then (after --tnauthlist) more entries.
 */
static int parse(int argc, char **argv, const char *what, const char *usage, ca_args *a)
{
    static const struct option opts[] = {
        {"subject", required_argument, NULL, OPT_SUBJECT},
        {"tnauthlist", required_argument, NULL, OPT_TNAL},
        {"days", required_argument, NULL, OPT_DAYS},
        {"issuer-cert", required_argument, NULL, OPT_ICERT},
        {"issuer-key", required_argument, NULL, OPT_IKEY},
        {"now", required_argument, NULL, OPT_NOW},
        {"csr", required_argument, NULL, OPT_CSR},
        {"ca", no_argument, NULL, OPT_CA},
        {"pathlen", required_argument, NULL, OPT_PATHLEN},
        {"profile", required_argument, NULL, OPT_PROFILE},
        {"out", required_argument, NULL, OPT_OUT},
        {"serial", required_argument, NULL, OPT_SERIAL},
        {"reason", required_argument, NULL, OPT_REASON},
        {"json", no_argument, NULL, OPT_JSON},
        {"der", no_argument, NULL, OPT_DER},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };
    stir_error_t err;
    stir_ca_profile prof;
    int c, rc = -1, saw_tnal = 0;

    memset(a, 0, sizeof(*a));
    a->pathlen = -1;
    a->profile = -1;
    a->now = (int64_t)time(NULL);
    a->tnal = stir_tnauthlist_new();
    if (a->tnal == NULL)
        return cli_fail(EXIT_INTERNAL, what, "out of memory");
    optind = 0;
    opterr = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case OPT_SUBJECT: a->subject = optarg; break;
        case OPT_TNAL: saw_tnal = 1; rc = add_entries(a, what, optarg); break;
        case OPT_DAYS: rc = parse_int(what, "--days", optarg, 1, 36500, &a->days); break;
        case OPT_ICERT: a->issuer_cert = optarg; break;
        case OPT_IKEY: a->issuer_key = optarg; break;
        case OPT_NOW: rc = cli_parse_time(what, "--now", optarg, &a->now); break;
        case OPT_CSR: a->csr = optarg; break;
        case OPT_CA: a->ca = 1; break;
        case OPT_PATHLEN: rc = parse_int(what, "--pathlen", optarg, 0, 64, &a->pathlen); break;
        case OPT_PROFILE:
            if (stir_ca_profile_from_name(optarg, &prof, &err) != STIR_OK)
                rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--profile: %s", err.text);
            a->profile = (int)prof;
            break;
        case OPT_OUT: a->out = optarg; break;
        case OPT_SERIAL: a->serial = optarg; break;
        case OPT_REASON: a->reason = optarg; break;
        case OPT_JSON: a->json = 1; break;
        case OPT_DER: a->der = 1; break;
        case OPT_HELP: fputs(usage, stdout); rc = EXIT_VALID; break;
        default: rc = cli_bad_option(what, argv); break;
        }
    }
    if (rc >= 0)
        return rc;
    if (optind >= argc)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs the CA directory (see --help)");
    a->dir = argv[optind++];
    for (; optind < argc && rc < 0; optind++) {
        if (!saw_tnal)
            return cli_fail(EXIT_CANNOT_JUDGE, what, "unexpected argument '%s'", argv[optind]);
        rc = add_entries(a, what, argv[optind]);
    }
    return rc;
}

static void args_free(ca_args *a)
{
    stir_tnauthlist_free(a->tnal);
}

static int open_ca(const char *what, const ca_args *a, stir_ca **ca)
{
    stir_error_t err;
    stir_status st = stir_ca_open(a->dir, ca, &err);

    return st == STIR_OK ? -1 : cli_fail(cli_exit_for(st), what, "%s", err.text);
}

/* Writes data to --out (created 0644) or stdout. */
static int emit(const char *what, const char *out, const void *data, size_t len)
{
    FILE *f = out != NULL ? fopen(out, "wb") : stdout;
    int ok = f != NULL && fwrite(data, 1, len, f) == len;

    if (f != NULL && f != stdout)
        ok = fclose(f) == 0 && ok;
    if (!ok)
        return cli_fail(EXIT_INTERNAL, what, "cannot write %s: %s", out ? out : "stdout",
                        strerror(errno));
    return EXIT_VALID;
}

static int ca_init(int argc, char **argv)
{
    const char *what = "ca init";
    ca_args a;
    stir_ca_init_opts o;
    stir_error_t err;
    stir_status st;
    int rc = parse(argc, argv, what, init_usage, &a);

    if (rc < 0) {
        memset(&o, 0, sizeof(o));
        o.subject = a.subject;
        o.tnauthlist = stir_tnauthlist_count(a.tnal) > 0 ? a.tnal : NULL;
        o.days = a.days;
        o.issuer_cert_file = a.issuer_cert;
        o.issuer_key_uri = a.issuer_key;
        o.now = a.now;
        st = stir_ca_init(a.dir, &o, &err);
        rc = st == STIR_OK ? EXIT_VALID : cli_fail(cli_exit_for(st), what, "%s", err.text);
        if (st == STIR_OK)
            printf("CA ready in %s (settings: %s/ca.conf)\n", a.dir, a.dir);
    }
    args_free(&a);
    return rc;
}

/* Reads a PEM or DER PKCS #10 request. */
static X509_REQ *read_csr(const char *what, const char *path)
{
    unsigned char *buf;
    size_t len;
    X509_REQ *req = NULL;

    if (cli_read_file(what, path, &buf, &len) != 0)
        return NULL;
    if (len > 0 && buf[0] == 0x30) {
        const unsigned char *p = buf;

        req = d2i_X509_REQ(NULL, &p, (long)len);
    } else {
        BIO *bio = BIO_new_mem_buf(buf, (int)len);

        req = bio != NULL ? PEM_read_bio_X509_REQ(bio, NULL, NULL, NULL) : NULL;
        BIO_free(bio);
    }
    free(buf);
    ERR_clear_error();
    if (req == NULL)
        cli_fail(EXIT_CANNOT_JUDGE, what, "%s is not a PEM or DER certificate request", path);
    return req;
}

static int ca_issue(int argc, char **argv)
{
    const char *what = "ca issue";
    ca_args a;
    stir_ca *ca = NULL;
    stir_ca_request r;
    X509 *cert = NULL;
    char *pem = NULL;
    stir_error_t err;
    stir_status st;
    int rc = parse(argc, argv, what, issue_usage, &a);

    if (rc < 0 && a.csr == NULL)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "needs --csr FILE");
    if (rc < 0)
        rc = open_ca(what, &a, &ca);
    memset(&r, 0, sizeof(r));
    if (rc < 0 && (r.csr = read_csr(what, a.csr)) == NULL)
        rc = EXIT_CANNOT_JUDGE;
    if (rc < 0) {
        r.tnauthlist = stir_tnauthlist_count(a.tnal) > 0 ? a.tnal : NULL;
        r.ca = a.ca;
        r.pathlen = a.pathlen;
        r.days = a.days;
        r.profile = a.profile;
        r.now = a.now;
        st = stir_ca_issue(ca, &r, &pem, &cert, &err);
        if (st == STIR_E_REFUSED)
            rc = cli_fail(EXIT_INVALID, what, "refused: %s", err.text);
        else if (st != STIR_OK)
            rc = cli_fail(cli_exit_for(st), what, "%s", err.text);
        else if (a.json) {
            char *serial = NULL;
            BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), NULL);

            serial = bn != NULL ? BN_bn2hex(bn) : NULL;
            BN_free(bn);
            rc = EXIT_VALID;
            if (a.out != NULL)
                rc = emit(what, a.out, pem, strlen(pem));
            cli_print_json(json_pack("{s:s,s:s}", "serial", serial ? serial : "", "chain", pem));
            OPENSSL_free(serial);
        } else {
            rc = emit(what, a.out, pem, strlen(pem));
        }
    }
    free(pem);
    X509_free(cert);
    X509_REQ_free(r.csr);
    stir_ca_close(ca);
    args_free(&a);
    return rc;
}

static int ca_revoke(int argc, char **argv)
{
    const char *what = "ca revoke";
    ca_args a;
    stir_ca *ca = NULL;
    stir_error_t err;
    stir_status st;
    int reason = 0;
    int rc = parse(argc, argv, what, revoke_usage, &a);

    if (rc < 0 && a.serial == NULL)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "needs --serial HEX");
    if (rc < 0 && a.reason != NULL && stir_crl_reason_from_name(a.reason, &reason, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--reason: %s", err.text);
    if (rc < 0)
        rc = open_ca(what, &a, &ca);
    if (rc < 0) {
        st = stir_ca_revoke(ca, a.serial, reason, a.now, &err);
        rc = st == STIR_OK ? EXIT_VALID : cli_fail(cli_exit_for(st), what, "%s", err.text);
        if (st == STIR_OK)
            printf("revoked %s (%s)\n", a.serial, stir_crl_reason_name(reason));
    }
    stir_ca_close(ca);
    args_free(&a);
    return rc;
}

static int ca_crl(int argc, char **argv)
{
    const char *what = "ca crl";
    ca_args a;
    stir_ca *ca = NULL;
    X509_CRL *crl = NULL;
    stir_error_t err;
    stir_status st;
    int rc = parse(argc, argv, what, crl_usage, &a);

    if (rc < 0)
        rc = open_ca(what, &a, &ca);
    if (rc < 0) {
        st = stir_ca_crl(ca, a.now, &crl, &err);
        if (st != STIR_OK) {
            rc = cli_fail(cli_exit_for(st), what, "%s", err.text);
        } else {
            BIO *bio = BIO_new(BIO_s_mem());
            char *mem;
            long len;

            if (bio == NULL || !(a.der ? i2d_X509_CRL_bio(bio, crl) : PEM_write_bio_X509_CRL(bio, crl)))
                rc = cli_fail(EXIT_INTERNAL, what, "cannot encode the CRL");
            else if ((len = BIO_get_mem_data(bio, &mem)) >= 0)
                rc = emit(what, a.out, mem, (size_t)len);
            BIO_free(bio);
        }
    }
    X509_CRL_free(crl);
    stir_ca_close(ca);
    args_free(&a);
    return rc;
}

static const char *iso(int64_t t, char buf[32])
{
    time_t tt = (time_t)t;
    struct tm tm;

    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, 32, "%lld", (long long)t);
    return buf;
}

static int list_one(const stir_ca_record *r, void *arg)
{
    json_t *list = arg;
    char nb[32], na[32], ra[32];

    if (list != NULL) {
        json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:s}", "serial", r->serial,
                              "subject", r->subject, "profile", r->profile, "ca", r->ca,
                              "not_before", iso(r->not_before, nb), "not_after",
                              iso(r->not_after, na), "tnauthlist", r->tnauthlist, "status",
                              r->revoked_at ? "revoked" : "issued");

        if (r->revoked_at) {
            json_object_set_new(o, "revoked_at", json_string(iso(r->revoked_at, ra)));
            json_object_set_new(o, "reason", json_string(stir_crl_reason_name(r->reason)));
        }
        json_array_append_new(list, o);
        return 0;
    }
    printf("%s  %-7s %s %s  %s  [%s]", r->serial, r->revoked_at ? "revoked" : "issued",
           r->ca ? "CA" : "EE", iso(r->not_after, na), r->subject, r->tnauthlist);
    if (r->revoked_at)
        printf("  revoked %s (%s)", iso(r->revoked_at, ra), stir_crl_reason_name(r->reason));
    putchar('\n');
    return 0;
}

static int ca_list(int argc, char **argv)
{
    const char *what = "ca list";
    ca_args a;
    stir_ca *ca = NULL;
    json_t *list = NULL;
    stir_error_t err;
    stir_status st;
    int rc = parse(argc, argv, what, list_usage, &a);

    if (rc < 0)
        rc = open_ca(what, &a, &ca);
    if (rc < 0) {
        list = a.json ? json_array() : NULL;
        st = stir_ca_list(ca, list_one, list, &err);
        rc = st == STIR_OK ? EXIT_VALID : cli_fail(cli_exit_for(st), what, "%s", err.text);
        if (st == STIR_OK && list != NULL)
            cli_print_json(json_pack("{s:O}", "certificates", list));
        json_decref(list);
    }
    stir_ca_close(ca);
    args_free(&a);
    return rc;
}

int cmd_ca(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"init", ca_init, "create a CA directory (new root, or adopt a CA)"},
        {"issue", ca_issue, "issue a certificate inside the issuer's TNAuthList"},
        {"revoke", ca_revoke, "revoke a certificate by serial"},
        {"crl", ca_crl, "sign a CRL of the revoked certificates"},
        {"list", ca_list, "list issued and revoked certificates"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("ca", verbs, argc, argv);
}
