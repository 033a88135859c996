#!/bin/sh
# Host facts of a private engine started with a known daemon.json and
# known flags. Checks the status and evidence of every section 1 to 3 rule
# that the host's files decide, and the daemon.json traps: a misspelled
# key, a key given both as a flag and in the file, a duplicate key, an odd
# layout. Compares scan with collect + scan --snapshot, and runs
# --host-root over a host root that the test builds with the modes,
# owners, symlinks, units, audit rules and mount tables to check.
#
# usage: host_engine.sh STRIDEWATCH
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"
sw_require_engine
for tool in iptables openssl timeout getent stat unshare setpriv; do
	command -v "$tool" >/dev/null 2>&1 || sw_skip "$tool is not installed"
done
bin=$1

# The host's own firewall rules, to show that the engine's iptables rules
# stay in its network namespace.
host_firewall() {
	for table in filter nat mangle raw; do
		iptables -t "$table" -S 2>&1 || true
		if command -v iptables-legacy >/dev/null 2>&1; then
			iptables-legacy -t "$table" -S 2>&1 || true
		fi
	done
}

# Checks that a throwaway dockerd with daemon.json $1 and the flags after
# $2 exits with message $2 instead of starting, as the notes predict.
dockerd_rejects() {
	config=$1 message=$2
	shift 2
	rc=0
	timeout -k 5 60 nsenter --net="/run/netns/$SW_NETNS" dockerd \
		--config-file "$config" --host "unix://$SW_DIR/reject.sock" \
		--data-root "$SW_DIR/reject-data" --exec-root "$SW_DIR/reject-exec" \
		--pidfile "$SW_DIR/reject.pid" "$@" >"$SW_DIR/reject.log" 2>&1 ||
		rc=$?
	if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
		sw_soft_fail "dockerd started with $config (exit $rc)"
	fi
	grep -qF -- "$message" "$SW_DIR/reject.log" ||
		sw_soft_fail "dockerd's log lacks '$message': $(tail -n 2 "$SW_DIR/reject.log")"
}

# Checks the section 1 and 3 results that follow from this host's own
# files for the private engine (runs 1 and 2).
expect_local_host() {
	report=$1
	sw_expect_host_decided "$report"

	# 1.1.2: the host's docker group and the users whose primary group
	# it is.
	group=$(getent group docker || true)
	if [ -z "$group" ]; then
		sw_expect "$report" 1.1.2 pass "no group 'docker'"
	else
		gid=$(echo "$group" | cut -d: -f3)
		members=$(echo "$group" | cut -d: -f4)
		primary=$(awk -F: -v g="$gid" '$4 == g { print $1 }' /etc/passwd)
		if [ -z "$members$primary" ]; then
			sw_expect "$report" 1.1.2 pass "has no members"
		else
			sw_expect "$report" 1.1.2 manual "verify each is trusted"
		fi
	fi

	# 1.1.3 to 1.1.18 name the paths the engine uses; without audit rules
	# on this host each existing path fails.
	expect_audit "$report" 1.1.3 "$(readlink "/proc/$pid/exe")"
	expect_audit "$report" 1.1.4 /run/containerd
	expect_audit "$report" 1.1.5 "$SW_DIR/data"
	expect_audit "$report" 1.1.6 /etc/docker
	expect_audit "$report" 1.1.8 "$containerd_sock"
	expect_audit "$report" 1.1.10 /etc/default/docker
	expect_audit "$report" 1.1.11 "$SW_CONFIG"
	expect_audit "$report" 1.1.12 /etc/containerd/config.toml
	expect_audit "$report" 1.1.13 /etc/sysconfig/docker
	sw_expect "$report" 1.2.1 manual
	sw_expect "$report" 1.2.2 manual "engine version"

	service=$(sw_unit_path docker.service)
	socket=$(sw_unit_path docker.socket)
	if [ -n "$service" ]; then
		sw_expect_file "$report" 3.1 "$service" root
		sw_expect_file "$report" 3.2 "$service" mode 0644
	else
		sw_expect "$report" 3.1 not_applicable "no docker.service"
	fi
	if [ -n "$socket" ]; then
		sw_expect_file "$report" 3.3 "$socket" root
		sw_expect_file "$report" 3.4 "$socket" mode 0644
	fi
	sw_expect_file "$report" 3.5 /etc/docker root
	sw_expect_file "$report" 3.6 /etc/docker mode 0755
	if [ -z "$(find /etc/docker/certs.d -mindepth 2 -maxdepth 2 ! -type d \
		2>/dev/null | head -n 1)" ]; then
		sw_expect "$report" 3.7 not_applicable "no registry certificates"
		sw_expect "$report" 3.8 not_applicable "no registry certificates"
	fi
	sw_expect_file "$report" 3.15 "$SW_SOCK" socket
	sw_expect_file "$report" 3.16 "$SW_SOCK" mode 0660
	sw_expect_file "$report" 3.17 "$SW_CONFIG" root
	sw_expect_file "$report" 3.18 "$SW_CONFIG" mode 0644
	sw_expect_file "$report" 3.19 /etc/default/docker root
	sw_expect_file "$report" 3.20 /etc/default/docker mode 0644
	sw_expect_file "$report" 3.21 /etc/sysconfig/docker mode 0644
	sw_expect_file "$report" 3.22 /etc/sysconfig/docker root
	sw_expect_file "$report" 3.23 "$containerd_sock" root
	sw_expect_file "$report" 3.24 "$containerd_sock" mode 0660
}

