#!/usr/bin/env bash
# A bounded soak of mixed API traffic against the real stack (four processes), one command:
#   bash Tests/Resilience/run-load-soak.sh [seconds]      (default 60)
# wrk (Debian's, installed when missing) sends cached reads, analyses, run starts and
# API-key reads over HTTPS with 32 connections. It reports throughput, p50/p99/p99.9 latencies, requests by kind,
# answers by status, and the resident memory of each service after a warm-up and at the end; it
# fails on any 4xx or 5xx, any socket error, or when a service grew by more than 64 MiB.
# Prints "load-soak: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
seconds="${1:-60}"
source "$root/scripts/lib/ensure-system-packages.sh"
ensure_system_packages wrk
work="$(mktemp -d)"
trap 'pkill -TERM -f -- "--data-dir $work/data" 2>/dev/null; sleep 1; pkill -9 -f -- "--data-dir $work/data" 2>/dev/null; rm -rf "$work"' EXIT

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 20))')
export CEO_AUTH_ENDPOINTS="127.0.0.1:$base" CEO_AGENT_ENDPOINTS="127.0.0.1:$((base + 1))" CEO_ORCHESTRATOR_ENDPOINTS="127.0.0.1:$((base + 2))"
export CEO_EDGE_HTTP_PORT=$((base + 10)) CEO_EDGE_METRICS_PORT=0 CEO_METRICS_PORT=0 CEO_LOG_LEVEL=warning
for policy in ANALYZE AGENT_EXECUTE LOGIN GENERAL CSP_REPORT; do export "CEO_EDGE_RATE_LIMIT_$policy=100000000/60"; done
export CEO_EDGE_RATE_LIMIT_BURST=100000000/10
"$ceo" pki init --data-dir "$work/data" >/dev/null
declare -A pids
port=$base
for name in auth agents orchestrator edge; do
  ( "$ceo" "$name" --data-dir "$work/data" --port "$port" --drain-seconds 1 >> "$work/$name.log" 2>&1 & echo $! > "$work/$name.pid" )
  port=$((port + 1))
done
url="https://localhost:$CEO_EDGE_HTTP_PORT"
ca="$work/data/pki/ca.pem"
for _ in $(seq 1 600); do curl -sf --cacert "$ca" "$url/health/ready" >/dev/null && break; sleep 0.1; done
curl -sf --cacert "$ca" -H 'Content-Type: application/json' -d '{"email":"soak@example.com","password":"plum-orchard-lantern-42"}' "$url/api/auth/register" >/dev/null
token=$(curl -sf --cacert "$ca" -H 'Content-Type: application/json' -d '{"email":"soak@example.com","password":"plum-orchard-lantern-42","session":false}' "$url/api/auth/login" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
key=$(curl -sf --cacert "$ca" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"name":"soak","scopes":["runs:read"]}' "$url/api/keys" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["secret"])')
[ -n "$token" ] && [ -n "$key" ] || { echo "load-soak: cannot sign in"; echo "load-soak: 0 passed, 1 failed"; exit 1; }

rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$(cat "$work/$1.pid")/status"; }
# Warm up (caches, connections, the SQLite files), then measure from there.
SOAK_TOKEN="$token" SOAK_API_KEY="$key" wrk -t2 -c32 -d5s -s "$root/Tests/Resilience/soak.lua" "$url" >/dev/null 2>&1
declare -A before
for name in auth agents orchestrator edge; do before[$name]=$(rss "$name"); done
SOAK_TOKEN="$token" SOAK_API_KEY="$key" wrk -t2 -c32 -d"${seconds}s" --timeout 10s -s "$root/Tests/Resilience/soak.lua" "$url" > "$work/wrk.log" 2>&1
cat "$work/wrk.log" | grep '^soak:' | sed 's/^soak: /load-soak: /'
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "load-soak: FAIL: $*"; fi; }
check test -z "$(grep -E '^soak: answers with status 5[0-9][0-9]:' "$work/wrk.log")"
check test -z "$(grep -E '^soak: answers with status 4[0-9][0-9]:' "$work/wrk.log")"
check grep -q '^soak: socket errors connect 0 read 0 write 0 timeout 0$' "$work/wrk.log"
echo "load-soak: | service | RSS after warm-up | RSS at the end | growth |"
for name in auth agents orchestrator edge; do
  after=$(rss "$name")
  echo "load-soak: | $name | ${before[$name]} MiB | $after MiB | $((after - before[$name])) MiB |"
  check test $((after - before[$name])) -le 64
done
echo "load-soak: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
