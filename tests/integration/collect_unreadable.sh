#!/bin/sh
# An engine that replies to /_ping but whose other replies cannot be read
# (a proxy's 502 page, invalid JSON, a redirect, a reply over the size
# limit, 404 for every path): collect records the engine-wide parts as
# failed, and leaks nothing under valgrind when it is installed. The
# engine is broken_engine.py on a unix socket in the test's directory, so
# this test needs neither root nor dockerd.
#
# usage: collect_unreadable.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
for tool in python3 jq; do
	command -v "$tool" >/dev/null 2>&1 || sw_skip "$tool is not installed"
done
sw_make_dir
listener=""
trap '[ -z "$listener" ] || kill "$listener" 2>/dev/null; sw_cleanup' EXIT

# Starts broken_engine.py in MODE on $SW_DIR/MODE.sock and waits for it.
start_listener() {
	[ -z "$listener" ] || kill "$listener" 2>/dev/null || true
	sock="$SW_DIR/$1.sock"
	python3 "$(dirname "$0")/broken_engine.py" "$sock" "$1" \
		2>"$SW_DIR/$1.listener.log" &
	listener=$!
	i=0
	while ! curl -sf --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; do
		[ $i -lt 100 ] || sw_fail "broken_engine.py $1 did not start"
		sleep 0.1
		i=$((i + 1))
	done
}

# Runs a command; stores its exit code in $rc.
run_rc() {
	rc=0
	"$@" >"$SW_DIR/out" 2>"$SW_DIR/err" || rc=$?
}

parts="version info containers images networks"

# mode: the text every part's error must contain
for mode in 502 json redirect big notfound; do
	case $mode in
	502) text="(HTTP 502): <html>" ;;
	json) text="returned invalid JSON" ;;
	redirect) text="(HTTP 301)" ;;
	big) text="larger than 64 MiB" ;;
	notfound) text="was not found (HTTP 404): page not found" ;;
	esac
	start_listener "$mode"
	run_rc "$BIN" collect --host "unix://$sock"
	for part in $parts; do
		sw_check "$SW_DIR/out" ".targets[0].$part.status == \"failed\""
		jq -e --arg t "$text" ".targets[0].$part.error | contains(\$t)" \
			"$SW_DIR/out" >/dev/null ||
			sw_fail "$mode: the $part error lacks '$text': $(jq .targets[0].$part "$SW_DIR/out")"
	done
done

# No leak on the paths that failing requests take.
if command -v valgrind >/dev/null 2>&1; then
	start_listener 502
	for cmd in collect scan; do
		no_host=""
		[ $cmd = collect ] || no_host=--no-host-facts
		rc=0
		valgrind -q --error-exitcode=9 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			"$BIN" $cmd --host "unix://$sock" $no_host >/dev/null \
			2>"$SW_DIR/valgrind" || rc=$?
		[ "$rc" != 9 ] ||
			sw_fail "valgrind found errors in $cmd: $(cat "$SW_DIR/valgrind")"
	done
else
	echo "note: valgrind is not installed; the leak check is left out"
fi
echo "PASS"
