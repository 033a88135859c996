#include "rules/rule.h"

const struct rule_check section7_checks[] = {
	{NULL, NULL},
};
