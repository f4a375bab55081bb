package org.sparksnn.pipeline.train.allreduce;

/**
 * An element-wise reduction of {@code long} vectors, as {@link Mesh#allReduce} applies it: folds
 * elements {@code [from, to)} of {@code in} into the same elements of {@code acc}. Each element's
 * operation must be commutative and associative on the values it meets (exact integer addition,
 * bitwise or, …): the mesh combines the ranks' vectors in an order of its choosing (rank order, or
 * around a ring), and every order must give the same bits. Implementations must not throw on
 * values they cannot combine (every rank has to finish the exchange): encode the failure in the
 * result instead, for the caller to check once the exchange is over.
 */
@FunctionalInterface
public interface LongReducer {

  /** {@code acc[k] = op(acc[k], in[k])} for {@code from <= k < to}. */
  void reduce(long[] acc, long[] in, int from, int to);
}
