#include "rules/rule.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "util/strutil.h"

/*
 * Metadata of every CIS Docker Benchmark v1.6.0 recommendation, in benchmark
 * order. Categories and severities follow the project's STRIDE catalog;
 * severity follows impact against what an attacker must already hold.
 */
static struct rule catalog[] = {
	{
		.id = "1.1.1",
		.title = "Docker data on its own partition",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A container filling /var/lib/docker cannot fill "
			     "the host's root file system",
		.checks = "Looks up the Docker data root (DockerRootDir in "
			  "/info) in the host's mount table: it passes when "
			  "the data root is a mount point of its own, not "
			  "part of / or /var.",
		.remediation = "Put the data root on its own partition or "
			       "logical volume: create one (for example with "
			       "lvcreate), mount it on /var/lib/docker (or "
			       "the data-root set in daemon.json) with an "
			       "entry in /etc/fstab, and restart the daemon.",
	},
	{
		.id = "1.1.2",
		.title = "Only trusted users control the daemon",
		.stride = STRIDE_E,
		.stride2 = STRIDE_T,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Membership of the docker group is "
			     "root-equivalent on the host",
		.checks = "Lists the members of the docker group (listed "
			  "members and users whose primary group it is) and "
			  "compares them with --trusted-users; without that "
			  "list a person must confirm each member.",
		.remediation = "Remove users who must not control the daemon "
			       "from the docker group with gpasswd -d USER "
			       "docker; give them sudo rules for specific "
			       "docker commands instead.",
	},
	{
		.id = "1.1.3",
		.title = "Audit the dockerd binary",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records daemon-level actions "
			     "cannot be attributed",
		.checks = "Looks for an audit rule that watches the dockerd "
			  "binary (for example /usr/bin/dockerd) in the "
			  "output of auditctl -l or the files under "
			  "/etc/audit/rules.d; not applicable when the path "
			  "does not exist on the host.",
		.remediation = "Add the rule -w /usr/bin/dockerd -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.4",
		.title = "Audit /run/containerd",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to containerd's "
			     "runtime state in /run/containerd cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches "
			  "/run/containerd in the output of auditctl -l or "
			  "the files under /etc/audit/rules.d; not applicable "
			  "when the path does not exist on the host.",
		.remediation = "Add the rule -a exit,always -F "
			       "path=/run/containerd -F perm=war -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.5",
		.title = "Audit /var/lib/docker",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to image and "
			     "container data cannot be attributed",
		.checks = "Looks for an audit rule that watches "
			  "/var/lib/docker (the data root in use) in the "
			  "output of auditctl -l or the files under "
			  "/etc/audit/rules.d; not applicable when the path "
			  "does not exist on the host.",
		.remediation = "Add the rule -a exit,always -F "
			       "path=/var/lib/docker -F perm=war -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.6",
		.title = "Audit /etc/docker",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to the daemon's "
			     "configuration, certificates and keys cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches /etc/docker "
			  "in the output of auditctl -l or the files under "
			  "/etc/audit/rules.d; not applicable when the path "
			  "does not exist on the host.",
		.remediation = "Add the rule -w /etc/docker -k docker to a "
			       "file in /etc/audit/rules.d/ (use the path in "
			       "use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.7",
		.title = "Audit docker.service",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to the daemon's "
			     "start flags in docker.service cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches the "
			  "docker.service unit file (the path systemctl show "
			  "-p FragmentPath docker.service prints) in the "
			  "output of auditctl -l or the files under "
			  "/etc/audit/rules.d; not applicable when the path "
			  "does not exist on the host.",
		.remediation = "Add the rule -w "
			       "/lib/systemd/system/docker.service -k docker "
			       "to a file in /etc/audit/rules.d/ (use the "
			       "path in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.8",
		.title = "Audit containerd.sock",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, use of the containerd "
			     "API socket cannot be attributed",
		.checks = "Looks for an audit rule that watches "
			  "containerd.sock (for example "
			  "/run/containerd/containerd.sock) in the output of "
			  "auditctl -l or the files under /etc/audit/rules.d; "
			  "not applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w "
			       "/run/containerd/containerd.sock -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.9",
		.title = "Audit docker.socket",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to socket "
			     "activation in docker.socket cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches the "
			  "docker.socket unit file (for example "
			  "/lib/systemd/system/docker.socket) in the output "
			  "of auditctl -l or the files under "
			  "/etc/audit/rules.d; not applicable when the path "
			  "does not exist on the host.",
		.remediation = "Add the rule -w "
			       "/lib/systemd/system/docker.socket -k docker "
			       "to a file in /etc/audit/rules.d/ (use the "
			       "path in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.10",
		.title = "Audit /etc/default/docker",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to the daemon "
			     "options in /etc/default/docker cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches "
			  "/etc/default/docker in the output of auditctl -l "
			  "or the files under /etc/audit/rules.d; not "
			  "applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w /etc/default/docker -k docker "
			       "to a file in /etc/audit/rules.d/ (use the "
			       "path in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.11",
		.title = "Audit daemon.json",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to daemon.json "
			     "cannot be attributed",
		.checks = "Looks for an audit rule that watches daemon.json "
			  "(/etc/docker/daemon.json or the --config-file in "
			  "use) in the output of auditctl -l or the files "
			  "under /etc/audit/rules.d; not applicable when the "
			  "path does not exist on the host.",
		.remediation = "Add the rule -w /etc/docker/daemon.json -k "
			       "docker to a file in /etc/audit/rules.d/ (use "
			       "the path in use on this host), then load it "
			       "with augenrules --load.",
	},
	{
		.id = "1.1.12",
		.title = "Audit containerd config.toml",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to containerd's "
			     "configuration cannot be attributed",
		.checks = "Looks for an audit rule that watches "
			  "/etc/containerd/config.toml in the output of "
			  "auditctl -l or the files under /etc/audit/rules.d; "
			  "not applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w /etc/containerd/config.toml "
			       "-k docker to a file in /etc/audit/rules.d/ "
			       "(use the path in use on this host), then load "
			       "it with augenrules --load.",
	},
	{
		.id = "1.1.13",
		.title = "Audit /etc/sysconfig/docker",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, changes to the daemon "
			     "options in /etc/sysconfig/docker cannot be "
			     "attributed",
		.checks = "Looks for an audit rule that watches "
			  "/etc/sysconfig/docker in the output of auditctl -l "
			  "or the files under /etc/audit/rules.d; not "
			  "applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w /etc/sysconfig/docker -k "
			       "docker to a file in /etc/audit/rules.d/ (use "
			       "the path in use on this host), then load it "
			       "with augenrules --load.",
	},
	{
		.id = "1.1.14",
		.title = "Audit the containerd binary",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, replacing or running the "
			     "containerd binary cannot be attributed",
		.checks = "Looks for an audit rule that watches the "
			  "containerd binary (for example "
			  "/usr/bin/containerd) in the output of auditctl -l "
			  "or the files under /etc/audit/rules.d; not "
			  "applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w /usr/bin/containerd -k docker "
			       "to a file in /etc/audit/rules.d/ (use the "
			       "path in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.15",
		.title = "Audit containerd-shim",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, replacing or running the "
			     "containerd shim cannot be attributed",
		.checks = "Looks for an audit rule that watches the "
			  "containerd-shim binary (for example "
			  "/usr/bin/containerd-shim) in the output of "
			  "auditctl -l or the files under /etc/audit/rules.d; "
			  "not applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w /usr/bin/containerd-shim -k "
			       "docker to a file in /etc/audit/rules.d/ (use "
			       "the path in use on this host), then load it "
			       "with augenrules --load.",
	},
	{
		.id = "1.1.16",
		.title = "Audit containerd-shim-runc-v1",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, replacing or running the "
			     "runc v1 shim cannot be attributed",
		.checks = "Looks for an audit rule that watches the "
			  "containerd-shim-runc-v1 binary (for example "
			  "/usr/bin/containerd-shim-runc-v1) in the output of "
			  "auditctl -l or the files under /etc/audit/rules.d; "
			  "not applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w "
			       "/usr/bin/containerd-shim-runc-v1 -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.17",
		.title = "Audit containerd-shim-runc-v2",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, replacing or running the "
			     "runc v2 shim cannot be attributed",
		.checks = "Looks for an audit rule that watches the "
			  "containerd-shim-runc-v2 binary (for example "
			  "/usr/bin/containerd-shim-runc-v2) in the output of "
			  "auditctl -l or the files under /etc/audit/rules.d; "
			  "not applicable when the path does not exist on the "
			  "host.",
		.remediation = "Add the rule -w "
			       "/usr/bin/containerd-shim-runc-v2 -k docker to "
			       "a file in /etc/audit/rules.d/ (use the path "
			       "in use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.1.18",
		.title = "Audit the runc binary",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Without audit records, replacing or running "
			     "runc cannot be attributed",
		.checks = "Looks for an audit rule that watches the runc "
			  "binary (for example /usr/bin/runc or "
			  "/usr/sbin/runc) in the output of auditctl -l or "
			  "the files under /etc/audit/rules.d; not applicable "
			  "when the path does not exist on the host.",
		.remediation = "Add the rule -w /usr/bin/runc -k docker to a "
			       "file in /etc/audit/rules.d/ (use the path in "
			       "use on this host), then load it with "
			       "augenrules --load.",
	},
	{
		.id = "1.2.1",
		.title = "Harden the container host",
		.stride = STRIDE_E,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_HOST,
		.rationale = "Shared kernel: a weak host turns any foothold "
			     "into host compromise",
		.checks = "A person must verify that the host follows a "
			  "hardening baseline for its operating system (for "
			  "example the CIS benchmark of the distribution): "
			  "few packages, a patched kernel and restricted "
			  "logins.",
		.remediation = "Harden the host against your distribution's "
			       "baseline (for example its CIS Benchmark) and "
			       "keep it dedicated to running containers.",
	},
	{
		.id = "1.2.2",
		.title = "Keep Docker up to date",
		.stride = STRIDE_E,
		.stride2 = STRIDE_T,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = false,
		/* The version comes from /version: no host access needed. */
		.applies_to = OBJ_DAEMON,
		.rationale = "Runtime CVEs (e.g. runc escapes) give "
			     "container-to-host escalation",
		.checks = "A person must compare the engine version from "
			  "/version with the current release of the engine "
			  "packages and their security fixes.",
		.remediation = "Upgrade the engine packages (docker-ce or "
			       "docker.io, containerd and runc) to the "
			       "current patched release, for example apt-get "
			       "install --only-upgrade docker.io containerd "
			       "runc, and restart the daemon.",
	},
	{
		.id = "2.1",
		.title = "Run the daemon rootless where possible",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_DAEMON,
		.rationale = "Limits what a compromised daemon can do on the "
			     "host",
		.checks = "Passes when /info lists name=rootless in "
			  "SecurityOptions or dockerd runs as a user other "
			  "than root; otherwise a person must decide whether "
			  "this daemon can run rootless.",
		.remediation = "Run the daemon in rootless mode: as the "
			       "unprivileged user, run "
			       "dockerd-rootless-setuptool.sh install (from "
			       "the rootless extras package) and point "
			       "clients at "
			       "unix://$XDG_RUNTIME_DIR/docker.sock.",
	},
	{
		.id = "2.2",
		.title = "Restrict traffic between containers on the default bridge",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "A compromised container cannot reach sibling "
			     "services and data",
		.checks = "Reads the com.docker.network.bridge.enable_icc "
			  "option of the default bridge network (named "
			  "bridge), which must be \"false\"; without a "
			  "network list the daemon.json key icc decides. Not "
			  "applicable when the daemon runs with "
			  "--bridge=none.",
		.remediation = "Set \"icc\": false in /etc/docker/daemon.json "
			       "(dockerd --icc=false) and restart the daemon; "
			       "put containers that must talk to each other "
			       "on a user-defined network.",
	},
	{
		.id = "2.3",
		.title = "Log level \"info\"",
		.stride = STRIDE_R,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Keeps enough daemon events to reconstruct "
			     "actions",
		.checks = "Fails when /info shows Debug true; otherwise reads "
			  "the daemon.json key log-level (dockerd "
			  "--log-level), which must be info or unset, since "
			  "dockerd's default is info.",
		.remediation = "Set \"log-level\": \"info\" in "
			       "/etc/docker/daemon.json, or remove the key "
			       "and the --log-level and --debug flags, then "
			       "restart the daemon.",
	},
	{
		.id = "2.4",
		.title = "Let Docker manage iptables",
		.stride = STRIDE_D,
		.stride2 = STRIDE_I,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Hand-kept rules tend to break connectivity or "
			     "expose ports",
		.checks = "Reads the daemon.json key iptables (dockerd "
			  "--iptables), which must be true or unset, since "
			  "dockerd's default is true.",
		.remediation = "Remove \"iptables\": false from "
			       "/etc/docker/daemon.json and the "
			       "--iptables=false flag, then restart the "
			       "daemon.",
	},
	{
		.id = "2.5",
		.title = "No insecure registries",
		.stride = STRIDE_S,
		.stride2 = STRIDE_T,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Without TLS verification a fake registry can "
			     "answer pulls",
		.checks = "Lists RegistryConfig.InsecureRegistryCIDRs and the "
			  "IndexConfigs entries with Secure false in /info, "
			  "leaving out the built-in 127.0.0.0/8; any entry "
			  "fails.",
		.remediation = "Remove the entries from "
			       "\"insecure-registries\" in "
			       "/etc/docker/daemon.json (dockerd "
			       "--insecure-registry), give those registries "
			       "TLS certificates (CA files under "
			       "/etc/docker/certs.d/HOST:PORT/), and restart "
			       "the daemon.",
	},
	{
		.id = "2.6",
		.title = "No aufs storage driver",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Deprecated driver with known kernel-stability "
			     "problems",
		.checks = "Reads the storage driver (Driver in /info); aufs "
			  "fails.",
		.remediation = "Set \"storage-driver\": \"overlay2\" in "
			       "/etc/docker/daemon.json (dockerd "
			       "--storage-driver overlay2) and restart the "
			       "daemon; images and containers kept under aufs "
			       "must be pulled or created again.",
	},
	{
		.id = "2.7",
		.title = "TLS client authentication on a TCP socket",
		.stride = STRIDE_S,
		.stride2 = STRIDE_E,
		.severity = SEV_CRITICAL,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Without client certificates anyone reaching the "
			     "port is an accepted (root-equivalent) client",
		.checks = "Fails when the engine answered over TCP without "
			  "TLS. Otherwise reads the daemon.json keys hosts "
			  "(dockerd -H) and tlsverify: a daemon that listens "
			  "on TCP must have tlsverify true; one that listens "
			  "on no TCP socket is not applicable.",
		.remediation = "Set \"tlsverify\": true with \"tlscacert\", "
			       "\"tlscert\" and \"tlskey\" in "
			       "/etc/docker/daemon.json (dockerd --tlsverify "
			       "--tlscacert ... --tlscert ... --tlskey ...) "
			       "and listen on port 2376, or remove the tcp:// "
			       "address from \"hosts\".",
	},
	{
		.id = "2.8",
		.title = "Sensible default ulimits",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_DAEMON,
		.rationale = "Caps file and process use per container",
		.checks = "Reads the daemon.json key default-ulimits (dockerd "
			  "--default-ulimit): set passes, unset fails; a "
			  "person should confirm that the limits suit the "
			  "workloads.",
		.remediation = "Set \"default-ulimits\" in "
			       "/etc/docker/daemon.json, for example "
			       "{\"nofile\": {\"Name\": \"nofile\", \"Soft\": "
			       "20000, \"Hard\": 40000}} (dockerd "
			       "--default-ulimit nofile=20000:40000), and "
			       "restart the daemon.",
	},
	{
		.id = "2.9",
		.title = "User-namespace remapping",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Container root is not host root after a breakout",
		.checks = "Passes when /info lists name=userns in "
			  "SecurityOptions, which the daemon reports while "
			  "user-namespace remapping is on.",
		.remediation = "Set \"userns-remap\": \"default\" in "
			       "/etc/docker/daemon.json (dockerd "
			       "--userns-remap=default), check that "
			       "/etc/subuid and /etc/subgid hold a range for "
			       "the remap user, and restart the daemon.",
	},
	{
		.id = "2.10",
		.title = "Default cgroup parent kept",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Keeps containers under the intended resource "
			     "controls",
		.checks = "Reads the daemon.json key cgroup-parent (dockerd "
			  "--cgroup-parent): unset passes; any other value "
			  "needs a person to confirm that the cgroup is the "
			  "intended one.",
		.remediation = "Remove \"cgroup-parent\" from "
			       "/etc/docker/daemon.json and --cgroup-parent "
			       "from the dockerd command line unless "
			       "containers must sit under a specific parent "
			       "cgroup, then restart the daemon.",
	},
	{
		.id = "2.11",
		.title = "Base device size left at default",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Over-large base devices can exhaust the storage "
			     "pool",
		.checks = "Not applicable unless the storage driver is "
			  "devicemapper; then the Base Device Size in /info's "
			  "DriverStatus must be the default 10.74GB.",
		.remediation = "Remove dm.basesize from \"storage-opts\" in "
			       "/etc/docker/daemon.json (dockerd "
			       "--storage-opt dm.basesize=...) unless "
			       "containers need larger root file systems, and "
			       "restart the daemon.",
	},
	{
		.id = "2.12",
		.title = "Authorization plugin for API requests",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Without it every API user has full root-level "
			     "power",
		.checks = "Passes when /info lists at least one plugin under "
			  "Plugins.Authorization.",
		.remediation = "Install an authorization plugin and set "
			       "\"authorization-plugins\": [\"NAME\"] in "
			       "/etc/docker/daemon.json (dockerd "
			       "--authorization-plugin=NAME), then restart "
			       "the daemon.",
	},
	{
		.id = "2.13",
		.title = "Central/remote logging",
		.stride = STRIDE_R,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Evidence survives, and cannot be wiped on, a "
			     "compromised host",
		.checks = "Reads LoggingDriver in /info: json-file and local "
			  "keep logs only on the host and none keeps none, so "
			  "they fail; drivers that hand logs to a logging "
			  "service (syslog, journald, fluentd, gelf, splunk, "
			  "awslogs, ...) pass.",
		.remediation = "Set \"log-driver\" (for example \"syslog\") "
			       "and its \"log-opts\" (for example "
			       "{\"syslog-address\": "
			       "\"tcp://logs.example.com:514\"}) in "
			       "/etc/docker/daemon.json (dockerd "
			       "--log-driver, --log-opt), and restart the "
			       "daemon.",
	},
	{
		.id = "2.14",
		.title = "no-new-privileges as daemon default",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Blocks setuid-based privilege gain inside "
			     "containers",
		.checks = "Reads the daemon.json key no-new-privileges "
			  "(dockerd --no-new-privileges), which must be true; "
			  "dockerd's default is false.",
		.remediation = "Set \"no-new-privileges\": true in "
			       "/etc/docker/daemon.json (dockerd "
			       "--no-new-privileges) and restart the daemon.",
	},
	{
		.id = "2.15",
		.title = "Live restore",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Containers keep running while the daemon "
			     "restarts or upgrades",
		.checks = "Reads LiveRestoreEnabled in /info, which must be "
			  "true. Not applicable while swarm mode is active, "
			  "since dockerd does not allow live restore with it.",
		.remediation = "Set \"live-restore\": true in "
			       "/etc/docker/daemon.json (dockerd "
			       "--live-restore), then reload the daemon with "
			       "systemctl reload docker.",
	},
	{
		.id = "2.16",
		.title = "Userland proxy disabled",
		.stride = STRIDE_E,
		.stride2 = STRIDE_D,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Removes a root helper process per published "
			     "port (attack surface)",
		.checks = "Reads the daemon.json key userland-proxy (dockerd "
			  "--userland-proxy), which must be false; dockerd's "
			  "default is true.",
		.remediation = "Set \"userland-proxy\": false in "
			       "/etc/docker/daemon.json (dockerd "
			       "--userland-proxy=false) and restart the "
			       "daemon; iptables rules then forward published "
			       "ports.",
	},
	{
		.id = "2.17",
		.title = "Daemon-wide custom seccomp profile if needed",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_DAEMON,
		.rationale = "Narrows syscalls reachable by kernel exploits",
		.checks = "Shows the seccomp profile the daemon applies "
			  "(SecurityOptions in /info); a person must verify "
			  "whether the default profile suits the workloads or "
			  "a stricter one is needed.",
		.remediation = "If the default profile allows more than your "
			       "workloads need, write a stricter profile and "
			       "set \"seccomp-profile\": "
			       "\"/etc/docker/seccomp.json\" in "
			       "/etc/docker/daemon.json (dockerd "
			       "--seccomp-profile), then restart the daemon.",
	},
	{
		.id = "2.18",
		.title = "No experimental features in production",
		.stride = STRIDE_D,
		.stride2 = STRIDE_E,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Unproven daemon code paths",
		.checks = "Reads Experimental in /version (or "
			  "ExperimentalBuild in /info); true fails.",
		.remediation = "Remove \"experimental\": true from "
			       "/etc/docker/daemon.json and the "
			       "--experimental flag, then restart the daemon.",
	},
	{
		.id = "3.1",
		.title = "docker.service owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Another owner could rewrite the daemon's start "
			     "flags",
		.checks = "Reads the owner and group of the docker.service "
			  "unit file that systemd loads with lstat; they must "
			  "be root:root. Not applicable when the file does "
			  "not exist.",
		.remediation = "Run chown root:root "
			       "/lib/systemd/system/docker.service (the path "
			       "systemctl show -p FragmentPath docker.service "
			       "prints).",
	},
	{
		.id = "3.2",
		.title = "docker.service mode 644 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group/world could rewrite the unit",
		.checks = "Reads the permission bits of the docker.service "
			  "unit file that systemd loads with lstat; they must "
			  "be 644 or stricter. Not applicable when the file "
			  "does not exist.",
		.remediation = "Run chmod 644 "
			       "/lib/systemd/system/docker.service (the path "
			       "systemctl show -p FragmentPath docker.service "
			       "prints).",
	},
	{
		.id = "3.3",
		.title = "docker.socket owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Another owner could rewrite the socket unit and "
			     "change who may reach the daemon",
		.checks = "Reads the owner and group of the docker.socket "
			  "unit file that systemd loads with lstat; they must "
			  "be root:root. Not applicable when the file does "
			  "not exist.",
		.remediation = "Run chown root:root "
			       "/lib/systemd/system/docker.socket (the path "
			       "systemctl show -p FragmentPath docker.socket "
			       "prints).",
	},
	{
		.id = "3.4",
		.title = "docker.socket unit 644 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or others could rewrite the socket unit",
		.checks = "Reads the permission bits of the docker.socket "
			  "unit file that systemd loads with lstat; they must "
			  "be 644 or stricter. Not applicable when the file "
			  "does not exist.",
		.remediation = "Run chmod 644 "
			       "/lib/systemd/system/docker.socket (the path "
			       "systemctl show -p FragmentPath docker.socket "
			       "prints).",
	},
	{
		.id = "3.5",
		.title = "/etc/docker owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Holds daemon config, certificates and keys",
		.checks = "Reads the owner and group of /etc/docker with "
			  "lstat; they must be root:root. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chown root:root /etc/docker.",
	},
	{
		.id = "3.6",
		.title = "/etc/docker 755 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or others could add or replace daemon "
			     "configuration, certificates and keys",
		.checks = "Reads the permission bits of /etc/docker with "
			  "lstat; they must be 755 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 755 /etc/docker.",
	},
	{
		.id = "3.7",
		.title = "Registry certificates owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A swapped CA lets a fake registry be trusted",
		.checks = "Reads the owner and group of /etc/docker/certs.d "
			  "and every registry certificate below it with "
			  "lstat; they must be root:root. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chown -R root:root /etc/docker/certs.d.",
	},
	{
		.id = "3.8",
		.title = "Registry certificates 444 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A writable registry certificate can be swapped "
			     "so a fake registry is trusted",
		.checks = "Reads the permission bits of every registry "
			  "certificate under /etc/docker/certs.d with lstat; "
			  "they must be 444 or stricter. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chmod 444 /etc/docker/certs.d/*/*.",
	},
	{
		.id = "3.9",
		.title = "TLS CA certificate owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A swapped CA lets an attacker mint accepted "
			     "client certificates",
		.checks = "Reads the owner and group of the TLS CA "
			  "certificate (the daemon.json key tlscacert) with "
			  "lstat; they must be root:root. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chown root:root on the file that "
			       "tlscacert names.",
	},
	{
		.id = "3.10",
		.title = "TLS CA certificate 444 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A writable CA certificate can be swapped so an "
			     "attacker's client certificates are accepted",
		.checks = "Reads the permission bits of the TLS CA "
			  "certificate (the daemon.json key tlscacert) with "
			  "lstat; they must be 444 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 444 on the file that tlscacert "
			       "names.",
	},
	{
		.id = "3.11",
		.title = "Server certificate owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Replaced server certificate misleads clients",
		.checks = "Reads the owner and group of the server "
			  "certificate (the daemon.json key tlscert) with "
			  "lstat; they must be root:root. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chown root:root on the file that tlscert "
			       "names.",
	},
	{
		.id = "3.12",
		.title = "Server certificate 444 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A writable server certificate can be replaced "
			     "to mislead clients",
		.checks = "Reads the permission bits of the server "
			  "certificate (the daemon.json key tlscert) with "
			  "lstat; they must be 444 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 444 on the file that tlscert names.",
	},
	{
		.id = "3.13",
		.title = "Server key owned by root",
		.stride = STRIDE_I,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Whoever can read the key can impersonate the "
			     "daemon",
		.checks = "Reads the owner and group of the server key (the "
			  "daemon.json key tlskey) with lstat; they must be "
			  "root:root. Not applicable when the file does not "
			  "exist.",
		.remediation = "Run chown root:root on the file that tlskey "
			       "names.",
	},
	{
		.id = "3.14",
		.title = "Server key mode 400",
		.stride = STRIDE_I,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "A key that others can read lets them "
			     "impersonate the daemon",
		.checks = "Reads the permission bits of the server key (the "
			  "daemon.json key tlskey) with lstat; they must be "
			  "400. Not applicable when the file does not exist.",
		.remediation = "Run chmod 400 on the file that tlskey names.",
	},
	{
		.id = "3.15",
		.title = "docker.sock owned root:docker",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Write access to the socket is full daemon "
			     "(root) control",
		.checks = "Reads the owner and group of the Docker socket "
			  "(for example /var/run/docker.sock) with lstat; "
			  "they must be root:docker. Not applicable when the "
			  "file does not exist.",
		.remediation = "Run chown root:docker /var/run/docker.sock, "
			       "and set SocketUser=root and "
			       "SocketGroup=docker in docker.socket so it "
			       "stays that way.",
	},
	{
		.id = "3.16",
		.title = "docker.sock 660 or tighter",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Write access to the socket is full daemon "
			     "(root) control, so only root and the docker "
			     "group may have it; a world-writable socket "
			     "would be critical",
		.checks = "Reads the permission bits of the Docker socket "
			  "(for example /var/run/docker.sock) with lstat; "
			  "they must be 660 or stricter. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chmod 660 /var/run/docker.sock, and set "
			       "SocketMode=0660 in docker.socket so it stays "
			       "that way.",
	},
	{
		.id = "3.17",
		.title = "daemon.json owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Another owner could change daemon settings",
		.checks = "Reads the owner and group of daemon.json "
			  "(/etc/docker/daemon.json or the --config-file in "
			  "use) with lstat; they must be root:root. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chown root:root /etc/docker/daemon.json.",
	},
	{
		.id = "3.18",
		.title = "daemon.json 644 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or others could change daemon settings",
		.checks = "Reads the permission bits of daemon.json "
			  "(/etc/docker/daemon.json or the --config-file in "
			  "use) with lstat; they must be 644 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 644 /etc/docker/daemon.json.",
	},
	{
		.id = "3.19",
		.title = "/etc/default/docker owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Another owner could change the daemon's "
			     "environment and start options",
		.checks = "Reads the owner and group of /etc/default/docker "
			  "with lstat; they must be root:root. Not applicable "
			  "when the file does not exist.",
		.remediation = "Run chown root:root /etc/default/docker.",
	},
	{
		.id = "3.20",
		.title = "/etc/default/docker 644 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or others could change the daemon's "
			     "environment and start options",
		.checks = "Reads the permission bits of /etc/default/docker "
			  "with lstat; they must be 644 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 644 /etc/default/docker.",
	},
	{
		.id = "3.21",
		.title = "/etc/sysconfig/docker 644 or tighter",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or others could change the daemon's "
			     "environment and start options",
		.checks = "Reads the permission bits of /etc/sysconfig/docker "
			  "with lstat; they must be 644 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 644 /etc/sysconfig/docker.",
	},
	{
		.id = "3.22",
		.title = "/etc/sysconfig/docker owned by root",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Another owner could change the daemon's "
			     "environment and start options",
		.checks = "Reads the owner and group of /etc/sysconfig/docker "
			  "with lstat; they must be root:root. Not applicable "
			  "when the file does not exist.",
		.remediation = "Run chown root:root /etc/sysconfig/docker.",
	},
	{
		.id = "3.23",
		.title = "containerd.sock owned by root",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "containerd API access is root-equivalent",
		.checks = "Reads the owner and group of the containerd socket "
			  "(for example /run/containerd/containerd.sock) with "
			  "lstat; they must be root:root. Not applicable when "
			  "the file does not exist.",
		.remediation = "Run chown root:root "
			       "/run/containerd/containerd.sock.",
	},
	{
		.id = "3.24",
		.title = "containerd.sock 660 or tighter",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Group or world access to the containerd socket "
			     "is root-equivalent",
		.checks = "Reads the permission bits of the containerd socket "
			  "(for example /run/containerd/containerd.sock) with "
			  "lstat; they must be 660 or stricter. Not "
			  "applicable when the file does not exist.",
		.remediation = "Run chmod 660 "
			       "/run/containerd/containerd.sock.",
	},
	{
		.id = "4.1",
		.title = "Image defines a non-root user",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_IMAGE,
		.rationale = "Root in the container makes every escape path "
			     "worse",
		.checks = "Reads the image's Config.User (for a Dockerfile, "
			  "its last USER instruction): empty, root or UID 0 "
			  "(root, 0, 0:0, root:root, ...) fails, and so does "
			  "an assessed container of the image whose "
			  "Config.User overrides it to root (docker run -u "
			  "0).",
		.remediation = "Create a user in the Dockerfile (RUN useradd "
			       "-r -u 10001 app) and add USER 10001 before "
			       "CMD, or run the container with --user "
			       "10001:10001 (compose: user: \"10001:10001\").",
	},
	{
		.id = "4.2",
		.title = "Only trusted base images",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Trojaned or malicious base layers",
		.checks = "A person must verify that the image and its base "
			  "image (the FROM line) come from a registry and "
			  "publisher you trust, pinned by tag or digest.",
		.remediation = "Build FROM official or internally vetted "
			       "images, pin them by digest (FROM "
			       "IMAGE@sha256:...), and pull only from "
			       "registries you control or trust.",
	},
	{
		.id = "4.3",
		.title = "No unnecessary packages",
		.stride = STRIDE_E,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Fewer tools and binaries for an attacker to use",
		.checks = "A person must verify that the image contains only "
			  "the packages the application needs, with no "
			  "shells, compilers or debugging tools it does not "
			  "use.",
		.remediation = "Remove packages the application does not use, "
			       "install with apt-get install "
			       "--no-install-recommends (or apk add "
			       "--no-cache), and build a minimal image in a "
			       "multi-stage build.",
	},
	{
		.id = "4.4",
		.title = "Scan and rebuild for security patches",
		.stride = STRIDE_E,
		.stride2 = STRIDE_T,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Known CVEs give code execution and escalation",
		.checks = "A person must verify that the image is scanned for "
			  "known vulnerabilities and rebuilt when its base "
			  "image or packages get security fixes.",
		.remediation = "Scan images in CI with a vulnerability "
			       "scanner (for example trivy image IMAGE), "
			       "rebuild with docker build --pull --no-cache "
			       "when fixes appear, and re-create the "
			       "containers.",
	},
	{
		.id = "4.5",
		.title = "Content trust enabled",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_HOST,
		.rationale = "Signature check refuses tampered tags",
		.checks = "Content trust is a setting of each docker client "
			  "(DOCKER_CONTENT_TRUST=1) that the engine API does "
			  "not show, so a person must check the environment "
			  "of the shells, services and CI jobs that pull "
			  "images on the host.",
		.remediation = "Export DOCKER_CONTENT_TRUST=1 in the "
			       "environment of every docker client (for "
			       "example in /etc/environment and in CI jobs), "
			       "and sign the images you publish with docker "
			       "trust sign.",
	},
	{
		.id = "4.6",
		.title = "HEALTHCHECK in the image",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_IMAGE,
		.rationale = "Lets the platform detect and replace hung "
			     "containers",
		.checks = "Reads the image's health check "
			  "(Config.Healthcheck, or the Dockerfile's "
			  "HEALTHCHECK): missing or NONE fails.",
		.remediation = "Add a HEALTHCHECK instruction to the "
			       "Dockerfile, for example HEALTHCHECK "
			       "--interval=30s CMD wget -qO- "
			       "http://localhost:8080/health || exit 1.",
	},
	{
		.id = "4.7",
		.title = "No update instruction on its own line",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "A cached stale index yields unpatched packages",
		.checks = "Scans each RUN step of the history or Dockerfile "
			  "for a package-index update (apt-get update, apk "
			  "update, yum makecache, zypper refresh, pacman -Sy) "
			  "with no install in the same step.",
		.remediation = "Update and install in one RUN instruction, "
			       "for example RUN apt-get update && apt-get "
			       "install -y --no-install-recommends "
			       "PACKAGE=VERSION && rm -rf "
			       "/var/lib/apt/lists/*.",
	},
	{
		.id = "4.8",
		.title = "setuid/setgid bits removed",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "setuid binaries are classic escalation paths",
		.checks = "A person must verify that the image holds no "
			  "setuid or setgid files the application does not "
			  "need, for example with docker run --rm "
			  "--entrypoint find IMAGE / -xdev -perm /6000 -type "
			  "f.",
		.remediation = "Remove the bits in the Dockerfile with RUN "
			       "find / -xdev -perm /6000 -type f -exec chmod "
			       "a-s {} +, and run containers with "
			       "--security-opt no-new-privileges.",
	},
	{
		.id = "4.9",
		.title = "COPY rather than ADD",
		.stride = STRIDE_T,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "ADD fetches URLs and unpacks archives: unvetted "
			     "content",
		.checks = "Reads each ADD in the history or Dockerfile: a URL "
			  "source, or a local file or directory that is not a "
			  "tar archive, fails; an unpacked local archive, "
			  "such as a base layer's ADD file:<hash> in /, "
			  "passes. When the history cannot tell an archive "
			  "from a file, a person must check the Dockerfile.",
		.remediation = "Use COPY for local files and directories; "
			       "download remote files in a RUN step (curl "
			       "-fsSLO URL) and check their checksum; keep "
			       "ADD only for local tar archives that must be "
			       "unpacked.",
	},
	{
		.id = "4.10",
		.title = "No secrets in Dockerfiles",
		.stride = STRIDE_I,
		.stride2 = STRIDE_S,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Anyone who can pull the image or its history "
			     "reads them",
		.checks = "Looks for variables whose names mark a credential "
			  "(PASSWORD, SECRET, TOKEN, API_KEY, PRIVATE_KEY, "
			  "...) and that have a literal value, in Config.Env, "
			  "Dockerfile ENV and ARG, and the history's ENV, ARG "
			  "and RUN build-argument lines. Values are never "
			  "shown; names that only point to a credential "
			  "(..._FILE, ..._PATH, ..._VERSION) and empty values "
			  "pass.",
		.remediation = "Remove credentials from ENV, ARG and "
			       "--build-arg; pass them to the build with RUN "
			       "--mount=type=secret (docker build --secret "
			       "id=NAME,src=FILE) and to containers as docker "
			       "secrets or mounted files (compose: secrets:), "
			       "rebuild the image and rotate the exposed "
			       "credentials.",
	},
	{
		.id = "4.11",
		.title = "Only verified packages",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Package signatures stop tampered packages",
		.checks = "A person must verify that packages are installed "
			  "only from repositories whose signatures the "
			  "package manager checks (no "
			  "--allow-unauthenticated, --nogpgcheck or "
			  "[trusted=yes]).",
		.remediation = "Install with signature checks on: remove "
			       "--allow-unauthenticated, --nogpgcheck and "
			       "[trusted=yes] from the Dockerfile and add the "
			       "repositories' signing keys instead.",
	},
	{
		.id = "4.12",
		.title = "Signed artifacts validated",
		.stride = STRIDE_T,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_IMAGE,
		.rationale = "Signature and checksum checks stop tampered "
			     "downloads in the build",
		.checks = "A person must verify that other artifacts the "
			  "build downloads (binaries, archives) are checked "
			  "against a signature or a published checksum.",
		.remediation = "Check each download in the Dockerfile, for "
			       "example RUN curl -fsSLO URL && echo \"SHA256  "
			       "FILE\" | sha256sum -c -, or verify its GPG or "
			       "cosign signature before use.",
	},
	{
		.id = "5.1",
		.title = "Swarm mode off unless needed",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_DAEMON,
		.rationale = "Unneeded cluster listeners on the host",
		.checks = "Reads Swarm.LocalNodeState in /info: inactive "
			  "passes; on an active swarm node a person must "
			  "confirm that swarm mode is needed.",
		.remediation = "If the node does not need swarm mode, leave "
			       "the swarm with docker swarm leave (docker "
			       "swarm leave --force on the last manager).",
	},
	{
		.id = "5.2",
		.title = "AppArmor profile applied",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "MAC confinement against escape",
		.checks = "Reads each container's AppArmorProfile: unconfined "
			  "or none fails when AppArmor is enabled in the "
			  "daemon; not applicable when it is not.",
		.remediation = "Run the container without --security-opt "
			       "apparmor=unconfined (compose: remove it from "
			       "security_opt), or load a profile with "
			       "apparmor_parser and give --security-opt "
			       "apparmor=PROFILE.",
	},
	{
		.id = "5.3",
		.title = "SELinux options applied",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "SELinux labels confine a compromised container "
			     "by mandatory access control",
		.checks = "Reads each container's SELinux label options in "
			  "HostConfig.SecurityOpt; not applicable when "
			  "SELinux is not enabled in the daemon "
			  "(SecurityOptions in /info).",
		.remediation = "Set \"selinux-enabled\": true in "
			       "/etc/docker/daemon.json and run containers "
			       "without --security-opt label=disable, giving "
			       "--security-opt label=type:... or "
			       "label=level:... where needed (compose: "
			       "security_opt:).",
	},
	{
		.id = "5.4",
		.title = "Kernel capabilities restricted",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Extra capabilities (e.g. SYS_ADMIN) enable "
			     "escapes",
		.checks = "Reads HostConfig.CapAdd and CapDrop (compose: "
			  "cap_add, cap_drop): capabilities added beyond "
			  "Docker's default set, such as SYS_ADMIN, NET_ADMIN "
			  "or ALL, fail.",
		.remediation = "Remove --cap-add flags the process does not "
			       "need (compose: cap_add:); start from "
			       "--cap-drop ALL and add back only the "
			       "capabilities it uses.",
	},
	{
		.id = "5.5",
		.title = "No privileged containers",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_CRITICAL,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Privileged mode removes isolation: host takeover",
		.checks = "Reads HostConfig.Privileged (compose: privileged); "
			  "true fails.",
		.remediation = "Run the container without --privileged "
			       "(compose: remove privileged: true); grant "
			       "single capabilities with --cap-add instead.",
	},
	{
		.id = "5.6",
		.title = "No sensitive host directories mounted",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Host files such as keys, shadow passwords or "
			     "configuration become readable in the container; "
			     "writable mounts add tampering",
		.checks = "Reads each container's bind mounts and the "
			  "devices of its bind-backed local volumes: host "
			  "system directories such as /, /boot, /dev, /etc, "
			  "/lib, /proc, /sys and /usr fail, also where a "
			  "symlinked source resolves to one on the host.",
		.remediation = "Do not bind-mount host system directories (-v "
			       "/etc:/host/etc; compose: volumes:); mount "
			       "only the application's own paths, read-only "
			       "(:ro) where possible.",
	},
	{
		.id = "5.7",
		.title = "No sshd inside containers",
		.stride = STRIDE_D,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "An extra network service inside the container "
			     "that can be flooded or crash it; also a login "
			     "path outside docker exec",
		.checks = "Reads each running container's process list (GET "
			  "/containers/{id}/top) for an sshd process.",
		.remediation = "Remove the SSH server from the image and its "
			       "entrypoint; use docker exec to reach the "
			       "container.",
	},
	{
		.id = "5.8",
		.title = "No privileged host ports mapped",
		.stride = STRIDE_I,
		.stride2 = STRIDE_S,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "The container takes over a well-known host port "
			     "and is exposed as that service",
		.checks = "Reads each container's port bindings: a host port "
			  "below 1024 fails.",
		.remediation = "Publish on host ports of 1024 and above (-p "
			       "8080:80; compose: ports: [\"8080:80\"]); put "
			       "a reverse proxy on the privileged port if one "
			       "is needed.",
	},
	{
		.id = "5.9",
		.title = "Only needed ports open",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Needless exposure of services",
		.checks = "Lists each container's published ports; a person "
			  "must verify that each one is needed.",
		.remediation = "Publish only the ports clients need with -p "
			       "HOST:CONTAINER (compose: ports:), and do not "
			       "use -P, which publishes every exposed port.",
	},
	{
		.id = "5.10",
		.title = "Host network namespace not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Sees host traffic and loopback-only services",
		.checks = "Reads HostConfig.NetworkMode (compose: "
			  "network_mode); host fails, and so does "
			  "container:ID when that container uses the host's "
			  "network.",
		.remediation = "Run the container on a bridge or user-defined "
			       "network instead of --network host (compose: "
			       "remove network_mode: host).",
	},
	{
		.id = "5.11",
		.title = "Memory limited",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "One container can exhaust host memory",
		.checks = "Reads HostConfig.Memory; 0, no limit, fails.",
		.remediation = "Set a memory limit with --memory 512m "
			       "(compose: mem_limit: 512m, or "
			       "deploy.resources.limits.memory).",
	},
	{
		.id = "5.12",
		.title = "CPU shares set",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "CPU starvation of neighbours",
		.checks = "Reads HostConfig.CpuShares together with NanoCpus "
			  "and CpuQuota; the default weight with no CPU limit "
			  "fails.",
		.remediation = "Set --cpu-shares 512 (compose: cpu_shares: "
			       "512) or a hard limit with --cpus 1.5 "
			       "(compose: cpus: 1.5).",
	},
	{
		.id = "5.13",
		.title = "Read-only root file system",
		.stride = STRIDE_T,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "No tampering or persistence inside the container",
		.checks = "Reads HostConfig.ReadonlyRootfs (compose: "
			  "read_only); false fails.",
		.remediation = "Run with --read-only (compose: read_only: "
			       "true) and mount the paths the application "
			       "writes as volumes or with --tmpfs /tmp.",
	},
	{
		.id = "5.14",
		.title = "Published ports bound to one interface",
		.stride = STRIDE_D,
		.stride2 = STRIDE_I,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Published ports listen on every host interface, "
			     "so any network can reach and load the container",
		.checks = "Reads each container's port bindings: a published "
			  "port whose HostIp is empty or an all-zero address "
			  "(0.0.0.0, ::, ::ffff:0.0.0.0, ...) listens on every "
			  "interface and fails; a HostIp that is no address "
			  "is an error.",
		.remediation = "Bind published ports to one address, for "
			       "example -p 127.0.0.1:8080:80 (compose: ports: "
			       "[\"127.0.0.1:8080:80\"]).",
	},
	{
		.id = "5.15",
		.title = "on-failure restart limit 5",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Avoids restart storms",
		.checks = "Reads HostConfig.RestartPolicy and its "
			  "MaximumRetryCount: the policy should be on-failure "
			  "with at most 5 retries.",
		.remediation = "Use --restart on-failure:5 (compose: restart: "
			       "on-failure:5, or "
			       "deploy.restart_policy.max_attempts: 5).",
	},
	{
		.id = "5.16",
		.title = "Host PID namespace not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "The container sees host processes with their "
			     "arguments and environment, and can signal them",
		.checks = "Reads HostConfig.PidMode (compose: pid); host "
			  "fails, and so does container:ID when that "
			  "container uses the host's PID namespace.",
		.remediation = "Run the container without --pid host "
			       "(compose: remove pid: host).",
	},
	{
		.id = "5.17",
		.title = "Host IPC namespace not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Reads host shared memory",
		.checks = "Reads HostConfig.IpcMode (compose: ipc); host "
			  "fails, and so does container:ID when that "
			  "container uses the host's IPC namespace.",
		.remediation = "Run the container without --ipc host "
			       "(compose: remove ipc: host); share memory "
			       "between containers with --ipc container:NAME "
			       "only where needed.",
	},
	{
		.id = "5.18",
		.title = "No raw host devices",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Raw device access can read host disks or memory "
			     "and bypasses isolation",
		.checks = "Lists HostConfig.Devices (compose: devices) and "
			  "the DeviceCgroupRules that allow reading or "
			  "writing devices; a person must verify that each "
			  "host device is needed.",
		.remediation = "Remove --device flags that are not needed "
			       "(compose: devices:) and give the others only "
			       "the access required, for example --device "
			       "/dev/ttyUSB0:/dev/ttyUSB0:r.",
	},
	{
		.id = "5.19",
		.title = "ulimit overridden only if needed",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Keeps default resource caps",
		.checks = "Lists HostConfig.Ulimits (compose: ulimits); a "
			  "person must verify that each override of the "
			  "daemon's default ulimits is needed.",
		.remediation = "Remove --ulimit flags (compose: ulimits:) "
			       "that are not needed, so the daemon's "
			       "default-ulimits apply.",
	},
	{
		.id = "5.20",
		.title = "Mount propagation not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Mounts made on one side appear on the other, "
			     "exposing host or container data",
		.checks = "Reads the propagation of each mount: shared or "
			  "rshared fails.",
		.remediation = "Mount without shared propagation: -v "
			       "/src:/dst instead of -v /src:/dst:rshared "
			       "(compose: remove bind: propagation: rshared).",
	},
	{
		.id = "5.21",
		.title = "Host UTS namespace not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "The container sees the host's identity and "
			     "could change its hostname",
		.checks = "Reads HostConfig.UTSMode (compose: uts); host "
			  "fails.",
		.remediation = "Run the container without --uts host "
			       "(compose: remove uts: host).",
	},
	{
		.id = "5.22",
		.title = "Default seccomp not disabled",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Full syscall surface for kernel exploits",
		.checks = "Reads HostConfig.SecurityOpt (compose: "
			  "security_opt): seccomp=unconfined fails, and so "
			  "does a custom profile that allows every syscall, "
			  "read as dockerd reads it.",
		.remediation = "Run the container without --security-opt "
			       "seccomp=unconfined (compose: security_opt:); "
			       "if a system call is missing, add it to a copy "
			       "of the default profile and give "
			       "--security-opt seccomp=FILE.",
	},
	{
		.id = "5.23",
		.title = "No docker exec --privileged",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_HIGH,
		.level = 2,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Privileged process inside a running container",
		.checks = "Reads the exec sessions seen on each container "
			  "(ExecIDs and engine events): a privileged exec "
			  "fails.",
		.remediation = "Do not run docker exec --privileged; give the "
			       "container what the command needs in its own "
			       "configuration instead.",
	},
	{
		.id = "5.24",
		.title = "No docker exec as root",
		.stride = STRIDE_S,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Exec as an arbitrary user lets an operator act "
			     "under another identity inside the container",
		.checks = "Lists the exec sessions seen on each container "
			  "that ran as root (docker exec --user root or 0); a "
			  "person must verify that each was authorised.",
		.remediation = "Run docker exec without --user root (or 0), "
			       "and do administrative work in a separate, "
			       "audited container.",
	},
	{
		.id = "5.25",
		.title = "cgroup usage confirmed",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Keeps resource controls in force",
		.checks = "Reads HostConfig.CgroupParent (compose: "
			  "cgroup_parent): a value other than the daemon's "
			  "default needs to be confirmed.",
		.remediation = "Run the container without --cgroup-parent "
			       "(compose: remove cgroup_parent:) unless it "
			       "must sit under a specific parent cgroup.",
	},
	{
		.id = "5.26",
		.title = "no-new-privileges per container",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Blocks setuid escalation",
		.checks = "Reads HostConfig.SecurityOpt for "
			  "no-new-privileges; missing fails unless the daemon "
			  "sets it for every container.",
		.remediation = "Run the container with --security-opt "
			       "no-new-privileges (compose: security_opt: "
			       "[\"no-new-privileges:true\"]), or set "
			       "\"no-new-privileges\": true in "
			       "/etc/docker/daemon.json.",
	},
	{
		.id = "5.27",
		.title = "Health checked at runtime",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Detects hung containers",
		.checks = "Reads the container's health check (its own or its "
			  "image's) and State.Health: none or disabled fails.",
		.remediation = "Give the container a health check with "
			       "--health-cmd (compose: healthcheck: test:), "
			       "or add a HEALTHCHECK instruction to its "
			       "image.",
	},
	{
		.id = "5.28",
		.title = "Always the latest image version",
		.stride = STRIDE_T,
		.stride2 = STRIDE_E,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "A stale local copy may differ from the tag's "
			     "current, vetted image",
		.checks = "A person must verify that each container runs the "
			  "current image of its tag (docker pull, then "
			  "compare the image IDs).",
		.remediation = "Pull images before use (docker pull; compose: "
			       "pull_policy: always) and re-create the "
			       "containers when their image is updated.",
	},
	{
		.id = "5.29",
		.title = "PIDs limit set",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Fork bombs",
		.checks = "Reads HostConfig.PidsLimit (compose: pids_limit): "
			  "0 or -1, no limit, fails.",
		.remediation = "Set a process limit with --pids-limit 200 "
			       "(compose: pids_limit: 200).",
	},
	{
		.id = "5.30",
		.title = "Default docker0 bridge not used",
		.stride = STRIDE_I,
		.stride2 = STRIDE_S,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Containers on the shared default bridge can "
			     "reach and observe each other's traffic",
		.checks = "Lists the containers attached to the default "
			  "bridge network; a person must verify that none "
			  "needs it.",
		.remediation = "Create a user-defined network (docker network "
			       "create NAME) and run containers with "
			       "--network NAME (compose: networks:) instead "
			       "of the default bridge.",
	},
	{
		.id = "5.31",
		.title = "Host user namespace not shared",
		.stride = STRIDE_I,
		.stride2 = STRIDE_E,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Without user-namespace separation container "
			     "users are host users, so host files open to "
			     "that UID are readable",
		.checks = "Reads HostConfig.UsernsMode (compose: "
			  "userns_mode); host fails.",
		.remediation = "Run the container without --userns host "
			       "(compose: remove userns_mode: host).",
	},
	{
		.id = "5.32",
		.title = "docker.sock not mounted in containers",
		.stride = STRIDE_E,
		.stride2 = STRIDE_NONE,
		.severity = SEV_CRITICAL,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_CONTAINER,
		.rationale = "Socket access = control of the daemon = host "
			     "root",
		.checks = "Reads each container's mounts: a bind of the "
			  "Docker socket, or of a directory that holds it, "
			  "fails.",
		.remediation = "Remove the docker.sock bind mount (-v "
			       "/var/run/docker.sock:/var/run/docker.sock; "
			       "compose: volumes:); if a tool needs the API, "
			       "give it a proxy that allows only the calls it "
			       "makes.",
	},
	{
		.id = "6.1",
		.title = "Avoid image sprawl",
		.stride = STRIDE_E,
		.stride2 = STRIDE_D,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_DAEMON,
		.rationale = "Old unpatched images linger and get reused",
		.checks = "Counts the engine's images that no collected "
			  "container uses; any unused image fails, with up to "
			  "5 names. When stopped containers were not "
			  "collected (no --all), a person must decide.",
		.remediation = "Remove unused images with docker image prune "
			       "-a after reviewing the list from docker "
			       "images, and repeat the cleanup on a schedule.",
	},
	{
		.id = "6.2",
		.title = "Avoid container sprawl",
		.stride = STRIDE_D,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_DAEMON,
		.rationale = "Idle containers consume host resources",
		.checks = "Counts stopped containers (ContainersStopped in "
			  "/info, with names from the container list); any "
			  "stopped container fails.",
		.remediation = "Remove stopped containers with docker "
			       "container prune after reviewing docker ps -a, "
			       "and run short-lived containers with --rm.",
	},
	{
		.id = "7.1",
		.title = "Smallest sensible (odd) number of managers",
		.stride = STRIDE_E,
		.stride2 = STRIDE_D,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_SWARM,
		.rationale = "Every manager can reconfigure the whole swarm",
		.checks = "On a manager, reads Swarm.Managers in /info: an "
			  "odd count of at most 7 passes. Not applicable when "
			  "swarm mode is inactive.",
		.remediation = "Demote managers with docker node demote NODE "
			       "until an odd number of at most 7, usually 3 "
			       "or 5, remains.",
	},
	{
		.id = "7.2",
		.title = "Swarm services bound to one interface",
		.stride = STRIDE_I,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_SWARM,
		.rationale = "Cluster ports not exposed on every interface",
		.checks = "On an active swarm, a person must check with ss "
			  "-ltn that ports 2377 and 7946 listen on one "
			  "interface, not 0.0.0.0, since the engine API does "
			  "not show the listen address.",
		.remediation = "Initialise or join the swarm with "
			       "--listen-addr IP:2377 and --advertise-addr IP "
			       "of the management interface, for example "
			       "docker swarm init --listen-addr "
			       "192.0.2.10:2377 --advertise-addr 192.0.2.10.",
	},
	{
		.id = "7.3",
		.title = "Overlay networks encrypted",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_SWARM,
		.rationale = "Node-to-node container traffic readable on the "
			     "wire",
		.checks = "Reads the Options of every overlay network: one "
			  "without encrypted fails. Not applicable when swarm "
			  "mode is inactive.",
		.remediation = "Create the overlay network again with "
			       "encryption: docker network create -d overlay "
			       "--opt encrypted NAME (compose: driver_opts: "
			       "{encrypted: \"\"}); the ingress network needs "
			       "docker network create --ingress -d overlay "
			       "--opt encrypted NAME.",
	},
	{
		.id = "7.4",
		.title = "Use Docker secrets for credentials",
		.stride = STRIDE_I,
		.stride2 = STRIDE_NONE,
		.severity = SEV_MEDIUM,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_SWARM,
		.rationale = "Keeps credentials out of env and images",
		.checks = "On an active swarm, a person must verify that "
			  "services receive credentials as docker secrets "
			  "rather than through environment variables, labels "
			  "or files in images.",
		.remediation = "Store credentials with docker secret create "
			       "NAME FILE and give them to services with "
			       "docker service create --secret NAME (compose: "
			       "secrets:), which mounts them under "
			       "/run/secrets/.",
	},
	{
		.id = "7.5",
		.title = "Manager auto-lock enabled",
		.stride = STRIDE_I,
		.stride2 = STRIDE_T,
		.severity = SEV_MEDIUM,
		.level = 1,
		.automated = true,
		.applies_to = OBJ_SWARM,
		.rationale = "Raft encryption keys otherwise readable from "
			     "disk",
		.checks = "Reads Spec.EncryptionConfig.AutoLockManagers from "
			  "GET /swarm or /info on a manager: false fails and "
			  "a locked swarm passes. Not applicable when swarm "
			  "mode is inactive.",
		.remediation = "Turn on autolock with docker swarm update "
			       "--autolock=true (or docker swarm init "
			       "--autolock) and keep the unlock key it prints "
			       "in a secrets manager.",
	},
	{
		.id = "7.6",
		.title = "Rotate the auto-lock key",
		.stride = STRIDE_I,
		.stride2 = STRIDE_NONE,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_SWARM,
		.rationale = "Limits use of a leaked unlock key",
		.checks = "On an active swarm, a person must verify that the "
			  "swarm unlock key is rotated on a schedule.",
		.remediation = "Rotate the unlock key with docker swarm "
			       "unlock-key --rotate on a schedule and when "
			       "people leave, and store the new key safely.",
	},
	{
		.id = "7.7",
		.title = "Rotate node certificates",
		.stride = STRIDE_S,
		.stride2 = STRIDE_E,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_SWARM,
		.rationale = "Limits use of stolen node identities",
		.checks = "On an active swarm, a person must verify that node "
			  "certificates have a short lifetime (CA "
			  "Configuration: Expiry Duration in docker info), so "
			  "they are rotated often.",
		.remediation = "Shorten the node certificate lifetime with "
			       "docker swarm update --cert-expiry 720h (the "
			       "default is 2160h, 90 days); nodes then renew "
			       "their certificates automatically.",
	},
	{
		.id = "7.8",
		.title = "Rotate CA certificates",
		.stride = STRIDE_S,
		.stride2 = STRIDE_E,
		.severity = SEV_LOW,
		.level = 1,
		.automated = false,
		.applies_to = OBJ_SWARM,
		.rationale = "Limits forged-identity window after CA "
			     "compromise",
		.checks = "On an active swarm, a person must verify that the "
			  "swarm's root CA is rotated on a schedule.",
		.remediation = "Rotate the root CA with docker swarm ca "
			       "--rotate on a schedule and whenever a manager "
			       "may have been compromised.",
	},
	{
		.id = "7.9",
		.title = "Management plane separated from data plane",
		.stride = STRIDE_D,
		.stride2 = STRIDE_I,
		.severity = SEV_LOW,
		.level = 2,
		.automated = false,
		.applies_to = OBJ_SWARM,
		.rationale = "Data traffic cannot starve cluster control",
		.checks = "On an active swarm, a person must verify that "
			  "management traffic (port 2377) and container data "
			  "traffic use different interfaces.",
		.remediation = "Initialise or join the swarm with separate "
			       "addresses: docker swarm init --advertise-addr "
			       "MANAGEMENT_IP --data-path-addr DATA_IP.",
	},
};

