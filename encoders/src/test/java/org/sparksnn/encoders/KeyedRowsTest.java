package org.sparksnn.encoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.sparksnn.ops.random.KeyedRandom;

class KeyedRowsTest {
  @Test
  void rowDrawsEqualKeyedRandomBitForBit() {
    SplittableRandom rng = new SplittableRandom(17);
    for (int n = 0; n < 1_000_000; n++) {
      long seed = rng.nextLong();
      long a = n % 3 == 0 ? rng.nextInt(70_000) : rng.nextLong();
      long b = n % 2 == 0 ? rng.nextInt(1000) : rng.nextLong();
      long c = n % 5 == 0 ? rng.nextLong() : rng.nextInt(4096);
      double expected = KeyedRandom.uniform(seed, a, b, c);
      double actual = KeyedRows.uniform(KeyedRows.rowKey(seed, a, b), c);
      if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
        assertEquals(expected, actual, "seed " + seed + " a " + a + " b " + b + " c " + c);
      }
    }
  }

  @Test
  void integerThresholdComparisonEqualsDoubleComparison() {
    SplittableRandom rng = new SplittableRandom(23);
    double[] fixed = {0, -0.0, -1, 1, 2, Double.MIN_VALUE, 0x1.0p-53, 0x1.0p-54, 1 - 0x1.0p-53};
    for (int n = 0; n < 1_000_000; n++) {
      long seed = rng.nextLong();
      long row = KeyedRows.rowKey(seed, n, 3);
      double u = KeyedRows.uniform(row, n);
      double q =
          switch (n % 5) {
            case 0 -> u; // the draw itself: not below
            case 1 -> Math.nextUp(u); // just above the draw: below
            case 2 -> Math.nextDown(u);
            case 3 -> fixed[rng.nextInt(fixed.length)];
            default -> rng.nextDouble();
          };
      int expected = u < q ? 1 : 0;
      assertEquals(expected, KeyedRows.below(row, n, KeyedRows.threshold(q)), "u " + u + " q " + q);
    }
  }
}
