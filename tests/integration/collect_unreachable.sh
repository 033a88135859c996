#!/bin/sh
# collect against engines that cannot be reached: exit 3 and a message that
# names the address, the system error and what to do; invalid usage exits 2.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_make_dir

# Runs collect with the given arguments; stores the exit code and stderr.
run_collect() {
	set +e
	"$BIN" collect "$@" >"$SW_DIR/out" 2>"$SW_DIR/err"
	rc=$?
	set -e
}

expect() {
	code=$1 text=$2
	[ "$rc" = "$code" ] || sw_fail "exit code $rc, expected $code: $(cat "$SW_DIR/err")"
	grep -qF -- "$text" "$SW_DIR/err" || sw_fail "'$text' not in: $(cat "$SW_DIR/err")"
}

# No socket at that path.
run_collect --host "unix://$SW_DIR/none.sock"
expect 3 "unix://$SW_DIR/none.sock"
expect 3 "No such file or directory"
expect 3 "start the engine"
[ ! -s "$SW_DIR/out" ] || sw_fail "an unreachable engine still wrote a snapshot"

# The same through DOCKER_HOST, which the message names.
DOCKER_HOST="unix://$SW_DIR/none.sock" run_collect
expect 3 "unix://$SW_DIR/none.sock (from DOCKER_HOST)"

# Nothing listens on a loopback port (port 1 is never bound here).
run_collect --host tcp://127.0.0.1:1
expect 3 "tcp://127.0.0.1:1"
expect 3 "Connection refused"

# Invalid usage.
run_collect --host ftp://engine
expect 2 "invalid engine address 'ftp://engine' (from --host)"
run_collect --no-such-option
[ "$rc" = 2 ] || sw_fail "an unknown option exited with $rc, expected 2"
run_collect --timeout 0
expect 2 "invalid --timeout '0'"

# A running engine whose socket this user may not open.
sw_engine_start
if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$BIN"; then
	set +e
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$BIN" collect --host "unix://$SW_SOCK" >/dev/null 2>"$SW_DIR/err"
	rc=$?
	set -e
	expect 3 "Permission denied"
	expect 3 "docker group"
else
	echo "note: nobody cannot run $BIN; the permission check is left out"
fi

# One unreachable engine of two: exit 3, and the snapshot keeps the other.
run_collect --host "unix://$SW_SOCK" --host "unix://$SW_DIR/none.sock"
expect 3 "unix://$SW_DIR/none.sock"
sw_check "$SW_DIR/out" '.targets | length == 1'
echo "PASS"
