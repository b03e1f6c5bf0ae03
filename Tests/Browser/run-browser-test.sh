#!/usr/bin/env bash
# The web app in a real browser: installs Debian's chromium and chromium-driver and
# Selenium and axe-core (axe-core-python) from PyPI when missing, starts the four
# services as their own processes on
# free ports, with paced agents (so that a run lasts long enough to reload the page and
# to drop the connection in the middle), and drives headless Chromium through
# web_app_test.py. The test kills and restarts the edge process mid-run through
# restart-edge.sh. Screenshots land in artifacts/screenshots. Prints
# "browser: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
source "$root/scripts/lib/ensure-system-packages.sh"
ensure_system_packages chromium chromium-driver python3-pip
python3 -c "import selenium, axe_core_python" 2>/dev/null || python3 -m pip install -q selenium axe-core-python \
  || { echo "browser: 0 passed, 1 failed"; exit 1; }

work="$(mktemp -d)"
cleanup() {
  pkill -TERM -f -- "--data-dir $work/data" 2>/dev/null
  for _ in $(seq 1 30); do pgrep -f -- "--data-dir $work/data" >/dev/null || break; sleep 0.1; done
  pkill -9 -f -- "--data-dir $work/data" 2>/dev/null
  # The services' logs, kept for CI and searched for secrets by the test command.
  mkdir -p "$root/artifacts/logs"
  for log in "$work"/*.log; do [ -f "$log" ] && cp "$log" "$root/artifacts/logs/browser-$(basename "$log")"; done
  rm -rf "$work"
}
trap cleanup EXIT

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 10))')
export CEO_AUTH_ENDPOINTS="127.0.0.1:$base" CEO_AGENT_ENDPOINTS="127.0.0.1:$((base + 1))" CEO_ORCHESTRATOR_ENDPOINTS="127.0.0.1:$((base + 2))"
export CEO_EDGE_HTTP_PORT=$((base + 5)) CEO_EDGE_METRICS_PORT=$((base + 6))
export CEO_AGENTS_PACE_MS="${CEO_AGENTS_PACE_MS:-3000}" CEO_LOG_FORMAT=json CEO_LOG_LEVEL=debug CEO_METRICS_PORT=0
"$ceo" pki init --data-dir "$work/data" > /dev/null
start() { # name port; in a subshell, so that this script does not report the test's kill
  ( "$ceo" "$1" --data-dir "$work/data" --port "$2" --drain-seconds 1 >> "$work/$1.log" 2>&1 & echo $! > "$work/$1.pid" )
}
start auth "$base"; start agents $((base + 1)); start orchestrator $((base + 2)); start edge $((base + 3))
cat > "$work/restart-edge.sh" <<EOS
#!/usr/bin/env bash
# Kills the edge outright (every browser connection drops), waits \${1:-3} s, starts it again.
kill -9 "\$(cat "$work/edge.pid")"
sleep "\${1:-3}"
( "$ceo" edge --data-dir "$work/data" --port $((base + 3)) --drain-seconds 1 >> "$work/edge.log" 2>&1 & echo \$! > "$work/edge.pid" )
EOS
chmod +x "$work/restart-edge.sh"

url="https://localhost:$CEO_EDGE_HTTP_PORT"
ready=false
for _ in $(seq 1 600); do
  if curl -ksf "$url/health/ready" >/dev/null 2>&1; then ready=true; break; fi
  sleep 0.1
done
if ! $ready; then
  echo "browser: the services did not become ready"; tail -n 20 "$work"/*.log
  echo "browser: 0 passed, 1 failed"; exit 1
fi

# The first admin, made on purpose while AuthService runs.
admin_password="orchard-lantern-$RANDOM-$RANDOM-plum"
printf '%s\n' "$admin_password" | "$ceo" bootstrap-admin --data-dir "$work/data" --email admin@example.com > "$work/bootstrap.log" 2>&1 \
  || { echo "browser: bootstrap-admin failed"; cat "$work/bootstrap.log"; echo "browser: 0 passed, 1 failed"; exit 1; }

mkdir -p "$root/artifacts/screenshots" "$root/artifacts/logs"
python3 "$root/Tests/Browser/web_app_test.py" --base "$url" --metrics "http://127.0.0.1:$CEO_EDGE_METRICS_PORT/metrics" \
  --screenshots "$root/artifacts/screenshots" --downloads "$work/downloads" --restart-edge "$work/restart-edge.sh" \
  --admin-email admin@example.com --admin-password "$admin_password" --secrets-file "$root/artifacts/logs/secrets-used.txt"
status=$?
[ $status -eq 0 ] || tail -n 20 "$work"/*.log
exit $status
