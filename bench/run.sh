#!/usr/bin/env bash
# One command: builds the jar, runs every benchmark against a PostgreSQL server, prints the
# figures and writes docs/benchmarks.md. Needs Java 17, Maven, python3, psql, pgbench, curl and
# wrk (installed from Debian's packages when missing and running as root).
#
#   bench/run.sh                      # 127.0.0.1:5432, user postgres, database wa_bench (recreated)
#   BENCH_OLD_ROWS=0 bench/run.sh     # quicker: without the 1M-row level
#
# Settings (environment): BENCH_PGHOST, BENCH_PGPORT, BENCH_PGUSER, BENCH_DB, BENCH_DURATION (s per
# enqueue run, 10), BENCH_WARMUP (s, 20), BENCH_CONNECTIONS ("16 64"), BENCH_DRAIN_MESSAGES
# (20000), BENCH_RECENT_ROWS (100000), BENCH_OLD_ROWS (1000000), BENCH_QUOTA_PER_MINUTE,
# BENCH_QUOTA_PER_DAY, BENCH_JAVA_OPTS, BENCH_SKIP_BUILD=1, BENCH_OUT (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1
  fi
fi
for tool in psql pgbench curl python3 java jcmd jfr; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing" >&2; exit 1; }
done

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  echo "Building target/whatsapp-api.jar"
  mvn -B -q package -DskipTests
fi

exec python3 bench/bench.py "$@"
