/*
 * SSH transport with the system OpenSSH client, so the user's keys, agent,
 * known_hosts and ~/.ssh/config apply as they do for the docker CLI. Host
 * keys are checked as ssh checks them; BatchMode makes an unknown host key
 * or a password prompt fail instead of waiting for a terminal.
 *
 * One ControlMaster per address, in a private directory, carries every
 * command and every engine connection. Commands run in one remote shell
 * over it (ssh_shell.c). Each connection to the tunnel's
 * unix socket gets its own `docker system dial-stdio` on the remote host,
 * with the accepted socket as that ssh's standard input and output, so no
 * bytes pass through this process.
 */
#include "collect/ssh.h"
#include "collect/ssh_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/strutil.h"

extern char **environ;

/* 64: engine connections open through one tunnel at once. */
#define SSH_TUNNEL_CONNECTIONS_MAX 64

/* Names a file of ssh options (ssh -F), for tests and special setups. */
#define SSH_CONFIG_ENV "STRIDEWATCH_SSH_CONFIG"

struct ssh_tunnel {
	struct ssh_session *session;
	char socket_path[108]; /* sun_path size */
	int listen_fd;
	int stop_pipe[2];
	pthread_t thread;
	pid_t children[SSH_TUNNEL_CONNECTIONS_MAX];
	size_t n_children;
};

static pthread_mutex_t sessions_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ssh_session *sessions;
static bool cleanup_registered;

static bool host_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
}

static bool user_char_ok(char c)
{
	return host_char_ok(c) || c == '$';
}

static int url_reject(const char *url, const char *why, struct buf *err)
{
	buf_puts(err, "invalid SSH address '");
	escape_terminal(err, url, 200);
	buf_printf(err, "': %s; use ssh://[USER@]HOST[:PORT]", why);
	return SW_EINVAL;
}

/* Parses ssh://[USER@]HOST[:PORT] with names ssh cannot take as options. */
static int url_parse(const char *url, struct ssh_session *s, struct buf *err)
{
	const char *p = url, *at, *end;
	size_t n;
	unsigned port = 22;

	if (!str_starts_with(p, "ssh://"))
		return url_reject(url, "it does not start with ssh://", err);
	p += 6;
	at = strchr(p, '@');
	if (at) {
		n = (size_t)(at - p);
		if (!n || n >= sizeof(s->user))
			return url_reject(
			    url, "the user name is empty or too long", err);
		for (size_t i = 0; i < n; i++)
			if (!user_char_ok(p[i]) || (i == 0 && p[i] == '-'))
				return url_reject(
				    url,
				    "the user name has a character SSH cannot take",
				    err);
		memcpy(s->user, p, n);
		s->user[n] = '\0';
		p = at + 1;
	}
	if (*p == '[') {
		end = strchr(p, ']');
		if (!end)
			return url_reject(url, "an IPv6 address lacks its ']'",
					  err);
		n = (size_t)(end - p - 1);
		if (!n || n >= sizeof(s->host) ||
		    strspn(p + 1, "0123456789abcdefABCDEF:.") < n)
			return url_reject(url, "the IPv6 address is invalid",
					  err);
		memcpy(s->host, p + 1, n);
		s->host[n] = '\0';
		p = end + 1;
	} else {
		n = 0;
		while (host_char_ok(p[n]))
			n++;
		if (!n || n >= sizeof(s->host) || p[0] == '-')
			return url_reject(
			    url, "the host name is missing or invalid", err);
		memcpy(s->host, p, n);
		s->host[n] = '\0';
		p += n;
	}
	if (*p == ':') {
		n = strspn(p + 1, "0123456789");
		if (!n || n > 5 || (p[1 + n] && p[1 + n] != '/'))
			return url_reject(url, "the port is not a number", err);
		char digits[8];

		memcpy(digits, p + 1, n);
		digits[n] = '\0';
		if (parse_uint(digits, 65535, &port) || !port)
			return url_reject(url, "the port is out of range", err);
		p += 1 + n;
	}
	if (*p && !str_eq(p, "/"))
		return url_reject(url, "a path after the host is not supported",
				  err);
	snprintf(s->port, sizeof(s->port), "%u", port);
	snprintf(s->url, sizeof(s->url), "ssh://%s%s%s:%u", s->user,
		 *s->user ? "@" : "", s->host, port);
	return 0;
}

