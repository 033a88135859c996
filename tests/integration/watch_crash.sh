#!/bin/sh
# watch: after SIGKILL in the middle of writes, the store opens, passes
# PRAGMA integrity_check and contains no half-written assessment, and the
# next start carries on with it.
SW_BIN=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/watch_lib.sh"
sw_require_engine
sw_require_watch_tools
sw_engine_start
sw_image_import swtest
sw_watch_config >"$SW_DIR/watch.yaml"
db="$SW_DIR/history.db"

# Every stored assessment must be whole: its host score, one score per
# container, one state per rule of the catalog.
check_store() {
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] ||
		sw_fail "the store fails its integrity check"
	rules=$("$SW_BIN" rules --format json | jq '.rules | length')
	bad=$(sqlite3 "$db" "SELECT count(*) FROM assessments a WHERE
		(SELECT count(*) FROM scores s WHERE s.assessment_id = a.id) != a.containers + 1
		OR (SELECT count(*) FROM rule_states r WHERE r.assessment_id = a.id) != $rules
		OR (SELECT count(*) FROM results r WHERE r.assessment_id = a.id AND
		    r.status IN ('fail', 'error')) != a.failing")
	[ "$bad" = 0 ] || sw_fail "$bad assessments are half-written"
}

for round in 1 2 3; do
	sw_watch_start "$SW_DIR/watch.yaml"
	sw_watch_wait_log "assessment .* (start)" 20
	# Churn: each create, start and destroy is one more write.
	i=0 removers=""
	while [ $i -lt 12 ]; do
		docker run -d --name "c$round-$i" swtest sleep 60 >/dev/null
		docker rm -f "c$round-$i" >/dev/null &
		removers="$removers $!"
		i=$((i + 1))
	done
	sleep 0.3
	kill -KILL "$SW_WATCH_PID"
	wait "$SW_WATCH_PID" 2>/dev/null
	SW_WATCH_PID=""
	for pid in $removers; do
		wait "$pid"
	done
	check_store
done
count=$(sqlite3 "$db" 'SELECT count(*) FROM assessments')
[ "$count" -ge 6 ] || sw_fail "only $count assessments were stored"
"$SW_BIN" history --store "$db" --limit 0 >/dev/null || sw_fail "history failed"
echo "watch crash: $count assessments, store whole"
