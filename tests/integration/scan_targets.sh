#!/bin/sh
# How scan treats its targets: /containers/{id}/top is requested only when
# rule 5.7 is selected.
#
# usage: scan_targets.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
# --debug makes dockerd log every API request it serves.
sw_engine_start -- --debug
sw_image_import swtest
docker run -d --name web --network none swtest sleep 600 >/dev/null

# Runs a command; stores its exit code in $rc, stdout and stderr in files.
run_rc() {
	rc=0
	"$@" >"$SW_DIR/out" 2>"$SW_DIR/err" || rc=$?
}

# Sets $new_top to the /top requests dockerd logged since the last call.
seen_top=0
count_top() {
	total=$(grep -c 'Calling GET /v[0-9.]*/containers/[0-9a-f]*/top' \
		"$SW_DIR/dockerd.log" || true)
	new_top=$((total - seen_top))
	seen_top=$total
}

# /top only for rule 5.7: dockerd runs ps in the container for each.
count_top
run_rc "$BIN" scan --host "unix://$SW_SOCK" --no-host-facts --format json
[ "$rc" = 0 ] || sw_fail "scan exited with $rc: $(cat "$SW_DIR/err")"
count_top
[ "$new_top" = 1 ] || sw_fail "a default scan requested /top $new_top times, not once"
sw_check "$SW_DIR/out" '.hosts[0].results[] | select(.rule == "5.7") | .status == "pass"'
for selection in "--exclude 5.7" "--checks 2" "--exclude 5"; do
	run_rc "$BIN" scan --host "unix://$SW_SOCK" --no-host-facts \
		--format json $selection
	[ "$rc" = 0 ] || sw_fail "scan $selection exited with $rc: $(cat "$SW_DIR/err")"
	count_top
	[ "$new_top" = 0 ] || sw_fail "scan $selection requested /top"
	sw_check "$SW_DIR/out" '[.hosts[0].results[] | select(.rule == "5.7") | .status] | all(. == "skipped")'
done
run_rc "$BIN" scan --host "unix://$SW_SOCK" --no-host-facts --checks 5.7
count_top
[ "$new_top" = 1 ] || sw_fail "scan --checks 5.7 did not request /top"

echo "PASS"
