#!/usr/bin/env bash
# Issue #5 benchmark: spiking-evaluation throughput of the sweep stage in image-steps/s (images x
# steps evaluated / the summed wall seconds of the points' Spark jobs, one point at a time, from
# results.csv: Spark start-up, model loading and result writing excluded), on local[1] (as it is,
# and confined to one core) and local[2], next to the PyTorch reference
# (../shared/bench/torch_eval_sweep.py, its "hoisted" and "per_step" variants) at 1 and 2 threads,
# in one run. Networks: the reference's relu MLP 784-128-10 (conf/bench-eval-mlp.yaml, 9 points x
# 10,000 images x 30 steps) and the keras-to-snn conv net (3 points x CONV_IMAGES images x 30 steps).
# The one-core -> local[2] ratio of one pair of sweeps moves by +-10 % on a 2-core VM, so the
# MLP's 60,000-image sweep and the conv net's sweep then alternate one core and local[2] PAIRS more
# times each (default 4), and the script prints every pair's ratio and the medians over all pairs,
# the first pair's included. Since session 25 the MLP's 9 points run as one job that shares their
# common layers (sweep.shareLayers, the default; bench/eval-share.sh compares it with one job per
# point): they split its seconds equally. Since session 30 its 60,000-image sweep runs that job
# for a copy of the model as well, and reports the second job as its warm figure (see rates). The
# conv net's points, one per scale, are not grouped (they share only the first convolution).
#   bench/eval-sweep.sh   (needs data/mnist; python3-torch + libopenblas0-openmp for the references:
#   ../shared/bench/torch_eval_sweep.py for the MLP, bench/torch_conv_eval.py for the conv net)
#   PARTS=conv bench/eval-sweep.sh   (the conv net's figures only; PARTS=mlp the MLP's only)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
CONV_IMAGES="${CONV_IMAGES:-2000}"
PAIRS="${PAIRS:-4}"
PARTS="${PARTS:-mlp conv}"
part() { [[ " $PARTS " == *" $1 "* ]]; }
OUT=runs/bench-eval
source bench/mnist-60k.sh