#define CATALOG_SIZE (sizeof(catalog) / sizeof(catalog[0]))

static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;

static void attach_checks(const struct rule_check *table)
{
	for (; table->id; table++) {
		for (size_t i = 0; i < CATALOG_SIZE; i++) {
			if (strcmp(catalog[i].id, table->id) == 0) {
				catalog[i].check = table->check;
				break;
			}
		}
	}
}

static void catalog_init(void)
{
	for (size_t i = 0; i < CATALOG_SIZE; i++)
		catalog[i].order = (unsigned)i;
	attach_checks(section1_checks);
	attach_checks(section2_checks);
	attach_checks(section3_checks);
	attach_checks(section4_checks);
	attach_checks(section5_checks);
	attach_checks(section6_checks);
	attach_checks(section7_checks);
}

const struct rule *rules_all(size_t *count)
{
	pthread_once(&catalog_once, catalog_init);
	*count = CATALOG_SIZE;
	return catalog;
}

const struct rule *rule_find(const char *id)
{
	size_t n;
	const struct rule *all = rules_all(&n);

	for (size_t i = 0; i < n; i++)
		if (str_eq(all[i].id, id))
			return &all[i];
	return NULL;
}

unsigned severity_weight(enum severity s)
{
	static const unsigned weights[] = {1, 2, 4, 8};

	return weights[s];
}

