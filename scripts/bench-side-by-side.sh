#!/usr/bin/env bash
# The product's figures beside a baseline for each, in one run on one machine, one command:
#   bash scripts/bench-side-by-side.sh
# 1. The internal RPC (unary Echo at 1, 16 and 64 callers; one server stream) beside
#    grpc-swift-2 with the same messages and certificates over mutual TLS, in one process
#    (Benchmarks/SideBySide, a package of its own, built in .build-bench).
# 2. The edge's GET /api/agents/available (the whole stack, release build, a bearer
#    token) beside a bare Hummingbird 2 server with the edge's TLS settings serving the
#    same body from memory (`ceo-bench bare-http`: the framework's ceiling) and nginx
#    serving it from a static file with the same certificate, all three sent the same
#    request (the bearer header included) by wrk with 64 connections, one after another
#    in each of four rounds (the order reversed every other round: edge, bare, nginx,
#    then nginx, bare, edge); a ratio is the median of
#    the rounds' ratios (each round's servers measured within seconds of each other, so
#    the machine's drift between rounds cancels).
# 3. The orchestrator's full six-agent run (`ceo-bench orchestrator`): one run at a time,
#    then eight at once, then 1,000 watchers of one run.
# 4. The rate limiter (`ceo-bench ratelimit`): nanoseconds per check, bytes per key.
# Every process listens on ports chosen free for this run. Prints the tables, the issue 21
# targets beside what was measured, and writes them, with the machine, into
# docs/BENCHMARKS.md.
#   BENCH_SECONDS      seconds per server per wrk round (default 6)
#   BENCH_RPC_SECONDS  seconds per RPC row, orchestrator and limiter measurement (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/ensure-system-packages.sh
ensure_system_packages nginx wrk
seconds="${BENCH_SECONDS:-6}"
rpc_seconds="${BENCH_RPC_SECONDS:-5}"

echo "== building (release): ceo, ceo-bench, and the side-by-side package"
swift build -c release --product ceo >/dev/null
swift build -c release --product ceo-bench >/dev/null
bin="$(swift build -c release --show-bin-path)/ceo"
bench="$(swift build -c release --show-bin-path)/ceo-bench"
# SwiftPM lists a path dependency's files again only when the root manifest changes:
# touched, so a source file added to the product since the last build is compiled in.
touch Benchmarks/SideBySide/Package.swift
(cd Benchmarks/SideBySide && swift build -c release --scratch-path "$root/.build-bench" >/dev/null)
side_by_side="$root/.build-bench/release/SideBySide"

echo "== RPC: the product's beside grpc-swift-2 (${rpc_seconds} s per row)"
rpc_table="$("$side_by_side" --seconds "$rpc_seconds" --concurrency 1,16,64)"
echo "$rpc_table"

echo "== GET /api/agents/available: the edge beside bare Hummingbird and nginx (${seconds} s per round)"
work="$(mktemp -d)"
chmod 755 "$work"
source scripts/lib/bench-session.sh
source scripts/lib/free-ports.sh
# Every listener on ports free now: the stack's four RPC ports and four metrics ports,
# the edge's HTTPS port, the bare server's and nginx's.
rpc_base=$(free_ports 4)
metrics_port=$(free_ports 4)
port=$(free_ports 1)
bare_port=$(free_ports 1)
nginx_port=$(free_ports 1)
export CEO_LOG_LEVEL=error
export CEO_EDGE_RATE_LIMIT_GENERAL="1000000000/60"
export CEO_EDGE_RATE_LIMIT_BURST="1000000000/10"
"$bin" stack --data-dir "$work/data" --base-port "$rpc_base" --http-port "$port" --metrics-port "$metrics_port" >"$work/stack.log" 2>&1 &
stack=$!
bare=""
cleanup() {
  kill -TERM "$stack" 2>/dev/null; wait "$stack" 2>/dev/null || true
  [ -n "$bare" ] && { kill -TERM "$bare" 2>/dev/null; wait "$bare" 2>/dev/null || true; }
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null
  sleep 0.5; rm -rf "$work"
}
trap cleanup EXIT
base="https://localhost:$port"
bench_data="$work/data"
token=$(bench_sign_in "$base" 2>"$work/sign-in.err") || { cat "$work/sign-in.err" "$work/stack.log" >&2; exit 1; }
[ -n "$token" ] || { echo "the stack did not sign the benchmark user in; its log:" >&2; cat "$work/stack.log" >&2; exit 1; }
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
"$bench" bare-http --port "$bare_port" --path /api/agents/available --body "$work/www/available.json" \
  --certificate "$work/data/pki/edge/cert.pem" --key "$work/data/pki/edge/key.pem" >"$work/bare.log" 2>&1 &
