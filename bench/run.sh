#!/usr/bin/env bash
# The ingest benchmark in one command: installs Debian's PostgreSQL if it is missing, starts a private instance
# of it (initdb defaults, a free port, a temporary directory), builds the store and the harness, then runs every
# method against it and writes the report to bench/results/. Takes a few minutes at the default sizes.
#
#   bench/run.sh                      default run (1M bars)
#   bench/run.sh --rows 200000        smaller; every option: bench/run.sh --help
#   bench/run.sh --scale --jfr        also 1M/10M pre-filled tables and 1/2/4 workers, and profile the store
#   bench/run.sh --embedded ...       use the embedded PostgreSQL (devdb) instead of Debian's server
#
# Environment: BENCH_SKIP_BUILD=1 reuses the built jars; BENCH_JAVA_OPTS for the harness JVM (default -Xmx3g).
set -euo pipefail
cd "$(dirname "$0")/.."

embedded=false
args=()
for arg in "$@"; do
  if [ "$arg" = --embedded ]; then embedded=true; else args+=("$arg"); fi
done

free_port() { # first port from $1 on that nobody listens on
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "[bench] building store-service and the harness …"
  ./mvnw -B -q install -DskipTests -Dspotless.check.skip=true -pl contracts,devdb,testkit,store-service -am
  (cd bench && ../mvnw -B -q package -DskipTests -Dspotless.check.skip=true)
fi

pg_args=()
if ! $embedded; then
  pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
  if [ -z "$(pg_bin)" ] || ! command -v psql >/dev/null; then
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    echo "[bench] installing Debian's PostgreSQL …"
    if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
        postgresql postgresql-client >/dev/null; }; then
      echo "[bench] could not install PostgreSQL: falling back to the embedded one" >&2
      embedded=true
    fi
  fi
fi

if ! $embedded; then
  bin=$(pg_bin)
  pgdir=$(mktemp -d /tmp/marketflow-bench-pg.XXXXXX)
  as_owner=()
  if [ "$(id -u)" = 0 ]; then # PostgreSQL refuses to run as root
    id -u postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    chown postgres "$pgdir"
    as_owner=(runuser -u postgres --)
  fi
  pg_port=$(free_port "${BENCH_PG_PORT:-55432}")
  stop_pg() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$pgdir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pgdir"
  }
  trap stop_pg EXIT
  "${as_owner[@]}" "$bin/initdb" -D "$pgdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as_owner[@]}" "$bin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w \
    -o "-p $pg_port -k $pgdir -c listen_addresses=127.0.0.1" start >/dev/null
  version=$("$bin/postgres" --version | awk '{print $3}')
  echo "[bench] PostgreSQL $version (Debian) on port $pg_port, data in $pgdir"
  pg_args=(--pg-host 127.0.0.1 --pg-port "$pg_port" --pg-label "Debian's server, initdb defaults, local TCP")
  [ -x "$bin/psql" ] && pg_args+=(--psql "$bin/psql")
fi

store_port=$(free_port "${BENCH_STORE_PORT:-18080}")
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:--Xmx3g} -jar bench/target/bench-0.1.0-SNAPSHOT-exec.jar \
  "${pg_args[@]}" --store-port "$store_port" "${args[@]}"
