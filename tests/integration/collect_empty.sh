#!/bin/sh
# collect on an engine without containers: every part is there, with its
# status, and the lists are empty.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_engine_start

out="$SW_DIR/snap.json"
"$BIN" collect --output "$out" || sw_fail "collect exited with $?"

sw_check "$out" '.schema == "stridewatch.snapshot/1"'
sw_check "$out" '.collected_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$")'
sw_check "$out" '.targets | length == 1'
sw_check "$out" ".targets[0].endpoint == \"unix://$SW_SOCK\""
sw_check "$out" '.targets[0].api_version == "1.41"'
sw_check "$out" '.targets[0].transport == {"kind": "unix", "tls": false, "tls_verify": false}'
for part in version info containers images networks; do
	sw_check "$out" ".targets[0].$part.status == \"collected\""
done
sw_check "$out" '.targets[0].version.data.ApiVersion == "1.41"'
sw_check "$out" '.targets[0].name == .targets[0].info.data.Name'
sw_check "$out" '.targets[0].containers.data == []'
sw_check "$out" '.targets[0].images.data == []'
sw_check "$out" '[.targets[0].networks.data[].Name] | sort == ["host", "none"]'
for part in swarm nodes services secrets; do
	sw_check "$out" ".targets[0].$part.status == \"not_present\""
done
sw_check "$out" '.targets[0].notes == []'
[ "$(stat -c %a "$out")" = 600 ] || sw_fail "the snapshot file is not mode 0600"

# Without --output the snapshot goes to stdout.
"$BIN" collect --compact >"$SW_DIR/stdout.json" || sw_fail "collect to stdout exited with $?"
sw_check "$SW_DIR/stdout.json" '.targets[0].containers.status == "collected"'
[ "$(wc -l <"$SW_DIR/stdout.json")" = 1 ] || sw_fail "--compact wrote more than one line"
echo "PASS"
