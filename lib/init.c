/* stir_global_init: run-once registration of the STIR OIDs (RFC 8226, RFC 9118). */
#include <openssl/crypto.h>
#include <openssl/objects.h>

#include "stirkit/stirkit.h"
#include "error_int.h"

static const struct {
    const char *oid, *sn, *ln;
} stir_oids[] = {
    {"1.3.6.1.5.5.7.1.26", "TNAuthList", "TNAuthorizationList"},
    {"1.3.6.1.5.5.7.1.27", "JWTClaimConstraints", "JWT Claim Constraints"},
    {"1.3.6.1.5.5.7.1.33", "EnhancedJWTClaimConstraints",
     "Enhanced JWT Claim Constraints"},
};

#define N_OIDS (sizeof(stir_oids) / sizeof(stir_oids[0]))

/* Written only inside the run-once routine, read-only afterwards. */
static int stir_nids[N_OIDS];
static int init_failed_index = -1;
static CRYPTO_ONCE init_once = CRYPTO_ONCE_STATIC_INIT;

static void do_init(void)
{
    for (size_t i = 0; i < N_OIDS; i++) {
        int nid = OBJ_txt2nid(stir_oids[i].oid);

        if (nid == NID_undef) {
            /* A short or long name already taken by another OID would make
             * OBJ_create fail; register under the numeric form then. */
            nid = OBJ_create(stir_oids[i].oid, stir_oids[i].sn, stir_oids[i].ln);
            if (nid == NID_undef)
                nid = OBJ_create(stir_oids[i].oid, NULL, NULL);
        }
        if (nid == NID_undef && init_failed_index < 0)
            init_failed_index = (int)i;
        stir_nids[i] = nid;
    }
}

stir_status stir_global_init(stir_error_t *err)
{
    if (!CRYPTO_THREAD_run_once(&init_once, do_init))
        return skit_fail_openssl(err, "run-once initialisation failed");
    if (init_failed_index >= 0)
        return skit_fail(err, STIR_E_INTERNAL,
                         "could not register OID %s with OpenSSL",
                         stir_oids[init_failed_index].oid);
    return STIR_OK;
}

static int nid_at(size_t i)
{
    (void)stir_global_init(NULL);
    return stir_nids[i];
}

int stir_nid_tnauthlist(void) { return nid_at(0); }
int stir_nid_jwt_claim_constraints(void) { return nid_at(1); }
int stir_nid_enhanced_jwt_claim_constraints(void) { return nid_at(2); }
