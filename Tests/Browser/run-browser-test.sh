#!/usr/bin/env bash
# The web app in a real browser: installs Debian's chromium and chromium-driver and
# Selenium from PyPI when missing, starts the whole stack (`ceo stack`, four processes)
# on free ports with paced agents (so that a run lasts long enough to reload mid-run),
# and drives headless Chromium through web_app_test.py. Screenshots land in
# artifacts/screenshots. Prints "browser: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
source "$root/scripts/lib/ensure-system-packages.sh"
ensure_system_packages chromium chromium-driver python3-pip
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium || { echo "browser: 0 passed, 1 failed"; exit 1; }

work="$(mktemp -d)"
stack=""
cleanup() { [ -n "$stack" ] && kill -INT "$stack" 2>/dev/null && sleep 2; [ -n "$stack" ] && kill -9 "$stack" 2>/dev/null; pkill -9 -f -- "--data-dir $work/data" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 10))')
http=$((base + 5)) metrics=$((base + 6))
CEO_AGENTS_PACE_MS="${CEO_AGENTS_PACE_MS:-1500}" "$ceo" stack --data-dir "$work/data" --base-port "$base" --http-port "$http" --metrics-port "$metrics" > "$work/stack.log" 2>&1 &
stack=$!
ready=false
for _ in $(seq 1 600); do
  if curl -ksf "https://localhost:$http/health/ready" >/dev/null 2>&1; then ready=true; break; fi
  kill -0 "$stack" 2>/dev/null || break
  sleep 0.1
done
if ! $ready; then
  echo "browser: the stack did not become ready"; tail -30 "$work/stack.log"
  echo "browser: 0 passed, 1 failed"; exit 1
fi

mkdir -p "$root/artifacts/screenshots"
python3 "$root/Tests/Browser/web_app_test.py" --base "https://localhost:$http" --metrics "http://127.0.0.1:$metrics/metrics" \
  --screenshots "$root/artifacts/screenshots" --downloads "$work/downloads"
status=$?
[ $status -eq 0 ] || tail -40 "$work/stack.log"
exit $status
