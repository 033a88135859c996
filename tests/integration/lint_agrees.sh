#!/bin/sh
# Cross-checks lint against a live scan. On a private engine it creates one
# container per service of tests/fixtures/lint/agree/compose.yaml, with the
# same settings given as docker run flags because docker compose is not
# installed. Then 'stridewatch lint' on the file and 'stridewatch scan
# --all' on the engine must give every statically decidable rule the same
# status on each service and its container.
#
# usage: lint_agrees.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
sw_require_engine
bin=$1
compose="$(cd "$(dirname "$0")/../fixtures/lint/agree" && pwd)/compose.yaml"

# Rules a compose file decides on its own. Left out: 5.2 and 5.3 (the
# host's AppArmor and SELinux), 5.7 and 5.23 to 5.24 (processes and exec
# sessions), 5.27 (health status), 5.28 (the registry), 5.30 (Compose
# attaches a project network, docker run the default bridge) and 5.9.
decidable="5.4 5.5 5.6 5.8 5.10 5.11 5.12 5.13 5.14 5.15 5.16 5.17 5.18
5.19 5.20 5.21 5.22 5.25 5.26 5.29 5.31 5.32"

sw_engine_start --bridge
sw_image_import swtest
docker run --name swbase swtest true >/dev/null
docker export swbase | docker import --change 'USER 65534' \
	--change 'CMD ["sleep", "3600"]' - swuser >/dev/null
docker rm swbase >/dev/null

# run NAME FLAGS... starts a container. create NAME FLAGS... only creates
# it, for the settings this engine cannot start: privileged, SYS_RESOURCE,
# a bind with rshared propagation of a private mount, a cgroup parent that
# does not exist.
run() {
	name=$1
	shift
	docker run -d --name "$name" "$@" >/dev/null ||
		sw_fail "docker run --name $name $*"
}
create() {
	name=$1
	shift
	docker create --name "$name" "$@" >/dev/null ||
		sw_fail "docker create --name $name $*"
}

run clean --read-only --memory 64m --pids-limit 100 \
	--security-opt no-new-privileges --cap-drop ALL --user 65534 \
	--cpu-shares 512 --health-cmd true --restart on-failure:3 \
	-p 127.0.0.1:8080:8080 swuser sleep 3600
create privileged --privileged swtest sleep 3600
create cap-sysadmin --cap-add SYS_ADMIN --cap-add CAP_NET_ADMIN swtest \
	sleep 3600
run cap-default --cap-add CHOWN --cap-add kill swtest sleep 3600
create cap-resource --cap-add SYS_RESOURCE swtest sleep 3600
run etc-ro -v /etc:/host-etc:ro swtest sleep 3600
run volume-only -v swdata:/data --tmpfs /scratch swtest sleep 3600
run run-long --mount type=bind,src=/run,dst=/host-run,readonly swtest \
	sleep 3600
run engine-socket -v "$SW_SOCK:/var/run/docker.sock:ro" swtest sleep 3600
create shared --mount type=bind,src=/mnt,dst=/host-mnt,bind-propagation=rshared \
	swtest sleep 3600
run port-80 -p 80:80 swtest sleep 3600
run port-range -p 127.0.0.1:1000-1002:1000-1002 swtest sleep 3600
run port-long -p 127.0.0.1:8081:8081 swtest sleep 3600
run port-any -p 8082:80 swtest sleep 3600
run restart-always --restart always swtest sleep 3600
run restart-unless --restart unless-stopped swtest sleep 3600
run restart-failure --restart on-failure swtest sleep 3600
run restart-deploy --restart on-failure:6 swtest sleep 3600
run limits-deploy --memory 128m --cpus 0.5 --pids-limit 50 swtest sleep 3600
run reservation --memory-reservation 32m swtest sleep 3600
run nnp-false --security-opt no-new-privileges:false swtest sleep 3600
run unconfined --security-opt seccomp=unconfined swtest sleep 3600
run host-pid --pid host swtest sleep 3600
run host-net --network host swtest sleep 3600
run host-ipc --ipc host swtest sleep 3600
run host-uts --uts host swtest sleep 3600
run device --device /dev/null:/dev/xnull:rw swtest sleep 3600
run ulimit --ulimit nofile=1024:2048 swtest sleep 3600
create cgroup-parent --cgroup-parent swtest.slice swtest sleep 3600

scan="$SW_DIR/scan.json"
lint="$SW_DIR/lint.json"
status=0
"$bin" scan --all --format json --output "$scan" || status=$?
[ "$status" -le 1 ] || sw_fail "scan exited $status"
status=0
SW_SOCK="$SW_SOCK" "$bin" lint --format json --output "$lint" "$compose" ||
	status=$?
[ "$status" -le 1 ] || sw_fail "lint exited $status"

# Every lint result points at a line of the compose file.
sw_check "$lint" '[.hosts[0].results[] | select(.object.kind == "service")
	| .location.line > 0] | all'

# "NAME RULE STATUS" for each service or container result.
statuses() {
	jq -r --arg kind "$2" '.hosts[0].results[]
		| select(.object.kind == $kind)
		| "\(.object.name) \(.rule) \(.status)"' "$1" | sort
}
statuses "$lint" service >"$SW_DIR/lint.txt"
statuses "$scan" container >"$SW_DIR/scan.txt"

# Prints the status of rule $3 on object $2 from a statuses file. Rule IDs
# compare as strings: awk would take 5.2 and 5.20 for the same number.
status_in() {
	awk -v n="$2" -v r="$3" '$1 == n && $2 "" == r "" { print $3 }' "$1"
}

services=$(jq -r '.hosts[0].containers[].name' "$lint" | sort)
count=$(echo "$services" | wc -l)
[ "$count" -eq 29 ] || sw_fail "lint found $count services, expected 29"

failures=0
checked=0
for name in $services; do
	for rule in $decidable; do
		want=$(status_in "$SW_DIR/scan.txt" "$name" "$rule")
		got=$(status_in "$SW_DIR/lint.txt" "$name" "$rule")
		checked=$((checked + 1))
		if [ -z "$want" ] || [ "$got" != "$want" ]; then
			sw_log "FAIL: $name $rule: lint '$got', scan '$want'"
			jq -r --arg n "$name" --arg r "$rule" '.hosts[0].results[]
				| select(.object.name == $n and .rule == $r)
				| "  \(.object.kind): \(.evidence)"' "$lint" "$scan" >&2
			failures=$((failures + 1))
		fi
	done
done

[ "$failures" -eq 0 ] || sw_fail "$failures of $checked statuses differ"
echo "lint agrees with scan on $checked (rule, service) pairs"