# Checks audit rule $2 for path $3: not_applicable when the path does not
# exist, else fail when the kernel has no audit rules at all.
expect_audit() {
	audit_report=$1 audit_rule=$2 audit_path=$3
	if [ ! -e "$audit_path" ]; then
		sw_expect "$audit_report" "$audit_rule" not_applicable "$audit_path"
	elif [ "$audit_rules" = "No rules" ]; then
		sw_expect "$audit_report" "$audit_rule" fail \
			"no audit rule records writes to $audit_path"
	else
		audit_evidence=$(sw_result "$audit_report" "$audit_rule" evidence)
		case $audit_evidence in
		*"$audit_path"*) ;;
		*) sw_soft_fail "$audit_rule evidence does not name $audit_path: $audit_evidence" ;;
		esac
	fi
}

audit_rules=$(auditctl -l 2>/dev/null || true)

# ---- Run 1: daemon.json with CRLF line ends, tabs, a \u escape, a
# duplicate key and a flag name as a key, which dockerd accepts and
# ignores. dockerd manages iptables, and the data root is a file system of
# its own.
sw_make_dir
body='\t"icc"\t:\tfalse ,\r\n  "live-restore":true,"no-new-privileges" :\n true,\n\n "userland-proxy": false,\n "insecure-registry": ["10.9.0.0/16"],\n "log-level": "debug",\n "log-level": "\\u0069nfo"\n}\n'
printf "{\\r\\n$body" >"$SW_DIR/run1.json"
printf "{\\r\\n  \"default-ulimit\": {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 2048, \"Soft\": 1024}},\\r\\n$body" \
	>"$SW_DIR/run1-misspelled.json"
mkdir -p "$SW_DIR/data"
mount -t tmpfs -o size=512m swdata "$SW_DIR/data" ||
	sw_fail "cannot mount a tmpfs for the data root"
firewall_before=$(host_firewall)
sw_engine_start --bridge --iptables --config "$SW_DIR/run1.json"
pid=$(cat "$SW_DIR/docker.pid")
[ "$(host_firewall)" = "$firewall_before" ] ||
	sw_soft_fail "the engine changed the host's iptables rules"
ip netns exec "$SW_NETNS" iptables -S FORWARD | grep -q DOCKER ||
	sw_soft_fail "dockerd set up no iptables rules in its network namespace"
# dockerd took the last of the two log-level keys.
if grep -q 'level=debug' "$SW_DIR/dockerd.log"; then
	sw_soft_fail "dockerd logs at debug level: the duplicate key did not end as info"
fi
containerd_sock="$SW_DIR/exec/containerd/containerd.sock"
[ -S "$containerd_sock" ] || containerd_sock=/run/containerd/containerd.sock

