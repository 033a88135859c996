#!/bin/sh
# How scan treats its targets: one engine given at two addresses is
# assessed once, /containers/{id}/top is requested only when rule 5.7 is
# selected, and an invalid snapshot is named in the error.
#
# usage: scan_targets.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
fixtures="$(dirname "$0")/../fixtures/snapshots"
sw_require_engine
# --debug makes dockerd log every API request it serves.
sw_engine_start --tls -- --debug
sw_image_import swtest
docker run -d --name web --network none swtest sleep 600 >/dev/null
tcp=tcp://127.0.0.1:2376
certs="$SW_DIR/client"
tls="--tlsverify --tlscacert $certs/ca.pem --tlscert $certs/cert.pem --tlskey $certs/key.pem"

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

# The same engine over its unix socket and over TCP: one host, a warning
# naming both addresses, and exit 0.
run_rc sw_in_netns "$BIN" scan --host "unix://$SW_SOCK" --host $tcp $tls \
	--no-host-facts --format json
[ "$rc" = 0 ] || sw_fail "scan of one engine twice exited with $rc: $(cat "$SW_DIR/err")"
sw_check "$SW_DIR/out" '.hosts | length == 1'
sw_check "$SW_DIR/out" ".hosts[0].endpoint == \"unix://$SW_SOCK\""
grep -F "unix://$SW_SOCK and $tcp are the same engine" "$SW_DIR/err" \
	>/dev/null || sw_fail "no warning names both addresses: $(cat "$SW_DIR/err")"

# A snapshot that contains the engine twice is assessed once as well.
sw_in_netns "$BIN" collect --host "unix://$SW_SOCK" --host $tcp $tls \
	--output "$SW_DIR/twice.json" 2>"$SW_DIR/err" ||
	sw_fail "collect of one engine twice failed: $(cat "$SW_DIR/err")"
sw_check "$SW_DIR/twice.json" '.targets | length == 2'
run_rc "$BIN" scan --snapshot "$SW_DIR/twice.json" --format json
[ "$rc" = 0 ] || sw_fail "scan of the snapshot exited with $rc: $(cat "$SW_DIR/err")"
sw_check "$SW_DIR/out" '.hosts | length == 1'
grep -qF "are the same engine" "$SW_DIR/err" ||
	sw_fail "no warning for the snapshot: $(cat "$SW_DIR/err")"

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

# Errors in a snapshot name its file.
echo '{"schema": "something/1", "targets": []}' >"$SW_DIR/other.json"
run_rc "$BIN" scan --snapshot "$SW_DIR/other.json"
[ "$rc" = 2 ] || sw_fail "a foreign document exited with $rc"
grep -qF "$SW_DIR/other.json: not a stridewatch snapshot" "$SW_DIR/err" ||
	sw_fail "the error does not name the file: $(cat "$SW_DIR/err")"
jq '.targets[0].containers.data[0].inspect.HostConfig.Privileged = "true"' \
	"$fixtures/small.json" >"$SW_DIR/mistyped.json"
run_rc "$BIN" scan --snapshot "$SW_DIR/mistyped.json"
[ "$rc" = 2 ] || sw_fail "a mistyped snapshot exited with $rc"
grep -qF "$SW_DIR/mistyped.json: invalid snapshot: target 1" "$SW_DIR/err" ||
	sw_fail "the error does not name the file: $(cat "$SW_DIR/err")"
echo "PASS"
