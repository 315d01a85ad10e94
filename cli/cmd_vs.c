/* stirkit vs serve - the verification service (and optional STI-AS) over HTTP. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "stirkit/stirkit.h"
#include "cli.h"

static const char serve_usage[] =
    "usage: stirkit vs serve --listen ADDR:PORT --trust FILE... [--max-age S]\n"
    "                        [--spc-policy trust-issuer|reject] [--allow-address IP]\n"
    "                        [--allow-port PORT] [--tls-ca FILE] [--tls-cert F --tls-key F]\n"
    "                        [--sign-key KEY --sign-x5u URL] [--now UNIXTIME]\n"
    "                        [--max-conn-per-ip N]\n"
    "\n"
    "Serves POST /v1/verify {\"identity\":[...],\"from\":...,\"to\":...,\"time\":...} answering\n"
    "{\"valid\",\"sip_code\",\"reason\",\"code\",\"verstat\",\"attest\",\"orig\",\"dest\",\"detail\"},\n"
    "and with --sign-key POST /v1/sign {\"orig\",\"dest\",\"attest\"} answering\n"
    "{\"identity\",\"jws\"}; until SIGINT or SIGTERM. x5u chains are fetched under the\n"
    "https policy and cached (see 'passport verify --help' for the options).\n"
    "A request's \"time\" is its Date: more than 60 s from the server's clock gives\n"
    "403 Stale Date. --now fixes the server's clock (tests, replays).\n"
    "--max-conn-per-ip: connections from one address at once (1..512, default 64;\n"
    "raise it for a busy SBC or proxy in front).\n"
    "Prints 'listening on URL' once ready.\n";

static int serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"listen", required_argument, NULL, 'l'},   {"trust", required_argument, NULL, 'T'},
        {"max-age", required_argument, NULL, 'm'},  {"allow-address", required_argument, NULL, 'A'},
        {"allow-port", required_argument, NULL, 'P'}, {"tls-ca", required_argument, NULL, 'C'},
        {"spc-policy", required_argument, NULL, 'S'}, {"tls-cert", required_argument, NULL, 'c'},
        {"tls-key", required_argument, NULL, 'k'},  {"sign-key", required_argument, NULL, 'K'},
        {"sign-x5u", required_argument, NULL, 'X'}, {"now", required_argument, NULL, 'n'},
        {"max-conn-per-ip", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *what = "vs serve", *sign_key = NULL;
    stir_verifier_opts vo;
    stir_vs_server_opts so;
    stir_trust *trust = stir_trust_new();
    stir_verifier *v = NULL;
    stir_vs_server *server = NULL;
    EVP_PKEY *key = NULL;
    stir_error_t err;
    long n = 0;
    int c, rc = -1;

    memset(&vo, 0, sizeof(vo));
    memset(&so, 0, sizeof(so));
    vo.trust = trust;
    optind = 0;
    opterr = 0;
    while (rc < 0 && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        rc = cli_verifier_option(c, what, &vo, trust);
        if (rc != -2)
            continue;
        rc = -1;
        switch (c) {
        case 'l': so.listen = optarg; break;
        case 'c': so.tls_cert_file = optarg; break;
        case 'k': so.tls_key_file = optarg; break;
        case 'K': sign_key = optarg; break;
        case 'X': so.sign_x5u = optarg; break;
        case 'n': rc = cli_parse_time(what, "--now", optarg, &so.now); break;
        case 'p':
            rc = cli_parse_number(what, "--max-conn-per-ip", optarg, 1, 512, &n);
            so.max_conn_per_ip = (unsigned)n;
            break;
        case 'h': fputs(serve_usage, stdout); rc = EXIT_VALID; break;
        default: rc = cli_bad_option(what, argv); break;
        }
    }
    if (rc < 0 && (optind != argc || so.listen == NULL || stir_trust_count(trust) == 0))
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "needs --listen ADDR:PORT and --trust FILE");
    if (rc < 0 && (sign_key != NULL) != (so.sign_x5u != NULL))
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--sign-key and --sign-x5u go together");
    if (rc < 0 && sign_key != NULL && stir_key_load(sign_key, &key, &err) != STIR_OK)
        rc = cli_fail(EXIT_CANNOT_JUDGE, what, "--sign-key: %s", err.text);
    if (rc < 0 && (v = stir_verifier_new(&vo, &err)) == NULL)
        rc = cli_fail(EXIT_INTERNAL, what, "%s", err.text);
    if (rc < 0) {
        so.verifier = v;
        so.sign_key = key;
        cli_block_stop_signals();
        if (stir_vs_server_start(&so, &server, &err) != STIR_OK) {
            rc = cli_fail(EXIT_CANNOT_JUDGE, what, "%s", err.text);
        } else {
            printf("listening on %s://%.*s:%u/v1/verify%s\n", so.tls_cert_file ? "https" : "http",
                   (int)(strrchr(so.listen, ':') - so.listen), so.listen,
                   stir_vs_server_port(server), key != NULL ? " and /v1/sign" : "");
            fflush(stdout);
            cli_wait_for_stop();
            stir_vs_server_stop(server);
            rc = EXIT_VALID;
        }
    }
    stir_verifier_free(v);
    stir_trust_free(trust);
    EVP_PKEY_free(key);
    return rc;
}

int cmd_vs(int argc, char **argv)
{
    static const cli_verb verbs[] = {
        {"serve", serve, "the verification service over HTTP (POST /v1/verify, /v1/sign)"},
        {NULL, NULL, NULL},
    };
    return cli_dispatch("vs", verbs, argc, argv);
}
