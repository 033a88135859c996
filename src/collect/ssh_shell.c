/*
 * A remote POSIX shell that runs the host-fact commands one after another
 * over a single SSH session. A command in a session of its own costs a new
 * channel and a start of the user's login shell with its startup files,
 * which takes hundreds of milliseconds on some hosts. In this shell it
 * costs one round trip.
 *
 * The shell gets a function, sw_run, that runs one command with standard
 * input from /dev/null and prints two lines: the command's standard output
 * in hexadecimal, then its exit status and its standard error in
 * hexadecimal:
 *
 *   @@ID o 7b0a...
 *   @@ID e STATUS 6361743a...
 *
 * Hexadecimal keeps NUL bytes and newlines (/proc/PID/cmdline) intact, and
 * the ID ties each reply to its command. The remote host needs sh, od and
 * tr, which every system with coreutils or busybox has.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "collect/ssh_priv.h"
#include "util/error.h"
#include "util/strutil.h"

/* 15 s beyond the connect timeout: the longest the shell may take to start. */
#define SHELL_START_MS 15000
/* 64 KiB: the longest command line sent to the shell. */
#define SHELL_COMMAND_MAX ((size_t)64 << 10)
/* 1 s: how long a shell may take to exit after its input ends. */
#define SHELL_EXIT_MS 1000

/* The shell's first input; the remote command itself is only "exec sh". */
static const char shell_prelude[] =
    "LC_ALL=C; export LC_ALL; exec 3>&1 2>/dev/null\n"
    "sw_run() {\n"
    "\tsw_id=$1\n"
    "\tshift\n"
    "\tprintf '@@%s o ' \"$sw_id\"\n"
    "\tsw_t=$( { { \"$@\" </dev/null 2>&4; echo \" $?\" >&4; } |\n"
    "\t\tod -An -v -tx1 | tr -d ' \\n' >&3; } 4>&1 )\n"
    "\tprintf '\\n@@%s e %s ' \"$sw_id\" \"${sw_t##* }\"\n"
    "\tprintf '%s' \"${sw_t% *}\" | od -An -v -tx1 | tr -d ' \\n'\n"
    "\tprintf '\\n'\n"
    "}\n"
    "command -v od >/dev/null && command -v tr >/dev/null || exit 127\n"
    "echo @@ready\n";

struct ssh_shell {
	pid_t pid;
	int fd; /* our end of the socket pair that is its stdin and stdout */
	char in[16384];
	size_t in_pos, in_len;
	unsigned long next_id;
};

static int send_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = send(fd, data, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return SW_EIO;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Reads one line, without its '\n', into `line`. A line longer than the
 * buffer's maximum is read to its end but kept only in part, and `*cut`
 * is set. Returns 0, SW_ECONNECT when the deadline passes, or SW_EIO when
 * the shell's output ended.
 */
static int line_read(struct ssh_shell *sh, struct buf *line, bool *cut,
		     long deadline)
{
	buf_reset(line);
	*cut = false;
	for (;;) {
		const char *start, *nl;
		size_t n;

		if (sh->in_pos == sh->in_len) {
			struct pollfd p = {sh->fd, POLLIN, 0};
			long left = deadline - ssh_now_ms();
			ssize_t got;

			if (left <= 0)
				return SW_ECONNECT;
			if (poll(&p, 1, (int)left) < 0 && errno != EINTR)
				return SW_EIO;
			if (!p.revents)
				continue;
			got = read(sh->fd, sh->in, sizeof(sh->in));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0)
				return SW_EIO;
			sh->in_pos = 0;
			sh->in_len = (size_t)got;
		}
		start = sh->in + sh->in_pos;
		nl = memchr(start, '\n', sh->in_len - sh->in_pos);
		n = nl ? (size_t)(nl - start) : sh->in_len - sh->in_pos;
		if (!*cut && buf_append(line, start, n))
			*cut = true;
		sh->in_pos += n + (nl ? 1 : 0);
		if (nl)
			return 0;
	}
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Appends the bytes that `hex` encodes. Returns 0, SW_EPROTO for text that
 * is not lowercase hexadecimal, or SW_ELIMIT when `out` would pass its
 * maximum.
 */
static int hex_decode(const char *hex, size_t len, struct buf *out)
{
	char chunk[4096];
	size_t n = 0;

	if (len % 2)
		return SW_EPROTO;
	for (size_t i = 0; i < len; i += 2) {
		int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);

		if (hi < 0 || lo < 0)
			return SW_EPROTO;
		chunk[n++] = (char)(hi << 4 | lo);
		if (n == sizeof(chunk) || i + 2 == len) {
			if (buf_append(out, chunk, n))
				return SW_ELIMIT;
			n = 0;
		}
	}
	return 0;
}

