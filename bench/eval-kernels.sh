#!/usr/bin/env bash
# Issue #5: the sweep's evaluation kernels on one thread without Spark (PointEvaluatorBench): the
# 9 points (synapse {0.001, 0.005, 0.01} x scale {1, 10, 20}, spiking-relu, 30 steps) of a model
# over the MNIST test images, ROUNDS rounds in one JVM, image-steps/s per point and per round, and
# a digest of every point's results for checking a kernel change bit for bit.
#   bench/eval-kernels.sh [model dir] [images] [rounds] [batch] [shared|one] [steps] [dt]
#   (default: the MLP of conf/bench-eval-mlp.yaml, trained by bench/eval-sweep.sh; 10000 images,
#   3 rounds, batches of 500, one point at a time, 30 steps, the model's dt; the conv net:
#   runs/keras-to-snn/model 500 2 100; "shared" evaluates the points in a sweep's shared groups)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
mvn -B -q -o -pl pipeline test-compile
MODEL="${1:-runs/bench-eval/mlp/model}"
if [[ ! -f "$MODEL/_SPARKSNN_SUCCESS" && "$MODEL" == runs/bench-eval/mlp/model ]]; then
  bin/spark-snn train --conf conf/bench-eval-mlp.yaml > runs/bench-eval-train.log 2>&1
fi
"${JAVA_BENCH[@]}" -cp "pipeline/target/test-classes:$CP" org.sparksnn.pipeline.sweep.PointEvaluatorBench \
  data/mnist "$MODEL" "${2:-10000}" "${3:-3}" "${4:-500}" "${5:-one}" ${6:+"$6"} ${7:+"$7"} 2>/dev/null
