#!/bin/sh
# watch: a webhook that fails is retried with backoff. When the engine
# stops, the event stream retries with backoff and logs each retry, and no
# alert is resolved for the unreachable engine. A full assessment follows
# the reconnection, without a duplicate alert.
SW_BIN=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/watch_lib.sh"
sw_require_engine
sw_require_watch_tools
sw_engine_start
sw_image_import swtest
# The receiver fails the first two requests: the webhook sink retries.
FAIL_FIRST=2
export FAIL_FIRST
sw_webhook_start
unset FAIL_FIRST
id=$(docker create --name sock -v "$SW_SOCK:/var/run/docker.sock" swtest \
	sleep 600) || sw_fail "docker create failed"
sw_watch_config >"$SW_DIR/watch.yaml"
sw_watch_start "$SW_DIR/watch.yaml"
sw_watch_wait_log "assessment 1 (start)"
opened=".body.rule == \"5.32\" and .body.event == \"opened\""
sw_hook_wait "$opened" 1
grep -q "returned HTTP 503; retrying in 100 ms (attempt 2 of 4)" "$SW_DIR/watch.log" ||
	sw_fail "the webhook sink did not log its retry"

sw_engine_pause
sw_watch_wait_log "event stream: .*reconnecting in 1 s" 10
sw_watch_wait_log "reconnecting in 2 s" 10
curl -sf "$SW_API/metrics" | grep -q '^stridewatch_event_stream_connected{host="private"} 0$' ||
	sw_fail "/metrics does not show the event stream as disconnected"

sw_engine_resume
sw_watch_wait_log "(reconnect)" 40
grep -q "event stream connected" "$SW_DIR/watch.log" ||
	sw_fail "no reconnection was logged"
[ "$(grep -c 'event stream connected' "$SW_DIR/watch.log")" -ge 2 ] ||
	sw_fail "the event stream did not connect again"
sleep 1
[ "$(sw_hook_count "$opened")" = 1 ] ||
	sw_fail "the reconnection raised the socket alert again"
[ "$(sw_hook_count '.body.event == "resolved"')" = 0 ] ||
	sw_fail "an alert was resolved while the engine was down"
curl -sf "$SW_API/api/v1/hosts" >"$SW_DIR/hosts.json"
sw_check "$SW_DIR/hosts.json" '.hosts[0].reachable and .hosts[0].event_stream'
sw_check "$SW_DIR/hosts.json" '.hosts[0].reconnects >= 1'

# Events after the reconnection are followed again.
docker rm -f sock >/dev/null || sw_fail "docker rm failed"
sw_hook_wait '.body.rule == "5.32" and .body.event == "resolved"' 1
sw_watch_stop || sw_fail "watch did not exit 0 on SIGTERM"
echo "watch reconnect: ok"
