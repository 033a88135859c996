#!/bin/sh
# 200 created containers are all inspected, with any concurrency, and only
# with --all (none of them runs).
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_engine_start
sw_image_import swtest
sw_create_many 200 swtest many
[ "$(sw_api_get '/containers/json?all=1' | jq length)" = 200 ] ||
	sw_fail "the engine does not list 200 containers"

"$BIN" collect --all --compact --output "$SW_DIR/all.json" ||
	sw_fail "collect --all exited with $?"
out="$SW_DIR/all.json"
sw_check "$out" '.targets[0].containers.data | length == 200'
sw_check "$out" '[.targets[0].containers.data[].inspect.Id] | unique | length == 200'
sw_check "$out" '[.targets[0].containers.data[].inspect.Name] | sort == ([range(1; 201)] | map("/many-\(.)") | sort)'
sw_check "$out" 'all(.targets[0].containers.data[]; .top.status == "not_present" and .execs.status == "collected")'
sw_check "$out" '.targets[0].notes == []'
# One image in use: inspected once, with its history.
sw_check "$out" '.targets[0].images.data | length == 1'
sw_check "$out" '.targets[0].images.data[0].inspect.Id == .targets[0].images.data[0].summary.Id'
sw_check "$out" '.targets[0].images.data[0].history.status == "collected"'

"$BIN" collect --all --compact --concurrency 1 --output "$SW_DIR/one.json" ||
	sw_fail "collect --concurrency 1 exited with $?"
sw_check "$SW_DIR/one.json" '.targets[0].containers.data | length == 200'

"$BIN" collect --compact --output "$SW_DIR/running.json" ||
	sw_fail "collect without --all exited with $?"
sw_check "$SW_DIR/running.json" '.targets[0].containers.data == []'
echo "PASS"
