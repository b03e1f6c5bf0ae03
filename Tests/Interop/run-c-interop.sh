#!/usr/bin/env bash
# Builds the C client (protoc-c + libprotobuf-c + OpenSSL) from Protos/ and runs it
# against a real service process over mutual TLS. Prints "c-interop: N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# C code generated at test time from the same .proto files as the Swift code.
gen="$work/gen"
mkdir -p "$gen"
protoc-c -IProtos -I/usr/include --c_out="$gen" \
  ceo/rpc/v1/frame.proto ceo/rpc/v1/options.proto ceo/health/v1/health.proto google/protobuf/descriptor.proto
gcc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror -O1 -I"$gen" \
  -o "$work/health_client" Tests/Interop/health_client.c \
  "$gen/ceo/rpc/v1/frame.pb-c.c" "$gen/ceo/rpc/v1/options.pb-c.c" "$gen/ceo/health/v1/health.pb-c.c" \
  "$gen/google/protobuf/descriptor.pb-c.c" \
  $(pkg-config --cflags --libs libprotobuf-c openssl)

# A real service on a free loopback port, with the development PKI in a temp data folder.
data="$work/data"
"$ceo" pki init --data-dir "$data" > /dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
"$ceo" agents --data-dir "$data" --port "$port" > "$work/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  "$ceo" health --data-dir "$data" --endpoint "127.0.0.1:$port" >/dev/null 2>&1 && break
  sleep 0.1
done

pki="$data/pki"
passed=0 failed=0
for mode in check oversize; do
  if "$work/health_client" 127.0.0.1 "$port" "$pki/ca.pem" "$pki/edge/cert.pem" "$pki/edge/key.pem" "$mode"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "c-interop: $mode failed; service log:"; tail -20 "$work/service.log"
  fi
done
echo "c-interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
