#!/bin/sh
# Captures examples/mixed-host.snapshot.json: a private engine with risky
# and clean containers side by side, collected with 'stridewatch collect'.
#
# usage: examples/capture.sh [STRIDEWATCH [OUTPUT]]
#   STRIDEWATCH  the binary (default: build/stridewatch)
#   OUTPUT       the snapshot file (default: examples/mixed-host.snapshot.json)
#
# Needs root, dockerd, busybox-static, curl, jq and iproute2; the engine is
# private (see tests/integration/README.md) and removed afterwards.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-$here/../build/stridewatch}
OUT=${2:-$here/mixed-host.snapshot.json}
. "$here/../tests/integration/lib.sh"
sw_require_engine
[ -x "$BIN" ] || sw_fail "$BIN is not an executable; build it first (ninja -C build)"
sw_engine_start --bridge
sw_image_import swtest

# Risky containers, none with a memory limit. The engine on the machine
# where the example was captured cannot start --privileged or SYS_ADMIN
# containers ("unable to apply caps"), so those two are only created.
docker run -d --name host-pid --pid host swtest sleep 3600 >/dev/null
docker run -d --name socket-mount -v "$SW_SOCK:/var/run/docker.sock" \
	swtest sleep 3600 >/dev/null
docker run -d --name web-public --restart always -p 0.0.0.0:80:80 \
	swtest httpd -f -p 80 >/dev/null
docker run -d --name seccomp-off --security-opt seccomp=unconfined \
	swtest sleep 3600 >/dev/null
docker create --name privileged --privileged swtest sleep 3600 >/dev/null
docker create --name sys-admin --cap-add SYS_ADMIN swtest sleep 3600 >/dev/null

# Clean containers: read-only root file system, memory, CPU and PIDs
# limits, every capability dropped, no-new-privileges, a non-root user, a
# health check, and a port bound to 127.0.0.1 only.
hardened() {
	name=$1
	shift
	docker run -d --name "$name" --read-only --tmpfs /tmp \
		--memory 64m --memory-swap 64m --cpus 0.5 --pids-limit 64 \
		--cap-drop ALL --security-opt no-new-privileges \
		--user 65534:65534 --restart on-failure:5 \
		--health-cmd 'nc -w 2 127.0.0.1 8080 </dev/null' \
		--health-interval 2s --health-retries 3 "$@" >/dev/null
}
hardened hardened-web -p 127.0.0.1:8080:8080 swtest httpd -f -p 8080
hardened hardened-api swtest httpd -f -p 8080

# An exec session on one of the risky containers.
docker exec -d seccomp-off sleep 3600

# Wait until both health checks report healthy.
i=0
until [ "$(docker inspect -f '{{.State.Health.Status}}' hardened-web hardened-api | sort -u)" = healthy ]; do
	[ $i -lt 150 ] || sw_fail "the health checks did not pass within 30 s"
	sleep 0.2
	i=$((i + 1))
done

"$BIN" collect --all --name mixed-host --output "$OUT"
chmod 0644 "$OUT" # an example for the repository, not a private snapshot
echo "wrote $OUT"
