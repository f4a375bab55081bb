#!/usr/bin/env bash
# Encoding throughput: all of MNIST (60k train + 10k test), rate encoding, 30 steps,
# local[1] vs local[2]; prints the encode lines and the Parquet bytes per image.
#   bench/encode.sh            (needs data/mnist: bin/spark-snn fetch-data --dataset mnist)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for master in 'local[1]' 'local[2]'; do
  echo "== $master"
  for rep in 1 2 3; do
    bin/spark-snn encode --conf conf/encode-mnist.yaml --master "$master" \
      --set output.dir=runs/bench-encode --set output.overwrite=true 2>&1 | grep 'encoded 60000'
  done
done
bytes=$(find runs/bench-encode/encoded -name '*.parquet' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "parquet bytes per image: $(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 70000}') (total $bytes)"
