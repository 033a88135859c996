#include "rules/rule.h"

const struct rule_check section1_checks[] = {
	{NULL, NULL},
};
