#!/usr/bin/env bash
# Issue #5: what sharing layers between sweep points gives (sweep.shareLayers, session 25). The
# MLP of conf/bench-eval-mlp.yaml (its 9 points: synapse {0.001, 0.005, 0.01} x scale {1, 10, 20},
# 30 steps) on the 60,000 MNIST training images (bench/mnist-60k.sh), with shareLayers true and
# false, one point or group at a time, alternated PAIRS times (default 3) on one core (taskset -c
# 0) and on local[2]. Prints image-steps/s over the points' job seconds (results.csv), their sum,
# and the whole command's wall time, and checks that both give the same results.csv apart from the
# seconds columns.
#   bench/eval-share.sh   (needs data/mnist; trains the MLP first if runs/bench-eval has none)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PAIRS="${PAIRS:-3}"
OUT=runs/bench-share
source bench/mnist-60k.sh
mkdir -p "$OUT"
if [[ ! -f runs/bench-eval/mlp/model/_SPARKSNN_SUCCESS ]]; then
  bin/spark-snn train --conf conf/bench-eval-mlp.yaml > "$OUT/train.log" 2>&1 || { cat "$OUT/train.log"; exit 1; }
fi
rates() { # results.csv
  python3 - "$1" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
steps = sum(int(r['n_images']) * int(r['steps']) for r in rows)
secs = sum(float(r['seconds']) for r in rows)
print(f"{steps / secs:,.0f} image-steps/s ({secs:.2f} s of points)")
PY
}
run() { # label master share [pin command]
  local label="$1" master="$2" share="$3" dir t0 t1
  shift 3
  dir="$OUT/$label"
  rm -rf "$dir"
  t0=$(date +%s.%N)
  "$@" bin/spark-snn sweep --conf conf/bench-eval-mlp.yaml --master "$master" \
    --set data.dir="$MNIST_60K" --set data.fetch=false --set sweep.shareLayers="$share" \
    --set sweep.concurrentPoints=1 --set sweep.output="$dir" > "$dir.log" 2>&1 || { tail -20 "$dir.log"; exit 1; }
  t1=$(date +%s.%N)
  echo "  $label: $(rates "$dir/results/results.csv"), command $(python3 -c "print(f'{$t1 - $t0:.2f}')") s"
}
for (( i = 1; i <= PAIRS; i++ )); do
  echo "pair $i"
  run one-core-shared 'local[1]' true taskset -c 0
  run one-core-alone 'local[1]' false taskset -c 0
  run local2-shared 'local[2]' true
  run local2-alone 'local[2]' false
done
python3 - "$OUT" <<'PY'
import csv, sys
def table(d):
    rows = csv.DictReader(open(f"{sys.argv[1]}/{d}/results/results.csv"))
    return {r['key']: {k: v for k, v in r.items() if 'seconds' not in k} for r in rows}
same = table('local2-shared') == table('local2-alone') == table('one-core-shared')
print("results.csv shared = alone (apart from seconds):", same)
sys.exit(0 if same else 1)
PY
