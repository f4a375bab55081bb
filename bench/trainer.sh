#!/usr/bin/env bash
# Single-thread training/inference throughput of the keras-spiking network (issue #3):
# spark-snn's single-process Trainer vs the PyTorch-CPU reference, same machine, same run.
# Wall clock and per CPU-second of the compute thread (the latter survives a loaded machine).
#   bench/trainer.sh   (needs data/mnist and Debian python3-torch + libopenblas0-openmp)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
TORCH=(env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3)
for rep in 1 2 3; do
  # batch 32 (cold JIT), 256 (the JVM's first batch-256 epoch), 256 again (warm), 32 (warm)
  "${JAVA_BENCH[@]}" -Xmx6g -cp "$CP" org.sparksnn.jobs.bench.TrainerBench data/mnist 32 256 256 32 2>/dev/null
  for batch in 32 256; do
    wall=$("${TORCH[@]}" ../shared/bench/torch_snn_mnist.py --mnist-dir data/mnist --threads 1 --mode sat \
      --tile once --batch "$batch" --eval-dts "" | python3 -c "import json,sys; print(json.load(sys.stdin)['train_samples_per_s'])")
    cpu=$("${TORCH[@]}" bench/torch_cpu.py --mnist-dir data/mnist --threads 1 --mode sat \
      --tile once --batch "$batch" --eval-dts "" | python3 -c "import json,sys; print(json.load(sys.stdin)['train_samples_per_s'])")
    echo "{\"impl\": \"torch sat tile-once\", \"batch\": $batch, \"train_samples_per_s\": $wall, \"train_samples_per_cpu_s\": $cpu}"
  done
  # inference at 30 steps (batches of 1,000, as TrainerBench) of a net trained on 320 images only:
  # the speed of PyTorch's dense operations does not depend on the weights
  eval30=$("${TORCH[@]}" ../shared/bench/torch_snn_mnist.py --mnist-dir data/mnist --threads 1 --mode sat \
    --tile once --train-subset 320 --n-steps 30 --eval-dts 0.1 \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['eval_spiking']['eval_img_per_s'])")
  echo "{\"impl\": \"torch sat tile-once\", \"eval30_img_per_s\": $eval30}"
done
