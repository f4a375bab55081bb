#!/usr/bin/env bash
# Issue #5: how the JIT's outcome spreads over fresh JVMs. Runs bench/eval-kernels.sh's harness
# (PointEvaluatorBench: the MLP's 9 points, one thread, no Spark) in JVMS separate JVMs of ROUNDS
# rounds each and prints every JVM's last round, then min / median / max and how many JVMs ran
# below 85 % of the median (a JVM whose C2 gave up intrinsifying a vector loop runs at about half
# speed: VectorLoops' class comment). Every JVM's last-round digests must be equal; the script
# fails if they are not.
#   bench/eval-jit-spread.sh [jvms] [rounds]   (default 12 JVMs of 4 rounds; needs data/mnist)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
mvn -B -q -o -pl pipeline test-compile
JVMS="${1:-12}"
ROUNDS="${2:-4}"
MODEL=runs/bench-eval/mlp/model
if [[ ! -f "$MODEL/_SPARKSNN_SUCCESS" ]]; then
  bin/spark-snn train --conf conf/bench-eval-mlp.yaml > runs/bench-eval-train.log 2>&1
fi
last=$((ROUNDS - 1))
rates=()
digests=()
for i in $(seq 1 "$JVMS"); do
  out=$("${JAVA_BENCH[@]}" -cp "pipeline/target/test-classes:$CP" \
    org.sparksnn.pipeline.sweep.PointEvaluatorBench data/mnist "$MODEL" 10000 "$ROUNDS" 500 2>/dev/null)
  rate=$(grep "^round $last:" <<< "$out" | sed 's/.*= \([0-9,]*\) image-steps\/s/\1/' | tr -d ,)
  digests+=("$(grep "^round $last tau" <<< "$out" | sed 's/.*digest//' | md5sum | cut -c1-12)")
  rates+=("$rate")
  printf 'JVM %2d: %s image-steps/s (last of %d rounds), digests %s\n' "$i" "$rate" "$ROUNDS" "${digests[-1]}"
done
if [[ $(printf '%s\n' "${digests[@]}" | sort -u | wc -l) -ne 1 ]]; then
  echo "the JVMs' results differ: ${digests[*]}" >&2
  exit 1
fi
printf '%s\n' "${rates[@]}" | python3 -c "
import statistics, sys
r = sorted(int(x) for x in sys.stdin)
med = statistics.median(r)
slow = sum(1 for x in r if x < 0.85 * med)
print(f'{len(r)} JVMs: min {r[0]:,} / median {med:,.0f} / max {r[-1]:,} image-steps/s; '
      f'{slow} below 85 % of the median')
"
