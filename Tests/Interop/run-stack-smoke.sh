#!/usr/bin/env bash
# The README's run command, end to end: `ceo stack` starts four processes that each
# answer Health/Check over mutual TLS; Ctrl-C (SIGINT) stops them all cleanly.
# Prints "stack-smoke: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
work="$(mktemp -d)"
stack=""
cleanup() {
  [ -n "$stack" ] && kill -9 "$stack" 2>/dev/null; pkill -9 -f -- "--data-dir $work/" 2>/dev/null
  # The logs (not stack3's, whose banner shows its generated password by design), for CI
  # and for the test command's search for secrets.
  mkdir -p "$root/artifacts/logs"
  for log in "$work/stack.log" "$work/stack2.log"; do [ -f "$log" ] && cp "$log" "$root/artifacts/logs/smoke-$(basename "$log")"; done
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "stack-smoke: FAIL: $*"; fi; }

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 20))')
ports=(--base-port "$base" --http-port $((base + 10)) --metrics-port $((base + 11)))
login() { # data-dir email password: prints the access token, if the edge signs the admin in
  curl -sf --cacert "$1/pki/ca.pem" -H 'Content-Type: application/json' \
    -d "{\"email\": \"$2\", \"password\": \"$3\", \"session\": false}" "https://localhost:$((base + 10))/api/auth/login" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
# The first run makes the admin from the settings (its password never printed).
admin_password="smoke-lantern-$RANDOM-$RANDOM-orchard"
mkdir -p "$root/artifacts/logs" && echo "$admin_password" >> "$root/artifacts/logs/secrets-used.txt"
CEO_BOOTSTRAP_ADMIN_EMAIL=Admin@Example.com CEO_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
  "$ceo" stack --data-dir "$work/data" "${ports[@]}" > "$work/stack.log" 2>&1 &
stack=$!
up=false
for _ in $(seq 1 300); do
  grep -q "stack is up" "$work/stack.log" && { up=true; break; }
  kill -0 "$stack" 2>/dev/null || break
  sleep 0.1
done
check $up
# The stack waited for the edge's readiness and printed the web app's URL.
check grep -q "Web app and API: https://localhost:$((base + 10))/" "$work/stack.log"
check grep -q "First run: the admin is Admin@Example.com" "$work/stack.log"
check test -n "$(login "$work/data" admin@example.com "$admin_password")"

for offset in 0 1 2 3; do
  check "$ceo" health --data-dir "$work/data" --endpoint "127.0.0.1:$((base + offset))"
done
check test "$(pgrep -f -c -- "--data-dir $work/data --host")" -eq 4
for key in "$work"/data/pki/*/key.pem "$work"/data/ca/ca-key.pem; do
  check test "$(stat -c %a "$key")" = 600
done
# Each service's folder holds its own key and no other; the CA's key is not among them.
check test "$(find "$work/data/pki" -name '*key*.pem' | wc -l)" -eq 4
check test ! -e "$work/data/pki/ca-key.pem"
# AuthService keeps its database and its private signing keyring in the data folder.
check test -s "$work/data/auth/auth.sqlite"
check test "$(stat -c %a "$work/data/auth/signing-keys.json")" = 600
# Only one first admin: bootstrap-admin refuses once the stack made one.
printf '%s\n' "$admin_password" | "$ceo" bootstrap-admin --data-dir "$work/data" --email other@example.com > "$work/boot2.log" 2>&1
check test $? -ne 0
check grep -q "an admin already exists" "$work/boot2.log"

kill -INT "$stack"
stopped=false
for _ in $(seq 1 150); do
  kill -0 "$stack" 2>/dev/null || { stopped=true; break; }
  sleep 0.1
done
check $stopped
wait "$stack"; status=$?
stack=""
check test "$status" -eq 0
check test "$(pgrep -f -c -- "--data-dir $work/data --host")" -eq 0
# Shutdown order: edge first, auth last.
check test "$(grep -o '[a-z]* exited' "$work/stack.log" | tr '\n' ' ')" = "edge exited orchestrator exited agents exited auth exited "

# If the stack is killed outright, its services notice and stop on their own.
"$ceo" stack --data-dir "$work/data" "${ports[@]}" > "$work/stack2.log" 2>&1 &
stack=$!
for _ in $(seq 1 300); do grep -q "stack is up" "$work/stack2.log" && break; sleep 0.1; done
kill -9 "$stack"; wait "$stack" 2>/dev/null; stack=""
orphans_gone=false
for _ in $(seq 1 100); do
  [ "$(pgrep -f -c -- "--data-dir $work/data --host")" -eq 0 ] && { orphans_gone=true; break; }
  sleep 0.1
done
check $orphans_gone

# No secret reaches a log.
check test "$(cat "$work"/*.log | grep -c -- "$admin_password")" -eq 0
# Not the first run any more: no admin line.
check test "$(grep -c "First run" "$work/stack2.log")" -eq 0

# A first run without settings generates the admin's password and prints it once.
"$ceo" stack --data-dir "$work/fresh" "${ports[@]}" > "$work/stack3.log" 2>&1 &
stack=$!
for _ in $(seq 1 300); do grep -q "First run" "$work/stack3.log" && break; sleep 0.1; done
generated=$(grep -o "admin admin@example.com with the password [A-Za-z0-9-]*" "$work/stack3.log" | awk '{print $NF}')
check test -n "$generated"
check test "$(grep -c -- "$generated" "$work/stack3.log")" -eq 1
check test -n "$(login "$work/fresh" admin@example.com "$generated")"
kill -INT "$stack"; wait "$stack" 2>/dev/null; stack=""

[ "$failed" -eq 0 ] || { echo "stack log:"; tail -30 "$work/stack.log"; }
echo "stack-smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
