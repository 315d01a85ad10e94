/*
 * Chain check rate: a 4-certificate delegate bundle (leaf, department CA,
 * enterprise CA, carrier CA; root as the anchor) read from PEM, linked by
 * AKID/SKID, path-validated and walked for RFC 9060 encompassing with a TN
 * check - stir_chain_from_pem + stir_chain_check - against the reference of
 * OpenSSL alone doing the same parsing and path validation (PEM to X509,
 * X509_verify_cert), in the same process. In OpenSSL 3.0 parsing a
 * certificate's key costs about as much as validating the path, so both
 * sides include it. Usage: bench_chain PKI_DIR [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include "stirkit/stirkit.h"

#define AT 1767225600

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *dir, const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench_chain: cannot read %s\n", path);
        exit(3);
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    double secs = argc > 2 ? atof(argv[2]) : 3.0, t0, t_ours, t_ref;
    size_t blen, rlen;
    char *bundle, *root;
    stir_trust *trust = stir_trust_new();
    stir_check_opts opts;
    STACK_OF(X509) *certs = NULL;
    X509_STORE *store = X509_STORE_new();
    long n_ours = 0, n_ref = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_chain PKI_DIR [SECONDS]\n");
        return 2;
    }
    bundle = slurp(argv[1], "three-level.pem", &blen);
    root = slurp(argv[1], "root.pem", &rlen);
    if (stir_trust_add_pem(trust, root, rlen, NULL) != STIR_OK ||
        stir_pem_read_certs(bundle, blen, &certs, NULL) != STIR_OK)
        return 3;
    {
        STACK_OF(X509) *r = NULL;

        stir_pem_read_certs(root, rlen, &r, NULL);
        X509_STORE_add_cert(store, sk_X509_value(r, 0));
        sk_X509_pop_free(r, X509_free);
    }
    memset(&opts, 0, sizeof(opts));
    opts.at = AT;
    opts.tn = "12125551824";
    t0 = now_s();
    do {
        for (int i = 0; i < 20; i++) {
            stir_chain *c = NULL;

            if (stir_chain_from_pem(bundle, blen, &c, NULL) != STIR_OK ||
                stir_chain_check(c, trust, &opts, NULL, NULL) != STIR_OK)
                return 3;
            stir_chain_free(c);
        }
        n_ours += 20;
        t_ours = now_s() - t0;
    } while (t_ours < secs);
    t0 = now_s();
    do {
        for (int i = 0; i < 20; i++) {
            X509_STORE_CTX *ctx = X509_STORE_CTX_new();
            STACK_OF(X509) *parsed = sk_X509_new_null(), *untrusted;
            BIO *bio = BIO_new_mem_buf(bundle, (int)blen);
            X509 *x;

            while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
                sk_X509_push(parsed, x);
            ERR_clear_error();
            untrusted = sk_X509_dup(parsed);
            (void)sk_X509_shift(untrusted); /* the leaf is the target */
            X509_STORE_CTX_init(ctx, store, sk_X509_value(parsed, 0), untrusted);
            X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), AT);
            if (X509_verify_cert(ctx) != 1)
                return 3;
            X509_STORE_CTX_free(ctx);
            sk_X509_free(untrusted);
            sk_X509_pop_free(parsed, X509_free);
            BIO_free(bio);
        }
        n_ref += 20;
        t_ref = now_s() - t0;
    } while (t_ref < secs);
    printf("chain check of a 4-certificate delegate bundle (PEM in, encompassing, TN): %.0f/s\n",
           n_ours / t_ours);
    printf("reference OpenSSL PEM parse + X509_verify_cert of the same bundle: %.0f/s\n",
           n_ref / t_ref);
    printf("ratio stirkit/openssl: %.2f\n", (n_ours / t_ours) / (n_ref / t_ref));
    sk_X509_pop_free(certs, X509_free);
    X509_STORE_free(store);
    stir_trust_free(trust);
    free(bundle);
    free(root);
    return 0;
}
