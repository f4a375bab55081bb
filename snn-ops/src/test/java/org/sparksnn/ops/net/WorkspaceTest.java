package org.sparksnn.ops.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The workspace keeps each key's buffers of its most recently used sizes. */
class WorkspaceTest {

  @Test
  void alternatingBatchSizesReuseTheBuffersOfEachSize() {
    Workspace ws = new Workspace();
    float[] train = ws.floats("x", 256 * 10);
    float[] last = ws.floats("x", 96 * 10);
    float[] validation = ws.floats("x", 1000 * 10);
    for (int epoch = 0; epoch < 3; epoch++) {
      assertSame(train, ws.floats("x", 256 * 10));
      assertSame(last, ws.floats("x", 96 * 10));
      assertSame(validation, ws.floats("x", 1000 * 10));
    }
    double[] d = ws.doubles("x", 5);
    assertSame(d, ws.doubles("x", 5));
    int[] i = ws.ints("x", 5);
    assertSame(i, ws.ints("x", 5));
    INDArray m = ws.matrix("x", 3, 4);
    INDArray other = ws.matrix("x", 4, 3);
    assertSame(m, ws.matrix("x", 3, 4));
    assertSame(other, ws.matrix("x", 4, 3));
    assertEquals(3, m.rows());
    assertEquals(4, m.columns());
  }

  @Test
  void aFourthSizeDropsTheLeastRecentlyUsedOne() {
    Workspace ws = new Workspace();
    float[] a = ws.floats("k", 1);
    float[] b = ws.floats("k", 2);
    float[] c = ws.floats("k", 3);
    assertSame(a, ws.floats("k", 1)); // now b is the least recently used
    float[] d = ws.floats("k", 4);
    assertSame(a, ws.floats("k", 1));
    assertSame(c, ws.floats("k", 3));
    assertSame(d, ws.floats("k", 4));
    assertNotSame(b, ws.floats("k", 2));
    assertEquals(2, ws.floats("k", 2).length);
    // keys are independent
    assertNotSame(ws.floats("k", 1), ws.floats("other", 1));
  }
}
