#!/bin/sh
# Soak test of `stridewatch watch` on a private engine: runs the service for
# DURATION seconds through container churn and engine restarts, then checks
# and writes to OUT (markdown):
#   - missed alerts: a container that mounts the engine's socket without one
#     "opened" notification for 5.32, or removed without one "resolved";
#   - duplicate alerts: two notifications in a row of the same event for
#     the same rule and object, or one notification delivered twice;
#   - late alerts: an "opened" 5.32 more than 1 s after `docker create`
#     was called (an upper bound on the time from the engine's event);
#   - lost assessments and events: an assessment the service logged that
#     the store lacks, a stored assessment that is half-written, or an
#     engine event the service counted that the store lacks;
#   - resident memory over time (VmRSS every SAMPLE seconds), and whether
#     it stays flat: the mean of the last third of the samples within 10 %
#     (and 4 MiB) of the mean of the middle third.
# Exits 1 when any check fails.
#
# usage: bench/soak.sh [STRIDEWATCH]   (default: build/stridewatch)
# Environment: DURATION (s, default 3600), RESTART_EVERY (s between engine
# restarts, default 600), SAMPLE (s, default 10), OUT (default
# bench/SOAK.md). Needs root, dockerd, busybox-static, curl, jq, iproute2,
# python3 and sqlite3.
set -u
here=$(cd "$(dirname "$0")" && pwd)
SW_BIN=$(realpath "${1:-$here/../build/stridewatch}")
DURATION=${DURATION:-3600}
RESTART_EVERY=${RESTART_EVERY:-600}
SAMPLE=${SAMPLE:-10}
OUT=${OUT:-$here/SOAK.md}
# An engine with many stopped containers can take a minute to come back.
SW_START_TIMEOUT=${SW_START_TIMEOUT:-180}
SW_TESTS_DIR="$here/../tests/integration"
. "$here/../tests/integration/lib.sh"
. "$here/../tests/integration/watch_lib.sh"
sw_require_engine
sw_require_watch_tools
[ -x "$SW_BIN" ] || sw_fail "$SW_BIN is not an executable; build it first"

sw_engine_start
sw_image_import swtest
sw_webhook_start
sw_watch_config 5m >"$SW_DIR/watch.yaml"
sw_watch_start "$SW_DIR/watch.yaml"
sw_watch_wait_log "assessment 1 (start)"
bad="$SW_DIR/bad.tsv"     # created_ns id name
removed="$SW_DIR/removed" # ids of removed bad containers
rss="$SW_DIR/rss.tsv"     # elapsed_s rss_kib
: >"$bad"
: >"$removed"
: >"$rss"

now_ns() {
	date +%s%N
}

sample_rss() {
	kib=$(awk '/^VmRSS:/ { print $2 }' "/proc/$SW_WATCH_PID/status")
	echo "$(($(date +%s) - started)) $kib" >>"$rss"
}

# One round of churn: a socket-mounting container, a clean one, a short
# run, an exec, and the removal of the bad container of two rounds ago.
churn() {
	n=$1
	t=$(now_ns)
	id=$(docker create --name "bad-$n" -v "$SW_SOCK:/var/run/docker.sock" \
		swtest sleep 3600 2>/dev/null) || return 0
	echo "$t $id bad-$n" >>"$bad"
	docker start "bad-$n" >/dev/null 2>&1
	docker run -d --name "good-$n" --read-only --memory 32m swtest \
		sleep 3600 >/dev/null 2>&1
	docker run --rm swtest true >/dev/null 2>&1
	docker exec "good-$n" true >/dev/null 2>&1
	old=$((n - 2))
	old_id=$(docker inspect -f '{{.Id}}' "bad-$old" 2>/dev/null) &&
		docker rm -f "bad-$old" >/dev/null 2>&1 && echo "$old_id" >>"$removed"
	docker rm -f "good-$((n - 2))" >/dev/null 2>&1
	return 0
}

started=$(date +%s)
next_restart=$((started + RESTART_EVERY))
next_sample=$started
restarts=0
n=0
while [ $(($(date +%s) - started)) -lt "$DURATION" ]; do
	if [ "$(date +%s)" -ge "$next_sample" ]; then
		sample_rss
		next_sample=$((next_sample + SAMPLE))
	fi
	if [ "$(date +%s)" -ge "$next_restart" ]; then
		sw_engine_pause
		sleep 3
		sw_engine_resume
		# A container created and removed before the event stream is
		# back cannot be seen by anyone, so churn waits for it.
		i=0
		until curl -sf "$SW_API/api/v1/hosts" | jq -e '.hosts[0].event_stream' >/dev/null; do
			i=$((i + 1))
			[ $i -lt 600 ] || sw_fail "the event stream did not reconnect in 60 s"
			sleep 0.1
		done
		restarts=$((restarts + 1))
		next_restart=$(($(date +%s) + RESTART_EVERY))
		continue
	fi
	churn "$n"
	n=$((n + 1))
	sleep 1
done
sample_rss
# Let the last events, a reconnection and the deliveries settle.
sleep 5
events_seen=$(curl -sf "$SW_API/api/v1/hosts" | jq '.hosts[0].events')
sw_watch_stop || sw_fail "watch did not exit 0 on SIGTERM"

db="$SW_DIR/history.db"
hook="$SW_DIR/hook.jsonl"

