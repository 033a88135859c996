/* Fuzzes the systemd unit, environment file and ExecStart parsers. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/host_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unit_settings u;
	size_t i;
	json_t *cmd;

	if (unit_settings_init(&u))
		return 0;
	(void)env_file_apply(u.environment, (const char *)data, size);
	if (unit_file_apply(&u, (const char *)data, size) == 0) {
		json_array_foreach(u.exec_start, i, cmd)
		{
			json_t *argv = exec_start_split(json_string_value(cmd),
							u.environment);

			assert(json_is_array(argv));
			json_decref(argv);
		}
	}
	unit_settings_clear(&u);
	return 0;
}
