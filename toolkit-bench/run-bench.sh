#!/usr/bin/env bash
# Builds the benchmarks and runs the side-by-side matrix; writes docs/benchmark-matrix.md and
# docs/benchmark-ratios.png. Usage (all optional, in order):
#   toolkit-bench/run-bench.sh SECONDS ROUNDS TRANSPORTS KINDS LOADS
#   e.g. toolkit-bench/run-bench.sh 5 3 nio,epoll,io_uring tcp,unix,udp 64x64,16384x16,64x1
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.BenchRunner \
    docs/benchmark-matrix.md docs/benchmark-ratios.png "$@"
