#!/bin/sh
# Host facts over SSH: Debian's sshd, started here on 127.0.0.1 and a free
# port with its own host key and a client key made here, serves root. A
# scan of the private engine through ssh://root@127.0.0.1:PORT must give
# the same results as the local scan of that engine, for sections 1 to 3
# and every container rule. collect over SSH + scan --snapshot must give
# them too. A remote PATH without docker, and a host key that does not
# match known_hosts, end the scan with a message and exit 3.
#
# usage: host_ssh.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"
sw_require_engine
[ -x /usr/sbin/sshd ] || sw_skip "sshd is not installed (openssh-server)"
for tool in ssh ssh-keygen ss od; do
	command -v "$tool" >/dev/null 2>&1 || sw_skip "$tool is not installed"
done
bin=$1

SSHD_PIDS=""

# Stops the sshd servers and the sessions they forked.
ssh_cleanup() {
	for pid in $SSHD_PIDS; do
		for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do
			kill "$child" 2>/dev/null || true
		done
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	SSHD_PIDS=""
}
trap 'ssh_cleanup; sw_cleanup' EXIT

sw_engine_start --bridge
sw_image_import swtest
docker run -d --name web --read-only --memory 64m swtest sleep 3600 >/dev/null
docker run -d --name host-pid --pid host swtest sleep 3600 >/dev/null
docker run -d --name socket -v "$SW_SOCK:/var/run/docker.sock" swtest \
	sleep 3600 >/dev/null
docker create --name privileged --privileged swtest sleep 60 >/dev/null
# More containers than sshd's 10 sessions per connection, so inspections
# run on more engine connections than a connection could carry.
sw_create_many 40 swtest idle

keys="$SW_DIR/ssh"
mkdir -m 0700 "$keys"
ssh-keygen -q -t ed25519 -N '' -C stridewatch-test-host -f "$keys/host_key"
ssh-keygen -q -t ed25519 -N '' -C stridewatch-test-client -f "$keys/client_key"
cp "$keys/client_key.pub" "$keys/authorized_keys"
# sshd needs its privilege separation directory, which Debian's service
# creates at boot.
[ -d /run/sshd ] || mkdir -p -m 0755 /run/sshd

# Starts sshd on a free port of 127.0.0.1 with the environment $1 for
# sessions (SetEnv) and sets $port. StrictModes is off because the keys
# lie below /tmp, which is world-writable.
sshd_start() {
	env_line=$1
	for attempt in 1 2 3 4 5; do
		port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		[ -z "$(ss -Hltn "sport = :$port")" ] || continue
		config="$keys/sshd-$port.conf"
		cat >"$config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $keys/host_key
PidFile $keys/sshd-$port.pid
AuthorizedKeysFile $keys/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers root
SetEnv $env_line
EOF
		/usr/sbin/sshd -D -f "$config" -E "$keys/sshd-$port.log" &
		pid=$!
		SSHD_PIDS="$SSHD_PIDS $pid"
		i=0
		while [ $i -lt 50 ] && kill -0 "$pid" 2>/dev/null; do
			[ -n "$(ss -Hltn "sport = :$port")" ] && return 0
			sleep 0.1
			i=$((i + 1))
		done
		sw_log "sshd on port $port did not start (attempt $attempt):"
		tail -n 3 "$keys/sshd-$port.log" >&2 || true
	done
	sw_fail "no sshd could be started on 127.0.0.1"
}

# Writes the client's ssh configuration for the server on $port, with the
# host key checked against known_hosts file $1.
client_config() {
	cat >"$keys/ssh-$port.conf" <<EOF
Host 127.0.0.1
	IdentityFile $keys/client_key
	IdentitiesOnly yes
	UserKnownHostsFile $1
	GlobalKnownHostsFile /dev/null
	StrictHostKeyChecking yes
	PasswordAuthentication no
EOF
	STRIDEWATCH_SSH_CONFIG="$keys/ssh-$port.conf"
	export STRIDEWATCH_SSH_CONFIG
}

engine_env="DOCKER_HOST=unix://$SW_SOCK DOCKER_CONFIG=$SW_DIR/cli"
sshd_start "$engine_env"
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$keys/host_key.pub")" \
	>"$keys/known_hosts"
client_config "$keys/known_hosts"
ssh -F "$STRIDEWATCH_SSH_CONFIG" -o BatchMode=yes -p "$port" root@127.0.0.1 \
	docker version --format '{{.Server.Version}}' >/dev/null ||
	sw_fail "ssh to the test sshd failed: $(tail -n 3 "$keys/sshd-$port.log")"

local_report="$SW_DIR/local.json"
remote_report="$SW_DIR/remote.json"
url="ssh://root@127.0.0.1:$port"
"$bin" scan --all --format json --output "$local_report" || [ $? -le 1 ] ||
	sw_fail "the local scan failed"
"$bin" scan --all --host "$url" --format json --output "$remote_report" ||
	[ $? -le 1 ] || sw_fail "the scan over SSH failed"