# The running engine has the config it started with; the file now has a
# misspelled key that stops the next start.
cp "$SW_DIR/run1-misspelled.json" "$SW_CONFIG"
report="$SW_DIR/run1.report.json"
"$bin" scan --format json --output "$report" || [ $? -le 1 ] ||
	sw_fail "scan of run 1 failed"
dockerd_rejects "$SW_CONFIG" \
	"the following directives don't match any configuration option: nofile"

expect_local_host "$report"
sw_expect "$report" 1.1.1 pass "data root $SW_DIR/data is its own file system" \
	"swdata (tmpfs)"
sw_expect "$report" 2.1 manual "runs as root"
sw_expect "$report" 2.2 pass 'enable_icc "false"'
sw_expect "$report" 2.3 pass "log-level is info (from $SW_CONFIG)"
sw_expect "$report" 2.4 pass "iptables is not set, so dockerd's default true"
sw_expect "$report" 2.5 pass "no insecure registry"
sw_expect "$report" 2.7 not_applicable "unix://$SW_SOCK" \
	"dockerd flag --host, pid $pid" "listens on no TCP socket"
sw_expect "$report" 2.8 fail "default-ulimits is not set"
sw_expect "$report" 2.10 pass "cgroup-parent is not set"
sw_expect "$report" 2.14 pass "no-new-privileges is true (from $SW_CONFIG)"
sw_expect "$report" 2.15 pass "LiveRestoreEnabled is true"
sw_expect "$report" 2.16 pass "userland-proxy is false (from $SW_CONFIG)"
sw_expect "$report" 3.9 not_applicable "TLS is not configured"
sw_expect "$report" 3.14 not_applicable "TLS is not configured"
sw_expect_note "$report" \
	"unknown key \"default-ulimit\" in $SW_CONFIG (did you mean \"default-ulimits\"?); dockerd does not start with it and reports the unknown key \"nofile\" inside it" \
	"unknown key \"insecure-registry\" in $SW_CONFIG (did you mean \"insecure-registries\"?); dockerd accepts the flag name as a key but ignores its value" \
	"duplicate object key" "dockerd keeps the last value"

# collect + scan --snapshot gives the same results as the live scan.
"$bin" collect --output "$SW_DIR/run1.snapshot.json" ||
	sw_fail "collect of run 1 failed"
jq -e '.targets[0].host.status == "collected"' "$SW_DIR/run1.snapshot.json" \
	>/dev/null || sw_soft_fail "collect wrote no host facts"
"$bin" scan --snapshot "$SW_DIR/run1.snapshot.json" --format json \
	--output "$SW_DIR/run1.offline.json" || [ $? -le 1 ] ||
	sw_fail "scan --snapshot of run 1 failed"
sw_results "$report" >"$SW_DIR/live.results"
sw_results "$SW_DIR/run1.offline.json" >"$SW_DIR/offline.results"
diff "$SW_DIR/live.results" "$SW_DIR/offline.results" >&2 ||
	sw_soft_fail "scan and collect + scan --snapshot differ"

# A member of the docker group who is not root gets the same results but
# for the audit rules (auditctl -l needs root, the rule files are root's)
# and containerd's socket, whose directory only root may enter.
docker_gid=$(getent group docker | cut -d: -f3 || true)
if [ -n "$docker_gid" ] && [ "$(stat -c %g "$SW_SOCK")" = "$docker_gid" ]; then
	chmod 0755 "$SW_DIR"
	setpriv --reuid=65534 --regid=65534 --groups="$docker_gid" \
		"$bin" scan --format json >"$SW_DIR/nonroot.json" 2>"$SW_DIR/err" ||
		[ $? -le 1 ] || sw_fail "scan as nobody failed: $(cat "$SW_DIR/err")"
	chmod 0700 "$SW_DIR"
	sw_expect_host_decided "$SW_DIR/nonroot.json"
	differ=$(jq -rn --slurpfile a "$report" --slurpfile b "$SW_DIR/nonroot.json" '
		[$a[0].hosts[0].results[], $b[0].hosts[0].results[]]
		| map(select(.rule | test("^[123]\\.")))
		| group_by(.rule) | map(select(.[0].status != .[1].status))
		| map(.[1] | "\(.rule) \(.status): \(.evidence)") | .[]')
	echo "$differ" | grep -v '^$' | while read -r line; do
		case $line in
		1.1.[3-9]\ error:*"permission denied"* | \
			1.1.1[0-8]\ error:*"permission denied"* | \
			3.2[34]\ error:*"could not examine"*) ;;
		*) echo "$line" ;;
		esac
	done >"$SW_DIR/unexpected"
	[ ! -s "$SW_DIR/unexpected" ] ||
		sw_soft_fail "as nobody: $(cat "$SW_DIR/unexpected")"
