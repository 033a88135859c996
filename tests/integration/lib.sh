# Shared shell functions for the integration tests (POSIX sh).
#
# Each test starts its own dockerd, never the system's engine:
#
#   . "$(dirname "$0")/lib.sh"
#   sw_require_engine            # skip (exit 77) without root or dockerd
#   sw_engine_start              # sets SW_DIR, SW_SOCK, DOCKER_HOST
#   sw_image_import swtest       # a busybox-static image named swtest
#   ...
#
# The engine runs in a network namespace of its own, so its bridge and
# published ports never meet another engine's on this machine, with its
# socket, data-root, exec-root, pidfile and configuration under a short
# mktemp directory. An EXIT trap stops it and removes everything, also when
# the test fails.

SW_SKIP=77
SW_DIR=""
SW_SOCK=""
SW_NETNS=""
SW_DOCKERD_PID=""
# Seconds to wait for the engine to answer /_ping.
SW_START_TIMEOUT=${SW_START_TIMEOUT:-60}

sw_log() {
	echo "$*" >&2
}

sw_fail() {
	sw_log "FAIL: $*"
	exit 1
}

sw_skip() {
	echo "SKIP: $*"
	exit "$SW_SKIP"
}

# Skips the test unless it runs as root with dockerd and its tools present.
sw_require_engine() {
	[ "$(id -u)" = 0 ] || sw_skip "the private dockerd needs root"
	for tool in dockerd containerd runc docker busybox ip nsenter curl jq; do
		command -v "$tool" >/dev/null 2>&1 ||
			sw_skip "$tool is not installed"
	done
}

# Removes the mounts dockerd may leave under $SW_DIR, deepest first.
sw_unmount_all() {
	awk -v d="$SW_DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts |
		sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null || true
	done
}

sw_engine_stop() {
	[ -n "$SW_DOCKERD_PID" ] || return 0
	kill "$SW_DOCKERD_PID" 2>/dev/null || true
	i=0
	while kill -0 "$SW_DOCKERD_PID" 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$SW_DOCKERD_PID" 2>/dev/null; then
		sw_log "dockerd $SW_DOCKERD_PID did not stop in 30 s; killing it"
		kill -9 "$SW_DOCKERD_PID" 2>/dev/null || true
	fi
	wait "$SW_DOCKERD_PID" 2>/dev/null || true
	SW_DOCKERD_PID=""
}

sw_cleanup() {
	sw_engine_stop
	if [ -n "$SW_DIR" ] && [ -d "$SW_DIR" ]; then
		sw_unmount_all
		rm -rf "$SW_DIR"
	fi
	if [ -n "$SW_NETNS" ]; then
		ip netns del "$SW_NETNS" 2>/dev/null || true
	fi
}

trap 'sw_cleanup' EXIT
trap 'exit 130' INT TERM

# Makes the private directory (short: a unix socket path holds 107 bytes).
sw_make_dir() {
	[ -n "$SW_DIR" ] && return 0
	SW_DIR=$(mktemp -d /tmp/swXXXXXX) || sw_fail "mktemp failed"
	export SW_DIR
}

# Prints the last lines of the engine's log, for a failure report.
sw_engine_log() {
	[ -f "$SW_DIR/dockerd.log" ] && tail -n "${1:-30}" "$SW_DIR/dockerd.log" >&2
}

# Makes a CA and, signed by it, a certificate for 127.0.0.1 and localhost.
# sw_make_cert DIR NAME USAGE: DIR/NAME-cert.pem and DIR/NAME-key.pem with
# extendedKeyUsage USAGE (serverAuth or clientAuth); the CA is DIR/ca.pem.
sw_make_cert() {
	dir=$1 name=$2 usage=$3
	mkdir -p "$dir"
	if [ ! -f "$dir/ca.pem" ]; then
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
			-nodes -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" -days 2 \
			-subj "/CN=stridewatch test CA" 2>/dev/null ||
			sw_fail "openssl could not make a CA in $dir"
	fi
	printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=%s\n' \
		"$usage" >"$dir/$name.ext"
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$dir/$name-key.pem" -out "$dir/$name.csr" \
		-subj "/CN=$name" 2>/dev/null &&
		openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" \
			-CAkey "$dir/ca-key.pem" -CAcreateserial -days 2 \
			-extfile "$dir/$name.ext" -out "$dir/$name-cert.pem" 2>/dev/null ||
		sw_fail "openssl could not make the $name certificate"
}

