#!/bin/sh
# A container removed between the list and its inspection is left out of
# the snapshot with a note, and collection still succeeds. The pause uses
# the test hook STRIDEWATCH_TEST_PAUSE_FILE (see docs/snapshot.md): the test
# creates the file, collect reports on stderr that it waits, and the test
# removes the file once the container is gone.
set -eu
. "$(dirname "$0")/lib.sh"
BIN=$1
sw_require_engine
sw_engine_start
sw_image_import swtest
for name in keep-1 doomed keep-2; do
	docker create --name "$name" swtest sleep 3600 >/dev/null
done
doomed_id=$(docker inspect -f '{{.Id}}' doomed)

pause="$SW_DIR/pause"
: >"$pause"
STRIDEWATCH_TEST_PAUSE_FILE="$pause" "$BIN" collect --all \
	--output "$SW_DIR/snap.json" 2>"$SW_DIR/collect.err" &
collector=$!
i=0
while ! grep -q "test hook" "$SW_DIR/collect.err" 2>/dev/null; do
	[ $i -lt 300 ] || sw_fail "collect did not reach the pause in 30 s"
	kill -0 $collector 2>/dev/null || sw_fail "collect exited before the pause"
	sleep 0.1
	i=$((i + 1))
done
docker rm doomed >/dev/null
rm "$pause"
wait $collector || sw_fail "collect exited with $?"

out="$SW_DIR/snap.json"
sw_check "$out" '.targets[0].containers.status == "collected"'
sw_check "$out" '[.targets[0].containers.data[].inspect.Name] | sort == ["/keep-1", "/keep-2"]'
short=$(echo "$doomed_id" | cut -c1-12)
sw_check "$out" ".targets[0].notes == [\"container $short (doomed) was removed before it could be inspected\"]"
echo "PASS"
