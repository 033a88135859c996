#include <string.h>

#include "assess/assess.h"
#include "util/error.h"
#include "util/strutil.h"

/* "5" matches "5.1" and "5.32" but not "51"; "1.1" matches "1.1.3". */
static bool id_matches(const char *pattern, const char *id)
{
	size_t n = strlen(pattern);

	if (strcmp(pattern, id) == 0)
		return true;
	return strncmp(pattern, id, n) == 0 && id[n] == '.';
}

bool selection_matches(const struct selection *sel, const struct rule *r)
{
	bool included = sel->n_include == 0;

	if (sel->level == 1 && r->level > 1)
		return false;
	for (size_t i = 0; i < sel->n_include && !included; i++)
		included = id_matches(sel->include[i], r->id);
	for (size_t i = 0; i < sel->n_exclude && included; i++)
		if (id_matches(sel->exclude[i], r->id))
			included = false;
	return included;
}

static int validate_list(const char **ids, size_t n, const char *option,
			 struct buf *err)
{
	size_t count;
	const struct rule *all = rules_all(&count);

	for (size_t i = 0; i < n; i++) {
		bool found = false;

		for (size_t j = 0; j < count && !found; j++)
			found = id_matches(ids[i], all[j].id);
		if (!found) {
			buf_printf(err,
				   "%s: '%s' matches no recommendation; use an "
				   "ID such as 5.5 or a section such as 5 "
				   "(see 'stridewatch rules')",
				   option, ids[i]);
			return SW_EINVAL;
		}
	}
	return 0;
}

int selection_validate(const struct selection *sel, struct buf *err)
{
	int rc = validate_list(sel->include, sel->n_include, "--checks", err);

	if (!rc)
		rc = validate_list(sel->exclude, sel->n_exclude, "--exclude",
				   err);
	return rc;
}