bare=$!
edge_url="$base/api/agents/available"
bare_url="https://localhost:$bare_port/api/agents/available"
nginx_url="https://localhost:$nginx_port/api/agents/available"
curl_ -fsS -o /dev/null "$nginx_url"
for _ in $(seq 1 100); do curl_ -fsS -o /dev/null "$bare_url" 2>/dev/null && break; sleep 0.1; done
cmp <(curl_ -fsS "$bare_url") "$work/www/available.json"

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
# All three get the same request, the bearer token's header included (the other two read
# past it): what the framework must parse is part of the ceiling, checking the token is
# the edge's own work.
run_wrk() {  # run_wrk <name> <round> <url>
  local out="$work/wrk-$1-$2.txt"
  wrk -t2 -c64 -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$3" >"$out"
  parse_wrk "$out"
}
for url in "$edge_url" "$bare_url" "$nginx_url"; do wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$url" >/dev/null; done
results=()
# The order turns round each round (edge, bare, nginx; then nginx, bare, edge), so that
# whatever the machine does to the first or the last server of a round falls on each.
measure() {  # measure <name> <round>
  case "$1" in
    edge) results+=("edge $2 $(run_wrk edge "$2" "$edge_url")") ;;
    bare) results+=("bare $2 $(run_wrk bare "$2" "$bare_url")") ;;
    nginx) results+=("nginx $2 $(run_wrk nginx "$2" "$nginx_url")") ;;
  esac
}
for round in 1 2 3 4; do
  if [ $((round % 2)) = 1 ]; then order="edge bare nginx"; else order="nginx bare edge"; fi
  for name in $order; do measure "$name" "$round"; done
done
printf '%s\n' "${results[@]}" >"$work/edge-results.txt"
edge_table="$(python3 - "$work/edge-results.txt" "$work/edge-figures.txt" <<'PY'
import sys
rows = {"edge": [], "bare": [], "nginx": []}
for line in sorted(open(sys.argv[1]), key=lambda line: int(line.split()[1])):  # by round
    name, _, *figures = line.split()
    rows[name].append([float(f) for f in figures])
out = ["| server | round | requests/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
labels = (("edge", "edge (whole stack, token checked)"), ("bare", "bare Hummingbird 2, same TLS"), ("nginx", "nginx, static file"))
for name, label in labels:
    for i, (rate, p50, p99, errors) in enumerate(rows[name], 1):
        out.append(f"| {label} | {i} | {rate:,.0f} | {p50:.2f} | {p99:.2f} | {errors:.0f} |")
def median(values):
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
def ratio(a, b, column):
    return median([x[column] / y[column] for x, y in zip(rows[a], rows[b])])
rate = {pair: ratio(*pair, 0) for pair in (("edge", "bare"), ("edge", "nginx"), ("bare", "nginx"))}
p99 = {pair: ratio(*pair, 2) for pair in rate}
out += ["", "Medians of the rounds' ratios:", "",
        "| ratio | requests/s | p99 latency |", "|---|---:|---:|",
        f"| edge ÷ bare Hummingbird | **{rate[('edge', 'bare')]:.2f}** | **{p99[('edge', 'bare')]:.2f}** |",
        f"| edge ÷ nginx | {rate[('edge', 'nginx')]:.2f} | {p99[('edge', 'nginx')]:.2f} |",
        f"| bare Hummingbird ÷ nginx | {rate[('bare', 'nginx')]:.2f} | {p99[('bare', 'nginx')]:.2f} |"]
errors = sum(r[3] for rs in rows.values() for r in rs)
if errors: out.append(f"**{errors:.0f} errors or non-2xx answers** were counted: the figures above are not valid.")
print("\n".join(out))
open(sys.argv[2], "w").write(f"{rate[('edge', 'bare')]} {p99[('edge', 'bare')]} {errors}\n")
PY
)"
echo "$edge_table"
edge_figures="$(cat "$work/edge-figures.txt")"
cleanup
trap - EXIT

echo "== orchestrator: full six-agent runs (${rpc_seconds} s at 1 and at 8 in flight; 1,000 watchers)"
orchestrator_one="$("$bench" orchestrator --seconds "$rpc_seconds" --concurrency 1 --watchers 0)"
echo "$orchestrator_one"
orchestrator_eight="$("$bench" orchestrator --seconds "$rpc_seconds" --concurrency 8 --watchers 1000)"
echo "$orchestrator_eight"

