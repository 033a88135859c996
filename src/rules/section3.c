#include "rules/rule.h"

const struct rule_check section3_checks[] = {
	{NULL, NULL},
};
