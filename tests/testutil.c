#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "testutil.h"

static void die(const char *what, const char *arg)
{
    fprintf(stderr, "testutil: %s: %s\n", what, arg);
    abort();
}

unsigned char *tu_hex(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    unsigned char *out = malloc(n / 2 + 1);

    if (out == NULL || n % 2 != 0)
        die("bad hex", hex);
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;

        if (sscanf(hex + 2 * i, "%2x", &v) != 1)
            die("bad hex", hex);
        out[i] = (unsigned char)v;
    }
    *len = n / 2;
    return out;
}

char *tu_read(const char *path, int under_pki, size_t *len)
{
    const char *base = getenv(under_pki ? "STIR_PKI_DIR" : "STIR_SRCDIR");
    char full[4096];
    FILE *f;
    char *buf;
    long n;

    if (path[0] == '/')
        snprintf(full, sizeof(full), "%s", path);
    else
        snprintf(full, sizeof(full), "%s/%s", base != NULL ? base : ".", path);
    f = fopen(full, "rb");
    if (f == NULL)
        die("cannot open", full);
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        die("cannot size", full);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read", full);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

stir_tnauthlist *tu_tnal(const char *entries)
{
    stir_tnauthlist *t = stir_tnauthlist_new();
    char *copy = strdup(entries), *save = NULL;
    stir_error_t err;

    if (t == NULL || copy == NULL)
        die("out of memory", entries);
    for (char *tok = strtok_r(copy, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save))
        if (stir_tnauthlist_add_text(t, tok, &err) != STIR_OK)
            die(err.text, tok);
    free(copy);
    return t;
}

int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
