#!/usr/bin/env bash
# Issue #4: one epoch of full MNIST (keras-spiking network, time-tiled, 10 steps, Adam) at global
# batch 256 and 32: single-process trainer, barrier mode on local[1] and local[2], reference mode
# on local[2], and the PyTorch reference at 1 and 2 threads, in one run. Prints one line each.
# The global batch is split into 2 fixed micro-batches (micro = batch / 2) in every mode, so that
# 2 replicas each compute one and all modes give bit-identical weights.
# Every Spark task (and the single-process trainer) computes on one thread (OMP_NUM_THREADS=1), so
# local[1] uses one core and local[2] two; EPOCHS (default 2) epochs run and the last one is
# reported, after the JIT has compiled the kernels.
#   bench/train-distributed.sh   (needs data/mnist and python3-torch + libopenblas0-openmp)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
EPOCHS="${EPOCHS:-2}"
run() { # label master mode partitions batch
  local line
  line=$(bin/spark-snn train --conf conf/mnist-spiking-mlp.yaml --master "$2" \
    --set train.epochs="$EPOCHS" --set train.batchSize="$5" --set train.microBatchSize=$(( $5 / 2 )) \
    --set train.mode="$3" --set train.partitions="$4" --set output.overwrite=true \
    --set train.checkpointEvery=0 --set output.dir=runs/bench-train 2>&1 | grep -E "epoch $EPOCHS/$EPOCHS|ms/step" | tr '\n' ' ')
  echo "$1 batch=$5: $line"
}
for batch in 256 32; do
  run "single          " 'local[1]' single 1 "$batch"
  run "barrier local[1]" 'local[1]' barrier 1 "$batch"
  run "barrier local[2]" 'local[2]' barrier 2 "$batch"
  run "reference local[2]" 'local[2]' reference 2 "$batch"
  for threads in 1 2; do
    r=$(OMP_NUM_THREADS="$threads" OPENBLAS_NUM_THREADS="$threads" LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 ../shared/bench/torch_snn_mnist.py \
      --mnist-dir data/mnist --threads "$threads" --mode sat --tile once --batch "$batch" --eval-dts "" \
      | python3 -c "import json,sys; r=json.load(sys.stdin); print(r['train_samples_per_s'])")
    echo "torch tile-once ${threads} thread(s) batch=$batch: $r samples/s"
  done
done
