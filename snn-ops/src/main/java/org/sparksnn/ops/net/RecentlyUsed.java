package org.sparksnn.ops.net;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The {@link Workspace#SHAPES_PER_KEY} most recently used objects of one kind (buffers of one key,
 * neuron states of one layer), most recent first: a runner that alternates between a few batch
 * sizes finds the object of each size again instead of allocating it anew. Not thread-safe.
 *
 * @param <T> the kept objects
 */
final class RecentlyUsed<T> {
  private final List<T> kept = new ArrayList<>(Workspace.SHAPES_PER_KEY);

  /** Removes and returns the most recent object that {@code fits}, or null. */
  T take(Predicate<T> fits) {
    for (int i = 0; i < kept.size(); i++) {
      if (fits.test(kept.get(i))) {
        return kept.remove(i);
      }
    }
    return null;
  }

  /** Puts {@code o} first, dropping the least recently used past the capacity; returns it. */
  T use(T o) {
    if (kept.size() == Workspace.SHAPES_PER_KEY) {
      kept.remove(Workspace.SHAPES_PER_KEY - 1);
    }
    kept.add(0, o);
    return o;
  }
}
