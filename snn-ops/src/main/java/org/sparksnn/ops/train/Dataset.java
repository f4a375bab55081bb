package org.sparksnn.ops.train;

import java.util.HashMap;
import java.util.Map;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.net.InputSource;
import org.sparksnn.ops.net.TimeTiledInput;

/**
 * Labelled samples: their ids, labels, and the {@link InputSource} that produces their input per
 * step (time-tiled intensities, or spikes from an encoder).
 *
 * @param ids sample ids (unique)
 * @param labels the label of {@code ids[i]}, {@code >= 0}
 * @param input the input source keyed by sample id
 */
public record Dataset(long[] ids, int[] labels, InputSource input) {

  public Dataset {
    Checks.notNull("Dataset.ids", ids);
    Checks.notNull("Dataset.labels", labels);
    Checks.notNull("Dataset.input", input);
    Checks.check(
        ids.length == labels.length,
        "Dataset.labels.length",
        "must equal ids.length " + ids.length,
        labels.length);
    ids = ids.clone();
    labels = labels.clone();
  }

  /**
   * Time-tiled in-memory samples: {@code intensities[i]} and {@code labels[i]} belong to {@code
   * ids[i]}.
   */
  public static Dataset timeTiled(long[] ids, float[][] intensities, int[] labels) {
    Checks.check(
        intensities.length == ids.length,
        "Dataset.intensities.length",
        "must equal ids.length " + ids.length,
        intensities.length);
    IdIndex index = IdIndex.of(ids, "Dataset.ids");
    float[][] rows = intensities.clone();
    return new Dataset(
        ids,
        labels,
        new TimeTiledInput(
            intensities[0].length,
            id -> {
              int p = index.position(id);
              return p < 0 ? null : rows[p];
            }));
  }

  @Override
  public long[] ids() {
    return ids.clone();
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** Number of samples. */
  public int size() {
    return ids.length;
  }

  /** A lookup from sample id to label. */
  public Map<Long, Integer> labelsById() {
    Map<Long, Integer> m = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (m.put(ids[i], labels[i]) != null) {
        throw new IllegalArgumentException("Dataset.ids must be unique, got " + ids[i] + " twice");
      }
    }
    return m;
  }
}
