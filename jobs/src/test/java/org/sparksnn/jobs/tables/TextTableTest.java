package org.sparksnn.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextTableTest {
  @Test
  void columnsAreAsWideAsTheirWidestCellAndAlignedAsAsked() {
    String t =
        new TextTable()
            .column("name", TextTable.Align.LEFT)
            .column("n", TextTable.Align.RIGHT)
            .column("note", TextTable.Align.LEFT)
            .row("a", "12345", "x")
            .row("{act0=0.01}", "7", "")
            .render();
    assertEquals(
        "name            n note\n"
            + "----------------------\n"
            + "a           12345 x\n"
            + "{act0=0.01}     7\n",
        t);
  }

  @Test
  void rowWithTheWrongNumberOfCellsIsRejected() {
    TextTable t = new TextTable().column("a", TextTable.Align.LEFT);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.row("1", "2"));
    assertEquals("TextTable.row must have one cell per column (1), got 2", e.getMessage());
  }

  @Test
  void columnAfterTheFirstRowIsRejected() {
    TextTable t = new TextTable().column("a", TextTable.Align.LEFT).row("1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.column("b", TextTable.Align.LEFT));
    assertEquals("TextTable.column must come before the first row, got b", e.getMessage());
  }
}
