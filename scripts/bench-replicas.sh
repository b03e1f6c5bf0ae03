#!/usr/bin/env bash
# Full six-agent runs per second with the runs on SQLite (one orchestrator, the embedded
# default: the baseline), on PostgreSQL with one orchestrator, and on PostgreSQL with two
# orchestrator replicas behind one client, in one run on one machine:
#   bash scripts/bench-replicas.sh
# Everything is in one process per configuration (ceo-bench orchestrator: AuthService,
# AgentService with its playbook and no result cache, the orchestrators, over mutual-TLS
# loopback); PostgreSQL is a local server started here (scripts/lib/test-postgres.sh:
# TLS, fsync on, commits not waited for, as SQLite's synchronous=NORMAL), with a new
# database per configuration. Prints a table with the ratios
# against the SQLite baseline.
#   BENCH_SECONDS      seconds per configuration (default 10)
#   BENCH_CONCURRENCY  runs in flight at once (default 8)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/lib/ensure-system-packages.sh
source scripts/lib/test-postgres.sh
ensure_system_packages postgresql openssl
seconds="${BENCH_SECONDS:-10}"
concurrency="${BENCH_CONCURRENCY:-8}"

echo "== building (release): ceo-bench"
swift build -c release --product ceo-bench >/dev/null
bench="$(swift build -c release --show-bin-path)/ceo-bench"

CEO_TEST_POSTGRES_DURABLE=1 start_test_postgres
trap stop_test_postgres EXIT
database_url() {
  local name="bench_$1_$RANDOM"
  PGPASSWORD="$(cat "$CEO_TEST_POSTGRES_DIR/password")" psql -h 127.0.0.1 -p "$CEO_TEST_POSTGRES_PORT" -U ceo -d postgres -qc "CREATE DATABASE $name" >/dev/null
  echo "${CEO_TEST_POSTGRES_URL/\/postgres\?//$name?}"
}

measure() {  # prints "runs/s p50 p99"
  "$bench" orchestrator --seconds "$seconds" --concurrency "$concurrency" --watchers 0 "$@" \
    | awk -F'|' '/runs per second/ {gsub(/ /, "", $3); rate=$3} /p50 \/ p99/ {split($3, l, "/"); gsub(/[ ms]/, "", l[1]); gsub(/[ ms]/, "", l[2]); p50=l[1]; p99=l[2]} END {print rate, p50, p99}'
}

echo "== SQLite, one orchestrator (${seconds} s)"
read -r sqlite_rate sqlite_p50 sqlite_p99 < <(measure)
echo "== PostgreSQL, one orchestrator"
read -r pg1_rate pg1_p50 pg1_p99 < <(measure --postgres-url "$(database_url one)" --replicas 1)
echo "== PostgreSQL, two orchestrators"
read -r pg2_rate pg2_p50 pg2_p99 < <(measure --postgres-url "$(database_url two)" --replicas 2)

ratio() { python3 -c "print(f'{float($1) / float($2):.2f}×')"; }
cat <<TABLE

Full six-agent runs, ${concurrency} in flight, ${seconds} s each ($(nproc) cores, $(date -u +%Y-%m-%d)):

| store | orchestrators | runs/s | vs SQLite | run p50 / p99 |
|---|---:|---:|---:|---:|
| SQLite (baseline) | 1 | ${sqlite_rate} | 1.00× | ${sqlite_p50} / ${sqlite_p99} ms |
| PostgreSQL | 1 | ${pg1_rate} | $(ratio "$pg1_rate" "$sqlite_rate") | ${pg1_p50} / ${pg1_p99} ms |
| PostgreSQL | 2 | ${pg2_rate} | $(ratio "$pg2_rate" "$sqlite_rate") | ${pg2_p50} / ${pg2_p99} ms |
TABLE