sw_check "$remote_report" ".hosts[0].endpoint == \"$url\""
sw_check "$remote_report" '.hosts[0].containers | length == 44'
sw_check "$remote_report" '.hosts[0].notes | map(select(contains("could not be inspected"))) | length == 0'
sw_expect_host_decided "$remote_report"
sw_statuses "$local_report" >"$SW_DIR/local.statuses"
sw_statuses "$remote_report" >"$SW_DIR/remote.statuses"
grep -q '^5\.5 container privileged fail$' "$SW_DIR/remote.statuses" ||
	sw_soft_fail "5.5 does not fail for the privileged container over SSH"
grep -q '^5\.16 container host-pid fail$' "$SW_DIR/remote.statuses" ||
	sw_soft_fail "5.16 does not fail for host-pid over SSH"
diff "$SW_DIR/local.statuses" "$SW_DIR/remote.statuses" >&2 ||
	sw_soft_fail "the scan over SSH and the local scan differ"
# The evidence is the same too: both read the same files.
sw_results "$local_report" >"$SW_DIR/local.results"
sw_results "$remote_report" >"$SW_DIR/remote.results"
diff "$SW_DIR/local.results" "$SW_DIR/remote.results" >&2 ||
	sw_soft_fail "the evidence over SSH and the local evidence differ"

# collect over SSH, then scan --snapshot, gives the same results.
"$bin" collect --all --host "$url" --output "$SW_DIR/remote.snapshot.json" ||
	sw_fail "collect over SSH failed"
sw_check "$SW_DIR/remote.snapshot.json" '.targets[0].host.data.via == "ssh"'
"$bin" scan --snapshot "$SW_DIR/remote.snapshot.json" --format json \
	--output "$SW_DIR/offline.json" || [ $? -le 1 ] ||
	sw_fail "scan --snapshot of the SSH snapshot failed"
sw_results "$SW_DIR/offline.json" >"$SW_DIR/offline.results"
diff "$SW_DIR/remote.results" "$SW_DIR/offline.results" >&2 ||
	sw_soft_fail "collect over SSH + scan --snapshot differs from the scan"

# A remote PATH without od: stridewatch cannot use one shell for all its
# commands there and runs each in a session of its own, with the same
# results.
slow="$SW_DIR/slowpath"
mkdir -p "$slow"
for tool in env sh cat stat readlink realpath find grep docker auditctl; do
	path=$(PATH="$PATH:/usr/sbin:/sbin" command -v "$tool") ||
		sw_skip "$tool is not installed"
	ln -s "$path" "$slow/$tool"
done
sshd_start "PATH=$slow $engine_env"
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$keys/host_key.pub")" \
	>"$keys/known_hosts.$port"
client_config "$keys/known_hosts.$port"
"$bin" scan --all --host "ssh://root@127.0.0.1:$port" --format json \
	--output "$SW_DIR/slow.json" || [ $? -le 1 ] ||
	sw_fail "the scan over SSH without od failed"
sw_results "$SW_DIR/slow.json" >"$SW_DIR/slow.results"
diff "$SW_DIR/remote.results" "$SW_DIR/slow.results" >&2 ||
	sw_soft_fail "the scan over SSH without od differs"

# A remote PATH without docker: the remote commands stridewatch runs are
# there, docker is not.
nodocker="$SW_DIR/nodocker"
mkdir -p "$nodocker"
for tool in env sh cat stat readlink find grep; do
	ln -s "$(command -v "$tool")" "$nodocker/$tool"
done
sshd_start "PATH=$nodocker $engine_env"
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$keys/host_key.pub")" \
	>"$keys/known_hosts.$port"
client_config "$keys/known_hosts.$port"
rc=0
"$bin" scan --host "ssh://root@127.0.0.1:$port" --format json \
	>/dev/null 2>"$SW_DIR/err" || rc=$?
[ "$rc" = 3 ] || sw_soft_fail "a remote host without docker exited $rc, expected 3"
grep -qF "ssh://root@127.0.0.1:$port has no docker command in the PATH of root" \
	"$SW_DIR/err" ||
	sw_soft_fail "the error does not say that docker is missing: $(cat "$SW_DIR/err")"

# A host key that known_hosts does not list is not accepted.
ssh-keygen -q -t ed25519 -N '' -f "$keys/other_key"
echo "[127.0.0.1]:$port $(cut -d' ' -f1-2 "$keys/other_key.pub")" \
	>"$keys/known_hosts.$port"
rc=0
"$bin" scan --host "ssh://root@127.0.0.1:$port" --format json \
	>/dev/null 2>"$SW_DIR/err" || rc=$?
[ "$rc" = 3 ] || sw_soft_fail "a changed host key exited $rc, expected 3"
grep -qi "host key" "$SW_DIR/err" ||
	sw_soft_fail "the error does not name the host key: $(cat "$SW_DIR/err")"

sw_host_done "host over SSH: all checks passed"
