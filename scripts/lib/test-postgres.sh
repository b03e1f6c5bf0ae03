# Sourced by scripts/test.sh: a real PostgreSQL server for the tests, from Debian's
# package, in a temporary folder on a free loopback port, with TLS (a certificate made
# for this run) and password authentication. Exports CEO_TEST_POSTGRES_URL, which the
# PostgreSQL cases of the store suites and the replica process tests read; each test
# makes a database of its own in it.

source "$(dirname "${BASH_SOURCE[0]}")/free-ports.sh"

start_test_postgres() {
  local bindir port
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$bindir/initdb" ] || { echo "PostgreSQL's initdb is missing (apt-get install postgresql)" >&2; return 1; }
  CEO_TEST_POSTGRES_DIR="$(mktemp -d /tmp/ceo-test-postgres.XXXXXX)"
  port="$(free_ports 1)"
  local password; password="$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$CEO_TEST_POSTGRES_DIR/server.key" -out "$CEO_TEST_POSTGRES_DIR/server.crt" 2>/dev/null
  chmod 600 "$CEO_TEST_POSTGRES_DIR/server.key"
  printf '%s\n' "$password" >"$CEO_TEST_POSTGRES_DIR/password"
  local as_postgres=()
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the package's postgres user runs it.
    chown -R postgres "$CEO_TEST_POSTGRES_DIR"
    as_postgres=(runuser -u postgres --)
  fi
  "${as_postgres[@]}" "$bindir/initdb" -D "$CEO_TEST_POSTGRES_DIR/data" -U ceo --auth=scram-sha-256 \
    --pwfile="$CEO_TEST_POSTGRES_DIR/password" -E UTF8 >"$CEO_TEST_POSTGRES_DIR/initdb.log" 2>&1 \
    || { cat "$CEO_TEST_POSTGRES_DIR/initdb.log" >&2; return 1; }
  # Tests trade durability for speed. A benchmark (CEO_TEST_POSTGRES_DURABLE=1) keeps
  # fsync and, like SQLite's WAL with synchronous=NORMAL, may lose the last commits on
  # a power loss but never corrupts (synchronous_commit=off).
  local durability="-c fsync=off -c synchronous_commit=off"
  [ -n "${CEO_TEST_POSTGRES_DURABLE:-}" ] && durability="-c synchronous_commit=off"
  "${as_postgres[@]}" "$bindir/pg_ctl" -D "$CEO_TEST_POSTGRES_DIR/data" -l "$CEO_TEST_POSTGRES_DIR/server.log" -w \
    -o "-p $port -k $CEO_TEST_POSTGRES_DIR -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file=$CEO_TEST_POSTGRES_DIR/server.crt -c ssl_key_file=$CEO_TEST_POSTGRES_DIR/server.key -c max_connections=400 $durability" \
    start >/dev/null || { cat "$CEO_TEST_POSTGRES_DIR/server.log" >&2; return 1; }
  CEO_TEST_POSTGRES_BIN="$bindir"
  CEO_TEST_POSTGRES_PORT="$port"
  export CEO_TEST_POSTGRES_URL="postgres://ceo:$password@localhost:$port/postgres?sslmode=verify-full&sslrootcert=$CEO_TEST_POSTGRES_DIR/server.crt"
  echo "PostgreSQL for the tests on 127.0.0.1:$port (TLS, $CEO_TEST_POSTGRES_DIR)"
}

stop_test_postgres() {
  [ -n "${CEO_TEST_POSTGRES_DIR:-}" ] || return 0
  local as_postgres=()
  [ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
  "${as_postgres[@]}" "$CEO_TEST_POSTGRES_BIN/pg_ctl" -D "$CEO_TEST_POSTGRES_DIR/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$CEO_TEST_POSTGRES_DIR"
  unset CEO_TEST_POSTGRES_URL CEO_TEST_POSTGRES_DIR
}
