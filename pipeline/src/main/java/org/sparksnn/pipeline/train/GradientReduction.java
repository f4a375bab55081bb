package org.sparksnn.pipeline.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.SimulationException;
import org.sparksnn.ops.train.MicroBatchGradient;

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
    PayloadWriter writer(int microBatches, int parameters, byte[] into) {
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
            v[parameters + 4] = 1;
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
      java.util.Arrays.fill(sum, 0L);
      long[] part = scratch.longs(1, parameters + 5);
      List<Integer> bad = new ArrayList<>();
      for (int r = 0; r < payloads.length; r++) {
        wrap(payloads[r]).asLongBuffer().get(part);
        if (part[parameters + 4] != 0) {
          bad.add(r);
        }
        for (int k = 0; k < parameters + 2; k++) {
          sum[k] = FixedPointAccumulator.addExact(k, sum[k], part[k]);
        }
        sum[parameters + 2] += part[parameters + 2];
        sum[parameters + 3] += part[parameters + 3];
      }
      if (!bad.isEmpty()) {
        throw new SimulationException(
            "training step "
                + step
                + ": a micro-batch gradient or loss is not finite or out of the fixed-point range"
                + " |x| < 2^31 on replica(s) "
                + bad
                + " (diverged)");
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
    PayloadWriter writer(int microBatches, int parameters, byte[] into) {
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
   * @param into the array to write the payload into if it has {@link #payloadBytes} bytes (every
   *     byte is overwritten), else null or any array: then a new one is made
   */
  abstract PayloadWriter writer(int microBatches, int parameters, byte[] into);

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
