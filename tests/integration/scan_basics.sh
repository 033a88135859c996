#!/bin/sh
# Checks scan's contract on a private engine: an empty engine, an engine
# that is not running, the gates and their exit codes, colour handling and
# the escaping of names that a snapshot controls.
#
# usage: scan_basics.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
bin=$1
fixtures="$(dirname "$0")/../fixtures/snapshots"

# Runs the command, stores its exit code in $rc and never stops the script.
run_rc() {
	rc=0
	"$@" || rc=$?
}

sw_make_dir
out="$SW_DIR/out"
err="$SW_DIR/err"

# A hostile name in a snapshot reaches the terminal escaped.
jq '.targets[0].containers.data[0].inspect.Name = "/evil\u001b[2J\u0007\nname"' \
	"$fixtures/small.json" >"$SW_DIR/hostile.json"
"$bin" scan --snapshot "$SW_DIR/hostile.json" --verbose >"$out"
if LC_ALL=C grep -q "$(printf '\033')" "$out"; then
	sw_fail "an escape character from a snapshot reached the text report"
fi
grep -q 'evil\\x1b\[2J\\x07\\x0aname' "$out" ||
	sw_fail "the hostile name is not shown escaped"
"$bin" scan --snapshot "$SW_DIR/hostile.json" --format json >"$out"
jq -e '.hosts[0].containers[] | select(.name | startswith("evil"))' "$out" \
	>/dev/null || sw_fail "the JSON report lost the hostile name"

# Colour only on a terminal, and never with NO_COLOR or --no-color.
if command -v script >/dev/null 2>&1; then
	script -qec "$bin scan --snapshot $fixtures/small.json" /dev/null >"$out"
	LC_ALL=C grep -q "$(printf '\033')\[" "$out" ||
		sw_fail "no colour on a terminal"
	NO_COLOR=1 script -qec "$bin scan --snapshot $fixtures/small.json" \
		/dev/null >"$out"
	LC_ALL=C grep -q "$(printf '\033')\[" "$out" &&
		sw_fail "colour although NO_COLOR is set"
	script -qec "$bin scan --no-color --snapshot $fixtures/small.json" \
		/dev/null >"$out"
	LC_ALL=C grep -q "$(printf '\033')\[" "$out" &&
		sw_fail "colour despite --no-color"
fi

# Usage errors exit 2 and name the value.
run_rc "$bin" scan --snapshot "$fixtures/small.json" --checks 9.9 2>"$err"
[ "$rc" = 2 ] || sw_fail "--checks 9.9 exited $rc, expected 2"
grep -q "'9.9'" "$err" || sw_fail "the --checks error does not name 9.9"
run_rc "$bin" scan --snapshot "$fixtures/small.json" --fail-under 101 2>"$err"
[ "$rc" = 2 ] || sw_fail "--fail-under 101 exited $rc, expected 2"
run_rc "$bin" scan --snapshot "$SW_DIR/missing.json" 2>"$err"
[ "$rc" = 2 ] || sw_fail "a missing snapshot exited $rc, expected 2"
grep -q 'missing.json' "$err" || sw_fail "the error does not name the file"

# Gates: the fixture has an open critical finding and a score below 100.
run_rc "$bin" scan --snapshot "$fixtures/small.json" --fail-on critical \
	--quiet >/dev/null 2>"$err"
[ "$rc" = 1 ] || sw_fail "--fail-on critical exited $rc, expected 1"
run_rc "$bin" scan --snapshot "$fixtures/small.json" --fail-under 99.9 \
	--quiet >/dev/null 2>"$err"
[ "$rc" = 1 ] || sw_fail "--fail-under 99.9 exited $rc, expected 1"
run_rc "$bin" scan --snapshot "$fixtures/small.json" --fail-under 0 \
	--quiet >/dev/null 2>"$err"
[ "$rc" = 0 ] || sw_fail "--fail-under 0 exited $rc, expected 0"

# An engine that is not running: exit 3 and a message naming the address.
run_rc "$bin" scan --host "unix://$SW_DIR/none.sock" 2>"$err"
[ "$rc" = 3 ] || sw_fail "an absent engine exited $rc, expected 3"
grep -q "$SW_DIR/none.sock" "$err" || sw_fail "the error does not name the socket"

# The rest needs a private engine.
if [ "$(id -u)" != 0 ] || ! command -v dockerd >/dev/null 2>&1; then
	echo "scan basics: engine part skipped (needs root and dockerd)"
	exit 0
fi
sw_require_engine
sw_engine_start

# An engine with no containers still decides its daemon rules.
"$bin" scan --format json --output "$out"
sw_check "$out" '.hosts[0].containers | length == 0'
sw_check "$out" '[.hosts[0].results[] | select(.rule == "5.5")][0].status == "not_applicable"'
sw_check "$out" '[.hosts[0].results[] | select(.rule == "5.1")][0].status == "pass"'
sw_check "$out" '.hosts[0].engine.api_version == "1.41"'
sw_check "$out" '.schema == "stridewatch.report/1"'

# A privileged container, created only (this machine cannot start it).
sw_image_import swtest
docker create --name priv --privileged swtest sleep 60 >/dev/null
run_rc "$bin" scan --fail-on critical --quiet >/dev/null 2>"$err"
[ "$rc" = 0 ] || sw_fail "a stopped container counted without --all (exit $rc)"
run_rc "$bin" scan --all --fail-on critical --quiet >/dev/null 2>"$err"
[ "$rc" = 1 ] || sw_fail "--all --fail-on critical exited $rc, expected 1"
echo "scan basics: all checks passed"
