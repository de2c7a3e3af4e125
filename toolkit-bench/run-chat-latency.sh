#!/usr/bin/env bash
# Builds the examples jar and the benchmarks, then measures what Redis adds to a chat line (docs/deployment.md):
# a chat alone, and two chat servers sharing a redis-server started here on a free loopback port.
# Usage: toolkit-bench/run-chat-latency.sh [lines=3000] [warm-up lines=1000] [redis-server binary]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-examples,toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.ChatLatency \
    toolkit-examples/target/toolkit-examples.jar "$@"