static void shell_free(struct ssh_shell *sh)
{
	int status;

	if (!sh)
		return;
	if (sh->fd >= 0)
		shutdown(sh->fd, SHUT_WR);
	for (long end = ssh_now_ms() + SHELL_EXIT_MS; sh->pid > 0;) {
		if (waitpid(sh->pid, &status, WNOHANG) == sh->pid)
			break;
		if (ssh_now_ms() >= end) {
			kill(sh->pid, SIGTERM);
			waitpid(sh->pid, &status, 0);
			break;
		}
		usleep(10000);
	}
	if (sh->fd >= 0)
		close(sh->fd);
	free(sh);
}

/*
 * Starts `ssh HOST exec sh` and waits for the prelude's "@@ready", which
 * the shell prints only when od and tr are there.
 */
static int shell_start(struct ssh_session *s, struct ssh_shell **out)
{
	const char *argv[SSH_ARGV_MAX];
	char timeout[48], control[128];
	struct ssh_shell *sh = calloc(1, sizeof(*sh));
	struct buf line = BUF_INIT;
	struct spawn_io io;
	long deadline;
	int pair[2];
	bool cut;
	size_t n;
	int rc;

	if (!sh)
		return SW_ENOMEM;
	sh->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair)) {
		free(sh);
		return SW_EIO;
	}
	sh->fd = pair[0];
	io = (struct spawn_io){pair[1], pair[1], -1};
	n = ssh_base_argv(s, false, argv, timeout, sizeof(timeout), control,
			  sizeof(control));
	argv[n++] = "exec sh";
	argv[n] = NULL;
	rc = ssh_spawn(argv, &io, &sh->pid) ? SW_EIO : 0;
	close(pair[1]);
	if (!rc)
		rc = send_all(sh->fd, shell_prelude, sizeof(shell_prelude) - 1);
	/* Startup files of the login shell may print lines of their own. */
	buf_init(&line, 4096);
	deadline = ssh_now_ms() + s->connect_timeout_ms + SHELL_START_MS;
	while (!rc) {
		rc = line_read(sh, &line, &cut, deadline);
		if (!rc && str_eq(buf_str(&line), "@@ready"))
			break;
	}
	buf_clear(&line);
	if (rc) {
		shell_free(sh);
		return rc;
	}
	*out = sh;
	return 0;
}

/* Parses "@@ID e STATUS HEX" into the status and stderr. */
static int status_line_parse(const char *line, size_t len, const char *prefix,
			     int *status, struct buf *errout)
{
	size_t n = strlen(prefix);
	const char *p = line + n;
	long value = 0;
	size_t digits = 0;

	if (len < n || memcmp(line, prefix, n))
		return SW_EPROTO;
	while (n + digits < len && p[digits] >= '0' && p[digits] <= '9' &&
	       digits < 3)
		value = value * 10 + (p[digits++] - '0');
	if (!digits || n + digits >= len || p[digits] != ' ' || value > 255)
		return SW_EPROTO;
	*status = (int)value;
	p += digits + 1;
	len -= n + digits + 1;
	/* Stderr only explains a failure; a long one is cut, not an error. */
	if (hex_decode(p, len - len % 2, errout) == SW_EPROTO)
		return SW_EPROTO;
	return 0;
}

int ssh_shell_reply_parse(unsigned long id, const char *out_line,
			  size_t out_len, const char *status_line,
			  size_t status_len, struct buf *out,
			  struct buf *errout, int *status)
{
	char prefix[48];
	size_t n;
	int rc;

	n = (size_t)snprintf(prefix, sizeof(prefix), "@@%lu o ", id);
	if (out_len < n || memcmp(out_line, prefix, n))
		return SW_EPROTO;
	rc = hex_decode(out_line + n, out_len - n, out);
	if (rc == SW_EPROTO)
		return rc;
	snprintf(prefix, sizeof(prefix), "@@%lu e ", id);
	if (status_line_parse(status_line, status_len, prefix, status, errout))
		return SW_EPROTO;
	return rc;
}

