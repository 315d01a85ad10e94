/*
 * The rule catalogue as one list, in run order: reading, the certificate
 * fields in RFC 5280 order, the SHAKEN profile (ATIS-1000080 §6.4.1
 * order), the US SHAKEN CP, RFC 8226, RFC 9060 delegation, the chain, the
 * x5u response. Each rule is the descriptor skit_rule_<id>, defined in
 * its own file under lib/lint/<source>/. Included by lint_int.h, so every
 * descriptor is declared where it is defined. Not installed.
 */
#ifndef STIR_LINT_RULES_H
#define STIR_LINT_RULES_H

#define SKIT_LINT_RULES(X) \
    X(e_bundle_not_certificate) \
    X(e_cert_undecodable) \
    X(e_rfc5280_serial_not_minimal) \
    X(e_rfc5280_serial_not_positive) \
    X(e_rfc5280_serial_too_long) \
    X(e_rfc5280_skid_missing) \
    X(e_rfc5280_akid_missing) \
    X(e_atis_version) \
    X(e_atis_serial_entropy) \
    X(e_atis_signature_algorithm) \
    X(e_atis_subject_public_key) \
    X(e_atis_subject_c) \
    X(e_atis_subject_o) \
    X(e_atis_subject_cn) \
    X(e_atis_subject_cn_ca) \
    X(e_atis_subject_cn_root) \
    X(e_atis_subject_cn_leaf) \
    X(e_atis_basic_constraints_missing) \
    X(e_atis_basic_constraints_not_critical) \
    X(e_atis_key_usage_missing) \
    X(e_atis_key_usage_not_critical) \
    X(e_atis_key_usage_ee) \
    X(e_atis_key_usage_ca_v004) \
    X(e_atis_key_usage_ca) \
    X(e_atis_skid_missing_ee) \
    X(e_atis_skid_not_sha1) \
    X(e_atis_root_akid_mismatch) \
    X(e_atis_cp_missing) \
    X(e_atis_cp_not_shaken) \
    X(e_atis_cp_on_root) \
    X(n_atis_cp_critical) \
    X(e_atis_crldp_missing) \
    X(e_atis_crldp_shape) \
    X(e_atis_crldp_on_root) \
    X(e_atis_tnal_missing) \
    X(e_atis_tnal_not_one_spc) \
    X(e_atis_tnal_spc_format) \
    X(e_atis_tnal_on_ca) \
    X(e_atis_ext_unknown) \
    X(w_us_cp_subject_serial_number) \
    X(e_rfc8226_tnal_malformed) \
    X(e_rfc8226_leaf_tnal_missing) \
    X(e_rfc8226_leaf_key_usage) \
    X(e_rfc9060_tnal_missing) \
    X(e_rfc9060_not_encompassed) \
    X(w_rfc9060_validity_outside_parent) \
    X(e_chain_unlinkable) \
    X(e_chain_leaf_not_first) \
    X(w_chain_order) \
    X(e_chain_no_end_entity) \
    X(w_chain_duplicate) \
    X(w_chain_unrelated) \
    X(e_chain_akid_mismatch) \
    X(e_chain_signature_invalid) \
    X(e_chain_issuer_not_ca) \
    X(e_chain_path_len) \
    X(e_chain_expired) \
    X(e_chain_not_yet_valid) \
    X(w_chain_mixed_key_types) \
    X(n_chain_root_included) \
    X(n_chain_root_absent) \
    X(e_x5u_url) \
    X(w_x5u_url_port) \
    X(e_x5u_status) \
    X(w_x5u_content_type) \
    X(w_x5u_cache_control_missing) \
    X(w_x5u_cache_max_age) \
    X(e_x5u_pem_not_strict) \
    X(e_x5u_body_not_chain)

#define SKIT_LINT_DECLARE(id) extern const skit_lint_rule skit_rule_##id;
SKIT_LINT_RULES(SKIT_LINT_DECLARE)

#endif
