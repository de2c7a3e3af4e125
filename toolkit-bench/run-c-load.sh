#!/usr/bin/env bash
# Side-by-side of echo servers under the C load generator (../shared/bench/echo-load.c), which takes
# little of the 2 cores, so that the servers' own costs show. Each server runs in its own JVM; every
# round runs every server once, in order (A B C, A B C, ...), and the table gives each one's median
# round trips per second and its ratio to the first server named.
#
# Usage: toolkit-bench/run-c-load.sh SECONDS ROUNDS CONNS SIZE SERVER...
#   SERVER is LABEL=SPEC, SPEC one of
#     jdk:platform | jdk:virtual        the JDK's own thread-per-connection echo (JdkEchoServer)
#     sk:NAME[:TRANSPORT]               socketkit's EchoServers NAME (netty, event, threads, virtual, pool, serial, worker)
#     ex:STYLE[:TRANSPORT]              the examples jar as shipped: echo --style STYLE (event, threads, virtual, serial)
#   A LABEL starting with "base-" runs against the jars in $BASELINE (a build of an earlier commit:
#   its toolkit-bench classes and lib/) or, for ex:, the examples jar $BASELINE_JAR, so before/after
#   comparisons sit in one invocation.
#   Virtual-thread servers run on Temurin 25 ($JAVA25).
# Example: toolkit-bench/run-c-load.sh 10 3 64 64 jdk=jdk:platform threads=sk:threads
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=$1 ROUNDS=$2 CONNS=$3 SIZE=$4
shift 4
JAVA17=${JAVA17:-java}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
BASELINE=${BASELINE:-}
BASELINE_JAR=${BASELINE_JAR:-}
LOAD=target/echo-load
mkdir -p target
gcc -O2 -o "$LOAD" ../shared/bench/echo-load.c
mvn -B -q -DskipTests package -pl toolkit-bench,toolkit-examples -am
CP="toolkit-bench/target/classes:toolkit-bench/target/lib/*"
OUT=$(mktemp -d)

start() { # label spec -> prints port; server pid in $PID
  local label=$1 spec=$2 cp=$CP java=$JAVA17 cmd
  [[ $label == base-* ]] && cp="$BASELINE/classes:$BASELINE/lib/*"
  IFS=: read -r what name transport <<<"$spec"
  if [[ $what == ex ]]; then
    local jar=toolkit-examples/target/toolkit-examples.jar
    [[ $label == base-* ]] && jar=$BASELINE_JAR
    [[ $name == virtual ]] && java=$JAVA25
    PORT=$((17000 + RANDOM % 2000))
    coproc SERVER { exec "$java" -jar "$jar" echo --style "$name" --transport "${transport:-epoll}" --bind "127.0.0.1:$PORT" 2>/dev/null; }
    PID=$SERVER_PID
    read -r _ <&"${SERVER[0]}"
    return
  fi
  if [[ $what == jdk ]]; then
    cmd=(io.socketkit.bench.JdkEchoServer tcp "$name")
    [[ $name == virtual ]] && java=$JAVA25
  else
    cmd=(io.socketkit.bench.EchoServers "$name" "${transport:-epoll}" tcp)
    [[ $name == virtual ]] && java=$JAVA25
  fi
  coproc SERVER { exec "$java" -cp "$cp" "${cmd[@]}" 2>/dev/null; }
  PID=$SERVER_PID
  read -r PORT <&"${SERVER[0]}"
}

for ((round = 1; round <= ROUNDS; round++)); do
  for server in "$@"; do
    label=${server%%=*} spec=${server#*=}
    start "$label" "$spec"
    "$LOAD" tcp 127.0.0.1 "$PORT" "$CONNS" "$SIZE" 1 >/dev/null  # warm-up
    "$LOAD" tcp 127.0.0.1 "$PORT" "$CONNS" "$SIZE" "$SECONDS_EACH" | sed -n 's/.*rps=\([0-9]*\).*p50_us=\([0-9.]*\).*/\1 \2/p' >>"$OUT/$label"
    kill "$PID"; wait "$PID" 2>/dev/null || true
  done
done

printf 'TCP echo, %s connections, %s-byte messages, C closed-loop load, %s s per measurement after 1 s warm-up, %s interleaved rounds\n\n' \
  "$CONNS" "$SIZE" "$SECONDS_EACH" "$ROUNDS"
echo "| server | median round trips/s | min – max | ratio to ${1%%=*} |"
echo "| --- | --- | --- | --- |"
first=""
for server in "$@"; do
  label=${server%%=*}
  read -r median min max < <(cut -d' ' -f1 "$OUT/$label" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)], v[1], v[NR]}')
  [[ -z $first ]] && first=$median
  printf '| %s (%s) | %s | %s – %s | %.2f |\n' "$label" "${server#*=}" "$median" "$min" "$max" "$(echo "$median / $first" | bc -l)"
done
rm -rf "$OUT"