# Missed and late alerts: the first "opened" of 5.32 per container, and
# the containers with a "resolved" one.
jq -r 'select(.body.rule == "5.32" and .body.event == "opened") |
	"\(.body.object.id) \(.received_ns)"' "$hook" | sort -k1,1 -k2,2n |
	awk '$1 != last { print; last = $1 }' >"$SW_DIR/opened"
jq -r 'select(.body.rule == "5.32" and .body.event == "resolved") |
	.body.object.id' "$hook" | sort -u >"$SW_DIR/resolved"
set -- $(awk 'FILENAME == ARGV[1] { opened[$1] = $2; next }
	{
		if (!($2 in opened)) { missed++; print "missed: no alert for " $3 " (" $2 ")" > "/dev/stderr"; next }
		ms = int((opened[$2] - $1) / 1000000)
		if (ms > max) max = ms
		if (ms > 1000) late++
	}
	END { print missed + 0, late + 0, max + 0 }' "$SW_DIR/opened" "$bad")
missed=$1 late=$2 max_latency=$3
unresolved=$(sort -u "$removed" | comm -23 - "$SW_DIR/resolved" | wc -l)
[ "$unresolved" -gt 0 ] && sw_log "missed: $unresolved removed containers without a resolution"
missed=$((missed + unresolved))

# Duplicates: per rule and object, events must alternate; ids must not repeat.
duplicates=$(jq -s '
	(group_by(.body.rule + " " + .body.object.id) |
	 map([.[].body.event] | . as $e |
	     [range(1; length) | select($e[.] == $e[. - 1])] | length) | add // 0)
	+ ((length) - ([.[].body.id] | unique | length))' "$hook")

# Lost assessments and events.
logged=$(grep -o 'assessment [0-9]* (' "$SW_DIR/watch.log" | awk '{ print $2 }' | sort -n | uniq)
stored=$(sqlite3 "$db" 'SELECT id FROM assessments ORDER BY id')
lost=0
for id in $logged; do
	echo "$stored" | grep -qx "$id" || lost=$((lost + 1))
done
rules=$("$SW_BIN" rules --format json | jq '.rules | length')
half=$(sqlite3 "$db" "SELECT count(*) FROM assessments a WHERE
	(SELECT count(*) FROM scores s WHERE s.assessment_id = a.id) != a.containers + 1
	OR (SELECT count(*) FROM rule_states r WHERE r.assessment_id = a.id) != $rules")
events_stored=$(sqlite3 "$db" 'SELECT count(*) FROM events')
events_lost=$((events_seen - events_stored))
[ "$events_lost" -lt 0 ] && events_lost=0
integrity=$(sqlite3 "$db" 'PRAGMA integrity_check')
assessments=$(echo "$stored" | wc -l)
alerts=$(wc -l <"$hook")

# Memory: middle third against last third of the samples.
memory=$(awk '{ v[NR] = $2 } END {
	third = int(NR / 3); if (third < 1) { print "0 0 0 0"; exit }
	for (i = third + 1; i <= 2 * third; i++) mid += v[i]
	for (i = 2 * third + 1; i <= NR; i++) last += v[i]
	mid /= third; last /= (NR - 2 * third)
	min = v[1]; max = v[1]
	for (i = 1; i <= NR; i++) { if (v[i] < min) min = v[i]; if (v[i] > max) max = v[i] }
	printf "%d %d %d %d\n", mid, last, min, max }' "$rss")
set -- $memory
mid=$1 last=$2 rss_min=$3 rss_max=$4
growth=$((last - mid))
flat=yes
[ "$growth" -gt $((mid / 10)) ] && [ "$growth" -gt 4096 ] && flat=no

{
	echo "# Watch soak"
	echo
	echo "\`bench/soak.sh\` on $(uname -m), $(nproc) CPUs, $(date -u +%Y-%m-%d);"
	echo "stridewatch $("$SW_BIN" --version | awk '{ print $2 }'),"
	echo "dockerd $(docker version --format '{{.Server.Version}}' 2>/dev/null)."
	echo
	echo "| measure | value |"
	echo "|---|---|"
	echo "| duration | $DURATION s |"
	echo "| churn rounds | $n (each: 2 containers created, 1 short run, 1 exec, 2 removed) |"
	echo "| engine restarts | $restarts |"
	echo "| socket-mounting containers | $(wc -l <"$bad"), $(wc -l <"$removed") removed |"
	echo "| notifications received | $alerts |"
	echo "| missed alerts | $missed |"
	echo "| duplicate alerts | $duplicates |"
	echo "| late alerts (> 1 s after docker create) | $late; slowest $max_latency ms |"
	echo "| assessments stored | $assessments |"
	echo "| lost assessments | $lost logged but not stored, $half half-written |"
	echo "| engine events | $events_seen received, $events_lost not stored |"
	echo "| store integrity_check | $integrity |"
	echo "| resident memory | $rss_min to $rss_max KiB; middle third $mid KiB, last third $last KiB: flat $flat |"
	echo
	echo "Resident memory (VmRSS, KiB) by elapsed seconds:"
	echo
	echo '```'
	awk -v step="$(($(wc -l <"$rss") / 24 + 1))" '(NR - 1) % step == 0' "$rss"
	echo '```'
} >"$OUT"
cat "$OUT"

[ "$missed" = 0 ] && [ "$duplicates" = 0 ] && [ "$late" = 0 ] &&
	[ "$lost" = 0 ] && [ "$half" = 0 ] && [ "$events_lost" = 0 ] &&
	[ "$integrity" = ok ] && [ "$flat" = yes ] || sw_fail "the soak found problems; see $OUT"
