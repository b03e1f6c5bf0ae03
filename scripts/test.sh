#!/usr/bin/env bash
# Quick start, command 2: every test. Installs what is missing, builds, runs the Swift
# Testing suites (real TLS on ephemeral loopback ports), the C interop client against a
# real service process, the run command end to end, the web app in headless Chromium
# (screenshots in artifacts/screenshots), and the resilience suites (TLS scan, API
# fuzzing, libFuzzer on the decoders, fault injection). The store suites and the replica
# process test also run against a real PostgreSQL server started here, in a temporary
# folder on a free loopback port (scripts/lib/test-postgres.sh). Ends with one line
# "all: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-system-packages.sh
source scripts/lib/test-postgres.sh
ensure_system_packages postgresql openssl

log="$(mktemp)"
trap 'rm -f "$log"; stop_test_postgres' EXIT
failed_steps=()

# Logs and screenshots of this run only (CI keeps artifacts/).
rm -rf artifacts/logs artifacts/screenshots

echo "== swift build"
swift build --build-tests || { echo "all: 0 passed, 1 failed"; exit 1; }

# Foundation's Process.run() on Linux (Swift 6.3.1) can SIGSEGV in the test process while
# it lists /proc/self/fd (swift-corelibs-foundation PR #5472, a 256-byte over-read; more
# likely the more descriptors are open). That crash, and only that one, identified by
# the crashed thread's frames, gets the suite run once more; any test failure counts.
foundation_spawn_crash() {
  awk '/crashed:$/ {inside = 1; next} inside && /^Thread / {exit} inside' "$1" | grep -q 'Process.run()'
}

echo "== swift test"
(unset CEO_TEST_POSTGRES_URL; swift test) 2>&1 | tee "$log"
swift_status=${PIPESTATUS[0]}
if [ "$swift_status" -ne 0 ] && foundation_spawn_crash "$log"; then
  echo "== swift test again: the test process hit Foundation's Process.run() crash (PR #5472), not a test failure"
  (unset CEO_TEST_POSTGRES_URL; swift test) 2>&1 | tee "$log"
  swift_status=${PIPESTATUS[0]}
fi
swift_total=$(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
swift_failed=$(grep -Eo 'with [0-9]+ issues?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
[ "$swift_status" -eq 0 ] || failed_steps+=("swift test")

# The suites that also run on PostgreSQL, again with the server started here (their
# SQLite cases run twice; the replica suites only here). Apart from the rest, so that
# the two loads do not stretch each other's waits.
echo "== PostgreSQL for the tests"
if start_test_postgres; then
  echo "== swift test on PostgreSQL"
  postgres_suites='AuthServiceTests|JobStoreTests|ApprovalTests|JobWatcherTests|WebhookTests|ReplicaTakeoverTests|ReplicaProcessTests|EngineStartRaceTests'
  swift test --filter "$postgres_suites" 2>&1 | tee "$log"
  postgres_status=${PIPESTATUS[0]}
  if [ "$postgres_status" -ne 0 ] && foundation_spawn_crash "$log"; then
    echo "== swift test on PostgreSQL again: Foundation's Process.run() crash (PR #5472), not a test failure"
    swift test --filter "$postgres_suites" 2>&1 | tee "$log"
    postgres_status=${PIPESTATUS[0]}
  fi
  swift_total=$((swift_total + $(grep -Eo 'Test run with [0-9]+ tests?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)))
  swift_failed=$((swift_failed + $(grep -Eo 'with [0-9]+ issues?' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)))
  [ "$postgres_status" -eq 0 ] || failed_steps+=("swift test on PostgreSQL")
else
  failed_steps+=("PostgreSQL for the tests")
  swift_failed=$((swift_failed + 1))
fi

# Script suites against real processes; each ends with "<name>: N passed, N failed".
script_passed=0 script_failed=0
for suite in "C interop (libprotobuf-c + OpenSSL):Tests/Interop/run-c-interop.sh" \
             "the run command (ceo stack):Tests/Interop/run-stack-smoke.sh" \
             "the web app in headless Chromium:Tests/Browser/run-browser-test.sh" \
             "compose and Kubernetes files:Tests/Interop/check-deployment-files.sh" \
             "TLS of the public and internal ports (sslyze):Tests/Interop/check-tls-scan.sh" \
             "the API fuzzed from its OpenAPI document (schemathesis):Tests/Interop/check-openapi-fuzz.sh" \
             "the RPC frame decoder and the edge's JSON decoding under libFuzzer:Tests/Fuzz/run-fuzzers.sh" \
             "faults injected into the running stack:Tests/Resilience/run-fault-injection.sh" \
             "no secret in any log:Tests/Interop/check-logs-for-secrets.sh"; do
  title="${suite%%:*}" script="${suite#*:}"
  echo "== $title"
  suite_log="$(mktemp)"
  bash "$script" 2>&1 | tee "$suite_log"
  suite_status=${PIPESTATUS[0]}
  summary="$(grep -E '[0-9]+ passed, [0-9]+ failed' "$suite_log" | tail -1)"
  rm -f "$suite_log"
  p=$(grep -Eo '[0-9]+ passed' <<<"$summary" | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '[0-9]+ failed' <<<"$summary" | grep -Eo '[0-9]+' || echo 1)
  script_passed=$((script_passed + p)); script_failed=$((script_failed + f))
  [ "$suite_status" -eq 0 ] || failed_steps+=("$title")
done

passed=$((swift_total - swift_failed + script_passed))
failed=$((swift_failed + script_failed))
if ((${#failed_steps[@]})); then
  echo "failed: ${failed_steps[*]}"
  [ "$failed" -gt 0 ] || failed=1
  echo "all: $passed passed, $failed failed"
  exit 1
fi
echo "all: $passed passed, $failed failed"
