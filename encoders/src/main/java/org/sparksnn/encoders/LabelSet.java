package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Class labels, one unsigned byte each.
 *
 * <p>The array is shared, not copied (datasets are large); treat it as read-only.
 *
 * @param count number of labels, &ge; 0
 * @param labels {@code count} unsigned bytes, label {@code i} is {@code labels[i] & 0xFF}
 */
public record LabelSet(int count, byte[] labels) {
  public LabelSet {
    Checks.nonNegative("LabelSet.count", count);
    Checks.notNull("LabelSet.labels", labels);
    Checks.check(
        labels.length == count,
        "LabelSet.labels",
        "must hold count = " + count + " bytes",
        labels.length);
  }

  /** Label {@code i} in [0, 255]. */
  public int label(int i) {
    return labels[i] & 0xFF;
  }
}