fi

# --no-host-facts leaves sections 1 and 3 manual, live and offline.
"$bin" scan --no-host-facts --format json --output "$SW_DIR/nohost.json" ||
	[ $? -le 1 ] || sw_fail "scan --no-host-facts failed"
sw_expect "$SW_DIR/nohost.json" 3.18 manual "needs host access"
"$bin" scan --snapshot "$SW_DIR/run1.snapshot.json" --no-host-facts \
	--format json --output "$SW_DIR/nohost.json" || [ $? -le 1 ] ||
	sw_fail "scan --snapshot --no-host-facts failed"
sw_expect "$SW_DIR/nohost.json" 1.1.1 manual "needs host access"

# ---- Run 2: the data root on the host's file system, TLS on a TCP
# socket inside the namespace (sw_engine_start --tls), and a flag that
# daemon.json repeats after the start.
sw_engine_stop
sw_unmount_all
printf '{"no-new-privileges": false}\n' >"$SW_DIR/run2.json"
sw_engine_start --tls --config "$SW_DIR/run2.json" -- --log-level=warn \
	--default-ulimit nofile=1024:2048
# Modes and owners of the TLS files, set after dockerd has read them.
certs="$SW_DIR/tls"
chmod 0444 "$certs/ca.pem"
chmod 0644 "$certs/server-cert.pem"
chown 4242:4242 "$certs/server-cert.pem"
chmod 0400 "$certs/server-key.pem"
pid=$(cat "$SW_DIR/docker.pid")
printf '{"no-new-privileges": false, "log-level": "info"}\n' >"$SW_CONFIG"
chmod 0606 "$SW_CONFIG"
report="$SW_DIR/run2.report.json"
"$bin" scan --format json --output "$report" || [ $? -le 1 ] ||
	sw_fail "scan of run 2 failed"
dockerd_rejects "$SW_CONFIG" \
	"the following directives are specified both as a flag and in the configuration file: log-level" \
	--log-level=warn

expect_local_host "$report"
sw_expect "$report" 1.1.1 fail "data root $SW_DIR/data" \
	"which it shares with other data"
sw_expect "$report" 2.2 not_applicable "no default bridge network"
sw_expect "$report" 2.3 fail "log-level is warn (dockerd flag --log-level=warn, pid $pid)"
sw_expect "$report" 2.4 fail "iptables is false (dockerd flag --iptables=false, pid $pid)"
sw_expect "$report" 2.7 pass "tcp://127.0.0.1:2376" \
	"tlsverify is true (dockerd flag --tlsverify, pid $pid)"
sw_expect "$report" 2.8 pass "nofile" "dockerd flag --default-ulimit, pid $pid"
sw_expect "$report" 2.14 fail "no-new-privileges is false (from $SW_CONFIG)"
sw_expect "$report" 2.15 fail "LiveRestoreEnabled is false"
sw_expect "$report" 2.16 fail "userland-proxy is not set"
sw_expect "$report" 3.18 fail "$SW_CONFIG is 0606 root:root, with bits 0002 beyond 0644"
sw_expect_file "$report" 3.9 "$certs/ca.pem" root
sw_expect_file "$report" 3.10 "$certs/ca.pem" mode 0444
sw_expect "$report" 3.11 fail "$certs/server-cert.pem is 0644 4242:4242, not root:root"
sw_expect "$report" 3.12 fail "$certs/server-cert.pem is 0644" "bits 0200 beyond 0444"
sw_expect "$report" 3.13 pass "$certs/server-key.pem is 0400 root:root"
sw_expect "$report" 3.14 pass "$certs/server-key.pem is 0400 root:root"
sw_expect_note "$report" \
	"\"log-level\" is set both by dockerd flag --log-level=warn (pid $pid) and in $SW_CONFIG"
