#!/usr/bin/env bash
# Issue #5: a convolution's evaluation forward pass, direct kernels (scatter over the non-zeros,
# patch sums) against the training path (im2col + OpenBLAS), one thread, by input density
# (ConvKernelsBench): the measurement behind ConvKernels.SCATTER_DENSITY.
#   bench/conv-kernels.sh [images per batch]   (default 10, the conv sweeps' sweep.batch)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bench/jobs-classpath.sh
mvn -B -q -o -pl snn-ops test-compile
"${JAVA_BENCH[@]}" -cp "snn-ops/target/test-classes:snn-ops/target/classes:$CP" \
  org.sparksnn.ops.net.ConvKernelsBench "${1:-10}" 2>/dev/null
