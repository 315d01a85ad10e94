/* Verification outcomes: machine names, SIP codes, reasons, verstat (RFC 8224 §13). */
#include "stirkit/verifier.h"

static const struct {
    const char *name;
    int sip;
    const char *reason;
    stir_verstat verstat;
} outcomes[] = {
    [STIR_VS_OK] = {"ok", 200, "OK", STIR_VERSTAT_PASSED},
    [STIR_VS_NO_IDENTITY] = {"no_identity", 428, "Use Identity Header", STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_PPT_UNSUPPORTED] = {"ppt_unsupported", 428, "Use Supported PASSporT Format",
                                 STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_IDENTITY_MALFORMED] = {"identity_malformed", 438, "Invalid Identity Header",
                                    STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_INFO_MISSING] = {"info_missing", 436, "Bad Identity Info", STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_INFO_MISMATCH] = {"info_mismatch", 436, "Bad Identity Info",
                               STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_X5U_REFUSED] = {"x5u_refused", 436, "Bad Identity Info", STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_X5U_FETCH_FAILED] = {"x5u_fetch_failed", 436, "Bad Identity Info",
                                  STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_ALG_UNSUPPORTED] = {"alg_unsupported", 437, "Unsupported Credential",
                                 STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_CHAIN_UNTRUSTED] = {"chain_untrusted", 437, "Unsupported Credential",
                                 STIR_VERSTAT_FAILED},
    [STIR_VS_SIGNER_IS_CA] = {"signer_is_ca", 437, "Unsupported Credential", STIR_VERSTAT_FAILED},
    [STIR_VS_NOT_ENCOMPASSED] = {"delegation_not_encompassed", 437, "Unsupported Credential",
                                 STIR_VERSTAT_FAILED},
    [STIR_VS_NO_TNAUTHLIST] = {"no_tnauthlist", 437, "Unsupported Credential",
                               STIR_VERSTAT_FAILED},
    [STIR_VS_PASSPORT_MALFORMED] = {"passport_malformed", 438, "Invalid Identity Header",
                                    STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_SIGNATURE_INVALID] = {"signature_invalid", 438, "Invalid Identity Header",
                                   STIR_VERSTAT_FAILED},
    [STIR_VS_ORIG_NOT_AUTHORIZED] = {"orig_not_authorized", 438, "Invalid Identity Header",
                                     STIR_VERSTAT_FAILED},
    [STIR_VS_ORIG_MISMATCH] = {"orig_mismatch", 438, "Invalid Identity Header",
                               STIR_VERSTAT_FAILED},
    [STIR_VS_DEST_MISMATCH] = {"dest_mismatch", 438, "Invalid Identity Header",
                               STIR_VERSTAT_FAILED},
    [STIR_VS_STALE] = {"stale", 403, "Stale Date", STIR_VERSTAT_NO_VALIDATION},
    [STIR_VS_FUTURE] = {"iat_in_future", 403, "Stale Date", STIR_VERSTAT_NO_VALIDATION},
};

static int known(stir_vs_code c)
{
    return (unsigned)c < sizeof(outcomes) / sizeof(outcomes[0]) && outcomes[c].name != NULL;
}

const char *stir_vs_code_name(stir_vs_code c)
{
    return known(c) ? outcomes[c].name : "unknown";
}

int stir_vs_sip_code(stir_vs_code c)
{
    return known(c) ? outcomes[c].sip : 500;
}

const char *stir_vs_reason(stir_vs_code c)
{
    return known(c) ? outcomes[c].reason : "Server Internal Error";
}

stir_verstat stir_vs_verstat(stir_vs_code c)
{
    return known(c) ? outcomes[c].verstat : STIR_VERSTAT_NO_VALIDATION;
}

const char *stir_verstat_name(stir_verstat v)
{
    switch (v) {
    case STIR_VERSTAT_PASSED: return "TN-Validation-Passed";
    case STIR_VERSTAT_FAILED: return "TN-Validation-Failed";
    default: return "No-TN-Validation";
    }
}

json_t *stir_vs_result_json(const stir_vs_result *r)
{
    return json_pack("{s:b,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "valid", r->valid, "sip_code",
                     r->sip_code, "reason", r->reason, "code", stir_vs_code_name(r->code),
                     "verstat", stir_verstat_name(r->verstat), "attest", r->attest, "orig",
                     r->orig, "dest", r->dest, "detail", r->detail);
}
