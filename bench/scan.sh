#!/bin/sh
# Measures stridewatch on a private engine and writes bench/RESULTS.md:
#   - a live 'scan --all' of 10, 100 and 1,000 created (not started)
#     containers, and 'collect --all' of the 1,000;
#   - 'scan --snapshot' of the 1,000-container snapshot, and of 10,000
#     containers (those 1,000 inspections repeated 10 times under new IDs),
#     for the assessment rate.
# Each case runs RUNS times (default 5); the table gives the median wall
# time and the largest peak resident set size (/usr/bin/time -v).
#
# usage: bench/scan.sh [STRIDEWATCH]   (default: build/stridewatch)
# Environment: RUNS (default 5), OUT (default bench/RESULTS.md), REV (the
# commit the binary was built from; default: git describe of this tree).
# Needs root, dockerd, busybox-static, curl, jq, iproute2 and time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
BIN=$(realpath "${1:-$here/../build/stridewatch}")
RUNS=${RUNS:-5}
OUT=${OUT:-$here/RESULTS.md}
. "$here/../tests/integration/lib.sh"
sw_require_engine
[ -x /usr/bin/time ] || sw_skip "/usr/bin/time is missing (Debian package time)"
[ -x "$BIN" ] || sw_fail "$BIN is not an executable; build it first"
"$BIN" scan --snapshot "$here/../examples/mixed-host.snapshot.json" \
	--format json >/dev/null ||
	sw_skip "'$BIN scan --snapshot FILE --format json' does not work yet"

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
sw_engine_start
sw_image_import swtest
rows="$SW_DIR/rows"
: >"$rows"

# measure LABEL CONTAINERS COMMAND...: runs COMMAND $RUNS times and appends
# "label|containers|median ms|min ms|max ms|peak MiB|containers/s" to $rows.
measure() {
	label=$1 count=$2
	shift 2
	: >"$SW_DIR/ms"
	: >"$SW_DIR/rss"
	run=0
	while [ $run -lt "$RUNS" ]; do
		start=$(date +%s%N)
		/usr/bin/time -v -o "$SW_DIR/time" "$@" >/dev/null 2>"$SW_DIR/stderr" || {
			code=$?
			# scan exits 1 only for --fail-under or --fail-on.
			cat "$SW_DIR/stderr" >&2
			sw_fail "$label exited with $code"
		}
		end=$(date +%s%N)
		echo $(((end - start) / 1000000)) >>"$SW_DIR/ms"
		awk -F': ' '/Maximum resident set size/ { print $2 }' "$SW_DIR/time" >>"$SW_DIR/rss"
		run=$((run + 1))
	done
	sort -n "$SW_DIR/ms" >"$SW_DIR/ms.sorted"
	median=$(sed -n "$(((RUNS + 1) / 2))p" "$SW_DIR/ms.sorted")
	min=$(head -n 1 "$SW_DIR/ms.sorted")
	max=$(tail -n 1 "$SW_DIR/ms.sorted")
	rss=$(sort -n "$SW_DIR/rss" | tail -n 1)
	awk -v l="$label" -v c="$count" -v med="$median" -v lo="$min" \
		-v hi="$max" -v kb="$rss" 'BEGIN {
		rate = med > 0 ? c * 1000 / med : 0
		printf "| %s | %d | %d | %d | %d | %.1f | %d |\n", l, c, med, lo, hi, kb / 1024, rate
	}' >>"$rows"
	tail -n 1 "$rows" >&2
}

created=0
for target in 10 100 1000; do
	sw_create_many $((target - created)) swtest "c$target"
	created=$target
	measure "scan --all (live)" $target \
		"$BIN" scan --host "unix://$SW_SOCK" --all --format json
done
measure "collect --all (live)" 1000 \
	"$BIN" collect --host "unix://$SW_SOCK" --all --compact

