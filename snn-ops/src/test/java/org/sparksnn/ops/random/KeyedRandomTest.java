package org.sparksnn.ops.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyedRandomTest {
  @Test
  void uniformIsAPureFunctionOfItsArguments() {
    assertEquals(KeyedRandom.uniform(7, 1, 2, 3), KeyedRandom.uniform(7, 1, 2, 3));
    assertNotEquals(KeyedRandom.uniform(7, 1, 2, 3), KeyedRandom.uniform(7, 1, 3, 2));
    assertNotEquals(KeyedRandom.uniform(7, 1, 2, 3), KeyedRandom.uniform(8, 1, 2, 3));
  }

  @Test
  void uniformHasMeanAndVarianceOfUniformZeroOne() {
    int n = 200_000;
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      double u = KeyedRandom.uniform(42, i, i % 7, 3);
      assertTrue(u >= 0 && u < 1, "out of [0,1): " + u);
      sum += u;
      sumSq += u * u;
    }
    double mean = sum / n;
    double var = sumSq / n - mean * mean;
    // standard error of the mean is sqrt(1/12/n) = 6.5e-4; allow 5 sigma
    assertEquals(0.5, mean, 5 * Math.sqrt(1.0 / 12 / n));
    assertEquals(1.0 / 12, var, 2e-3);
  }

  @Test
  void consecutiveKeysAreUncorrelated() {
    int n = 100_000;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (KeyedRandom.uniform(1, 0, 0, i) - 0.5) * (KeyedRandom.uniform(1, 0, 0, i + 1) - 0.5);
    }
    // correlation coefficient, sd = 1/sqrt(n) ~ 0.003
    assertEquals(0.0, sxy / n * 12, 0.02);
  }

  @Test
  void splitKeysComposeToTheFullHashBitForBit() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      long seed = r.nextLong();
      long a = r.nextLong();
      long b = r.nextInt(4096);
      long c = r.nextLong();
      long first = KeyedRandom.firstKey(seed, a);
      assertEquals(KeyedRandom.rowKey(seed, a, b), KeyedRandom.rowKeyFrom(first, b));
      long h = KeyedRandom.finishHash(KeyedRandom.rowKeyFrom(first, b), c);
      assertEquals(KeyedRandom.hash(seed, a, b, c), h);
      assertEquals(
          Double.doubleToRawLongBits(KeyedRandom.uniform(seed, a, b, c)),
          Double.doubleToRawLongBits(KeyedRandom.toUniform(h)));
    }
  }
}
