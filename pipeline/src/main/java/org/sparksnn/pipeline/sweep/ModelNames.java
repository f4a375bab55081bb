package org.sparksnn.pipeline.sweep;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Short names of model directories for tables, chart legends and axes: a training grid point's
 * directory name, else the directory's own name.
 */
public final class ModelNames {
  private ModelNames() {}

  /** {@code runs/x/grid/p0_lr-0.001/model} → {@code p0_lr-0.001}; other paths: the last name. */
  public static String shortName(String model) {
    String[] parts = model.replaceAll("/+$", "").split("/");
    String last = parts[parts.length - 1];
    return last.equals("model") && parts.length > 1 ? parts[parts.length - 2] : last;
  }

  /**
   * Each of {@code models}' short names, or their full locations if two of them would share a
   * short name (so the names still tell the models apart).
   */
  static Map<String, String> of(Collection<String> models) {
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, Integer> uses = new HashMap<>();
    for (String m : new LinkedHashSet<>(models)) {
      names.put(m, shortName(m));
      uses.merge(shortName(m), 1, Integer::sum);
    }
    if (uses.values().stream().anyMatch(n -> n > 1)) {
      names.replaceAll((m, shortName) -> m);
    }
    return names;
  }
}
