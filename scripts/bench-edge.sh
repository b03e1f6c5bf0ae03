#!/usr/bin/env bash
# The edge under wrk: 64 connections against GET /api/agents/available and
# POST /api/cfo/analyze on the whole stack (release build, embedded defaults, rate
# limits raised so that wrk measures the edge, not the limiter). Prints wrk's reports.
#   BENCH_SECONDS  seconds per route (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ensure-system-packages.sh
ensure_system_packages
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }

swift build -c release --product ceo >/dev/null
bin="$(swift build -c release --show-bin-path)/ceo"
data="$(mktemp -d)"
export CEO_LOG_LEVEL=error
export CEO_EDGE_RATE_LIMIT_ANALYZE="1000000000/60"
export CEO_EDGE_RATE_LIMIT_GENERAL="1000000000/60"
export CEO_EDGE_RATE_LIMIT_BURST="1000000000/10"
source scripts/lib/bench-session.sh
source scripts/lib/free-ports.sh
# Free ports for every listener, so that a stack already running is no obstacle.
rpc_base=$(free_ports 4)
http_port=$(free_ports 1)
metrics_port=$(free_ports 4)
"$bin" stack --data-dir "$data" --base-port "$rpc_base" --http-port "$http_port" --metrics-port "$metrics_port" >/dev/null 2>&1 &
stack=$!
trap 'kill -TERM $stack 2>/dev/null; wait $stack 2>/dev/null; rm -rf "$data"' EXIT

base="https://localhost:$http_port"
bench_data="$data"
token=$(bench_sign_in "$base")
curl_() { bench_curl "$@"; }

body='{"company_name":"Ledgerly","industry":"B2B SaaS for accounting teams","location":"Wilmington, DE","budget":50000,"timeline":180,"objectives":["Build a memorable brand and logo","Launch a website with pricing and docs","Run Google Ads to acquire the first customers"]}'
lua="$(mktemp)"
cat > "$lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
LUA

seconds="${BENCH_SECONDS:-10}"
echo "== GET /api/agents/available (64 connections, ${seconds}s)"
wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$base/api/agents/available"
echo "== POST /api/cfo/analyze (64 connections, ${seconds}s)"
wrk -t2 -c64 -d"${seconds}s" --latency -s "$lua" -H "Authorization: Bearer $token" "$base/api/cfo/analyze"
rm -f "$lua"
