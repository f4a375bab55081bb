package org.sparksnn.encoders;

import org.sparksnn.ops.Checks;

/**
 * Class labels.
 *
 * @param count number of labels
 * @param labels one unsigned byte per label
 */
public record LabelSet(int count, byte[] labels) {
  public LabelSet {
    Checks.check(labels.length == count, "LabelSet.labels", "must hold count = " + count + " bytes", labels.length);
  }

  /** Label {@code i} in [0, 255]. */
  public int label(int i) {
    return labels[i] & 0xFF;
  }
}
