#!/usr/bin/env bash
# A throwaway PostgreSQL for the collector's integration tests.
#
#   server/test-postgres.sh          start (or reuse) it; prints one line for the environment:
#                                    COLLECTOR_TEST_POSTGRES_URL=postgresql://...
#   server/test-postgres.sh stop     stop it (the data directory stays for a fast restart)
#   server/test-postgres.sh destroy  stop it and delete its data directory
#
# Use:  export "$(server/test-postgres.sh)"
#
# It runs its own cluster in $COLLECTOR_PG_DIR (default /tmp/outreach-collector-pg), listening
# on 127.0.0.1 only, on a free port, so it never touches a system cluster and never needs
# systemd. As root (a fresh Debian 12 container) it installs PostgreSQL from apt if missing and
# runs the server as the `postgres` user, because PostgreSQL refuses to run as root. Running it
# again reuses the running server. Everything but the final line goes to stderr.
set -euo pipefail

STATE_DIR="${COLLECTOR_PG_DIR:-/tmp/outreach-collector-pg}"
DATA_DIR="$STATE_DIR/data"
SOCKET_DIR="$STATE_DIR/run"
DB_NAME=collector_test
DB_USER=collector_test

log() { echo "test-postgres: $*" >&2; }
die() { log "$*"; exit 1; }

server_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; fi
}

# PostgreSQL will not run as root; as root, run its tools as the postgres user instead.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd "$STATE_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$STATE_DIR" && "$@")
  fi
}

is_running() { [ -f "$DATA_DIR/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
  local port
  for port in $(seq 54329 54429); do
    if ! port_in_use "$port"; then echo "$port"; return 0; fi
  done
  die "no free port between 54329 and 54429"
}

psql_admin() {
  as_owner "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKET_DIR" -p "$(cat "$STATE_DIR/port")" -U postgres -d postgres "$@"
}

BINDIR=$(server_bindir)
command="${1:-start}"

case "$command" in
  stop|destroy)
    if [ -n "$BINDIR" ] && is_running; then
      as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2
    fi
    if [ "$command" = destroy ]; then rm -rf "$STATE_DIR"; log "removed $STATE_DIR"; fi
    exit 0
    ;;
  start) ;;
  *) die "unknown command '$command' (start, stop or destroy)" ;;
esac

if [ -z "$BINDIR" ]; then
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed; run as root to install it from apt, or install the postgresql package"
  log "installing PostgreSQL from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BINDIR=$(server_bindir)
  [ -n "$BINDIR" ] || die "apt installed postgresql but no server binaries were found under /usr/lib/postgresql"
fi

mkdir -p "$STATE_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres: "$STATE_DIR"; fi
chmod 700 "$STATE_DIR"

if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
  log "initialising a cluster in $DATA_DIR"
  rm -rf "$DATA_DIR"
  # trust on the socket only: the socket directory is private to the cluster's owner.
  # Over TCP every connection needs a password.
  as_owner "$BINDIR/initdb" -D "$DATA_DIR" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  as_owner mkdir -p "$SOCKET_DIR"
  # A disposable test database: durability settings off, for speed.
  cat >>"$DATA_DIR/postgresql.conf" <<CONF

# test-postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKET_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
CONF
fi

if ! is_running; then
  port=""
  if [ -f "$STATE_DIR/port" ]; then port=$(cat "$STATE_DIR/port"); fi
  if [ -z "$port" ] || port_in_use "$port"; then port=$(free_port); fi
  echo "$port" >"$STATE_DIR/port"
  log "starting PostgreSQL on 127.0.0.1:$port"
  as_owner "$BINDIR/pg_ctl" -D "$DATA_DIR" -l "$STATE_DIR/server.log" -o "-p $port" -w -t 60 start >/dev/null \
    || die "PostgreSQL did not start; see $STATE_DIR/server.log"
fi

port=$(cat "$STATE_DIR/port")
if [ ! -s "$STATE_DIR/password" ]; then
  (umask 077 && od -An -N16 -tx1 /dev/urandom | tr -d ' \n' >"$STATE_DIR/password")
fi
password=$(cat "$STATE_DIR/password")

# Idempotent: the role and the database are created once; the password is (re)set each time.
psql_admin -v user="$DB_USER" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" PASSWORD :'password';
SQL
psql_admin -v db="$DB_NAME" -v user="$DB_USER" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL

log "ready: database $DB_NAME, user $DB_USER, 127.0.0.1:$port (stop with: $0 stop)"
echo "COLLECTOR_TEST_POSTGRES_URL=postgresql://$DB_USER:$password@127.0.0.1:$port/$DB_NAME"
