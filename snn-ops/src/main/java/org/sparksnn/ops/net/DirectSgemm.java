package org.sparksnn.ops.net;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code c = op(a)·op(b)} for float32 matrices, straight through OpenBLAS's {@code cblas_sgemm} on
 * the host buffers of ND4J's CPU backend. It calls the library instance {@code nd4j-native} runs
 * its own matrix products on ({@code openblas_nolapack}; the preset's {@code openblas} class would
 * load a second copy of the library). It skips ND4J's per-call op set-up (a custom-op context and
 * native shape buffers: 10–55 µs per call on our 2-core machine, and garbage for the collector),
 * and gives the same bits as {@code Nd4j.gemm}: the same routine with the same operands.
 *
 * <p>Used only for rank-2, c-order, offset-0, non-view float arrays on the CPU backend when the
 * OpenBLAS Java API is on the class path; anything else goes through {@code Nd4j.gemm}, and so does
 * everything when the JVM runs with {@code -Dsparksnn.directSgemm=false}.
 */
final class DirectSgemm {
  private static final Logger LOG = LoggerFactory.getLogger(DirectSgemm.class);

  /** Whether the OpenBLAS API loads and ND4J runs on the host (decided once per JVM). */
  private static final boolean AVAILABLE = probe();

  private DirectSgemm() {}

  /**
   * {@code c = op(a)·op(b)}: {@code op(a)} is {@code m × k}, {@code op(b)} is {@code k × n} and
   * {@code c} is {@code m × n} (checked).
   *
   * @throws IllegalArgumentException if the shapes do not fit
   */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB) {
    if (!(AVAILABLE && plain(a) && plain(b) && plain(c))) {
      Nd4j.gemm(a, b, c, transA, transB, 1.0, 0.0);
      return;
    }
    int m = transA ? a.columns() : a.rows();
    int k = transA ? a.rows() : a.columns();
    int kb = transB ? b.columns() : b.rows();
    int n = transB ? b.rows() : b.columns();
    if (k != kb || c.rows() != m || c.columns() != n) {
      throw new IllegalArgumentException(
          "gemm shapes do not fit: op(a) " + m + "x" + k + ", op(b) " + kb + "x" + n + ", c "
              + c.rows() + "x" + c.columns());
    }
    openblas_nolapack.cblas_sgemm(
        openblas_nolapack.CblasRowMajor,
        transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
        m,
        n,
        k,
        1f,
        host(a),
        a.columns(),
        host(b),
        b.columns(),
        0f,
        host(c),
        c.columns());
  }

  /** Whether products of plain arrays go straight to OpenBLAS in this JVM. */
  static boolean available() {
    return AVAILABLE;
  }

  private static boolean plain(INDArray x) {
    return x.rank() == 2
        && x.dataType() == DataType.FLOAT
        && x.ordering() == 'c'
        && !x.isView()
        && x.offset() == 0
        && x.rows() > 0
        && x.columns() > 0;
  }

  private static FloatPointer host(INDArray x) {
    Pointer p = x.data().addressPointer();
    return p instanceof FloatPointer f ? f : new FloatPointer(p);
  }

  private static boolean probe() {
    if (!Boolean.parseBoolean(System.getProperty("sparksnn.directSgemm", "true"))) {
      return false;
    }
    try {
      if (!Nd4j.getBackend().getClass().getName().contains("nativecpu")) {
        return false;
      }
      // a 1x1 product through both paths: the direct one must load and agree
      INDArray a = Nd4j.createFromArray(new float[][] {{3f}});
      INDArray b = Nd4j.createFromArray(new float[][] {{5f}});
      INDArray c = Nd4j.create(DataType.FLOAT, 1, 1);
      int noTrans = openblas_nolapack.CblasNoTrans;
      openblas_nolapack.cblas_sgemm(
          openblas_nolapack.CblasRowMajor, noTrans, noTrans, 1, 1, 1, 1f, host(a), 1, host(b), 1,
          0f, host(c), 1);
      return c.getFloat(0) == 15f;
    } catch (LinkageError | RuntimeException e) {
      LOG.debug("direct OpenBLAS sgemm unavailable, using Nd4j.gemm: {}", e.toString());
      return false;
    }
  }
}
