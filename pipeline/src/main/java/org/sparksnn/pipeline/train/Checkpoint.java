package org.sparksnn.pipeline.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sparksnn.ops.Checks;
import org.sparksnn.ops.DataFormatException;
import org.sparksnn.ops.net.ParameterSet;
import org.sparksnn.ops.optim.OptimizerState;

/**
 * The complete training state after {@code step} optimizer steps: weights, optimizer state and the
 * config hash of the run. The batch plan is a pure function of (seed, epoch), so {@code step} is
 * also the position of all randomness.
 *
 * <p>Binary format (big-endian, no Java serialization): {@code "SNNCKPT2"}, config hash (UTF),
 * step, the weights, the optimizer's step and slot count and slots (each parameter set: count, then
 * per array name, rank, dims, values), a flag and the {@link TrainingLog} if present, and a SHA-256
 * of everything before it. {@code "SNNCKPT1"} checkpoints (no flag, no log) are read too.
 *
 * @param configHash {@link SyncTrainer#configHash} of the run
 * @param step optimizer steps applied, {@code >= 0}
 * @param params weights after {@code step} steps
 * @param optimizerState optimizer state after {@code step} steps
 * @param log what steps {@code 0 … step−1} measured, or null (a run resumed from a checkpoint
 *     without one)
 */
public record Checkpoint(
    String configHash,
    long step,
    ParameterSet params,
    OptimizerState optimizerState,
    TrainingLog log) {

  private static final byte[] MAGIC =
      "SNNCKPT2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] MAGIC_V1 =
      "SNNCKPT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final int MAX_ARRAYS = 1 << 16;

  public Checkpoint {
    Checks.notNull("Checkpoint.configHash", configHash);
    Checks.check(step >= 0, "Checkpoint.step", "must be >= 0", step);
    Checks.notNull("Checkpoint.params", params);
    Checks.notNull("Checkpoint.optimizerState", optimizerState);
    Checks.check(
        log == null || log.steps() == step,
        "Checkpoint.log",
        "must log every step",
        log == null ? 0 : log.steps());
  }

  /** A checkpoint without a training log. */
  public Checkpoint(
      String configHash, long step, ParameterSet params, OptimizerState optimizerState) {
    this(configHash, step, params, optimizerState, null);
  }

  /** The encoded bytes. */
  public byte[] toBytes() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeUTF(configHash);
      out.writeLong(step);
      writeSet(out, params);
      out.writeLong(optimizerState.step());
      out.writeInt(optimizerState.slots().size());
      for (ParameterSet s : optimizerState.slots()) {
        writeSet(out, s);
      }
      out.writeBoolean(log != null);
      if (log != null) {
        log.write(out);
      }
      out.flush();
      out.write(sha256(bytes.toByteArray(), bytes.size()));
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory write cannot fail", e);
    }
  }

  /**
   * Decodes {@link #toBytes()}.
   *
   * @throws DataFormatException naming {@code source} if the bytes are truncated, corrupt or not a
   *     checkpoint
   */
  public static Checkpoint fromBytes(byte[] data, String source) {
    byte[] magic = Arrays.copyOf(data, MAGIC.length);
    boolean v1 = Arrays.equals(magic, MAGIC_V1);
    if (data.length < MAGIC.length + 32 || !(v1 || Arrays.equals(magic, MAGIC))) {
      throw new DataFormatException(source + ": not a spark-snn checkpoint");
    }
    int body = data.length - 32;
    if (!Arrays.equals(sha256(data, body), Arrays.copyOfRange(data, body, data.length))) {
      throw new DataFormatException(source + ": checkpoint checksum mismatch (truncated or corrupt)");
    }
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 0, body));
      in.skipNBytes(MAGIC.length);
      String hash = in.readUTF();
      long step = in.readLong();
      ParameterSet params = readSet(in, source);
      long optStep = in.readLong();
      int slots = in.readInt();
      if (slots < 0 || slots > MAX_ARRAYS) {
        throw new DataFormatException(source + ": bad optimizer slot count " + slots);
      }
      List<ParameterSet> slotSets = new ArrayList<>();
      for (int i = 0; i < slots; i++) {
        slotSets.add(readSet(in, source));
      }
      TrainingLog log = !v1 && in.readBoolean() ? TrainingLog.read(in, source) : null;
      return new Checkpoint(hash, step, params, new OptimizerState(optStep, slotSets), log);
    } catch (IOException | IllegalArgumentException e) {
      throw new DataFormatException(source + ": malformed checkpoint: " + e.getMessage(), e);
    }
  }

  private static void writeSet(DataOutputStream out, ParameterSet set) throws IOException {
    out.writeInt(set.count());
    for (int i = 0; i < set.count(); i++) {
      out.writeUTF(set.names().get(i));
      int[] shape = set.shape(i);
      out.writeInt(shape.length);
      for (int d : shape) {
        out.writeInt(d);
      }
      float[] v = set.get(i);
      out.writeInt(v.length);
      for (float f : v) {
        out.writeFloat(f);
      }
    }
  }

  private static ParameterSet readSet(DataInputStream in, String source) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_ARRAYS) {
      throw new DataFormatException(source + ": bad array count " + count);
    }
    ParameterSet.Builder b = ParameterSet.builder();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      int rank = in.readInt();
      if (rank < 0 || rank > 8) {
        throw new DataFormatException(source + ": bad rank " + rank + " of '" + name + "'");
      }
      int[] shape = new int[rank];
      for (int d = 0; d < rank; d++) {
        shape[d] = in.readInt();
      }
      int n = in.readInt();
      if (n < 0 || n > in.available() / Float.BYTES) {
        throw new DataFormatException(source + ": bad length " + n + " of '" + name + "'");
      }
      float[] v = new float[n];
      for (int k = 0; k < n; k++) {
        v[k] = in.readFloat();
      }
      b.add(name, shape, v);
    }
    return b.build();
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JVM", e);
    }
  }
}
