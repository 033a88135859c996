#!/bin/sh
# An engine that replies to /_ping but whose other replies cannot be read
# (a proxy's 502 page, invalid JSON, a redirect, a reply over the size
# limit, 404 for every path, a failing /version). collect and scan warn
# once per unreadable part, naming the part, the address and the error,
# exit with 3 and still write the snapshot or the report, where the
# container rules are errors. Neither leaks under valgrind, when it is
# installed. The engine is broken_engine.py on a unix socket in the test's
# directory, so this test needs neither root nor dockerd.
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

# Checks that stderr has one warning for each of the parts given, each
# naming the address, and no other part warning.
expect_warnings() {
	n=0
	for part in "$@"; do
		grep -F "warning: unix://$sock: part \"$part\" could not be read" \
			"$SW_DIR/err" >/dev/null ||
			sw_fail "$mode: no warning for part $part: $(cat "$SW_DIR/err")"
		n=$((n + 1))
	done
	lines=$(grep -c 'warning: .*: part "' "$SW_DIR/err" || true)
	[ "$lines" = "$n" ] ||
		sw_fail "$mode: $lines part warnings, expected $n: $(cat "$SW_DIR/err")"
}

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
	run_rc "$BIN" collect --host "unix://$sock" --no-host-facts
	[ "$rc" = 3 ] || sw_fail "$mode: collect exited with $rc, expected 3"
	expect_warnings $parts
	grep -qF -- "$text" "$SW_DIR/err" ||
		sw_fail "$mode: the warnings lack '$text': $(cat "$SW_DIR/err")"
	for part in $parts; do
		sw_check "$SW_DIR/out" ".targets[0].$part.status == \"failed\""
		jq -e --arg t "$text" ".targets[0].$part.error | contains(\$t)" \
			"$SW_DIR/out" >/dev/null ||
			sw_fail "$mode: the $part error lacks '$text': $(jq .targets[0].$part "$SW_DIR/out")"
	done

	report="$SW_DIR/$mode.report.json"
	run_rc "$BIN" scan --host "unix://$sock" --no-host-facts \
		--format json --output "$report"
	[ "$rc" = 3 ] || sw_fail "$mode: scan exited with $rc, expected 3"
	expect_warnings $parts
	sw_check "$report" '.hosts | length == 1'
	sw_check "$report" '.hosts[0].results[] | select(.rule == "5.5") | .status == "error"'
	sw_check "$report" '.hosts[0].engine.api_version == "1.41"'
done

# Only /version fails: one warning, exit 3, and the report names the API
# version that /_ping negotiated.
start_listener version
report="$SW_DIR/version.report.json"
run_rc "$BIN" scan --host "unix://$sock" --no-host-facts --format json \
	--output "$report"
[ "$rc" = 3 ] || sw_fail "version: scan exited with $rc, expected 3"
expect_warnings version
grep -qF "(HTTP 500): internal error" "$SW_DIR/err" ||
	sw_fail "version: the warning lacks the error: $(cat "$SW_DIR/err")"
sw_check "$report" '.hosts[0].engine == {"version": "", "api_version": "1.41"}'
sw_check "$report" '.hosts[0].results[] | select(.rule == "5.5") | .status == "not_applicable"'

# The test hook waits only for a file that exists, and creates none.
STRIDEWATCH_TEST_PAUSE_FILE="$SW_DIR/no-such-file" run_rc "$BIN" collect \
	--host "unix://$sock" --no-host-facts
[ "$rc" = 3 ] || sw_fail "collect with the test hook exited with $rc"
[ ! -e "$SW_DIR/no-such-file" ] || sw_fail "the test hook created its file"
! grep -q "test hook" "$SW_DIR/err" ||
	sw_fail "the test hook paused without its file: $(cat "$SW_DIR/err")"

# No leak on the paths that failing requests take. A sanitizer build
# cannot run under valgrind; LeakSanitizer checks that build at exit.
if ldd "$BIN" 2>/dev/null | grep -q 'libasan'; then
	echo "note: AddressSanitizer build; LeakSanitizer checks the leaks"
elif command -v valgrind >/dev/null 2>&1; then
	start_listener 502
	for cmd in collect scan; do
		rc=0
		valgrind -q --error-exitcode=9 --leak-check=full \
			--errors-for-leak-kinds=definite,indirect \
			"$BIN" $cmd --host "unix://$sock" --no-host-facts \
			>/dev/null 2>"$SW_DIR/valgrind" || rc=$?
		[ "$rc" = 3 ] ||
			sw_fail "$cmd under valgrind exited with $rc: $(cat "$SW_DIR/valgrind")"
	done
else
	echo "note: valgrind is not installed; the leak check is left out"
fi
echo "PASS"
