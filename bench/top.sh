#!/bin/sh
# Measures what the process lists cost a live scan: 'scan' of COUNT running
# containers, which requests /containers/{id}/top for each (dockerd runs ps
# in the container), against 'scan --exclude 5.7', which skips them. Each
# case runs RUNS times; the table gives the median, min and max wall time.
#
# usage: bench/top.sh [STRIDEWATCH]   (default: build/stridewatch)
# Environment: COUNT (default 50), RUNS (default 5).
# Needs root, dockerd, busybox-static, curl and jq.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:-$here/../build/stridewatch}")
COUNT=${COUNT:-50}
RUNS=${RUNS:-5}
. "$here/../tests/integration/lib.sh"
sw_require_engine
[ -x "$BIN" ] || sw_fail "$BIN is not an executable; build it first"

sw_engine_start
sw_image_import swtest
seq 1 "$COUNT" | xargs -P 8 -I{} docker run -d --network none \
	--name "run-{}" swtest sleep 3600 >/dev/null

# measure LABEL ARGS...: prints "| LABEL | median | min | max |" in ms.
measure() {
	label=$1
	shift
	: >"$SW_DIR/ms"
	run=0
	while [ $run -lt "$RUNS" ]; do
		start=$(date +%s%N)
		"$BIN" scan --host "unix://$SW_SOCK" --no-host-facts \
			--format json "$@" >/dev/null
		end=$(date +%s%N)
		echo $(((end - start) / 1000000)) >>"$SW_DIR/ms"
		run=$((run + 1))
	done
	sort -n "$SW_DIR/ms" >"$SW_DIR/ms.sorted"
	echo "| $label | $(sed -n "$(((RUNS + 1) / 2))p" "$SW_DIR/ms.sorted") |" \
		"$(head -n 1 "$SW_DIR/ms.sorted") | $(tail -n 1 "$SW_DIR/ms.sorted") |"
}

echo "$COUNT running containers, $RUNS runs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | median ms | min ms | max ms |"
echo "|---|---|---|---|"
measure "scan"
measure "scan --exclude 5.7" --exclude 5.7
