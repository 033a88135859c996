#include "rules/rule.h"

const struct rule_check section2_checks[] = {
	{NULL, NULL},
};