# Runs a command in the private engine's network namespace, where its TCP
# listener (sw_engine_start --tls) is.
sw_in_netns() {
	nsenter --net="/run/netns/$SW_NETNS" "$@"
}

# Whether the daemon.json at $1 sets any of the keys $2 ... (jq is needed).
sw_config_has() {
	file=$1
	shift
	for key in "$@"; do
		jq -e --arg k "$key" 'has($k)' "$file" >/dev/null 2>&1 && return 0
	done
	return 1
}

# Whether one of the dockerd flags after the first argument sets flag $1
# (given as --name or -x), with or without "=value".
sw_flags_set() {
	flag=$1
	shift
	for arg in "$@"; do
		case $arg in
		"$flag" | "$flag"=*) return 0 ;;
		esac
	done
	return 1
}

# Starts a private dockerd and waits until it responds to /_ping:
#
#   sw_engine_start [--bridge] [--iptables] [--tls] [--config FILE]
#                   [-- FLAG ...]
#
# --bridge gives it the default bridge (inside its own network namespace)
# so that containers can publish ports; without it the engine runs with
# --bridge=none. --tls adds a TCP listener on 127.0.0.1:2376 in that
# namespace that requires TLS client certificates: the CA and server
# certificate are in $SW_DIR/tls, and a client's ca.pem, cert.pem and
# key.pem, laid out as DOCKER_CERT_PATH expects them, in $SW_DIR/client.
# --iptables lets dockerd manage iptables with its default
# (--iptables=true): the rules go into the engine's network namespace and
# never touch the host's. Without it the engine runs with --iptables=false.
# --config FILE copies FILE byte for byte to $SW_CONFIG
# ($SW_DIR/daemon.json, mode 0644), which dockerd reads with
# --config-file; without it $SW_CONFIG holds {}. The FLAGs after "--" go to
# dockerd after the ones above. A flag or key that sets the bridge or
# iptables replaces the default, because dockerd rejects a setting given
# both as a flag and in the file. A swarm (docker swarm init) works either
# way. After sw_engine_stop, the engine can be started again with other
# options; it keeps its data root and network namespace.
sw_engine_start() {
	bridge=none iptables=false config="" tls=""
	while [ $# -gt 0 ]; do
		case $1 in
		--bridge) bridge=default ;;
		--iptables) iptables=default ;;
		--tls) tls=yes ;;
		--config)
			[ $# -ge 2 ] || sw_fail "sw_engine_start: --config needs a file"
			config=$2
			shift
			;;
		--)
			shift
			break
			;;
		*) sw_fail "sw_engine_start: unknown option $1" ;;
		esac
		shift
	done
	sw_make_dir
	SW_SOCK="$SW_DIR/docker.sock"
	SW_CONFIG="$SW_DIR/daemon.json"
	export SW_SOCK SW_CONFIG
	if [ -z "$SW_NETNS" ]; then
		SW_NETNS="sw$(basename "$SW_DIR" | cut -c3-)"
		ip netns add "$SW_NETNS" ||
			sw_fail "cannot create network namespace $SW_NETNS"
		ip -n "$SW_NETNS" link set lo up
	fi
	if [ -n "$config" ] && [ "$config" != "$SW_CONFIG" ]; then
		cp "$config" "$SW_CONFIG" || sw_fail "cannot copy $config"
	elif [ -z "$config" ]; then
		echo '{}' >"$SW_CONFIG"
	fi
	chmod 0644 "$SW_CONFIG"
	if sw_config_has "$SW_CONFIG" bridge bip ||
		sw_flags_set --bridge "$@" || sw_flags_set -b "$@" ||
		sw_flags_set --bip "$@"; then
		bridge=given
	fi
	if sw_config_has "$SW_CONFIG" iptables || sw_flags_set --iptables "$@"; then
		iptables=given
	fi

	# The flags the caller gave follow the fixed ones.
	set -- --host "unix://$SW_SOCK" --data-root "$SW_DIR/data" \
		--exec-root "$SW_DIR/exec" --pidfile "$SW_DIR/docker.pid" \
		--config-file "$SW_CONFIG" --shutdown-timeout 2 "$@"
	[ "$iptables" = false ] && set -- "$@" --iptables=false
	[ "$bridge" = none ] && set -- "$@" --bridge=none
	if [ -n "$tls" ]; then
		command -v openssl >/dev/null 2>&1 || sw_skip "openssl is not installed"
		sw_make_cert "$SW_DIR/tls" server serverAuth
		sw_make_cert "$SW_DIR/tls" client clientAuth
		mkdir -p "$SW_DIR/client"
		cp "$SW_DIR/tls/ca.pem" "$SW_DIR/client/ca.pem"
		cp "$SW_DIR/tls/client-cert.pem" "$SW_DIR/client/cert.pem"
		cp "$SW_DIR/tls/client-key.pem" "$SW_DIR/client/key.pem"
		set -- "$@" --host tcp://127.0.0.1:2376 --tlsverify \
			--tlscacert "$SW_DIR/tls/ca.pem" \
			--tlscert "$SW_DIR/tls/server-cert.pem" \
			--tlskey "$SW_DIR/tls/server-key.pem"
	fi
	nsenter --net="/run/netns/$SW_NETNS" dockerd "$@" \
		>"$SW_DIR/dockerd.log" 2>&1 &
	SW_DOCKERD_PID=$!

	# The docker CLI talks to this engine only, with a private config.
	DOCKER_HOST="unix://$SW_SOCK"
	DOCKER_CONFIG="$SW_DIR/cli"
	export DOCKER_HOST DOCKER_CONFIG
	unset DOCKER_TLS_VERIFY DOCKER_CERT_PATH DOCKER_CONTEXT

	i=0
	while [ $i -lt $((SW_START_TIMEOUT * 10)) ]; do
		if ! kill -0 "$SW_DOCKERD_PID" 2>/dev/null; then
			sw_engine_log
			SW_DOCKERD_PID=""
			sw_fail "dockerd exited while starting"
		fi
		if [ "$(curl -s --max-time 2 --unix-socket "$SW_SOCK" http://localhost/_ping)" = OK ]; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	sw_engine_log
	sw_fail "dockerd did not answer /_ping within $SW_START_TIMEOUT s"
}

