package org.sparksnn.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChecksTest {
  @Test
  void positiveRejectsNegativeWithOwnerFieldConstraintAndValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.positive("lif.tauRc", -0.02));
    assertEquals("lif.tauRc must be > 0, got -0.02", e.getMessage());
  }

  @Test
  void positiveRejectsNaN() {
    assertThrows(IllegalArgumentException.class, () -> Checks.positive("x", Double.NaN));
  }

  @Test
  void inRangeAcceptsBoundsAndRejectsOutside() {
    assertEquals(1.0, Checks.inRange("p", 1.0, 0.0, 1.0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checks.inRange("p", 1.5, 0.0, 1.0));
    assertEquals("p must be in [0.0, 1.0], got 1.5", e.getMessage());
  }

  @Test
  void finiteRejectsInfinity() {
    assertThrows(
        IllegalArgumentException.class, () -> Checks.finite("w", Double.POSITIVE_INFINITY));
  }

  @Test
  void oneOfAcceptsAnAllowedValueAndListsThemAllOtherwise() {
    assertEquals("tcp", Checks.oneOf("transport", "tcp", "auto", "tcp"));
    assertEquals(
        "mode must be single, barrier or reference, got ring",
        assertThrows(
                IllegalArgumentException.class,
                () -> Checks.oneOf("mode", "ring", "single", "barrier", "reference"))
            .getMessage());
    assertEquals(
        "x must be a, got null",
        assertThrows(IllegalArgumentException.class, () -> Checks.oneOf("x", null, "a"))
            .getMessage());
  }
}
