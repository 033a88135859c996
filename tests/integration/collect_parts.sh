#!/bin/sh
# Every part of a snapshot with its status: processes of running
# containers, exec sessions, images in use inspected with their history,
# networks inspected, and a redacted swarm on a manager.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_engine_start --bridge
sw_image_import swtest
sw_image_import unused
docker run -d --name web -p 127.0.0.1:8080:80 swtest httpd -f -p 80 >/dev/null
docker exec -d web sleep 600
docker create --name idle swtest >/dev/null
image_id=$(docker inspect -f '{{.Id}}' swtest)

out="$SW_DIR/snap.json"
"$BIN" collect --all --output "$out" || sw_fail "collect exited with $?"
t='.targets[0]'
sw_check "$out" "$t.containers.data | length == 2"
web="$t.containers.data[] | select(.inspect.Name == \"/web\")"
idle="$t.containers.data[] | select(.inspect.Name == \"/idle\")"
sw_check "$out" "$web | .top.status == \"collected\""
sw_check "$out" "$web | .top.data.Titles | index(\"CMD\") != null"
sw_check "$out" "$web | [.top.data.Processes[][-1]] | any(test(\"httpd\"))"
sw_check "$out" "$web | .execs.status == \"collected\""
sw_check "$out" "$web | .execs.data | length == 1"
sw_check "$out" "$web | .execs.data[0].Running == true"
sw_check "$out" "$web | .execs.data[0].ProcessConfig.entrypoint == \"sleep\""
sw_check "$out" "$idle | .top.status == \"not_present\""
sw_check "$out" "$idle | .execs == {\"status\": \"collected\", \"data\": []}"

used="$t.images.data[] | select(.summary.Id == \"$image_id\")"
sw_check "$out" "$t.images.data | length == 2"
sw_check "$out" "$used | .inspect.Id == \"$image_id\""
sw_check "$out" "$used | .history.status == \"collected\""
sw_check "$out" "$used | .history.data | length >= 1"
sw_check "$out" "$t.images.data[] | select(.summary.Id != \"$image_id\") | has(\"inspect\") == false and has(\"history\") == false"

# Inspected networks list their containers; the plain list does not.
sw_check "$out" "$t.networks.data[] | select(.Name == \"bridge\") | .Containers | length == 1"
for part in swarm nodes services secrets; do
	sw_check "$out" "$t.$part.status == \"not_present\""
	sw_check "$out" "$t.$part.error == \"swarm mode is not active on this engine\""
done

# On a swarm manager the swarm parts are collected and the join tokens
# left out.
docker swarm init --advertise-addr 127.0.0.1 >/dev/null
docker service create -d --name svc swtest sleep 600 >/dev/null
printf 'not-a-real-password' | docker secret create db-password - >/dev/null
token=$(docker swarm join-token -q worker)
"$BIN" collect --output "$SW_DIR/swarm.json" || sw_fail "collect on a swarm exited with $?"
out="$SW_DIR/swarm.json"
for part in swarm nodes services secrets; do
	sw_check "$out" "$t.$part.status == \"collected\""
done
sw_check "$out" "$t.swarm.data.JoinTokens == {\"Worker\": \"<redacted>\", \"Manager\": \"<redacted>\"}"
sw_check "$out" "$t.nodes.data | length == 1"
sw_check "$out" "$t.services.data[0].Spec.Name == \"svc\""
sw_check "$out" "$t.secrets.data[0].Spec.Name == \"db-password\""
if grep -qF "$token" "$out"; then
	sw_fail "the worker join token is in the snapshot"
fi
if grep -qF "not-a-real-password" "$out"; then
	sw_fail "a secret's value is in the snapshot"
fi
echo "PASS"
