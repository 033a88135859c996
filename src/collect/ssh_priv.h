/*
 * Types and helpers shared by ssh.c (connections, commands, tunnels) and
 * ssh_shell.c (the remote shell that runs many commands over one
 * session). Nothing outside the SSH transport uses them.
 */
#ifndef SW_SSH_PRIV_H
#define SW_SSH_PRIV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/buf.h"

#define SSH_USER_MAX 64
#define SSH_HOST_MAX 256
/* 8 KiB: the most of a remote command's stderr kept for messages. */
#define SSH_STDERR_MAX 8192
/* 60 s: the longest one remote command may run. */
#define SSH_COMMAND_TIMEOUT_MS 60000
/* 40: the most arguments of one ssh command line. */
#define SSH_ARGV_MAX 40

struct ssh_shell;

struct ssh_session {
	char url[SSH_HOST_MAX + SSH_USER_MAX + 16];
	char user[SSH_USER_MAX];
	char host[SSH_HOST_MAX];
	char port[8];
	char dir[64];	  /* private directory, mode 0700 */
	char control[96]; /* ControlPath */
	pid_t master;
	long connect_timeout_ms;
	/* The remote shell for commands; NULL until the first command. */
	pthread_mutex_t shell_lock;
	struct ssh_shell *shell;
	bool shell_unusable; /* commands then run one session each */
	struct ssh_session *next;
};

struct spawn_io {
	int in, out, errfd; /* -1: /dev/null */
};

/*
 * Builds the ssh command line through the destination host into `argv`
 * (SSH_ARGV_MAX entries); the caller appends the remote command. The
 * option strings are written into `timeout` and `control`. Returns the
 * number of entries.
 */
size_t ssh_base_argv(const struct ssh_session *s, bool master,
		     const char **argv, char *timeout, size_t timeout_len,
		     char *control, size_t control_len);

/* Starts `argv` with the given standard streams; returns posix_spawnp's. */
int ssh_spawn(const char *const *argv, const struct spawn_io *io, pid_t *pid);

/* Returns a monotonic clock in milliseconds. */
long ssh_now_ms(void);

/* Appends `arg` quoted for a POSIX shell: 'it'\''s'. */
int ssh_shell_quote(struct buf *b, const char *arg);

/*
 * Runs `argv` in the session's remote shell, which it starts on first use,
 * with the results of ssh_session_run(). Returns 1 without running
 * anything when the shell did not start or broke down, so the caller runs
 * the command in a session of its own.
 */
int ssh_shell_run(struct ssh_session *s, const char *const *argv,
		  struct buf *out, struct buf *errout, int *status,
		  struct buf *err);

/*
 * Parses the shell's two reply lines to command `id`: "@@ID o HEX" (its
 * standard output) into `out`, and "@@ID e STATUS HEX" into `*status` and
 * `errout`, which is cut at its maximum. Returns 0, SW_ELIMIT when the
 * output passes `out`'s maximum, or SW_EPROTO for lines that are not such
 * a reply.
 */
int ssh_shell_reply_parse(unsigned long id, const char *out_line,
			  size_t out_len, const char *status_line,
			  size_t status_len, struct buf *out,
			  struct buf *errout, int *status);

/* Ends the session's remote shell, if one runs. */
void ssh_shell_stop(struct ssh_session *s);

#endif