chmod 0644 "$SW_CONFIG"

# ---- A host root built here: what a container running stridewatch sees
# with the host's root mounted at --host-root.
root="$SW_DIR/root"
dpid=4242
cpid=4243
for dir in etc/docker/certs.d/registry.example:5000 etc/docker/tls \
	etc/systemd/system/docker.service.d lib/systemd/system usr/bin \
	run/containerd etc/audit/rules.d etc/default etc/ssl \
	"proc/$dpid" "proc/$cpid" "${SW_DIR#/}/data"; do
	mkdir -p "$root/$dir"
done
printf 'root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nbob:x:1001:1001::/home/bob:/bin/sh\ncarol:x:1002:998::/home/carol:/bin/sh\n' \
	>"$root/etc/passwd"
printf 'root:x:0:\nalice:x:1000:\nbob:x:1001:\ndocker:x:998:alice,bob\n' \
	>"$root/etc/group"

printf 'dockerd\n' >"$root/proc/$dpid/comm"
printf 'dockerd\000-H\000fd://\000--containerd=/run/containerd/containerd.sock\000' \
	>"$root/proc/$dpid/cmdline"
printf 'Name:\tdockerd\nUid:\t0\t0\t0\t0\n' >"$root/proc/$dpid/status"
printf 'HOME=/root\000PATH=/usr/bin\000' >"$root/proc/$dpid/environ"
ln -s /usr/bin/dockerd "$root/proc/$dpid/exe"
printf 'containerd\n' >"$root/proc/$cpid/comm"
printf 'containerd\000' >"$root/proc/$cpid/cmdline"
printf 'Name:\tcontainerd\nUid:\t0\t0\t0\t0\n' >"$root/proc/$cpid/status"
ln -s /usr/bin/containerd "$root/proc/$cpid/exe"
own_fs="22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
31 22 254:16 / $SW_DIR/data rw,relatime shared:2 - ext4 /dev/vdb rw"
shared_fs="22 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
31 22 254:1 ${SW_DIR}/data $SW_DIR/data rw,relatime shared:1 - ext4 /dev/vda1 rw"
echo "$own_fs" >"$root/proc/$dpid/mountinfo"

for name in dockerd containerd containerd-shim-runc-v2 runc; do
	printf '#!/bin/sh\n' >"$root/usr/bin/$name"
	chmod 0755 "$root/usr/bin/$name"
done
printf '[Service]\nExecStart=/usr/bin/dockerd -H fd://\nEnvironmentFile=-/etc/default/docker\n' \
	>"$root/lib/systemd/system/docker.service"
printf '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n' \
	>"$root/etc/systemd/system/docker.service.d/override.conf"
printf '[Socket]\nListenStream=/run/docker.sock\nListenStream=127.0.0.1:2376\nSocketMode=0660\nSocketGroup=docker\n' \
	>"$root/lib/systemd/system/docker.socket"
chmod 0644 "$root/lib/systemd/system/docker.service"
chown 1000:1000 "$root/lib/systemd/system/docker.service"
chmod 0664 "$root/lib/systemd/system/docker.socket"
: >"$root/run/docker.sock"
chown 0:998 "$root/run/docker.sock"
chmod 0660 "$root/run/docker.sock"
: >"$root/run/containerd/containerd.sock"
chmod 0660 "$root/run/containerd/containerd.sock"
printf '{\n  "data-root": "%s/data",\n  "icc": false,\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/tls/ca.pem",\n  "tlscert": "/etc/docker/tls/cert.pem",\n  "tlskey": "/etc/docker/tls/key.pem"\n}\n' \
	"$SW_DIR" >"$root/etc/docker/daemon.json"
chmod 0606 "$root/etc/docker/daemon.json"
for name in ca.pem cert.pem key.pem; do
	printf 'not a real certificate\n' >"$root/etc/docker/tls/$name"
