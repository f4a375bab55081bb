#!/usr/bin/env bash
# What two cores of this machine give the keras-spiking network's training when nothing is shared:
# the single-process Trainer (TrainerBench, one OpenMP thread) at batch 256 alone, then two
# independent Trainer processes at batch 128 at the same time — the work of local[2]'s two
# replicas without any exchange, shared update or Spark. The sum of the two processes' samples/s
# over the one process's is the most a 2-replica data-parallel run can scale here (issue #4).
# One process at batch 128 alone tells the smaller micro-batch's cost apart from the sharing.
# Each process runs 4 epochs (fresh weights each, JIT warming); epochs 3-4 are reported.
#   bench/two-core-ceiling.sh [rounds]   (needs data/mnist)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
bench() { "${JAVA_BENCH[@]}" -Xmx4g -cp "$CP" org.sparksnn.jobs.bench.TrainerBench data/mnist "$@" 2>/dev/null; }
warm() { grep -o '"train_samples_per_s": [0-9.]*' | awk -F': ' 'NR>=3 {print $2}' | paste -sd' '; }
for round in $(seq "${1:-2}"); do
  one=$(bench 256 256 256 256 | warm)
  half=$(bench 128 128 128 128 | warm)
  bench 128 128 128 128 > /tmp/ceiling-a.$$ & a=$!
  bench 128 128 128 128 > /tmp/ceiling-b.$$ & b=$!
  wait "$a" "$b"
  pa=$(warm < /tmp/ceiling-a.$$); pb=$(warm < /tmp/ceiling-b.$$)
  rm -f /tmp/ceiling-a.$$ /tmp/ceiling-b.$$
  python3 - "$one" "$half" "$pa" "$pb" <<'PY'
import sys
one, half, a, b = ([float(x) for x in s.split()] for s in sys.argv[1:])
for e in range(len(one)):
    both = a[e] + b[e]
    print(f"epoch {e + 3}: one process b256 {one[e]:,.0f} samples/s, b128 {half[e]:,.0f}; "
          f"two processes b128 {a[e]:,.0f} + {b[e]:,.0f} = {both:,.0f}; "
          f"two / one b256 {both / one[e]:.2f}, two / one b128 {both / half[e]:.2f}")
PY
done