# GETs an Engine API path from the private engine ("/containers/json").
sw_api_get() {
	curl -sf --unix-socket "$SW_SOCK" "http://localhost/v1.41$1"
}

# Imports a busybox-static root file system as image NAME, with every
# busybox applet, root and nobody users, and sh as the command.
sw_image_import() {
	name=$1
	root="$SW_DIR/rootfs"
	mkdir -p "$root/bin" "$root/etc" "$root/tmp"
	cp "$(command -v busybox)" "$root/bin/busybox"
	for applet in $("$root/bin/busybox" --list); do
		[ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
	done
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' \
		>"$root/etc/passwd"
	printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
	tar -C "$root" -c . | docker import --change 'CMD ["sh"]' - "$name" >/dev/null ||
		sw_fail "docker import of $name failed"
	rm -rf "$root"
}

# Creates COUNT containers (not started) from IMAGE through the API, eight
# at a time, named PREFIX-1 ... PREFIX-COUNT.
sw_create_many() {
	count=$1 image=$2 prefix=$3
	body="{\"Image\":\"$image\",\"Cmd\":[\"sleep\",\"3600\"]}"
	seq 1 "$count" | xargs -P 8 -I{} curl -sf -o /dev/null \
		--unix-socket "$SW_SOCK" -H 'Content-Type: application/json' \
		-d "$body" "http://localhost/v1.41/containers/create?name=$prefix-{}" ||
		sw_fail "creating $count containers failed"
}

# Checks a jq expression against a JSON file; fails with the expression.
sw_check() {
	file=$1 expr=$2
	jq -e "$expr" "$file" >/dev/null || sw_fail "expected $expr in $file"
}