snap1k="$SW_DIR/1k.json"
snap10k="$SW_DIR/10k.json"
"$BIN" collect --host "unix://$SW_SOCK" --all --compact --output "$snap1k"
jq -c '.targets[0].containers.data |= [range(10) as $k | .[] |
	.inspect.Id = ("\($k)" + .inspect.Id[1:]) |
	.inspect.Name = (.inspect.Name + "-\($k)")]' "$snap1k" >"$snap10k"
one_core=""
command -v taskset >/dev/null && one_core="taskset -c 0"
measure "scan --snapshot" 1000 $one_core "$BIN" scan --snapshot "$snap1k" --format json
measure "scan --snapshot" 10000 $one_core "$BIN" scan --snapshot "$snap10k" --format json

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
engine=$(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})')
rev=${REV:-$(git -C "$here/.." describe --always --dirty 2>/dev/null || echo unknown)}
buildtype=$(meson introspect --buildoptions "$(dirname "$BIN")" 2>/dev/null |
	jq -r '.[] | select(.name == "buildtype") | .value' 2>/dev/null || echo unknown)
{
	cat <<EOT
# Benchmark results

Written by \`bench/scan.sh\` on $(date -u +%Y-%m-%d). Each row is $RUNS runs;
wall times are the median, min and max in milliseconds, peak memory is the
largest maximum resident set size that \`/usr/bin/time -v\` reported, and the
rate is containers divided by the median wall time (whole-process time:
start, JSON parsing and the report included).

Machine: $cpu, $(nproc) cores, $mem, Linux $(uname -r).
Engine: Docker $engine, a private dockerd with overlay2 on the same machine.
stridewatch: built from $rev (a "-dirty" suffix means uncommitted changes),
meson buildtype $buildtype.

Load average (1, 5, 15 min) at the start: $load_start; at the end:
$(cut -d' ' -f1-3 /proc/loadavg). A load above the core count means that
other work shared the machine, so the times are upper bounds.

| command | containers | median ms | min ms | max ms | peak MiB | containers/s |
|---|---|---|---|---|---|---|
EOT
	cat "$rows"
	cat <<EOT

Targets: 1,000 containers in under 2 s of wall time for a live scan, at
least 20,000 containers/s from a snapshot on one core, and under 64 MB
(61.0 MiB) peak resident memory for 1,000 containers. In this run:

EOT
	awk -F' [|] ' '
	function verdict(ok) { return ok ? "met" : "missed" }
	$1 ~ /scan --all/ && $2 == 1000 { live = $3; live_mib = $6 }
	$1 ~ /scan --snapshot/ { if ($7 + 0 > rate) rate = $7 + 0 }
	$1 ~ /scan --snapshot/ && $2 == 1000 { snap_mib = $6 }
	END {
		printf "- live scan of 1,000: %d ms, %s\n", live, verdict(live < 2000)
		printf "- snapshot assessment: %d containers/s at best, %s\n", rate, verdict(rate >= 20000)
		printf "- peak memory for 1,000: %.1f MiB live, %.1f MiB from a snapshot, %s\n", live_mib, snap_mib, verdict(live_mib < 61.0 && snap_mib < 61.0)
	}' "$rows"
	cat <<EOT

The containers are created, not started (\`sleep 3600\` from a busybox-static
image), so a live scan makes one list call and one inspection per container
and no \`/top\` calls. The 10,000-container snapshot repeats the 1,000 real
inspections ten times with new IDs and names. Snapshot scans run under
\`taskset -c 0\` (one core) when taskset exists.

Commands (\$SOCK is the private engine's socket):

\`\`\`
stridewatch scan --host unix://\$SOCK --all --format json >/dev/null
stridewatch collect --host unix://\$SOCK --all --compact >/dev/null
stridewatch collect --host unix://\$SOCK --all --compact --output 1k.json
taskset -c 0 stridewatch scan --snapshot 1k.json --format json >/dev/null
taskset -c 0 stridewatch scan --snapshot 10k.json --format json >/dev/null
\`\`\`

Re-run: \`meson setup build-release --buildtype=release && ninja -C
build-release && bench/scan.sh build-release/stridewatch\` (as root).
EOT
} >"$OUT"
echo "wrote $OUT" >&2
