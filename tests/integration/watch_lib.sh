# Shell functions for the watch tests, on top of lib.sh (POSIX sh).
#
#   sw_webhook_start                 # receiver on loopback: SW_HOOK_URL,
#                                    # its log in $SW_DIR/hook.jsonl
#   sw_watch_config > FILE           # a configuration for the engine
#   sw_watch_start FILE              # SW_WATCH_PID, SW_API (http://...)
#   sw_watch_wait_log PATTERN [S]    # waits until the log matches
#   sw_watch_stop                    # SIGTERM, then waits
#   sw_engine_pause, sw_engine_resume  # stops dockerd and starts it again

SW_WATCH_PID=""
SW_HOOK_PID=""
SW_API=""
# Where webhook_receiver.py is; bench/soak.sh sets it.
SW_TESTS_DIR=${SW_TESTS_DIR:-$(dirname "$0")}

sw_watch_cleanup() {
	[ -n "$SW_WATCH_PID" ] && kill "$SW_WATCH_PID" 2>/dev/null
	[ -n "$SW_WATCH_PID" ] && wait "$SW_WATCH_PID" 2>/dev/null
	[ -n "$SW_HOOK_PID" ] && kill "$SW_HOOK_PID" 2>/dev/null
	[ -n "$SW_HOOK_PID" ] && wait "$SW_HOOK_PID" 2>/dev/null
	sw_cleanup
}
trap 'sw_watch_cleanup' EXIT

sw_require_watch_tools() {
	command -v python3 >/dev/null 2>&1 || sw_skip "python3 is not installed"
	command -v sqlite3 >/dev/null 2>&1 || sw_skip "sqlite3 is not installed"
}

sw_webhook_start() {
	rm -f "$SW_DIR/hook.port"
	python3 "$SW_TESTS_DIR/webhook_receiver.py" "$SW_DIR/hook.port" \
		"$SW_DIR/hook.jsonl" &
	SW_HOOK_PID=$!
	i=0
	while [ ! -s "$SW_DIR/hook.port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$SW_DIR/hook.port" ] || sw_fail "the webhook receiver did not start"
	SW_HOOK_URL="http://127.0.0.1:$(cat "$SW_DIR/hook.port")/hook"
	touch "$SW_DIR/hook.jsonl"
}

# Prints a configuration with the private engine, the webhook (when
# started) and a log sink; $1 is the interval (default 1m).
sw_watch_config() {
	cat <<CONFIG
targets:
  - name: private
    engine: unix://$SW_SOCK
    labels: {suite: integration}
    criticality: 3
interval: ${1:-1m}
store: $SW_DIR/history.db
alerts:
  min_severity: high
  sinks:
    - type: log
      path: $SW_DIR/alerts.jsonl
CONFIG
	if [ -n "$SW_HOOK_URL" ]; then
		cat <<CONFIG
    - type: webhook
      url: $SW_HOOK_URL
      timeout: 2s
      retries: 3
      backoff: 100ms
CONFIG
	fi
	cat <<CONFIG
http:
  listen: 127.0.0.1:0
log_level: debug
CONFIG
}

sw_watch_wait_log() {
	pattern=$1 seconds=${2:-30}
	i=0
	while [ $i -lt $((seconds * 10)) ]; do
		grep -q -- "$pattern" "$SW_DIR/watch.log" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	tail -n 30 "$SW_DIR/watch.log" >&2
	sw_fail "the watch log did not show '$pattern' within $seconds s"
}

sw_watch_start() {
	"$SW_BIN" watch --config "$1" >>"$SW_DIR/watch.log" 2>&1 &
	SW_WATCH_PID=$!
	sw_watch_wait_log "HTTP API listening on" 10
	port=$(grep -o 'HTTP API listening on [^ ]* (port [0-9]*' "$SW_DIR/watch.log" |
		tail -n 1 | sed 's/.*port //')
	SW_API="http://127.0.0.1:$port"
}

sw_watch_stop() {
	[ -n "$SW_WATCH_PID" ] || return 0
	kill -TERM "$SW_WATCH_PID"
	wait "$SW_WATCH_PID"
	rc=$?
	SW_WATCH_PID=""
	return $rc
}

# Counts the notifications the receiver got that match a jq filter.
sw_hook_count() {
	jq -s "[.[] | select($1)] | length" "$SW_DIR/hook.jsonl"
}

# Waits until sw_hook_count FILTER reaches N.
sw_hook_wait() {
	filter=$1 n=$2 seconds=${3:-10}
	i=0
	while [ $i -lt $((seconds * 10)) ]; do
		[ "$(sw_hook_count "$filter")" -ge "$n" ] && return 0
		sleep 0.1
		i=$((i + 1))
	done
	cat "$SW_DIR/hook.jsonl" >&2
	tail -n 30 "$SW_DIR/watch.log" >&2
	sw_fail "expected $n notifications matching $filter within $seconds s"
}

# Stops the private dockerd, remembering its arguments for
# sw_engine_resume.
sw_engine_pause() {
	SW_DOCKERD_ARGS=$(tr '\0' ' ' </proc/"$SW_DOCKERD_PID"/cmdline |
		sed 's/^dockerd //')
	[ -n "$SW_DOCKERD_ARGS" ] || sw_fail "cannot read the arguments of dockerd"
	sw_engine_stop
}

# Starts the private dockerd again with the arguments it had.
sw_engine_resume() {
	# shellcheck disable=SC2086
	nsenter --net="/run/netns/$SW_NETNS" dockerd $SW_DOCKERD_ARGS \
		>>"$SW_DIR/dockerd.log" 2>&1 &
	SW_DOCKERD_PID=$!
	i=0
	while [ $i -lt $((SW_START_TIMEOUT * 10)) ]; do
		[ "$(curl -s --max-time 2 --unix-socket "$SW_SOCK" http://localhost/_ping)" = OK ] &&
			return 0
		sleep 0.1
		i=$((i + 1))
	done
	sw_engine_log
	sw_fail "dockerd did not answer /_ping after the restart"
}