# image-steps/s of a sweep's results.csv: of its first model's points, and warm. With one point at
# a time the first point's job also carries the JIT compiler's warm-up, which on local[2] has no
# core of its own (the task threads use both): "warm" is then points 2 on. A sweep of two models
# (the MLP's 60,000-image sweep, whose 9 points run as one job per model) runs the first model's
# job first: "warm" is then the second model's job, the same work in a JVM that has run it once.
# rates CSV prints "first warm"; rates CSV LABEL prints a report line.
rates() { # csv [label]
  python3 - "$@" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def sums(rs):
    return sum(int(r['n_images']) * int(r['steps']) for r in rs), sum(float(r['seconds']) for r in rs)
models = list(dict.fromkeys(r['model'] for r in rows))
if len(models) > 1:
    first = [r for r in rows if r['model'] == models[0]]
    warm = [r for r in rows if r['model'] != models[0]]
    what = f"first model's job ({len(first)} points)", f"second model's job, warm"
else:
    first, warm = rows, rows[1:]
    what = f"{len(rows)} points", f"points 2-{len(rows)}"
steps, secs = sums(first)
warm_steps, warm_secs = sums(warm)
if len(sys.argv) > 2:
    print(f"{sys.argv[2]}: {what[0]}: {steps} image-steps in {secs:.2f} s = {steps / secs:,.0f} "
          f"image-steps/s; {what[1]}: {warm_steps / warm_secs:,.0f} image-steps/s")
else:
    print(f"{steps / secs:.0f} {warm_steps / warm_secs:.0f}")
PY
}
report() { rates "$2" "$1"; } # label csv
# the MLP's 9 points on 60,000 images, one job of 9 points for the model, then one for a copy of
# it (the warm figure; a copy, so that its points have keys of their own): sweep60k <master> <dir>
# [pin command]
sweep60k() {
  local master="$1" dir="$2"
  shift 2
  rm -rf "$dir"
  "$@" bin/spark-snn sweep --conf conf/bench-eval-mlp.yaml --master "$master" \
    --set data.dir="$MNIST_60K" --set data.fetch=false \
    --set "sweep.models=[$OUT/mlp/model, $OUT/mlp-copy/model]" \
    --set sweep.concurrentPoints=1 --set sweep.output="$dir" > "$dir.log" 2>&1 || { tail -20 "$dir.log"; exit 1; }
}
# the conv net's 3 points on CONV_IMAGES images, one point at a time: convsweep <master> <dir> [pin]
convsweep() {
  local master="$1" dir="$2"
  shift 2
  rm -rf "$dir"
  "$@" bin/spark-snn sweep --conf conf/keras-to-snn.yaml --master "$master" \
    --set 'sweep.points=[]' --set 'sweep.neuron=[spiking-relu]' --set 'sweep.steps=[30]' \
    --set 'sweep.synapse=[0.01]' --set 'sweep.scaleFiringRates=[1, 10, 20]' \
    --set sweep.limit="$CONV_IMAGES" --set sweep.examples=0 --set sweep.concurrentPoints=1 \
    --set sweep.output="$dir" > "$dir.log" 2>&1 || { tail -20 "$dir.log"; exit 1; }
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

if [[ ! -f "$OUT/mlp/model/_SPARKSNN_SUCCESS" ]]; then
  bin/spark-snn train --conf conf/bench-eval-mlp.yaml > "$OUT-train.log" 2>&1 || { cat "$OUT-train.log"; exit 1; }
fi
if [[ ! -f "$OUT/mlp-copy/model/_SPARKSNN_SUCCESS" || "$OUT/mlp/model/weights.npz" -nt "$OUT/mlp-copy/model" ]]; then
  rm -rf "$OUT/mlp-copy" && mkdir -p "$OUT/mlp-copy" && cp -r "$OUT/mlp/model" "$OUT/mlp-copy/model"
fi
if [[ ! -f runs/keras-to-snn/model/_SPARKSNN_SUCCESS ]]; then
  bin/spark-snn train --conf conf/keras-to-snn.yaml > "$OUT-conv-train.log" 2>&1 || { cat "$OUT-conv-train.log"; exit 1; }
fi

# local[1] twice: as it is (its one task thread runs on one core, but the JIT compiler, the garbage
# collector and Spark's own threads use the other, idle one) and confined to one core with
# taskset (a one-core machine: the baseline of a one-to-two-core scaling figure)
for run in 'local[1]' 'local[1] one-core' 'local[2]'; do
  master="${run%% *}"
  tag="${master//[^0-9]/}"
  PIN=()
  if [[ "$run" == *one-core ]]; then
    tag="${tag}c"
    PIN=(taskset -c 0)
  fi
  if part mlp; then
    rm -rf "$OUT/mlp/sweep-l$tag"
    log="$OUT-mlp-l$tag.log"
    "${PIN[@]}" bin/spark-snn sweep --conf conf/bench-eval-mlp.yaml --master "$master" \
      --set sweep.concurrentPoints=1 --set sweep.output="$OUT/mlp/sweep-l$tag" > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
    report "spark-snn mlp $run (9 points)" "$OUT/mlp/sweep-l$tag/results/results.csv"
    # the same 9 points on 60,000 images (bench/mnist-60k.sh): points of seconds, not tenths
    sweep60k "$master" "$OUT/mlp/sweep60k-l$tag" "${PIN[@]}"
    report "spark-snn mlp $run (9 points, 60,000 images)" "$OUT/mlp/sweep60k-l$tag/results/results.csv"
  fi
  if part conv; then
    convsweep "$master" "$OUT/conv-l$tag" "${PIN[@]}"
    report "spark-snn conv $run (3 points)" "$OUT/conv-l$tag/results/results.csv"
  fi
done

# one core -> local[2]: the pair above, then PAIRS alternated pairs, and the medians over all of
# them: alternate <label> <sweep function> <dir of the pair above, without -l1c/-l2> <pairs' dir>
alternate() {
  local label="$1" sweep="$2" first="$3" dir="$4" one one_warm two two_warm i all warm
  read -r one one_warm < <(rates "$first-l1c/results/results.csv")
  read -r two two_warm < <(rates "$first-l2/results/results.csv")
  local ratios=("$(python3 -c "print(f'{$two / $one:.2f} {$two_warm / $one_warm:.2f}')")")
  for (( i = 1; i <= PAIRS; i++ )); do
    "$sweep" 'local[1]' "$dir-l1c" taskset -c 0
    read -r one one_warm < <(rates "$dir-l1c/results/results.csv")
    "$sweep" 'local[2]' "$dir-l2"
    read -r two two_warm < <(rates "$dir-l2/results/results.csv")
    ratios+=("$(python3 -c "print(f'{$two / $one:.2f} {$two_warm / $one_warm:.2f}')")")
    echo "  pair $i: $label one core $one ($one_warm), local[2] $two ($two_warm) image-steps/s: ${ratios[-1]% *}x (warm ${ratios[-1]#* }x)"
  done
  all=$(printf '%s\n' "${ratios[@]}" | cut -d' ' -f1 | median)
  warm=$(printf '%s\n' "${ratios[@]}" | cut -d' ' -f2 | median)
  echo "spark-snn $label, one core -> local[2] over $(( PAIRS + 1 )) pairs: $(printf '%s\n' "${ratios[@]}" | cut -d' ' -f1 | tr '\n' ' ')(warm: $(printf '%s\n' "${ratios[@]}" | cut -d' ' -f2 | tr '\n' ' ')); median ${all}x = $(python3 -c "print(round(50 * $all, 1))") % (warm ${warm}x = $(python3 -c "print(round(50 * $warm, 1))") %)"
}
if part mlp; then
  alternate "mlp 60,000 images" sweep60k "$OUT/mlp/sweep60k" "$OUT/mlp/pair"
fi
if part conv; then
  alternate "conv net" convsweep "$OUT/conv" "$OUT/conv-pair"
fi

for threads in 1 2; do
  part mlp || break
  OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
    /usr/bin/python3 ../shared/bench/torch_eval_sweep.py --mnist-dir data/mnist --threads "$threads" \
    | python3 -c "
import json, sys
r = json.loads(sys.stdin.readline())
acc = [round(x['acc'], 4) for x in r['sweep']['hoisted']]
print('torch reference ${threads} thread(s):', json.dumps(r['sweep_totals']), 'hoisted accuracies', acc)"
done
# the conv net's points the same way in PyTorch (bench/torch_conv_eval.py: the shared reference
# evaluates the MLP only), at spark-snn's conv batch of 10 images, and their accuracies
for threads in 1 2; do
  part conv || break
  OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" \
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
    /usr/bin/python3 bench/torch_conv_eval.py --model runs/keras-to-snn/model --mnist-dir data/mnist \
    --images "$CONV_IMAGES" --threads "$threads" | sed "s/^/torch conv ${threads} thread(s): /"
done
