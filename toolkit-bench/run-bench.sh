#!/usr/bin/env bash
# Builds the benchmarks and runs the side-by-side matrix; writes its table into docs/benchmarks.md
# (between the BenchRunner marker lines) and, from that table, one chart per transport:
# docs/benchmark-nio.png, docs/benchmark-epoll.png, docs/benchmark-io_uring.png.
# Usage (all optional, in order):
#   toolkit-bench/run-bench.sh SECONDS ROUNDS TRANSPORTS KINDS LOADS SERVERS
#   e.g. toolkit-bench/run-bench.sh 3 3 nio,epoll,io_uring tcp,unix,udp 64x64,16384x16,64x1 all
# The full matrix (the defaults with 3 s) takes about an hour on 2 cores.
#   toolkit-bench/run-bench.sh --charts
# measures nothing: it draws the charts again from the table already in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
if [[ "${1:-}" == "--charts" ]]; then
    exec java -Djava.awt.headless=true -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" \
        io.socketkit.bench.BenchCharts docs/benchmarks.md docs/benchmark
fi
exec java -Djava.awt.headless=true -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" \
    io.socketkit.bench.BenchRunner docs/benchmarks.md docs/benchmark "$@"
