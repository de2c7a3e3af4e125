#!/usr/bin/env bash
# Builds the benchmarks and runs the reliability benchmarks of docs/reliability.md.
# Usage: toolkit-bench/run-reliability.sh crowd SECONDS CONNECTIONS   (e.g. crowd 60 10000)
#        toolkit-bench/run-reliability.sh soak MINUTES CLIENTS        (e.g. soak 10 64)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.ReliabilityBench "$@"
