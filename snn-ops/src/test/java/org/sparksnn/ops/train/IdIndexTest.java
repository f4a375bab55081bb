package org.sparksnn.ops.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdIndexTest {
  @Test
  void contiguousIdsInAnyOrderMapToTheirPositions() {
    long[] ids = {60_003, 60_000, 60_002, 60_001};
    IdIndex index = IdIndex.of(ids, "ids");
    for (int i = 0; i < ids.length; i++) {
      assertEquals(i, index.position(ids[i]));
    }
    assertEquals(-1, index.position(59_999));
    assertEquals(-1, index.position(60_004));
    assertEquals(-1, index.position(Long.MIN_VALUE));
  }

  @Test
  void scatteredIdsIncludingExtremesMapToTheirPositions() {
    SplittableRandom r = new SplittableRandom(3);
    long[] ids = new long[1_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = r.nextLong();
    }
    ids[0] = Long.MIN_VALUE;
    ids[1] = Long.MAX_VALUE;
    IdIndex index = IdIndex.of(ids, "ids");
    for (int i = 0; i < ids.length; i++) {
      assertEquals(i, index.position(ids[i]));
    }
    assertEquals(-1, index.position(12345));
  }

  @Test
  void aRepeatedIdIsAnErrorNamingIt() {
    for (long[] ids : new long[][] {{5, 6, 5}, {5, 900, 5}}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> IdIndex.of(ids, "Dataset.ids"));
      assertTrue(e.getMessage().contains("Dataset.ids must be unique, got 5 twice"), e.getMessage());
    }
  }

  @Test
  void emptyIdsFindNothing() {
    assertEquals(-1, IdIndex.of(new long[0], "ids").position(0));
  }
}
