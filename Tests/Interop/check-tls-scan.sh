#!/usr/bin/env bash
# The TLS settings of the public HTTPS port and an internal mutual-TLS RPC port, as an
# independent scanner sees them (sslyze, from PyPI, in a private venv made when
# missing): no SSL, no TLS 1.0 or 1.1; on TLS 1.2 only forward-secret AEAD suites; TLS
# 1.3 offered; the internal port speaks TLS 1.3 only. Prints "tls-scan: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ceo="${CEO_BINARY:-$root/.build/debug/ceo}"
venv="$root/.build-tools/venv"
if [ ! -x "$venv/bin/sslyze" ]; then
  python3 -m venv "$venv" && "$venv/bin/pip" install -q sslyze || { echo "tls-scan: 0 passed, 1 failed"; exit 1; }
fi
work="$(mktemp -d)"
stack=""
cleanup() { [ -n "$stack" ] && kill -INT "$stack" 2>/dev/null && wait "$stack" 2>/dev/null; pkill -9 -f -- "--data-dir $work/data" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

base=$(python3 -c 'import random; print(random.randrange(20000, 29000, 20))')
"$ceo" stack --data-dir "$work/data" --base-port "$base" --http-port $((base + 10)) --metrics-port $((base + 11)) > "$work/stack.log" 2>&1 &
stack=$!
for _ in $(seq 1 600); do grep -q "stack is up" "$work/stack.log" && break; kill -0 "$stack" 2>/dev/null || break; sleep 0.1; done
grep -q "stack is up" "$work/stack.log" || { tail -20 "$work/stack.log"; echo "tls-scan: 0 passed, 1 failed"; exit 1; }

scan="--sslv2 --sslv3 --tlsv1 --tlsv1_1 --tlsv1_2 --tlsv1_3 --quiet"
"$venv/bin/sslyze" $scan --json_out="$work/public.json" "localhost:$((base + 10))" >/dev/null 2>&1
# The internal port asks for a client certificate: present the edge's.
"$venv/bin/sslyze" $scan --cert "$work/data/pki/edge/cert.pem" --key "$work/data/pki/edge/key.pem" \
  --json_out="$work/internal.json" "localhost:$base" >/dev/null 2>&1

python3 - "$work/public.json" "$work/internal.json" <<'PY'
import json, sys
passed = failed = 0
def check(name, ok, detail=""):
    global passed, failed
    if ok: passed += 1
    else:
        failed += 1
        print(f"tls-scan: FAIL {name} {detail}")

def accepted(path):
    result = json.load(open(path))["server_scan_results"][0]
    check(f"{path}: the scan completed", result.get("scan_status") == "COMPLETED", result.get("connectivity_error_trace", ""))
    scans = result.get("scan_result") or {}
    names = {}
    for key in ["ssl_2_0", "ssl_3_0", "tls_1_0", "tls_1_1", "tls_1_2", "tls_1_3"]:
        attempt = scans.get(f"{key}_cipher_suites") or {}
        check(f"{path}: {key} was tested", attempt.get("status") == "COMPLETED", str(attempt.get("error_trace", ""))[:200])
        names[key] = [suite["cipher_suite"]["name"] for suite in (attempt.get("result") or {}).get("accepted_cipher_suites", [])]
    return names

for label, path in [("public", sys.argv[1]), ("internal", sys.argv[2])]:
    names = accepted(path)
    for old in ["ssl_2_0", "ssl_3_0", "tls_1_0", "tls_1_1"]:
        check(f"{label}: {old} refused", not names[old], str(names[old]))
    check(f"{label}: TLS 1.3 offered", bool(names["tls_1_3"]))
    weak = [n for n in names["tls_1_2"] if "ECDHE" not in n or not ("GCM" in n or "CHACHA20" in n)]
    check(f"{label}: TLS 1.2 suites are forward-secret AEAD only", not weak, str(weak))
    print(f"tls-scan: {label}: TLS 1.2 {names['tls_1_2']}, TLS 1.3 {names['tls_1_3']}")
    if label == "internal":
        check("internal: TLS 1.3 only", not names["tls_1_2"], str(names["tls_1_2"]))
print(f"tls-scan: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