done
chmod 0444 "$root/etc/docker/tls/ca.pem"
chmod 0444 "$root/etc/docker/tls/cert.pem"
chown 1000:1000 "$root/etc/docker/tls/cert.pem"
chmod 0600 "$root/etc/docker/tls/key.pem"
# A registry certificate through an absolute symlink inside the root, and
# a client certificate owned by alice.
printf 'ca\n' >"$root/etc/ssl/registry-ca.pem"
chmod 0444 "$root/etc/ssl/registry-ca.pem"
ln -s /etc/ssl/registry-ca.pem "$root/etc/docker/certs.d/registry.example:5000/ca.crt"
printf 'cert\n' >"$root/etc/docker/certs.d/registry.example:5000/client.cert"
chown 1000:1000 "$root/etc/docker/certs.d/registry.example:5000/client.cert"
chmod 0644 "$root/etc/docker/certs.d/registry.example:5000/client.cert"
# /etc/default/docker leads out of the root when followed on the host: the
# host file is 0666 and alice's, the one inside the root 0644 and root's.
ln -s ../../../outside.env "$root/etc/default/docker"
printf 'DOCKER_OPTS=\n' >"$SW_DIR/outside.env"
chmod 0666 "$SW_DIR/outside.env"
chown 1000:1000 "$SW_DIR/outside.env"
printf 'DOCKER_OPTS=\n' >"$root/outside.env"
chmod 0644 "$root/outside.env"
printf -- '-w /usr/bin/containerd-shim-runc-v2 -p wa -k docker\n' \
	>"$root/etc/audit/audit.rules"
cat >"$root/etc/audit/rules.d/docker.rules" <<EOF
# rules for the docker files
-w /usr/bin/dockerd -p wa -k docker
-w /run/containerd -p r -k docker
-w /run/containerd/containerd.sock -p rwxa -k docker
-a always,exit -F dir=/etc/docker -F perm=wa -k docker
-w $SW_DIR/data -k docker
-w /usr/bin/runc -p r -k docker
-a never,exit -F path=/usr/bin/containerd -F perm=wa
EOF

# Runs stridewatch where auditctl is missing, as in a container without
# it, so that the audit rules come from the root's rule files: a mount
# namespace of its own hides /usr/sbin/auditctl and /sbin/auditctl under
# /dev/null, which cannot be run.
without_auditctl() {
	unshare --mount sh -c '
		for path in /usr/sbin/auditctl /sbin/auditctl; do
			[ -e "$path" ] || continue
			mount --bind /dev/null "$path" || exit 125
		done
		exec "$@"' sh "$@"
}

scan_root() {
	without_auditctl "$bin" scan --host-root "$root" --format json "$@" ||
		[ $? -le 1 ] || sw_fail "scan --host-root $* failed"
}

report="$SW_DIR/root1.json"
scan_root --output "$report"
sw_expect_host_decided "$report"
rules=/etc/audit/rules.d/docker.rules
sw_expect "$report" 1.1.1 pass "data root $SW_DIR/data is its own file system" \
	"/dev/vdb (ext4)"
sw_expect "$report" 1.1.2 manual "group docker has 3 members: alice, bob, carol"
sw_expect "$report" 1.1.3 pass "'-w /usr/bin/dockerd -p wa -k docker' in $rules line 2"
sw_expect "$report" 1.1.4 fail "no audit rule records writes to /run/containerd (7 rules read from rule files)"
sw_expect "$report" 1.1.5 pass "-w $SW_DIR/data -k docker"
sw_expect "$report" 1.1.6 pass "-F dir=/etc/docker" "covers /etc/docker"
sw_expect "$report" 1.1.7 fail "/lib/systemd/system/docker.service"
sw_expect "$report" 1.1.8 pass "covers /run/containerd/containerd.sock"
sw_expect "$report" 1.1.9 fail "/lib/systemd/system/docker.socket"
sw_expect "$report" 1.1.10 fail "/etc/default/docker"
sw_expect "$report" 1.1.11 pass "covers /etc/docker/daemon.json"
sw_expect "$report" 1.1.12 not_applicable "/etc/containerd/config.toml does not exist"
sw_expect "$report" 1.1.13 not_applicable "/etc/sysconfig/docker does not exist"
sw_expect "$report" 1.1.14 fail "/usr/bin/containerd"
sw_expect "$report" 1.1.15 not_applicable "containerd-shim binary was not found"
sw_expect "$report" 1.1.16 not_applicable "containerd-shim-runc-v1 binary was not found"
sw_expect "$report" 1.1.17 pass "in /etc/audit/audit.rules line 1"
sw_expect "$report" 1.1.18 fail "/usr/bin/runc"
sw_expect "$report" 2.7 pass "docker.socket ListenStream=127.0.0.1:2376" \
	"tlsverify is true (from /etc/docker/daemon.json)"
