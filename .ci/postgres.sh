#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback, for CI, tests and benchmarks.
#
#   .ci/postgres.sh start [DIR]   start a cluster in DIR (default: $PG_CI_DIR, else a new
#                                 temporary directory) and print the DATABASE_URL to use
#   .ci/postgres.sh stop [DIR]    stop it and delete DIR
#   .ci/postgres.sh run CMD...    start a cluster in a new temporary directory, run CMD
#                                 with DATABASE_URL set, stop the cluster whatever happens,
#                                 and exit with CMD's status
#
# The server listens on 127.0.0.1 only, on a free port, with trust authentication
# for the local superuser; its data never outlives `stop`. PG_CI_DURABLE=1 keeps
# fsync and synchronous commit on (benchmarks); by default they are off, since a
# test database is thrown away anyway. PG_CI_OPTIONS adds server options
# (e.g. "-c shared_buffers=512MB").
set -euo pipefail

PG_DB=${PG_CI_DB:-archive}
PG_USER=postgres

pg_bindir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  return 1
}

ensure_installed() {
  pg_bindir >/dev/null && return 0
  echo "Installing PostgreSQL (Debian package)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  # The package starts a default cluster; this script runs its own, so stop that one.
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_lsclusters -h 2>/dev/null | while read -r ver name _; do
      pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
    done
  fi
}

# Run a server binary as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  ensure_installed
  local bin dir port
  bin=$(pg_bindir)
  dir=${1:-${PG_CI_DIR:-}}
  [ -n "$dir" ] || dir=$(mktemp -d "${TMPDIR:-/tmp}/archive-pg.XXXXXX")
  mkdir -p "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$dir"
  chmod 700 "$dir"
  as_pg "$bin/initdb" -A trust -U "$PG_USER" -E UTF8 --locale=C.UTF-8 -D "$dir/data" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  local opts="-c listen_addresses=127.0.0.1 -k $dir"
  if [ "${PG_CI_DURABLE:-0}" != 1 ]; then
    opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  opts="$opts ${PG_CI_OPTIONS:-}"
  # Another process may take a free port between the probe and the start: retry.
  for _ in 1 2 3; do
    port=$(free_port)
    if as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port $opts" -l "$dir/server.log" -w -t 30 start >/dev/null; then
      break
    fi
    port=""
  done
  [ -n "$port" ] || { tail -n 20 "$dir/server.log" >&2; exit 1; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$PG_DB"
  echo "$port" >"$dir/port"
  echo "PostgreSQL running in $dir (stop with: .ci/postgres.sh stop $dir)" >&2
  echo "postgres://$PG_USER@127.0.0.1:$port/$PG_DB"
}

stop() {
  local dir=${1:-${PG_CI_DIR:-}}
  [ -n "$dir" ] || { echo "usage: $0 stop DIR" >&2; exit 2; }
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "$(pg_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  fi
  rm -rf "$dir"
}

run() {
  [ $# -gt 0 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
  local url status=0
  # Global, not local: the traps run after this function has returned.
  RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/archive-pg.XXXXXX")
  trap 'stop "$RUN_DIR"' EXIT
  trap 'stop "$RUN_DIR"; trap - EXIT; exit 130' INT TERM
  url=$(start "$RUN_DIR")
  DATABASE_URL=$url "$@" || status=$?
  return "$status"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 start|stop [DIR] | run CMD..." >&2; exit 2 ;;
esac
