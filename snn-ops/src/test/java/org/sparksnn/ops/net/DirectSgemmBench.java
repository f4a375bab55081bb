package org.sparksnn.ops.net;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Benchmark (not a test): a dense layer's two BLAS products — forward {@code x·W} and weight
 * gradient {@code xᵀ·g} — through {@code Nd4j.gemm} and through {@link DirectSgemm}, on the same
 * preallocated arrays, one thread. Prints µs per pair for each path, 4 rounds per shape, and
 * whether both gave the same bits.
 *
 * <p>Run after {@code mvn -o -pl snn-ops test-compile}, with {@code OMP_NUM_THREADS=1}: {@code java
 * -cp snn-ops/target/test-classes:snn-ops/target/classes:<jobs/target/lib/*>
 * org.sparksnn.ops.net.DirectSgemmBench [rows in out]...} (default: 16, 32, 128 and 256 rows of
 * 784×128, and 37×100×13).
 */
public final class DirectSgemmBench {
  private DirectSgemmBench() {}

  public static void main(String[] args) {
    int[][] shapes =
        args.length >= 3
            ? new int[][] {{Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])}}
            : new int[][] {{16, 784, 128}, {32, 784, 128}, {128, 784, 128}, {256, 784, 128}, {37, 100, 13}};
    System.out.println("direct path available: " + DirectSgemm.available());
    for (int[] s : shapes) {
      run(s[0], s[1], s[2]);
    }
  }

  private static void run(int rows, int in, int out) {
    INDArray x = Nd4j.rand(DataType.FLOAT, rows, in);
    INDArray w = Nd4j.rand(DataType.FLOAT, in, out);
    INDArray g = Nd4j.rand(DataType.FLOAT, rows, out);
    INDArray z1 = Nd4j.create(DataType.FLOAT, rows, out);
    INDArray z2 = Nd4j.create(DataType.FLOAT, rows, out);
    INDArray dw1 = Nd4j.create(DataType.FLOAT, in, out);
    INDArray dw2 = Nd4j.create(DataType.FLOAT, in, out);
    int iterations = (int) Math.max(200, 2e9 / (4.0 * rows * in * out));
    for (int round = 0; round < 4; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        Nd4j.gemm(x, w, z1, false, false, 1.0, 0.0);
        Nd4j.gemm(x, g, dw1, true, false, 1.0, 0.0);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        DirectSgemm.gemm(x, w, z2, false, false);
        DirectSgemm.gemm(x, g, dw2, true, false);
      }
      long t2 = System.nanoTime();
      boolean same =
          Arrays.equals(z1.data().asFloat(), z2.data().asFloat())
              && Arrays.equals(dw1.data().asFloat(), dw2.data().asFloat());
      System.out.printf(
          "%d x %d x %d, round %d: Nd4j.gemm %.1f µs, DirectSgemm %.1f µs per forward + gradient;"
              + " same bits %b%n",
          rows, in, out, round, (t1 - t0) / 1e3 / iterations, (t2 - t1) / 1e3 / iterations, same);
    }
  }
}
