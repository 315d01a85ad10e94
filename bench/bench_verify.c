/*
 * Warm-cache PASSporT verification rate: one SHAKEN Identity header signed
 * with the test PKI's delegate leaf (chain: leaf, enterprise CA, carrier
 * CA), verified again and again by a stir_verifier whose x5u cache already
 * holds the chain - the steady state of an STI-VS. Prints verifications per
 * second; bench/run compares it with `openssl speed ecdsap256` verify/s
 * measured in the same run.
 * Usage: bench_verify PKI_DIR [SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/pem.h>

#include "stirkit/stirkit.h"

#define NOW 1767225600

static const char *pki;

static char *slurp(const char *name, size_t *len)
{
    char path[512];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", pki, name);
    f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0 || (buf = malloc((size_t)n + 1)) == NULL ||
        fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench_verify: cannot read %s\n", path);
        exit(3);
    }
    fclose(f);
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

static stir_status from_files(void *arg, const char *url, const stir_fetch_opts *o,
                              stir_fetch_result *out, stir_error_t *err)
{
    (void)arg;
    (void)url;
    (void)o;
    (void)err;
    memset(out, 0, sizeof(*out));
    out->status = 200;
    out->body = slurp("good.pem", &out->len);
    return STIR_OK;
}

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    double seconds = argc > 2 ? atof(argv[2]) : 3.0, t0, t;
    stir_trust *trust = stir_trust_new();
    stir_verifier_opts o;
    stir_verifier *v;
    stir_passport_claims c;
    const char *dest[1] = {"12155550131"}, *ids[1];
    char *pem, *jws = NULL, *hdr = NULL;
    size_t len;
    BIO *bio;
    EVP_PKEY *key;
    stir_vs_result r;
    long n = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_verify PKI_DIR [SECONDS]\n");
        return 2;
    }
    pki = argv[1];
    pem = slurp("keys/leaf.key", &len);
    bio = BIO_new_mem_buf(pem, (int)len);
    key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    free(pem);
    pem = slurp("root.pem", &len);
    stir_trust_add_pem(trust, pem, len, NULL);
    free(pem);
    memset(&c, 0, sizeof(c));
    c.iat = NOW;
    c.orig_tn = "12125551824";
    c.dest_tn = dest;
    c.n_dest_tn = 1;
    c.ppt = "shaken";
    c.attest = "A";
    c.origid = "123e4567-e89b-12d3-a456-426655440000";
    c.x5u = "https://cert.example.net/good.pem";
    if (key == NULL || stir_passport_sign(&c, key, &jws, NULL) != STIR_OK ||
        stir_identity_build(jws, c.x5u, "shaken", &hdr, NULL) != STIR_OK)
        return 3;
    memset(&o, 0, sizeof(o));
    o.trust = trust;
    o.fetch_fn = from_files;
    v = stir_verifier_new(&o, NULL);
    ids[0] = hdr;
    if (v == NULL || stir_verifier_verify(v, ids, 1, "12125551824", "12155550131", NOW, &r) != STIR_OK) {
        fprintf(stderr, "bench_verify: the warm-up verification failed: %s\n", r.detail);
        return 3;
    }
    t0 = now_s();
    do {
        for (int i = 0; i < 200; i++)
            if (stir_verifier_verify(v, ids, 1, "12125551824", "12155550131", NOW, &r) != STIR_OK)
                return 3;
        n += 200;
        t = now_s() - t0;
    } while (t < seconds);
    printf("warm-cache PASSporT verifications: %.0f/s (%ld in %.2f s, one thread)\n", n / t, n, t);
    stir_verifier_free(v);
    stir_trust_free(trust);
    EVP_PKEY_free(key);
    free(jws);
    free(hdr);
    return 0;
}
