/*
 * stirkit chain check - is this bundle a valid STIR delegate chain with
 * every delegation step encompassed (RFC 5280 §6, RFC 9060 §4)?
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char check_usage[] =
    "usage: stirkit chain check --trust FILE [--trust FILE...]\n"
    "                          [--spc-policy trust-issuer|reject] [--tn NUMBER]\n"
    "                          [--at UNIXTIME] [--json] BUNDLE\n"
    "\n"
    "Links the PEM bundle's certificates by AKID/SKID (any file order), validates\n"
    "the path to the --trust anchors at --at (default: now), then checks that\n"
    "every certificate's TNAuthList is encompassed by its nearest ancestor's\n"
    "(RFC 9060) and, with --tn, that the number is in the leaf's scope.\n"
    "  --trust FILE       PEM file of trust anchors (repeatable; required)\n"
    "  --spc-policy P     TNs under a parent's SPC: trust-issuer (default) or reject\n"
    "  --tn NUMBER        telephone number the leaf must cover (canonicalised)\n"
    "  --at UNIXTIME      verification time, seconds since 1970-01-01 UTC\n"
    "  --json             print the verdict and the chain as JSON\n"
    "Exit 0 valid, 1 invalid, 2 when the bundle cannot be judged.\n";

typedef struct {
    const char *trust_files[16];
    int n_trust;
    stir_check_opts opts;
    char tn[STIR_TN_BUF_SIZE];
    int json;
    const char *bundle;
} check_args;

/* Parses options into a; returns -1 to go on, else an exit code. */
static int parse_args(int argc, char **argv, check_args *a)
{
    static const struct option opts[] = {
        {"trust", required_argument, NULL, 't'},
        {"spc-policy", required_argument, NULL, 'p'},
        {"tn", required_argument, NULL, 'n'},
        {"at", required_argument, NULL, 'a'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "chain check";
    stir_error_t err;
    int c;

    memset(a, 0, sizeof(*a));
    a->opts.at = (int64_t)time(NULL);
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (a->n_trust == (int)(sizeof(a->trust_files) / sizeof(a->trust_files[0])))
                return cli_fail(EXIT_CANNOT_JUDGE, what, "too many --trust files");
            a->trust_files[a->n_trust++] = optarg;
            break;
        case 'p':
            if (stir_spc_policy_from_name(optarg, &a->opts.spc_policy, &err) != STIR_OK)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "--spc-policy: %s", err.text);
            break;
        case 'n':
            if (stir_tn_canonicalize(optarg, a->tn, sizeof(a->tn), &err) != STIR_OK)
                return cli_fail(EXIT_CANNOT_JUDGE, what, "--tn: %s", err.text);
            a->opts.tn = a->tn;
            break;
        case 'a':
            if (cli_parse_time(what, "--at", optarg, &a->opts.at) >= 0)
                return EXIT_CANNOT_JUDGE;
            break;
        case 'j': a->json = 1; break;
        case 'h': fputs(check_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (argc - optind != 1)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "takes one BUNDLE file (or - for stdin)");
    if (a->n_trust == 0)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs at least one --trust FILE");
    a->bundle = argv[optind];
    return -1;
}

/* Loads every --trust file; returns -1 on success, else an exit code. */
static int load_trust(const check_args *a, stir_trust *trust)
{
    for (int i = 0; i < a->n_trust; i++) {
        unsigned char *buf;
        size_t len;
        stir_error_t err;
        stir_status st;

        if (cli_read_file("chain check", a->trust_files[i], &buf, &len) != 0)
            return EXIT_CANNOT_JUDGE;
        st = stir_trust_add_pem(trust, (const char *)buf, len, &err);
        free(buf);
        if (st != STIR_OK)
            return cli_fail(cli_exit_for(st), "chain check", "--trust %s: %s",
                            a->trust_files[i], err.text);
    }
    return -1;
}

/* The JSON code: one of the contract's seven (the issue's chain check). */
static const char *contract_code(stir_status st)
{
    switch (st) {
    case STIR_OK:
    case STIR_E_PATH_INVALID:
    case STIR_E_ISSUER_NOT_FOUND:
    case STIR_E_NOT_ENCOMPASSED:
    case STIR_E_NO_TNAUTHLIST:
    case STIR_E_TN_NOT_AUTHORIZED:
        return stir_status_name(st);
    case STIR_E_NOMEM:
    case STIR_E_INTERNAL:
        return "internal";
    default:
        return "malformed"; /* too large, unreadable: not a chain we can judge */
    }
}

static json_t *chain_json(const stir_chain *chain, X509 *anchor)
{
    json_t *list = json_array();
    size_t n = stir_chain_length(chain);

    for (size_t d = 0; d < n + (anchor != NULL); d++) {
        json_t *o = cli_cert_json(d < n ? stir_chain_get0_cert(chain, d) : anchor);

        json_object_set_new(o, "depth", json_integer((json_int_t)d));
        json_object_set_new(o, "in_bundle", json_boolean(d < n));
        if (d < n)
            json_object_set_new(o, "file_index",
                                json_integer((json_int_t)stir_chain_file_index(chain, d)));
        json_array_append_new(list, o);
    }
    return list;
}

static void print_text(const stir_chain *chain, X509 *anchor, stir_status st,
                       const stir_error_t *err)
{
    size_t n = stir_chain_length(chain);

    {
        printf("chain (leaf first; the file %s):\n",
               stir_chain_leaf_first(chain) ? "starts with the leaf" : "does not start with the leaf");
        for (size_t d = 0; d < n + (anchor != NULL); d++) {
            X509 *x = d < n ? stir_chain_get0_cert(chain, d) : anchor;
            char name[512], line[STIR_TNENTRY_TEXT_SIZE];
            stir_tnauthlist *tnal = NULL;

            stir_name_format(X509_get_subject_name(x), name, sizeof(name));
            if (d < n)
                printf("  [%zu] %s  (file #%zu)\n", d, name, stir_chain_file_index(chain, d) + 1);
            else
                printf("  [%zu] %s  (trust anchor)\n", d, name);
            if (stir_tnauthlist_from_cert(x, &tnal, NULL) == STIR_OK)
                for (size_t i = 0; i < stir_tnauthlist_count(tnal); i++)
                    printf("        %s\n", stir_tnentry_format(stir_tnauthlist_get0_entry(tnal, i),
                                                            line, sizeof(line)));
            stir_tnauthlist_free(tnal);
        }
    }
    if (st == STIR_OK)
        printf("verdict: valid (ok)\n");
    else
        printf("verdict: INVALID (%s): %s\n", stir_status_name(st), err->text);
}

static int check(int argc, char **argv)
{
    check_args a;
    stir_trust *trust = NULL;
    stir_chain *chain = NULL;
    X509 *anchor = NULL;
    unsigned char *buf = NULL;
    size_t len;
    stir_error_t err;
    stir_status st;
    int rc = parse_args(argc, argv, &a);

    if (rc >= 0)
        return rc;
    trust = stir_trust_new();
    if (trust == NULL)
        return cli_fail(EXIT_INTERNAL, "chain check", "out of memory");
    rc = load_trust(&a, trust);
    if (rc >= 0)
        goto done;
    if (cli_read_file("chain check", a.bundle, &buf, &len) != 0) {
        rc = EXIT_CANNOT_JUDGE;
        goto done;
    }
    st = stir_chain_from_pem((const char *)buf, len, &chain, &err);
    if (st == STIR_OK)
        st = stir_chain_check(chain, trust, &a.opts, &anchor, &err);
    /* A bundle that does not read cannot be judged (2); a chain that reads
     * but fails a rule, a malformed TNAuthList included, is invalid (1). */
    rc = st == STIR_OK ? EXIT_VALID
         : chain == NULL ? cli_exit_for(st)
         : st == STIR_E_MALFORMED ? EXIT_INVALID
                                  : cli_exit_for(st);
    if (a.json) {
        json_t *o = json_object();

        json_object_set_new(o, "valid", json_boolean(st == STIR_OK));
        json_object_set_new(o, "code", json_string(contract_code(st)));
        json_object_set_new(o, "detail", json_string(st == STIR_OK ? "" : err.text));
        json_object_set_new(o, "leaf_first", json_boolean(stir_chain_leaf_first(chain)));
        json_object_set_new(o, "at", json_integer((json_int_t)a.opts.at));
        json_object_set_new(o, "spc_policy",
                            json_string(stir_spc_policy_name(a.opts.spc_policy)));
        if (a.opts.tn != NULL)
            json_object_set_new(o, "tn", json_string(a.opts.tn));
        json_object_set_new(o, "chain", chain != NULL ? chain_json(chain, anchor) : json_array());
        cli_print_json(o);
    } else if (chain != NULL) {
        print_text(chain, anchor, st, &err);
    }
    if (chain == NULL)
        cli_fail(rc, "chain check", "%s: %s", a.bundle, err.text);
done:
    X509_free(anchor);
    stir_chain_free(chain);
    stir_trust_free(trust);
    free(buf);
    return rc;
}

int cmd_chain(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"check", check, "validate a bundle's path and RFC 9060 encompassing"},
        {"lint", cmd_chain_lint, "lint a bundle against the SHAKEN or RFC 9060 profile"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("chain", verbs, argc, argv);
}
