/* stirkit cert show - one certificate's STIR-relevant fields. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char show_usage[] =
    "usage: stirkit cert show [--json] [CERT|-]\n"
    "\n"
    "Shows a certificate (PEM or DER; one per file): subject, issuer, serial,\n"
    "validity, CA flag, SKID, AKID (hex) and TNAuthList.\n"
    "  --json  print one JSON object\n";

/* Prints the JSON object o as aligned "key: value" lines. */
static void print_text(json_t *o)
{
    static const char *const keys[] = {"subject", "issuer", "serial", "not_before",
                                       "not_after", "ca", "skid", "akid"};
    json_t *tnal = json_object_get(o, "tnauthlist");
    json_t *terr = json_object_get(o, "tnauthlist_error");

    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        json_t *v = json_object_get(o, keys[i]);

        printf("%-11s ", keys[i]);
        if (json_is_string(v))
            puts(json_string_value(v));
        else if (json_is_boolean(v))
            puts(json_is_true(v) ? "yes" : "no");
        else
            puts("(none)");
    }
    if (terr != NULL) {
        printf("%-11s (malformed) %s\n", "tnauthlist", json_string_value(terr));
    } else if (!json_is_array(tnal)) {
        printf("%-11s (none)\n", "tnauthlist");
    } else {
        size_t i;
        json_t *e;

        json_array_foreach(tnal, i, e) {
            const char *kind = json_object_iter_key(json_object_iter(e));
            json_t *v = json_object_get(e, kind);

            printf("%-11s %s ", i == 0 ? "tnauthlist" : "", kind);
            if (json_is_object(v))
                printf("%s %" JSON_INTEGER_FORMAT "\n",
                       json_string_value(json_object_get(v, "start")),
                       json_integer_value(json_object_get(v, "count")));
            else
                puts(json_string_value(v));
        }
    }
}

static int show(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "cert show";
    const char *file;
    int json = 0, c;
    unsigned char *buf;
    size_t len;
    X509 *x = NULL;
    stir_error_t err;
    stir_status st;
    json_t *o;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'j': json = 1; break;
        case 'h': fputs(show_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (argc - optind > 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one CERT file (or - for stdin)");
    file = optind < argc ? argv[optind] : "-";
    if (cli_read_file(what, file, &buf, &len) != 0)
        return EXIT_CANNOT_JUDGE;
    st = stir_cert_read(buf, len, &x, &err);
    free(buf);
    if (st != STIR_OK)
        return cli_fail(cli_exit_for(st), what, "%s: %s", file, err.text);
    o = cli_cert_json(x);
    X509_free(x);
    if (json) {
        cli_print_json(o);
    } else {
        print_text(o);
        json_decref(o);
    }
    return EXIT_VALID;
}

int cmd_cert(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"show", show, "show a certificate's subject, key ids, validity and TNAuthList"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("cert", verbs, argc, argv);
}
