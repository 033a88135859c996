#include "rules/rule.h"

const struct rule_check section5_checks[] = {
	{NULL, NULL},
};
