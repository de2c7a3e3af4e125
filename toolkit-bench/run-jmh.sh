#!/usr/bin/env bash
# Builds the benchmarks and runs the JMH micro-benchmarks of socketkit's hot paths.
# Usage: toolkit-bench/run-jmh.sh [JMH options], e.g. -p transport=epoll
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
exec java -cp "toolkit-bench/target/classes:toolkit-bench/target/lib/*" org.openjdk.jmh.Main "$@"