/* Sends "sw_run ID ARG..." with every argument quoted. */
static int command_send(struct ssh_session *s, unsigned long id,
			const char *const *argv, struct buf *err)
{
	struct buf cmd = BUF_INIT;
	int rc;

	buf_init(&cmd, SHELL_COMMAND_MAX);
	rc = buf_printf(&cmd, "sw_run %lu", id);
	for (size_t i = 0; argv[i] && !rc; i++) {
		rc = buf_putc(&cmd, ' ');
		if (!rc)
			rc = ssh_shell_quote(&cmd, argv[i]);
	}
	if (!rc)
		rc = buf_putc(&cmd, '\n');
	if (rc) {
		buf_clear(&cmd);
		buf_printf(err, "a command for %s is longer than %zu bytes",
			   s->url, SHELL_COMMAND_MAX);
		return SW_ELIMIT;
	}
	rc = send_all(s->shell->fd, cmd.data, cmd.len) ? 1 : 0;
	buf_clear(&cmd);
	return rc;
}

/*
 * Runs one command. Returns 0, SW_ELIMIT when its output is longer than
 * `out`'s maximum, SW_ECONNECT when it did not finish in time, or 1 when
 * the shell broke down.
 */
static int shell_command(struct ssh_session *s, const char *const *argv,
			 struct buf *out, struct buf *errout, int *status,
			 struct buf *err)
{
	struct ssh_shell *sh = s->shell;
	unsigned long id = ++sh->next_id;
	size_t max = out->max ? out->max : BUF_DEFAULT_MAX;
	struct buf line = BUF_INIT, status_line = BUF_INIT;
	char prefix[48];
	bool cut = false, status_cut;
	long deadline;
	int rc;

	rc = command_send(s, id, argv, err);
	if (rc)
		return rc;

	/* Hexadecimal doubles the output; the line also has its prefix. */
	buf_init(&line, max > BUF_DEFAULT_MAX ? 2 * BUF_DEFAULT_MAX
					      : 2 * max + sizeof(prefix));
	buf_init(&status_line, 2 * SSH_STDERR_MAX + sizeof(prefix));
	snprintf(prefix, sizeof(prefix), "@@%lu o ", id);
	deadline = ssh_now_ms() + SSH_COMMAND_TIMEOUT_MS;
	while (!rc) {
		rc = line_read(sh, &line, &cut, deadline);
		if (!rc && str_starts_with(buf_str(&line), prefix))
			break;
	}
	if (!rc)
		rc = line_read(sh, &status_line, &status_cut, deadline);
	if (!rc && !cut)
		rc = ssh_shell_reply_parse(
		    id, buf_str(&line), line.len, buf_str(&status_line),
		    status_line.len, out, errout, status);
	buf_clear(&line);
	buf_clear(&status_line);
	if (rc == SW_ELIMIT)
		cut = true;
	if (rc == SW_ECONNECT)
		buf_printf(err, "a command on %s did not finish in %d s",
			   s->url, SSH_COMMAND_TIMEOUT_MS / 1000);
	else if (rc == SW_EIO || rc == SW_EPROTO)
		rc = 1;
	if ((!rc || rc == SW_ELIMIT) && cut) {
		buf_printf(err, "a command on %s printed more than %zu bytes",
			   s->url, max);
		rc = SW_ELIMIT;
	}
	return rc;
}

int ssh_shell_run(struct ssh_session *s, const char *const *argv,
		  struct buf *out, struct buf *errout, int *status,
		  struct buf *err)
{
	int rc = 1;

	pthread_mutex_lock(&s->shell_lock);
	if (!s->shell && !s->shell_unusable && shell_start(s, &s->shell))
		s->shell_unusable = true;
	if (s->shell) {
		rc = shell_command(s, argv, out, errout, status, err);
		/* A shell that broke or hangs is not trusted again. */
		if (rc == 1 || rc == SW_ECONNECT) {
			shell_free(s->shell);
			s->shell = NULL;
			s->shell_unusable = true;
		}
	}
	pthread_mutex_unlock(&s->shell_lock);
	return rc;
}

void ssh_shell_stop(struct ssh_session *s)
{
	pthread_mutex_lock(&s->shell_lock);
	shell_free(s->shell);
	s->shell = NULL;
	pthread_mutex_unlock(&s->shell_lock);
}
