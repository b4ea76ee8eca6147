#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the collector's tests and benchmarks.
#   scripts/test-postgres.sh start DIR [PORT]   prints the database URL on its last line
#   scripts/test-postgres.sh stop DIR
# The server refuses to run as root, so as root it runs as the `postgres` user that Debian's
# package creates. Trust authentication is safe here: it listens on 127.0.0.1 only.
set -euo pipefail
command=${1:?usage: test-postgres.sh start|stop DIR [PORT]}
dir=${2:?usage: test-postgres.sh start|stop DIR [PORT]}
port=${3:-54329}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "test-postgres: no PostgreSQL server installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    # Sized for a 2-core test machine: a few test processes at a time, fsync kept on so
    # durability behaves as on a real server.
    as_owner "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: test-postgres.sh start|stop DIR [PORT]" >&2
    exit 2
    ;;
esac
