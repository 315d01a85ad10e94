/* stirkit acme serve|thumbprint and stirkit ta token - ACME with tkauth-01. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stirkit/stirkit.h"
#include "stirkit/acme.h"
#include "stirkit/tkauth.h"
#include "cli.h"

static const char serve_usage[] =
    "usage: stirkit acme serve --config FILE\n"
    "\n"
    "Runs the ACME server (RFC 8555) for TNAuthList identifiers with tkauth-01\n"
    "(RFC 9447/9448) until SIGINT or SIGTERM; prints 'directory URL' once ready.\n"
    "FILE holds key = value lines ('#' comments; paths relative to FILE):\n"
    "  listen = 127.0.0.1:4000        ADDR:PORT (port 0 picks one)\n"
    "  base_url = https://acme.example.net   external URL (behind a proxy)\n"
    "  tls_cert = tls.pem, tls_key = tls.key   HTTPS (a key apart from the CA's)\n"
    "  ca_dir = ca                     a 'stirkit ca' directory that issues\n"
    "  database = acme.db              ACME state (default: ca_dir/acme.db)\n"
    "  ta_anchors = ta-root.pem        trusted token-authority roots\n"
    "  jti_policy = same-account | single-use\n"
    "  clock_skew = 60                 seconds, for token exp and nbf\n"
    "  cert_days = 30                  validity (default: the CA's)\n"
    "  bound_validity_by_token = yes   notAfter <= the token's exp\n"
    "  terms_of_service = URL          newAccount must agree to it\n"
    "  ta_allow_address, ta_allow_port, ta_tls_ca   token-authority x5u fetching\n"
    "  max_body = 65536                request body cap in bytes (413 above)\n"
    "  max_conn_per_ip = 64            connections from one address at once (1..512)\n";

static const char thumb_usage[] =
    "usage: stirkit acme thumbprint --key KEY [--json]\n"
    "\n"
    "Prints an account key's RFC 7638 thumbprint and the RFC 9448 fingerprint\n"
    "(SHA256 XX:...) an Authority Token binds it with.\n";

static const char token_usage[] =
    "usage: stirkit ta token --key KEY (--x5u URL | --x5c CERT) --tnauthlist ENTRY...\n"
    "                        --fingerprint FP [--ca] [--exp SECONDS] [--iss ISS] [--now T]\n"
    "\n"
    "Mints a TNAuthList Authority Token (RFC 9448 §5) signed by a token authority\n"
    "(ES256): atc {tktype TNAuthList, tkvalue, ca, fingerprint}, exp = now + SECONDS\n"
    "(default 3600), a random jti. ENTRY is spc:CODE, range:START:COUNT or one:TN.\n";

static int serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "acme serve", *file = NULL;
    stir_acme_config cfg;
    stir_acme_server *s = NULL;
    stir_error_t err;
    int c;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c': file = optarg; break;
        case 'h': fputs(serve_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (file == NULL || optind != argc)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs --config FILE");
    if (stir_acme_config_load(file, &cfg, &err) != STIR_OK)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    cli_block_stop_signals();
    if (stir_acme_server_start(&cfg, &s, &err) != STIR_OK) {
        stir_acme_config_clear(&cfg);
        return cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    }
    stir_acme_config_clear(&cfg);
    printf("directory %s\n", stir_acme_server_directory(s));
    fflush(stdout);
    cli_wait_for_stop();
    stir_acme_server_stop(s);
    return EXIT_VALID;
}

static int thumbprint(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "acme thumbprint", *uri = NULL;
    char b64[44], fp[104];
    EVP_PKEY *key = NULL;
    stir_error_t err;
    int c, json = 0, rc;

    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k': uri = optarg; break;
        case 'j': json = 1; break;
        case 'h': fputs(thumb_usage, stdout); return EXIT_VALID;
        default: return cli_bad_option(what, argv);
        }
    }
    if (uri == NULL || optind != argc)
        return cli_fail(EXIT_CANNOT_JUDGE, what, "needs --key KEY");
    if (stir_key_load(uri, &key, &err) != STIR_OK ||
        stir_key_thumbprint(key, b64, fp, &err) != STIR_OK) {
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    } else {
        if (json)
            cli_print_json(json_pack("{s:s,s:s}", "thumbprint", b64, "fingerprint", fp));
        else
            printf("thumbprint  %s\nfingerprint %s\n", b64, fp);
        rc = EXIT_VALID;
    }
    EVP_PKEY_free(key);
    return rc;
}

static int token(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},    {"x5u", required_argument, NULL, 'u'},
        {"x5c", required_argument, NULL, 'c'},    {"tnauthlist", required_argument, NULL, 't'},
        {"fingerprint", required_argument, NULL, 'f'}, {"ca", no_argument, NULL, 'a'},
        {"exp", required_argument, NULL, 'e'},    {"iss", required_argument, NULL, 'i'},
        {"now", required_argument, NULL, 'n'},    {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "ta token", *uri = NULL, *x5c = NULL;
    stir_tkauth_mint_opts o;
    stir_tnauthlist *tnal = stir_tnauthlist_new();
    unsigned char *der = NULL, *pem = NULL;
    size_t len, plen;
    char *jwt = NULL, *end;
    EVP_PKEY *key = NULL;
    stir_error_t err;
    int c, rc = -1, saw_tnal = 0;

    memset(&o, 0, sizeof(o));
    o.now = (int64_t)time(NULL);
    optind = 0;
    opterr = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'k': uri = optarg; break;
        case 'u': o.x5u = optarg; break;
        case 'c': x5c = optarg; break;
        case 't':
            saw_tnal = 1;
            if (stir_tnauthlist_add_text(tnal, optarg, &err) != STIR_OK)
                rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--tnauthlist %s: %s", optarg, err.text);
            break;
        case 'f': o.fingerprint = optarg; break;
        case 'a': o.ca = 1; break;
        case 'e':
            errno = 0;
            o.lifetime = strtoll(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || errno != 0 || o.lifetime < 1)
                rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--exp: '%s' is not a positive number of "
                              "seconds", optarg);
            break;
        case 'i': o.iss = optarg; break;
        case 'n': rc = cli_parse_time(what, "--now", optarg, &o.now); break;
        case 'h': fputs(token_usage, stdout); rc = EXIT_VALID; break;
        default: rc = cli_bad_option(what, argv); break;
        }
    }
    /* More entries may follow --tnauthlist as plain arguments. */
    for (; rc < 0 && optind < argc; optind++) {
        if (!saw_tnal || stir_tnauthlist_add_text(tnal, argv[optind], &err) != STIR_OK)
            rc = cli_fail(EXIT_CANNOT_JUDGE, what, "unexpected argument '%s'", argv[optind]);
    }
    if (rc < 0 && (uri == NULL || (o.x5u == NULL) == (x5c == NULL) || o.fingerprint == NULL ||
                   stir_tnauthlist_count(tnal) == 0))
        rc = cli_fail(EXIT_CANNOT_JUDGE, what,
                      "needs --key, one of --x5u/--x5c, --tnauthlist and --fingerprint");
    if (rc < 0 && x5c != NULL) {
        if (cli_read_file(what, x5c, &pem, &plen) != 0)
            rc = EXIT_CANNOT_JUDGE;
        o.x5c_pem = (const char *)pem;
    }
    if (rc < 0 && stir_tnauthlist_encode(tnal, &der, &len, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    if (rc < 0 && stir_key_load(uri, &key, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
    if (rc < 0) {
        o.key = key;
        o.tnauthlist_der = der;
        o.tnauthlist_len = len;
        if (stir_tkauth_mint(&o, &jwt, &err) != STIR_OK)
            rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
        else {
            puts(jwt);
            rc = EXIT_VALID;
        }
    }
    free(jwt);
    free(pem);
    OPENSSL_free(der);
    EVP_PKEY_free(key);
    stir_tnauthlist_free(tnal);
    return rc;
}

int cmd_acme(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"serve", serve, "the ACME server for TNAuthList identifiers (tkauth-01)"},
        {"thumbprint", thumbprint, "an account key's RFC 7638 thumbprint and fingerprint"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("acme", verbs, argc, argv);
}

int cmd_ta(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"token", token, "mint a TNAuthList Authority Token (RFC 9448)"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("ta", verbs, argc, argv);
}
