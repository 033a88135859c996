#include "rules/rule.h"

const struct rule_check section4_checks[] = {
	{NULL, NULL},
};
