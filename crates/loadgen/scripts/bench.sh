#!/usr/bin/env bash
# Runs one load-generator workload RUNS times, each against a fresh release server on a fresh
# database, and keeps each run's JSON report. Loopback only.
#
#   crates/loadgen/scripts/bench.sh BACKEND NAME RUNS [loadgen args...]
#
# BACKEND is sqlite or postgres (a fresh database on PG_BASE, default
# postgres://postgres@127.0.0.1:5432). Reports go to $OUT (default target/bench-results) as
# NAME-BACKEND-N.json. SERVER_BIN and LOADGEN_BIN default to target/release/. Summarise with
# crates/loadgen/scripts/summarize.py. NICE=-10 runs server and load generator at that nice
# level (root only), to shield the measurement from other work on the machine.
set -euo pipefail

backend=$1 name=$2 runs=$3
shift 3
root=$(cd "$(dirname "$0")/../../.." && pwd)
server_bin=${SERVER_BIN:-$root/target/release/eventstorm}
loadgen_bin=${LOADGEN_BIN:-$root/target/release/eventstorm-loadgen}
out=${OUT:-$root/target/bench-results}
port=${PORT:-3900}
pg_base=${PG_BASE:-postgres://postgres@127.0.0.1:5432}
nice=(nice -n "${NICE:-0}")
mkdir -p "$out"
ulimit -n "$(ulimit -Hn)"  # 5,000 idle connections need more than the usual 1,024

for run in $(seq 1 "$runs"); do
    case $backend in
        sqlite)
            dir=$(mktemp -d /tmp/eventstorm-bench.XXXXXX)
            db_url="sqlite://$dir/bench.db"
            ;;
        postgres)
            db="es_bench_$(date +%s)_$run"
            psql "$pg_base/postgres" -qc "CREATE DATABASE $db"
            db_url="$pg_base/$db"
            ;;
        *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
    esac
    # Start every run on a flushed disk: the previous run's writeback (and the checkpoint its
    # DROP DATABASE forces) would otherwise stall this run's fsyncs.
    sync
    [ "$backend" = postgres ] && psql "$pg_base/postgres" -qc "CHECKPOINT"
    DATABASE_URL=$db_url "${nice[@]}" "$server_bin" --bind "127.0.0.1:$port" --log warn \
        --command-rate 1000000 --command-burst 1000000 &
    server=$!
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
        sleep 0.1
    done
    echo "== $name $backend run $run (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    status=0
    "${nice[@]}" "$loadgen_bin" --url "http://127.0.0.1:$port" --pid "$server" --json "$@" \
        >"$out/$name-$backend-$run.json" || status=$?
    kill "$server"
    wait "$server" || true
    if [ "$backend" = postgres ]; then
        psql "$pg_base/postgres" -qc "DROP DATABASE $db" || true
    else
        rm -rf "$dir"
    fi
    [ $status -eq 0 ] || { echo "loadgen failed ($status)" >&2; exit $status; }
done
