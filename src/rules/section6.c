#include "rules/rule.h"

const struct rule_check section6_checks[] = {
	{NULL, NULL},
};
