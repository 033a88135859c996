#include "cli/host_args.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"
#include "util/strutil.h"

int host_args_apply(struct host_args *a, const char *name, const char *value)
{
	if (str_eq(name, "host-root"))
		a->host.root = value;
	else if (str_eq(name, "trusted-users"))
		a->host.trusted_users = value;
	else if (str_eq(name, "config-file"))
		a->host.config_file = value;
	else if (str_eq(name, "no-host-facts"))
		a->disabled = true;
	else
		return 0;
	return 1;
}

int host_args_check(const struct host_args *a, struct buf *err)
{
	const char *why = "not a directory";
	struct stat st;

	if (!a->host.root)
		return 0;
	if (stat(a->host.root, &st))
		why = strerror(errno);
	else if (S_ISDIR(st.st_mode))
		return 0;
	buf_printf(err,
		   "invalid --host-root '%s': %s; give the directory where the "
		   "host's root is mounted",
		   a->host.root, why);
	return SW_EINVAL;
}

void host_args_usage(FILE *out)
{
	fputs("Host facts (read locally for a unix:// engine, over SSH for an "
	      "ssh:// one):\n"
	      "      --host-root DIR   read host files below DIR instead of "
	      "/ (a read-only\n"
	      "                        mount of the host's root, when "
	      "running in a container)\n"
	      "      --trusted-users LIST\n"
	      "                        users allowed in the docker group "
	      "(1.1.2), separated\n"
	      "                        by commas\n"
	      "      --config-file FILE\n"
	      "                        the engine's daemon.json when "
	      "dockerd's command line\n"
	      "                        does not name it (default "
	      "/etc/docker/daemon.json)\n"
	      "      --no-host-facts   read nothing from the host: sections 1 "
	      "and 3 and the\n"
	      "                        daemon settings that /info does not "
	      "show become manual\n",
	      out);
}

int host_args_collect(const struct host_args *a, json_t *target,
		      struct buf *err)
{
	struct host_options o = a->host;
	const char *url =
	    json_string_value(json_object_get(target, "endpoint"));

	if (a->disabled)
		return 0;
	if (str_starts_with(url, "ssh://") && o.root) {
		buf_printf(err,
			   "--host-root '%s' names a local directory, but the "
			   "host of %s is read over SSH; drop --host-root",
			   o.root, url);
		return SW_EINVAL;
	}
	if (str_starts_with(url, "ssh://"))
		o.ssh_url = url;
	else if (!str_starts_with(url, "unix://") && !o.root)
		return 0; /* a tcp:// engine's host is another machine */
	return host_collect(&o, target, err);
}
