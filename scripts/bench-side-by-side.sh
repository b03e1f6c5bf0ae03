#!/usr/bin/env bash
# The product's figures beside a baseline for each, in one run on one machine, one command:
#   bash scripts/bench-side-by-side.sh
# 1. The internal RPC (unary Echo at 1, 16 and 64 callers; one server stream) beside
#    grpc-swift-2 with the same messages and certificates over mutual TLS, in one process
#    (Benchmarks/SideBySide, a package of its own, built in .build-bench).
# 2. The edge's GET /api/agents/available (the whole stack, release build, a bearer
#    token) beside nginx serving the same JSON body from a static file over TLS with the
#    same certificate (the practical upper bound), both under wrk with 64 connections,
#    alternating, two rounds each.
# Prints the tables and ratios and writes them, with the machine, into docs/BENCHMARKS.md.
#   BENCH_SECONDS      seconds per wrk round (default 10)
#   BENCH_RPC_SECONDS  seconds per RPC row (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/ensure-system-packages.sh
ensure_system_packages nginx wrk
seconds="${BENCH_SECONDS:-10}"
rpc_seconds="${BENCH_RPC_SECONDS:-5}"

echo "== building (release): ceo, and the side-by-side package"
swift build -c release --product ceo >/dev/null
bin="$(swift build -c release --show-bin-path)/ceo"
(cd Benchmarks/SideBySide && swift build -c release --scratch-path "$root/.build-bench" >/dev/null)
side_by_side="$root/.build-bench/release/SideBySide"

echo "== RPC: the product's beside grpc-swift-2 (${rpc_seconds} s per row)"
rpc_table="$("$side_by_side" --seconds "$rpc_seconds" --concurrency 1,16,64)"
echo "$rpc_table"

echo "== GET /api/agents/available: the edge beside nginx (${seconds} s per round)"
work="$(mktemp -d)"
chmod 755 "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
metrics_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export CEO_LOG_LEVEL=error
export CEO_EDGE_RATE_LIMIT_GENERAL="1000000000/60"
export CEO_EDGE_RATE_LIMIT_BURST="1000000000/10"
"$bin" stack --data-dir "$work/data" --http-port "$port" --metrics-port "$metrics_port" >"$work/stack.log" 2>&1 &
stack=$!
cleanup() {
  kill -TERM "$stack" 2>/dev/null; wait "$stack" 2>/dev/null || true
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
  sleep 0.5; rm -rf "$work"
}
trap cleanup EXIT
base="https://localhost:$port"
bench_data="$work/data"
source scripts/lib/bench-session.sh
token=$(bench_sign_in "$base")
curl_() { bench_curl "$@"; }

# The same body, as a static file.
mkdir -p "$work/www"
curl_ -H "Authorization: Bearer $token" -o "$work/www/available.json" "$base/api/agents/available"
python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))["agents"]) == 6' "$work/www/available.json"
body_bytes=$(stat -c %s "$work/www/available.json")
cat > "$work/nginx.conf" <<NGINX
user root;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log error;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_certificate $work/data/pki/edge/cert.pem;
    ssl_certificate_key $work/data/pki/edge/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305;
    location = /api/agents/available {
      default_type application/json;
      alias $work/www/available.json;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work"
edge_url="$base/api/agents/available"
nginx_url="https://localhost:$nginx_port/api/agents/available"
curl_ -fsS -o /dev/null "$nginx_url"

# wrk's report → "requests/s p50_ms p99_ms errors".
parse_wrk() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(*re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)", text, re.M).groups())
p99 = ms(*re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)", text, re.M).groups())
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(rate, p50, p99, errors + (int(non2xx.group(1)) if non2xx else 0))
PY
}
run_wrk() {  # run_wrk <name> <round> <url> [header]
  local out="$work/wrk-$1-$2.txt"
  if [ -n "${4:-}" ]; then wrk -t2 -c64 -d"${seconds}s" --latency -H "$4" "$3" >"$out"; else wrk -t2 -c64 -d"${seconds}s" --latency "$3" >"$out"; fi
  parse_wrk "$out"
}
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$edge_url" >/dev/null
wrk -t2 -c64 -d2s "$nginx_url" >/dev/null
results=()
for round in 1 2; do
  results+=("edge $(run_wrk edge $round "$edge_url" "Authorization: Bearer $token")")
  results+=("nginx $(run_wrk nginx $round "$nginx_url")")
