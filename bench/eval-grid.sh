#!/usr/bin/env bash
# Issue #5: spark-snn against the PyTorch reference on a sweep of the issue's own shape, dt x
# synapse x scale x steps = 3 x 3 x 3 x 2 = 54 points, with both doing the same points on the
# same 10,000 MNIST test images. The network is the reference's relu MLP 784-128-10
# (conf/bench-eval-mlp.yaml, trained once by spark-snn; the reference trains its own copy, same
# recipe); the grid: dt {0.001, 0.002, 0.005} x synapse {0.001, 0.005, 0.01} x scale {1, 10, 20} x
# steps {30, 100} = 35.1 M image-steps. The reference (../shared/bench/torch_eval_sweep.py, its
# "hoisted" variant) runs one dt x steps at a time, six runs whose sweep seconds are added up.
# spark-snn's figure is the sweep stage's own "evaluated ... in N s of wall time" line: all its
# jobs, from the first point's submission to the last result (Spark start-up, model loading and
# result writing excluded, as the reference's figure excludes its start-up, data loading and
# training). One core (taskset -c 0, local[1]), a plain local[1] (one task thread; the JIT
# compilers and Spark's threads may use the other core) and local[2] against one and two threads,
# ROUNDS times (default 3) in turn; prints every figure and the medians.
#   bench/eval-grid.sh   (needs data/mnist, python3-torch and libopenblas0-openmp)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
ROUNDS="${ROUNDS:-3}"
OUT=runs/bench-grid
DTS=(0.001 0.002 0.005)
STEPS=(30 100)
IMAGE_STEPS=$(( 10000 * 3 * 3 * 3 * (30 + 100) ))
mkdir -p "$OUT"
if [[ ! -f runs/bench-eval/mlp/model/_SPARKSNN_SUCCESS ]]; then
  bin/spark-snn train --conf conf/bench-eval-mlp.yaml > "$OUT/train.log" 2>&1 || { cat "$OUT/train.log"; exit 1; }
fi

ours() { # label master [pin command]: prints image-steps/s
  local label="$1" master="$2" dir
  shift 2
  dir="$OUT/$label"
  rm -rf "$dir"
  "$@" bin/spark-snn sweep --conf conf/bench-eval-mlp.yaml --master "$master" \
    --set "sweep.dt=[$(IFS=,; echo "${DTS[*]}")]" --set "sweep.steps=[$(IFS=,; echo "${STEPS[*]}")]" \
    --set sweep.output="$dir" > "$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; exit 1; }
  grep -o 'evaluated 54 points, [0-9]* image-steps in [0-9.]* s' "$dir.log" \
    | awk -v want="$IMAGE_STEPS" '{ if ($4 != want) { print "unexpected image-steps " $4 > "/dev/stderr"; exit 1 } printf "%.0f\n", $4 / $7 }'
}
torch() { # threads: prints image-steps/s over the six runs' summed sweep seconds
  local threads="$1" dt steps total=0 s
  for dt in "${DTS[@]}"; do
    for steps in "${STEPS[@]}"; do
      s=$(OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
        LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
        /usr/bin/python3 ../shared/bench/torch_eval_sweep.py --mnist-dir data/mnist --threads "$threads" \
          --variants hoisted --dt "$dt" --n-steps "$steps" \
        | python3 -c "import json, sys; print(json.loads(sys.stdin.readline())['sweep_totals']['hoisted']['sweep_s'])")
      total=$(python3 -c "print($total + $s)")
    done
  done
  python3 -c "print(round($IMAGE_STEPS / $total))"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

declare -A fig
for (( r = 1; r <= ROUNDS; r++ )); do
  one=$(ours one-core 'local[1]' taskset -c 0)
  plain=$(ours local1 'local[1]')
  two=$(ours local2 'local[2]')
  t1=$(torch 1)
  t2=$(torch 2)
  fig[one]+="$one " fig[plain]+="$plain " fig[two]+="$two " fig[t1]+="$t1 " fig[t2]+="$t2 "
  echo "round $r: spark-snn one core $one, local[1] $plain, local[2] $two; torch hoisted 1 thread $t1, 2 threads $t2 image-steps/s;" \
    "ratios $(python3 -c "print(f'{$one / $t1:.2f}x, {$plain / $t1:.2f}x and {$two / $t2:.2f}x')")"
done
m() { tr ' ' '\n' <<< "${fig[$1]}" | grep . | median; }
echo "medians over $ROUNDS rounds (image-steps/s): spark-snn one core $(m one), local[1] $(m plain), local[2] $(m two);" \
  "torch hoisted 1 thread $(m t1), 2 threads $(m t2); ratios" \
  "$(python3 -c "print(f'{$(m one) / $(m t1):.2f}x (one core / 1 thread), {$(m plain) / $(m t1):.2f}x (local[1] / 1 thread) and {$(m two) / $(m t2):.2f}x (local[2] / 2 threads)')")"
