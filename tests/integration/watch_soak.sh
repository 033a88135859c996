#!/bin/sh
# A short run of bench/soak.sh: 60 s of churn with two engine restarts,
# without missed, duplicate or late alerts, lost assessments or growth
# of resident memory.
SW_BIN=$1
here=$(cd "$(dirname "$0")" && pwd)
# In a sanitizer build, AddressSanitizer's quarantine holds freed memory
# and reads as growth; without it the flat-memory check measures the
# program, and every other ASan check stays on.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:allocator_release_to_os_interval_ms=500"
export ASAN_OPTIONS
DURATION=${SOAK_DURATION:-60} RESTART_EVERY=25 SAMPLE=2 \
	OUT=$(mktemp /tmp/sw-soak-XXXXXX.md) exec sh "$here/../../bench/soak.sh" "$SW_BIN"