sw_expect "$report" 3.1 fail "/lib/systemd/system/docker.service is 0644 alice:alice, not root:root"
sw_expect "$report" 3.2 pass "/lib/systemd/system/docker.service is 0644"
sw_expect "$report" 3.3 pass "/lib/systemd/system/docker.socket is 0664 root:root"
sw_expect "$report" 3.4 fail "docker.socket is 0664 root:root, with bits 0020 beyond 0644"
sw_expect "$report" 3.5 pass "/etc/docker is 0755 root:root"
sw_expect "$report" 3.7 fail "client.cert is 0644 alice:alice, not root:root"
sw_expect "$report" 3.8 fail "client.cert is 0644 alice:alice, with bits 0200 beyond 0444"
sw_expect "$report" 3.9 pass "/etc/docker/tls/ca.pem is 0444 root:root"
sw_expect "$report" 3.11 fail "/etc/docker/tls/cert.pem is 0444 alice:alice, not root:root"
sw_expect "$report" 3.12 pass "/etc/docker/tls/cert.pem is 0444"
sw_expect "$report" 3.14 fail "/etc/docker/tls/key.pem is 0600 root:root, with bits 0200 beyond 0400"
sw_expect "$report" 3.15 pass "/run/docker.sock is 0660 root:docker"
sw_expect "$report" 3.17 pass "/etc/docker/daemon.json is 0606 root:root"
sw_expect "$report" 3.18 fail "/etc/docker/daemon.json is 0606 root:root, with bits 0002 beyond 0644"
sw_expect "$report" 3.19 pass "/etc/default/docker is 0644 root:root (through symlink to ../../../outside.env)"
sw_expect "$report" 3.20 pass "/etc/default/docker is 0644 root:root"
sw_expect "$report" 3.21 not_applicable "/etc/sysconfig/docker does not exist"
sw_expect "$report" 3.22 not_applicable "/etc/sysconfig/docker does not exist"
sw_expect "$report" 3.23 pass "/run/containerd/containerd.sock is 0660 root:root"
sw_expect "$report" 3.24 pass "/run/containerd/containerd.sock is 0660 root:root"
# The registry certificate behind the absolute symlink is the root's.
jq -e '.hosts[0].results[] | select(.rule == "3.8") | .evidence
	| contains("ca.crt") | not' "$report" >/dev/null ||
	sw_soft_fail "3.8 blames ca.crt, whose target inside the root is 0444"

# For a tcp:// engine, --host-root is another machine's root, so the audit
# rules come from its rule files even where auditctl runs.
report="$SW_DIR/root-tcp.json"
sw_in_netns "$bin" scan --host tcp://127.0.0.1:2376 --tlsverify \
	--tlscacert "$SW_DIR/client/ca.pem" --tlscert "$SW_DIR/client/cert.pem" \
	--tlskey "$SW_DIR/client/key.pem" --host-root "$root" --format json \
	--output "$report" || [ $? -le 1 ] || sw_fail "scan over TCP failed"
sw_expect "$report" 1.1.3 pass "in $rules line 2"
sw_expect "$report" 1.1.7 fail "(7 rules read from rule files)"

# Mode 0644 passes 3.18; --trusted-users decides 1.1.2.
chmod 0644 "$root/etc/docker/daemon.json"
report="$SW_DIR/root2.json"
scan_root --trusted-users alice,bob --output "$report"
sw_expect "$report" 3.18 pass "/etc/docker/daemon.json is 0644 root:root"
sw_expect "$report" 1.1.2 fail "group docker has members not in --trusted-users: carol"

