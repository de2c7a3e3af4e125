#!/usr/bin/env bash
# Builds the benchmarks and measures memory per idle connection (docs/benchmarks.md).
# Usage: toolkit-bench/run-memory.sh [connections] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.IdleMemory "$@"