done
edge_table="$(printf '%s\n' "${results[@]}" | python3 -c '
import sys
rows = {"edge": [], "nginx": []}
for line in sys.stdin:
    name, *figures = line.split()
    rows[name].append([float(f) for f in figures])
def mean(values): return sum(values) / len(values)
out = ["| server | round | requests/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
for name, label in (("edge", "edge (whole stack)"), ("nginx", "nginx, static file")):
    for i, (rate, p50, p99, errors) in enumerate(rows[name], 1):
        out.append(f"| {label} | {i} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {errors:.0f} |")
edge_rate, nginx_rate = mean([r[0] for r in rows["edge"]]), mean([r[0] for r in rows["nginx"]])
edge_p99, nginx_p99 = mean([r[2] for r in rows["edge"]]), mean([r[2] for r in rows["nginx"]])
out += ["", f"Edge ÷ nginx, mean of the rounds: requests/s **{edge_rate / nginx_rate:.2f}**, p99 latency {edge_p99 / nginx_p99:.2f}."]
errors = sum(r[3] for rs in rows.values() for r in rs)
if errors: out.append(f"**{errors:.0f} errors or non-2xx answers** were counted: the figures above are not valid.")
print("\n".join(out))
')"
echo "$edge_table"

machine="$(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), $(swift --version 2>&1 | grep -o 'Swift version [0-9.]*' | head -1), $(nginx -v 2>&1 | sed 's|nginx version: ||'), $({ wrk --version 2>&1 || true; } | head -1 | awk '{print $1, $2}')"
section="$(cat <<MD
<!-- side-by-side:begin (written by scripts/bench-side-by-side.sh; do not edit by hand) -->
## Side by side: the product and a baseline, same run, same machine

Command: \`bash scripts/bench-side-by-side.sh\` (release builds; BENCH_SECONDS=$seconds, BENCH_RPC_SECONDS=$rpc_seconds).

Machine: $machine. Run on $(date -u +%Y-%m-%d). Client and server share the cores.

### Internal RPC beside grpc-swift-2

Both in one process, one after the other: a server and a client on loopback, mutual TLS
with the same ECDSA P-256 certificates from one CA, the product's \`ceo.bench.v1.Benchmark\`
messages, timed by the same loops (\`CEOBenchmarks.LoadRounds\`, HDR histograms). The
product: length-prefixed protobuf frames on one multiplexed TLS 1.3 connection.
grpc-swift-2 2.4.3 on grpc-swift-nio-transport 2.9.2: HTTP/2, one connection.
Ratios are product ÷ gRPC (above 1 is faster for calls/s, below 1 is better for p99).

$rpc_table

### Edge beside nginx: GET /api/agents/available

The edge runs the whole stack (\`ceo stack\`, release build, rate limits raised so that
wrk measures the edge) and authenticates a bearer token on every request; nginx
(2 workers) serves the same $body_bytes-byte JSON body from a static file, TLS 1.2/1.3
with the same certificate. wrk: 2 threads, 64 connections, ${seconds} s per round after a
2 s warm-up of each, the two servers alternating.

$edge_table
<!-- side-by-side:end -->
MD
)"
python3 - "$root/docs/BENCHMARKS.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path).read()
pattern = re.compile(r"<!-- side-by-side:begin.*?<!-- side-by-side:end -->", re.S)
text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
echo "== written to docs/BENCHMARKS.md"
