/*
 * stirkit/stirkit.h - umbrella header and process-wide initialisation.
 */
#ifndef STIRKIT_STIRKIT_H
#define STIRKIT_STIRKIT_H

#include "stirkit/error.h"
#include "stirkit/base64.h"
#include "stirkit/tn.h"
#include "stirkit/tnauthlist.h"
#include "stirkit/encompass.h"
#include "stirkit/cert.h"
#include "stirkit/chain.h"
#include "stirkit/lint.h"
#include "stirkit/ca.h"
#include "stirkit/fetch.h"
#include "stirkit/passport.h"
#include "stirkit/identity.h"
#include "stirkit/x5u_host.h"
#include "stirkit/verifier.h"
#include "stirkit/vs_server.h"
#include "stirkit/tkauth.h"
#include "stirkit/acme.h"

#ifdef __cplusplus
extern "C" {
#endif

#define STIRKIT_VERSION_STRING "0.1.0"
/* 0xMMmmpp: major, minor, patch. */
#define STIRKIT_VERSION_HEX 0x000100

/*
 * Process-wide initialisation: registers the STIR object identifiers with
 * OpenSSL - TNAuthList 1.3.6.1.5.5.7.1.26 (RFC 8226 §9), JWTClaimConstraints
 * 1.3.6.1.5.5.7.1.27 (RFC 8226 §8) and EnhancedJWTClaimConstraints
 * 1.3.6.1.5.5.7.1.33 (RFC 9118) - each only when OBJ_txt2nid() does not
 * already know it, so a host that registered them first is fine.
 *
 * Idempotent and thread-safe (runs once per process). Every stirkit function
 * that needs the identifiers calls it, so calling it is optional; call it
 * early to surface a failure. Returns STIR_OK, or STIR_E_INTERNAL when
 * OpenSSL could not register an identifier (err says which).
 */
stir_status stir_global_init(stir_error_t *err);

/* OpenSSL NIDs of the STIR extensions; NID_undef (0) if init failed. */
int stir_nid_tnauthlist(void);
int stir_nid_jwt_claim_constraints(void);
int stir_nid_enhanced_jwt_claim_constraints(void);

#ifdef __cplusplus
}
#endif
#endif /* STIRKIT_STIRKIT_H */
