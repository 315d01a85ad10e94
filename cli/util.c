/* CLI plumbing: dispatch, errors, file input. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_fail(int code, const char *what, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "stirkit: %s: ", what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int cli_exit_for(stir_status st)
{
    switch (st) {
    case STIR_OK:
        return EXIT_VALID;
    case STIR_E_NOT_ENCOMPASSED:
    case STIR_E_NO_TNAUTHLIST:
    case STIR_E_ISSUER_NOT_FOUND:
    case STIR_E_PATH_INVALID:
    case STIR_E_TN_NOT_AUTHORIZED:
    case STIR_E_SIGNATURE:
    case STIR_E_STALE:
    case STIR_E_UNSUPPORTED:
    case STIR_E_FETCH:
    case STIR_E_REFUSED:
    case STIR_E_ALREADY:
        return EXIT_INVALID;
    case STIR_E_INVALID_ARG:
    case STIR_E_MALFORMED:
    case STIR_E_TOO_LARGE:
    case STIR_E_NOT_FOUND:
    case STIR_E_IO:
        return EXIT_CANNOT_JUDGE;
    default:
        return EXIT_INTERNAL;
    }
}

int cli_dispatch(const char *group, const cli_verb *verbs, int argc, char **argv)
{
    char what[64];

    snprintf(what, sizeof(what), "%s", group);
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
        FILE *f = argc < 1 ? stderr : stdout;

        fprintf(f, "usage: stirkit %s VERB [options]\n\nverbs:\n", group);
        for (const cli_verb *v = verbs; v->name != NULL; v++)
            fprintf(f, "  %-8s %s\n", v->name, v->summary);
        fprintf(f, "\n'stirkit %s VERB --help' describes a verb.\n", group);
        return argc < 1 ? EXIT_CANNOT_JUDGE : EXIT_VALID;
    }
    for (const cli_verb *v = verbs; v->name != NULL; v++)
        if (strcmp(argv[0], v->name) == 0)
            return v->run(argc, argv);
    return cli_fail(EXIT_CANNOT_JUDGE, what, "unknown verb '%s' (try 'stirkit %s --help')",
                    argv[0], group);
}

int cli_read_file(const char *what, const char *path, unsigned char **buf, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    unsigned char *data = NULL;
    size_t n = 0, cap = 0;

    if (f == NULL) {
        cli_fail(EXIT_CANNOT_JUDGE, what, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    for (;;) {
        size_t got;

        if (n + 1 >= cap) {
            unsigned char *p;

            cap = cap ? cap * 2 : 65536;
            if (cap > CLI_MAX_INPUT + 1) {
                cli_fail(EXIT_CANNOT_JUDGE, what, "%s is larger than %d bytes", path,
                         CLI_MAX_INPUT);
                goto fail;
            }
            p = realloc(data, cap);
            if (p == NULL) {
                cli_fail(EXIT_INTERNAL, what, "out of memory reading %s", path);
                goto fail;
            }
            data = p;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        cli_fail(EXIT_CANNOT_JUDGE, what, "cannot read %s: %s", path, strerror(errno));
        goto fail;
    }
    if (f != stdin)
        fclose(f);
    data[n] = '\0';
    *buf = data;
    *len = n;
    return 0;
fail:
    if (f != stdin)
        fclose(f);
    free(data);
    return -1;
}

int cli_bad_option(const char *what, char **argv)
{
    const char *opt = optind > 0 ? argv[optind - 1] : "?";

    if (optopt != 0 && strncmp(opt, "--", 2) != 0)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "unknown option '-%c' (see --help)", optopt);
    return cli_fail(EXIT_CANNOT_JUDGE, what,
                    "unknown option, or one missing its value: '%s' (see --help)", opt);
}

int cli_parse_number(const char *what, const char *opt, const char *s, long lo, long hi,
                     long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "%s: '%s' is not a number from %ld to %ld", opt,
                        s, lo, hi);
    *out = v;
    return -1;
}

int cli_parse_time(const char *what, const char *opt, const char *s, int64_t *out)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(s, &end, 10);
    /* Up to 9999-12-31T23:59:59Z, the last time X.509 can express. */
    if (*s == '\0' || *end != '\0' || errno != 0 || v < 0 || v > 253402300799LL)
        return cli_fail(EXIT_CANNOT_JUDGE, what,
                        "%s: '%s' is not a time in seconds since 1970 (0 to 253402300799)", opt, s);
    *out = (int64_t)v;
    return -1;
}
