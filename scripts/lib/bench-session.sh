# Sourced by the benchmark scripts, after they start `ceo stack` with its data in
# $bench_data:
#   bench_curl ...             curl trusting the stack's development CA
#   bench_sign_in <base URL>   waits until the stack is ready, registers a benchmark
#                              user (once) and prints an access token
bench_curl() { curl -sS --cacert "$bench_data/pki/ca.pem" "$@"; }

bench_sign_in() {
  local base="$1"
  for _ in $(seq 1 240); do
    [ -f "$bench_data/pki/ca.pem" ] && bench_curl -o /dev/null -w '%{http_code}' "$base/health/ready" 2>/dev/null | grep -q 200 && break
    sleep 0.5
  done
  bench_curl -o /dev/null -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"plum-orchard-lantern-42"}' "$base/api/auth/register"
  bench_curl -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"plum-orchard-lantern-42","session":false}' "$base/api/auth/login" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