const char *severity_name(enum severity s)
{
	static const char *const names[] = {"low", "medium", "high",
					    "critical"};

	return names[s];
}

int severity_parse(const char *name)
{
	for (int s = SEV_LOW; s <= SEV_CRITICAL; s++)
		if (str_ieq(name, severity_name((enum severity)s)))
			return s;
	return -1;
}

char stride_letter(enum stride s)
{
	return s < STRIDE_COUNT ? "STRIDE"[s] : '-';
}

const char *stride_name(enum stride s)
{
	static const char *const names[] = {
		"Spoofing",	       "Tampering",	    "Repudiation",
		"Information disclosure", "Denial of service",
		"Elevation of privilege",
	};

	return s < STRIDE_COUNT ? names[s] : "none";
}

const char *status_name(enum status s)
{
	static const char *const names[] = {
		"pass",	  "fail",    "error",  "not_applicable",
		"manual", "skipped", "waived",
	};

	return s < ST_COUNT ? names[s] : "unknown";
}

const char *object_kind_name(enum object_kind k)
{
	static const char *const names[] = {
		"host", "daemon", "container", "image",
		"network", "swarm", "file",
	};

	return names[k];
}

void verdict_set(struct verdict *v, enum status s, enum cfield field,
		 const char *fmt, ...)
{
	va_list ap;

	v->status = s;
	v->field = field;
	buf_reset(v->evidence);
	va_start(ap, fmt);
	buf_vprintf(v->evidence, fmt, ap);
	va_end(ap);
}
