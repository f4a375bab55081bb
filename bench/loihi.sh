#!/usr/bin/env bash
# Issue #6 benchmark: Loihi emulation throughput of the Spark stage (bin/spark-snn loihi, integer
# emulator, bit-exact) in image-steps/s as LoihiTask logs it (images x 30 steps / stage wall time,
# Spark start-up excluded; and per emulation-second of a task, the per-core figure), for loihi-relu
# 784-100-10 and 784-1000-10 (block_shape (125,)) on local[1] and local[2], one ND4J/OpenMP
# thread per task, on two image sets:
#   test  - the 10,000 MNIST test images (a 784-100-10 task then lasts about half a second on
#           local[2], so the JIT's warm-up is a large part of it);
#   60k   - the 60,000 MNIST training images presented as the emulated set (bench/mnist-60k.sh),
#           so that every task runs for seconds: the steady-state per-core rate. Its accuracy is
#           on images the model partly trained on (the first 10,000): a throughput figure only.
# Reference (the issue's): nengo-loihi's emulator, one input stream on one core, ~6,000 steps/s
# (784-100-10) and ~1,300 steps/s (784-1000-10); target 50x per core.
#   bench/loihi.sh   (needs data/mnist)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
OUT=runs/bench-loihi
mkdir -p "$OUT"
source bench/mnist-60k.sh
for units in 100 1000; do
  sets=(--set model.layers.0.units="$units" --set output.dir="$OUT/h$units")
  if [[ "$units" == 1000 ]]; then sets+=(--set 'loihi.blockShapes={dense0: [125]}'); fi
  if [[ ! -f "$OUT/h$units/model/_SPARKSNN_SUCCESS" ]]; then
    bin/spark-snn train --conf conf/bench-loihi.yaml "${sets[@]}" > "$OUT/train-h$units.log" 2>&1 \
      || { tail -20 "$OUT/train-h$units.log"; exit 1; }
  fi
  for images in test 60k; do
    data=()
    if [[ "$images" == 60k ]]; then data=(--set data.dir="$MNIST_60K" --set data.fetch=false); fi
    for master in 'local[1]' 'local[2]'; do
      log="$OUT/loihi-h$units-$images-${master//[^0-9]/}.log"
      bin/spark-snn loihi --conf conf/bench-loihi.yaml --master "$master" "${sets[@]}" "${data[@]}" \
        --set output.overwrite=true > "$log" 2>&1 || { tail -20 "$log"; exit 1; }
      echo "784-$units-10 $images $master: $(grep -o 'loihi (fixed).*' "$log")"
    done
  done
done
