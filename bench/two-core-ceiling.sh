#!/usr/bin/env bash
# What two cores of this machine give the keras-spiking network's training when nothing is shared:
# the single-process Trainer (TrainerBench, one OpenMP thread) at batch 256 alone, then two
# independent Trainer processes at batch 128 at the same time — the work of local[2]'s two
# replicas without any exchange, shared update or Spark. The sum of the two processes' samples/s
# over the one process's is the most a 2-replica data-parallel run can scale here (issue #4).
# One process at batch 128 alone tells the smaller micro-batch's cost apart from the sharing.
# Each process runs EPOCHS epochs (default 16; fresh weights each) and the median of the second
# half is reported: two JVMs compiling on two busy cores stay slow for several epochs (session
# 19: epochs 3-4 gave 0.82-1.25x, epochs 9-16 1.39-1.70x), so only warm epochs tell the ceiling.
#   bench/two-core-ceiling.sh [rounds]   (needs data/mnist)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
bench() { "${JAVA_BENCH[@]}" -Xmx4g -cp "$CP" org.sparksnn.jobs.bench.TrainerBench data/mnist "$@" 2>/dev/null; }
EPOCHS="${EPOCHS:-16}"
# the median training samples/s of the second half of the epochs
warm() {
  grep -o '"train_samples_per_s": [0-9.]*' | awk -F': ' '{print $2}' | tail -n $(( EPOCHS / 2 )) \
    | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}
epochs() { for _ in $(seq "$EPOCHS"); do printf '%s ' "$1"; done; }
for round in $(seq "${1:-2}"); do
  one=$(bench $(epochs 256) | warm)
  half=$(bench $(epochs 128) | warm)
  bench $(epochs 128) > /tmp/ceiling-a.$$ & a=$!
  bench $(epochs 128) > /tmp/ceiling-b.$$ & b=$!
  wait "$a" "$b"
  pa=$(warm < /tmp/ceiling-a.$$); pb=$(warm < /tmp/ceiling-b.$$)
  rm -f /tmp/ceiling-a.$$ /tmp/ceiling-b.$$
  python3 - "$round" "$EPOCHS" "$one" "$half" "$pa" "$pb" <<'PY'
import sys
r, n = sys.argv[1], int(sys.argv[2])
one, half, a, b = (float(x) for x in sys.argv[3:])
both = a + b
print(f"round {r}, median of epochs {n - n // 2 + 1}-{n}: one process b256 {one:,.0f} samples/s, "
      f"b128 {half:,.0f}; two processes b128 {a:,.0f} + {b:,.0f} = {both:,.0f}; "
      f"two / one b256 {both / one:.2f}, two / one b128 {both / half:.2f}")
PY
done
