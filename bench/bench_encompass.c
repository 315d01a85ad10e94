/*
 * Encompassing at scale: a parent TNAuthList of N ranges and a child of N
 * entries (half ranges, half ones, all covered, so every child entry is
 * checked), N = 100,000 by default. Prints the time of
 * stir_tnauthlist_encompasses and, as the in-process reference, the time of
 * qsort() over the same number (2N) of 64-bit keys - the O((n+m) log(n+m))
 * floor the check is designed to stay near. The ratio is what to compare
 * across machines; it is a measurement, not a test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "stirkit/stirkit.h"

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 100000;
    const uint64_t base = 12000000000ull;
    uint64_t seed = 42, *keys, *order;
    stir_tnauthlist *parent = stir_tnauthlist_new(), *child = stir_tnauthlist_new();
    double t0, t_enc = 1e9, t_ref = 1e9;
    char tn[16];
    stir_error_t err;

    order = malloc(n * sizeof(*order));
    keys = malloc(2 * n * sizeof(*keys));
    if (parent == NULL || child == NULL || order == NULL || keys == NULL || n == 0)
        return 3;
    /* Parent: ranges of 150 every 200 numbers, in shuffled order. */
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n - 1; i > 0; i--) {
        size_t j = (size_t)(next(&seed) % (i + 1));
        uint64_t t = order[i];

        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < n; i++) {
        snprintf(tn, sizeof(tn), "%llu", (unsigned long long)(base + order[i] * 200));
        if (stir_tnauthlist_add_range(parent, tn, 150, &err) != STIR_OK)
            return fprintf(stderr, "%s\n", err.text), 3;
    }
    /* Child: alternately a range of 100 and a single number, all covered. */
    for (size_t i = 0; i < n; i++) {
        uint64_t at = base + order[n - 1 - i] * 200 + (i % 2 ? 7 : 20);

        snprintf(tn, sizeof(tn), "%llu", (unsigned long long)at);
        if ((i % 2 ? stir_tnauthlist_add_one(child, tn, &err)
                   : stir_tnauthlist_add_range(child, tn, 100, &err)) != STIR_OK)
            return fprintf(stderr, "%s\n", err.text), 3;
    }
    for (int round = 0; round < 5; round++) {
        double t;

        t0 = now();
        if (stir_tnauthlist_encompasses(parent, child, STIR_SPC_POLICY_REJECT, &err) != STIR_OK)
            return fprintf(stderr, "unexpected: %s\n", err.text), 3;
        t = now() - t0;
        t_enc = t < t_enc ? t : t_enc;

        for (size_t i = 0; i < 2 * n; i++)
            keys[i] = base + next(&seed) % 100000000ull;
        t0 = now();
        qsort(keys, 2 * n, sizeof(*keys), cmp_u64);
        t = now() - t0;
        t_ref = t < t_ref ? t : t_ref;
    }
    printf("encompass %zu x %zu entries: %.1f ms (best of 5)\n", n, n, t_enc * 1e3);
    printf("reference qsort of %zu keys:  %.1f ms (best of 5)\n", 2 * n, t_ref * 1e3);
    printf("ratio encompass/qsort: %.2f\n", t_enc / t_ref);
    stir_tnauthlist_free(parent);
    stir_tnauthlist_free(child);
    free(order);
    free(keys);
    return 0;
}
