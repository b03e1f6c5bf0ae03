#!/usr/bin/env bash
# Quick start, command 2: every test. Installs what is missing, builds, runs the Swift
# Testing suites (real TLS on ephemeral loopback ports) and the C interop client
# against a real service process. Ends with one line "all: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-system-packages.sh
ensure_system_packages

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
failed_steps=()

echo "== swift build"
swift build --build-tests || { echo "all: 0 passed, 1 failed"; exit 1; }

echo "== swift test"
swift test 2>&1 | tee "$log"
swift_status=${PIPESTATUS[0]}
swift_total=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
swift_failed=$(grep -Eo 'with [0-9]+ issues?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
[ "$swift_status" -eq 0 ] || failed_steps+=("swift test")

echo "== C interop (libprotobuf-c + OpenSSL)"
interop_log="$(mktemp)"
bash Tests/Interop/run-c-interop.sh 2>&1 | tee "$interop_log"
interop_status=${PIPESTATUS[0]}
interop_passed=$(grep -Eo 'c-interop: [0-9]+ passed' "$interop_log" | grep -Eo '[0-9]+' || echo 0)
interop_failed=$(grep -Eo '[0-9]+ failed' "$interop_log" | tail -1 | grep -Eo '[0-9]+' || echo 1)
rm -f "$interop_log"
[ "$interop_status" -eq 0 ] || failed_steps+=("C interop")

passed=$((swift_total - swift_failed + interop_passed))
failed=$((swift_failed + interop_failed))
if ((${#failed_steps[@]})); then
  echo "failed: ${failed_steps[*]}"
  [ "$failed" -gt 0 ] || failed=1
  echo "all: $passed passed, $failed failed"
  exit 1
fi
echo "all: $passed passed, $failed failed"
