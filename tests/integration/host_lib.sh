# Shell functions for the host fact tests (POSIX sh), sourced after lib.sh.
#
# Checks collect their failures in $failures instead of stopping at the
# first one, so a run reports every wrong verdict; sw_host_done ends the
# test.

failures=0

sw_soft_fail() {
	sw_log "FAIL: $*"
	failures=$((failures + 1))
}

# Ends the test: exit 1 when any check failed.
sw_host_done() {
	[ "$failures" -eq 0 ] || sw_fail "$failures checks failed"
	echo "$1"
}

# Prints field $3 (status, evidence) of the first result of rule $2 in the
# JSON report $1.
sw_result() {
	jq -r --arg r "$2" --arg f "$3" \
		'[.hosts[0].results[] | select(.rule == $r)][0][$f] // empty' "$1"
}

# Checks that rule $2 in report $1 has status $3 and that its evidence
# contains each further argument as a literal string.
sw_expect() {
	sw_report=$1 sw_rule=$2 sw_want=$3
	shift 3
	sw_got=$(sw_result "$sw_report" "$sw_rule" status)
	sw_evidence=$(sw_result "$sw_report" "$sw_rule" evidence)
	if [ "$sw_got" != "$sw_want" ]; then
		sw_soft_fail "$sw_rule is '$sw_got', expected '$sw_want' ($sw_report): $sw_evidence"
		return 0
	fi
	for sw_part in "$@"; do
		case $sw_evidence in
		*"$sw_part"*) ;;
		*) sw_soft_fail "$sw_rule evidence lacks '$sw_part' ($sw_report): $sw_evidence" ;;
		esac
	done
}

# Checks that the report's notes contain each argument after the first.
sw_expect_note() {
	sw_report=$1
	shift
	for sw_part in "$@"; do
		jq -e --arg p "$sw_part" '.hosts[0].notes | any(contains($p))' \
			"$sw_report" >/dev/null ||
			sw_soft_fail "no note contains '$sw_part' ($sw_report): $(jq -c '.hosts[0].notes' "$sw_report")"
	done
}

# Checks that every rule of sections 1 to 3 has one result and that none
# of them is left without host facts.
sw_expect_host_decided() {
	sw_report=$1
	sw_count=$(jq '[.hosts[0].results[] | select(.rule | test("^[123]\\."))]
		| length' "$sw_report")
	[ "$sw_count" = 62 ] ||
		sw_soft_fail "sections 1 to 3 have $sw_count results, expected 62 ($sw_report)"
	sw_bad=$(jq -r '.hosts[0].results[] | select(.rule | test("^[123]\\."))
		| select(.evidence | test("needs host access|not collected"))
		| "\(.rule): \(.evidence)"' "$sw_report")
	[ -z "$sw_bad" ] || sw_soft_fail "rules without host facts ($sw_report): $sw_bad"
	return 0
}

# The owner check of section 3: "root" needs uid and gid 0; "socket" also
# allows the gid of the group named $SW_SOCKET_GROUP (default docker).
sw_owner_ok() {
	sw_kind=$1 sw_uid=$2 sw_gid=$3
	[ "$sw_uid" = 0 ] || return 1
	[ "$sw_gid" = 0 ] && return 0
	[ "$sw_kind" = socket ] || return 1
	[ "$sw_gid" = "$(getent group "${SW_SOCKET_GROUP:-docker}" | cut -d: -f3)" ]
}

# Checks a section 3 rule against the file itself: sw_expect_file REPORT
# RULE PATH KIND MASK, where KIND is "mode" (no bit outside the octal MASK),
# "root" or "socket" (see sw_owner_ok). The file is examined through
# symlinks, as the rule examines it; a missing file is not_applicable.
sw_expect_file() {
	sw_report=$1 sw_rule=$2 sw_path=$3 sw_kind=$4 sw_mask=${5:-0}
	if [ ! -e "$sw_path" ]; then
		sw_expect "$sw_report" "$sw_rule" not_applicable "$sw_path"
		return 0
	fi
	sw_mode=$(stat -L -c %a "$sw_path")
	sw_uid=$(stat -L -c %u "$sw_path")
	sw_gid=$(stat -L -c %g "$sw_path")
	sw_want=fail
	case $sw_kind in
	mode) [ $((0$sw_mode & ~0$sw_mask & 07777)) = 0 ] && sw_want=pass ;;
	*) sw_owner_ok "$sw_kind" "$sw_uid" "$sw_gid" && sw_want=pass ;;
	esac
	sw_expect "$sw_report" "$sw_rule" "$sw_want" "$sw_path is $(printf '%04d' "$sw_mode") "
}

# Prints the path of the first systemd unit file named $1, as systemd
# looks for it, or nothing.
sw_unit_path() {
	for sw_dir in /etc/systemd/system /run/systemd/system \
		/usr/local/lib/systemd/system /lib/systemd/system \
		/usr/lib/systemd/system; do
		if [ -f "$sw_dir/$1" ] && [ ! -L "$sw_dir/$1" ]; then
			echo "$sw_dir/$1"
			return 0
		fi
	done
}

# Prints every section 1 to 3 result and every container result of a
# report as "rule object status" lines, sorted, for comparing two scans.
sw_statuses() {
	jq -r '.hosts[0].results[]
		| select((.rule | test("^[123]\\.")) or .object.kind == "container")
		| "\(.rule) \(.object.kind) \(.object.name) \(.status)"' "$1" |
		sort
}

# Prints the results array of a report sorted by rule and object, for
# comparing two reports of the same host. The report's time stamp
# (generated_at) lies outside the results.
sw_results() {
	jq -S '.hosts[0].results | sort_by(.rule, .object.kind, .object.id)' "$1"
}
