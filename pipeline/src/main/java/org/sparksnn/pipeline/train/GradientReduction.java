package org.sparksnn.pipeline.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.train.MicroBatchGradient;
import org.sparksnn.pipeline.train.allreduce.LongReducer;
import org.sparksnn.pipeline.train.allreduce.Mesh;

/**
 * How the micro-batch gradients of one step become one summed gradient, identically on every
 * replica for any number of replicas. Each replica writes the gradients of its own micro-batches
 * into one fixed-length payload ({@link #writer}); the payloads of all replicas are exchanged (TCP
 * all-gather or {@code treeAggregate}); every replica {@link #combine}s them.
 *
 * <p>Micro-batch {@code m} of a step is computed by replica {@code m mod n} ({@link
 * StepPlan#owner}).
 */
public enum GradientReduction {
  /**
   * Exact fixed-point sum ({@link FixedPointAccumulator}, 32 fractional bits): the payload of a
   * replica is {@code P + 5} longs whatever its number of micro-batches (gradient sums, loss,
   * regularization loss, correct, count, status), so traffic does not grow with the number of
   * micro-batches. Bit-identical for 1..n replicas; <b>not</b> bit-identical to snn-ops's {@code
   * Trainer}, which adds floats in micro-batch order.
   */
  FIXED_POINT {
    @Override
    int payloadBytes(int microBatches, int parameters) {
      return (parameters + 5) * Long.BYTES;
    }

    @Override
    PayloadWriter writer(int microBatches, int parameters, int rank, byte[] into) {
      return new PayloadWriter() {
        private final FixedPointAccumulator acc = new FixedPointAccumulator(parameters);
        private long loss;
        private long reg;
        private long correct;
        private long count;
        private boolean failed;

        @Override
        public void add(MicroBatchGradient g) {
          if (failed) {
            return;
          }
          try {
            acc.add(g.gradient());
            loss =
                FixedPointAccumulator.addExact(-1, loss, FixedPointAccumulator.toFixed(g.loss(), -1));
            reg =
                FixedPointAccumulator.addExact(
                    -2, reg, FixedPointAccumulator.toFixed(g.regularizationLoss(), -2));
            correct += g.correct();
            count += g.count();
          } catch (SimulationException e) {
            failed = true;
          }
        }

        @Override
        public byte[] bytes() {
          long[] v = new long[parameters + 5];
          if (failed) {
            v[parameters + 4] = 1L << Math.min(rank, 63);
          } else {
            System.arraycopy(acc.sums(), 0, v, 0, parameters);
            v[parameters] = loss;
            v[parameters + 1] = reg;
            v[parameters + 2] = correct;
            v[parameters + 3] = count;
          }
          return toBytes(v, into);
        }
      };
    }

    @Override
    MicroBatchGradient combine(byte[][] payloads, int parameters, long step, Scratch scratch) {
      long[] sum = scratch.longs(0, parameters + 5);
      long[] part = scratch.longs(1, parameters + 5);
      LongReducer op = fixedPointSum(parameters);
      for (int r = 0; r < payloads.length; r++) {
        wrap(payloads[r]).asLongBuffer().get(r == 0 ? sum : part);
        if (r > 0) {
          op.reduce(sum, part, 0, sum.length);
        }
      }
      return fromSum(sum, parameters, step, scratch);
    }

    /**
     * When {@code mesh} {@link Mesh#usesRing uses the ring}, the payloads of all replicas reduced
     * around it ({@link Mesh#allReduce} with {@link #fixedPointSum}): one payload, of a replica
     * that would own every micro-batch. Otherwise every payload, gathered (no extra copies).
     */
    @Override
    byte[][] exchange(Mesh mesh, byte[] own, int[] lengths, Scratch scratch) {
      if (!mesh.usesRing()) {
        return mesh.allGather(own, lengths);
      }
      long[] mine = scratch.longs(1, own.length / Long.BYTES);
      wrap(own).asLongBuffer().get(mine);
      long[] sum = mesh.allReduce(mine, fixedPointSum(mine.length - 5));
      return new byte[][] {toBytes(sum, null)};
    }
  },

