#!/usr/bin/env bash
# Faults injected into the real stack (four processes), one command:
#   bash Tests/Resilience/run-fault-injection.sh
# Installs websocket-client into a private venv when missing. Prints a table of the
# faults and their outcomes, and "fault-injection: N passed, N failed".
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.build-tools/venv"
if ! "$venv/bin/python" -c "import websocket" 2>/dev/null; then
  { [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"; } && "$venv/bin/pip" install -q websocket-client || exit 1
fi
[ -x "$root/.build/debug/ceo" ] || (cd "$root" && swift build --product ceo) || exit 1
work="$(mktemp -d)"
trap 'pkill -9 -f -- "--data-dir $work/data" 2>/dev/null; rm -rf "$work"' EXIT
"$venv/bin/python" "$root/Tests/Resilience/fault_injection.py" --ceo "${CEO_BINARY:-$root/.build/debug/ceo}" --work "$work" "$@"