# A bind mount of the root file system at the data root shares it.
echo "$shared_fs" >"$root/proc/$dpid/mountinfo"
report="$SW_DIR/root3.json"
scan_root --trusted-users 'alice, bob,carol' --output "$report"
sw_expect "$report" 1.1.2 pass "every member of group docker is trusted: alice, bob, carol"
sw_expect "$report" 1.1.1 fail "data root $SW_DIR/data is mounted at $SW_DIR/data from the file system mounted at /" \
	"/dev/vda1, device 254:1"

# A snapshot of the root, assessed later with --trusted-users, agrees with
# the live scan.
without_auditctl "$bin" collect --host-root "$root" \
	--output "$SW_DIR/root.snapshot.json" || sw_fail "collect --host-root failed"
jq -e '.targets[0].host.data.root == $root' --arg root "$root" \
	"$SW_DIR/root.snapshot.json" >/dev/null ||
	sw_soft_fail "the snapshot does not name the host root"
"$bin" scan --snapshot "$SW_DIR/root.snapshot.json" \
	--trusted-users 'alice, bob,carol' --format json \
	--output "$SW_DIR/root3.offline.json" || [ $? -le 1 ] ||
	sw_fail "scan --snapshot of the root failed"
sw_results "$report" >"$SW_DIR/live.results"
sw_results "$SW_DIR/root3.offline.json" >"$SW_DIR/offline.results"
diff "$SW_DIR/live.results" "$SW_DIR/offline.results" >&2 ||
	sw_soft_fail "scan --host-root and collect --host-root + scan --snapshot differ"

# Without a dockerd process, the flags come from the unit's ExecStart after
# its drop-ins, and so does the path of daemon.json.
mv "$root/proc/$dpid" "$SW_DIR/dockerd-proc"
printf '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --config-file /etc/docker/other.json --userland-proxy=false\n' \
	>"$root/etc/systemd/system/docker.service.d/override.conf"
printf '{"data-root": "%s/data", "log-level": "warn"}\n' "$SW_DIR" \
	>"$root/etc/docker/other.json"
chmod 0640 "$root/etc/docker/other.json"
report="$SW_DIR/root4.json"
scan_root --output "$report"
sw_expect "$report" 2.1 manual "runs as root"
sw_expect "$report" 2.3 fail "log-level is warn (from /etc/docker/other.json)"
sw_expect "$report" 2.7 fail "docker.socket ListenStream=127.0.0.1:2376" \
	"tlsverify is not set"
sw_expect "$report" 2.16 pass \
	"userland-proxy is false (dockerd flag --userland-proxy=false, ExecStart of /lib/systemd/system/docker.service)"
sw_expect "$report" 3.17 pass "/etc/docker/other.json is 0640 root:root"
sw_expect "$report" 3.18 pass "/etc/docker/other.json is 0640 root:root"
sw_expect "$report" 1.1.11 pass "covers /etc/docker/other.json"
sw_expect "$report" 1.1.1 error "the mount table could not be found"

# A directory that is not the engine's host (the engine's data root is
# missing there) gives no host facts, and a note explains why.
mkdir "$SW_DIR/other-root"
report="$SW_DIR/other-root.json"
"$bin" scan --host-root "$SW_DIR/other-root" --format json \
	--output "$report" || [ $? -le 1 ] || sw_fail "scan of another root failed"
sw_expect "$report" 3.18 manual "needs host access"
sw_expect "$report" 1.1.1 manual "needs host access"
sw_expect_note "$report" \
	"host facts were not read: the engine's data root $SW_DIR/data (DockerRootDir in /info) does not exist on $SW_DIR/other-root"

# Invalid host roots are usage errors.
rc=0
"$bin" scan --host-root "$SW_DIR/missing" >/dev/null 2>"$SW_DIR/err" || rc=$?
[ "$rc" = 2 ] || sw_soft_fail "a missing --host-root exited $rc, expected 2"
grep -q "$SW_DIR/missing" "$SW_DIR/err" ||
	sw_soft_fail "the --host-root error does not name the directory"
rc=0
"$bin" collect --host-root "$SW_CONFIG" >/dev/null 2>"$SW_DIR/err" || rc=$?
[ "$rc" = 2 ] || sw_soft_fail "a file as --host-root exited $rc, expected 2"

sw_host_done "host engine: all checks passed"
