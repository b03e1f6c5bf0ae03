#!/usr/bin/env bash
# After the whole test run: the logs of every service process the tests started
# (artifacts/logs/*.log, JSON lines) must not contain any secret the tests gave the
# product (artifacts/logs/secrets-used.txt: passwords, API keys, master keys).
# Prints "log-secrets: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
logs="$root/artifacts/logs"
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "log-secrets: FAIL: $*"; fi; }

shopt -s nullglob
files=("$logs"/*.log)
lines=$(cat "${files[@]}" /dev/null | wc -l)
secrets=$(sort -u "$logs/secrets-used.txt" 2>/dev/null | grep -c . || true)
echo "log-secrets: ${#files[@]} log files, $lines lines, $secrets secrets to look for"
# The check must have something to look at: logs of real processes, with request ids.
check test "$lines" -gt 200
check test "$secrets" -gt 3
check grep -qh '"request_id"' "${files[@]}"
while IFS= read -r secret; do
  [ -n "$secret" ] || continue
  found=$(grep -rlF -- "$secret" "${files[@]}" | head -3)
  if [ -n "$found" ]; then
    failed=$((failed + 1)); echo "log-secrets: FAIL: a secret (${#secret} characters, starting ${secret:0:3}…) is in: $found"
  else
    passed=$((passed + 1))
  fi
done < <(sort -u "$logs/secrets-used.txt" 2>/dev/null)
echo "log-secrets: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
