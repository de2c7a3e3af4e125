#!/usr/bin/env bash
# Builds the examples jar and the benchmarks, then runs the chat crowd load (docs/benchmarks.md).
# Usage: toolkit-bench/run-chat.sh [clients] [senders] [lines] [max-pending bytes per client] [server -Xmx, e.g. 512m]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-examples,toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" io.socketkit.bench.ChatLoad \
    toolkit-examples/target/toolkit-examples.jar "$@"