echo "== rate limiter (${rpc_seconds} s per measurement)"
limiter_table="$("$bench" ratelimit --seconds "$rpc_seconds")"
echo "$limiter_table"

targets_table="$(RPC="$rpc_table" ONE="$orchestrator_one" EIGHT="$orchestrator_eight" LIMITER="$limiter_table" EDGE="$edge_figures" python3 - <<'PY'
import os, re
rpc, one, eight, limiter = (os.environ[name] for name in ("RPC", "ONE", "EIGHT", "LIMITER"))
edge = os.environ["EDGE"].split()
stream = re.search(r"^\| (\d+) \| (\d+) \| ([\d.]+) \|$", rpc, re.M)
def p50(text):
    return float(re.search(r"run latency p50 / p99[^|]*\| (\d+) / (\d+) ms", text).group(1))
fanout = re.search(r"events delivered \| (\d+) in", eight)
expected = re.search(r"events per watcher[^|]*\| (\d+)", eight)
key_bytes = int(re.search(r"resident memory per tracked key[^|]*\| (\d+) bytes", limiter).group(1))
def verdict(ok): return "met" if ok else "**not met**"
rows = [
    ("Edge requests/s ÷ bare Hummingbird", "≥ 0.80", f"{float(edge[0]):.2f}", float(edge[0]) >= 0.8 and float(edge[2]) == 0),
    ("Edge p99 ÷ bare Hummingbird", "≤ 1.50", f"{float(edge[1]):.2f}", float(edge[1]) <= 1.5),
    ("RPC server stream messages/s ÷ grpc-swift-2", "≥ 1.00", stream.group(3), float(stream.group(3)) >= 1.0),
    ("Full six-agent run p50, one at a time", "≤ 50 ms", f"{p50(one):.0f} ms", p50(one) <= 50),
    ("Full six-agent run p50, eight at once", "≤ 50 ms", f"{p50(eight):.0f} ms", p50(eight) <= 50),
    ("1,000 watchers: events delivered, each seq once", f"{int(expected.group(1)) * 1000}", fanout.group(1), int(fanout.group(1)) == int(expected.group(1)) * 1000),
    ("Rate limiter bytes per tracked key", "≤ 100", f"{key_bytes}", key_bytes <= 100),
]
print("| target (issue 21) | wanted | measured | |")
print("|---|---:|---:|---|")
for name, wanted, measured, ok in rows:
    print(f"| {name} | {wanted} | {measured} | {verdict(ok)} |")
PY
)"
echo "$targets_table"

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

### Edge beside bare Hummingbird and nginx: GET /api/agents/available

The edge runs the whole stack (\`ceo stack\`, release build, rate limits raised so that
wrk measures the edge) and authenticates a bearer token on every request. The bare
Hummingbird 2 server (\`ceo-bench bare-http\`: the edge's TLS settings, HTTP/1.1, no
middleware, no authentication) answers the same path with the same $body_bytes-byte body
from memory: the framework's ceiling. nginx (2 workers) serves the body from a static
file, TLS 1.2/1.3 with the same certificate. All three get the same request, the
bearer token's header included (the bare server and nginx read past it: parsing what
arrives is part of the ceiling; checking the token is the edge's own work). wrk: 2
threads, 64 connections, ${seconds} s
per server in each of four rounds after a 2 s warm-up of each, the three servers one
after another within a round, the order reversed every other round (edge, bare, nginx;
then nginx, bare, edge) so that neither is always first; a ratio is the median of the
four rounds' ratios, so that
the machine's drift between rounds (large on these shared machines) cancels.

$edge_table

### Orchestrator: full six-agent runs

\`ceo-bench orchestrator\` in one process over mutual-TLS loopback: AuthService,
AgentService (the six agents' playbook, no result cache) and the orchestrator with its
SQLite file in a temporary folder, called as the edge with a user's access token. The
Delaware SaaS run (six agents in four phases), started and watched to its final event
again and again for ${rpc_seconds} s: first one run at a time (a run's own latency), then
eight at once (throughput; latency includes waiting for the two cores), then 1,000
\`WatchJob\` streams reading one run from seq 0.

One run at a time:

$orchestrator_one

Eight at once, and the fan-out:

$orchestrator_eight

### Edge rate limiter

\`ceo-bench ratelimit\`: the analyze policy (two quotas) checked for 10,000 keys, on one
thread and on two; then one million keys and the growth of resident memory per key.

$limiter_table

### Issue 21's targets

$targets_table
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