  /**
   * Every micro-batch gradient is sent as floats and every replica adds them in micro-batch order
   * with {@link MicroBatchGradient#sum}: bit-identical for 1..n replicas <b>and</b> to snn-ops's
   * single-process {@code Trainer}. A replica's payload is {@code 4·P + 24} bytes per micro-batch
   * it owns, so traffic grows with the number of micro-batches per step.
   */
  ORDERED_FLOAT {
    private static final int TAIL = 24;

    @Override
    int payloadBytes(int microBatches, int parameters) {
      return microBatches * (parameters * Float.BYTES + TAIL);
    }

    @Override
    PayloadWriter writer(int microBatches, int parameters, int rank, byte[] into) {
      ByteBuffer buf = wrap(payloadArray(payloadBytes(microBatches, parameters), into));
      return new PayloadWriter() {
        @Override
        public void add(MicroBatchGradient g) {
          buf.asFloatBuffer().put(g.gradient());
          buf.position(buf.position() + parameters * Float.BYTES);
          buf.putDouble(g.loss()).putDouble(g.regularizationLoss());
          buf.putInt(g.correct()).putInt(g.count());
        }

        @Override
        public byte[] bytes() {
          Checks.check(
              buf.remaining() == 0,
              "GradientReduction.payload",
              "must hold " + microBatches + " micro-batches",
              buf.position());
          return buf.array();
        }
      };
    }

    /**
     * {@link MicroBatchGradient#sum} of the micro-batch gradients in micro-batch order, read
     * straight out of the payloads: the first copied, each next one added element by element
     * (float additions, losses in double), so the bits equal {@code sum} of the decoded list.
     */
    @Override
    MicroBatchGradient combine(byte[][] payloads, int parameters, long step, Scratch scratch) {
      int n = payloads.length;
      int stride = parameters * Float.BYTES + TAIL;
      int micro = 0;
      for (byte[] p : payloads) {
        micro += p.length / stride;
      }
      float[] g = scratch.floats(0, parameters);
      float[] next = micro > 1 ? scratch.floats(1, parameters) : null;
      double loss = 0;
      double reg = 0;
      int correct = 0;
      int count = 0;
      for (int m = 0; m < micro; m++) {
        ByteBuffer buf = wrap(payloads[StepPlan.owner(m, n)]);
        buf.position((m / n) * stride);
        if (m == 0) {
          buf.asFloatBuffer().get(g);
        } else {
          buf.asFloatBuffer().get(next);
          for (int k = 0; k < parameters; k++) {
            g[k] += next[k];
          }
        }
        buf.position(buf.position() + parameters * Float.BYTES);
        double l = buf.getDouble();
        double r = buf.getDouble();
        loss = m == 0 ? l : loss + l;
        reg = m == 0 ? r : reg + r;
        correct += buf.getInt();
        count += buf.getInt();
      }
      return new MicroBatchGradient(g, loss, reg, correct, count);
    }
  };

  /** Exact byte length of the payload of a replica that owns {@code microBatches}. */
  abstract int payloadBytes(int microBatches, int parameters);

  /**
   * The payload of one replica, written one of its own micro-batch gradients at a time in
   * micro-batch order: {@link PayloadWriter#add} reads the gradient at once, so the caller may
   * reuse its array afterwards.
   *
   * @param rank the replica's rank, {@code >= 0} (named when its gradient is not finite)
   * @param into the array to write the payload into if it has {@link #payloadBytes} bytes (every
   *     byte is overwritten), else null or any array: then a new one is made
   */
  abstract PayloadWriter writer(int microBatches, int parameters, int rank, byte[] into);

  /**
   * Every replica's payload of one step as {@link #combine} takes it, moved over {@code mesh}:
   * {@code own} is this replica's payload, {@code lengths[r]} replica {@code r}'s payload length.
   * This default gathers every payload ({@link Mesh#allGather}).
   */
  byte[][] exchange(Mesh mesh, byte[] own, int[] lengths, Scratch scratch) {
    return mesh.allGather(own, lengths);
  }

  /**
   * The summed gradient of the step from every replica's payload ({@code payloads[r]} from replica
   * {@code r}), with its working arrays from {@code scratch}: the result's gradient array belongs to
   * the scratch and is overwritten by the next call with it. Throws {@link SimulationException} if
   * the step diverged or the sum overflows.
   */
  abstract MicroBatchGradient combine(
      byte[][] payloads, int parameters, long step, Scratch scratch);

  /** One replica's payload under construction. */
  interface PayloadWriter {
    /** Appends the next micro-batch's gradient (read at once, not kept). */
    void add(MicroBatchGradient g);

