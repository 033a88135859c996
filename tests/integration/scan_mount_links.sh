#!/bin/sh
# Checks on a private engine that a scan with host facts reports what
# symlinked bind sources and bind-backed local volumes mount. The engine
# records a link's own path as the source, and a volume's device only in
# the volume's inspection. Also checks collect's "volumes" part and the host
# part's "binds", and the evidence of a scan without host facts.
#
# usage: scan_mount_links.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
sw_require_engine
bin=$1

sw_engine_start
sw_image_import swtest
links="$SW_DIR/links"
mkdir -p "$links"
ln -s "$SW_SOCK" "$links/sock"
ln -s /etc "$links/etc"

docker run -d --name sock -v "$links/sock:/run/x.sock" swtest sleep 1d \
	>/dev/null
docker run -d --name etc -v "$links/etc:/e:ro" swtest sleep 1d >/dev/null
docker volume create -d local -o type=none -o o=bind -o device=/etc etcvol \
	>/dev/null
docker run -d --name vol -v etcvol:/e swtest sleep 1d >/dev/null
docker run -d --name plain -v "$links:/l" swtest sleep 1d >/dev/null

# Prints "STATUS EVIDENCE" of rule $2 on container $3 in report $1.
result() {
	jq -r --arg rule "$2" --arg name "$3" '.hosts[0].results[] |
		select(.rule == $rule and .object.name == $name) |
		"\(.status) \(.evidence)"' "$1"
}

# Fails unless rule $2 on container $3 in report $1 has status $4 and its
# evidence contains $5.
expect() {
	got=$(result "$1" "$2" "$3")
	case $got in
	"$4 "*"$5"*) ;;
	*) sw_fail "$2 on $3: expected $4 with '$5', got: $got" ;;
	esac
}

report="$SW_DIR/report.json"
"$bin" scan --format json >"$report" || [ $? -eq 1 ] ||
	sw_fail "scan failed"
expect "$report" 5.32 sock fail "$links/sock (resolves to $SW_SOCK)"
expect "$report" 5.6 etc fail "$links/etc (resolves to /etc) at /e"
expect "$report" 5.6 vol fail "volume etcvol (bind of /etc) at /e"
expect "$report" 5.6 plain pass "$links at /l"
case $(result "$report" 5.6 plain) in
*"not resolved"* | *"not inspected"*)
	sw_fail "5.6 on plain: a resolved bind is reported as unresolved" ;;
esac

snapshot="$SW_DIR/snapshot.json"
"$bin" collect --output "$snapshot" || sw_fail "collect failed"
sw_check "$snapshot" '.targets[0].volumes.status == "collected"'
sw_check "$snapshot" '.targets[0].volumes.data[0].Options.device == "/etc"'
# collect reads host facts only where its options enable them.
if jq -e '.targets[0].host.status == "collected"' "$snapshot" >/dev/null; then
	jq -e --arg p "$links/etc" '.targets[0].host.data.binds.data[] |
		select(.path == $p) |
		.resolved == "/etc" and .type == "directory"' \
		"$snapshot" >/dev/null ||
		sw_fail "the host part has no resolution of $links/etc"
fi

# Without host facts the links stay as recorded, and the evidence states it.
"$bin" scan --no-host-facts --format json >"$report" || [ $? -eq 1 ] ||
	sw_fail "scan --no-host-facts failed"
expect "$report" 5.32 sock pass "not resolved on the host"
expect "$report" 5.6 etc pass "no host facts"
expect "$report" 5.6 vol fail "volume etcvol (bind of /etc)"
echo "scan mount links: all checks passed"
