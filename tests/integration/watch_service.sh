#!/bin/sh
# watch as a service: invalid configurations exit 2 naming the key, a
# listen address other than loopback needs a token and then requires it,
# SIGHUP reloads a valid configuration and keeps the running one when the
# new one is invalid.
SW_BIN=$1
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/watch_lib.sh"
sw_require_engine
sw_require_watch_tools
sw_engine_start

# Exit 2, with the key and the value, for an invalid configuration.
printf 'targets:\n  - name: a\n    engine: unix:///x.sock\n    criticality: 7\n' \
	>"$SW_DIR/bad.yaml"
"$SW_BIN" watch --config "$SW_DIR/bad.yaml" >"$SW_DIR/out" 2>&1
[ $? = 2 ] || sw_fail "an invalid configuration did not exit 2"
grep -q "targets\[0\].criticality: invalid value '7'" "$SW_DIR/out" ||
	sw_fail "the message does not name the key and value: $(cat "$SW_DIR/out")"
sw_watch_config | sed 's/127.0.0.1:0/0.0.0.0:0/' >"$SW_DIR/open.yaml"
"$SW_BIN" watch --config "$SW_DIR/open.yaml" --check >"$SW_DIR/out" 2>&1
[ $? = 2 ] || sw_fail "a non-loopback address without a token was accepted"
grep -q "token" "$SW_DIR/out" || sw_fail "the message does not ask for a token"

# With a token, inside the engine's network namespace so that 0.0.0.0 binds
# nothing outside it.
printf 's3cret-token\n' >"$SW_DIR/token"
sed "s|listen: 0.0.0.0:0|listen: 0.0.0.0:0\n  token_file: $SW_DIR/token|" \
	"$SW_DIR/open.yaml" >"$SW_DIR/token.yaml"
# nsenter execs the binary, so $! is its PID (a shell function would not).
nsenter --net="/run/netns/$SW_NETNS" "$SW_BIN" watch \
	--config "$SW_DIR/token.yaml" >>"$SW_DIR/watch.log" 2>&1 &
SW_WATCH_PID=$!
sw_watch_wait_log "assessment 1 (start)"
port=$(grep -o '(port [0-9]*' "$SW_DIR/watch.log" | tail -n 1 | sed 's/.*port //')
code=$(sw_in_netns curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/hosts")
[ "$code" = 401 ] || sw_fail "a request without the token got $code"
code=$(sw_in_netns curl -s -o /dev/null -w '%{http_code}' \
	-H 'Authorization: Bearer s3cret-token' "http://127.0.0.1:$port/api/v1/hosts")
[ "$code" = 200 ] || sw_fail "a request with the token got $code"
code=$(sw_in_netns curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
[ "$code" = 200 ] || sw_fail "/healthz got $code"

# SIGHUP with an invalid file keeps the running configuration.
cp "$SW_DIR/token.yaml" "$SW_DIR/good.yaml"
cp "$SW_DIR/bad.yaml" "$SW_DIR/token.yaml"
kill -HUP "$SW_WATCH_PID"
sw_watch_wait_log "reloading the configuration failed, so the running one stays"
code=$(sw_in_netns curl -s -o /dev/null -w '%{http_code}' \
	-H 'Authorization: Bearer s3cret-token' "http://127.0.0.1:$port/api/v1/hosts")
[ "$code" = 200 ] || sw_fail "the API stopped after a failed reload"

# SIGHUP with a valid one applies it: the target starts again.
sed 's/interval: 1m/interval: 2m/' "$SW_DIR/good.yaml" >"$SW_DIR/token.yaml"
kill -HUP "$SW_WATCH_PID"
sw_watch_wait_log "configuration reloaded: 1 targets"
sw_watch_wait_log "(reload)"
sw_watch_stop || sw_fail "watch did not exit 0 on SIGTERM"
"$SW_BIN" history --store "$SW_DIR/history.db" --format json >"$SW_DIR/h.json" ||
	sw_fail "history failed"
sw_check "$SW_DIR/h.json" '[.assessments[].trigger] | index("reload") != null'
echo "watch service: ok"
