/* The rule catalogue in run order (the list is lib/lint/rules.h). */
#include "lint_int.h"

#define SKIT_LINT_ENTRY(id) &skit_rule_##id,

const skit_lint_rule *const skit_lint_rules[] = {SKIT_LINT_RULES(SKIT_LINT_ENTRY)};

const size_t skit_lint_n_rules = sizeof(skit_lint_rules) / sizeof(skit_lint_rules[0]);
