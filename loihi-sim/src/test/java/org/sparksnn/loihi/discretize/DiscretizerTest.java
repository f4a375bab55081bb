package org.sparksnn.loihi.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

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
}
