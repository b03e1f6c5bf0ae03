#!/usr/bin/env bash
# libFuzzer on the RPC frame decoder and the edge's JSON request decoding, one command:
#   bash Tests/Fuzz/run-fuzzers.sh [seconds per target, default 30]
# Builds Tests/Fuzz (its own package, in .build-fuzz) with libFuzzer's coverage and
# AddressSanitizer, then fuzzes each target for a bounded time from its committed
# seed corpus (Tests/Fuzz/Corpus/<target>; new inputs go to a temporary folder, so the
# committed corpus never changes). A crash leaves its input in artifacts/fuzz/. For each
# target it checks: no crash, the code was instrumented (coverage seen and growing), and
# enough inputs ran. Ends with "fuzz: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-${FUZZ_SECONDS:-30}}"
passed=0 failed=0
check() {  # check <ok 0|1> <what>
  if [ "$1" -eq 0 ]; then passed=$((passed + 1)); echo "fuzz: ok   $2"; else failed=$((failed + 1)); echo "fuzz: FAIL $2"; fi
}

mkdir -p "$root/artifacts/logs" "$root/artifacts/fuzz"
build_log="$root/artifacts/logs/fuzz-build.log"
echo "fuzz: building the fuzz targets (log: artifacts/logs/fuzz-build.log)"
# SwiftPM's --sanitize=fuzzer --sanitize=address reach the Swift compiler as two
# -sanitize flags, and the driver kept only the last (address): the libraries had no
# coverage (the instrumentation check below caught it). The comma-joined -Xswiftc flag
# instruments every Swift module; SwiftPM's own flags link the runtimes and instrument C.
build_fuzzers() {
  (cd "$root/Tests/Fuzz" && swift build --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address --scratch-path "$root/.build-fuzz") >"$build_log" 2>&1
}
# The product is a path dependency of the fuzz package, and SwiftPM's incremental graph
# in .build-fuzz can miss a source file added to it since the last build ("has no
# member ..."). A failed build therefore starts once more from an empty scratch folder.
if ! build_fuzzers; then
  echo "fuzz: the build failed; building once more from an empty .build-fuzz"
  rm -rf "$root/.build-fuzz"
  if ! build_fuzzers; then
    grep -E "error:" "$build_log" | head -20
    echo "fuzz: 0 passed, 1 failed"
    exit 1
  fi
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in RPCFrameFuzzer:rpc-frame EdgeJSONFuzzer:edge-json; do
  name="${target%%:*}" corpus="${target#*:}"
  mkdir -p "$work/$corpus"
  dict=()
  [ -f "$root/Tests/Fuzz/$corpus.dict" ] && dict=(-dict="$root/Tests/Fuzz/$corpus.dict")
  log="$root/artifacts/logs/fuzz-$corpus.log"
  SWIFT_BACKTRACE=enable=no "$root/.build-fuzz/debug/$name" "$work/$corpus" "$root/Tests/Fuzz/Corpus/$corpus" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=8192 -print_final_stats=1 \
    -artifact_prefix="$root/artifacts/fuzz/$corpus-" >"$log" 2>&1
  status=$?
  seeds=$(ls "$root/Tests/Fuzz/Corpus/$corpus" | wc -l)
  initial=$(grep -m1 -Eo 'INITED cov: [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  final=$(grep -E '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1 | grep -Eo 'cov: [0-9]+' | grep -Eo '[0-9]+' || echo 0)
  runs=$(grep -Eo 'stat::number_of_executed_units: [0-9]+' "$log" | grep -Eo '[0-9]+$' || echo 0)
  found=$(ls "$work/$corpus" | wc -l)
  echo "fuzz: $name: $runs inputs (at most ${seconds} s) from $seeds seeds; coverage $initial -> $final edges; $found new inputs kept"
  check "$status" "$name: no crash, leak or timeout"
  if [ "$status" -ne 0 ]; then
    grep -E "ERROR|SUMMARY|Fatal error|Precondition failed|artifact_prefix|Test unit written" "$log" | head -10 | sed 's/^/fuzz:   /'
  fi
  [ "$initial" -ge 100 ] && [ "$final" -ge "$initial" ]; check $? "$name: instrumented (coverage seen on the seeds and kept)"
  [ "$runs" -ge 1000 ]; check $? "$name: at least 1000 inputs ran"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
