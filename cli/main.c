/* stirkit - one command for STIR certificates and their delegation. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} groups[] = {
    {"tnauth", cmd_tnauth, "decode and encode TNAuthList DER (RFC 8226)"},
    {"cert", cmd_cert, "show a certificate's STIR fields"},
    {"chain", cmd_chain, "check a delegate chain (RFC 5280 path, RFC 9060 encompassing)"},
    {"ca", cmd_ca, "issuing CA: delegate certificates inside the issuer's scope, CRLs"},
    {"x5u", cmd_x5u, "publish x5u certificate chains over HTTPS"},
    {"passport", cmd_passport, "sign, decode and verify PASSporTs and Identity headers"},
    {"vs", cmd_vs, "the verification service over HTTP"},
    {"acme", cmd_acme, "ACME server for delegate certificates (tkauth-01)"},
    {"ta", cmd_ta, "token authority: mint Authority Tokens"},
};

static void usage(FILE *f)
{
    fputs("usage: stirkit GROUP VERB [options] [FILE|-]\n\ngroups:\n", f);
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        fprintf(f, "  %-8s %s\n", groups[i].name, groups[i].summary);
    fputs("\n'stirkit GROUP --help' lists a group's verbs. Exit codes: 0 valid, 1 invalid,\n"
          "2 could not judge (usage, unreadable or unexpected input), 3 internal error.\n",
          f);
}

int main(int argc, char **argv)
{
    stir_error_t err;

    if (argc < 2) {
        usage(stderr);
        return EXIT_CANNOT_JUDGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_VALID;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("stirkit %s\n", STIRKIT_VERSION_STRING);
        return EXIT_VALID;
    }
    if (stir_global_init(&err) != STIR_OK)
        return cli_fail(EXIT_INTERNAL, "init", "%s", err.text);
    for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
        if (strcmp(argv[1], groups[i].name) == 0)
            return groups[i].run(argc - 2, argv + 2);
    return cli_fail(EXIT_CANNOT_JUDGE, argv[1], "unknown command (try 'stirkit --help')");
}
