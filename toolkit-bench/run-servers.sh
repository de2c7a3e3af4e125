#!/usr/bin/env bash
# Builds the benchmark module and runs the server benchmark (docs/benchmarks.md).
# Usage: toolkit-bench/run-servers.sh [seconds] [rounds] [connections] [size]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.ServerBench "$@"