    /** The finished payload, {@link #payloadBytes} long. */
    byte[] bytes();
  }

  /** Working arrays of {@link #combine} kept across the steps of one replica (not thread-safe). */
  static final class Scratch {
    private final float[][] floats = new float[2][];
    private final long[][] longs = new long[2][];

    float[] floats(int slot, int length) {
      if (floats[slot] == null || floats[slot].length != length) {
        floats[slot] = new float[length];
      }
      return floats[slot];
    }

    long[] longs(int slot, int length) {
      if (longs[slot] == null || longs[slot].length != length) {
        longs[slot] = new long[length];
      }
      return longs[slot];
    }
  }

  /**
   * The element-wise sum of {@link #FIXED_POINT} payloads of {@code parameters} gradients: exact
   * fixed-point sums of the gradients, loss and regularization loss (an overflowing sum becomes
   * {@link #OVERFLOW}, which absorbs every later addend, so the result does not depend on the order
   * the mesh adds in unless a partial sum leaves the range), plain sums of the counts, and the
   * bitwise or of the replicas' failure bits.
   */
  static LongReducer fixedPointSum(int parameters) {
    int exact = parameters + 2;
    int status = parameters + 4;
    return (acc, in, from, to) -> {
      for (int k = from; k < to; k++) {
        long a = acc[k];
        long b = in[k];
        if (k < exact) {
          long s = a + b;
          // overflow iff both addends have the sign the sum lacks; OVERFLOW is itself -2^63
          boolean overflow = ((a ^ s) & (b ^ s)) < 0;
          acc[k] = a == OVERFLOW || b == OVERFLOW || overflow ? OVERFLOW : s;
        } else if (k < status) {
          acc[k] = a + b;
        } else {
          acc[k] = a | b;
        }
      }
    };
  }

  /**
   * Marks a fixed-point sum that left the range {@code |x| < 2^31}: {@code -2^63}, which no
   * in-range value or sum can be ({@link FixedPointAccumulator}).
   */
  static final long OVERFLOW = Long.MIN_VALUE;

  /** The step's gradient from the reduced {@link #FIXED_POINT} payload {@code sum}. */
  private static MicroBatchGradient fromSum(long[] sum, int parameters, long step, Scratch scratch) {
    long failedBits = sum[parameters + 4];
    if (failedBits != 0) {
      List<Integer> bad = new ArrayList<>();
      for (int r = 0; r < 64; r++) {
        if ((failedBits & (1L << r)) != 0) {
          bad.add(r);
        }
      }
      throw new SimulationException(
          "training step "
              + step
              + ": a micro-batch gradient or loss is not finite or out of the fixed-point range"
              + " |x| < 2^31 on replica(s) "
              + bad
              + (bad.contains(63) ? " (63 stands for 63 and above)" : "")
              + " (diverged)");
    }
    for (int k = 0; k < parameters + 2; k++) {
      if (sum[k] == OVERFLOW) {
        throw new SimulationException(
            "training step "
                + step
                + ": FixedPointAccumulator: sum of element "
                + k
                + " overflows the fixed-point range |x| < 2^31 (diverged)");
      }
    }
    float[] g = scratch.floats(0, parameters);
    for (int k = 0; k < parameters; k++) {
      g[k] = (float) FixedPointAccumulator.toDouble(sum[k]);
    }
    return new MicroBatchGradient(
        g,
        FixedPointAccumulator.toDouble(sum[parameters]),
        FixedPointAccumulator.toDouble(sum[parameters + 1]),
        Math.toIntExact(sum[parameters + 2]),
        Math.toIntExact(sum[parameters + 3]));
  }

  /**
   * Payloads are little-endian: on the x86 and ARM machines Spark runs on, bulk float and long
   * copies then need no byte swap (about 3× faster to encode and decode than big-endian). Every
   * replica runs this code, so the order is the same at both ends.
   */
  private static ByteBuffer wrap(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] toBytes(long[] v, byte[] into) {
    byte[] b = payloadArray(v.length * Long.BYTES, into);
    wrap(b).asLongBuffer().put(v);
    return b;
  }

  /** {@code into} if it has {@code length} bytes, else a new array. */
  private static byte[] payloadArray(int length, byte[] into) {
    return into != null && into.length == length ? into : new byte[length];
  }
}
