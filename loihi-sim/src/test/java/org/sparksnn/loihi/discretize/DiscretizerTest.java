package org.sparksnn.loihi.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparksnn.loihi.model.BuiltLayer;
import org.sparksnn.ops.SimulationException;

/** Integer rules of nengo-loihi's discretization. */
class DiscretizerTest {
  @Test
  void largestWeightMapsTo254TimesScale() {
    // w·w_scale = 255 -> 127.5 rounds half-even to 128 -> clipped to 127 -> (127 << 1) << 6
    assertEquals(254 << 6, Discretizer.discretizeWeight(127.5, 0));
    assertEquals(-(127 << 1) << 6, Discretizer.discretizeWeight(-200, 0));
    assertEquals(122 << 7, Discretizer.discretizeWeight(122.4, 0));
  }

  @Test
  void negativeWeightExponentShiftsMantissa() {
    assertEquals(123 << 6, Discretizer.discretizeWeight(123.0, -1));
    // s2 = -1: round(123 / 2) = 62 (half-even of 61.5), * 2 = 124, >> 1 = 62
    assertEquals(62 << 6, Discretizer.discretizeWeight(123.0, -2));
  }

  @Test
  void decayIntFloorsMagnitudeKeepingSign() {
    assertEquals(10, LoihiInts.decayInt(42112, 4094, 1));
    assertEquals(-10, LoihiInts.decayInt(-42112, 4094, 1));
    assertEquals(1000, LoihiInts.decayInt(1000, 0, 0));
    assertEquals((4000 * (4096 - 201)) >> 12, LoihiInts.decayInt(4000, 201, 0));
  }

  @Test
  void wrapSignedMatchesTwosComplementOfNarrowRegister() {
    assertEquals(-(1 << 21), LoihiInts.wrapSigned(1 << 21, 21));
    assertEquals(-1, LoihiInts.wrapSigned(-1, 21));
    assertEquals((1 << 21) - 1, LoihiInts.wrapSigned(-(1 << 21) - 1, 21));
  }

  @Test
  void overflowsIsTrueExactlyOutsideTheSignedRange() {
    assertFalse(LoihiInts.overflows((1 << 21) - 1, 21));
    assertTrue(LoihiInts.overflows(1 << 21, 21));
    assertFalse(LoihiInts.overflows(-(1 << 21), 21));
    assertTrue(LoihiInts.overflows(-(1 << 21) - 1, 21));
    assertFalse(LoihiInts.overflows((1 << 23) - 1, 23));
    assertTrue(LoihiInts.overflows(1 << 23, 23));
  }

  private static BuiltLayer oneReluCompartment(float weight) {
    return new BuiltLayer("d", 1, 1, new float[] {1000f}, new float[] {0f}, new float[] {1f},
        new float[] {0f}, new int[] {1}, 0f, 1000f, false, false, new float[] {weight});
  }

  /**
   * nengo-loihi tries the weight exponents 0, −1, …, −7 and keeps the first whose threshold fits
   * (vth·v_scale ≤ (2^17 − 1)·64 = 8,388,544). A relu compartment at dt 1 ms (vth 1000, no decay
   * scaling) with w_max = 0.0255 has w_scale = 255/w_max = 10,000: vth·w_scale·2^(6+e) is
   * 10,000,000 at e = −6 (too large) and 5,000,000 at e = −7 (mantissa 78,125 exactly). With w_max
   * ten times smaller even e = −7 gives 50,000,000: no exponent fits.
   */
  @Test
  void weightExponentSearchGoesDownToMinusSevenThenFails() {
    DiscretizedCore c = Discretizer.discretizeCore(oneReluCompartment(0.0255f), 0, new int[] {0});
    assertEquals(-7, c.wExp());
    assertEquals(78_125 << 6, c.vth()[0]);
    SimulationException e =
        assertThrows(
            SimulationException.class,
            () -> Discretizer.discretizeCore(oneReluCompartment(0.00255f), 0, new int[] {0}));
    assertEquals("layer 'd' core 0: could not find an appropriate weight exponent", e.getMessage());
  }
}
