/*
 * Fuzzes the effective daemon configuration: the input's first line is a
 * dockerd command line (words split on spaces), the rest is daemon.json.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/host_daemon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nl = memchr(text, '\n', size);
	size_t line = nl ? (size_t)(nl - text) : size;
	char *words = strndup(text, line);
	const char *argv[64] = {"dockerd"};
	struct daemon_config_input in = {
		.config_path = "/etc/docker/daemon.json",
		.argv = argv,
		.argc = 1,
		.argv_source = "pid 1",
	};
	json_t *settings = NULL, *problems = NULL;
	char *save = NULL;

	if (!words)
		return 0;
	for (char *w = strtok_r(words, " ", &save); w && in.argc < 64;
	     w = strtok_r(NULL, " ", &save))
		argv[in.argc++] = w;
	if (nl) {
		in.config_text = nl + 1;
		in.config_len = size - line - 1;
	}
	if (daemon_config_build(&in, &settings, &problems) == 0) {
		assert(json_is_object(settings));
		assert(json_is_array(problems));
		json_t *sockets = daemon_unix_sockets(settings, NULL);

		assert(sockets);
		json_decref(sockets);
		json_decref(settings);
		json_decref(problems);
	}
	free(words);
	return 0;
}
