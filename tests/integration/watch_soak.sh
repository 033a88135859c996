#!/bin/sh
# A short run of bench/soak.sh: 60 s of churn with two engine restarts,
# without missed, duplicate or late alerts, lost assessments or growth
# of resident memory.
SW_BIN=$1
here=$(cd "$(dirname "$0")" && pwd)
DURATION=${SOAK_DURATION:-60} RESTART_EVERY=25 SAMPLE=2 \
	OUT=$(mktemp /tmp/sw-soak-XXXXXX.md) exec sh "$here/../../bench/soak.sh" "$SW_BIN"
