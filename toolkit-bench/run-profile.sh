#!/usr/bin/env bash
# Where a server spends its CPU per round trip: starts one echo server (its own JVM), loads it with
# LoadGenerator, and reads the server's CPU time (user, system) and context switches from /proc over
# the measured window, per round trip. Add STRACE=1 for a syscall count (strace -c) of 2 s of the load.
# Usage: toolkit-bench/run-profile.sh KIND CLIENTS SIZE SECONDS SERVER-CLASS ARGS...
#   e.g. toolkit-bench/run-profile.sh tcp 64 64 5 io.socketkit.bench.EchoServers threads epoll tcp
#        toolkit-bench/run-profile.sh tcp 64 64 5 io.socketkit.bench.JdkEchoServer tcp platform
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests package -pl toolkit-bench -am
CP="toolkit-bench/target/classes:toolkit-bench/target/lib/*"
KIND=$1 CLIENTS=$2 SIZE=$3 SECONDS=$4; shift 4
OUT=$(mktemp)
java -cp "$CP" "$@" "$(mktemp -d)/s.sock" > "$OUT" 2>/dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$OUT"' EXIT
for _ in $(seq 50); do grep -qE '^[0-9]+$|sock' "$OUT" && break; sleep 0.2; done
ADDRESS=$(grep -E '^[0-9]+$|sock' "$OUT" | head -1)
# CPU ticks (utime, stime) and context switches of every thread of the server.
snapshot() {
    awk '/^voluntary_ctxt_switches/ {v += $2} /^nonvoluntary_ctxt_switches/ {n += $2} END {printf "%d %d ", v, n}' \
        /proc/$SERVER/task/*/status
    cut -d')' -f2 /proc/$SERVER/stat | awk '{print $12, $13}'
}
LOAD=$(mktemp)
java -cp "$CP" io.socketkit.bench.LoadGenerator "$KIND" "$ADDRESS" "$CLIENTS" "$SIZE" "$SECONDS" > "$LOAD" &
LOADER=$!
sleep 2
BEFORE=$(snapshot)
if [ "${STRACE:-0}" = 1 ]; then timeout 2 strace -c -f -p $SERVER -o /dev/stderr || true; fi
sleep "$SECONDS"
AFTER=$(snapshot)
wait $LOADER
cat "$LOAD"
python3 - "$BEFORE" "$AFTER" "$(cat "$LOAD")" "$SECONDS" <<'PY'
import sys
a, b = [list(map(int, x.split())) for x in sys.argv[1:3]]
rate = float(sys.argv[3].split()[0].replace(',', ''))
trips = rate * float(sys.argv[4])
tick_us = 1e6 / 100
print(f"server per round trip: CPU user {(b[2]-a[2])*tick_us/trips:.2f} us, system {(b[3]-a[3])*tick_us/trips:.2f} us; "
      f"context switches voluntary {(b[0]-a[0])/trips:.2f}, involuntary {(b[1]-a[1])/trips:.2f}")
PY
rm -f "$LOAD"
