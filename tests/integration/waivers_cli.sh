#!/bin/sh
# Waivers through the binary: scan of the captured small.json snapshot and
# lint of a compose file with --waivers, the JSON contract of waived
# results and compliance scores, expiry against today's date, unused
# waivers, STRIDEWATCH_WAIVERS, and invalid files. Needs no engine.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
SNAPSHOT="$(dirname "$0")/../fixtures/snapshots/small.json"
sw_make_dir

today=$(date -u +%Y-%m-%d)
yesterday=$(date -u -d yesterday +%Y-%m-%d)
waivers="$SW_DIR/waivers.yaml"
cat >"$waivers" <<EOF
waivers:
  - rule: "5.5"
    object: p1
    kind: accepted
    owner: platform-team
    reason: the legacy agent in p1 needs raw device access
    expires: $today
  - rule: "2.2"
    kind: mitigated
    owner: net-team
    reason: containers never share the default bridge
    evidence: firewall rule FW-114 drops traffic between bridge ports
    expires: $today
  - rule: "5.16"
    object: t2
    kind: accepted
    owner: ops
    reason: expired yesterday
    expires: $yesterday
  - rule: "5.31"
    object: "*"
    kind: accepted
    owner: carol
    reason: nothing fails 5.31
    expires: $today
EOF

plain="$SW_DIR/plain.json"
out="$SW_DIR/waived.json"
"$BIN" scan --snapshot "$SNAPSHOT" --format json >"$plain" ||
	sw_fail "scan without waivers exited with $?"
"$BIN" scan --snapshot "$SNAPSHOT" --waivers "$waivers" --format json \
	>"$out" || sw_fail "scan --waivers exited with $?"

# A waiver expiring today still applies; the result keeps its waiver.
sw_check "$out" '.hosts[0].results[] | select(.rule == "5.5" and .object.name == "p1") | .status == "waived"'
sw_check "$out" '.hosts[0].results[] | select(.rule == "5.5" and .object.name == "p1") | .waiver | keys == ["evidence", "expires", "kind", "original_status", "owner", "reason"]'
sw_check "$out" ".hosts[0].results[] | select(.rule == \"5.5\" and .object.name == \"p1\") | .waiver == {\"kind\": \"accepted\", \"owner\": \"platform-team\", \"reason\": \"the legacy agent in p1 needs raw device access\", \"expires\": \"$today\", \"evidence\": null, \"original_status\": \"fail\"}"
sw_check "$out" '.hosts[0].results[] | select(.rule == "2.2") | .status == "waived" and .waiver.kind == "mitigated" and .waiver.evidence == "firewall rule FW-114 drops traffic between bridge ports" and .cost == 0'
# The accepted risk still costs its points; the mitigated one passes.
sw_check "$out" '.hosts[0].results[] | select(.rule == "5.5" and .object.name == "p1") | .cost > 0'
sw_check "$out" "(.hosts[0].score.passed_weight) == ($(jq '.hosts[0].score.passed_weight' "$plain") + 2)"
sw_check "$out" "(.hosts[0].score.counted_weight) == $(jq '.hosts[0].score.counted_weight' "$plain")"
sw_check "$out" '([.hosts[0].results[].cost] | add) as $sum | (100 - 100 * .hosts[0].score.passed_weight / .hosts[0].score.counted_weight) as $lost | ($sum - $lost) | fabs < 0.006'

# A waiver that expired yesterday no longer applies and leaves a note.
sw_check "$out" ".hosts[0].results[] | select(.rule == \"5.16\" and .object.name == \"t2\") | .status == \"fail\" and .note == \"waiver expired on $yesterday (ops)\""
sw_check "$out" '.hosts[0].notes | any(test("rule 5.31 on .\\*. .*applied to no failed result"))'
sw_check "$out" '.hosts[0].notes | any(test("rule 5.16 on .t2. .*expired on"))'
sw_check "$out" '.waivers | length == 4'
sw_check "$out" '.waivers[0] | .rule == "5.5" and .in_force == true and .applied == 1 and .location.line == 2'
sw_check "$out" '.waivers[2] | .in_force == false and .applied == 0 and .matched_after_expiry == 1'

# Every score object gains "compliance" and keeps its own keys.
sw_check "$out" '.hosts[0].score.compliance | has("value") and has("grade") and has("stride")'
sw_check "$out" '.fleet.score.compliance.value >= .fleet.score.value'
sw_check "$out" '[.hosts[0].containers[].score | has("compliance")] | all'
sw_check "$out" ".hosts[0].score | del(.compliance) | keys == $(jq -c '.hosts[0].score | del(.compliance) | keys' "$plain")"
sw_check "$out" ".hosts[0].results[0] | del(.waiver, .note) | keys == $(jq -c '.hosts[0].results[0] | keys' "$plain")"
sw_check "$out" '.hosts[0].containers[] | select(.name == "p1") | .score.compliance.counted_weight == .score.counted_weight - 8'

