#!/bin/sh
# The rules subcommand: the table, the JSON catalog contract, the STRIDE
# distribution, one rule explained, and an unknown ID. Needs no engine.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_make_dir

"$BIN" rules >"$SW_DIR/table.txt" || sw_fail "rules exited with $?"
grep -q '^5\.5  *E  *critical  *1  *A  *No privileged containers$' \
	"$SW_DIR/table.txt" || sw_fail "the table has no row for 5.5"
[ "$(grep -c '^[1-7]\.' "$SW_DIR/table.txt")" -eq 117 ] ||
	sw_fail "the table does not list 117 rules"

out="$SW_DIR/rules.json"
"$BIN" rules --format json >"$out" || sw_fail "rules --format json failed"
sw_check "$out" '.schema == "stridewatch.rules/1"'
sw_check "$out" '.benchmark == {"name": "CIS Docker Benchmark", "version": "1.6.0"}'
sw_check "$out" '.scoring_model == 1'
sw_check "$out" '.rules | length == 117'
sw_check "$out" '[.rules[] | keys] | unique == [["applies_to", "automated", "checks", "id", "level", "rationale", "remediation", "severity", "stride", "title", "weight"]]'
sw_check "$out" '.rules[] | select(.id == "5.5") | .stride == ["E"] and .severity == "critical" and .weight == 8 and .applies_to == "container"'
sw_check "$out" '.rules[] | select(.id == "2.7") | .stride == ["S", "E"]'
sw_check "$out" '[.rules[].weight] | add == 247'

"$BIN" rules --format json --checks 2,5.5 >"$out" || sw_fail "--checks failed"
sw_check "$out" '[.rules[].id] == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "2.13", "2.14", "2.15", "2.16", "2.17", "2.18", "5.5"]'

"$BIN" rules --stats >"$SW_DIR/stats.txt" || sw_fail "rules --stats failed"
grep -q '73 of 117 rules (62.4 %), 165 of 247 weight (66.8 %)' \
	"$SW_DIR/stats.txt" || sw_fail "--stats lacks the T, D and E share"
"$BIN" rules --stats --format json >"$out" || sw_fail "--stats json failed"
sw_check "$out" '.stats.tde == {"rules": 73, "weight": 165}'
sw_check "$out" '[.stats.by_primary[].rules] | add == 117'

"$BIN" rules 5.5 >"$SW_DIR/explain.txt" || sw_fail "rules 5.5 failed"
grep -q 'weight 8' "$SW_DIR/explain.txt" || sw_fail "5.5 shows no weight"
grep -q '= 3.24 points' "$SW_DIR/explain.txt" ||
	sw_fail "5.5 shows no cost per failure"
grep -q -- '--privileged' "$SW_DIR/explain.txt" ||
	sw_fail "5.5 shows no remediation"

rc=0
"$BIN" rules 9.9 >/dev/null 2>"$SW_DIR/err.txt" || rc=$?
[ "$rc" -eq 2 ] || sw_fail "rules 9.9 exited with $rc, expected 2"
grep -q "unknown rule '9.9'" "$SW_DIR/err.txt" ||
	sw_fail "the message does not name the unknown ID"
grep -q "stridewatch rules" "$SW_DIR/err.txt" ||
	sw_fail "the message does not point at stridewatch rules"

rc=0
"$BIN" rules --checks 51 >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || sw_fail "--checks 51 exited with $rc, expected 2"