size_t ssh_base_argv(const struct ssh_session *s, bool master,
		     const char **argv, char *timeout, size_t timeout_len,
		     char *control, size_t control_len)
{
	const char *config = getenv(SSH_CONFIG_ENV);
	size_t n = 0;
	long secs = s->connect_timeout_ms > 0
			? (s->connect_timeout_ms + 999) / 1000
			: 10;

	snprintf(timeout, timeout_len, "ConnectTimeout=%ld", secs);
	snprintf(control, control_len, "ControlPath=%s", s->control);
	argv[n++] = "ssh";
	if (config && *config) {
		argv[n++] = "-F";
		argv[n++] = config;
	}
	argv[n++] = "-o";
	argv[n++] = "BatchMode=yes";
	argv[n++] = "-o";
	argv[n++] = timeout;
	argv[n++] = "-o";
	argv[n++] = control;
	/*
	 * No -M: ssh takes -M together with ControlMaster=yes as "ask", and
	 * the master then rejects every session that it cannot confirm.
	 */
	argv[n++] = "-o";
	argv[n++] = master ? "ControlMaster=yes" : "ControlMaster=no";
	argv[n++] = "-p";
	argv[n++] = s->port;
	if (*s->user) {
		argv[n++] = "-l";
		argv[n++] = s->user;
	}
	if (master) {
		argv[n++] = "-N";
	} else {
		argv[n++] = "-T";
	}
	argv[n++] = "--";
	argv[n++] = s->host;
	return n;
}

int ssh_spawn(const char *const *argv, const struct spawn_io *io, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	if (io->in >= 0)
		posix_spawn_file_actions_adddup2(&fa, io->in, 0);
	else
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY,
						 0);
	if (io->out >= 0)
		posix_spawn_file_actions_adddup2(&fa, io->out, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
						 0);
	if (io->errfd >= 0)
		posix_spawn_file_actions_adddup2(&fa, io->errfd, 2);
	else
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
						 0);
