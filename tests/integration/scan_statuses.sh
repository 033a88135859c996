#!/bin/sh
# Scans a private engine holding one container per risky setting, plus a
# clean one, and checks the status of every (rule, container) pair that the
# setting decides, from 'stridewatch scan --all --format json'.
#
# usage: scan_statuses.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
sw_require_engine
bin=$1

sw_engine_start --bridge
sw_image_import swtest
# An image with a non-root user, from the same layer as swtest.
docker run --name swbase swtest true >/dev/null
docker export swbase | docker import --change 'USER 65534' \
	--change 'CMD ["sleep", "3600"]' - swuser >/dev/null
docker rm swbase >/dev/null
docker network create swnet >/dev/null

run() { docker run -d "$@" >/dev/null || sw_fail "docker run $*"; }
create() { docker create "$@" >/dev/null || sw_fail "docker create $*"; }

run --name clean --network swnet --read-only --memory 64m \
	--pids-limit 100 --cap-drop ALL --security-opt no-new-privileges \
	--user 65534 --cpu-shares 512 --health-cmd true \
	--restart on-failure:3 -p 127.0.0.1:8080:8080 swuser sleep 3600
create --name privileged --privileged swtest sleep 3600
create --name cap-sysadmin --cap-add SYS_ADMIN --cap-add CAP_NET_ADMIN \
	swtest sleep 3600
run --name cap-default --cap-add CHOWN --cap-add cap_kill swtest sleep 3600
run --name etc-ro -v /etc:/host-etc:ro swtest sleep 3600
run --name volume-only -v swdata:/data --tmpfs /scratch swtest sleep 3600
run --name port-80 -p 80:80 swtest sleep 3600
run --name port-1024 -p 127.0.0.1:1024:1024 swtest sleep 3600
run --name port-range -p 127.0.0.1:1000-1002:1000-1002 swtest sleep 3600
run --name all-interfaces -p 8081:80 swtest sleep 3600
run --name restart-always --restart always swtest sleep 3600
run --name restart-unless --restart unless-stopped swtest sleep 3600
run --name restart-failure-0 --restart on-failure swtest sleep 3600
run --name restart-failure-5 --restart on-failure:5 swtest sleep 3600
run --name restart-failure-6 --restart on-failure:6 swtest sleep 3600
run --name reservation-only --memory-reservation 32m swtest sleep 3600
run --name nnp-true --security-opt no-new-privileges:true swtest sleep 3600
run --name nnp-false --security-opt no-new-privileges:false swtest sleep 3600
run --name engine-socket -v "$SW_SOCK:/var/run/docker.sock:ro" \
	swtest sleep 3600
run --name run-dir -v /run:/host-run:ro swtest sleep 3600
run --name host-pid --pid host swtest sleep 3600
run --name host-net --network host swtest sleep 3600
run --name unconfined --security-opt seccomp=unconfined swtest sleep 3600

report="$SW_DIR/report.json"
status=0
"$bin" scan --all --format json --output "$report" || status=$?
[ "$status" -le 1 ] || sw_fail "scan exited $status"

# Prints the status of rule $2 on container $1.
status_of() {
	jq -r --arg c "$1" --arg r "$2" '.hosts[0].results[]
		| select(.object.kind == "container" and .object.name == $c
			 and .rule == $r) | .status' "$report"
}

failures=0
expect() {
	got=$(status_of "$1" "$2")
	if [ "$got" != "$3" ]; then
		sw_log "FAIL: rule $2 on $1 is '$got', expected '$3'"
		failures=$((failures + 1))
	fi
}

expect clean 5.4 pass
expect clean 5.5 pass
expect clean 5.8 pass
expect clean 5.10 pass
expect clean 5.11 pass
expect clean 5.12 pass
expect clean 5.13 pass
expect clean 5.14 pass
expect clean 5.15 pass
expect clean 5.16 pass
expect clean 5.22 pass
expect clean 5.26 pass
expect clean 5.27 pass
expect clean 5.29 pass
expect clean 5.30 pass
expect clean 5.32 pass
expect privileged 5.5 fail
expect cap-sysadmin 5.4 fail
expect cap-default 5.4 pass
expect etc-ro 5.6 fail
expect volume-only 5.6 pass
expect port-80 5.8 fail
expect port-1024 5.8 pass
expect port-range 5.8 fail
expect all-interfaces 5.14 fail
expect port-1024 5.14 pass
expect restart-always 5.15 fail
expect restart-unless 5.15 fail
expect restart-failure-0 5.15 fail
expect restart-failure-5 5.15 pass
expect restart-failure-6 5.15 fail
expect reservation-only 5.11 fail
expect nnp-true 5.26 pass
expect nnp-false 5.26 fail
expect engine-socket 5.32 fail
expect run-dir 5.32 fail
expect volume-only 5.32 pass
expect host-pid 5.16 fail
expect host-net 5.10 fail
expect unconfined 5.22 fail
expect port-80 5.30 fail

# The evidence names what it found.
jq -e '.hosts[0].results[] | select(.rule == "5.4" and
	.object.name == "cap-sysadmin") | .evidence | test("SYS_ADMIN")
	and test("NET_ADMIN")' "$report" >/dev/null ||
	{ sw_log "FAIL: 5.4 evidence does not name SYS_ADMIN and NET_ADMIN"; failures=$((failures + 1)); }

# Without AppArmor on the host, 5.2 is not applicable and the result
# reports that fact instead of passing.
if ! jq -e '.hosts[0].results[] | select(.rule == "5.2") | .status' "$report" | grep -q pass; then
	apparmor=$(sw_api_get /info | jq -r '[.SecurityOptions[] | select(startswith("name=apparmor"))] | length')
	[ "$apparmor" = 0 ] && expect clean 5.2 not_applicable
fi

# The host takes each container rule at its worst container.
jq -e '[.hosts[0].results[] | select(.rule == "5.5")] | length > 1' "$report" >/dev/null ||
	sw_fail "5.5 has no per-container results"
cost_sum=$(jq '[.hosts[0].results[].cost] | add' "$report")
score=$(jq '.hosts[0].score.value' "$report")
awk -v c="$cost_sum" -v s="$score" 'BEGIN { d = 100 - s - c; if (d < 0) d = -d; exit !(d < 0.2) }' ||
	{ sw_log "FAIL: costs add up to $cost_sum, score is $score"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || sw_fail "$failures statuses differ"
echo "scan statuses: all expected statuses found"