# Text and CSV show the waivers.
"$BIN" scan --snapshot "$SNAPSHOT" --waivers "$waivers" --no-color \
	>"$SW_DIR/waived.txt" || sw_fail "text scan exited with $?"
grep -q 'Compliance [0-9.]* (' "$SW_DIR/waived.txt" ||
	sw_fail "the score line shows no compliance score"
grep -q '^  Waived (2 findings' "$SW_DIR/waived.txt" ||
	sw_fail "the text report has no waived section"
grep -q "accepted  5.5    container p1, owner platform-team, expires $today" \
	"$SW_DIR/waived.txt" || sw_fail "the waived 5.5 line lacks owner or expiry"
"$BIN" scan --snapshot "$SNAPSHOT" --no-color >"$SW_DIR/plain.txt"
if grep -q 'Compliance' "$SW_DIR/plain.txt"; then
	sw_fail "compliance is shown although no waiver applies"
fi
"$BIN" scan --snapshot "$SNAPSHOT" --waivers "$waivers" --format csv \
	>"$SW_DIR/waived.csv" || sw_fail "csv scan exited with $?"
head -1 "$SW_DIR/waived.csv" | grep -q ',waiver_kind,waiver_owner,waiver_reason,waiver_expires,waiver_evidence,original_status,note$' ||
	sw_fail "the CSV header lacks the waiver columns"
grep -q '^"fixture-host","5.5",.*,"waived",.*"accepted","platform-team"' \
	"$SW_DIR/waived.csv" || sw_fail "the CSV row of 5.5 lacks its waiver"

# The environment variable is the default for --waivers.
STRIDEWATCH_WAIVERS="$waivers" "$BIN" scan --snapshot "$SNAPSHOT" \
	--format json >"$SW_DIR/env.json" || sw_fail "env scan exited with $?"
sw_check "$SW_DIR/env.json" '[.hosts[0].results[] | select(.status == "waived")] | length == 2'

# lint takes --waivers too, matched on the compose service name.
mkdir "$SW_DIR/app"
cat >"$SW_DIR/app/compose.yaml" <<'EOF'
services:
  web:
    image: nginx:1.25
    privileged: true
EOF
cat >"$SW_DIR/lint-waivers.yaml" <<EOF
waivers:
  - rule: "5.5"
    object: web
    kind: mitigated
    owner: app-team
    reason: the image is rebuilt without the need next sprint
    evidence: seccomp and AppArmor profiles confine the service
    expires: $today
EOF
"$BIN" lint --waivers "$SW_DIR/lint-waivers.yaml" --format json \
	"$SW_DIR/app" >"$SW_DIR/lint.json" || sw_fail "lint --waivers exited with $?"
sw_check "$SW_DIR/lint.json" '.hosts[0].results[] | select(.rule == "5.5" and .object.name == "web") | .status == "waived" and .waiver.kind == "mitigated"'

# Invalid files exit 2 with the file, line, column, key and fix.
cat >"$SW_DIR/bad.yaml" <<'EOF'
waivers:
  - rule: "5.5"
    object: p1
    kind: accepted
    owner: o
    reason: r
    expiry: 2030-01-01
EOF
rc=0
"$BIN" scan --snapshot "$SNAPSHOT" --waivers "$SW_DIR/bad.yaml" \
	>/dev/null 2>"$SW_DIR/err.txt" || rc=$?
[ "$rc" -eq 2 ] || sw_fail "an invalid waivers file exited with $rc, expected 2"
grep -q "bad.yaml:7:5: waiver 1: unknown key 'expiry'; did you mean 'expires'?" \
	"$SW_DIR/err.txt" || sw_fail "the message lacks position or suggestion: $(cat "$SW_DIR/err.txt")"
rc=0
"$BIN" lint --waivers "$SW_DIR/bad.yaml" "$SW_DIR/app" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || sw_fail "lint with an invalid waivers file exited with $rc"
rc=0
"$BIN" scan --snapshot "$SNAPSHOT" --waivers "$SW_DIR/missing.yaml" \
	>/dev/null 2>"$SW_DIR/err.txt" || rc=$?
[ "$rc" -eq 2 ] || sw_fail "a missing waivers file exited with $rc, expected 2"
grep -q "missing.yaml: cannot open the waivers file" "$SW_DIR/err.txt" ||
	sw_fail "the message does not name the missing file"
echo "PASS: waivers"
