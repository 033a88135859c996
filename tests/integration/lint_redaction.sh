#!/bin/sh
# Checks that no report format shows a credential written into a
# Dockerfile or a compose file: URL passwords and query strings of ADD and
# RUN, health-check commands and environment values. Each format must
# still report the findings, with the URLs redacted. Needs no engine.
#
# usage: lint_redaction.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
bin=$1
fixtures="$(cd "$(dirname "$0")/../fixtures/redaction" && pwd)"
secrets="ghp_SecretTok3n SigSecret9 X-Amz-Signature RunTokenS3cret
HealthPassw0rd ComposeHealthPw ComposeDbPw1 ComposeUrlPw deploy:"

sw_make_dir
for format in json text csv html sarif junit; do
	out="$SW_DIR/report.$format"
	rc=0
	# --verbose makes the text report show passed rules too.
	"$bin" lint "$fixtures" --format "$format" --no-color --verbose \
		>"$out" 2>"$SW_DIR/err" || rc=$?
	[ "$rc" -le 1 ] ||
		sw_fail "lint --format $format exited $rc: $(cat "$SW_DIR/err")"
	for secret in $secrets; do
		if grep -qF "$secret" "$out" "$SW_DIR/err"; then
			sw_fail "lint --format $format shows '$secret'"
		fi
	done
	# The findings are there, with the URL's credentials replaced.
	grep -qF '***@example.com/app.tar.gz' "$out" ||
		sw_fail "lint --format $format lost the redacted ADD source"
	# HTML, SARIF and JUnit show failed rules only; 4.6 passes.
	case $format in
	json | text | csv)
		grep -qF 'HEALTHCHECK CMD-SHELL, line 6' "$out" ||
			sw_fail "lint --format $format does not name the" \
				"health check"
		;;
	esac
done
echo "lint redaction: no format shows a credential"
