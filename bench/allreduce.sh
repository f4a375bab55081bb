#!/usr/bin/env bash
# The barrier trainer's gradient all-reduce (TcpAllReduce) between N ranks in one JVM: the vectors
# gathered and folded in rank order against the ring reduce-scatter + all-gather, alternated
# round by round on the same mesh (AllReduceBench). First on plain loopback (what ranks on one
# host see: memory copies, no link), then, if run as root with tc, with each rank's sending rate
# capped like a host's network link: rank r binds 127.0.0.(11+r) and an HTB class per source
# address on lo limits it to RATE (default "1gbit 10gbit"; other loopback traffic is not shaped).
# The shaping is removed on exit.
#   bench/allreduce.sh [elements [rounds [ranks...]]]      (default: 101775 200 2 3 4 8)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mvn -o -q -pl pipeline test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/tmp/allreduce-cp.$$ >/dev/null
CP="pipeline/target/test-classes:pipeline/target/classes:$(cat /tmp/allreduce-cp.$$)"
rm -f /tmp/allreduce-cp.$$
ARGS=("${@:-101775}")
[ $# -gt 0 ] || ARGS=(101775 200 2 3 4 8)
bench() { java "$@" -cp "$CP" org.sparksnn.pipeline.train.allreduce.AllReduceBench "${ARGS[@]}" 2>/dev/null; }
echo "== loopback, no link limit"
bench
if [ "$(id -u)" != 0 ] || ! command -v tc >/dev/null; then
  echo "(not root or no tc: the link-limited runs are skipped)"; exit 0
fi
if [ -n "$(tc qdisc show dev lo | grep -v noqueue || true)" ]; then
  echo "lo already has a qdisc; not touching it"; exit 1
fi
trap 'tc qdisc del dev lo root 2>/dev/null || true' EXIT
for rate in ${RATE:-1gbit 10gbit}; do
  tc qdisc del dev lo root 2>/dev/null || true
  # unclassified traffic (no class 99) leaves unshaped
  tc qdisc add dev lo root handle 1: htb default 99
  for r in $(seq 0 15); do
    tc class add dev lo parent 1: classid 1:$((100 + r)) htb rate "$rate" ceil "$rate" \
      burst 256k cburst 256k quantum 65536
    tc filter add dev lo protocol ip parent 1: prio 1 u32 \
      match ip src 127.0.0.$((11 + r))/32 flowid 1:$((100 + r))
  done
  echo "== each rank's sending rate capped at $rate"
  bench -Dbench.hosts=127.0.0.11
done
