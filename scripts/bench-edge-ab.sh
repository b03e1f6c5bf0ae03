#!/usr/bin/env bash
# Two builds of the edge, measured against each other: what one change to the edge bought.
#   bash scripts/bench-edge-ab.sh OLD_CEO_BINARY NEW_CEO_BINARY
# Starts a whole stack from each binary (release builds, embedded defaults, ports chosen
# free, rate limits lifted), then sends each edge GET /api/agents/available with a bearer
# token from wrk (2 threads, 64 connections), in alternating rounds (A then B, then B then
# A) so that the machine's drift between minutes falls on both. Each round prints, per
# build, the requests/s and the edge process's CPU per request in microseconds (user +
# system time from /proc over the middle of the round): on a machine whose client and
# server share the cores, the edge is CPU-bound and CPU per request is the figure a change
# moves. Ends with the median of the rounds' B ÷ A ratios.
#   AB_ROUNDS   rounds (default 8)
#   AB_SECONDS  seconds per build per round (default 6)
# Build an older commit's binary beside this checkout, for example:
#   git worktree add /tmp/edge-old REV && (cd /tmp/edge-old && swift build -c release --product ceo)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ $# -eq 2 ] || { echo "usage: $0 OLD_CEO_BINARY NEW_CEO_BINARY" >&2; exit 2; }
for binary in "$1" "$2"; do [ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 2; }; done
source scripts/lib/ensure-system-packages.sh
ensure_system_packages wrk
source scripts/lib/bench-session.sh
source scripts/lib/free-ports.sh
rounds="${AB_ROUNDS:-8}"
seconds="${AB_SECONDS:-6}"
[ "$seconds" -ge 3 ] || { echo "AB_SECONDS must be at least 3" >&2; exit 2; }
work="$(mktemp -d)"
export CEO_LOG_LEVEL=error
export CEO_EDGE_RATE_LIMIT_GENERAL="1000000000/60"
export CEO_EDGE_RATE_LIMIT_BURST="1000000000/10"
declare -A binary=([A]="$1" [B]="$2") url token stack edge
cleanup() {
  for name in A B; do
    [ -n "${stack[$name]:-}" ] && { kill -TERM "${stack[$name]}" 2>/dev/null; wait "${stack[$name]}" 2>/dev/null || true; }
  done
  rm -rf "$work"
}
trap cleanup EXIT

for name in A B; do
  mkdir -p "$work/$name"
  rpc_base=$(free_ports 4); metrics_port=$(free_ports 4); port=$(free_ports 1)
  "${binary[$name]}" stack --data-dir "$work/$name/data" --base-port "$rpc_base" --http-port "$port" --metrics-port "$metrics_port" \
    >"$work/$name/stack.log" 2>&1 &
  stack[$name]=$!
  bench_data="$work/$name/data"
  token[$name]=$(bench_sign_in "https://localhost:$port") || { cat "$work/$name/stack.log" >&2; exit 1; }
  url[$name]="https://localhost:$port/api/agents/available"
  # The edge is the stack's child process whose command line names this data folder.
  edge[$name]=$(pgrep -f "edge --data-dir $work/$name/data" | head -1)
  [ -n "${edge[$name]}" ] || { echo "no edge process for build $name" >&2; cat "$work/$name/stack.log" >&2; exit 1; }
  status=$(bench_curl -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${token[$name]}" "${url[$name]}")
  [ "$status" = 200 ] || { echo "build $name answered $status to the benchmark's request" >&2; exit 1; }
done

ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# measure NAME: one wrk round against build NAME; prints "requests/s µs-per-request".
measure() {
  local name=$1 before after
  wrk -t2 -c64 -d$((seconds + 1))s -H "Authorization: Bearer ${token[$name]}" "${url[$name]}" >"$work/$name/wrk.txt" &
  local load=$!
  sleep 0.5; before=$(cpu_ticks "${edge[$name]}")
  sleep $((seconds - 1)); after=$(cpu_ticks "${edge[$name]}")
  wait "$load"
  python3 - "$work/$name/wrk.txt" "$before" "$after" "$ticks_per_second" "$((seconds - 1))" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
if re.search(r"Non-2xx or 3xx responses|Socket errors", text):
    sys.exit("wrk saw errors:\n" + text)
before, after, ticks, window = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print("%.0f %.1f" % (rate, (after - before) / ticks / window / rate * 1e6))
PY
}

for name in A B; do wrk -t2 -c64 -d2s -H "Authorization: Bearer ${token[$name]}" "${url[$name]}" >/dev/null; done
echo "| round | A requests/s | A µs CPU/request | B requests/s | B µs CPU/request | B÷A requests/s |"
echo "|---:|---:|---:|---:|---:|---:|"
ratios=()
for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) = 1 ]; then a=$(measure A); b=$(measure B); else b=$(measure B); a=$(measure A); fi
  read -r a_rate a_cpu <<<"$a"; read -r b_rate b_cpu <<<"$b"
  ratio=$(python3 -c "print('%.3f' % ($b_rate / $a_rate))")
  ratios+=("$ratio")
  echo "| $round | $a_rate | $a_cpu | $b_rate | $b_cpu | $ratio |"
done
python3 -c "import statistics, sys; print('median B÷A requests/s: %.3f' % statistics.median(float(r) for r in sys.argv[1:]))" "${ratios[@]}"
