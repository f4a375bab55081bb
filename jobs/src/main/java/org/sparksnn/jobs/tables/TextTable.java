package org.sparksnn.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;

/**
 * An aligned plain-text table for the terminal: every column is as wide as its widest cell (header
 * included), columns are separated by one space, a rule of {@code -} follows the header, and no
 * line has trailing spaces. Add the columns first, then the rows.
 */
public final class TextTable {
  /** How a column's cells sit in its width. */
  public enum Align {
    /** padded on the right (text) */
    LEFT,
    /** padded on the left (numbers) */
    RIGHT
  }

  private final List<String> headers = new ArrayList<>();
  private final List<Align> aligns = new ArrayList<>();
  private final List<List<String>> rows = new ArrayList<>();

  /** Adds a column; only before the first row. */
  public TextTable column(String header, Align align) {
    Checks.check(rows.isEmpty(), "TextTable.column", "must come before the first row", header);
    headers.add(header);
    aligns.add(align);
    return this;
  }

  /** Adds a row of one cell per column. */
  public TextTable row(String... cells) {
    Checks.check(
        cells.length == headers.size(),
        "TextTable.row",
        "must have one cell per column (" + headers.size() + ")",
        cells.length);
    rows.add(List.of(cells));
    return this;
  }

  /** The header, the rule and the rows, each line ending in {@code '\n'}. */
  public String render() {
    int[] width = new int[headers.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = headers.get(c).length();
      for (List<String> r : rows) {
        width[c] = Math.max(width[c], r.get(c).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    String header = line(headers, width);
    int ruleLength = width.length - 1;
    for (int w : width) {
      ruleLength += w;
    }
    sb.append(header).append('\n').append("-".repeat(Math.max(0, ruleLength))).append('\n');
    for (List<String> r : rows) {
      sb.append(line(r, width)).append('\n');
    }
    return sb.toString();
  }

  private String line(List<String> cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      String v = cells.get(c);
      String pad = " ".repeat(width[c] - v.length());
      sb.append(c == 0 ? "" : " ").append(aligns.get(c) == Align.LEFT ? v + pad : pad + v);
    }
    return sb.toString().stripTrailing();
  }
}