#ifdef __GLIBC__
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34)
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
#endif
	rc =
	    posix_spawnp(pid, argv[0], &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

long ssh_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void file_tail(const char *path, struct buf *out)
{
	char text[2048];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return;
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
		n--;
	text[n] = '\0';
	escape_terminal(out, text, sizeof(text));
}

static int master_failed(struct ssh_session *s, const char *why,
			 struct buf *err)
{
	char log[128];

	snprintf(log, sizeof(log), "%s/master.err", s->dir);
	buf_printf(err, "cannot connect to %s over SSH: ", s->url);
	if (why)
		buf_puts(err, why);
	else
		file_tail(log, err);
	buf_puts(err, "; check that `ssh");
	if (*s->user)
		buf_printf(err, " -l %s", s->user);
	buf_printf(err,
		   " -p %s %s true` works without a prompt (key or "
		   "agent, and the host key in known_hosts)",
		   s->port, s->host);
	return SW_ECONNECT;
}

static int master_start(struct ssh_session *s, struct buf *err)
{
	const char *argv[SSH_ARGV_MAX];
	char timeout[48], control[128], log[128];
	struct spawn_io io = {-1, -1, -1};
	long deadline;
	int status;
	struct stat st;
	size_t n;

	snprintf(log, sizeof(log), "%s/master.err", s->dir);
	io.errfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	n = ssh_base_argv(s, true, argv, timeout, sizeof(timeout), control,
			  sizeof(control));
	argv[n] = NULL;
	if (ssh_spawn(argv, &io, &s->master)) {
		if (io.errfd >= 0)
			close(io.errfd);
		return master_failed(s,
				     "the ssh program cannot be run "
				     "(install openssh-client)",
				     err);
	}
	if (io.errfd >= 0)
		close(io.errfd);
	deadline = ssh_now_ms() +
		   (s->connect_timeout_ms > 0 ? s->connect_timeout_ms : 10000) +
		   5000;
	while (ssh_now_ms() < deadline) {
		if (stat(s->control, &st) == 0 && S_ISSOCK(st.st_mode))
			return 0;
		if (waitpid(s->master, &status, WNOHANG) == s->master) {
			s->master = 0;
			return master_failed(s, NULL, err);
		}
		usleep(20000);
	}
	kill(s->master, SIGTERM);
	waitpid(s->master, &status, 0);
	s->master = 0;
	return master_failed(s, "the connection timed out", err);
}

static void session_stop(struct ssh_session *s)
{
	char log[128];
	int status;

	ssh_shell_stop(s);
	pthread_mutex_destroy(&s->shell_lock);

	if (s->master > 0) {
		kill(s->master, SIGTERM);
		waitpid(s->master, &status, 0);
	}
	unlink(s->control);
	snprintf(log, sizeof(log), "%s/master.err", s->dir);
	unlink(log);
	rmdir(s->dir);
}

static void sessions_cleanup(void)
{
	pthread_mutex_lock(&sessions_lock);
	while (sessions) {
		struct ssh_session *s = sessions;

		sessions = s->next;
		session_stop(s);
		free(s);
	}
	pthread_mutex_unlock(&sessions_lock);
}

static int session_new(const struct ssh_session *parsed, long timeout_ms,
		       struct ssh_session **out, struct buf *err)
{
	struct ssh_session *s = malloc(sizeof(*s));
	int rc;

	if (!s)
		return SW_ENOMEM;
	*s = *parsed;
	s->connect_timeout_ms = timeout_ms;
	snprintf(s->dir, sizeof(s->dir), "/tmp/swsshXXXXXX");
	if (!mkdtemp(s->dir)) {
		buf_printf(err,
			   "cannot create a private directory in /tmp "
			   "for the SSH connection: %s",
			   strerror(errno));
		free(s);
		return SW_EIO;
	}
	snprintf(s->control, sizeof(s->control), "%s/cm", s->dir);
	pthread_mutex_init(&s->shell_lock, NULL);
	s->shell = NULL;
	s->shell_unusable = false;
	rc = master_start(s, err);
	if (rc) {
		session_stop(s);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int ssh_session_open(const char *url, long connect_timeout_ms,
		     struct ssh_session **out, struct buf *err)
{
	struct ssh_session parsed = {0};
	struct ssh_session *s;
	int rc;

	rc = url_parse(url, &parsed, err);
	if (rc)
		return rc;
	pthread_mutex_lock(&sessions_lock);
	for (s = sessions; s; s = s->next)
		if (str_eq(s->url, parsed.url))
			break;
	if (!s) {
		rc = session_new(&parsed, connect_timeout_ms, &s, err);
		if (!rc) {
			s->next = sessions;
			sessions = s;
			if (!cleanup_registered)
				atexit(sessions_cleanup);
			cleanup_registered = true;
		}
	}
	pthread_mutex_unlock(&sessions_lock);
	if (!rc)
		*out = s;
	return rc;
}

const char *ssh_session_url(const struct ssh_session *s)
{
	return s->url;
}

int ssh_shell_quote(struct buf *b, const char *arg)
{
	int rc = buf_putc(b, '\'');

	for (const char *p = arg; *p && !rc; p++)
		rc = *p == '\'' ? buf_puts(b, "'\\''") : buf_putc(b, *p);
	if (!rc)
		rc = buf_putc(b, '\'');
	return rc;
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Reads both pipes until EOF, the limit or the deadline. */
static int collect_output(int out_fd, int err_fd, struct buf *out,
			  struct buf *errout, long deadline)
{
	struct pollfd p[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
	char chunk[8192];
	int open_fds = 2;

	set_nonblock(out_fd);
	set_nonblock(err_fd);
	while (open_fds) {
		long left = deadline - ssh_now_ms();
		int n;

		if (left <= 0)
			return SW_ECONNECT;
		n = poll(p, 2, (int)(left > 1000 ? 1000 : left));
		if (n < 0 && errno != EINTR)
			return SW_EIO;
		for (int i = 0; i < 2 && n > 0; i++) {
			ssize_t got;

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			got = read(p[i].fd, chunk, sizeof(chunk));
			if (got < 0 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (got <= 0) {
				p[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0 && buf_append(out, chunk, (size_t)got))
				return SW_ELIMIT;
			if (i == 1 && errout->len < SSH_STDERR_MAX)
				buf_append(errout, chunk, (size_t)got);
		}
	}
	return 0;
}

static int run_command(struct ssh_session *s, const char *command,
		       struct buf *out, struct buf *errout, int *status,
		       struct buf *err)
{
	const char *argv[SSH_ARGV_MAX];
	char timeout[48], control[128];
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	struct spawn_io io = {-1, -1, -1};
	size_t n = ssh_base_argv(s, false, argv, timeout, sizeof(timeout),
				 control, sizeof(control));
	pid_t pid;
	int rc, wstatus;

	argv[n++] = command;
	argv[n] = NULL;
	if (pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) {
		rc = SW_EIO;
		goto out;
	}
	io.out = out_pipe[1];
	io.errfd = err_pipe[1];
	if (ssh_spawn(argv, &io, &pid)) {
		buf_puts(err, "cannot run ssh: install openssh-client");
		rc = SW_ECONNECT;
		goto out;
	}
	close(out_pipe[1]);
	close(err_pipe[1]);
	out_pipe[1] = err_pipe[1] = -1;
	rc = collect_output(out_pipe[0], err_pipe[0], out, errout,
			    ssh_now_ms() + SSH_COMMAND_TIMEOUT_MS);
	if (rc)
		kill(pid, SIGTERM);
	waitpid(pid, &wstatus, 0);
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 255;
	if (rc == SW_ECONNECT)
		buf_printf(err, "a command on %s did not finish in %d s",
			   s->url, SSH_COMMAND_TIMEOUT_MS / 1000);
	else if (rc == SW_ELIMIT)
		buf_printf(err, "a command on %s printed more than %zu bytes",
			   s->url, out->max);
	else if (*status == 255) {
		buf_printf(err, "the SSH connection to %s failed: ", s->url);
		escape_terminal(err, buf_str(errout), 400);
		rc = SW_ECONNECT;
	}
out:
	for (int i = 0; i < 2; i++) {
		if (out_pipe[i] >= 0)
			close(out_pipe[i]);
		if (err_pipe[i] >= 0)
			close(err_pipe[i]);
	}
	return rc;
}

int ssh_session_run(struct ssh_session *s, const char *const *argv,
		    struct buf *out, struct buf *errout, int *status,
		    struct buf *err)
{
	struct buf command = BUF_INIT;
	int rc;

	rc = ssh_shell_run(s, argv, out, errout, status, err);
	if (rc != 1)
		return rc;
	buf_init(&command, 1 << 16);
	rc = buf_puts(&command, "env LC_ALL=C");
	for (size_t i = 0; argv[i] && !rc; i++) {
		rc = buf_putc(&command, ' ');
		if (!rc)
			rc = ssh_shell_quote(&command, argv[i]);
	}
	if (!rc)
		rc =
		    run_command(s, buf_str(&command), out, errout, status, err);
	buf_clear(&command);
	return rc;
}

int ssh_session_run_fixed(struct ssh_session *s, const char *command,
			  struct buf *out, struct buf *errout, int *status,
			  struct buf *err)
{
	const char *const argv[] = {"sh", "-c", command, NULL};
	struct buf line = BUF_INIT;
	int rc;

	rc = ssh_shell_run(s, argv, out, errout, status, err);
	if (rc != 1)
		return rc;
	rc = buf_printf(&line, "LC_ALL=C; export LC_ALL; %s", command);
	if (!rc)
		rc = run_command(s, buf_str(&line), out, errout, status, err);
	buf_clear(&line);
	return rc;
}

/* Checks that the remote user can reach an engine with the docker CLI. */
static int engine_probe(struct ssh_session *s, struct buf *err)
{
	static const char *const argv[] = {
	    "docker", "version", "--format", "{{.Server.Version}}", NULL,
	};
	struct buf out = BUF_INIT, errout = BUF_INIT;
	const char *who = *s->user ? s->user : "the SSH user";
	int status = 0, rc;

	buf_init(&out, 4096);
	rc = ssh_session_run(s, argv, &out, &errout, &status, err);
	if (rc || status == 0)
		goto out;
	rc = SW_ECONNECT;
	if (status == 127 || str_icontains(buf_str(&errout), "not found"))
		buf_printf(err,
			   "%s has no docker command in the PATH of %s; "
			   "install the docker CLI there (stridewatch runs "
			   "`docker system dial-stdio` on the remote host)",
			   s->url, who);
	else if (str_icontains(buf_str(&errout), "permission denied"))
		buf_printf(err,
			   "%s cannot use the engine on %s: permission denied "
			   "on its socket; add %s to the docker group there",
			   who, s->url, who);
	else {
		buf_printf(err, "no engine answers on %s: ", s->url);
		escape_terminal(err, buf_str(&errout), 400);
	}
out:
	buf_clear(&out);
	buf_clear(&errout);
	return rc;
}

static void children_reap(struct ssh_tunnel *t, bool wait_all)
{
	size_t kept = 0;

	for (size_t i = 0; i < t->n_children; i++) {
		int status;

		if (wait_all) {
			kill(t->children[i], SIGTERM);
			waitpid(t->children[i], &status, 0);
		} else if (waitpid(t->children[i], &status, WNOHANG) == 0) {
			t->children[kept++] = t->children[i];
		}
	}
	t->n_children = wait_all ? 0 : kept;
}

static void connection_start(struct ssh_tunnel *t, int fd)
{
	const char *argv[SSH_ARGV_MAX];
	char timeout[48], control[128];
	struct spawn_io io = {fd, fd, -1};
	size_t n = ssh_base_argv(t->session, false, argv, timeout,
				 sizeof(timeout), control, sizeof(control));
	pid_t pid;

	argv[n++] = "docker system dial-stdio";
	argv[n] = NULL;
	if (t->n_children < SSH_TUNNEL_CONNECTIONS_MAX &&
	    ssh_spawn(argv, &io, &pid) == 0)
		t->children[t->n_children++] = pid;
	close(fd);
}

static void *tunnel_accept(void *data)
{
	struct ssh_tunnel *t = data;
	struct pollfd p[2] = {{t->listen_fd, POLLIN, 0},
			      {t->stop_pipe[0], POLLIN, 0}};

	for (;;) {
		int n = poll(p, 2, 500);

		children_reap(t, false);
		if (n < 0 && errno != EINTR)
			break;
		if (n <= 0)
			continue;
		if (p[1].revents)
			break;
		if (p[0].revents) {
			int fd =
			    accept4(t->listen_fd, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0)
				connection_start(t, fd);
		}
	}
	return NULL;
}

static int tunnel_listen(struct ssh_tunnel *t, struct buf *err)
{
	static unsigned counter;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	snprintf(t->socket_path, sizeof(t->socket_path), "%s/engine%u.sock",
		 t->session->dir,
		 __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", t->socket_path);
	t->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (t->listen_fd < 0 ||
	    bind(t->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    listen(t->listen_fd, 16)) {
		buf_printf(err, "cannot listen on '%s' for the SSH tunnel: %s",
			   t->socket_path, strerror(errno));
		return SW_EIO;
	}
	return 0;
}

int ssh_tunnel_open(const char *url, long connect_timeout_ms,
		    struct ssh_tunnel **out, char *socket_path, size_t len,
		    struct buf *err)
{
	struct ssh_tunnel *t = calloc(1, sizeof(*t));
	int rc;

	*out = NULL;
	if (!t)
		return SW_ENOMEM;
	t->listen_fd = t->stop_pipe[0] = t->stop_pipe[1] = -1;
	rc = ssh_session_open(url, connect_timeout_ms, &t->session, err);
	if (!rc)
		rc = engine_probe(t->session, err);
	if (!rc)
		rc = tunnel_listen(t, err);
	if (!rc && strlen(t->socket_path) >= len)
		rc = SW_ELIMIT;
	if (!rc && pipe2(t->stop_pipe, O_CLOEXEC))
		rc = SW_EIO;
	if (!rc && pthread_create(&t->thread, NULL, tunnel_accept, t))
		rc = SW_ENOMEM;
	if (rc) {
		if (t->listen_fd >= 0) {
			close(t->listen_fd);
			unlink(t->socket_path);
		}
		for (int i = 0; i < 2; i++)
			if (t->stop_pipe[i] >= 0)
				close(t->stop_pipe[i]);
		free(t);
		return rc;
	}
	snprintf(socket_path, len, "%s", t->socket_path);
	*out = t;
	return 0;
}

void ssh_tunnel_close(struct ssh_tunnel *t)
{
	if (!t)
		return;
	if (write(t->stop_pipe[1], "x", 1) == 1)
		pthread_join(t->thread, NULL);
	children_reap(t, true);
	close(t->listen_fd);
	unlink(t->socket_path);
	close(t->stop_pipe[0]);
	close(t->stop_pipe[1]);
	free(t);
}
