#!/bin/sh
# collect over TCP with TLS, as the docker CLI reads DOCKER_TLS_VERIFY and
# DOCKER_CERT_PATH: verification on by default, off only when asked for
# with --tlsverify=false, and each failure explained.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_engine_start --tls
url=tcp://127.0.0.1:2376
certs="$SW_DIR/client"

run_collect() {
	set +e
	sw_in_netns "$BIN" collect "$@" >"$SW_DIR/out" 2>"$SW_DIR/err"
	rc=$?
	set -e
}

expect() {
	code=$1 text=$2
	[ "$rc" = "$code" ] || sw_fail "exit code $rc, expected $code: $(cat "$SW_DIR/err")"
	grep -qF -- "$text" "$SW_DIR/err" || sw_fail "'$text' not in: $(cat "$SW_DIR/err")"
}

# The environment, as the docker CLI reads it.
DOCKER_HOST=$url DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$certs run_collect
[ "$rc" = 0 ] || sw_fail "collect over TLS exited with $rc: $(cat "$SW_DIR/err")"
sw_check "$SW_DIR/out" ".targets[0].endpoint == \"$url\""
sw_check "$SW_DIR/out" '.targets[0].transport == {"kind": "tcp", "tls": true, "tls_verify": true}'
sw_check "$SW_DIR/out" '.targets[0].containers.status == "collected"'

# The same with options, and the key's path (never its contents) named
# nowhere in the output.
run_collect --host $url --tlsverify --tlscacert "$certs/ca.pem" \
	--tlscert "$certs/cert.pem" --tlskey "$certs/key.pem"
[ "$rc" = 0 ] || sw_fail "collect with --tlsverify exited with $rc: $(cat "$SW_DIR/err")"
key_line=$(sed -n 2p "$certs/key.pem")
if grep -qF "$key_line" "$SW_DIR/out" "$SW_DIR/err"; then
	sw_fail "the client key appears in the output"
fi

# Plain HTTP to the TLS port.
run_collect --host $url
expect 3 "$url"
expect 3 "--tlsverify"

# A CA that did not sign the engine's certificate.
sw_make_cert "$SW_DIR/other" unused serverAuth
run_collect --host $url --tlsverify --tlscacert "$SW_DIR/other/ca.pem" \
	--tlscert "$certs/cert.pem" --tlskey "$certs/key.pem"
expect 3 "$SW_DIR/other/ca.pem"
expect 3 "not verified"

# The explicit opt-out accepts the unknown CA, and the snapshot says so.
run_collect --host $url --tlsverify=false --tlscacert "$SW_DIR/other/ca.pem" \
	--tlscert "$certs/cert.pem" --tlskey "$certs/key.pem"
[ "$rc" = 0 ] || sw_fail "collect with --tlsverify=false exited with $rc: $(cat "$SW_DIR/err")"
sw_check "$SW_DIR/out" '.targets[0].transport == {"kind": "tcp", "tls": true, "tls_verify": false}'

# No client certificate: the engine rejects the handshake.
mkdir -p "$SW_DIR/ca-only"
cp "$certs/ca.pem" "$SW_DIR/ca-only/"
DOCKER_CERT_PATH="$SW_DIR/ca-only" run_collect --host $url --tlsverify
expect 3 "TLS with the Docker engine at $url"
expect 3 "rejected the client certificate"
expect 3 "client certificate none"

# A certificate file that does not exist is a usage error.
run_collect --host $url --tlsverify --tlscacert "$SW_DIR/none.pem"
expect 2 "$SW_DIR/none.pem"
echo "PASS"
