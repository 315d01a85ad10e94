/* stirkit tnauth decode|encode - TNAuthList DER (RFC 8226) in and out. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli.h"

static const char decode_usage[] =
    "usage: stirkit tnauth decode [--base64] [--json] [FILE|-]\n"
    "\n"
    "Decodes a DER TNAuthList (the extnValue of extension 1.3.6.1.5.5.7.1.26,\n"
    "RFC 8226) strictly and prints one entry per line, or JSON with --json.\n"
    "  --base64  the input is base64 or base64url text of the DER\n"
    "  --json    print {\"tnauthlist\":[...]}\n"
    "Exit 0 when it decodes, 2 when it is malformed (the reason on stderr).\n";

static const char encode_usage[] =
    "usage: stirkit tnauth encode [--base64] [--json] ENTRY...\n"
    "\n"
    "Encodes a TNAuthList as DER on stdout. ENTRY is spc:CODE,\n"
    "range:START:COUNT or one:TN, in the order given.\n"
    "  --base64  print base64 text instead of DER bytes\n"
    "  --json    print {\"der_base64\":...,\"tnauthlist\":[...]}\n";

static int decode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"base64", no_argument, NULL, 'b'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "tnauth decode";
    int base64 = 0, json = 0, c, rc;
    unsigned char *buf = NULL, *der = NULL;
    size_t len, derlen;
    stir_tnauthlist *tnal = NULL;
    stir_error_t err;
    stir_status st;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': base64 = 1; break;
        case 'j': json = 1; break;
        case 'h': fputs(decode_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (argc - optind > 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one FILE (or - for stdin)");
    if (cli_read_file(what, optind < argc ? argv[optind] : "-", &buf, &len) != 0)
        return EXIT_CANNOT_JUDGE;
    if (base64) {
        st = stir_base64_decode((const char *)buf, len, &der, &derlen, &err);
        if (st != STIR_OK) {
            free(buf);
            return cli_fail(cli_exit_for(st), what, "%s", err.text);
        }
    }
    if (!base64 && len >= 10 && memcmp(buf, "-----BEGIN", 10) == 0) {
        free(buf);
        return cli_fail(EXIT_CANNOT_JUDGE, what,
                        "the input is PEM text; give the TNAuthList extension's DER value "
                        "(or its base64 with --base64), or use 'stirkit cert show' on a certificate");
    }
    st = stir_tnauthlist_parse(base64 ? der : buf, base64 ? derlen : len, &tnal, &err);
    if (st != STIR_OK) {
        rc = cli_fail(cli_exit_for(st), what, "%s", err.text);
    } else if (json) {
        cli_print_json(json_pack("{s:o}", "tnauthlist", cli_tnauthlist_json(tnal)));
        rc = EXIT_VALID;
    } else {
        char line[STIR_TNENTRY_TEXT_SIZE];

        for (size_t i = 0; i < stir_tnauthlist_count(tnal); i++)
            puts(stir_tnentry_format(stir_tnauthlist_get0_entry(tnal, i), line, sizeof(line)));
        rc = EXIT_VALID;
    }
    stir_tnauthlist_free(tnal);
    free(der);
    free(buf);
    return rc;
}

static int encode(int argc, char **argv)
{
    static const struct option opts[] = {
        {"base64", no_argument, NULL, 'b'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "tnauth encode";
    int base64 = 0, json = 0, c, rc = EXIT_VALID;
    unsigned char *der = NULL;
    size_t derlen;
    char *text = NULL;
    stir_tnauthlist *tnal;
    stir_error_t err;
    stir_status st = STIR_OK;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b': base64 = 1; break;
        case 'j': json = 1; break;
        case 'h': fputs(encode_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (optind >= argc)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs at least one ENTRY (spc:CODE, "
                        "range:START:COUNT or one:TN)");
    tnal = stir_tnauthlist_new();
    if (tnal == NULL)
        return cli_fail(EXIT_INTERNAL, what, "out of memory");
    for (int i = optind; i < argc && st == STIR_OK; i++)
        st = stir_tnauthlist_add_text(tnal, argv[i], &err);
    if (st == STIR_OK)
        st = stir_tnauthlist_encode(tnal, &der, &derlen, &err);
    if (st == STIR_OK && (base64 || json))
        st = stir_base64_encode(der, derlen, 0, &text, &err);
    if (st != STIR_OK) {
        rc = cli_fail(cli_exit_for(st), what, "%s", err.text);
    } else if (json) {
        cli_print_json(json_pack("{s:s,s:o}", "der_base64", text, "tnauthlist",
                                 cli_tnauthlist_json(tnal)));
    } else if (base64) {
        puts(text);
    } else if (fwrite(der, 1, derlen, stdout) != derlen) {
        rc = cli_fail(EXIT_INTERNAL, what, "cannot write to stdout");
    }
    free(text);
    OPENSSL_free(der);
    stir_tnauthlist_free(tnal);
    return rc;
}

int cmd_tnauth(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"decode", decode, "decode a DER TNAuthList strictly (RFC 8226)"},
        {"encode", encode, "encode TNAuthList entries as DER"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("tnauth", verbs, argc, argv);
}
