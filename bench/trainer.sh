#!/usr/bin/env bash
# Single-thread training/inference throughput of the keras-spiking network (issue #3):
# spark-snn's single-process Trainer vs the PyTorch-CPU reference, same machine, same run.
#   bench/trainer.sh   (needs data/mnist and Debian python3-torch + libopenblas0-openmp)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[[ -d jobs/target/test-classes ]] || mvn -B -q -DskipTests install
mvn -B -q -o -pl jobs test-compile
export OMP_NUM_THREADS=1
CP="jobs/target/test-classes:$(ls jobs/target/spark-snn-jobs-*.jar | grep -v tests | head -1):jobs/target/lib/*"
for rep in 1 2 3; do
  java -Xmx6g --add-modules=jdk.incubator.vector -cp "$CP" org.sparksnn.jobs.bench.TrainerBench data/mnist 2>/dev/null
done
REF=../shared/bench/torch_snn_mnist.py
for rep in 1 2 3; do
  for batch in 32 256; do
    for tile in full once; do
      LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 "$REF" \
        --mnist-dir data/mnist --threads 1 --mode sat --tile "$tile" --batch "$batch" --eval-dts "" \
        | python3 -c "import json,sys; r=json.load(sys.stdin); print(json.dumps({'impl':'torch sat','tile':'$tile','batch':$batch,'train_samples_per_s':r['train_samples_per_s'],'test_acc':r.get('eval_spiking',{}).get('acc')}))"
    done
  done
done
