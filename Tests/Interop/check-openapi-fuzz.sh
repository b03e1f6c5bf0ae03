#!/usr/bin/env bash
# Schema-driven HTTP fuzzing of the edge (schemathesis, from PyPI, in a private venv
# made when missing) against its own OpenAPI document, on the whole stack started here
# with rate limits raised: every operation, generated and mutated inputs, and stateful
# sequences, bounded in examples and time. Fails on any 5xx, any response whose body
# does not match the schema, any undocumented status code or content type. Signing the
# fuzzer out everywhere (POST /api/auth/logout-everywhere) would end its own session
# and turn every later call into a 401, so that one route is left to the Swift tests.
# Prints "openapi-fuzz: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
venv="$root/.build-tools/venv"
if [ ! -x "$venv/bin/schemathesis" ]; then
  { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q schemathesis || { echo "openapi-fuzz: 0 passed, 1 failed"; exit 1; }
fi
work="$(mktemp -d)"
stack=""
cleanup() { [ -n "$stack" ] && kill -INT "$stack" 2>/dev/null && wait "$stack" 2>/dev/null; pkill -9 -f -- "--data-dir $work/data" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 20))')
for policy in ANALYZE AGENT_EXECUTE LOGIN GENERAL CSP_REPORT; do export "CEO_EDGE_RATE_LIMIT_$policy=1000000/60"; done
export CEO_EDGE_RATE_LIMIT_BURST=1000000/10
"$ceo" stack --data-dir "$work/data" --base-port "$base" --http-port $((base + 10)) --metrics-port $((base + 11)) > "$work/stack.log" 2>&1 &
stack=$!
for _ in $(seq 1 600); do grep -q "stack is up" "$work/stack.log" && break; kill -0 "$stack" 2>/dev/null || break; sleep 0.1; done
grep -q "stack is up" "$work/stack.log" || { tail -20 "$work/stack.log"; echo "openapi-fuzz: 0 passed, 1 failed"; exit 1; }

url="https://localhost:$((base + 10))"
ca="$work/data/pki/ca.pem"
curl -sf --cacert "$ca" -H 'Content-Type: application/json' -d '{"email":"fuzz@example.com","password":"plum-orchard-lantern-42"}' "$url/api/auth/register" >/dev/null
token=$(curl -sf --cacert "$ca" -H 'Content-Type: application/json' -d '{"email":"fuzz@example.com","password":"plum-orchard-lantern-42","session":false}' \
  "$url/api/auth/login" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
[ -n "$token" ] || { echo "openapi-fuzz: cannot sign in"; echo "openapi-fuzz: 0 passed, 1 failed"; exit 1; }

cd "$work"  # schemathesis keeps a cache in the current folder
timeout 600 "$venv/bin/schemathesis" run "$url/api/openapi.json" --url "$url" --tls-verify "$ca" -H "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "${CEO_FUZZ_EXAMPLES:-15}" --request-timeout 20 --no-color \
  --exclude-path /api/auth/logout-everywhere > "$work/fuzz.log" 2>&1
status=$?
grep -E "generated|passed|failed|Seed:" "$work/fuzz.log" | tail -4 | sed 's/^/openapi-fuzz: /'
if [ $status -eq 0 ]; then
  echo "openapi-fuzz: 1 passed, 0 failed"
else
  sed -n '/FAILURES/,$p' "$work/fuzz.log" | head -60
  echo "openapi-fuzz: 0 passed, 1 failed"
fi
exit $status
